"""Shanghai (5.4.5): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget, TransferRequest
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
    merge,
    original_of,
    resident_id,
    website_data,
)

KEY = "shanghai"
CHANGE = "shanghai.change"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
LEGAL = filing_data(KEY)["subject"]["legal_representative"]
#: The baseline's website administrator is not the legal representative: line 826 then
#: asks for the legal representative's letter of authorization.
#: The letter as the documents list asks for it: uploaded for the website administrator it authorizes.
LETTER = ["authorization_letter@websites[0].administrator"]
OUTSIDER = resident_id("jiangsu", "19900307", "123")


def hong_kong_resident(proofs: list[dict[str, str]]) -> dict[str, Any]:
    """A Hong Kong resident filing with the exit-entry permit (回乡证), holding ``proofs``."""
    admin = {"name": "陈家明", "id_type": "hk_macao_travel_permit", "id_number": "H60231847",
             "residency": "hong_kong_macao", "birth_date": "1988-04-02", "local_proofs": proofs}
    overrides = individual_with(KEY, admin)
    overrides["subject"]["name"] = "陈家明"
    overrides["websites"][0]["name"] = "陈家明的博客"
    overrides["websites"][0]["domains"][0]["holder_name"] = "陈家明"
    return overrides


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY, add_documents=LETTER))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_business_licence(icp_check: Check) -> None:
    """Line 824: enterprises use the business licence."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "shanghai.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "shanghai.enterprise_certificate")


def test_individuals_cannot_file_with_a_temporary_id_card(icp_check: Check) -> None:
    """Line 825: individuals' temporary ID cards are refused."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_type": "temporary_id_card"}))
    assert_fires(bad, "shanghai.individual_no_temporary_id_card", "subject.administrator.id_type")
    assert_not_fires(icp_check(KEY, "individual"), "shanghai.individual_no_temporary_id_card")


def test_hong_kong_and_macao_residents_may_use_their_exit_entry_permit(icp_check: Check) -> None:
    """Line 825: Hong Kong and Macao residents can file with the exit-entry permit; the
    domicile clause of the same bullet still asks a Shanghai residence permit of them."""
    held = icp_check(KEY, "individual", **hong_kong_resident([{"kind": "residence_permit", "province": KEY}]))
    assert_not_fires(held, "shanghai.individual_no_temporary_id_card")
    assert_not_fires(held, "shanghai.individual_local_identity")
    assert_passes(held)
    [note] = [n for n in held.notes if n.rule_id == "shanghai.hong_kong_macao_exit_entry_permit"]
    # For a Hong Kong or Macao resident the permit is the Mainland Travel Permit (回乡证).
    assert "港澳居民来往内地通行证" in note.message.zh
    assert "Mainland Travel Permit for Hong Kong and Macao Residents" in note.message.en
    enterprise = icp_check(KEY, add_documents=LETTER)
    assert "shanghai.hong_kong_macao_exit_entry_permit" not in [note.rule_id for note in enterprise.notes]
    without = icp_check(KEY, "individual", **hong_kong_resident([]))
    assert_fires(without, "shanghai.individual_local_identity", "subject.administrator")


def test_non_local_individuals_need_a_residence_or_temporary_residence_permit(icp_check: Check) -> None:
    """Line 825: an ID whose domicile is not in Shanghai needs a residence permit or a
    temporary one, held for Shanghai."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    assert_fires(bad, "shanghai.individual_local_identity", "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "shanghai.individual_local_identity")
    for kind in ("residence_permit", "temporary_residence_permit"):
        held = individual_with(KEY, {"id_number": OUTSIDER, "local_proofs": [{"kind": kind, "province": KEY}]})
        assert_not_fires(icp_check(KEY, "individual", **held), "shanghai.individual_local_identity")
    elsewhere = individual_with(KEY, {"id_number": OUTSIDER,
                                      "local_proofs": [{"kind": "residence_permit", "province": "jiangsu"}]})
    assert_fires(icp_check(KEY, "individual", **elsewhere), "shanghai.individual_local_identity")
    student = individual_with(KEY, {"id_number": OUTSIDER, "local_proofs": [{"kind": "student_id", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **student), "shanghai.individual_local_identity")
    # An enterprise's administrators are not held to it: the bullet is about individuals.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}}),
                     "shanghai.individual_local_identity")


def test_the_permit_is_a_document_only_for_non_local_individuals(icp_engine: Engine) -> None:
    """Line 825: the permit is uploaded only when the ID's domicile is not in Shanghai."""
    held = individual_with(KEY, {"id_number": OUTSIDER, "local_proofs": [{"kind": "temporary_residence_permit",
                                                                          "province": KEY}]})
    on = icp_engine.documents(make_filing(KEY, "individual", **held))
    assert_requires_document(on, "local_proof", "shanghai.individual_local_identity")
    off = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(off, "local_proof", "shanghai.individual_local_identity")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 826: the subject (its administrator) must be the legal representative; no letter replaces it."""
    bad = icp_check(KEY, add_documents=LETTER, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "shanghai.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "shanghai.subject_administrator_is_legal_representative")


def test_a_website_administrator_other_than_the_legal_representative_needs_a_letter(icp_check: Check) -> None:
    """Line 826 (and 835): the website administrator must be the legal representative,
    otherwise a letter of authorization from the legal representative is provided."""
    bad = icp_check(KEY)
    finding = assert_fires(bad, "shanghai.website_administrator_is_legal_representative",
                           "websites[0].administrator.is_legal_representative")
    assert "authorization" in finding.message.en and "授权书" in finding.message.zh
    assert_not_fires(icp_check(KEY, add_documents=LETTER), "shanghai.website_administrator_is_legal_representative")
    himself = website_data(KEY, administrator={**LEGAL, "mobile": WEBSITE["administrator"]["mobile"],
                                               "is_legal_representative": True})
    assert_not_fires(icp_check(KEY, websites=[himself]), "shanghai.website_administrator_is_legal_representative")


def test_the_letter_of_authorization_is_a_document_only_when_needed(icp_engine: Engine) -> None:
    """Line 835: the letter is listed for a website administrator who is not the legal representative."""
    on = icp_engine.documents(make_filing(KEY))
    assert_requires_document(on, "authorization_letter", "shanghai.website_administrator_is_legal_representative")
    himself = website_data(KEY, administrator={**LEGAL, "mobile": WEBSITE["administrator"]["mobile"],
                                               "is_legal_representative": True})
    off = icp_engine.documents(make_filing(KEY, websites=[himself]))
    assert_no_document(off, "authorization_letter", "shanghai.website_administrator_is_legal_representative")


def test_a_letter_uploaded_for_the_website_administrator_exempts_them(icp_check: Check) -> None:
    """Line 835: the letter uploaded for that website administrator."""
    report = icp_check(KEY, add_documents=["authorization_letter@websites[0].administrator"])
    assert_not_fires(report, "shanghai.website_administrator_is_legal_representative")


def test_the_domain_is_held_by_the_enterprise_or_its_legal_representative(icp_check: Check) -> None:
    """Line 827: the domain holder's name is the enterprise's or the legal representative's."""
    assert_not_fires(icp_check(KEY), "shanghai.domain_holder")
    by_legal = website_data(KEY, domain={"holder_name": LEGAL["name"],
                                                          "holder_certificate_number": LEGAL["id_number"]})
    assert_not_fires(icp_check(KEY, websites=[by_legal]), "shanghai.domain_holder")
    by_admin = website_data(KEY, domain={
        "holder_name": WEBSITE["administrator"]["name"],
        "holder_certificate_number": WEBSITE["administrator"]["id_number"]})
    assert_fires(icp_check(KEY, websites=[by_admin]), "shanghai.domain_holder", "websites[0].domains[0].holder_name")
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "shanghai.domain_holder", "websites[0].domains[0].holder_name")
    personal = filing_data(KEY, "individual")["websites"][0]
    someone = merge(personal, {"domains": [merge(personal["domains"][0], {"holder_name": "别人"})]})
    assert_fires(icp_check(KEY, "individual", websites=[someone]), "shanghai.domain_holder",
                 "websites[0].domains[0].holder_name")


def test_domain_privacy_protection_is_switched_off(icp_check: Check) -> None:
    """Line 827: privacy protection set on the domain is disabled while filing."""
    hidden = website_data(KEY, domain={"privacy_protection": True})
    assert_fires(icp_check(KEY, websites=[hidden]), "shanghai.domain_privacy_off",
                 "websites[0].domains[0].privacy_protection")
    assert_not_fires(icp_check(KEY), "shanghai.domain_privacy_off")


def test_a_domain_on_record_must_be_reachable(icp_check: Check) -> None:
    """Line 828: a domain that has an ICP number must be accessible, with the number at the page bottom."""
    down = website_data(KEY, accessible=False, domain={"on_record": True})
    assert_fires(icp_check(KEY, websites=[down]), "shanghai.on_record_accessible", "websites[0].accessible")
    up = website_data(KEY, accessible=True, domain={"on_record": True})
    assert_not_fires(icp_check(KEY, websites=[up]), "shanghai.on_record_accessible")
    new = website_data(KEY, accessible=False)
    assert_not_fires(icp_check(KEY, websites=[new]), "shanghai.on_record_accessible")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 832-834: enterprise certificate and both administrators' IDs; the individual's
    ID; the authenticity statement."""
    _, alone = assert_standard_documents(icp_engine, KEY)
    assert_no_document(alone, "authorization_letter", "shanghai.website_administrator_is_legal_representative")


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.new_name,
                                    ChangeTarget.new_certificate_number])
def test_enterprise_changes_need_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 839: enterprise → another enterprise with a certificate of change; line 840: a
    new name or document number with the issuing authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert_change_conditional_on(icp_engine, enterprise, target, CHANGE, document="certificate_of_change")


def test_individual_to_enterprise_needs_the_legal_representative_or_website_administrator(
        icp_engine: Engine) -> None:
    """Line 841: an individual who is the enterprise's legal representative or its website
    administrator can change the individual filing into the enterprise's."""
    alone = make_filing(KEY, "individual")
    request = ChangeRequest(ChangeTarget.enterprise)
    assert decide_change(icp_engine, alone, request, CHANGE) is Outcome.conditional
    legal = attrs.evolve(request, individual_is_legal_representative=True)
    assert decide_change(icp_engine, alone, legal, CHANGE) is Outcome.allowed
    administers = attrs.evolve(request, individual_is_website_administrator=True)
    assert decide_change(icp_engine, alone, administers, CHANGE) is Outcome.allowed
    only_administers = attrs.evolve(administers, individual_is_legal_representative=False)
    assert decide_change(icp_engine, alone, only_administers, CHANGE) is Outcome.allowed
    neither = attrs.evolve(only_administers, individual_is_website_administrator=False)
    assert decide_change(icp_engine, alone, neither, CHANGE) is Outcome.denied


@pytest.mark.parametrize(("subject_type", "target"), [("enterprise", ChangeTarget.individual),
                                                      ("individual", ChangeTarget.individual),
                                                      ("enterprise", ChangeTarget.new_name_and_certificate_number)])
def test_cells_the_section_leaves_open_are_undetermined(icp_engine: Engine, subject_type: str,
                                                        target: ChangeTarget) -> None:
    """Lines 839-841 state neither enterprise → individual, individual → another individual,
    nor a new name and number at once."""
    assert decide_change(icp_engine, make_filing(KEY, subject_type), target, CHANGE) is Outcome.undetermined


def test_a_name_unlike_the_public_record_needs_a_certificate_of_change(icp_engine: Engine) -> None:
    """Line 845: an enterprise name that differs from the public query needs the
    certificate of change from the Trade and Industry Bureau before the transfer; line 846
    is a note."""
    filing = make_filing(KEY)
    # Only the name is compared: the number is among line 846's notes.
    allowed = assert_transfer_mismatches(
        icp_engine, filing, original_of(filing), [{"subject_name": "上海旧名称有限公司"}],
        Outcome.conditional, "shanghai.transfer.name_consistency", documents=["certificate_of_change"],
        ignored=[{"certificate_number": "91310100MA0000000X"}])
    assert_notes(allowed, "shanghai.transfer.domicile_and_address")


def test_an_individual_is_not_asked_for_a_trade_and_industry_certificate(icp_engine: Engine) -> None:
    """Line 845: the remedy for a name unlike the public query is a certificate of change
    from the Trade and Industry Bureau, which registers enterprises, not individuals: an
    individual's transfer with a different name is not made conditional on that
    certificate. The section states nothing else an individual could do, so the case is
    left to review (undetermined), not invented; line 846 stays a note."""
    filing = make_filing(KEY, "individual")
    renamed = original_of(filing, subject_name="王某某")
    report = icp_engine.transfer(filing, TransferRequest(renamed))
    assert "shanghai.transfer.name_consistency" not in [c.rule_id for c in report.conditions]
    assert "shanghai.transfer.name_consistency" not in [r.rule_id for r in report.reasons]
    assert "certificate_of_change" not in [c.document for c in report.conditions]
    assert report.outcome is Outcome.undetermined
    assert_notes(report, "shanghai.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/shanghai-enterprise.yaml passes."""
    assert_example_passes("shanghai-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-shanghai", [Path(__file__).parent]) == []
