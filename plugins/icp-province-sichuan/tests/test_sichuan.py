"""Sichuan (5.8.3): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_all_allowed,
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

KEY = "sichuan"
CHANGE = "sichuan.change"
OUTSIDER = resident_id("chongqing", "19900307", "123")
#: People who hold no identity document issued in Sichuan, as line 1267 lists them.
NON_MAINLAND = {
    "foreign": {"residency": "foreign", "id_type": "passport", "id_number": "E12345678", "birth_date": "1990-03-07"},
    "hong_kong_macao": {"residency": "hong_kong_macao", "id_type": "hk_macao_travel_permit",
                        "id_number": "H12345678", "birth_date": "1990-03-07"},
    "taiwan": {"residency": "taiwan", "id_type": "taiwan_travel_permit", "id_number": "12345678",
               "birth_date": "1990-03-07"},
}


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 1266: enterprises use the business licence and organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "public_institution"})
    assert_fires(bad, "sichuan.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "sichuan.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}),
                     "sichuan.enterprise_certificate")


@pytest.mark.parametrize("proof", ["student_id", "social_insurance", "employment", "residence_permit", "other"])
def test_non_local_individuals_prove_studying_living_or_working_in_sichuan(icp_check: Check, proof: str) -> None:
    """Lines 1267 and 1280: an ID whose domicile is not in Sichuan needs a proof of studying,
    living or working there: student ID, social insurance, employment, residence permit or
    other such documents."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    assert_fires(bad, "sichuan.individual_local_identity", "subject.administrator")
    held = individual_with(KEY, {"id_number": OUTSIDER, "local_proofs": [{"kind": proof, "province": KEY}]})
    assert_not_fires(icp_check(KEY, "individual", **held), "sichuan.individual_local_identity")
    elsewhere = individual_with(KEY, {"id_number": OUTSIDER,
                                      "local_proofs": [{"kind": proof, "province": "chongqing"}]})
    assert_fires(icp_check(KEY, "individual", **elsewhere), "sichuan.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "sichuan.individual_local_identity")


@pytest.mark.parametrize("residency", sorted(NON_MAINLAND))
def test_foreigners_and_hong_kong_macao_taiwan_residents_need_the_proof_too(icp_check: Check,
                                                                             residency: str) -> None:
    """Line 1267: "including foreigners and residents of Hong Kong, Macao, and Taiwan"."""
    person = NON_MAINLAND[residency]
    bad = icp_check(KEY, "individual", **individual_with(KEY, person))
    assert_fires(bad, "sichuan.individual_local_identity", "subject.administrator")
    working = individual_with(KEY, {**person, "local_proofs": [{"kind": "employment", "province": KEY}]})
    assert_not_fires(icp_check(KEY, "individual", **working), "sichuan.individual_local_identity")


def test_the_proof_is_a_document_only_for_non_local_individuals(icp_engine: Engine) -> None:
    """Line 1280: individuals without a Sichuan identity document upload the proof."""
    held = individual_with(KEY, {"id_number": OUTSIDER,
                                 "local_proofs": [{"kind": "social_insurance", "province": KEY}]})
    on = icp_engine.documents(make_filing(KEY, "individual", **held))
    assert_requires_document(on, "local_proof", "sichuan.individual_local_identity")
    foreigner = individual_with(KEY, {**NON_MAINLAND["foreign"],
                                      "local_proofs": [{"kind": "employment", "province": KEY}]})
    assert_requires_document(icp_engine.documents(make_filing(KEY, "individual", **foreigner)), "local_proof",
                             "sichuan.individual_local_identity")
    off = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(off, "local_proof", "sichuan.individual_local_identity")


def test_enterprise_administrators_may_come_from_elsewhere(icp_check: Check) -> None:
    """Line 1267 is an "Individual" bullet: an enterprise's administrator needs no Sichuan ID."""
    outside = {"administrator": {"id_number": OUTSIDER}, "legal_representative": {"id_number": OUTSIDER}}
    assert_not_fires(icp_check(KEY, subject=outside), "sichuan.individual_local_identity")


def test_the_subject_administrator_is_the_legal_representative_or_has_a_letter(icp_check: Check) -> None:
    """Lines 1268 and 1279: the subject administrator must be the legal representative;
    otherwise a letter of authorization from the legal representative."""
    not_legal = {"administrator": {"is_legal_representative": False}}
    bad = icp_check(KEY, subject=not_legal)
    assert_fires(bad, "sichuan.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    lettered = icp_check(KEY, subject=not_legal, add_documents=["authorization_letter"])
    assert_not_fires(lettered, "sichuan.subject_administrator_is_legal_representative")
    assert_not_fires(icp_check(KEY), "sichuan.subject_administrator_is_legal_representative")


def test_the_letter_is_a_document_only_when_the_subject_administrator_is_not_the_legal_representative(
        icp_engine: Engine) -> None:
    """Line 1279: "if the subject is not the legal representative, a letter of authorization"."""
    on = icp_engine.documents(make_filing(KEY, subject={"administrator": {"is_legal_representative": False}}))
    assert_requires_document(on, "authorization_letter", "sichuan.subject_administrator_is_legal_representative")
    off = icp_engine.documents(make_filing(KEY))
    assert_no_document(off, "authorization_letter", "sichuan.subject_administrator_is_legal_representative")


def test_individuals_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 1269: individuals younger than 18 cannot file."""
    young = {"id_number": resident_id(KEY, "20100307", "001"), "birth_date": None}
    assert_fires(icp_check(KEY, "individual", **individual_with(KEY, young)), "sichuan.individual_minimum_age",
                 "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "sichuan.individual_minimum_age")
    # Read as individual filings: an enterprise filing is not judged by this rule.
    bad = icp_check(KEY, subject={"legal_representative": young, "administrator": young})
    assert_not_fires(bad, "sichuan.individual_minimum_age")


def test_the_domain_is_held_by_the_subject_or_the_legal_representative(icp_check: Check) -> None:
    """Line 1273: the domain holder is the filing subject or the legal representative."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "sichuan.domain_holder", "websites[0].domains[0].holder_name")
    legal = filing_data(KEY)["subject"]["legal_representative"]
    by_legal = website_data(KEY, domain={"holder_name": legal["name"], "holder_certificate_number": legal["id_number"]})
    assert_not_fires(icp_check(KEY, websites=[by_legal]), "sichuan.domain_holder")
    assert_not_fires(icp_check(KEY), "sichuan.domain_holder")


def test_domain_privacy_protection_is_off(icp_check: Check) -> None:
    """Line 1273: privacy protection set on the domain must be disabled while filing."""
    hidden = website_data(KEY, domain={"privacy_protection": True})
    assert_fires(icp_check(KEY, websites=[hidden]), "sichuan.domain_privacy_off",
                 "websites[0].domains[0].privacy_protection")
    assert_not_fires(icp_check(KEY), "sichuan.domain_privacy_off")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1277-1278: enterprise certificate and the administrators' IDs; the individual's ID.
    The section lists no authenticity statement, and this plugin asks for none."""
    assert_standard_documents(icp_engine, KEY, documents=["subject_certificate", "subject_administrator_id",
                                                          "website_administrator_id"])


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 1284-1285: enterprise → another enterprise or an individual, individual →
    another individual or an enterprise: all allowed, with no condition stated."""
    assert_change_all_allowed(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1284-1285 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_and_number_to_match(icp_engine: Engine) -> None:
    """Line 1289: the subject's name and document number as on record, otherwise change or
    cancel there first (denied); line 1290 (administrators among them) is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "四川旧名称有限公司"}, {"certificate_number": "91510100MA0000000X"}],
        Outcome.denied, "sichuan.transfer.consistency",
        ignored=[{"subject_administrator_name": "另一个人", "website_administrator_names": ("另一个人",)}])
    assert_notes(allowed, "sichuan.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/sichuan-individual.yaml passes."""
    assert_example_passes("sichuan-individual")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-sichuan", [Path(__file__).parent]) == []
