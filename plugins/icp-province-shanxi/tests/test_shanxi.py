"""Shanxi (5.3.4): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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
KEY = "shanxi"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
# Shaanxi (陕西, 61) is the neighbour most easily confused with Shanxi (山西, 14).
OUTSIDER = resident_id("shaanxi", "19900307", "123")


def individual_with(admin: dict[str, Any]) -> dict[str, Any]:
    website = filing_data(KEY, "individual")["websites"][0]
    number = admin["id_number"]
    return {"subject": {"certificate_number": number, "administrator": admin},
            "websites": [merge(website, {"administrator": admin, "domains": [
                merge(website["domains"][0], {"holder_certificate_number": number})]})]}


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
    bad = icp_check(KEY, "individual", **individual_with({"id_number": OUTSIDER}))
    assert_fires(bad, "shanxi.individual_local_identity", "subject.administrator")
    with_permit = individual_with({"id_number": OUTSIDER,
                                   "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **with_permit), "shanxi.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "shanxi.individual_local_identity")
    # The bullet is about individuals: an enterprise's administrators may come from anywhere.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}}),
                     "shanxi.individual_local_identity")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 663: the domain holder must be the filing subject."""
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "shanxi.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "shanxi.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 667-669: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "shanxi.document.subject_certificate"),
                           ("subject_administrator_id", "shanxi.document.subject_administrator_id"),
                           ("website_administrator_id", "shanxi.document.website_administrator_id"),
                           ("authenticity_statement", "shanxi.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "shanxi.document.subject_certificate")
    assert_requires_document(alone, "authenticity_statement", "shanxi.document.authenticity_statement")
    assert_no_document(alone, "subject_administrator_id", "shanxi.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "shanxi.document.website_administrator_id")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "shanxi.change"
    return report.outcome


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 673-674: enterprise → another enterprise or an individual, individual →
    another individual or an enterprise: all allowed, with no condition stated."""
    enterprise, alone = make_filing(KEY), make_filing(KEY, "individual")
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.enterprise)) is Outcome.allowed
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.enterprise,
                                                    individual_is_legal_representative=False)) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 673-674 say nothing of a new name or number: undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(target)) is Outcome.undetermined


def test_a_transfer_has_no_condition_beyond_the_authoritys_rules(icp_engine: Engine) -> None:
    """Line 678: the information must meet the authority's rules (a note); nothing to match,
    so even a transfer whose name differs is allowed, by Shanxi's own rule."""
    enterprise = make_filing(KEY)
    other = OriginalFiling(subject_name="山西旧名称有限公司", certificate_number=enterprise.subject.certificate_number)
    report = icp_engine.transfer(enterprise, TransferRequest(other))
    assert report.outcome is Outcome.allowed
    assert report.reasons[0].rule_id == "shanxi.transfer.allowed"
    assert "shanxi.transfer.information_meets_rules" in [n.rule_id for n in report.notes]


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/shanxi-individual.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "shanxi-individual.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-shanxi", [Path(__file__).parent]) == []
