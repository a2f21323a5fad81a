"""Anhui (5.4.1): every bullet of the section, read from the guide, with a filing that
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
KEY = "anhui"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]


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
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "anhui.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "anhui.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 722-724: the enterprise's certificate and both administrators' IDs; the
    individual's ID; the authenticity checklist for every filing."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "anhui.document.subject_certificate"),
                           ("subject_administrator_id", "anhui.document.subject_administrator_id"),
                           ("website_administrator_id", "anhui.document.website_administrator_id"),
                           ("authenticity_statement", "anhui.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "anhui.document.subject_certificate")
    assert_requires_document(alone, "authenticity_statement", "anhui.document.authenticity_statement")
    assert_no_document(alone, "subject_administrator_id", "anhui.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "anhui.document.website_administrator_id")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "anhui.change"
    return report.outcome


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 728-729: an enterprise filing can become another enterprise's or an
    individual's; an individual filing another individual's or an enterprise's. No
    condition is stated (not even that the individual is the legal representative)."""
    enterprise, alone = make_filing(KEY), make_filing(KEY, "individual")
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.enterprise)) is Outcome.allowed
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.enterprise,
                                                    individual_is_legal_representative=False)) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 728-729 say nothing of a new name or number: no rule, undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(target)) is Outcome.undetermined


def test_transfer_with_a_different_name_or_number_needs_a_certificate_of_change(icp_engine: Engine) -> None:
    """Line 733: the organizer's name and number must match the original filing, else a
    certificate of change is needed (and the filing is changed right after the transfer);
    line 734 is a note."""
    enterprise = make_filing(KEY)
    subject = enterprise.subject
    same = OriginalFiling(subject_name=subject.name, certificate_number=subject.certificate_number)
    allowed = icp_engine.transfer(enterprise, TransferRequest(same))
    assert allowed.outcome is Outcome.allowed
    assert "anhui.transfer.domicile_and_address" in [n.rule_id for n in allowed.notes]
    mismatches: list[dict[str, Any]] = [{"subject_name": "安徽旧名称有限公司"},
                                        {"certificate_number": "91340100MA0000000X"}]
    for mismatch in mismatches:
        other = attrs.evolve(same, **mismatch)
        report = icp_engine.transfer(enterprise, TransferRequest(other))
        assert report.outcome is Outcome.conditional, mismatch
        condition = report.conditions[0]
        assert condition.rule_id == "anhui.transfer.consistency"
        assert condition.document == "certificate_of_change" and not condition.met
        provided = icp_engine.transfer(enterprise, TransferRequest(other, frozenset({"certificate_of_change"})))
        assert provided.outcome is Outcome.allowed


def test_a_transfer_without_the_original_facts_is_incomplete(icp_engine: Engine) -> None:
    """Line 733 compares with the original filing: without its name and number nothing can be concluded."""
    report = icp_engine.transfer(make_filing(KEY), TransferRequest(OriginalFiling()))
    assert report.outcome is Outcome.incomplete
    assert "transfer.original.subject_name" in report.missing


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/anhui-enterprise.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "anhui-enterprise.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-anhui", [Path(__file__).parent]) == []
