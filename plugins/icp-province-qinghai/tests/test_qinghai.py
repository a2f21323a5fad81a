"""Qinghai (5.7.3): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_all_allowed,
    assert_example_passes,
    assert_fires,
    assert_not_fires,
    assert_notes,
    assert_passes,
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

KEY = "qinghai"
CHANGE = "qinghai.change"
OUTSIDER = resident_id("gansu", "19900307", "123")


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_business_licence(icp_check: Check) -> None:
    """Line 1131: enterprises file with the business licence."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "qinghai.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "qinghai.enterprise_certificate")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1131: the Enterprise bullet also says the subject (its administrator) must be
    the legal representative; no letter is offered instead."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}},
                    add_documents=["authorization_letter"])
    assert_fires(bad, "qinghai.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "qinghai.subject_administrator_is_legal_representative")


def test_individuals_need_a_qinghai_identity_document(icp_check: Check) -> None:
    """Line 1132: an individual whose ID is not from Qinghai cannot file; a permit does not help."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    assert_fires(bad, "qinghai.individual_local_identity", "subject.administrator")
    with_permit = individual_with(KEY, {"id_number": OUTSIDER,
                                        "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **with_permit), "qinghai.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "qinghai.individual_local_identity")
    # The bullet is about individuals: an enterprise's administrator may hold another province's ID.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}}),
                     "qinghai.individual_local_identity")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 1133: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "qinghai.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "qinghai.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1137-1140: enterprise certificate and the subject/website administrators' IDs;
    the individual's ID; the authenticity statement."""
    assert_standard_documents(icp_engine, KEY)


def test_an_enterprise_filing_can_become_another_enterprises_or_an_individuals(icp_engine: Engine) -> None:
    """Line 1144: enterprise → another enterprise or an individual: allowed, no condition stated."""
    assert_change_all_allowed(icp_engine, KEY, "enterprise")


def test_an_individual_filing_can_become_another_individuals_or_an_enterprises(icp_engine: Engine) -> None:
    """Line 1145: individual → another individual or an enterprise: allowed, even when the
    individual is not the enterprise's legal representative (no condition stated)."""
    assert_change_all_allowed(icp_engine, KEY, "individual")


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1144-1145 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_number_and_website_administrators_to_match(icp_engine: Engine) -> None:
    """Line 1149: subject name, certificate number and website administrator information as
    on record, otherwise change or cancel at the previous provider and file anew (denied);
    line 1150 is a note."""
    enterprise = make_filing(KEY)
    # The subject administrator is not among the facts line 1149 names: a different one on
    # record does not stop the transfer.
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "青海旧名称有限公司"}, {"certificate_number": "91630100MA0000000X"},
         {"website_administrator_names": ("另一个人",)}],
        Outcome.denied, "qinghai.transfer.consistency", ignored=[{"subject_administrator_name": "另一个人"}])
    assert_notes(allowed, "qinghai.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/qinghai-enterprise.yaml passes."""
    assert_example_passes("qinghai-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-qinghai", [Path(__file__).parent]) == []
