"""Zhejiang (5.4.6): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
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

KEY = "zhejiang"
CHANGE = "zhejiang.change"


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 852: enterprises can use the business licence and organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "public_institution"})
    assert_fires(bad, "zhejiang.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "zhejiang.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}),
                     "zhejiang.enterprise_certificate")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 853: the subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "zhejiang.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "zhejiang.subject_administrator_is_legal_representative")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 854: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "zhejiang.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "zhejiang.domain_holder_is_subject")


def test_individuals_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 855: individuals younger than 18 cannot file; the bullet is about individuals only."""
    young = {"id_number": resident_id(KEY, "20100307", "001"), "birth_date": None}
    bad = icp_check(KEY, "individual", **individual_with(KEY, young))
    assert_fires(bad, "zhejiang.individual_minimum_age", "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "zhejiang.individual_minimum_age")
    adult = {"id_number": resident_id(KEY, "20081130", "001"), "birth_date": None}  # 18 on 2026-11-30
    assert_not_fires(icp_check(KEY, "individual", **individual_with(KEY, adult)), "zhejiang.individual_minimum_age")
    enterprise = icp_check(KEY, subject={"legal_representative": young, "administrator": young})
    assert_not_fires(enterprise, "zhejiang.individual_minimum_age")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 861-863: the organisation's certificate and both administrators' IDs; the
    individual's ID; the authenticity statement."""
    assert_standard_documents(icp_engine, KEY)


@pytest.mark.parametrize(("subject_type", "target"), [("enterprise", ChangeTarget.enterprise),
                                                      ("enterprise", ChangeTarget.individual),
                                                      ("individual", ChangeTarget.individual)])
def test_these_type_changes_are_allowed(icp_engine: Engine, subject_type: str, target: ChangeTarget) -> None:
    """Line 867: an enterprise filing can become another enterprise's or an individual's;
    line 868: an individual filing can become another individual's."""
    report = icp_engine.change(make_filing(KEY, subject_type), ChangeRequest(target))
    assert report.outcome is Outcome.allowed and not report.conditions
    assert report.reasons[0].rule_id == "zhejiang.change"


def test_individual_to_enterprise_needs_the_legal_representative(icp_engine: Engine) -> None:
    """Line 868: an individual filing becomes an enterprise's if the individual is the
    enterprise's legal representative (the condition the bullet's second sentence sets)."""
    alone = make_filing(KEY, "individual")
    request = ChangeRequest(ChangeTarget.enterprise)
    assert decide_change(icp_engine, alone, request, CHANGE) is Outcome.conditional
    legal = attrs.evolve(request, individual_is_legal_representative=True)
    assert decide_change(icp_engine, alone, legal, CHANGE) is Outcome.allowed
    not_legal = attrs.evolve(request, individual_is_legal_representative=False)
    assert decide_change(icp_engine, alone, not_legal, CHANGE) is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 867-868 say nothing of a new name or certificate number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


@pytest.mark.parametrize(("subject_type", "note"), [
    ("enterprise", "zhejiang.transfer.enterprise_information"),
    ("individual", "zhejiang.transfer.individual_domicile_and_address"),
])
def test_a_transfer_has_no_condition_beyond_the_authoritys_rules(icp_engine: Engine, subject_type: str,
                                                                 note: str) -> None:
    """Line 872 (enterprises) and line 873 (individuals): the information must meet the
    authority's rules and can be changed after the transfer; no condition is stated, so even
    a transfer whose name differs is allowed, by Zhejiang's own rule, with that note."""
    filing = make_filing(KEY, subject_type)
    allowed = assert_transfer_mismatches(icp_engine, filing, original_of(filing), [{"subject_name": "另一个名称"}],
                                         Outcome.allowed, "zhejiang.transfer.allowed")
    assert_notes(allowed, note)
    assert [n.rule_id for n in allowed.notes if n.rule_id.startswith("zhejiang.transfer.")] == [note]


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/zhejiang-enterprise.yaml passes."""
    assert_example_passes("zhejiang-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-zhejiang", [Path(__file__).parent]) == []
