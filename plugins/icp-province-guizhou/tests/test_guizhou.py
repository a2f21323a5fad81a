"""Guizhou (5.8.2): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget
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

KEY = "guizhou"
CHANGE = "guizhou.change"
DOMAIN = website_data(KEY)["domains"][0]
OUTSIDER = resident_id("yunnan", "19900307", "123")
#: The kit's enterprise has a website administrator who is not the legal representative:
#: in Guizhou that needs the legal representative's letter of authorization (line 1239).
#: The letter as the documents list asks for it: uploaded for the website administrator it authorizes.
LETTER = ["authorization_letter@websites[0].administrator"]


def domains(count: int) -> list[dict[str, Any]]:
    """``count`` domains held by the kit's enterprise."""
    return [merge(DOMAIN, {"name": f"xinghe-example{n}.cn"}) for n in range(count)]


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY, add_documents=LETTER))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 1238: enterprises can use the business licence and organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "public_institution"}, add_documents=LETTER)
    assert_fires(bad, "guizhou.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY, add_documents=LETTER), "guizhou.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}, add_documents=LETTER),
                     "guizhou.enterprise_certificate")


def test_the_subject_is_the_legal_representative_without_exception(icp_check: Check) -> None:
    """Line 1239: the subject (its administrator) must be the legal representative; the
    letter of authorization covers the website administrator only."""
    not_legal = {"administrator": {"is_legal_representative": False}}
    bad = icp_check(KEY, subject=not_legal, add_documents=LETTER)
    assert_fires(bad, "guizhou.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY, add_documents=LETTER), "guizhou.subject_administrator_is_legal_representative")


def test_a_website_administrator_who_is_not_the_legal_representative_needs_a_letter(icp_check: Check) -> None:
    """Lines 1239 and 1251: the website administrator must be the legal representative; if
    not, a letter of authorization from the legal representative is required."""
    bad = icp_check(KEY)
    assert_fires(bad, "guizhou.website_administrator_is_legal_representative",
                 "websites[0].administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY, add_documents=LETTER), "guizhou.website_administrator_is_legal_representative")
    legal = filing_data(KEY)["subject"]["administrator"]
    himself = website_data(KEY, administrator=legal)
    report = icp_check(KEY, websites=[himself])
    assert_not_fires(report, "guizhou.website_administrator_is_legal_representative")
    assert_passes(report)


def test_the_letter_is_a_document_only_when_the_website_administrator_is_not_the_legal_representative(
        icp_engine: Engine) -> None:
    """Line 1251: enterprise whose website administrator is not the legal representative → the letter."""
    on = icp_engine.documents(make_filing(KEY))
    assert_requires_document(on, "authorization_letter", "guizhou.website_administrator_is_legal_representative")
    legal = filing_data(KEY)["subject"]["administrator"]
    off = icp_engine.documents(make_filing(KEY, websites=[website_data(KEY, administrator=legal)]))
    assert_no_document(off, "authorization_letter", "guizhou.website_administrator_is_legal_representative")
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(alone, "authorization_letter", "guizhou.website_administrator_is_legal_representative")


def test_individuals_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 1240: individuals younger than 18 cannot file."""
    young = {"id_number": resident_id(KEY, "20100307", "001"), "birth_date": None}
    assert_fires(icp_check(KEY, "individual", **individual_with(KEY, young)), "guizhou.individual_minimum_age",
                 "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "guizhou.individual_minimum_age")
    # An "Individual" bullet: an enterprise's administrator is not judged by it.
    bad = icp_check(KEY, subject={"legal_representative": young, "administrator": young}, add_documents=LETTER)
    assert_not_fires(bad, "guizhou.individual_minimum_age")


def test_non_local_individuals_need_a_residence_or_temporary_residence_permit(icp_check: Check) -> None:
    """Line 1240: the domicile on the ID must be in Guizhou; if not, a residence permit or a
    temporary residence permit (held for Guizhou)."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    assert_fires(bad, "guizhou.individual_local_identity", "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "guizhou.individual_local_identity")
    for kind in ("residence_permit", "temporary_residence_permit"):
        held = individual_with(KEY, {"id_number": OUTSIDER, "local_proofs": [{"kind": kind, "province": KEY}]})
        assert_not_fires(icp_check(KEY, "individual", **held), "guizhou.individual_local_identity")
    elsewhere = individual_with(KEY, {"id_number": OUTSIDER,
                                      "local_proofs": [{"kind": "residence_permit", "province": "yunnan"}]})
    assert_fires(icp_check(KEY, "individual", **elsewhere), "guizhou.individual_local_identity")
    student = individual_with(KEY, {"id_number": OUTSIDER,
                                    "local_proofs": [{"kind": "student_id", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **student), "guizhou.individual_local_identity")


def test_the_permit_is_a_document_only_for_non_local_individuals(icp_engine: Engine) -> None:
    """Line 1240: "upload" the permit: asked (as the local proof) only when the ID is not from Guizhou."""
    held = individual_with(KEY, {"id_number": OUTSIDER,
                                 "local_proofs": [{"kind": "temporary_residence_permit", "province": KEY}]})
    on = icp_engine.documents(make_filing(KEY, "individual", **held))
    assert_requires_document(on, "local_proof", "guizhou.individual_local_identity")
    off = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(off, "local_proof", "guizhou.individual_local_identity")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 1241: the domain holder must be the filing subject (not even the legal representative)."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other], add_documents=LETTER), "guizhou.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    legal = filing_data(KEY)["subject"]["legal_representative"]
    by_legal = website_data(KEY, domain={"holder_name": legal["name"], "holder_certificate_number": legal["id_number"]})
    assert_fires(icp_check(KEY, websites=[by_legal], add_documents=LETTER), "guizhou.domain_holder_is_subject")
    assert_not_fires(icp_check(KEY, add_documents=LETTER), "guizhou.domain_holder_is_subject")


def test_four_or_more_domains_need_domain_certificates(icp_engine: Engine) -> None:
    """Lines 1242 and 1250: a single filing with four or more domains → domain certificates,
    one for each domain; three domains need none."""
    four = icp_engine.documents(make_filing(KEY, websites=[website_data(KEY, domains=domains(4))]))
    wanted = [d for d in four.documents if d.document == "domain_certificate"]
    assert [d.field for d in wanted] == [f"websites[0].domains[{n}]" for n in range(4)]
    assert {d.rule_id for d in wanted} == {"guizhou.domain_certificates"}
    three = icp_engine.documents(make_filing(KEY, websites=[website_data(KEY, domains=domains(3))]))
    assert_no_document(three, "domain_certificate", "guizhou.domain_certificates")
    assert_no_document(icp_engine.documents(make_filing(KEY)), "domain_certificate", "guizhou.domain_certificates")


def test_domains_are_counted_across_the_websites_of_the_filing(icp_engine: Engine) -> None:
    """Line 1242: "a single ICP filing": two websites of two domains each make four."""
    sites = [website_data(KEY, domains=domains(4)[:2]), website_data(KEY, name="第二个网站", domains=domains(4)[2:])]
    report = icp_engine.documents(make_filing(KEY, websites=sites))
    assert_requires_document(report, "domain_certificate", "guizhou.domain_certificates")


def test_domain_certificates_are_listed_and_met_by_one_upload_per_domain(icp_check: Check,
                                                                          icp_engine: Engine) -> None:
    """Line 1250: the certificates are documents to upload: listed (not a finding of the
    check), each met by an upload for its own domain."""
    site = website_data(KEY, domains=domains(4))
    assert_not_fires(icp_check(KEY, websites=[site], add_documents=LETTER), "guizhou.domain_certificates")
    uploads = [f"domain_certificate@websites[0].domains[{n}]" for n in range(4)]
    report = icp_engine.documents(make_filing(KEY, websites=[site], add_documents=uploads))
    assert all(d.provided for d in report.documents if d.document == "domain_certificate")
    whole = icp_engine.documents(make_filing(KEY, websites=[site], add_documents=["domain_certificate"]))
    assert not any(d.provided for d in whole.documents if d.document == "domain_certificate")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1246-1249: enterprise certificate and the administrators' IDs; the individual's ID;
    the authenticity statement for both."""
    assert_standard_documents(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.individual])
def test_an_enterprise_filing_may_become_another_enterprise_or_an_individual(icp_engine: Engine,
                                                                              target: ChangeTarget) -> None:
    """Line 1255: an enterprise filing can be changed to another enterprise or an individual."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.individual, ChangeTarget.enterprise])
def test_individual_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 1255 speaks of enterprise filings only: an individual filing's changes are undetermined."""
    assert decide_change(icp_engine, make_filing(KEY, "individual"), target, CHANGE) is Outcome.undetermined


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 1255 says nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_number_and_administrators_to_match(icp_engine: Engine) -> None:
    """Line 1259: subject name, document number and administrator information as on record,
    otherwise change or cancel there first (denied); line 1260 is a note."""
    enterprise = make_filing(KEY, add_documents=LETTER)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "贵州旧名称有限公司"}, {"certificate_number": "91520100MA0000000X"},
         {"subject_administrator_name": "另一个人"}, {"website_administrator_names": ("另一个人",)}],
        Outcome.denied, "guizhou.transfer.consistency")
    assert_notes(allowed, "guizhou.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/guizhou-individual.yaml passes."""
    assert_example_passes("guizhou-individual")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-guizhou", [Path(__file__).parent]) == []
