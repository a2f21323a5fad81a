"""The enumerated words of a filing: content industries and document keys, checked at the door.

A filing names industries (``news``) and uploaded documents (``subject_certificate``)
by key. Free text there would be dangerous: a misspelt key silently skips the rule
that depends on it. So every such value is normalised one way (``normal_key``) and
looked up in a catalogue, the core's extended by the installed plugins; a value
that is not in it is an input error with "did you mean …" and the accepted values.

The core knows the ten industries of section 6 (so that a filing declaring one is
answered ``not_covered`` when its plugin is missing, rather than refused); an
industry plugin may add aliases or a new industry in its policy (``industry:``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from icp_core.documents import CATALOGUE as DOCUMENTS
from icp_core.errors import FieldError, InputError
from icp_core.model import Filing
from icp_core.problems import Problem, Said
from icp_core.report import Text

_SEPARATORS = re.compile(r"[\s\-‐-―・·]+")


def normal_key(value: str) -> str:
    """The one normal form of a key: full-width folded (NFKC), no surrounding blanks,
    case-folded, runs of blanks or hyphens made one underscore (``" Web-Hosting"`` →
    ``web_hosting``, ``ＮＥＷＳ`` → ``news``)."""
    text = unicodedata.normalize("NFKC", value).strip().casefold()
    return _SEPARATORS.sub("_", text)


@attrs.frozen
class Term:
    """One accepted value: its key, its name in both languages and other words for it."""

    key: str
    name: Text
    aliases: tuple[str, ...] = ()
    #: Words that suggest a website carries this industry's content when its name or
    #: remarks contain them (declared by the industry's plugin; see icp_core.suggestions).
    keywords: tuple[str, ...] = ()


#: Section 6: the content industries that need (or once needed) a pre-approval.
INDUSTRIES: tuple[Term, ...] = (
    Term("news", Text("News", "新闻"), ("互联网新闻信息服务",)),
    Term("publishing", Text("Publishing", "出版"), ("网络出版", "互联网出版")),
    Term("medicine", Text("Medicine and medical devices", "药品和医疗器械"),
         ("药品", "医疗器械", "medical_devices", "drugs")),
    Term("culture", Text("Culture", "文化"), ("网络文化",)),
    Term("broadcasting", Text("Broadcasts, films and television programmes", "广播电影电视节目"),
         ("广播电影电视", "广电", "audio_visual", "video")),
    Term("education", Text("Education", "教育")),
    Term("healthcare", Text("Healthcare", "医疗保健"), ("医疗", "卫生", "health")),
    Term("online_taxi", Text("Online taxi booking", "网络预约出租汽车"), ("网约车", "online_taxi_booking")),
    Term("electronic_bulletin", Text("Electronic bulletin services", "电子公告服务"),
         ("电子公告", "bulletin", "bulletin_board")),
    Term("finance", Text("Finance", "金融"), ("financial",)),
)


@attrs.frozen
class Vocabulary:
    """Accepted industries and document keys; ``lookup`` maps every normalised key,
    name and alias to its key."""

    industries: Mapping[str, Term]
    documents: Mapping[str, Text]
    _industry_lookup: Mapping[str, str]
    _document_lookup: Mapping[str, str]

    @classmethod
    def build(cls, industries: Iterable[Term], documents: Mapping[str, Text]) -> Vocabulary:
        by_key: dict[str, Term] = {}
        for term in industries:
            known = by_key.get(term.key)
            # A plugin adds aliases to a core industry; it cannot rename it.
            by_key[term.key] = term if known is None else attrs.evolve(
                known, aliases=tuple(dict.fromkeys((*known.aliases, *term.aliases))),
                keywords=tuple(dict.fromkeys((*known.keywords, *term.keywords))))
        return cls(MappingProxyType(by_key), MappingProxyType(dict(documents)),
                   MappingProxyType(_lookup((t.key, (t.name.en, t.name.zh, *t.aliases)) for t in by_key.values())),
                   MappingProxyType(_lookup((k, (n.zh,)) for k, n in documents.items())))

    def with_documents(self, documents: Mapping[str, Text]) -> Vocabulary:
        """This vocabulary and the documents a plugin declares (its ``documents:``)."""
        if all(key in self.documents for key in documents):
            return self
        return Vocabulary.build(self.industries.values(), {**self.documents, **documents})

    def industry(self, value: str) -> str | None:
        if value in self.industries:  # the usual case: already a key
            return value
        return self._industry_lookup.get(normal_key(value))

    def document(self, value: str) -> str | None:
        if value in self.documents:
            return value
        return self._document_lookup.get(normal_key(value))

    def unknown(self, kind: str, value: str) -> Said:
        """The problem of a value that is not accepted: nearest matches, then the list."""
        keys = sorted(self.industries if kind == "industry" else self.documents)
        near = difflib.get_close_matches(normal_key(value), keys, n=3, cutoff=0.6)
        hint = Problem.did_you_mean(near=" or ".join(near)) if near else ""
        problem = Problem.unknown_industry if kind == "industry" else Problem.unknown_document
        return problem(given=_shown(value), hint=hint, accepted=", ".join(keys))


def _lookup(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, words in entries:
        table[normal_key(key)] = key
        for word in words:
            table.setdefault(normal_key(word), key)
    return table


def _shown(value: str) -> str:
    from icp_core.privacy import redact_text

    text = value if len(value) <= 40 else value[:37] + "…"
    return repr(redact_text(text))


CORE = Vocabulary.build(INDUSTRIES, DOCUMENTS)


# --------------------------------------------------------------------------- admitting a filing

_ITEM = re.compile(r"(?:^|\.)([a-z_]+)|\[(\d+)\]")


def item_exists(filing: object, path: str) -> bool:
    """Whether ``path`` (``websites[0].domains[1]``) names a value given in ``filing``."""
    steps = _steps(path)
    if steps is None:
        return False
    value: object = filing
    for step in steps:
        if isinstance(step, str):
            if step not in _field_names(type(value)):
                return False
            value = getattr(value, step)
        else:
            if not isinstance(value, tuple) or step >= len(value):
                return False
            value = value[step]
        if value is None:
            return False
    return True


_STEPS: dict[str, tuple[str | int, ...] | None] = {}
_MAX_STEPS_CACHED = 4096  # paths come from input: a bounded memo, cleared when full


def _steps(path: str) -> tuple[str | int, ...] | None:
    """``websites[0].domains[1]`` → ``("websites", 0, "domains", 1)``; ``None`` if it is not a path."""
    try:
        return _STEPS[path]
    except KeyError:
        pass
    steps: list[str | int] = []
    position = 0
    for match in _ITEM.finditer(path):
        if match.start() != position:
            steps = []
            position = -1
            break
        position = match.end()
        name, index = match.groups()
        steps.append(name if name is not None else int(index))
    found = tuple(steps) if path and position == len(path) else None
    if len(_STEPS) >= _MAX_STEPS_CACHED:
        _STEPS.clear()
    _STEPS[path] = found
    return found


_FIELD_NAMES: dict[type, frozenset[str]] = {}  # per model class: few, and fixed


def _field_names(kind: type) -> frozenset[str]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = frozenset(attrs.fields_dict(kind)) if attrs.has(kind) else frozenset()
    return names


def _normal_as_given(vocabulary: Vocabulary, raw: str, filing: object | None) -> bool:
    key, at, item = raw.partition("@")
    if key not in vocabulary.documents:
        return False
    return not at or (item == item.strip() != "" and (filing is None or item_exists(filing, item)))


def document_keys(vocabulary: Vocabulary, keys: frozenset[str], path: str, errors: list[FieldError],
                  filing: object | None = None) -> frozenset[str]:
    """``keys`` in their normal form (``key`` or ``key@item``), errors for unknown ones."""
    if all(_normal_as_given(vocabulary, raw, filing) for raw in keys):
        return keys  # the usual case: every key already a known key, every item in the filing
    out: set[str] = set()
    for raw in sorted(keys):
        key, at, item = raw.partition("@")
        found = vocabulary.document(key)
        if found is None:
            errors.append(FieldError(path, vocabulary.unknown("document", key)))
            continue
        item = item.strip()
        if at and (not item or (filing is not None and not item_exists(filing, item))):
            errors.append(FieldError(path, Problem.no_such_item(key=found, item=_shown(item)[1:-1])))
            continue
        out.add(f"{found}@{item}" if at else found)
    return frozenset(out)


def admit_filing(filing: Filing, vocabulary: Vocabulary = CORE, *, documents: bool = True) -> Filing:
    """``filing`` with its industries (and, with ``documents``, its document keys) in
    their normal form (``新闻`` → ``news``); ``InputError`` naming every value that is
    not in ``vocabulary``. Returns ``filing`` itself when nothing needed changing."""
    errors: list[FieldError] = []
    websites = list(filing.websites)
    changed = False
    for w, website in enumerate(filing.websites):
        industries: list[str] = []
        for i, value in enumerate(website.industries):
            key = vocabulary.industry(value)
            if key is None:
                errors.append(FieldError(f"websites[{w}].industries[{i}]", vocabulary.unknown("industry", value)))
            elif key not in industries:
                industries.append(key)
        approvals = list(website.pre_approvals)
        for a, approval in enumerate(website.pre_approvals):
            key = vocabulary.industry(approval.industry)
            if key is None:
                errors.append(FieldError(f"websites[{w}].pre_approvals[{a}].industry",
                                         vocabulary.unknown("industry", approval.industry)))
            elif key != approval.industry:
                approvals[a] = attrs.evolve(approval, industry=key)
        if tuple(industries) != website.industries or approvals != list(website.pre_approvals):
            websites[w] = attrs.evolve(website, industries=tuple(industries), pre_approvals=tuple(approvals))
            changed = True
    given = document_keys(vocabulary, filing.documents, "documents", errors, filing) if documents else filing.documents
    if errors:
        raise InputError(errors)
    if given != filing.documents:
        changed = True
    return attrs.evolve(filing, websites=tuple(websites), documents=given) if changed else filing
