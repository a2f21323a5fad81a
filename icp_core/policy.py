"""Policy files: a plugin's declared rules, validated and compiled.

A policy is YAML::

    section: "5.3.1"               # default citation for its rules
    include: [standard_documents]  # core fragments (icp_core/fragments/), optional
    documents:                     # document kinds this plugin adds (optional)
      some_new_document: {en: "…", zh: "…"}
    industry:                      # industry plugins only: its name and other words for it
      name: {en: "News", zh: "新闻"}
      aliases: [时政新闻]
    rules:
      - id: beijing.subject_administrator_is_legal_representative
        kind: legal_representative
        cite: "5.3.1"
        applies_to: [enterprise]
        who: [subject_administrator]

A rule may carry the period it is in force (``from:``, ``until:``, both days included;
``gap: intended``), and one id may then appear once per version: ``icp_core.in_force``.
``in_force_from:`` is the start of the rules that do not say (default: the guide's date).

The policy's scope is the name of the plugin's entry point (``province.beijing``), the
one place it is written; a ``scope:`` key, where one is left, must agree with it. Every
problem (unknown keys, wrong types, unknown kinds or documents, duplicate ids,
overlapping periods or undeclared gaps between the versions of one id) is reported
with file:line:col. ``icp policy lint PATH`` runs the same validation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from icp_core.convert import Positions, converter, locate_error, read_file
from icp_core.convert.plain_classes import structure_plain
from icp_core.documents import CATALOGUE
from icp_core.errors import FieldError, InputError, PolicyError
from icp_core.in_force import GUIDE_DATE, PERIOD_KEYS, Period, data_on, data_periods, read_period, version_problems
from icp_core.problems import Problem, Said
from icp_core.report import Text
from icp_core.rules import RULE_KINDS, CompileContext, Compiled, Rule, TextSpec
from icp_core.scopes import SCOPE_PATTERN, ScopeKind
from icp_core.vocabulary import Term, normal_key

_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


@attrs.frozen
class Policy:
    """A validated policy: its scope, rules as written and as compiled."""

    scope: str
    section: str
    source: str
    rules: tuple[Rule, ...]
    compiled: tuple[Compiled, ...]
    document_names: Mapping[str, Text]
    replaces: tuple[str, ...] = ()
    data: Mapping[str, Any] = attrs.Factory(dict)
    #: For an industry plugin: the industry it declares (key, names, aliases).
    industry: Term | None = None
    #: The period each rule (of ``rules``, in order) is in force (``icp_core.in_force``).
    periods: tuple[Period, ...] = ()
    #: The periods of the versions of the dated data sets of ``data``, by key.
    data_periods: Mapping[str, tuple[Period, ...]] = attrs.Factory(dict)

    def rule(self, rule_id: str, on: dt.date | None = None) -> Compiled:
        """The compiled rule ``rule_id`` (its version in force ``on`` a day, when given)."""
        for index, compiled in enumerate(self.compiled):
            if compiled.id == rule_id and (on is None or not self.periods or self.periods[index].covers(on)):
                return compiled
        raise KeyError(f"{self.source}: no rule {rule_id!r}" + (f" in force on {on.isoformat()}" if on else ""))

    def data_on(self, day: dt.date) -> Mapping[str, Any]:
        """``data`` with each dated set (``{versions: [...]}``) as its version in force on ``day``."""
        return data_on(self.data, self.data_periods, day) if self.data_periods else self.data


@attrs.frozen
class _IndustrySpec:
    name: TextSpec
    aliases: list[str] = attrs.Factory(list)
    keywords: list[str] = attrs.Factory(list)  # words of a website's name or remarks that suggest it


@attrs.frozen
class _PolicyFile:
    section: str
    rules: list[dict[str, Any]]
    documents: dict[str, TextSpec] = attrs.Factory(dict)
    description: str | None = None
    #: Distributions whose rules for the same scope this policy replaces.
    replaces: list[str] = attrs.Factory(list)
    #: Plugin-specific data for its Python hooks (dated lists and the like), read as is.
    data: dict[str, Any] = attrs.Factory(dict)
    #: Core-shipped rule fragments to add (``icp_core/fragments/<name>.yaml``).
    include: list[str] = attrs.Factory(list)
    #: An industry plugin's industry: names and aliases accepted in filings.
    industry: _IndustrySpec | None = None
    #: The day the policy's rules are in force from, unless a rule says (``from:``);
    #: default: the guide's date (``icp_core.in_force.GUIDE_DATE``).
    in_force_from: dt.date | None = None
    #: Optional: the scope comes from the entry point; if written, it must agree.
    scope: str | None = None


def load_policy(path: str | Path, *, plugin: str = "(unnamed)", scope: str | None = None) -> Policy:
    """Read, validate and compile a policy file; raise ``PolicyError`` with every problem."""
    source = str(path)
    try:
        data, positions = _read_cached(Path(path), with_positions=False)
        if positions is None:  # a cached parse: its positions only place errors, so they are read then
            try:
                return compile_policy(data, source=source, plugin=plugin, scope=scope)
            except PolicyError:
                data, positions = _read_cached(Path(path))
    except InputError as exc:
        raise PolicyError(exc.errors, source) from None
    return compile_policy(data, source=source, positions=positions, plugin=plugin, scope=scope)


_CACHE_FORMAT = b"icp-policy-cache 3\0"


def _read_cached(path: Path, *, with_positions: bool = True) -> tuple[Any, Positions | None]:
    """Parse a policy file, reusing an earlier parse of the same bytes.

    Reading YAML in pure Python is the largest part of a short CLI run (tens of ms per
    policy), and policies change only on upgrade: the plain data and positions of a
    parse are kept as JSON under the user's cache folder, named by the SHA-256 of the
    file's bytes, so a changed file is never read stale. ``ICP_POLICY_CACHE=off``
    disables it; a cache that cannot be read or written is ignored.

    An entry is two lines, the data's JSON and the positions' (compact JSON holds no
    line break): ``with_positions=False`` reads only the first and gives ``None`` for
    the positions of a cached parse, which are more than half of an entry and serve
    only to place errors.
    """
    folder = _cache_folder()
    if folder is None:
        return read_file(path)
    try:
        # The layout of the cached positions is part of the key: a cache written by an
        # older core (key positions under the path) is never read for new messages.
        digest = hashlib.sha256(_CACHE_FORMAT + path.read_bytes()).hexdigest()
    except OSError:
        return read_file(path)
    entry = folder / f"{digest}.json"
    try:
        data_line, _, positions_line = entry.read_text("utf-8").partition("\n")
        data = json.loads(data_line, object_hook=_decode_dates)
        if not with_positions:
            return data, None
        return data, {key: (line, column) for key, (line, column) in json.loads(positions_line).items()}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    data, positions = read_file(path)  # raises InputError for a broken file: nothing is cached
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = entry.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, default=_encode_dates) + "\n" + json.dumps(positions), "utf-8")
        partial.replace(entry)  # atomic: concurrent processes never read half a file
    except (OSError, TypeError, ValueError):
        pass
    return data, positions


def _encode_dates(value: object) -> object:
    if isinstance(value, dt.date):  # YAML reads 2026-12-01 as a date: keep it one
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot cache {type(value).__name__}")


def _decode_dates(value: dict[str, Any]) -> object:
    if len(value) == 1 and "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    return value


def _cache_folder() -> Path | None:
    if os.environ.get("ICP_POLICY_CACHE", "").lower() in ("off", "0", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "icp-filing" / "policies"


def compile_policy(data: Any, *, source: str, positions: Positions | None = None, plugin: str = "(unnamed)",
                   scope: str | None = None) -> Policy:
    """Validate and compile a policy's data. ``scope`` is the plugin's entry point name;
    without it (a policy file linted on its own), the file's ``scope:`` key is used."""
    errors: list[FieldError] = []

    def fail(path: str, message: str | Said) -> None:
        # For plugin authors, who write policies in English: the detail is English.
        said = message if isinstance(message, Said) else Problem.policy(detail=message)
        if path.startswith("include["):  # a rule of a core fragment: not in this file
            errors.append(FieldError(path, said))
        else:
            errors.append(locate_error(path, said, positions))

    # The detailed path straight away: the compiled fast path is for the model's classes
    # (asking it would compile the model's structurers, which loading plugins never uses).
    from icp_core.convert.structuring import structure_detailed

    try:
        head = structure_detailed(data, _PolicyFile, source=source, positions=positions)
    except InputError as exc:
        raise PolicyError(exc.errors, source) from None
    if scope is None and head.scope is None:
        fail("scope", "unknown: a policy's scope is the name of its plugin's entry point; lint the policy inside "
                      "its plugin package, or give the scope (icp policy lint --scope province.<key> FILE)")
    elif scope is not None and head.scope is not None and head.scope != scope:
        fail("scope", f"the plugin is registered for {scope!r}, the policy says {head.scope!r}: "
                      "remove the policy's scope key (the entry point names the scope)")
    scope = scope or head.scope or "national"  # (a placeholder, only to report the other problems too)
    if not SCOPE_PATTERN.match(scope):
        fail("scope", "expected " + " or ".join(k.word + (".<key>" if k.keyed else "") for k in ScopeKind))
    industry: Term | None = None
    if head.industry is not None:
        if not scope.startswith("industry."):
            fail("industry", "only an industry plugin (scope industry.<key>) declares an industry")
        else:
            industry = _industry_term(scope, head.industry)
    names = dict(CATALOGUE)
    for key, spec in head.documents.items():
        if key in CATALOGUE:
            fail(f"documents.{key}", "already in the core catalogue; use it as it is")
        names[key] = spec.text()
    rules: list[Rule] = []
    periods: list[Period] = []
    versions: dict[str, list[tuple[str, Period]]] = {}
    duplicates: set[str] = set()
    default_start = head.in_force_from or GUIDE_DATE
    for raw, path in _with_fragments(head, scope, fail):
        if not isinstance(raw, dict):
            fail(path, "expected a mapping")
            continue
        raw = {"cite": head.section, **raw}
        period = read_period(raw, path, default_start, fail)  # from, until, gap: not the kind's fields
        raw = {key: value for key, value in raw.items() if key not in PERIOD_KEYS}
        kind = raw.get("kind")
        cls = RULE_KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            fail(f"{path}.kind", f"unknown rule kind {kind!r}; one of: {', '.join(sorted(RULE_KINDS))}")
            continue
        rule = structure_plain(raw, cls)  # valid rules, fast; else the detailed path names every problem
        if rule is None:
            try:
                rule = converter.structure(raw, cls)
            except Exception as exc:  # cattrs' grouped errors: flatten with paths
                from icp_core.convert import flatten

                for sub_path, said in flatten(exc, path):
                    fail(sub_path, said)
                continue
        rule_id = rule.id
        for sub_path, message in rule.problems():  # templates, patterns, parameters: named by rule and field
            fail(f"{path}.{sub_path}", f"rule {rule_id}: {message}")
        if not _ID.match(rule_id):
            fail(f"{path}.id", "rule ids are dotted lowercase words, e.g. beijing.domain_holder")
        earlier = versions.setdefault(rule_id, [])
        if earlier and not period.declared and not any(p.declared for _, p in earlier):
            duplicates.add(rule_id)  # (versions of one rule state their periods: from, until)
            fail(f"{path}.id", f"duplicate rule id {rule_id!r}")
        earlier.append((path, period))
        for document in rule.documents_named():
            if document not in names:
                fail(path, f"unknown document {document!r}")
        rules.append(rule)
        periods.append(period)
    for rule_id, stated in versions.items():
        if rule_id not in duplicates and (len(stated) > 1 or stated[0][1].gap):
            for path, message in version_problems(f"rule {rule_id}", stated):
                fail(path, message)
    dated_data = data_periods(head.data, default_start, fail)
    own = {rule.id for rule in rules}
    for index, rule in enumerate(rules):
        for number, other in enumerate(rule.supersedes):
            if other in own or not _ID.match(other):
                fail(f"rules[{index}].supersedes[{number}]",
                     f"rule {rule.id}: supersedes names a rule of another, less specific plugin (e.g. "
                     f"national.domain.holder_consistent), not {other!r}")
            elif scope == "national":
                fail(f"rules[{index}].supersedes[{number}]",
                     f"rule {rule.id}: the national scope is the least specific; it supersedes nothing")
    if errors:
        raise PolicyError(errors, source)
    ctx = CompileContext(plugin=plugin, scope=scope, document_names=names)
    compiled: list[Compiled] = []
    for index, rule in enumerate(rules):
        try:
            compiled.append(rule.compile(ctx))
        except (ValueError, re.error, KeyError) as exc:
            fail(f"rules[{index}]", f"cannot compile: {exc}")
    if errors:
        raise PolicyError(errors, source)
    return Policy(scope, head.section, source, tuple(rules), tuple(compiled), names, tuple(head.replaces),
                  head.data, industry, tuple(periods), dated_data)


FRAGMENTS = Path(__file__).parent / "fragments"


def _industry_term(scope: str, spec: _IndustrySpec) -> Term:
    aliases = tuple(a for a in spec.aliases if normal_key(a))
    keywords = tuple(dict.fromkeys(k.strip() for k in spec.keywords if k.strip()))
    return Term(scope.split(".", 1)[1], spec.name.text(), aliases, keywords)


def industry_term(data: Any, scope: str) -> Term | None:
    """The industry an industry plugin's policy declares (its ``industry:`` block), from the
    policy's plain data alone: the vocabulary needs the names and keywords of every installed
    industry on a filing's first check, and compiling ten policies' rules for them cost more
    than everything else of a short ``icp check``. ``None`` when the block is missing or
    wrong (loading the scope reports the error)."""
    block = data.get("industry") if isinstance(data, dict) else None
    if block is None:
        return None
    try:
        return _industry_term(scope, converter.structure(block, _IndustrySpec))
    except Exception:  # cattrs' grouped errors: the scope's own loading names them
        return None


def read_industry(path: Path, scope: str) -> Term | None:
    """``industry_term`` of the policy file at ``path`` (its parse is cached like every policy's)."""
    try:
        data, _ = _read_cached(path, with_positions=False)
    except InputError:
        return None
    return industry_term(data, scope)


def _with_fragments(head: _PolicyFile, scope: str, fail: Any) -> list[tuple[Any, str]]:
    """The policy's rules after the fragments it includes; a rule of the policy replaces an
    included rule of the same id. ``{key}`` in a fragment's ids is the plugin's key."""
    key = scope.split(".")[-1]
    own_ids = {raw.get("id") for raw in head.rules if isinstance(raw, dict)}
    found: list[tuple[Any, str]] = []
    for number, name in enumerate(head.include):
        path = FRAGMENTS / f"{name}.yaml"
        if not re.fullmatch(r"[a-z_]+", name) or not path.is_file():
            known = ", ".join(sorted(p.stem for p in FRAGMENTS.glob("*.yaml")))
            fail(f"include[{number}]", f"unknown fragment {name!r}; one of: {known}")
            continue
        data, _ = _read_cached(path, with_positions=False)
        for index, raw in enumerate(data.get("rules", [])):
            raw = {**raw, "id": str(raw["id"]).replace("{key}", key)}
            if raw["id"] not in own_ids:
                found.append((raw, f"include[{number}] ({name}) rules[{index}]"))
    found += [(raw, f"rules[{index}]") for index, raw in enumerate(head.rules)]
    return found
