"""Jilin (5.2.2): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from icp_core.engine import Engine
from icp_core.loading import load_filing
from icp_core.model import ChangeRequest, ChangeTarget, Filing, OriginalFiling, TransferRequest
from icp_core.report import Outcome, Report
from icp_core.testing import (
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_passes,
    assert_requires_document,
    conformance_problems,
    filing_data,
    installed_engine,
    make_filing,
    merge,
    resident_id,
)

Check = Callable[..., Report]
KEY = "jilin"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
OUTSIDER = resident_id("liaoning", "19990307", "123")


def outsider(proofs: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """An individual whose ID was issued in Liaoning, holding ``proofs``."""
    admin = {"id_number": OUTSIDER, "local_proofs": proofs or []}
    website = filing_data(KEY, "individual")["websites"][0]
    return {"subject": {"certificate_number": OUTSIDER, "administrator": admin},
            "websites": [merge(website, {"administrator": admin, "domains": [
                merge(website["domains"][0], {"holder_certificate_number": OUTSIDER})]})]}


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_business_licence(icp_check: Check) -> None:
    """Line 519: enterprises use the business licence."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "jilin.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "jilin.enterprise_certificate")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 519: the subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "jilin.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "jilin.subject_administrator_is_legal_representative")


def test_subjects_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 519: subjects younger than 18 cannot file (in the Enterprises bullet)."""
    young = resident_id(KEY, "20100307", "001")
    person = {"id_number": young, "birth_date": None}
    bad = icp_check(KEY, subject={"legal_representative": person, "administrator": person})
    assert_fires(bad, "jilin.minimum_age", "subject.administrator")
    assert_not_fires(icp_check(KEY), "jilin.minimum_age")


def test_non_local_individuals_need_a_residence_permit_or_student_id(icp_check: Check) -> None:
    """Lines 520 and 527: an ID not issued in Jilin needs a Jilin residence permit, or a
    student ID for students; the proof is an upload (local_proof)."""
    bad = icp_check(KEY, "individual", **outsider())
    assert_fires(bad, "jilin.individual_local_identity", "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "jilin.individual_local_identity")
    for kind in ("residence_permit", "student_id"):
        held = icp_check(KEY, "individual", **outsider([{"kind": kind, "province": KEY}]))
        assert_not_fires(held, "jilin.individual_local_identity")
    elsewhere = icp_check(KEY, "individual", **outsider([{"kind": "residence_permit", "province": "liaoning"}]))
    assert_fires(elsewhere, "jilin.individual_local_identity", "subject.administrator")


def test_the_local_proof_is_a_document_only_for_non_local_individuals(icp_engine: Engine) -> None:
    """Line 527: the residence permit (or student ID) upload is asked only when the ID is not from Jilin."""
    on = icp_engine.documents(make_filing(KEY, "individual", **outsider([{"kind": "student_id", "province": KEY}])))
    assert_requires_document(on, "local_proof", "jilin.individual_local_identity")
    off = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(off, "local_proof", "jilin.individual_local_identity")


def test_domains_registered_outside_china_are_refused(icp_check: Check) -> None:
    """Line 521: domains registered outside China cannot be filed."""
    abroad = merge(WEBSITE, {"domains": [merge(DOMAIN, {"registered_outside_mainland": True})]})
    assert_fires(icp_check(KEY, websites=[abroad]), "jilin.domain_registered_in_mainland",
                 "websites[0].domains[0].registered_outside_mainland")
    assert_not_fires(icp_check(KEY), "jilin.domain_registered_in_mainland")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 522: the domain owner must be the filing owner."""
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "jilin.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "jilin.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 526-528: enterprise certificate and administrators' IDs; the individual's ID; the statement."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "jilin.document.subject_certificate"),
                           ("subject_administrator_id", "jilin.document.subject_administrator_id"),
                           ("website_administrator_id", "jilin.document.website_administrator_id"),
                           ("authenticity_statement", "jilin.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "jilin.document.subject_certificate")
    assert_requires_document(alone, "authenticity_statement", "jilin.document.authenticity_statement")
    assert_no_document(alone, "subject_administrator_id", "jilin.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "jilin.document.website_administrator_id")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "jilin.change"
    return report.outcome


def test_enterprise_to_individual_is_allowed(icp_engine: Engine) -> None:
    """Line 532: an enterprise filing can become an individual's."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(ChangeTarget.individual)) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number])
def test_a_new_name_or_number_needs_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 533: a changed name or certificate number needs the issuing authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert _change(icp_engine, enterprise, ChangeRequest(target)) is Outcome.conditional
    assert _change(icp_engine, enterprise, ChangeRequest(target, documents=frozenset({"certificate_of_change"}))) \
        is Outcome.allowed


def test_name_and_number_together_is_left_to_review(icp_engine: Engine) -> None:
    """Line 533 states "either" one; both at once is not stated: undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(ChangeTarget.new_name_and_certificate_number)) \
        is Outcome.undetermined


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 534: individual → another individual refused; → enterprise if the individual is its legal representative."""
    alone = make_filing(KEY, "individual")
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.individual)) is Outcome.denied
    to_enterprise = ChangeRequest(ChangeTarget.enterprise)
    assert _change(icp_engine, alone, to_enterprise) is Outcome.conditional
    assert _change(icp_engine, alone, attrs.evolve(to_enterprise, individual_is_legal_representative=True)) \
        is Outcome.allowed
    assert _change(icp_engine, alone, attrs.evolve(to_enterprise, individual_is_legal_representative=False)) \
        is Outcome.denied


def test_enterprise_to_enterprise_is_left_to_review(icp_engine: Engine) -> None:
    """Lines 532-534 do not state enterprise → another enterprise: undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(ChangeTarget.enterprise)) is Outcome.undetermined


def test_transfer_not_matching_the_public_record_needs_a_certificate_of_change(icp_engine: Engine) -> None:
    """Line 538: name or number differing from the public query result → certificate of
    change; line 539 is a note."""
    enterprise = make_filing(KEY)
    subject = enterprise.subject
    same = OriginalFiling(subject_name=subject.name, certificate_number=subject.certificate_number)
    allowed = icp_engine.transfer(enterprise, TransferRequest(same))
    assert allowed.outcome is Outcome.allowed
    assert "jilin.transfer.domicile_and_address" in [n.rule_id for n in allowed.notes]
    for mismatch in [{"subject_name": "吉林旧名称有限公司"}, {"certificate_number": "91220100MA0000000X"}]:
        other = attrs.evolve(same, **mismatch)
        report = icp_engine.transfer(enterprise, TransferRequest(other))
        assert report.outcome is Outcome.conditional and report.conditions[0].rule_id == "jilin.transfer.consistency"
        assert icp_engine.transfer(enterprise, TransferRequest(other, frozenset({"certificate_of_change"}))).outcome \
            is Outcome.allowed


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/jilin-individual.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "jilin-individual.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-jilin", [Path(__file__).parent]) == []
