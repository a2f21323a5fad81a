"""Shaanxi (5.7.4): every bullet of the section, read from the guide, with a filing that
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
    filing_data,
    individual_with,
    make_filing,
    merge,
    mobile,
    original_of,
    resident_id,
    website_data,
)

KEY = "shaanxi"
CHANGE = "shaanxi.change"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
LEGAL = filing_data(KEY)["subject"]["legal_representative"]
OUTSIDE_MOBILE = mobile("sichuan", "0001")
EXPLAINED = "企业官网，介绍公司产品。主体负责人常驻成都，使用四川手机号码。"
CERTIFICATES = "shaanxi.domain_certificates"


def with_remarks(remarks: str) -> dict[str, Any]:
    return {"websites": [website_data(KEY, remarks=remarks)]}


def held_by(name: str, number: str, certificate_type: str = "personal_id") -> list[dict[str, Any]]:
    return [website_data(KEY, domain={"holder_name": name, "holder_certificate_number": number,
                                      "holder_certificate_type": certificate_type})]


def on_record(count: int) -> dict[str, Any]:
    """The subject has ``count`` domains on record in other filings."""
    return {"subject": {"domains_on_record": [f"shaanxi-old{i}.cn" for i in range(count)]}}


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1156: in an enterprise filing the subject (its administrator) must be the legal
    representative; the section offers no letter instead."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}},
                    add_documents=["authorization_letter"])
    assert_fires(bad, "shaanxi.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "shaanxi.subject_administrator_is_legal_representative")


def test_no_certificate_type_is_imposed(icp_check: Check) -> None:
    """Line 1156 names no certificate for enterprises: an organisation code certificate is not refused here."""
    report = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert [f.rule_id for f in report.findings if f.rule_id.startswith("shaanxi.")] == []


def test_an_individuals_mobile_is_a_shaanxi_number(icp_check: Check) -> None:
    """Line 1157: the subject's mobile number must be from Shaanxi; for an individual no
    explanation replaces it."""
    elsewhere = individual_with(KEY, {"mobile": OUTSIDE_MOBILE})
    bad = icp_check(KEY, "individual", **elsewhere)
    assert_fires(bad, "shaanxi.individual_local_mobile", "subject.administrator.mobile")
    elsewhere["websites"][0]["remarks"] = EXPLAINED
    explained = icp_check(KEY, "individual", **elsewhere)
    assert_fires(explained, "shaanxi.individual_local_mobile", "subject.administrator.mobile")
    assert_not_fires(icp_check(KEY, "individual"), "shaanxi.individual_local_mobile")


def test_an_enterprise_may_explain_a_mobile_from_elsewhere_in_the_remarks(icp_check: Check) -> None:
    """Line 1157: for an enterprise filing, a subject mobile not from Shaanxi is accepted
    when the remarks give the reason; without a reason it is refused."""
    bad = icp_check(KEY, subject={"administrator": {"mobile": OUTSIDE_MOBILE}})
    assert_fires(bad, "shaanxi.enterprise_local_mobile", "subject.administrator.mobile")
    # The default remarks (what the website is) do not explain the number.
    assert "手机" not in WEBSITE["remarks"]
    explained = icp_check(KEY, subject={"administrator": {"mobile": OUTSIDE_MOBILE}}, **with_remarks(EXPLAINED))
    assert_not_fires(explained, "shaanxi.enterprise_local_mobile")
    assert_passes(explained)
    english = icp_check(KEY, subject={"administrator": {"mobile": OUTSIDE_MOBILE}},
                        **with_remarks("Company site. The administrator's mobile is a Sichuan number: he lives there."))
    assert_not_fires(english, "shaanxi.enterprise_local_mobile")
    assert_not_fires(icp_check(KEY), "shaanxi.enterprise_local_mobile")
    # The bullet is about the subject's number: a website administrator's is not its concern.
    website_admin = website_data(KEY, administrator={"mobile": OUTSIDE_MOBILE})
    assert_not_fires(icp_check(KEY, websites=[website_admin]), "shaanxi.enterprise_local_mobile")


@pytest.mark.parametrize("remarks", [
    "企业官网，支持手机浏览",
    "企业官网，请留下您的手机号码以便回访",
    "面向外省客户的旅游网站",
    "数据异地备份，支持手机访问",
    "Mobile friendly company website; enter your phone number to subscribe.",
])
def test_a_remark_that_only_mentions_a_phone_gives_no_reason(icp_check: Check, remarks: str) -> None:
    """Line 1157: an enterprise whose subject mobile is not from Shaanxi must *state the
    reason* in the remarks. A remark that merely mentions a phone (mobile browsing, a
    phone number to leave) or uses 外省/异地 about something else gives no reason why the
    number is from elsewhere, so the number is still refused."""
    report = icp_check(KEY, subject={"administrator": {"mobile": OUTSIDE_MOBILE}}, **with_remarks(remarks))
    finding = assert_fires(report, "shaanxi.enterprise_local_mobile", "subject.administrator.mobile")
    assert "remarks" in finding.message.en and "备注" in finding.message.zh


@pytest.mark.parametrize("remarks", [
    "手机号码为外省号码，因负责人常驻西安",
    "负责人在外地工作，使用外地手机号",
    "手机号码归属地不在陕西",
    "The mobile number is registered in another province because the manager is based in Beijing.",
    "The administrator's phone is from outside Shaanxi.",
])
def test_a_remark_saying_the_number_is_from_elsewhere_and_why_exempts(icp_check: Check, remarks: str) -> None:
    """Line 1157: a remark stating that the subject's number is from another province, or
    why (where the person lives or works), is the reason the bullet asks an enterprise
    for; the reviewer judges it, the check accepts it."""
    report = icp_check(KEY, subject={"administrator": {"mobile": OUTSIDE_MOBILE}}, **with_remarks(remarks))
    assert_not_fires(report, "shaanxi.enterprise_local_mobile")


def test_the_domain_is_held_by_the_subject_or_the_legal_representative(icp_check: Check) -> None:
    """Line 1158: the domain holder must be the filing subject or the legal representative."""
    assert_not_fires(icp_check(KEY), "shaanxi.domain_holder")
    by_legal = icp_check(KEY, websites=held_by(LEGAL["name"], LEGAL["id_number"]))
    assert_not_fires(by_legal, "shaanxi.domain_holder")
    stranger = icp_check(KEY, websites=held_by("李晓梅", resident_id(KEY, "19920115", "002")))
    assert_fires(stranger, "shaanxi.domain_holder", "websites[0].domains[0].holder_name")


def test_five_domains_under_the_subject_need_domain_certificates(icp_engine: Engine) -> None:
    """Lines 1159 and 1167: with five or more domains under the subject (on record and in
    this filing), a domain certificate is needed for each domain filed; with four, none."""
    five = icp_engine.documents(make_filing(KEY, **on_record(4)))
    assert_requires_document(five, "domain_certificate", CERTIFICATES)
    asked = [d for d in five.documents if d.rule_id == CERTIFICATES]
    assert [d.field for d in asked] == ["websites[0].domains[0]"]
    four = icp_engine.documents(make_filing(KEY, **on_record(3)))
    assert_no_document(four, "domain_certificate", CERTIFICATES)
    # Five domains in this one filing count the same way, one certificate each.
    domains = [merge(DOMAIN, {"name": f"xinghe-example{i}.cn"}) for i in range(5)]
    many = icp_engine.documents(make_filing(KEY, websites=[website_data(KEY, domains=domains,
                                                                        remarks="多个域名指向同一网站")]))
    assert len([d for d in many.documents if d.rule_id == CERTIFICATES]) == 5
    # Individuals too: the bullet names no subject type.
    alone = icp_engine.documents(make_filing(KEY, "individual", **on_record(4)))
    assert_requires_document(alone, "domain_certificate", CERTIFICATES)


def test_the_domain_certificates_are_listed_not_enforced_by_check(icp_check: Check) -> None:
    """Lines 1159 and 1167: the certificates are uploads, listed by `documents`; like every
    other upload, `check` does not fail a filing for not having uploaded them yet."""
    report = icp_check(KEY, **on_record(4))
    assert_not_fires(report, CERTIFICATES)
    assert any(d.document == "domain_certificate" and d.rule_id == CERTIFICATES for d in report.documents)


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1163-1165: enterprise certificate and the subject/website administrators' IDs;
    the individual's ID; the authenticity statement."""
    assert_standard_documents(icp_engine, KEY)


def test_enterprise_to_individual_is_refused(icp_engine: Engine) -> None:
    """Line 1171: an enterprise filing cannot become an individual's."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.individual, CHANGE) is Outcome.denied


def test_an_individual_filing_cannot_change_hands_or_type(icp_engine: Engine) -> None:
    """Line 1172: an individual filing cannot become another individual's or an
    enterprise's, even when the individual is the enterprise's legal representative."""
    alone = make_filing(KEY, "individual")
    assert decide_change(icp_engine, alone, ChangeTarget.individual, CHANGE) is Outcome.denied
    assert decide_change(icp_engine, alone, ChangeTarget.enterprise, CHANGE) is Outcome.denied
    legal = ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=True)
    assert decide_change(icp_engine, alone, legal, CHANGE) is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number])
def test_a_new_name_or_number_needs_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 1173: a changed name or certificate number needs the issuing authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert_change_conditional_on(icp_engine, enterprise, target, CHANGE, document="certificate_of_change")


def test_name_and_number_together_need_related_names(icp_engine: Engine) -> None:
    """Line 1173: when both the name and the number change, the change is allowed only if
    the old and new names are associated; otherwise it cannot be made."""
    enterprise = make_filing(KEY)
    both = ChangeRequest(ChangeTarget.new_name_and_certificate_number)
    assert decide_change(icp_engine, enterprise, both, CHANGE) is Outcome.conditional
    assert decide_change(icp_engine, enterprise, attrs.evolve(both, names_related=True), CHANGE) is Outcome.allowed
    assert decide_change(icp_engine, enterprise, attrs.evolve(both, names_related=False), CHANGE) is Outcome.denied
    # A certificate of change does not stand in for unrelated names.
    unrelated = attrs.evolve(both, names_related=False, documents=frozenset({"certificate_of_change"}))
    assert decide_change(icp_engine, enterprise, unrelated, CHANGE) is Outcome.denied


def test_enterprise_to_enterprise_is_left_to_review(icp_engine: Engine) -> None:
    """Lines 1171-1173 do not state enterprise → another enterprise: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.enterprise, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_and_number_to_match(icp_engine: Engine) -> None:
    """Line 1177: the subject's name and certificate number as on record, otherwise change
    or cancel at the previous provider and file anew (denied); line 1178 is a note."""
    enterprise = make_filing(KEY)
    # Administrators are not among the facts line 1177 names.
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "陕西旧名称有限公司"}, {"certificate_number": "91610100MA0000000X"}],
        Outcome.denied, "shaanxi.transfer.consistency",
        ignored=[{"subject_administrator_name": "另一个人", "website_administrator_names": ("另一个人",)}])
    assert_notes(allowed, "shaanxi.transfer.domicile_address_and_owner")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/shaanxi-enterprise.yaml passes."""
    assert_example_passes("shaanxi-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-shaanxi", [Path(__file__).parent]) == []
