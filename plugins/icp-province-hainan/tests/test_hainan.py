"""Hainan (5.5.3): every bullet of the section, read from the guide, with a filing that
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
    assert_change_conditional_on,
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
    website_data,
)

KEY = "hainan"
CHANGE = "hainan.change"


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_business_licence(icp_check: Check) -> None:
    """Line 963: enterprises use the business licence."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "hainan.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "hainan.enterprise_certificate")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 963: the filing subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "hainan.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "hainan.subject_administrator_is_legal_representative")


@pytest.mark.parametrize("document", ["household_register", "passport", "temporary_id_card"])
def test_mainland_individuals_use_the_resident_id_card(icp_check: Check, document: str) -> None:
    """Line 964: Chinese citizens filing as individuals use the ID card."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_type": document}))
    assert_fires(bad, "hainan.individual_resident_id_card", "subject.administrator.id_type")
    assert_not_fires(icp_check(KEY, "individual"), "hainan.individual_resident_id_card")


def test_residents_of_hong_kong_and_macao_use_their_permits(icp_check: Check) -> None:
    """Line 964 binds mainland citizens; section 1 lets Hong Kong and Macao residents file
    with their permits, which Hainan does not refuse."""
    report = icp_check(KEY, "individual", **individual_with(KEY, {"residency": "hong_kong_macao",
                                                                  "id_type": "hk_macao_travel_permit"}))
    assert_not_fires(report, "hainan.individual_resident_id_card")
    assert_not_fires(report, "hainan.individual_no_temporary_id_card")


def test_temporary_id_cards_are_refused(icp_check: Check) -> None:
    """Line 964: temporary ID cards are not supported, whoever the individual is."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_type": "temporary_id_card"}))
    assert_fires(bad, "hainan.individual_no_temporary_id_card", "subject.administrator.id_type")
    unstated = icp_check(KEY, "individual",
                         **individual_with(KEY, {"id_type": "temporary_id_card", "residency": None}))
    assert_fires(unstated, "hainan.individual_no_temporary_id_card", "subject.administrator.id_type")
    assert_not_fires(icp_check(KEY, "individual"), "hainan.individual_no_temporary_id_card")


def test_the_identity_rules_are_about_individuals(icp_check: Check) -> None:
    """Line 964 is the "Individuals" bullet: an enterprise's website administrator is not bound by it."""
    website = website_data(KEY, administrator={"id_type": "temporary_id_card"})
    report = icp_check(KEY, websites=[website])
    assert_not_fires(report, "hainan.individual_no_temporary_id_card")
    assert_not_fires(report, "hainan.individual_resident_id_card")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 965: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "hainan.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "hainan.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 969-971: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    assert_standard_documents(icp_engine, KEY)


def test_enterprise_changes_are_allowed(icp_engine: Engine) -> None:
    """Line 975: an enterprise filing can become another enterprise's or an individual's."""
    assert_change_all_allowed(icp_engine, KEY, "enterprise")


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 976: individual → another individual allowed; → enterprise if the individual is
    that enterprise's legal representative."""
    alone = make_filing(KEY, "individual")
    assert decide_change(icp_engine, alone, ChangeTarget.individual, CHANGE) is Outcome.allowed
    assert_change_conditional_on(icp_engine, alone, ChangeTarget.enterprise, CHANGE,
                                 fact="individual_is_legal_representative")


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 975-976 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_a_transfer_has_no_condition_beyond_the_authoritys_rules(icp_engine: Engine) -> None:
    """Line 980: the information must meet the authority's rules (a note) and may be changed
    after the transfer; nothing to match, so even a transfer whose name differs is allowed."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(icp_engine, enterprise, original_of(enterprise),
                                         [{"subject_name": "海南旧名称有限公司"}],
                                         Outcome.allowed, "hainan.transfer.allowed")
    assert_notes(allowed, "hainan.transfer.information_meets_rules")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/hainan-individual.yaml passes."""
    assert_example_passes("hainan-individual")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-hainan", [Path(__file__).parent]) == []
