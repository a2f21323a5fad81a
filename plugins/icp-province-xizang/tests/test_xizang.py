"""Tibet (5.8.4): every bullet of the section, read from the guide, with a filing that breaks
it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_all_allowed,
    assert_example_passes,
    assert_fires,
    assert_needs,
    assert_not_fires,
    assert_notes,
    assert_passes,
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

KEY = "xizang"
CHANGE = "xizang.change"
OUTSIDER = resident_id("qinghai", "19900307", "123")


def on_record(accessible: bool | None) -> dict[str, Any]:
    """The kit's website whose domain already has an ICP number, reachable or not (or not said)."""
    return website_data(KEY, domain={"on_record": True}, accessible=accessible)  # None removes the fact


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 1296: enterprises use the business licence and organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "public_institution"})
    assert_fires(bad, "xizang.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "xizang.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}),
                     "xizang.enterprise_certificate")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1296: the subject administrator must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "xizang.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    lettered = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}},
                         add_documents=["authorization_letter"])
    assert_fires(lettered, "xizang.subject_administrator_is_legal_representative")
    assert_not_fires(icp_check(KEY), "xizang.subject_administrator_is_legal_representative")


@pytest.mark.parametrize("document", ["temporary_id_card", "household_register"])
def test_chinese_citizens_file_with_the_id_card(icp_check: Check, document: str) -> None:
    """Line 1297: Chinese citizens filing as individuals must use the ID card."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_type": document}))
    assert_fires(bad, "xizang.individual_resident_id_card", "subject.administrator.id_type")
    assert_not_fires(icp_check(KEY, "individual"), "xizang.individual_resident_id_card")


def test_individuals_without_a_tibet_id_card_cannot_file(icp_check: Check) -> None:
    """Line 1297: individuals without an ID card from Tibet cannot file; nothing is accepted instead."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    finding = assert_fires(bad, "xizang.individual_local_identity", "subject.administrator")
    # Line 1297's "this province" is, for Tibet, an autonomous region: 本区, never 本省.
    assert "西藏" in finding.message.zh and "本区" in finding.message.zh and "本省" not in finding.message.zh
    permit = individual_with(KEY, {"id_number": OUTSIDER,
                                   "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **permit), "xizang.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "xizang.individual_local_identity")
    visitor = individual_with(KEY, {"residency": "hong_kong_macao", "id_type": "hk_macao_travel_permit",
                                    "id_number": "H12345678", "birth_date": "1990-03-07"})
    assert_fires(icp_check(KEY, "individual", **visitor), "xizang.individual_local_identity")
    # An "Individual" bullet: an enterprise's administrator may come from elsewhere.
    outside = {"administrator": {"id_number": OUTSIDER}, "legal_representative": {"id_number": OUTSIDER}}
    assert_not_fires(icp_check(KEY, subject=outside), "xizang.individual_local_identity")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 1298: the domain holder must be the filing subject (not even the legal representative)."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "xizang.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    legal = filing_data(KEY)["subject"]["legal_representative"]
    by_legal = website_data(KEY, domain={"holder_name": legal["name"], "holder_certificate_number": legal["id_number"]})
    assert_fires(icp_check(KEY, websites=[by_legal]), "xizang.domain_holder_is_subject")
    assert_not_fires(icp_check(KEY), "xizang.domain_holder_is_subject")


def test_a_domain_on_record_must_be_reachable_and_show_its_number(icp_check: Check) -> None:
    """Line 1300: a domain that already has an ICP number must be accessible, with the number
    at the bottom of the page (the filing's `accessible` states both)."""
    assert_fires(icp_check(KEY, websites=[on_record(False)]), "xizang.on_record_accessible", "websites[0].accessible")
    assert_needs(icp_check(KEY, websites=[on_record(None)]), "xizang.on_record_accessible", "websites[0].accessible")
    assert_not_fires(icp_check(KEY, websites=[on_record(True)]), "xizang.on_record_accessible")
    new = website_data(KEY, accessible=False)
    assert_not_fires(icp_check(KEY, websites=[new]), "xizang.on_record_accessible")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1304-1306: enterprise certificate and the administrators' IDs; the individual's ID;
    the authenticity checklist (the statement) for both."""
    assert_standard_documents(icp_engine, KEY)


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 1310-1311: enterprise → another enterprise or an individual, individual →
    another individual or an enterprise: all allowed, with no condition stated."""
    assert_change_all_allowed(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1310-1311 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_the_subject_name_to_match(icp_engine: Engine) -> None:
    """Line 1315: the subject's name as on record, otherwise change or cancel there first
    (denied). Line 1316 (document number, administrators) is a note: they need not match."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise), [{"subject_name": "西藏旧名称有限公司"}],
        Outcome.denied, "xizang.transfer.consistency",
        ignored=[{"certificate_number": "91540100MA0000000X", "subject_administrator_name": "另一个人",
                  "website_administrator_names": ("另一个人",)}])
    assert_notes(allowed, "xizang.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/xizang-enterprise.yaml passes."""
    assert_example_passes("xizang-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-xizang", [Path(__file__).parent]) == []
