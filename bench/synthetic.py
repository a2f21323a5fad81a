"""The common benchmark rule set as synthetic province plugins, through the real machinery.

``bench/common/rules.json`` (136 rules over 31 provinces, six shapes) is turned into
31 plugin packages ``icp_bench_<province>``, each a ``policy.yaml`` written with the
core's declarative rule kinds, plus a ``<dist>-0.0.0.dist-info/`` folder holding
``METADATA`` and ``entry_points.txt``. The folder is put on ``sys.path``, so
``importlib.metadata.entry_points(group="icp_filing.plugins")`` finds the plugins
exactly as it finds installed ones, and ``Engine.from_entry_points(allow=...)``
loads them (policy read, validated and compiled; hook caller built) like any plugin.

Every rule's YAML is derived from the rule's ``atoms`` (its violation condition), not
from its ``kind`` name; ``rule_yaml`` refuses an atom set it cannot express exactly.
Rule ids are the ``rules.json`` ids, so the engine's findings compare 1:1 with the
floor's ``expected_violations``.

``flat_to_filing`` converts a flat bench filing into the project's model ``Filing``.
It runs once per filing before timing (the floor's input, a ``SimpleNamespace``, is
built before timing too): the timed region is the check alone.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

from icp_core.engine import Engine
from icp_core.model import Domain, Filing, LocalProof, LocalProofHeld, Person, Subject, SubjectType, Website
from icp_core.provinces import Province

HERE = Path(__file__).resolve().parent
COMMON = HERE / "common"
EVALUATED_ON = dt.date(2026, 12, 1)
SUBJECT_NAME = "Bench Subject Co."
OTHER_HOLDER = "Someone Else Ltd."
COPIES = 10  # extra plugins per province (out-of-scope scopes) for the 310-plugin engine


def load_rules() -> dict[str, list[dict[str, Any]]]:
    rules: dict[str, list[dict[str, Any]]] = json.loads((COMMON / "rules.json").read_text("utf-8"))
    return rules


def load_flat_filings() -> list[dict[str, Any]]:
    with (COMMON / "filings.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_floor() -> ModuleType:
    """``bench/common/floor_rules.py`` as a module (the plain-Python floor)."""
    spec = importlib.util.spec_from_file_location("bench_floor_rules", COMMON / "floor_rules.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- rules -> YAML


def _atom(raw: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(raw)


def rule_yaml(province: str, rule: dict[str, Any]) -> list[str]:
    """The ``policy.yaml`` lines of one rule whose violation condition is exactly ``rule["atoms"]``.

    The engine's rule kinds map onto the atom sets as follows (the filing's values are
    placed by ``flat_to_filing``: every person fact on the subject administrator, the
    website fact on the website administrator):

    * ``[false subject_admin_is_legal_rep]`` → ``legal_representative`` who
      [subject_administrator];
    * ``[false website_admin_is_legal_rep] [false has_authorization_letter]`` →
      ``legal_representative`` who [website_administrator] unless_documents
      [authorization_letter];
    * ``[lt admin_age N]`` → ``minimum_age`` who [subject_administrator] min_age N;
    * ``[ne id_province P] [false residence_permit]`` → ``local_identity`` who
      [subject_administrator] accepted_proofs [residence_permit];
    * ``[ne mobile_province P]`` → ``local_mobile`` who [subject_administrator];
    * ``[false domain_holder_is_subject]`` → ``domain_holder`` holders [subject];
    * an ``[eq entity_type T]`` atom → ``applies_to: [T]`` (none: applies to both).
    """
    atoms = [_atom(a) for a in rule["atoms"]]
    applies = [a[2] for a in atoms if a[:2] == ("eq", "entity_type")]
    rest = {a for a in atoms if a[:2] != ("eq", "entity_type")}
    if len(applies) > 1 or any(t not in ("enterprise", "individual") for t in applies):
        raise ValueError(f"{rule['id']}: cannot express entity atoms {applies}")
    lines = [f"  - id: {rule['id']}"]
    ages = [a for a in rest if a[:2] == ("lt", "admin_age")]
    if rest == {("false", "subject_admin_is_legal_rep")}:
        lines += ["    kind: legal_representative", "    who: [subject_administrator]"]
    elif rest == {("false", "website_admin_is_legal_rep"), ("false", "has_authorization_letter")}:
        lines += ["    kind: legal_representative", "    who: [website_administrator]",
                  "    unless_documents: [authorization_letter]"]
    elif len(ages) == 1 and rest == set(ages) and isinstance(ages[0][2], int):
        lines += ["    kind: minimum_age", "    who: [subject_administrator]", f"    min_age: {ages[0][2]}"]
    elif rest == {("ne", "id_province", province), ("false", "residence_permit")}:
        lines += ["    kind: local_identity", "    who: [subject_administrator]",
                  "    accepted_proofs: [residence_permit]"]
    elif rest == {("ne", "mobile_province", province)}:
        lines += ["    kind: local_mobile", "    who: [subject_administrator]"]
    elif rest == {("false", "domain_holder_is_subject")}:
        lines += ["    kind: domain_holder", "    holders: [subject]"]
    else:
        raise ValueError(f"{rule['id']}: no rule kind expresses the atoms {rule['atoms']}")
    if applies:
        lines.append(f"    applies_to: [{applies[0]}]")
    return lines


def policy_text(province: str, rules: Iterable[dict[str, Any]], *, scope_key: str | None = None) -> str:
    """A whole ``policy.yaml``. ``scope_key`` renames scope and ids (out-of-scope copies)."""
    key = scope_key or province
    lines = [
        "# Generated by bench/synthetic.py from bench/common/rules.json; do not edit.",
        f"scope: province.{key}",
        f'section: "{Province(province).section}"',
        f"description: Benchmark rules of {province} (common rule set).",
        "rules:",
    ]
    for rule in rules:
        renamed = dict(rule, id=rule["id"].replace(f"{province}.", f"{key}.", 1)) if scope_key else rule
        lines += rule_yaml(province, renamed)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- plugins on disk


def _write_plugin(root: Path, package: str, distribution: str, scope: str, policy: str) -> None:
    (root / package).mkdir()
    (root / package / "__init__.py").write_text('"""Synthetic benchmark plugin (policy only)."""\n', "utf-8")
    (root / package / "policy.yaml").write_text(policy, "utf-8")
    info = root / f"{package}-0.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.0.0\n", "utf-8")
    (info / "entry_points.txt").write_text(f"[icp_filing.plugins]\n{scope} = {package}\n", "utf-8")


class SyntheticPlugins:
    """31 (or 31 + 310 copies) synthetic plugins written to a temporary ``sys.path`` entry.

    Use as a context manager; leaving it removes the folder from ``sys.path``.
    """

    def __init__(self, rules: dict[str, list[dict[str, Any]]] | None = None, copies: int = COPIES) -> None:
        self.rules = rules or load_rules()
        self.copies = copies
        self._tmp = tempfile.TemporaryDirectory(prefix="icp-bench-plugins-")
        self.root = Path(self._tmp.name)
        self.province_dists: list[str] = []
        self.copy_dists: list[str] = []
        self.copy_packages: list[str] = []
        # The neutral rule set is provincial only; an empty national plugin covers the
        # national scope, so that the answers are about those rules (a filing in a scope
        # without a plugin is `not_covered`) at the cost of one more plugin per check.
        _write_plugin(self.root, "icp_bench_national", "icp-bench-national", "national",
                      'scope: national\nsection: "1"\nrules: []\n')
        self.province_dists.append("icp-bench-national")
        for province, rules_of in self.rules.items():
            package = f"icp_bench_{province}"
            dist = f"icp-bench-{province}"
            _write_plugin(self.root, package, dist, f"province.{province}", policy_text(province, rules_of))
            self.province_dists.append(dist)
            for k in range(1, copies + 1):
                key = f"{province}_copy{k}"
                package = f"icp_bench_{key}"
                dist = f"icp-bench-{province}-copy{k}"
                _write_plugin(self.root, package, dist, f"province.{key}",
                              policy_text(province, rules_of, scope_key=key))
                self.copy_dists.append(dist)
                self.copy_packages.append(package)

    def __enter__(self) -> SyntheticPlugins:
        sys.path.insert(0, str(self.root))
        importlib.invalidate_caches()
        return self

    def __exit__(self, *exc: object) -> None:
        if str(self.root) in sys.path:
            sys.path.remove(str(self.root))
        importlib.invalidate_caches()
        self._tmp.cleanup()

    def engine(self, *, with_copies: bool = False, load_all: bool = False) -> Engine:
        """An engine over the 31 synthetic plugins (or all 31 + copies), found by entry point."""
        allow = self.province_dists + (self.copy_dists if with_copies else [])
        engine = Engine.from_entry_points(allow=allow)
        if load_all:
            engine.load_all()
        problems = engine.problems() if load_all else []
        if problems:
            raise RuntimeError("synthetic plugins failed to load:\n" + "\n".join(problems))
        return engine

    def imported_copies(self) -> list[str]:
        """The copy packages that have been imported (out-of-scope plugins should never be)."""
        return [p for p in self.copy_packages if p in sys.modules]


# --------------------------------------------------------------------------- filings


def flat_to_namespace(flat: dict[str, Any]) -> SimpleNamespace:
    """The floor's input: the flat fields as attributes."""
    return SimpleNamespace(**{k: v for k, v in flat.items() if k != "expected_violations"})


def flat_to_filing(flat: dict[str, Any], index: int = 0) -> Filing:
    """The project's model of a flat bench filing (built once, outside any timed region).

    Person facts (age, ID province, mobile province, residence permit) are stated on
    both administrators; the rules read the subject administrator's. Legal
    representation is stated per administrator. The one domain is held by the subject
    or by someone else.
    """
    province = Province(flat["province"])

    def person(name: str, is_legal: bool) -> Person:
        proofs = (LocalProofHeld(LocalProof.residence_permit, province),) if flat["residence_permit"] else ()
        return Person(name=name, age=flat["admin_age"], id_province=Province(flat["id_province"]),
                      mobile_province=Province(flat["mobile_province"]), is_legal_representative=is_legal,
                      local_proofs=proofs)

    domain = Domain(name=f"bench-{index}.cn",
                    holder_name=SUBJECT_NAME if flat["domain_holder_is_subject"] else OTHER_HOLDER)
    website = Website(name=f"Bench site {index}", administrator=person("Web Admin", flat["website_admin_is_legal_rep"]),
                      domains=(domain,))
    subject = Subject(type=SubjectType(flat["entity_type"]), name=SUBJECT_NAME,
                      administrator=person("Subject Admin", flat["subject_admin_is_legal_rep"]))
    # The letter authorizes the website administrator: uploaded for that person, as the
    # legal_representative rule looks it up (a whole-filing upload stands for the subject's).
    documents = frozenset({"authorization_letter@websites[0].administrator"}) if flat["has_authorization_letter"] \
        else frozenset()
    return Filing(province=province, subject=subject, websites=(website,), documents=documents,
                  evaluated_on=EVALUATED_ON)


def violated_ids(engine: Engine, filing: Filing) -> list[str]:
    """The rule ids the engine finds violated, sorted (errors and warnings alike)."""
    report = engine.check(filing, with_documents=False)
    if report.failures:
        raise RuntimeError(f"plugin failures: {report.failures}")
    return sorted(f.rule_id for f in report.findings)


def verify(engine: Engine, flats: Sequence[dict[str, Any]], filings: Sequence[Filing], floor: ModuleType,
           namespaces: Sequence[SimpleNamespace]) -> None:
    """Assert engine == expected_violations == floor for every filing; raise listing mismatches."""
    wrong: list[str] = []
    for i, (flat, filing, ns) in enumerate(zip(flats, filings, namespaces, strict=True)):
        expected = flat["expected_violations"]
        got = violated_ids(engine, filing)
        floor_got = sorted(floor.evaluate(ns))
        if got != expected or floor_got != expected:
            wrong.append(f"filing {i} ({flat['province']}): expected {expected}, engine {got}, floor {floor_got}")
    if wrong:
        raise AssertionError(f"{len(wrong)} filings disagree:\n" + "\n".join(wrong[:20]))
