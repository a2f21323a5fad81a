"""Liaoning (5.2.3): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
    mobile,
    resident_id,
)

Check = Callable[..., Report]
KEY = "liaoning"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
FINANCE_RULE = "liaoning.finance_names_legal_representative"


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_owners_and_administrators_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 545: owners and administrators younger than 18 cannot file: the subject
    administrator and the website administrators, whatever the subject type."""
    young = {"id_number": resident_id(KEY, "20100307", "003"), "birth_date": None}
    bad_website = merge(WEBSITE, {"administrator": young})
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
    elsewhere = merge(WEBSITE, {"administrator": {"mobile": mobile("beijing", "0002")}})
    assert_not_fires(icp_check(KEY, websites=[elsewhere]), "liaoning.local_mobile")


@pytest.mark.parametrize("name", ["辽宁星河投资管理有限公司", "辽宁星河融资担保有限公司", "沈阳星河典当行有限公司",
                                  "辽宁星河小额贷款有限公司", "辽宁星河理财顾问有限公司",
                                  "Liaoning Xinghe Investment Management Co., Ltd."])
def test_finance_names_need_the_legal_representative_as_both_administrators(icp_check: Check, name: str) -> None:
    """Line 547: an organisation named with investment management, financial guarantee,
    pawn, loan or financial management has its legal representative as subject and
    website administrator."""
    named = {"subject": {"name": name}}
    website = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": name})]})
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
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "liaoning.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "liaoning.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 553-555: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "liaoning.document.subject_certificate"),
                           ("subject_administrator_id", "liaoning.document.subject_administrator_id"),
                           ("website_administrator_id", "liaoning.document.website_administrator_id"),
                           ("authenticity_statement", "liaoning.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "liaoning.document.subject_certificate")
    assert_requires_document(alone, "authenticity_statement", "liaoning.document.authenticity_statement")
    assert_no_document(alone, "subject_administrator_id", "liaoning.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "liaoning.document.website_administrator_id")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "liaoning.change"
    return report.outcome


def test_enterprise_changes(icp_engine: Engine) -> None:
    """Line 559: enterprise → individual refused; a new name or number is allowed, and
    the old and new names must be related."""
    enterprise = make_filing(KEY)
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.individual)) is Outcome.denied
    for target in (ChangeTarget.new_name, ChangeTarget.new_name_and_certificate_number):
        assert _change(icp_engine, enterprise, ChangeRequest(target)) is Outcome.conditional
        assert _change(icp_engine, enterprise, ChangeRequest(target, names_related=True)) is Outcome.allowed
        assert _change(icp_engine, enterprise, ChangeRequest(target, names_related=False)) is Outcome.denied
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.new_certificate_number)) is Outcome.allowed
    # Enterprise → another enterprise is not stated: review decides.
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.enterprise)) is Outcome.undetermined


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 560: individual → another individual refused; → enterprise if the individual is its legal representative."""
    alone = make_filing(KEY, "individual")
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.individual)) is Outcome.denied
    to_enterprise = ChangeRequest(ChangeTarget.enterprise)
    assert _change(icp_engine, alone, to_enterprise) is Outcome.conditional
    assert _change(icp_engine, alone, attrs.evolve(to_enterprise, individual_is_legal_representative=True)) \
        is Outcome.allowed
    assert _change(icp_engine, alone, attrs.evolve(to_enterprise, individual_is_legal_representative=False)) \
        is Outcome.denied


def test_transfer_needs_name_and_number_to_match(icp_engine: Engine) -> None:
    """Line 564: name and number as on record, otherwise change or cancel there first
    (denied, a certificate does not help); line 565 is a note."""
    enterprise = make_filing(KEY)
    subject = enterprise.subject
    same = OriginalFiling(subject_name=subject.name, certificate_number=subject.certificate_number)
    allowed = icp_engine.transfer(enterprise, TransferRequest(same))
    assert allowed.outcome is Outcome.allowed
    assert "liaoning.transfer.domicile_and_address" in [n.rule_id for n in allowed.notes]
    for mismatch in [{"subject_name": "辽宁旧名称有限公司"}, {"certificate_number": "91210100MA0000000X"}]:
        report = icp_engine.transfer(enterprise, TransferRequest(attrs.evolve(same, **mismatch),
                                                                 frozenset({"certificate_of_change"})))
        assert report.outcome is Outcome.denied
        assert report.reasons[0].rule_id == "liaoning.transfer.consistency"


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/liaoning-enterprise.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "liaoning-enterprise.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-liaoning", [Path(__file__).parent]) == []
