"""Assertions on change and transfer decisions: which rule decided, on what condition, and
how each mismatch with the original filing is answered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget, Filing, OriginalFiling, TransferRequest
from icp_core.provinces import Province
from icp_core.report import DecisionReport, Outcome
from icp_core.testing.filings import make_filing


def decision_of(report: DecisionReport) -> str:
    return report.outcome.value if report.outcome is not None else "error"



def _deciding_rule(report: DecisionReport) -> str | None:
    return report.reasons[0].rule_id if report.reasons else None


def _no_failure(report: DecisionReport, what: str) -> Outcome:
    if report.outcome is None:
        raise AssertionError(f"{what}: no decision, a plugin failed: "
                             + "; ".join(f"{f.plugin} in {f.hook}: {f.error}" for f in report.failures))
    return report.outcome


def decide_change(engine: Engine, filing: Filing, request: ChangeRequest | ChangeTarget,
                  rule_id: str | None = None) -> Outcome:
    """The outcome of changing ``filing`` as ``request`` asks (a ``ChangeTarget`` alone is a
    request with no further facts). With ``rule_id``, assert that rule decided it (the first
    reason), unless the outcome is ``undetermined`` (no rule has the cell). A plugin failure
    fails the assertion::

        enterprise = make_filing("jilin")
        assert decide_change(icp_engine, enterprise, ChangeTarget.individual, "jilin.change") is Outcome.allowed
    """
    request = _change_request(request)
    report = engine.change(filing, request)
    outcome = _no_failure(report, f"change to {request.to.value}")
    if rule_id is not None and outcome is not Outcome.undetermined and _deciding_rule(report) != rule_id:
        raise AssertionError(f"change to {request.to.value}: expected {rule_id} to decide ({outcome.value}); "
                             f"decided by {_deciding_rule(report)} [{report.decided_by}]")
    return outcome


def _change_request(request: ChangeRequest | ChangeTarget) -> ChangeRequest:
    return ChangeRequest(request) if isinstance(request, ChangeTarget) else request


def assert_change_conditional_on(engine: Engine, filing: Filing, request: ChangeRequest | ChangeTarget,
                                 rule_id: str, *, fact: str | None = None, document: str | None = None) -> None:
    """Assert a change cell that turns on one ``fact`` of the request (a ``ChangeRequest``
    field such as ``individual_is_legal_representative`` or ``names_related``) or on one
    ``document`` (``certificate_of_change``), decided each time by ``rule_id``:

    - as ``request`` is (the fact not given, the document not provided) it is
      ``conditional``, every unmet condition is ``rule_id``'s, and (with ``document``)
      names that document;
    - the fact true, or the document provided: ``allowed``;
    - the fact false: ``denied``.
    """
    if (fact is None) == (document is None):
        raise ValueError("give either fact or document")
    request = _change_request(request)
    pending = engine.change(filing, request)
    what = f"change to {request.to.value}"
    if _no_failure(pending, what) is not Outcome.conditional or _deciding_rule(pending) != rule_id:
        raise AssertionError(f"{what}: expected conditional by {rule_id}; got {_no_failure(pending, what).value} "
                             f"by {_deciding_rule(pending)}")
    unmet = [c for c in pending.conditions if not c.met]
    if not unmet or any(c.rule_id != rule_id for c in unmet):
        raise AssertionError(f"{what}: expected unmet conditions of {rule_id}; got {[c.rule_id for c in unmet]}")
    cases: list[tuple[str, dict[str, Any], Outcome]]
    if document is not None:
        if [c.document for c in unmet] != [document]:
            raise AssertionError(f"{what}: expected the condition to ask for {document}; "
                                 f"got {[c.document for c in unmet]}")
        cases = [(f"{document} provided", {"documents": request.documents | {document}}, Outcome.allowed)]
    else:
        cases = [(f"{fact}=True", {str(fact): True}, Outcome.allowed),
                 (f"{fact}=False", {str(fact): False}, Outcome.denied)]
    for label, given, expected in cases:
        got = decide_change(engine, filing, attrs.evolve(request, **given), rule_id)
        if got is not expected:
            raise AssertionError(f"{what} with {label}: expected {expected.value}, got {got.value}")


#: The cells of the core's ``change_all_allowed`` fragment, by the subject type of the filing.
_ALL_ALLOWED: Mapping[str, tuple[ChangeRequest, ...]] = {
    "enterprise": (ChangeRequest(ChangeTarget.enterprise), ChangeRequest(ChangeTarget.individual)),
    "individual": (ChangeRequest(ChangeTarget.individual), ChangeRequest(ChangeTarget.enterprise),
                   ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=True),
                   ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=False)),
}


def assert_change_all_allowed(engine: Engine, province: Province | str, subject_type: str | None = None) -> None:
    """Assert the cells of the core's ``change_all_allowed`` fragment: the province's rule
    ``<key>.change`` allows, with no condition, the kit's enterprise filing to become another
    enterprise's or an individual's, and its individual filing to become another
    individual's or an enterprise's, whether or not the individual is that enterprise's
    legal representative. ``subject_type`` limits it to the cells of that side (for a
    section that states them in two bullets)."""
    rule_id = f"{Province.parse(province).value}.change"
    for side, requests in _ALL_ALLOWED.items():
        if subject_type not in (None, side):
            continue
        filing = make_filing(province, side)
        for request in requests:
            report = engine.change(filing, request)
            legal = request.individual_is_legal_representative
            what = f"{side} filing to {request.to.value}" + (
                "" if legal is None else f" (individual_is_legal_representative={legal})")
            if _no_failure(report, what) is not Outcome.allowed or _deciding_rule(report) != rule_id \
                    or report.conditions:
                raise AssertionError(f"{what}: expected allowed by {rule_id} with no condition; got "
                                     f"{report.outcome.value if report.outcome else None} by {_deciding_rule(report)}"
                                     f"{f', conditions {report.conditions}' if report.conditions else ''}")


def original_of(filing: Filing, **overrides: Any) -> OriginalFiling:
    """The filing on record at the previous provider, as a public query shows it, when it
    is the same as ``filing``: subject type, name and certificate number, the subject
    administrator's name and ID number, the websites' administrators' names. ``overrides``
    replace any of these (``None``: the query does not show it); ``websites_accessible``
    is left unsaid unless given."""
    subject, admin = filing.subject, filing.subject.administrator
    names = tuple(dict.fromkeys(w.administrator.name for w in filing.websites
                                if w.administrator is not None and w.administrator.name))
    values: dict[str, Any] = {
        "subject_type": subject.type, "subject_name": subject.name, "certificate_number": subject.certificate_number,
        "subject_administrator_name": admin.name if admin else None,
        "subject_administrator_id_number": admin.id_number if admin else None,
        "website_administrator_names": names}
    values.update(overrides)
    return OriginalFiling(**values)


def assert_transfer_mismatches(engine: Engine, filing: Filing, original: OriginalFiling,
                               mismatches: Iterable[Mapping[str, Any]], outcome: Outcome, rule_id: str, *,
                               documents: Iterable[str] = (), ignored: Iterable[Mapping[str, Any]] = (),
                               ) -> DecisionReport:
    """Assert how a transfer of ``filing`` from ``original`` (usually ``original_of(filing)``)
    is decided:

    - as ``original`` is, the transfer is ``allowed`` (that report is returned, for its notes);
    - with each of ``mismatches`` (fields of the original and other values:
      ``{"subject_name": "旧名称有限公司"}``) it is ``outcome``, decided by ``rule_id`` (the
      first reason; for ``denied``, the only rule denying; for ``conditional``, the first
      condition too, not yet met);
    - with ``documents`` provided as well, a ``conditional`` mismatch is allowed (and its
      condition names one of them), any other outcome stays as it was: a document does not
      cure a denial;
    - with each of ``ignored`` (differences no rule compares) the transfer stays allowed.
    """
    documents = frozenset(documents)

    def transfer(mismatch: Mapping[str, Any], provided: frozenset[str] = frozenset()) -> DecisionReport:
        return engine.transfer(filing, TransferRequest(attrs.evolve(original, **mismatch), provided))

    def expect(report: DecisionReport, expected: Outcome, what: str) -> None:
        got = _no_failure(report, what)
        if got is not expected:
            raise AssertionError(f"{what}: expected {expected.value}, got {got.value} "
                                 f"(by {_deciding_rule(report)} [{report.decided_by}])")

    same = transfer({})
    expect(same, Outcome.allowed, "the transfer from the same original")
    for mismatch in mismatches:
        report = transfer(mismatch)
        expect(report, outcome, f"the transfer with {dict(mismatch)}")
        if _deciding_rule(report) != rule_id:
            raise AssertionError(f"the transfer with {dict(mismatch)}: expected {rule_id} to decide; "
                                 f"decided by {_deciding_rule(report)} [{report.decided_by}]")
        others = sorted({r.rule_id for r in report.reasons} - {rule_id})
        if outcome is Outcome.denied and others:
            raise AssertionError(f"the transfer with {dict(mismatch)}: expected {rule_id} alone to deny it; "
                                 f"also denied by {others}")
        if outcome is Outcome.conditional:
            condition = report.conditions[0] if report.conditions else None
            if condition is None or condition.rule_id != rule_id or condition.met:
                raise AssertionError(f"the transfer with {dict(mismatch)}: expected an unmet condition of "
                                     f"{rule_id}; got {report.conditions}")
            if documents and condition.document not in documents:
                raise AssertionError(f"the transfer with {dict(mismatch)}: the condition asks for "
                                     f"{condition.document}, not one of {sorted(documents)}")
        if documents:
            cured = Outcome.allowed if outcome is Outcome.conditional else outcome
            expect(transfer(mismatch, documents), cured, f"the transfer with {dict(mismatch)} and {sorted(documents)}")
    for difference in ignored:
        expect(transfer(difference), Outcome.allowed, f"the transfer with {dict(difference)} (not compared)")
    return same


def assert_no_change_or_transfer_decision(engine: Engine, filing: Filing, scope: str) -> DecisionReport:
    """Assert ``scope`` (``"industry.culture"``) decides no change of ``filing`` (to any
    ``ChangeTarget``) and no transfer of it from ``original_of(filing)``: it has no decision
    among the report's, none of its rules is a reason or a condition, and it never stands
    as the decision; where the filing's province decides, the province's decision stands.
    Returns the transfer's report."""
    key = scope.split(".")[-1] + "."
    province = f"province.{filing.province.value}"
    requests = [(f"change to {t.value}", engine.change(filing, ChangeRequest(t))) for t in ChangeTarget]
    transfer = engine.transfer(filing, TransferRequest(original_of(filing)))
    for what, report in [*requests, ("transfer", transfer)]:
        _no_failure(report, what)
        decided_by = report.decided_by.split(", ")
        own = [d for d in report.decisions if d.scope == scope]
        rules = [rule for rule in [*(r.rule_id for r in report.reasons), *(c.rule_id for c in report.conditions)]
                 if rule.startswith(key)]
        if own or rules or scope in decided_by:
            raise AssertionError(f"{what}: expected no decision of {scope}; got {own or rules or decided_by}")
        if any(d.scope == province for d in report.decisions) and report.decided_by != province:
            raise AssertionError(f"{what}: {province} decides, yet {report.decided_by} stands")
    return transfer
