"""Liaoning (5.2.3): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_conditional_on,
    assert_example_passes,
    assert_fires,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    filing_data,
    make_filing,
    merge,
    mobile,
    original_of,
    resident_id,
    website_data,
)

KEY = "liaoning"
CHANGE = "liaoning.change"
FINANCE_RULE = "liaoning.finance_names_legal_representative"


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_owners_and_administrators_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 545: owners and administrators younger than 18 cannot file: the subject
    administrator and the website administrators, whatever the subject type."""
    young = {"id_number": resident_id(KEY, "20100307", "003"), "birth_date": None}
    bad_website = website_data(KEY, administrator=young)
    assert_fires(icp_check(KEY, websites=[bad_website]), "liaoning.minimum_age", "websites[0].administrator")
    bad_subject = icp_check(KEY, subject={"legal_representative": young, "administrator": young})
    assert_fires(bad_subject, "liaoning.minimum_age", "subject.administrator")
    assert_not_fires(icp_check(KEY), "liaoning.minimum_age")
    assert_not_fires(icp_check(KEY, "individual"), "liaoning.minimum_age")


def test_the_owners_mobile_is_a_liaoning_number(icp_check: Check) -> None:
    """Line 546: the owner's mobile number must be from Liaoning."""
    bad = icp_check(KEY, subject={"administrator": {"mobile": mobile("beijing", "0001"), "mobile_province": None}})
    assert_fires(bad, "liaoning.local_mobile", "subject.administrator.mobile")
    assert_not_fires(icp_check(KEY), "liaoning.local_mobile")
    alone = icp_check(KEY, "individual", subject={"administrator": {"mobile": mobile("jilin", "0001")}})
    assert_fires(alone, "liaoning.local_mobile", "subject.administrator.mobile")
    # Only the owner's number is named: a website administrator's number from elsewhere is fine.
    elsewhere = website_data(KEY, administrator={"mobile": mobile("beijing", "0002")})
    assert_not_fires(icp_check(KEY, websites=[elsewhere]), "liaoning.local_mobile")


@pytest.mark.parametrize("name", ["辽宁星河投资管理有限公司", "辽宁星河融资担保有限公司", "沈阳星河典当行有限公司",
                                  "辽宁星河小额贷款有限公司", "辽宁星河理财顾问有限公司",
                                  "Liaoning Xinghe Investment Management Co., Ltd."])
def test_finance_names_need_the_legal_representative_as_both_administrators(icp_check: Check, name: str) -> None:
    """Line 547: an organisation named with investment management, financial guarantee,
    pawn, loan or financial management has its legal representative as subject and
    website administrator."""
    named = {"subject": {"name": name}}
    website = website_data(KEY, domain={"holder_name": name})
    bad = icp_check(KEY, websites=[website], **named)
    assert_fires(bad, FINANCE_RULE, "websites[0].administrator.is_legal_representative")
    legal = filing_data(KEY)["subject"]["legal_representative"]
    both = merge(website, {"administrator": {**legal, "mobile": mobile(KEY, "0001"), "is_legal_representative": True}})
    assert_not_fires(icp_check(KEY, websites=[both], **named), FINANCE_RULE)
    not_legal = icp_check(KEY, websites=[both], subject={"name": name, "administrator": {
        "is_legal_representative": False}})
    assert_fires(not_legal, FINANCE_RULE, "subject.administrator.is_legal_representative")


def test_other_names_keep_their_own_website_administrator(icp_check: Check) -> None:
    """Line 547 binds only the listed names: an ordinary company's website administrator
    need not be the legal representative."""
    assert_not_fires(icp_check(KEY), FINANCE_RULE)


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 549: the domain owner must be the filing owner."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "liaoning.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "liaoning.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 553-555: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    assert_standard_documents(icp_engine, KEY)


def test_enterprise_changes(icp_engine: Engine) -> None:
    """Line 559: enterprise → individual refused; a new name or number is allowed, and
    the old and new names must be related."""
    enterprise = make_filing(KEY)
    assert decide_change(icp_engine, enterprise, ChangeTarget.individual, CHANGE) is Outcome.denied
    for target in (ChangeTarget.new_name, ChangeTarget.new_name_and_certificate_number):
        assert decide_change(icp_engine, enterprise, target, CHANGE) is Outcome.conditional
        related, unrelated = ChangeRequest(target, names_related=True), ChangeRequest(target, names_related=False)
        assert decide_change(icp_engine, enterprise, related, CHANGE) is Outcome.allowed
        assert decide_change(icp_engine, enterprise, unrelated, CHANGE) is Outcome.denied
    assert decide_change(icp_engine, enterprise, ChangeTarget.new_certificate_number, CHANGE) is Outcome.allowed
    # Enterprise → another enterprise is not stated: review decides.
    assert decide_change(icp_engine, enterprise, ChangeTarget.enterprise, CHANGE) is Outcome.undetermined


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 560: individual → another individual refused; → enterprise if the individual is its legal representative."""
    alone = make_filing(KEY, "individual")
    assert decide_change(icp_engine, alone, ChangeTarget.individual, CHANGE) is Outcome.denied
    assert_change_conditional_on(icp_engine, alone, ChangeTarget.enterprise, CHANGE,
                                 fact="individual_is_legal_representative")


def test_transfer_needs_name_and_number_to_match(icp_engine: Engine) -> None:
    """Line 564: name and number as on record, otherwise change or cancel there first
    (denied, a certificate does not help); line 565 is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "辽宁旧名称有限公司"}, {"certificate_number": "91210100MA0000000X"}],
        Outcome.denied, "liaoning.transfer.consistency", documents=["certificate_of_change"])
    assert_notes(allowed, "liaoning.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/liaoning-enterprise.yaml passes."""
    assert_example_passes("liaoning-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-liaoning", [Path(__file__).parent]) == []
