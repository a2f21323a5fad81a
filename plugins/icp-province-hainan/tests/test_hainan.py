"""Hainan (5.5.3): every bullet of the section, read from the guide, with a filing that
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
)

Check = Callable[..., Report]
KEY = "hainan"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]


def individual_with(person: dict[str, Any]) -> dict[str, Any]:
    """The baseline individual filing, with ``person`` merged into the individual everywhere."""
    website = filing_data(KEY, "individual")["websites"][0]
    return {"subject": {"administrator": person}, "websites": [merge(website, {"administrator": person})]}


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
    bad = icp_check(KEY, "individual", **individual_with({"id_type": document}))
    assert_fires(bad, "hainan.individual_resident_id_card", "subject.administrator.id_type")
    assert_not_fires(icp_check(KEY, "individual"), "hainan.individual_resident_id_card")


def test_residents_of_hong_kong_and_macao_use_their_permits(icp_check: Check) -> None:
    """Line 964 binds mainland citizens; section 1 lets Hong Kong and Macao residents file
    with their permits, which Hainan does not refuse."""
    report = icp_check(KEY, "individual", **individual_with({"residency": "hong_kong_macao",
                                                             "id_type": "hk_macao_travel_permit"}))
    assert_not_fires(report, "hainan.individual_resident_id_card")
    assert_not_fires(report, "hainan.individual_no_temporary_id_card")


def test_temporary_id_cards_are_refused(icp_check: Check) -> None:
    """Line 964: temporary ID cards are not supported, whoever the individual is."""
    bad = icp_check(KEY, "individual", **individual_with({"id_type": "temporary_id_card"}))
    assert_fires(bad, "hainan.individual_no_temporary_id_card", "subject.administrator.id_type")
    unstated = icp_check(KEY, "individual", **individual_with({"id_type": "temporary_id_card", "residency": None}))
    assert_fires(unstated, "hainan.individual_no_temporary_id_card", "subject.administrator.id_type")
    assert_not_fires(icp_check(KEY, "individual"), "hainan.individual_no_temporary_id_card")


def test_the_identity_rules_are_about_individuals(icp_check: Check) -> None:
    """Line 964 is the "Individuals" bullet: an enterprise's website administrator is not bound by it."""
    website = merge(WEBSITE, {"administrator": {"id_type": "temporary_id_card"}})
    report = icp_check(KEY, websites=[website])
    assert_not_fires(report, "hainan.individual_no_temporary_id_card")
    assert_not_fires(report, "hainan.individual_resident_id_card")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 965: the domain holder must be the filing subject."""
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "hainan.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "hainan.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 969-971: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "hainan.document.subject_certificate"),
                           ("subject_administrator_id", "hainan.document.subject_administrator_id"),
                           ("website_administrator_id", "hainan.document.website_administrator_id"),
                           ("authenticity_statement", "hainan.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "hainan.document.subject_certificate")
    assert_requires_document(alone, "authenticity_statement", "hainan.document.authenticity_statement")
    assert_no_document(alone, "subject_administrator_id", "hainan.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "hainan.document.website_administrator_id")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "hainan.change"
    return report.outcome


def test_enterprise_changes_are_allowed(icp_engine: Engine) -> None:
    """Line 975: an enterprise filing can become another enterprise's or an individual's."""
    enterprise = make_filing(KEY)
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.enterprise)) is Outcome.allowed
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 976: individual → another individual allowed; → enterprise if the individual is
    that enterprise's legal representative."""
    alone = make_filing(KEY, "individual")
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed
    to_enterprise = ChangeRequest(ChangeTarget.enterprise)
    assert _change(icp_engine, alone, to_enterprise) is Outcome.conditional
    assert _change(icp_engine, alone, attrs.evolve(to_enterprise, individual_is_legal_representative=True)) \
        is Outcome.allowed
    assert _change(icp_engine, alone, attrs.evolve(to_enterprise, individual_is_legal_representative=False)) \
        is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 975-976 say nothing of a new name or number: undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(target)) is Outcome.undetermined


def test_a_transfer_has_no_condition_beyond_the_authoritys_rules(icp_engine: Engine) -> None:
    """Line 980: the information must meet the authority's rules (a note) and may be changed
    after the transfer; nothing to match, so even a transfer whose name differs is allowed."""
    enterprise = make_filing(KEY)
    other = OriginalFiling(subject_name="海南旧名称有限公司", certificate_number=enterprise.subject.certificate_number)
    report = icp_engine.transfer(enterprise, TransferRequest(other))
    assert report.outcome is Outcome.allowed
    assert report.reasons[0].rule_id == "hainan.transfer.allowed"
    assert "hainan.transfer.information_meets_rules" in [n.rule_id for n in report.notes]


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/hainan-individual.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "hainan-individual.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-hainan", [Path(__file__).parent]) == []
