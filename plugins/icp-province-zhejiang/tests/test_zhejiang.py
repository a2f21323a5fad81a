"""Zhejiang (5.4.6): every bullet of the section, read from the guide, with a filing that
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
KEY = "zhejiang"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]


def individual_with(admin: dict[str, Any]) -> dict[str, Any]:
    """Overrides giving the individual's person ``admin`` in the subject and on the website."""
    website = filing_data(KEY, "individual")["websites"][0]
    number = admin.get("id_number")
    subject: dict[str, Any] = {"administrator": admin}
    domains = website["domains"]
    if number:
        subject["certificate_number"] = number
        domains = [merge(domains[0], {"holder_certificate_number": number})]
    return {"subject": subject, "websites": [merge(website, {"administrator": admin, "domains": domains})]}


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
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "zhejiang.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "zhejiang.domain_holder_is_subject")


def test_individuals_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 855: individuals younger than 18 cannot file; the bullet is about individuals only."""
    young = {"id_number": resident_id(KEY, "20100307", "001"), "birth_date": None}
    bad = icp_check(KEY, "individual", **individual_with(young))
    assert_fires(bad, "zhejiang.individual_minimum_age", "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "zhejiang.individual_minimum_age")
    adult = {"id_number": resident_id(KEY, "20081130", "001"), "birth_date": None}  # 18 on 2026-11-30
    assert_not_fires(icp_check(KEY, "individual", **individual_with(adult)), "zhejiang.individual_minimum_age")
    enterprise = icp_check(KEY, subject={"legal_representative": young, "administrator": young})
    assert_not_fires(enterprise, "zhejiang.individual_minimum_age")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 861-863: the organisation's certificate and both administrators' IDs; the
    individual's ID; the authenticity statement."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "zhejiang.document.subject_certificate"),
                           ("subject_administrator_id", "zhejiang.document.subject_administrator_id"),
                           ("website_administrator_id", "zhejiang.document.website_administrator_id"),
                           ("authenticity_statement", "zhejiang.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "zhejiang.document.subject_certificate")
    assert_requires_document(alone, "authenticity_statement", "zhejiang.document.authenticity_statement")
    assert_no_document(alone, "subject_administrator_id", "zhejiang.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "zhejiang.document.website_administrator_id")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "zhejiang.change"
    return report.outcome


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
    assert _change(icp_engine, alone, request) is Outcome.conditional
    assert _change(icp_engine, alone, attrs.evolve(request, individual_is_legal_representative=True)) \
        is Outcome.allowed
    assert _change(icp_engine, alone, attrs.evolve(request, individual_is_legal_representative=False)) \
        is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 867-868 say nothing of a new name or certificate number: undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(target)) is Outcome.undetermined


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
    other = OriginalFiling(subject_name="另一个名称", certificate_number=filing.subject.certificate_number)
    report = icp_engine.transfer(filing, TransferRequest(other))
    assert report.outcome is Outcome.allowed
    assert report.reasons[0].rule_id == "zhejiang.transfer.allowed"
    notes = [n.rule_id for n in report.notes]
    assert note in notes
    assert len([n for n in notes if n.startswith("zhejiang.transfer.")]) == 1


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/zhejiang-enterprise.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "zhejiang-enterprise.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-zhejiang", [Path(__file__).parent]) == []
