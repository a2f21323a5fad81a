"""Sichuan (5.8.3): every bullet of the section, read from the guide, with a filing that
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
from icp_core.report import DocumentsReport, Outcome, Report
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
KEY = "sichuan"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
OUTSIDER = resident_id("chongqing", "19900307", "123")
#: People who hold no identity document issued in Sichuan, as line 1267 lists them.
NON_MAINLAND = {
    "foreign": {"residency": "foreign", "id_type": "passport", "id_number": "E12345678", "birth_date": "1990-03-07"},
    "hong_kong_macao": {"residency": "hong_kong_macao", "id_type": "hk_macao_travel_permit",
                        "id_number": "H12345678", "birth_date": "1990-03-07"},
    "taiwan": {"residency": "taiwan", "id_type": "taiwan_travel_permit", "id_number": "12345678",
               "birth_date": "1990-03-07"},
}


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
    bad = icp_check(KEY, "individual", **individual_with({"id_number": OUTSIDER}))
    assert_fires(bad, "sichuan.individual_local_identity", "subject.administrator")
    held = individual_with({"id_number": OUTSIDER, "local_proofs": [{"kind": proof, "province": KEY}]})
    assert_not_fires(icp_check(KEY, "individual", **held), "sichuan.individual_local_identity")
    elsewhere = individual_with({"id_number": OUTSIDER, "local_proofs": [{"kind": proof, "province": "chongqing"}]})
    assert_fires(icp_check(KEY, "individual", **elsewhere), "sichuan.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "sichuan.individual_local_identity")


@pytest.mark.parametrize("residency", sorted(NON_MAINLAND))
def test_foreigners_and_hong_kong_macao_taiwan_residents_need_the_proof_too(icp_check: Check,
                                                                             residency: str) -> None:
    """Line 1267: "including foreigners and residents of Hong Kong, Macao, and Taiwan"."""
    person = NON_MAINLAND[residency]
    bad = icp_check(KEY, "individual", **individual_with(person))
    assert_fires(bad, "sichuan.individual_local_identity", "subject.administrator")
    working = individual_with({**person, "local_proofs": [{"kind": "employment", "province": KEY}]})
    assert_not_fires(icp_check(KEY, "individual", **working), "sichuan.individual_local_identity")


def test_the_proof_is_a_document_only_for_non_local_individuals(icp_engine: Engine) -> None:
    """Line 1280: individuals without a Sichuan identity document upload the proof."""
    held = individual_with({"id_number": OUTSIDER, "local_proofs": [{"kind": "social_insurance", "province": KEY}]})
    on = icp_engine.documents(make_filing(KEY, "individual", **held))
    assert_requires_document(on, "local_proof", "sichuan.individual_local_identity")
    foreigner = individual_with({**NON_MAINLAND["foreign"], "local_proofs": [{"kind": "employment", "province": KEY}]})
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
    assert_fires(icp_check(KEY, "individual", **individual_with(young)), "sichuan.individual_minimum_age",
                 "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "sichuan.individual_minimum_age")
    # Read as individual filings: an enterprise filing is not judged by this rule.
    bad = icp_check(KEY, subject={"legal_representative": young, "administrator": young})
    assert_not_fires(bad, "sichuan.individual_minimum_age")


def test_the_domain_is_held_by_the_subject_or_the_legal_representative(icp_check: Check) -> None:
    """Line 1273: the domain holder is the filing subject or the legal representative."""
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "sichuan.domain_holder", "websites[0].domains[0].holder_name")
    legal = filing_data(KEY)["subject"]["legal_representative"]
    by_legal = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": legal["name"],
                                                          "holder_certificate_number": legal["id_number"]})]})
    assert_not_fires(icp_check(KEY, websites=[by_legal]), "sichuan.domain_holder")
    assert_not_fires(icp_check(KEY), "sichuan.domain_holder")


def test_domain_privacy_protection_is_off(icp_check: Check) -> None:
    """Line 1273: privacy protection set on the domain must be disabled while filing."""
    hidden = merge(WEBSITE, {"domains": [merge(DOMAIN, {"privacy_protection": True})]})
    assert_fires(icp_check(KEY, websites=[hidden]), "sichuan.domain_privacy_off",
                 "websites[0].domains[0].privacy_protection")
    assert_not_fires(icp_check(KEY), "sichuan.domain_privacy_off")


def _asked_by_sichuan(report: DocumentsReport, document: str) -> bool:
    return any(d.document == document and any(r.startswith("sichuan.") for r in (d.rule_id, *d.also_required_by))
               for d in report.documents)


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1277-1278: enterprise certificate and the administrators' IDs; the individual's ID.
    The section lists no authenticity statement, and this plugin asks for none."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "sichuan.document.subject_certificate"),
                           ("subject_administrator_id", "sichuan.document.subject_administrator_id"),
                           ("website_administrator_id", "sichuan.document.website_administrator_id")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "sichuan.document.subject_certificate")
    assert_no_document(alone, "subject_administrator_id", "sichuan.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "sichuan.document.website_administrator_id")
    assert not _asked_by_sichuan(enterprise, "authenticity_statement")
    assert not _asked_by_sichuan(alone, "authenticity_statement")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "sichuan.change"
    return report.outcome


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 1284-1285: enterprise → another enterprise or an individual, individual →
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
    """Lines 1284-1285 say nothing of a new name or number: undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(target)) is Outcome.undetermined


def test_transfer_needs_name_and_number_to_match(icp_engine: Engine) -> None:
    """Line 1289: the subject's name and document number as on record, otherwise change or
    cancel there first (denied); line 1290 (administrators among them) is a note."""
    enterprise = make_filing(KEY)
    subject = enterprise.subject
    same = OriginalFiling(subject_name=subject.name, certificate_number=subject.certificate_number)
    allowed = icp_engine.transfer(enterprise, TransferRequest(same))
    assert allowed.outcome is Outcome.allowed
    assert "sichuan.transfer.domicile_and_address" in [n.rule_id for n in allowed.notes]
    mismatches: list[dict[str, Any]] = [{"subject_name": "四川旧名称有限公司"},
                                        {"certificate_number": "91510100MA0000000X"}]
    for mismatch in mismatches:
        report = icp_engine.transfer(enterprise, TransferRequest(attrs.evolve(same, **mismatch)))
        assert report.outcome is Outcome.denied, mismatch
        assert report.reasons[0].rule_id == "sichuan.transfer.consistency"
    other_admins = attrs.evolve(same, subject_administrator_name="另一个人", website_administrator_names=("另一个人",))
    assert icp_engine.transfer(enterprise, TransferRequest(other_admins)).outcome is Outcome.allowed


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/sichuan-individual.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "sichuan-individual.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-sichuan", [Path(__file__).parent]) == []
