"""Finance (guide section 6): every sentence the guide gives the industry, read from the
guide, with a filing that breaks it and one that meets it. Line numbers are those of
icp-before-filing.txt: 1409 is the Finance row of the industries table, 1462-1464 the
activities, 1468-1470 the note on verification, 1472-1479 the reference authorities (with
Jiangsu's and Zhejiang's specifics), 1481-1484 the special circumstances."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.report import Report
from icp_core.testing import (
    Check,
    assert_example_passes,
    assert_fires,
    assert_no_change_or_transfer_decision,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_requires_document,
    conformance_problems,
    engine_with_stand_ins,
    filing_data,
    make_filing,
    website_data,
)

RULE = "finance.pre_approval"
PERMIT = {"industry": "finance", "license_type": "payment_business_license", "license_number": "Z2026011000001",
          "issuer": "中国人民银行", "valid_until": "2031-05-02"}


def filing(province: str = "beijing", *, subject_name: str | None = None, website_name: str | None = None,
           business_scope: str | None = None, remarks: str | None = None, industries: tuple[str, ...] = ("finance",),
           permits: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    """Overrides for the kit's filing in ``province``: the subject's name (and the domain's
    holder with it), business scope, the website's name and remarks (its content), its
    industries and permits."""
    name = subject_name or filing_data(province)["subject"]["name"]
    site = website_data(province, industries=list(industries), pre_approvals=list(permits),
                        domain={"holder_name": name})
    if website_name:
        site["name"] = website_name
    if remarks:
        site["remarks"] = remarks
    subject: dict[str, Any] = {"name": name}
    if business_scope:
        subject["business_scope"] = business_scope
    return {"subject": subject, "websites": [site]}


def notes(report: Report) -> set[str]:
    return {n.rule_id for n in report.notes}


# -- the pre-approval ----------------------------------------------------------------


def test_a_finance_website_cannot_file_without_the_permit(icp_check: Check) -> None:
    """Lines 1462-1464 and 1483: a website engaged in the listed finance activities must
    obtain the permit of the specified authority before filing; an entity without it
    cannot file. The finding says which permit and, for reference, where (line 1472-1479)."""
    finding = assert_fires(icp_check(**filing()), RULE, "websites[0].pre_approvals")
    assert finding.citation == "6"
    for authority in ("People's Bank of China", "China Securities Regulatory Commission",
                      "Asset Management Association of China", "China Insurance Regulatory Commission"):
        assert authority in finding.message.en
    for authority in ("中国人民银行", "证监会", "中国证券投资基金业协会", "保监会", "银监会"):
        assert authority in finding.message.zh
    assert_not_fires(icp_check(**filing(permits=(PERMIT,))), RULE)


def test_with_every_plugin_the_verdict_follows_the_permit(icp_check: Check) -> None:
    """Line 1483: without the permit the filing fails; with it, a Beijing finance website passes."""
    assert icp_check(**filing()).verdict.value == "fail"
    assert_passes(icp_check(**filing(permits=(PERMIT,))))


def test_an_expired_permit_or_another_industrys_does_not_count(icp_check: Check) -> None:
    """Line 1462: the permit is obtained before filing, so it must still be valid on the
    day of the check, and it must be a finance one."""
    expired = {**PERMIT, "valid_until": "2026-11-30"}
    assert_fires(icp_check(**filing(permits=(expired,))), RULE, "websites[0].pre_approvals")
    news = {**PERMIT, "industry": "news"}
    assert_fires(icp_check(**filing(industries=("finance", "news"), permits=(news,))), RULE,
                 "websites[0].pre_approvals")


def test_the_authorities_are_reference_only(icp_check: Check) -> None:
    """Line 1472: the authorities are given "for reference only": a permit of any type,
    or one that does not say which it is, counts; the rule checks that one is held."""
    for permit in ({**PERMIT, "license_type": "p2p_lending_record"}, {**PERMIT, "license_type": None}):
        assert_not_fires(icp_check(**filing(permits=(permit,))), RULE)


def test_the_permit_is_listed_among_the_documents(icp_engine: Engine) -> None:
    """Line 1462: the permit is an upload of every finance website, with its reason; a
    website with no financial content is not asked for it."""
    on = icp_engine.documents(make_filing(**filing()))
    assert_requires_document(on, "pre_approval", RULE)
    reason = next(d for d in on.documents if d.rule_id == RULE)
    assert reason.field == "websites[0]" and "金融" in reason.reason.zh
    assert_no_document(icp_engine.documents(make_filing()), "pre_approval", RULE)


def test_only_finance_websites_are_concerned(icp_check: Check) -> None:
    """Line 1462: the rules concern websites with financial content; a filing that declares
    none (and whose names suggest none) meets none of this plugin's rules or notes."""
    report = icp_check()
    assert_not_fires(report, RULE)
    assert not [n for n in notes(report) if n.startswith("finance.")]
    assert "industry.finance" not in {c.scope for c in report.coverage}


# -- the activities, detected from the names ---------------------------------------------


ACTIVITIES = [
    ("finance.activity.exchange_centre", "北京星河示例文化产权交易所有限公司"),
    ("finance.activity.trading_centre", "北京星河示例商品交易中心有限公司"),
    ("finance.activity.funds", "北京星河示例基金销售有限公司"),
    ("finance.activity.equity_investment_funds", "北京星河示例股权投资有限公司"),
    ("finance.activity.finance", "北京星河示例金融信息服务有限公司"),
    ("finance.activity.asset_management", "北京星河示例资产管理有限公司"),
    ("finance.activity.financial_management", "北京星河示例理财顾问有限公司"),
    ("finance.activity.fund_management", "北京星河示例基金管理有限公司"),
    ("finance.activity.investment_management", "北京星河示例投资管理有限公司"),
    ("finance.activity.wealth_management", "北京星河示例财富管理有限公司"),
    ("finance.activity.p2p_lending", "北京星河示例网络借贷信息中介有限公司"),
    ("finance.activity.equity_crowdfunding", "北京星河示例众筹科技有限公司"),
    ("finance.activity.internet_insurance", "北京星河示例保险代理有限公司"),
    ("finance.activity.payment", "北京星河示例支付科技有限公司"),
    ("finance.activity.trust_and_consumer_finance", "北京星河示例消费金融有限公司"),
    ("finance.activity.financing_and_guarantees", "北京星河示例融资担保有限公司"),
]


@pytest.mark.parametrize(("rule_id", "subject_name"), ACTIVITIES)
def test_each_activity_is_named_when_the_subject_name_has_it(icp_check: Check, rule_id: str,
                                                             subject_name: str) -> None:
    """Lines 1462-1464 (and 1477-1478 for trust, consumer finance and financing): exchange
    and trading centres, funds, equity investment funds, finance, asset, financial, fund,
    investment and wealth management, P2P lending, crowdfunding, Internet insurance and
    payment are recognised from the subject's name; the answer names the activity it
    matched, with its reference authority where the guide gives one (lines 1474-1479)."""
    named = icp_check(**filing(subject_name=subject_name))
    assert rule_id in notes(named)
    note = next(n for n in named.notes if n.rule_id == rule_id)
    assert note.citation == "6" and note.reason.en and note.reason.zh
    assert_fires(named, RULE, "websites[0].pre_approvals")
    assert rule_id not in notes(icp_check(**filing()))


def test_the_matched_word_and_its_authority_are_in_the_note(icp_check: Check) -> None:
    """Lines 1462 and 1474: payment (支付) is named, with the People's Bank of China."""
    note = next(n for n in icp_check(**filing(subject_name="北京星河示例支付科技有限公司")).notes
                if n.rule_id == "finance.activity.payment")
    assert "支付" in note.message.en and "People's Bank of China" in note.message.en
    assert "支付" in note.message.zh and "中国人民银行" in note.message.zh


def test_a_name_only_trigger_brings_the_filing_here(icp_check: Check) -> None:
    """Line 1462: finance is recognised from the subject's name even when the applicant
    declares nothing: the national plugin asks for the declaration
    (national.industry.finance_declared) and this plugin is not consulted yet; once
    finance is declared, the permit is required and the matched activity named."""
    name = "北京星河示例支付科技有限公司"
    undeclared = icp_check(**filing(subject_name=name, industries=()))
    assert_fires(undeclared, "national.industry.finance_declared", "websites")
    assert not [f for f in undeclared.findings if f.rule_id.startswith("finance.")]
    declared = icp_check(**filing(subject_name=name))
    assert_not_fires(declared, "national.industry.finance_declared")
    assert_fires(declared, RULE, "websites[0].pre_approvals")
    assert "finance.activity.payment" in notes(declared)
    assert_passes(icp_check(**filing(subject_name=name, permits=(PERMIT,))))


def test_the_website_name_and_the_business_scope_are_triggers_too(icp_check: Check) -> None:
    """Line 1462: the website's name and the course of business count as much as the
    subject's name: wealth management in the website's name, Internet insurance in the
    business scope, English words in an English website name."""
    by_website = icp_check(**filing(website_name="星河财富管理平台"))
    assert "finance.activity.wealth_management" in notes(by_website)
    by_scope = icp_check(**filing(business_scope="互联网保险代理；保险经纪"))
    assert "finance.activity.internet_insurance" in notes(by_scope)
    english = icp_check(**filing(website_name="Xinghe Online Payments"))
    assert "finance.activity.payment" in notes(english)
    assert "finance.activity.payment" not in notes(icp_check(**filing(website_name="Xinghe Repayment Calendar")))


@pytest.mark.parametrize(("rule_id", "remarks"), [
    ("finance.activity.funds", "企业官网，提供公募基金销售服务"),
    ("finance.activity.equity_investment_funds", "介绍公司管理的私募股权投资基金"),
    ("finance.activity.finance", "为小微企业提供金融信息服务"),
    ("finance.activity.asset_management", "介绍公司的资产管理业务"),
    ("finance.activity.financial_management", "为个人投资者提供理财产品介绍"),
    ("finance.activity.fund_management", "介绍公司的基金管理团队与产品"),
    ("finance.activity.investment_management", "展示公司投资管理业务和案例"),
    ("finance.activity.wealth_management", "为高净值客户提供财富管理咨询"),
    ("finance.activity.p2p_lending", "网络借贷信息中介平台，撮合借贷双方"),
    ("finance.activity.equity_crowdfunding", "面向初创企业的股权众筹平台"),
    ("finance.activity.internet_insurance", "互联网保险产品在线比价与投保"),
    ("finance.activity.payment", "为商户提供第三方支付服务"),
    ("finance.activity.trust_and_consumer_finance", "介绍公司的消费金融产品"),
    ("finance.activity.financing_and_guarantees", "为中小企业提供融资担保服务"),
    ("finance.activity.wealth_management", "Company site: our wealth management services"),
])
def test_the_website_content_is_a_trigger_when_it_names_the_activity(icp_check: Check, rule_id: str,
                                                                      remarks: str) -> None:
    """Line 1462: the activities are recognised from the website content as well as the
    names; a filing describes its website's content in the remarks. A remark that names
    the activity outright (third-party payment, financing guarantees, wealth management
    …) brings the activity's note, though no name says it."""
    report = icp_check(**filing(remarks=remarks))
    assert rule_id in notes(report)
    assert rule_id not in notes(icp_check(**filing()))


@pytest.mark.parametrize(("rule_id", "remarks"), [
    ("finance.activity.payment", "企业商城，支持在线支付"),
    ("finance.activity.financing_and_guarantees", "公司官网，公司已完成A轮融资"),
    ("finance.activity.funds", "慈善基金会官网，公示捐赠信息"),
    ("finance.activity.internet_insurance", "物流公司官网，货物运输保险说明"),
    ("finance.activity.exchange_centre", "公司于深圳证券交易所上市，官网介绍公司产品"),
    ("finance.activity.equity_investment_funds", "公司官网，公司获得股权投资后扩大生产"),
])
def test_content_that_only_mentions_a_word_in_passing_names_no_activity(icp_check: Check, rule_id: str,
                                                                       remarks: str) -> None:
    """Line 1462: website content is read as sentences: a shop that supports online
    payment offers no payment service, a company that raised money runs no financing
    business, a charity foundation sells no funds, a listed company runs no exchange.
    Such remarks bring no activity note (the permit rule still applies to the declared
    finance website)."""
    report = icp_check(**filing(remarks=remarks))
    assert rule_id not in notes(report)
    assert_fires(report, RULE, "websites[0].pre_approvals")


def test_a_declared_finance_website_whose_names_match_nothing_still_needs_the_permit(icp_check: Check) -> None:
    """Line 1462: the applicant's own declaration of financial content is enough: the
    permit is required even when no name has a listed word (and no activity is named)."""
    report = icp_check(**filing())
    assert_fires(report, RULE, "websites[0].pre_approvals")
    assert not [n for n in notes(report) if n.startswith("finance.activity.")]


# -- province specifics --------------------------------------------------------------------


def test_jiangsu_financing_websites_are_told_whom_to_ask(icp_check: Check) -> None:
    """Line 1478: in Jiangsu, a website about financing or financing guarantees can consult
    the local economic and information commission: advice, never a failure."""
    financing = "江苏星河示例融资担保有限公司"
    jiangsu = icp_check("jiangsu", **filing("jiangsu", subject_name=financing))
    assert "finance.jiangsu.financing_consult" in notes(jiangsu)
    assert_not_fires(jiangsu, "finance.jiangsu.financing_consult")
    elsewhere = icp_check("zhejiang", **filing("zhejiang", subject_name="浙江星河示例融资担保有限公司"))
    assert "finance.jiangsu.financing_consult" not in notes(elsewhere)
    assert "finance.jiangsu.financing_consult" not in notes(icp_check("jiangsu", **filing("jiangsu")))


def test_zhejiang_private_equity_funds_upload_the_supervisors_approval(icp_engine: Engine) -> None:
    """Line 1479: private equity funds (Asset Management Association of China); in Zhejiang
    they also submit the approval documents the financial supervision authority requires."""
    rule = "finance.zhejiang.private_equity_approval"
    fund = "浙江星河示例私募基金管理有限公司"
    on = icp_engine.documents(make_filing("zhejiang", **filing("zhejiang", subject_name=fund)))
    assert_requires_document(on, "zhejiang_financial_supervisor_approval", rule)
    by_website = icp_engine.documents(make_filing("zhejiang", **filing("zhejiang", website_name="星河股权投资")))
    assert_requires_document(by_website, "zhejiang_financial_supervisor_approval", rule)
    beijing = icp_engine.documents(make_filing(**filing(subject_name="北京星河示例私募基金管理有限公司")))
    assert_no_document(beijing, "zhejiang_financial_supervisor_approval", rule)
    payment_name = "浙江星河示例支付有限公司"
    payment = icp_engine.documents(make_filing("zhejiang", **filing("zhejiang", subject_name=payment_name)))
    assert_no_document(payment, "zhejiang_financial_supervisor_approval", rule)


def test_foundations_upload_their_registration_and_a_guarantee(icp_engine: Engine) -> None:
    """Line 1483: funds such as charity funds submit the registration document verified by
    the civil affairs authority and a letter of guarantee that they do no financial
    business; other finance subjects are not asked for them."""
    foundation = icp_engine.documents(make_filing(**filing(subject_name="北京星河示例慈善基金会")))
    assert_requires_document(foundation, "civil_affairs_registration", "finance.foundation.civil_affairs_registration")
    assert_requires_document(foundation, "guarantee_no_financial_business",
                             "finance.foundation.no_financial_business_guarantee")
    assert_no_document(foundation, "zhejiang_financial_supervisor_approval", "finance.zhejiang.foundation_approval")
    fund = icp_engine.documents(make_filing(**filing(subject_name="北京星河示例私募基金管理有限公司")))
    assert_no_document(fund, "civil_affairs_registration", "finance.foundation.civil_affairs_registration")
    assert_no_document(fund, "guarantee_no_financial_business", "finance.foundation.no_financial_business_guarantee")


def test_zhejiang_foundations_also_upload_the_supervisors_verification(icp_engine: Engine) -> None:
    """Line 1483: in Zhejiang a foundation also submits verification documents approved by
    the financial supervision authority."""
    rule = "finance.zhejiang.foundation_approval"
    foundation = "浙江星河示例公益基金会"
    zhejiang = icp_engine.documents(make_filing("zhejiang", **filing("zhejiang", subject_name=foundation)))
    assert_requires_document(zhejiang, "zhejiang_financial_supervisor_approval", rule)
    assert_requires_document(zhejiang, "civil_affairs_registration", "finance.foundation.civil_affairs_registration")
    other = icp_engine.documents(make_filing("zhejiang", **filing("zhejiang")))
    assert_no_document(other, "zhejiang_financial_supervisor_approval", rule)


def test_a_foundation_files_with_its_registration_as_the_permit(icp_check: Check) -> None:
    """Line 1483: a foundation does no financial business, so the civil-affairs
    registration stands as its permit: entered under the pre-approvals, it passes."""
    registration = {"industry": "finance", "license_type": "civil_affairs_registration",
                    "license_number": "53110000500000000X", "issuer": "北京市民政局",
                    "valid_until": "2030-06-30"}
    name = "北京星河示例慈善基金会"
    assert_fires(icp_check(**filing(subject_name=name)), RULE, "websites[0].pre_approvals")
    uploads = ["civil_affairs_registration", "guarantee_no_financial_business"]
    assert_passes(icp_check(**filing(subject_name=name, permits=(registration,)), add_documents=uploads))


def test_guangdong_is_left_to_the_guangdong_plugin(icp_engine: Engine) -> None:
    """Line 1349 (5.9.1) and line 209: Guangdong's statement and commitment letter belong to
    the Guangdong plugin: this plugin asks nothing more of a Guangdong finance website than
    the permit."""
    report = icp_engine.documents(make_filing("guangdong", **filing("guangdong")))
    assert [d.document for d in report.documents if d.rule_id.startswith("finance.")] == ["pre_approval"]


# -- notes and the rest ------------------------------------------------------------------


def test_the_notes_of_the_section(icp_check: Check) -> None:
    """Line 1464 (rules vary locally), lines 1468-1470 (irregular verification, filings of
    violating websites cancelled), line 1484 (no financial content: change the name or
    business scope): notes with their reasons."""
    found = assert_notes(icp_check(**filing()), "finance.local_rules_vary", "finance.irregular_verification",
                         "finance.no_financial_content", citation="6")
    assert "finance.jiangsu.financing_consult" not in found


def test_a_website_with_two_industries_shows_both_plugins_findings() -> None:
    """Lines 1403 and 1462: a Zhejiang website with financial and educational content needs
    both the finance permit and the education approval: each plugin reports its own."""
    engine = engine_with_stand_ins(allow=["icp-industry-finance", "icp-industry-education"])
    report = engine.check(make_filing("zhejiang", **filing("zhejiang", industries=("finance", "education"))))
    assert_fires(report, RULE, "websites[0].pre_approvals")
    assert_fires(report, "education.pre_approval", "websites[0].pre_approvals")
    plugins = {c.scope: c.plugin or "" for c in report.coverage}
    assert plugins["industry.finance"].startswith("icp-industry-finance")
    assert plugins["industry.education"].startswith("icp-industry-education")
    education = {"industry": "education", "license_number": "浙教审〔2026〕0002号", "valid_until": "2029-06-30"}
    both = engine.check(make_filing("zhejiang", **filing("zhejiang", industries=("finance", "education"),
                                                          permits=(PERMIT, education))))
    assert_passes(both)


def test_the_chinese_name_and_aliases_are_accepted(icp_check: Check) -> None:
    """Line 1409: the industry as filings name it (金融, 互联网金融, financial services) is finance."""
    for word in ("金融", "互联网金融", "Financial Services"):
        assert_fires(icp_check(**filing(industries=(word,))), RULE)


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 states no change or transfer rule: the plugin decides none (the province does)."""
    finance = make_filing(**filing(permits=(PERMIT,)))
    assert_no_change_or_transfer_decision(icp_engine, finance, "industry.finance")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/industry-finance.yaml (a Beijing payment
    company with its permit) passes, and the notes name the payment activity."""
    report = assert_example_passes("industry-finance", covers="industry.finance")
    assert "finance.activity.payment" in notes(report)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-finance", [Path(__file__).parent]) == []
