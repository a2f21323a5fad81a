"""Inner Mongolia (5.3.3): every bullet of the section, read from the guide, with a filing
that breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
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

KEY = "neimenggu"
CHANGE = "neimenggu.change"
OUTSIDER = resident_id("shanxi", "19900307", "123")


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 628: enterprises can use the business licence and organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "public_institution"})
    assert_fires(bad, "neimenggu.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "neimenggu.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}),
                     "neimenggu.enterprise_certificate")


def test_non_local_individuals_need_a_residence_or_temporary_residence_permit(icp_check: Check) -> None:
    """Line 629: an ID whose domicile is not in Inner Mongolia needs a temporary residence
    permit or a residence permit held for Inner Mongolia."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    finding = assert_fires(bad, "neimenggu.individual_local_identity", "subject.administrator")
    # The guide's "this province" is, for Inner Mongolia, an autonomous region: 本区签发, not
    # 本省签发. (The permits' clause, {unless_zh}, is the core's wording.)
    assert "本区签发" in finding.message.zh and "本省签发" not in finding.message.zh
    assert_not_fires(icp_check(KEY, "individual"), "neimenggu.individual_local_identity")
    for kind in ("residence_permit", "temporary_residence_permit"):
        held = individual_with(KEY, {"id_number": OUTSIDER, "local_proofs": [{"kind": kind, "province": KEY}]})
        assert_not_fires(icp_check(KEY, "individual", **held), "neimenggu.individual_local_identity")
    student = individual_with(KEY, {"id_number": OUTSIDER,
                                    "local_proofs": [{"kind": "student_id", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **student), "neimenggu.individual_local_identity")


def test_the_residence_permit_is_a_document_only_for_non_local_individuals(icp_engine: Engine) -> None:
    """Line 638: an ID not from Inner Mongolia → upload a residence permit; a local ID needs none."""
    held = individual_with(KEY, {"id_number": OUTSIDER,
                                 "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    on = icp_engine.documents(make_filing(KEY, "individual", **held))
    assert_requires_document(on, "residence_permit", "neimenggu.individual_local_identity")
    off = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(off, "residence_permit", "neimenggu.individual_local_identity")


def test_individuals_cannot_file_with_a_temporary_id_card(icp_check: Check) -> None:
    """Line 629: temporary ID cards are not supported."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_type": "temporary_id_card"}))
    assert_fires(bad, "neimenggu.individual_no_temporary_id_card", "subject.administrator.id_type")
    assert_not_fires(icp_check(KEY, "individual"), "neimenggu.individual_no_temporary_id_card")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 630: the subject administrator must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "neimenggu.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "neimenggu.subject_administrator_is_legal_representative")


def test_subjects_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 631: subjects younger than 18 cannot file: enterprise and individual filings."""
    young = {"id_number": resident_id(KEY, "20100307", "001"), "birth_date": None}
    bad = icp_check(KEY, subject={"legal_representative": young, "administrator": young})
    assert_fires(bad, "neimenggu.minimum_age", "subject.administrator")
    assert_fires(icp_check(KEY, "individual", **individual_with(KEY, young)), "neimenggu.minimum_age",
                 "subject.administrator")
    assert_not_fires(icp_check(KEY), "neimenggu.minimum_age")
    assert_not_fires(icp_check(KEY, "individual"), "neimenggu.minimum_age")


def test_domains_registered_outside_china_are_refused(icp_check: Check) -> None:
    """Line 632: domains registered outside China are not supported."""
    abroad = website_data(KEY, domain={"registered_outside_mainland": True})
    assert_fires(icp_check(KEY, websites=[abroad]), "neimenggu.domain_registered_in_mainland",
                 "websites[0].domains[0].registered_outside_mainland")
    assert_not_fires(icp_check(KEY), "neimenggu.domain_registered_in_mainland")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 633: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "neimenggu.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "neimenggu.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 637-639: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    assert_standard_documents(icp_engine, KEY)


@pytest.mark.parametrize(("subject_type", "target"), [("enterprise", ChangeTarget.individual),
                                                      ("individual", ChangeTarget.enterprise)])
def test_type_changes_need_the_legal_representative(icp_engine: Engine, subject_type: str,
                                                    target: ChangeTarget) -> None:
    """Line 643: enterprise → individual only if the new subject is the enterprise's legal
    representative; line 644: individual → enterprise only if the individual is its legal
    representative."""
    filing = make_filing(KEY, subject_type)
    assert decide_change(icp_engine, filing, target, CHANGE) is Outcome.conditional
    assert decide_change(icp_engine, filing, ChangeRequest(target, individual_is_legal_representative=True), CHANGE) \
        is Outcome.allowed
    assert decide_change(icp_engine, filing, ChangeRequest(target, individual_is_legal_representative=False), CHANGE) \
        is Outcome.denied


def test_individual_to_individual_is_refused(icp_engine: Engine) -> None:
    """Line 644: an individual filing cannot become another individual's."""
    assert decide_change(icp_engine, make_filing(KEY, "individual"), ChangeTarget.individual, CHANGE) \
        is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number])
def test_a_new_name_or_number_needs_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 645: a changed name or number needs the issuing authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert_change_conditional_on(icp_engine, enterprise, target, CHANGE, document="certificate_of_change")


@pytest.mark.parametrize("target", [ChangeTarget.new_name_and_certificate_number, ChangeTarget.enterprise])
def test_cells_the_section_leaves_open_are_undetermined(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 643-645 state neither both name and number at once nor enterprise → another enterprise."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_number_and_administrators_to_match(icp_engine: Engine) -> None:
    """Lines 649-653: subject name, number and administrator information as on record,
    otherwise change or cancel there first (denied); line 655 is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "内蒙古旧名称有限公司"}, {"certificate_number": "91150100MA0000000X"},
         {"subject_administrator_name": "另一个人"}, {"website_administrator_names": ("另一个人",)}],
        Outcome.denied, "neimenggu.transfer.consistency")
    assert_notes(allowed, "neimenggu.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/neimenggu-individual.yaml passes."""
    assert_example_passes("neimenggu-individual")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-neimenggu", [Path(__file__).parent]) == []
