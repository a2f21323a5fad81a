"""Fujian (5.4.2): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_conditional_on,
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
    original_of,
    resident_id,
    website_data,
)

KEY = "fujian"
CHANGE = "fujian.change"
OUTSIDER = resident_id("jiangxi", "19940311", "052")
LEGAL = "fujian.administrators_are_legal_representative"


def outsider(proofs: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """An individual whose ID card was issued in Jiangxi, holding ``proofs``."""
    return individual_with(KEY, {"id_number": OUTSIDER, "local_proofs": proofs or []})


def legal_representative_administers_the_website() -> list[dict[str, Any]]:
    """The baseline's website, administered by the legal representative (the subject administrator)."""
    admin = filing_data(KEY)["subject"]["administrator"]
    return [website_data(KEY, administrator=admin)]


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    """The kit's baseline has an employee as website administrator: with the letter of line 743 it passes."""
    assert_passes(icp_check(KEY, add_documents=["authorization_letter@websites[0].administrator"]))
    assert_passes(icp_check(KEY, websites=legal_representative_administers_the_website()))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 740: enterprises may file with the business licence or the organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "public_institution"})
    assert_fires(bad, "fujian.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "fujian.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}), "fujian.enterprise_certificate")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 741: the domain holder must be the filing subject (not even its legal representative)."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "fujian.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    legal = filing_data(KEY)["subject"]["legal_representative"]
    by_legal = website_data(KEY, domain={"holder_name": legal["name"], "holder_certificate_number": legal["id_number"]})
    assert_fires(icp_check(KEY, websites=[by_legal]), "fujian.domain_holder_is_subject")
    assert_not_fires(icp_check(KEY), "fujian.domain_holder_is_subject")


def test_non_local_individuals_need_a_fujian_residence_permit(icp_check: Check) -> None:
    """Line 742: an individual whose ID card is not from Fujian must provide a Fujian
    residence permit; a temporary residence permit is not named, nor is a permit of another province."""
    bad = icp_check(KEY, "individual", **outsider())
    assert_fires(bad, "fujian.individual_local_identity", "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "fujian.individual_local_identity")
    held = icp_check(KEY, "individual", **outsider([{"kind": "residence_permit", "province": KEY}]))
    assert_not_fires(held, "fujian.individual_local_identity")
    for proof in ({"kind": "temporary_residence_permit", "province": KEY},
                  {"kind": "residence_permit", "province": "jiangxi"}):
        assert_fires(icp_check(KEY, "individual", **outsider([proof])), "fujian.individual_local_identity",
                     "subject.administrator")


def test_the_residence_permit_is_a_document_only_for_non_local_individuals(icp_engine: Engine) -> None:
    """Line 742: the residence permit upload is asked only when the ID card is not from Fujian."""
    on = icp_engine.documents(make_filing(KEY, "individual",
                                          **outsider([{"kind": "residence_permit", "province": KEY}])))
    assert_requires_document(on, "residence_permit", "fujian.individual_local_identity")
    off = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(off, "residence_permit", "fujian.individual_local_identity")
    enterprise = icp_engine.documents(make_filing(KEY))
    assert_no_document(enterprise, "residence_permit", "fujian.individual_local_identity")


def test_administrators_who_are_not_the_legal_representative_need_a_letter(icp_check: Check) -> None:
    """Lines 743 and 750: the subject (administrator) and the website administrator must be
    the enterprise's legal representative; otherwise a letter of authorization with the
    company seal and the legal representative's signature is provided (not a refusal)."""
    employee = icp_check(KEY)   # the baseline's website administrator is an employee
    finding = assert_fires(employee, LEGAL, "websites[0].administrator.is_legal_representative")
    assert "authorization" in finding.message.en and "授权书" in finding.message.zh
    assert_not_fires(icp_check(KEY, add_documents=["authorization_letter@websites[0].administrator"]), LEGAL)
    assert_not_fires(icp_check(KEY, websites=legal_representative_administers_the_website()), LEGAL)
    subject_admin = {"administrator": {"is_legal_representative": False}}
    bad = icp_check(KEY, subject=subject_admin, websites=legal_representative_administers_the_website())
    assert_fires(bad, LEGAL, "subject.administrator.is_legal_representative")
    both = ["authorization_letter", "authorization_letter@websites[0].administrator"]
    assert_not_fires(icp_check(KEY, subject=subject_admin, add_documents=both), LEGAL)
    assert_not_fires(icp_check(KEY, "individual"), LEGAL)


def test_the_letter_is_a_document_only_when_an_administrator_is_not_the_legal_representative(
        icp_engine: Engine) -> None:
    """Line 750: the letter of authorization is asked for the website administrator who is
    not the legal representative, and never when both are."""
    on = icp_engine.documents(make_filing(KEY))
    assert_requires_document(on, "authorization_letter", LEGAL)
    assert [d.field for d in on.documents if d.document == "authorization_letter"] == ["websites[0].administrator"]
    off = icp_engine.documents(make_filing(KEY, websites=legal_representative_administers_the_website()))
    assert_no_document(off, "authorization_letter", LEGAL)
    assert_no_document(icp_engine.documents(make_filing(KEY, "individual")), "authorization_letter", LEGAL)


def test_the_letter_uploaded_for_the_website_administrator_is_accepted(icp_check: Check) -> None:
    """Line 750: the letter uploaded for the one administrator the documents list names; a
    letter for the whole filing stands for the subject's administrator, not for a website's
    (a filing may have many websites, each with its own administrator)."""
    uploaded = icp_check(KEY, add_documents=["authorization_letter@websites[0].administrator"])
    assert_not_fires(uploaded, LEGAL)
    assert not [d for d in uploaded.documents if d.document == "authorization_letter" and not d.provided]
    assert_fires(icp_check(KEY, add_documents=["authorization_letter"]), LEGAL,
                 "websites[0].administrator.is_legal_representative")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 747-749: the enterprise's certificate and both administrators' IDs; the
    individual's ID; the authenticity statement for every filing."""
    assert_standard_documents(icp_engine, KEY)


def test_enterprise_to_individual_is_refused(icp_engine: Engine) -> None:
    """Line 754: an enterprise filing cannot become an individual's, even when the
    individual is the legal representative."""
    enterprise = make_filing(KEY)
    assert decide_change(icp_engine, enterprise, ChangeTarget.individual, CHANGE) is Outcome.denied
    legal = ChangeRequest(ChangeTarget.individual, individual_is_legal_representative=True)
    assert decide_change(icp_engine, enterprise, legal, CHANGE) is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number])
def test_a_new_name_or_number_needs_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 755: a changed organisation name or document number needs the issuing authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert_change_conditional_on(icp_engine, enterprise, target, CHANGE, document="certificate_of_change")


@pytest.mark.parametrize("filing, target", [
    ("enterprise", ChangeTarget.new_name_and_certificate_number),
    ("enterprise", ChangeTarget.enterprise),
    ("individual", ChangeTarget.individual),
    ("individual", ChangeTarget.enterprise),
])
def test_changes_the_section_does_not_state_are_left_to_review(icp_engine: Engine, filing: str,
                                                               target: ChangeTarget) -> None:
    """Lines 754-755 say nothing of both name and number at once, enterprise → another
    enterprise, or an individual filing's changes: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY, filing), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_the_name_and_number_of_the_original(icp_engine: Engine) -> None:
    """Line 759: the subject's name and document number must match the original filing,
    otherwise change or cancel it at the previous provider and file anew (refused);
    lines 761-762 are notes."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "福建旧名称有限公司"}, {"certificate_number": "91350100MA0000000X"}],
        Outcome.denied, "fujian.transfer.consistency", documents=["certificate_of_change"])
    assert_notes(allowed, "fujian.transfer.domicile_and_address", "fujian.transfer.changes_after_transfer")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/fujian-enterprise.yaml passes."""
    assert_example_passes("fujian-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-fujian", [Path(__file__).parent]) == []
