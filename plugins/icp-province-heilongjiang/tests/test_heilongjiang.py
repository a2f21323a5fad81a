"""Heilongjiang (5.2.1): every bullet of the section, read from the guide, with a filing
that breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget
from icp_core.report import Outcome, Report
from icp_core.testing import (
    Check,
    assert_change_conditional_on,
    assert_example_passes,
    assert_fires,
    assert_needs,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_requires_document,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    filing_data,
    make_filing,
    merge,
    original_of,
    resident_id,
    website_data,
)

KEY = "heilongjiang"
CHANGE = "heilongjiang.change"
# An individual's website administrator is the individual; the baseline does not say
# whether that person administers other subjects' filings (a fact line 494 needs).
INDIVIDUAL_WEBSITE = merge(filing_data(KEY, "individual")["websites"][0],
                           {"administrator": {"administers_other_subjects": False}})


def individual(check: Check, **overrides: Any) -> Report:
    return check(KEY, "individual", **merge({"websites": [INDIVIDUAL_WEBSITE]}, overrides))


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(individual(icp_check))


def test_enterprises_file_with_a_licence_or_credit_code_certificate(icp_check: Check) -> None:
    """Line 491: enterprises use the business licence or the unified social credit code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "heilongjiang.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "heilongjiang.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "government"}), "heilongjiang.enterprise_certificate")


def test_chinese_individuals_file_with_the_resident_id_card(icp_check: Check) -> None:
    """Line 492: Chinese citizens filing as individuals must use ID cards."""
    bad = individual(icp_check, subject={"administrator": {"id_type": "household_register"}})
    assert_fires(bad, "heilongjiang.individual_resident_id_card", "subject.administrator.id_type")
    assert_not_fires(individual(icp_check), "heilongjiang.individual_resident_id_card")


def test_individuals_without_a_heilongjiang_id_card_cannot_file(icp_check: Check) -> None:
    """Line 492: persons without ID cards from Heilongjiang cannot file there; no permit helps."""
    number = resident_id("jilin", "19900307", "123")
    outsider = {"name": "王建国", "certificate_number": number, "administrator": {"id_number": number}}
    bad = individual(icp_check, subject=outsider | {"administrator": {
        "id_number": number, "local_proofs": [{"kind": "residence_permit", "province": KEY}]}})
    assert_fires(bad, "heilongjiang.individual_local_identity", "subject.administrator")
    assert_not_fires(individual(icp_check), "heilongjiang.individual_local_identity")
    # Enterprises are not bound by it: the bullet is about individuals.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": number}}),
                     "heilongjiang.individual_local_identity")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 493: the subject administrator must be the enterprise's legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "heilongjiang.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "heilongjiang.subject_administrator_is_legal_representative")


def test_the_website_administrator_administers_no_other_subject(icp_check: Check) -> None:
    """Line 494: the website administrator cannot be one for other filing subjects; the
    filing must say so (unknown is needs-information, never a pass)."""
    busy = website_data(KEY, administrator={"administers_other_subjects": True})
    assert_fires(icp_check(KEY, websites=[busy]), "heilongjiang.exclusive_website_administrator",
                 "websites[0].administrator.administers_other_subjects")
    assert_not_fires(icp_check(KEY), "heilongjiang.exclusive_website_administrator")
    unknown = website_data(KEY, administrator={"administers_other_subjects": None})
    assert_needs(icp_check(KEY, websites=[unknown]), "heilongjiang.exclusive_website_administrator",
                 "websites[0].administrator.administers_other_subjects")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 495: the domain name owner must be the filing owner."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "heilongjiang.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "heilongjiang.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 499-501: enterprises upload the certificate and both administrators' IDs,
    individuals their ID; everybody the authenticity statement."""
    assert_standard_documents(icp_engine, KEY)


def test_phone_bills_for_every_number_given(icp_engine: Engine) -> None:
    """Line 502: bills of the last three months for the mobile and office numbers used in
    the filing: one for the subject administrator, one for each website administrator;
    none asked for a person the filing does not have."""
    documents = icp_engine.documents(make_filing(KEY))
    assert_requires_document(documents, "phone_bills", "heilongjiang.document.phone_bills.subject_administrator")
    assert_requires_document(documents, "phone_bills", "heilongjiang.document.phone_bills.website_administrator")
    no_people = make_filing(KEY, subject={"administrator": None},
                            websites=[website_data(KEY, administrator=None)])
    off = icp_engine.documents(no_people)
    assert_no_document(off, "phone_bills", "heilongjiang.document.phone_bills.subject_administrator")
    assert_no_document(off, "phone_bills", "heilongjiang.document.phone_bills.website_administrator")


def test_enterprise_to_enterprise_needs_the_certificate_of_change(icp_engine: Engine) -> None:
    """Line 506: enterprise → another enterprise with the authority's certificate of change."""
    assert_change_conditional_on(icp_engine, make_filing(KEY), ChangeTarget.enterprise, CHANGE,
                                 document="certificate_of_change")


def test_enterprise_to_individual_is_refused(icp_engine: Engine) -> None:
    """Line 507: an enterprise filing cannot become an individual's."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.individual, CHANGE) is Outcome.denied


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 508: individual → individual refused; individual → enterprise only if the
    individual is the enterprise's legal representative."""
    alone = make_filing(KEY, "individual")
    assert decide_change(icp_engine, alone, ChangeTarget.individual, CHANGE) is Outcome.denied
    assert_change_conditional_on(icp_engine, alone, ChangeTarget.enterprise, CHANGE,
                                 fact="individual_is_legal_representative")


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_cells_the_section_leaves_open_are_undetermined(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 506-508 say nothing of a change of name or number alone: decided by review."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_number_and_owner_information_to_match(icp_engine: Engine) -> None:
    """Line 512: owner name, document number and owner information as on record; otherwise
    change or cancel at the old provider and file anew (denied). Line 513: a note."""
    enterprise = make_filing(KEY)
    # A certificate of change does not help here, unlike Jilin.
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "黑龙江旧名称有限公司"}, {"certificate_number": "91230100MA0000000X"},
         {"subject_administrator_name": "另一个人"}],
        Outcome.denied, "heilongjiang.transfer.consistency", documents=["certificate_of_change"])
    assert_notes(allowed, "heilongjiang.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/heilongjiang-enterprise.yaml passes."""
    assert_example_passes("heilongjiang-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-heilongjiang", [Path(__file__).parent]) == []
