"""Gansu (5.7.1): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
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
    individual_with,
    make_filing,
    mobile,
    original_of,
    resident_id,
    website_data,
)

KEY = "gansu"
CHANGE = "gansu.change"
OUTSIDER = resident_id("shaanxi", "19900307", "123")
LEGAL = "gansu.subject_administrator_is_legal_representative"
# A subject administrator who is not the legal representative: another person, with a
# Gansu ID and a Gansu mobile.
DEPUTY = {"name": "赵敏", "id_type": "resident_id_card", "id_number": resident_id(KEY, "19880521", "004"),
          "residency": "mainland", "mobile": mobile(KEY, "0003"), "is_legal_representative": False}
EXPLAINED = "企业官网，介绍公司产品。主体负责人非法定代表人，已取得法定代表人授权书。"


def with_remarks(remarks: str) -> dict[str, Any]:
    return {"websites": [website_data(KEY, remarks=remarks)]}


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_business_licence(icp_check: Check) -> None:
    """Line 1079: enterprises file with a copy of the business licence."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "gansu.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "gansu.enterprise_certificate")


def test_the_annual_renewal_seal_is_a_note(icp_check: Check) -> None:
    """Line 1079: the annual renewal seal is not required: nothing to reject, a note."""
    report = icp_check(KEY)
    assert_not_fires(report, "gansu.annual_renewal_seal_not_required")
    assert_notes(report, "gansu.annual_renewal_seal_not_required")


def test_individuals_need_a_gansu_identity_document(icp_check: Check) -> None:
    """Line 1080: an individual whose ID is not from Gansu cannot file; no permit is offered instead."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    assert_fires(bad, "gansu.individual_local_identity", "subject.administrator")
    with_permit = individual_with(KEY, {"id_number": OUTSIDER,
                                        "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **with_permit), "gansu.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "gansu.individual_local_identity")
    # The bullet is about individuals: an enterprise's administrator may hold another province's ID.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}}),
                     "gansu.individual_local_identity")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1081: the subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": DEPUTY})
    finding = assert_fires(bad, LEGAL, "subject.administrator.is_legal_representative")
    assert "authorization" in finding.message.en and "授权书" in finding.message.zh
    assert_not_fires(icp_check(KEY), LEGAL)


def test_otherwise_a_letter_of_authorization_and_a_remark_are_both_needed(icp_check: Check) -> None:
    """Line 1081: a subject administrator who is not the legal representative needs the
    legal representative's letter of authorization *and* the situation described in the
    remarks: either alone is not enough."""
    letter_only = icp_check(KEY, subject={"administrator": DEPUTY}, add_documents=["authorization_letter"])
    assert_fires(letter_only, LEGAL, "subject.administrator.is_legal_representative")
    remark_only = icp_check(KEY, subject={"administrator": DEPUTY}, **with_remarks(EXPLAINED))
    assert_fires(remark_only, LEGAL, "subject.administrator.is_legal_representative")
    both = icp_check(KEY, subject={"administrator": DEPUTY}, add_documents=["authorization_letter"],
                     **with_remarks(EXPLAINED))
    assert_not_fires(both, LEGAL)
    assert_passes(both)
    english = icp_check(KEY, subject={"administrator": DEPUTY}, add_documents=["authorization_letter"],
                        **with_remarks("Company site; the administrator is authorised by the legal representative."))
    assert_not_fires(english, LEGAL)


def test_the_letter_of_authorization_is_listed_only_when_needed(icp_engine: Engine) -> None:
    """Line 1081: the letter is asked for only when the subject administrator is not the legal representative."""
    on = icp_engine.documents(make_filing(KEY, subject={"administrator": DEPUTY}))
    assert_requires_document(on, "authorization_letter", LEGAL)
    off = icp_engine.documents(make_filing(KEY))
    assert_no_document(off, "authorization_letter", LEGAL)


def test_the_subjects_mobile_is_a_gansu_number(icp_check: Check) -> None:
    """Line 1082: the subject's mobile number must be from Gansu (enterprises and individuals)."""
    outside = mobile("shaanxi", "0001")
    bad = icp_check(KEY, subject={"administrator": {"mobile": outside}})
    assert_fires(bad, "gansu.subject_administrator_local_mobile", "subject.administrator.mobile")
    assert_not_fires(icp_check(KEY), "gansu.subject_administrator_local_mobile")
    alone = icp_check(KEY, "individual", **individual_with(KEY, {"mobile": outside}))
    assert_fires(alone, "gansu.subject_administrator_local_mobile", "subject.administrator.mobile")
    assert_not_fires(icp_check(KEY, "individual"), "gansu.subject_administrator_local_mobile")
    # Gansu accepts no explanation in the remarks (unlike Shaanxi), and the bullet is about
    # the subject only: a website administrator's number from elsewhere is not its concern.
    explained = icp_check(KEY, subject={"administrator": {"mobile": outside}},
                          **with_remarks("主体负责人手机号码为外省号码，特此说明。"))
    assert_fires(explained, "gansu.subject_administrator_local_mobile", "subject.administrator.mobile")
    website_admin = website_data(KEY, administrator={"mobile": outside})
    assert_not_fires(icp_check(KEY, websites=[website_admin]), "gansu.subject_administrator_local_mobile")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 1083: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "gansu.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "gansu.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1087-1089: enterprise certificate and the subject/website administrators' IDs;
    the individual's ID; the authenticity statement."""
    assert_standard_documents(icp_engine, KEY)


def test_enterprise_to_individual_is_refused(icp_engine: Engine) -> None:
    """Line 1093: an enterprise filing cannot become an individual's."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.individual, CHANGE) is Outcome.denied


def test_an_individual_filing_cannot_change_hands_or_type(icp_engine: Engine) -> None:
    """Line 1094: an individual filing cannot become another individual's or an enterprise's,
    even when the individual is the enterprise's legal representative."""
    alone = make_filing(KEY, "individual")
    assert decide_change(icp_engine, alone, ChangeTarget.individual, CHANGE) is Outcome.denied
    to_enterprise = ChangeRequest(ChangeTarget.enterprise)
    assert decide_change(icp_engine, alone, to_enterprise, CHANGE) is Outcome.denied
    legal = attrs.evolve(to_enterprise, individual_is_legal_representative=True)
    assert decide_change(icp_engine, alone, legal, CHANGE) is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number])
def test_a_new_name_or_number_needs_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 1095: an enterprise whose name or certificate number changes can change its
    filing with the issuing authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert_change_conditional_on(icp_engine, enterprise, target, CHANGE, document="certificate_of_change")


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.new_name_and_certificate_number])
def test_cells_the_section_leaves_open_go_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1093-1095 state neither enterprise → another enterprise nor a change of name
    and number together ("either" one): undetermined, never allowed by default."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_number_and_administrators_to_match(icp_engine: Engine) -> None:
    """Line 1099: subject name, certificate number and administrator information as on
    record, otherwise change or cancel at the previous provider and file anew (denied);
    line 1100 is a note."""
    enterprise = make_filing(KEY)
    # A certificate of change does not rescue a mismatch: the section offers none.
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "甘肃旧名称有限公司"}, {"certificate_number": "91620100MA0000000X"},
         {"subject_administrator_name": "另一个人"}, {"website_administrator_names": ("另一个人",)}],
        Outcome.denied, "gansu.transfer.consistency", documents=["certificate_of_change"])
    assert_notes(allowed, "gansu.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/gansu-enterprise.yaml passes."""
    assert_example_passes("gansu-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-gansu", [Path(__file__).parent]) == []
