"""Hubei (5.6.2): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget, TransferRequest
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_example_passes,
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_requires_document,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    filing_data,
    individual_with,
    make_filing,
    merge,
    original_of,
    resident_id,
    website_data,
)

KEY = "hubei"
CHANGE = "hubei.change"
DATA = filing_data(KEY)
WEBSITE = DATA["websites"][0]
DOMAIN = WEBSITE["domains"][0]
LETTER = "authorization_letter"
#: The letter as the documents list asks for it: uploaded for the website administrator it authorizes.
WEBSITE_LETTER = f"{LETTER}@websites[0].administrator"
# The enterprise's website run by its legal representative (the subject administrator).
RUN_BY_LEGAL = website_data(KEY, administrator=DATA["subject"]["administrator"])
OUTSIDER = resident_id("henan", "19950612", "045")
MINOR = resident_id(KEY, "20100307", "003")   # 16 on the kit's evaluation date (2026-12-01)


def individual(id_number: str, proofs: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """Overrides for an individual filing whose person holds ``id_number`` (and ``proofs``):
    subject, website administrator and domain holder stay one and the same person."""
    return individual_with(KEY, {"id_number": id_number, "local_proofs": proofs or []})


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    """The kit's enterprise has a website administrator who is not the legal
    representative: with the letter of authorization (line 1019) it passes."""
    assert_passes(icp_check(KEY, add_documents=[WEBSITE_LETTER]))
    assert_passes(icp_check(KEY, websites=[RUN_BY_LEGAL]))
    assert_passes(icp_check(KEY, "individual"))


@pytest.mark.parametrize("certificate", ["business_license", "organization_code"])
def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check, certificate: str) -> None:
    """Line 1017: enterprises may use the business licence or the organisation code certificate."""
    assert_not_fires(icp_check(KEY, subject={"certificate_type": certificate}), "hubei.enterprise_certificate")
    other = icp_check(KEY, subject={"certificate_type": "public_institution"})
    assert_fires(other, "hubei.enterprise_certificate", "subject.certificate_type")


def test_non_local_individuals_need_a_residence_or_temporary_residence_permit(icp_check: Check) -> None:
    """Line 1018: an individual whose ID domicile is not in Hubei must provide a residence
    permit or a temporary residence permit (held for Hubei)."""
    assert_fires(icp_check(KEY, "individual", **individual(OUTSIDER)), "hubei.individual_local_identity",
                 "subject.administrator")
    for kind in ("residence_permit", "temporary_residence_permit"):
        held = icp_check(KEY, "individual", **individual(OUTSIDER, [{"kind": kind, "province": KEY}]))
        assert_not_fires(held, "hubei.individual_local_identity")
    in_hunan = [{"kind": "residence_permit", "province": "hunan"}]
    elsewhere = icp_check(KEY, "individual", **individual(OUTSIDER, in_hunan))
    assert_fires(elsewhere, "hubei.individual_local_identity", "subject.administrator")
    student = icp_check(KEY, "individual", **individual(OUTSIDER, [{"kind": "student_id", "province": KEY}]))
    assert_fires(student, "hubei.individual_local_identity", "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "hubei.individual_local_identity")


def test_the_permit_is_a_document_only_for_non_local_individuals(icp_engine: Engine) -> None:
    """Line 1018: the permit "must be provided": an upload asked only of a non-local individual."""
    permit = [{"kind": "temporary_residence_permit", "province": KEY}]
    on = icp_engine.documents(make_filing(KEY, "individual", **individual(OUTSIDER, permit)))
    assert_requires_document(on, "residence_permit", "hubei.individual_local_identity")
    off = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(off, "residence_permit", "hubei.individual_local_identity")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1019: the subject administrator must be the legal representative; the letter of
    authorization is for the website administrator only."""
    not_legal = {"subject": {"administrator": {"is_legal_representative": False}}}
    assert_fires(icp_check(KEY, add_documents=[WEBSITE_LETTER], **not_legal),
                 "hubei.subject_administrator_is_legal_representative", "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "hubei.subject_administrator_is_legal_representative")


def test_the_website_administrator_is_the_legal_representative_or_authorized(icp_check: Check) -> None:
    """Lines 1019 and 1028: the website administrator must be the legal representative;
    otherwise the enterprise provides the legal representative's letter of authorization."""
    assert_fires(icp_check(KEY), "hubei.website_administrator_is_legal_representative",
                 "websites[0].administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY, add_documents=[WEBSITE_LETTER]),
                     "hubei.website_administrator_is_legal_representative")
    assert_not_fires(icp_check(KEY, websites=[RUN_BY_LEGAL]), "hubei.website_administrator_is_legal_representative")
    assert_not_fires(icp_check(KEY, "individual"), "hubei.website_administrator_is_legal_representative")


def test_the_letter_of_authorization_is_a_document_only_when_needed(icp_engine: Engine) -> None:
    """Line 1028: enterprises whose website administrator is not the legal representative
    upload the letter of authorization; one run by the legal representative does not."""
    on = icp_engine.documents(make_filing(KEY))
    assert_requires_document(on, LETTER, "hubei.website_administrator_is_legal_representative")
    assert [d.field for d in on.documents if d.document == LETTER] == ["websites[0].administrator"]
    off = icp_engine.documents(make_filing(KEY, websites=[RUN_BY_LEGAL]))
    assert_no_document(off, LETTER, "hubei.website_administrator_is_legal_representative")


def test_a_letter_uploaded_for_the_website_administrator_is_accepted(icp_check: Check) -> None:
    """Line 1028: the letter uploaded for the website administrator it authorizes counts."""
    report = icp_check(KEY, add_documents=[f"{LETTER}@websites[0].administrator"])
    assert_not_fires(report, "hubei.website_administrator_is_legal_representative")


def test_individuals_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 1020: individuals under 18 cannot file, whatever they upload."""
    minor = individual(MINOR)
    assert_fires(icp_check(KEY, "individual", **minor), "hubei.minimum_age", "subject.administrator")
    assert_fires(icp_check(KEY, "individual", add_documents=["guardian_id"], **minor), "hubei.minimum_age",
                 "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "hubei.minimum_age")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 1021: the domain holder must be the filing subject."""
    other = merge(RUN_BY_LEGAL, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "hubei.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "hubei.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1025-1027: enterprises upload the certificate and the subject and website
    administrators' IDs, individuals their ID; everybody the authenticity statement."""
    _, alone = assert_standard_documents(icp_engine, KEY)
    assert_no_document(alone, LETTER)


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.individual])
def test_enterprise_filings_can_become_another_enterprises_or_an_individuals(
        icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 1032: enterprise → another enterprise or an individual, with no condition."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.individual, ChangeTarget.enterprise])
def test_individual_filings_can_become_another_individuals_or_an_enterprises(
        icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 1033: individual → another individual or an enterprise, with no condition."""
    assert decide_change(icp_engine, make_filing(KEY, "individual"), target, CHANGE) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_cells_the_section_leaves_open_are_undetermined(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1032-1033 say nothing of a change of name or number: decided by review."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_the_subject_name_to_match(icp_engine: Engine) -> None:
    """Line 1037: the subject's name as on record, otherwise change or cancel at the
    previous provider and file anew (denied); only the name is compared. Line 1038: a note."""
    enterprise = make_filing(KEY)
    same = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise), [{"subject_name": "湖北旧名称有限公司"}],
        Outcome.denied, "hubei.transfer.consistency", ignored=[{"certificate_number": "91420100MA0000000X"}])
    assert_notes(same, "hubei.transfer.domicile_and_address")


def test_enterprise_transfer_needs_the_administrator_to_be_the_legal_representative(icp_engine: Engine) -> None:
    """Line 1039: an enterprise's administrator must be the legal representative; if not,
    change it at the previous provider first, then transfer (denied here); unknown → a
    condition. Individuals are not concerned."""
    not_legal = make_filing(KEY, subject={"administrator": {"is_legal_representative": False}})
    denied = icp_engine.transfer(not_legal, TransferRequest(original_of(not_legal)))
    assert denied.outcome is Outcome.denied
    assert [r.rule_id for r in denied.reasons] == ["hubei.transfer.administrator_is_legal_representative"]
    # Not stated, and no legal representative given to compare with: unknown.
    unknown = make_filing(KEY, subject={"legal_representative": None,
                                        "administrator": {"is_legal_representative": None}})
    report = icp_engine.transfer(unknown, TransferRequest(original_of(unknown)))
    assert report.outcome is Outcome.conditional
    assert [c.rule_id for c in report.conditions] == ["hubei.transfer.administrator_is_legal_representative"]
    alone = make_filing(KEY, "individual")
    assert icp_engine.transfer(alone, TransferRequest(original_of(alone))).outcome is Outcome.allowed


def test_a_website_administrator_with_a_letter_does_not_stop_a_transfer(icp_engine: Engine) -> None:
    """Line 1039 names one administrator, read as the subject administrator (line 1019 lets
    the website administrator be someone else with a letter)."""
    enterprise = make_filing(KEY, add_documents=[WEBSITE_LETTER])
    assert icp_engine.transfer(enterprise, TransferRequest(original_of(enterprise))).outcome is Outcome.allowed


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/hubei-enterprise.yaml passes."""
    assert_example_passes("hubei-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-hubei", [Path(__file__).parent]) == []
