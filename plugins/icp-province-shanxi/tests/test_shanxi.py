"""Shanxi (5.3.4): every bullet of the section, read from the guide, with a filing that
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

KEY = "shanxi"
CHANGE = "shanxi.change"
# Shaanxi (陕西, 61) is the neighbour most easily confused with Shanxi (山西, 14).
OUTSIDER = resident_id("shaanxi", "19900307", "123")


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 661: enterprises use the business licence and organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "other_organization"})
    assert_fires(bad, "shanxi.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "shanxi.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}), "shanxi.enterprise_certificate")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 661: the subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "shanxi.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "shanxi.subject_administrator_is_legal_representative")


def test_individuals_need_a_shanxi_identity_document(icp_check: Check) -> None:
    """Line 662: an individual whose ID is not from Shanxi cannot file; a permit does not help."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    assert_fires(bad, "shanxi.individual_local_identity", "subject.administrator")
    with_permit = individual_with(KEY, {"id_number": OUTSIDER,
                                        "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **with_permit), "shanxi.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "shanxi.individual_local_identity")
    # The bullet is about individuals: an enterprise's administrators may come from anywhere.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}}),
                     "shanxi.individual_local_identity")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 663: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "shanxi.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "shanxi.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 667-669: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    assert_standard_documents(icp_engine, KEY)


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 673-674: enterprise → another enterprise or an individual, individual →
    another individual or an enterprise: all allowed, with no condition stated."""
    assert_change_all_allowed(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 673-674 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_a_transfer_has_no_condition_beyond_the_authoritys_rules(icp_engine: Engine) -> None:
    """Line 678: the information must meet the authority's rules (a note); nothing to match,
    so even a transfer whose name differs is allowed, by Shanxi's own rule."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(icp_engine, enterprise, original_of(enterprise),
                                         [{"subject_name": "山西旧名称有限公司"}],
                                         Outcome.allowed, "shanxi.transfer.allowed")
    assert_notes(allowed, "shanxi.transfer.information_meets_rules")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/shanxi-individual.yaml passes."""
    assert_example_passes("shanxi-individual")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-shanxi", [Path(__file__).parent]) == []
