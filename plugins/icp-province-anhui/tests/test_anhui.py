"""Anhui (5.4.1): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget, OriginalFiling, TransferRequest
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
    make_filing,
    original_of,
    website_data,
)

KEY = "anhui"
CHANGE = "anhui.change"


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 716: enterprises may file with the business licence or the organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "social_organization"})
    assert_fires(bad, "anhui.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "anhui.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}), "anhui.enterprise_certificate")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 717: the subject administrator must be the legal representative (enterprises:
    only they have one)."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "anhui.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "anhui.subject_administrator_is_legal_representative")
    assert_not_fires(icp_check(KEY, "individual"), "anhui.subject_administrator_is_legal_representative")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 718: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "anhui.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "anhui.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 722-724: the enterprise's certificate and both administrators' IDs; the
    individual's ID; the authenticity checklist for every filing."""
    assert_standard_documents(icp_engine, KEY)


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 728-729: an enterprise filing can become another enterprise's or an
    individual's; an individual filing another individual's or an enterprise's. No
    condition is stated (not even that the individual is the legal representative)."""
    assert_change_all_allowed(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 728-729 say nothing of a new name or number: no rule, undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_with_a_different_name_or_number_needs_a_certificate_of_change(icp_engine: Engine) -> None:
    """Line 733: the organizer's name and number must match the original filing, else a
    certificate of change is needed (and the filing is changed right after the transfer);
    line 734 is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "安徽旧名称有限公司"}, {"certificate_number": "91340100MA0000000X"}],
        Outcome.conditional, "anhui.transfer.consistency", documents=["certificate_of_change"])
    assert_notes(allowed, "anhui.transfer.domicile_and_address")


def test_a_transfer_without_the_original_facts_is_incomplete(icp_engine: Engine) -> None:
    """Line 733 compares with the original filing: without its name and number nothing can be concluded."""
    report = icp_engine.transfer(make_filing(KEY), TransferRequest(OriginalFiling()))
    assert report.outcome is Outcome.incomplete
    assert "transfer.original.subject_name" in report.missing


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/anhui-enterprise.yaml passes."""
    assert_example_passes("anhui-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-anhui", [Path(__file__).parent]) == []
