"""Xinjiang (5.7.5): every bullet of the section, read from the guide, with a filing that
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
KEY = "xinjiang"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
OUTSIDER = resident_id("gansu", "19900307", "123")


def individual_with(admin: dict[str, Any]) -> dict[str, Any]:
    """An individual filing whose person (subject and website administrator) is ``admin``."""
    website = filing_data(KEY, "individual")["websites"][0]
    number = admin["id_number"]
    return {"subject": {"certificate_number": number, "administrator": admin},
            "websites": [merge(website, {"administrator": admin, "domains": [
                merge(website["domains"][0], {"holder_certificate_number": number})]})]}


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 1184: enterprises use the business licence and organisation code certificate
    (a filing names one: either is accepted, nothing else)."""
    bad = icp_check(KEY, subject={"certificate_type": "other_organization"})
    assert_fires(bad, "xinjiang.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "xinjiang.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}),
                     "xinjiang.enterprise_certificate")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1184: the filing subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}},
                    add_documents=["authorization_letter"])
    assert_fires(bad, "xinjiang.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "xinjiang.subject_administrator_is_legal_representative")


def test_individuals_need_a_xinjiang_identity_document(icp_check: Check) -> None:
    """Line 1185: an individual whose ID is not from Xinjiang cannot file; a permit does not help."""
    bad = icp_check(KEY, "individual", **individual_with({"id_number": OUTSIDER}))
    assert_fires(bad, "xinjiang.individual_local_identity", "subject.administrator")
    with_permit = individual_with({"id_number": OUTSIDER,
                                   "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **with_permit), "xinjiang.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "xinjiang.individual_local_identity")
    # The bullet is about individuals: an enterprise's administrator may hold another province's ID.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}}),
                     "xinjiang.individual_local_identity")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 1186: the domain holder must be the filing subject."""
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "xinjiang.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "xinjiang.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1190-1193: enterprise certificate and the subject/website administrators' IDs;
    the individual's ID; the authenticity statement."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "xinjiang.document.subject_certificate"),
                           ("subject_administrator_id", "xinjiang.document.subject_administrator_id"),
                           ("website_administrator_id", "xinjiang.document.website_administrator_id"),
                           ("authenticity_statement", "xinjiang.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "xinjiang.document.subject_certificate")
    assert_requires_document(alone, "authenticity_statement", "xinjiang.document.authenticity_statement")
    assert_no_document(alone, "subject_administrator_id", "xinjiang.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "xinjiang.document.website_administrator_id")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "xinjiang.change"
    return report.outcome


def test_an_enterprise_filing_can_become_another_enterprises_or_an_individuals(icp_engine: Engine) -> None:
    """Line 1197: enterprise → another enterprise or an individual: allowed, no condition stated."""
    enterprise = make_filing(KEY)
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.enterprise)) is Outcome.allowed
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed


def test_an_individual_filing_can_become_another_individuals_or_an_enterprises(icp_engine: Engine) -> None:
    """Line 1198: individual → another individual or an enterprise: allowed, even when the
    individual is not the enterprise's legal representative (no condition stated)."""
    alone = make_filing(KEY, "individual")
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.enterprise,
                                                    individual_is_legal_representative=False)) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1197-1198 say nothing of a new name or number: undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(target)) is Outcome.undetermined


def test_transfer_needs_the_name_and_administrators_to_match(icp_engine: Engine) -> None:
    """Line 1202: subject name and administrator information as on record, otherwise change
    or cancel at the previous provider and file anew (denied); line 1203 is a note."""
    enterprise = make_filing(KEY)
    admin = enterprise.subject.administrator
    assert admin is not None
    same = OriginalFiling(subject_name=enterprise.subject.name,
                          certificate_number=enterprise.subject.certificate_number,
                          subject_administrator_name=admin.name, subject_administrator_id_number=admin.id_number,
                          website_administrator_names=("李晓梅",))
    allowed = icp_engine.transfer(enterprise, TransferRequest(same))
    assert allowed.outcome is Outcome.allowed
    assert "xinjiang.transfer.domicile_address_and_number" in [n.rule_id for n in allowed.notes]
    mismatches: list[dict[str, Any]] = [
        {"subject_name": "新疆旧名称有限公司"}, {"subject_administrator_name": "另一个人"},
        {"website_administrator_names": ("另一个人",)}]
    for mismatch in mismatches:
        report = icp_engine.transfer(enterprise, TransferRequest(attrs.evolve(same, **mismatch)))
        assert report.outcome is Outcome.denied, mismatch
        assert report.reasons[0].rule_id == "xinjiang.transfer.consistency"


def test_a_different_certificate_number_is_not_compared_on_transfer(icp_engine: Engine) -> None:
    """Lines 1202-1203: the document number is not among the facts that must match; it
    must only meet the authority's rules (a note)."""
    enterprise = make_filing(KEY)
    admin = enterprise.subject.administrator
    assert admin is not None
    other_number = OriginalFiling(subject_name=enterprise.subject.name, certificate_number="91650100MA0000000X",
                                  subject_administrator_name=admin.name,
                                  subject_administrator_id_number=admin.id_number,
                                  website_administrator_names=("李晓梅",))
    report = icp_engine.transfer(enterprise, TransferRequest(other_number))
    assert report.outcome is Outcome.allowed
    assert "xinjiang.transfer.domicile_address_and_number" in [n.rule_id for n in report.notes]


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/xinjiang-individual.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "xinjiang-individual.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-xinjiang", [Path(__file__).parent]) == []
