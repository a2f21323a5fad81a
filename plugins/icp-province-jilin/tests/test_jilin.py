"""Jilin (5.2.2): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_conditional_on,
    assert_example_passes,
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_requires_document,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    individual_with,
    make_filing,
    original_of,
    resident_id,
    website_data,
)

KEY = "jilin"
CHANGE = "jilin.change"
OUTSIDER = resident_id("liaoning", "19990307", "123")


def outsider(proofs: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """An individual whose ID was issued in Liaoning, holding ``proofs``."""
    return individual_with(KEY, {"id_number": OUTSIDER, "local_proofs": proofs or []})


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
    abroad = website_data(KEY, domain={"registered_outside_mainland": True})
    assert_fires(icp_check(KEY, websites=[abroad]), "jilin.domain_registered_in_mainland",
                 "websites[0].domains[0].registered_outside_mainland")
    assert_not_fires(icp_check(KEY), "jilin.domain_registered_in_mainland")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 522: the domain owner must be the filing owner."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "jilin.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "jilin.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 526-528: enterprise certificate and administrators' IDs; the individual's ID; the statement."""
    assert_standard_documents(icp_engine, KEY)


def test_enterprise_to_individual_is_allowed(icp_engine: Engine) -> None:
    """Line 532: an enterprise filing can become an individual's."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.individual, CHANGE) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number])
def test_a_new_name_or_number_needs_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 533: a changed name or certificate number needs the issuing authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert_change_conditional_on(icp_engine, enterprise, target, CHANGE, document="certificate_of_change")


def test_name_and_number_together_is_left_to_review(icp_engine: Engine) -> None:
    """Line 533 states "either" one; both at once is not stated: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.new_name_and_certificate_number, CHANGE) \
        is Outcome.undetermined


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 534: individual → another individual refused; → enterprise if the individual is its legal representative."""
    alone = make_filing(KEY, "individual")
    assert decide_change(icp_engine, alone, ChangeTarget.individual, CHANGE) is Outcome.denied
    assert_change_conditional_on(icp_engine, alone, ChangeTarget.enterprise, CHANGE,
                                 fact="individual_is_legal_representative")


def test_enterprise_to_enterprise_is_left_to_review(icp_engine: Engine) -> None:
    """Lines 532-534 do not state enterprise → another enterprise: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.enterprise, CHANGE) is Outcome.undetermined


def test_transfer_not_matching_the_public_record_needs_a_certificate_of_change(icp_engine: Engine) -> None:
    """Line 538: name or number differing from the public query result → certificate of
    change; line 539 is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "吉林旧名称有限公司"}, {"certificate_number": "91220100MA0000000X"}],
        Outcome.conditional, "jilin.transfer.consistency", documents=["certificate_of_change"])
    assert_notes(allowed, "jilin.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/jilin-individual.yaml passes."""
    assert_example_passes("jilin-individual")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-jilin", [Path(__file__).parent]) == []
