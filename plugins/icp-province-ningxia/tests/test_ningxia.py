"""Ningxia (5.7.2): every bullet of the section, read from the guide, with a filing that
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

KEY = "ningxia"
CHANGE = "ningxia.change"
OUTSIDER = resident_id("gansu", "19900307", "123")


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_business_licence(icp_check: Check) -> None:
    """Line 1106: enterprises must file with a copy of the business licence."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "ningxia.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "ningxia.enterprise_certificate")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1107: the subject administrator must be the legal representative (no letter offered)."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}},
                    add_documents=["authorization_letter"])
    assert_fires(bad, "ningxia.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "ningxia.subject_administrator_is_legal_representative")


def test_individuals_need_a_ningxia_identity_document(icp_check: Check) -> None:
    """Line 1108: an individual whose ID is not from Ningxia cannot file; a permit does not help."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    assert_fires(bad, "ningxia.individual_local_identity", "subject.administrator")
    with_permit = individual_with(KEY, {"id_number": OUTSIDER,
                                        "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **with_permit), "ningxia.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "ningxia.individual_local_identity")
    # The bullet is about individuals: an enterprise's administrator may hold another province's ID.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}}),
                     "ningxia.individual_local_identity")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 1109: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "ningxia.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "ningxia.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1113-1115: enterprise certificate and the subject/website administrators' IDs;
    the individual's ID; the authenticity statement."""
    assert_standard_documents(icp_engine, KEY)


def test_an_enterprise_filing_can_become_another_enterprises_or_an_individuals(icp_engine: Engine) -> None:
    """Line 1119: enterprise → another enterprise or an individual: allowed, no condition stated."""
    assert_change_all_allowed(icp_engine, KEY, "enterprise")


def test_an_individual_filing_can_become_another_individuals_or_an_enterprises(icp_engine: Engine) -> None:
    """Line 1120: individual → another individual or an enterprise: allowed, even when the
    individual is not the enterprise's legal representative (no condition stated)."""
    assert_change_all_allowed(icp_engine, KEY, "individual")


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1119-1120 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_number_and_website_administrators_to_match(icp_engine: Engine) -> None:
    """Line 1124: subject name, certificate number and website administrator information as
    on record, otherwise change or cancel at the previous provider and file anew (denied);
    line 1125 is a note."""
    enterprise = make_filing(KEY)
    # The subject administrator is not among the facts line 1124 names: a different one on
    # record does not stop the transfer.
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "宁夏旧名称有限公司"}, {"certificate_number": "91640100MA0000000X"},
         {"website_administrator_names": ("另一个人",)}],
        Outcome.denied, "ningxia.transfer.consistency", ignored=[{"subject_administrator_name": "另一个人"}])
    assert_notes(allowed, "ningxia.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/ningxia-individual.yaml passes."""
    assert_example_passes("ningxia-individual")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-ningxia", [Path(__file__).parent]) == []
