"""Assertions on answers: a rule fires or not, a fact is asked for, a document is listed
or not, notes, the example filing, an industry's pre-approval; failures say what was found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from icp_core.engine import Engine
from icp_core.loading import load_filing
from icp_core.model import Filing
from icp_core.provinces import Province
from icp_core.report import DecisionReport, DocumentsReport, Finding, Note, Report, Status
from icp_core.testing.engines import installed_engine
from icp_core.testing.filings import EVALUATED_ON, Check, industry_website, make_filing


def explain(report: Report) -> str:
    """The report as a person reads it: verdict, every finding with its field and message,
    what is missing, what is not covered, plugin failures. For assertion messages."""
    lines = [f"verdict: {report.verdict.value}"]
    for f in report.findings:
        lines.append(f"  [{f.status.value}/{f.severity.value}] {f.rule_id} at {f.field or '-'}: {f.message.en}")
        lines += [f"      missing: {path}" for path in f.missing]
    lines += [f"  not covered: {c.scope} (install {c.install})" for c in report.coverage if not c.covered]
    lines += [f"  plugin failure: {failure.plugin} in {failure.hook}: {failure.error}" for failure in report.failures]
    return "\n".join(lines)


def assert_passes(report: Report) -> None:
    """Assert the verdict is ``pass``; otherwise fail listing every finding (a bare
    ``assert report.passed`` shows a truncated repr of the report instead)."""
    if not report.passed:
        raise AssertionError(f"expected the filing to pass\n{explain(report)}")


def assert_fires(report: Report, rule_id: str, field: str | None = None) -> Finding:
    """Assert ``rule_id`` found a violation (on ``field`` if given); return the finding."""
    hits = [f for f in report.findings if f.rule_id == rule_id and f.status is Status.violation]
    if field is not None:
        hits = [f for f in hits if f.field == field]
    if not hits:
        seen = ", ".join(f"{f.rule_id}@{f.field}" for f in report.findings) or "no findings"
        raise AssertionError(f"expected {rule_id} to fire{f' on {field}' if field else ''}; got: {seen}")
    return hits[0]


def assert_not_fires(report: Report, rule_id: str) -> None:
    hits = [f for f in report.findings if f.rule_id == rule_id]
    if hits:
        raise AssertionError(f"expected {rule_id} not to fire; it did on {[f.field for f in hits]}")


def assert_needs(report: Report, rule_id: str, missing: str) -> None:
    hits = [f for f in report.findings if f.rule_id == rule_id and f.status is Status.needs_information]
    if not any(missing in f.missing for f in hits):
        raise AssertionError(f"expected {rule_id} to ask for {missing}; got {[f.missing for f in hits]}")


def _asks(requirement: Any, rule_id: str | None) -> bool:
    return rule_id is None or requirement.rule_id == rule_id or rule_id in requirement.also_required_by


def assert_requires_document(report: Any, document: str, rule_id: str | None = None) -> None:
    """Assert ``document`` is required (by ``rule_id`` if given, as the reason or among
    the rules that also ask for it)."""
    hits = [d for d in report.documents if d.document == document and _asks(d, rule_id)]
    if not hits:
        raise AssertionError(f"expected document {document} ({rule_id or 'any rule'}); "
                             f"got {[(d.document, d.rule_id) for d in report.documents]}")


def assert_no_document(report: Any, document: str, rule_id: str | None = None) -> None:
    hits = [d for d in report.documents if d.document == document and _asks(d, rule_id)]
    if hits:
        raise AssertionError(f"expected no {document} from {rule_id or 'any rule'}; got {[d.rule_id for d in hits]}")


#: The documents of the core's ``standard_documents`` fragment, with the subject types
#: each is asked of: the certificate and the authenticity statement of every filing, the
#: administrators' IDs of enterprises. Written from the guide's "Documents required"
#: bullets, not read from the fragment: a wrong fragment must fail the plugins' tests.
STANDARD_DOCUMENTS: Mapping[str, tuple[str, ...]] = {
    "subject_certificate": ("enterprise", "individual"),
    "subject_administrator_id": ("enterprise",),
    "website_administrator_id": ("enterprise",),
    "authenticity_statement": ("enterprise", "individual"),
}


def assert_standard_documents(engine: Engine, province: Province | str, *,
                              documents: Iterable[str] = tuple(STANDARD_DOCUMENTS),
                              enterprise: Filing | None = None, individual: Filing | None = None,
                              ) -> tuple[DocumentsReport, DocumentsReport]:
    """Assert the province asks for the ``standard_documents`` (those named in ``documents``,
    all four by default), each by its rule ``<key>.document.<document>``: of the kit's
    enterprise filing (or ``enterprise``) all of them, of its individual filing (or
    ``individual``) the certificate and the authenticity statement and not the
    administrators' IDs. A standard document left out of ``documents`` is asked by no rule
    of the province, for either. Returns the two document lists (enterprise, individual)."""
    key = Province.parse(province).value
    wanted = list(documents)
    unknown = [d for d in wanted if d not in STANDARD_DOCUMENTS]
    if unknown:
        raise ValueError(f"not standard documents: {unknown}; they are {list(STANDARD_DOCUMENTS)}")
    reports = {"enterprise": engine.documents(enterprise or make_filing(province)),
               "individual": engine.documents(individual or make_filing(province, "individual"))}
    for subject_type, report in reports.items():
        for document, asked_of in STANDARD_DOCUMENTS.items():
            if document not in wanted:
                by_province = [d.rule_id for d in report.documents if d.document == document
                               and any(r.startswith(key + ".") for r in (d.rule_id, *d.also_required_by))]
                if by_province:
                    raise AssertionError(f"expected no {document} from {key} ({subject_type}); got {by_province}")
            elif subject_type in asked_of:
                assert_requires_document(report, document, f"{key}.document.{document}")
            else:
                assert_no_document(report, document, f"{key}.document.{document}")
    return reports["enterprise"], reports["individual"]


def assert_notes(report: Report | DecisionReport, *rule_ids: str, citation: str | None = None) -> dict[str, Note]:
    """Assert each of ``rule_ids`` is among the report's notes (its informational rules),
    with a reason in both languages and, if given, ``citation``; return the report's notes
    by rule id."""
    notes = {n.rule_id: n for n in report.notes}
    for rule_id in rule_ids:
        note = notes.get(rule_id)
        if note is None:
            raise AssertionError(f"expected the note {rule_id}; got {sorted(notes) or 'no notes'}")
        if not note.reason.en.strip() or not note.reason.zh.strip():
            raise AssertionError(f"{rule_id}: the note does not say why in both languages: {note.reason}")
        if citation is not None and note.citation != citation:
            raise AssertionError(f"{rule_id}: cites {note.citation!r}, expected {citation!r}")
    return notes


def example_path(name: str) -> Path:
    """``examples/<name>`` of the repository (``.yaml`` added to a name without a suffix):
    in the checkout this kit is imported from, else in the working directory or the
    nearest folder above it that has one."""
    file = name if Path(name).suffix else f"{name}.yaml"
    here = Path.cwd().resolve()
    for root in (Path(__file__).resolve().parents[2], here, *here.parents):
        if (root / "examples" / file).is_file():
            return root / "examples" / file
    raise FileNotFoundError(f"examples/{file}: not in this checkout nor above {here}")


def assert_example_passes(name: str, *, covers: str | None = None) -> Report:
    """Check ``examples/<name>`` (see ``example_path``) with every installed plugin and
    assert it passes with every scope it is in covered by a plugin (with ``covers``, that
    scope among them); return the report::

        def test_the_example_passes_with_every_plugin() -> None:
            assert_example_passes("jilin-individual")
    """
    report = installed_engine().check(load_filing(example_path(name)))
    assert_passes(report)
    uncovered = [c.scope for c in report.coverage if not c.covered]
    if uncovered:
        raise AssertionError(f"examples/{name}: scopes not covered: {uncovered}")
    if covers is not None and covers not in {c.scope for c in report.coverage}:
        raise AssertionError(f"examples/{name}: not in {covers}; its scopes: {[c.scope for c in report.coverage]}")
    return report


def assert_pre_approval_expires(check: Check, rule_id: str, pre_approval: Mapping[str, Any], *,
                                province: Province | str = Province.beijing) -> None:
    """Assert a pre-approval counts through its last valid day and no longer: on the kit's
    evaluation day (``EVALUATED_ON``) a website of ``province`` declaring the industry of
    ``pre_approval`` and holding it with that day as ``valid_until`` does not break
    ``rule_id``; holding it with the day before does, on ``websites[0].pre_approvals``."""
    day = dt.date.fromisoformat(EVALUATED_ON)
    industry = pre_approval["industry"]

    def holding(last_day: dt.date) -> Report:
        held = {**pre_approval, "valid_until": last_day.isoformat()}
        return check(province, websites=[industry_website(industry, held, province=province)])

    assert_fires(holding(day - dt.timedelta(days=1)), rule_id, "websites[0].pre_approvals")
    assert_not_fires(holding(day), rule_id)
