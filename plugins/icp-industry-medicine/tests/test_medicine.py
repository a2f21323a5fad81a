"""Medicine and medical devices (guide section 6): written from the guide's bullets.

Guide lines: 1389 (the intro: a website with medicine or medical-device content obtains
its pre-approval before filing, from the authority named), 1400 (the table: the Medicine
Business License, the Medical Device Trading Permit, the Qualification Certificate for
Medicine Trading Services, issued by the provincial food and medicine administrations,
and the chemicals permit that the Ministry of Industry and Information Technology issues
to pesticide or chemical production enterprises) and 1430 (what an internet medicine
information service is). Section 6 states no change or transfer rule for an industry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.report import Report
from icp_core.testing import (
    Check,
    assert_example_passes,
    assert_fires,
    assert_needs,
    assert_no_change_or_transfer_decision,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_pre_approval_expires,
    assert_requires_document,
    conformance_problems,
    industry_website,
    make_filing,
    website_data,
)

RULE = "medicine.pre_approval"
CHEMICALS = "medicine.chemicals_permit"
NOTES = ("medicine.what_counts_as_medicine_information",)
#: The medicine licences of the table (line 1400), as a filing names them in ``license_type``
#: (the chemicals permit of the same cell is for pesticide and chemical producers only).
LICENCE_TYPES = ("medicine_business_license", "medical_device_trading_permit",
                 "medicine_trading_service_certificate")
#: A licence as a filing carries it: industry, type, number, issuer and last valid day.
LICENCE: dict[str, Any] = {"industry": "medicine", "license_type": "medicine_business_license",
                           "license_number": "京AA0100001", "issuer": "北京市药品监督管理局",
                           "valid_until": "2029-06-30"}
CHEMICALS_PERMIT: dict[str, Any] = {**LICENCE, "license_type": "chemicals_permit", "license_number": "农药生产许可001",
                                    "issuer": "工业和信息化部"}


def medicine_site(*licences: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    # With a name, the domain stays held by the subject under its new name.
    return industry_website("medicine", *licences, domain={"holder_name": name} if name is not None else None)


def producer(check: Check, *licences: dict[str, Any], name: str = "北京星河示例农药有限公司",
             scope: str | None = None) -> Report:
    """A filing of a subject called ``name`` (with business scope ``scope``) whose website
    declares medicine and holds ``licences``."""
    subject: dict[str, Any] = {"name": name}
    if scope is not None:
        subject["business_scope"] = scope
    return check(subject=subject, websites=[medicine_site(*licences, name=name)])


def test_a_medicine_website_without_a_licence_fails(icp_check: Check) -> None:
    """Lines 1389 and 1400: a website with medicine or medical-device content must obtain
    its pre-approval before it is filed; the finding names the licences of the table and
    the authorities to ask (the provincial food and drug administration; the Ministry of
    Industry and Information Technology for pesticide or chemical producers)."""
    finding = assert_fires(icp_check(websites=[medicine_site()]), RULE, "websites[0].pre_approvals")
    for name in ("Medicine Business License", "Medical Device Trading Permit",
                 "Qualification Certificate for Medicine Trading Services", "chemicals permit",
                 "food and drug administration of the province", "Ministry of Industry and Information Technology"):
        assert name in finding.message.en
    for name in ("药品经营许可证", "医疗器械经营许可证", "互联网药品交易服务资格证书", "化学品许可证",
                 "省级食品药品监督管理部门", "工业和信息化部"):
        assert name in finding.message.zh
    assert finding.citation == "6"


@pytest.mark.parametrize("licence_type", LICENCE_TYPES)
def test_each_licence_of_the_table_meets_it(icp_check: Check, licence_type: str) -> None:
    """Line 1400: the Medicine Business License, the Medical Device Trading Permit and the
    Qualification Certificate for Medicine Trading Services are the industry's
    pre-approvals from the food and drug administrations; holding the one the website's
    activity needs passes."""
    report = icp_check(websites=[medicine_site({**LICENCE, "license_type": licence_type})])
    assert_not_fires(report, RULE)
    assert_passes(report)


def test_an_online_pharmacy_holding_only_the_chemicals_permit_fails(icp_check: Check) -> None:
    """Line 1400: the chemicals permit is issued by the Ministry of Industry and
    Information Technology to pesticide or chemical production enterprises; it is not a
    medicine licence. An online pharmacy (not such a producer) that holds only that
    permit has none of the licences it needs, so the pre-approval fails, and the message
    says the chemicals permit does not count for it."""
    report = icp_check(websites=[medicine_site(CHEMICALS_PERMIT)])
    finding = assert_fires(report, RULE, "websites[0].pre_approvals")
    assert "chemicals permit does not count" in finding.message.en
    assert "化学品许可证不能替代" in finding.message.zh
    assert_not_fires(report, CHEMICALS)


def test_a_licence_that_does_not_say_which_it_is_needs_information(icp_check: Check) -> None:
    """Line 1400: the industry has several licences, so the filing says which one it holds;
    until it does, the filing is incomplete (never a pass), and the finding asks for the
    licence type."""
    report = icp_check(websites=[medicine_site({**LICENCE, "license_type": None})])
    assert_needs(report, RULE, "websites[0].pre_approvals[0].license_type")
    assert report.verdict.value == "incomplete"


def test_a_licence_the_table_does_not_list_fails(icp_check: Check) -> None:
    """Line 1400: only the licences the table lists count; another licence (a drug
    production licence, say) does not."""
    report = icp_check(websites=[medicine_site({**LICENCE, "license_type": "drug_production_license"})])
    assert_fires(report, RULE, "websites[0].pre_approvals")


def test_the_licence_must_still_be_valid(icp_check: Check) -> None:
    """Line 1389: the pre-approval is obtained before filing, so it must be valid on the
    day the filing is checked (2026-12-01): one that ended the day before does not count,
    one whose last day is that day does."""
    assert_pre_approval_expires(icp_check, RULE, LICENCE)


def test_another_industry_licence_does_not_count(icp_check: Check) -> None:
    """Line 1400: the medicine licence is its own: a licence recorded for healthcare (a
    different row of the table, line 1404) does not stand in for it."""
    healthcare = {**LICENCE, "industry": "healthcare"}
    report = icp_check(websites=[website_data(industries=["medicine", "healthcare"], pre_approvals=[healthcare])])
    assert_fires(report, RULE, "websites[0].pre_approvals")


def test_only_medicine_websites_need_it(icp_check: Check) -> None:
    """Line 1389: the pre-approval concerns websites with medicine content: a second,
    plain website of the same filing is not asked for it, and neither is a filing that
    declares no medicine website."""
    plain = website_data()
    pharmacy = website_data(name="星河示例药房", industries=["medicine"],
                            domains=[{**plain["domains"][0], "name": "pharmacy.xinghe-example.com.cn"}])
    report = icp_check(websites=[plain, pharmacy])
    assert [f.field for f in report.findings if f.rule_id == RULE] == ["websites[1].pre_approvals"]
    assert_not_fires(icp_check(), RULE)


def test_the_industry_may_be_named_in_chinese(icp_check: Check) -> None:
    """Lines 1389 and 1400: the industry is 药品和医疗器械 in Chinese (medicine and medical
    devices); a filing may name it so, or as 药品, 医疗器械, 医药 or 互联网药品信息服务, and is
    held to the same licences. 医疗 names healthcare, another row (line 1404)."""
    for name in ("药品和医疗器械", "药品", "医疗器械", "医药", "互联网药品信息服务", "medical devices"):
        report = icp_check(websites=[website_data(industries=[name])])
        assert_fires(report, RULE, "websites[0].pre_approvals")
    assert_not_fires(icp_check(websites=[website_data(industries=["医疗"])]), RULE)


def test_a_pesticide_producer_needs_the_chemicals_permit(icp_check: Check) -> None:
    """Line 1400: the Ministry of Industry and Information Technology issues the
    pre-approval of pesticide or chemical production enterprises: a subject whose name
    says it is one (北京星河示例农药有限公司) needs the chemicals permit; a medicine licence
    alone does not do. The permit is that producer's own pre-approval, not a medicine
    licence: with the permit only, the website still lacks the medicine licence its
    activity needs; with both, the filing passes."""
    bad = producer(icp_check, LICENCE)
    finding = assert_fires(bad, CHEMICALS, "websites[0].pre_approvals")
    assert "Ministry of Industry and Information Technology" in finding.message.en
    assert "工业和信息化部" in finding.message.zh
    assert_not_fires(bad, RULE)
    permit_only = producer(icp_check, CHEMICALS_PERMIT)
    assert_not_fires(permit_only, CHEMICALS)
    assert_fires(permit_only, RULE, "websites[0].pre_approvals")
    good = producer(icp_check, LICENCE, CHEMICALS_PERMIT)
    assert_not_fires(good, CHEMICALS)
    assert_not_fires(good, RULE)
    assert_passes(good)


@pytest.mark.parametrize(("name", "scope"), [
    ("北京星河示例化工有限公司", None),
    ("北京星河示例化学厂", None),
    ("北京星河示例科技有限公司", "农药、兽药生产；药品批发"),
    ("北京星河示例科技有限公司", "化学品生产（不含危险化学品）；医疗器械销售"),
    ("北京星河示例科技有限公司", "生产、销售化工产品；药品零售"),
])
def test_a_chemical_producer_is_known_by_its_name_or_business_scope(icp_check: Check, name: str,
                                                                    scope: str | None) -> None:
    """Line 1400: a chemical production enterprise is recognised by its name (化工 … 有限公司,
    化学厂) or by production of pesticides or chemicals in its business scope; without
    the chemicals permit it fails."""
    assert_fires(producer(icp_check, LICENCE, name=name, scope=scope), CHEMICALS, "websites[0].pre_approvals")


@pytest.mark.parametrize(("name", "scope"), [
    ("北京星河示例医药有限公司", "药品零售；医疗器械销售"),
    ("北京星河示例科技有限公司", "化工产品销售（不含许可类化工产品）；药品批发"),
    ("北京星河示例科技有限公司", "日用品生产（不含危险化学品）；医疗器械销售"),
    ("北京星河示例制药有限公司", "化学药品原料药制造；药品生产"),
    ("北京星河示例化工贸易有限公司", "化工产品销售；药品批发"),
])
def test_a_subject_that_does_not_produce_chemicals_needs_no_chemicals_permit(
        icp_check: Check, name: str, scope: str) -> None:
    """Line 1400: only pesticide or chemical *production* enterprises need the ministry's
    permit: a pharmacy, a trader in chemicals, a producer of other goods that excludes
    hazardous chemicals and a maker of chemical drugs do not; their medicine licence is
    enough."""
    report = producer(icp_check, LICENCE, name=name, scope=scope)
    assert_not_fires(report, CHEMICALS)
    assert_not_fires(report, RULE)


def test_without_name_or_business_scope_the_producer_question_is_open(icp_check: Check) -> None:
    """Line 1400: whether the subject is a pesticide or chemical producer is read from its
    name or business scope; with neither given the chemicals permit rule asks for them
    (needs information), never a pass by default."""
    report = icp_check(subject={"name": None}, websites=[medicine_site(LICENCE)])
    assert_needs(report, CHEMICALS, "subject.name")
    assert_needs(report, CHEMICALS, "subject.business_scope")


def test_an_individual_is_not_a_production_enterprise(icp_check: Check) -> None:
    """Line 1400: the chemicals permit is for production enterprises; an individual's
    medicine website is held to the general licence only."""
    site = website_data("beijing", "individual", industries=["medicine"], pre_approvals=[LICENCE])
    report = icp_check(subject_type="individual", websites=[site])
    assert_not_fires(report, CHEMICALS)
    assert_not_fires(report, RULE)


def test_the_licence_is_a_required_document(icp_engine: Engine) -> None:
    """Lines 1389 and 1400: the licence is listed among the documents to upload for the
    medicine website, with the reason (the rule's message); for a chemical producer the
    chemicals permit rule asks for it too; a filing without medicine content is not asked."""
    documents = icp_engine.documents(make_filing(websites=[medicine_site(LICENCE)]))
    assert_requires_document(documents, "pre_approval", RULE)
    [required] = [d for d in documents.documents if d.document == "pre_approval"]
    assert "Medicine Business License" in required.reason.en and "药品经营许可证" in required.reason.zh
    assert_no_document(documents, "pre_approval", CHEMICALS)
    name = "北京星河示例农药有限公司"
    producer_filing = make_filing(subject={"name": name}, websites=[medicine_site(CHEMICALS_PERMIT, name=name)])
    assert_requires_document(icp_engine.documents(producer_filing), "pre_approval", CHEMICALS)
    assert_no_document(icp_engine.documents(make_filing()), "pre_approval", RULE)


def test_the_definition_is_a_note(icp_check: Check) -> None:
    """Line 1430: what an internet medicine information service is (providing medicines,
    medical devices included, and information about them online) is a note for medicine
    filings, with why it is not checked."""
    report = icp_check(websites=[medicine_site(LICENCE)])
    notes = assert_notes(report, *NOTES, citation="6")
    assert "medical devices" in notes["medicine.what_counts_as_medicine_information"].message.en
    assert "医疗器械" in notes["medicine.what_counts_as_medicine_information"].message.zh
    assert not [n for n in icp_check().notes if n.rule_id.startswith("medicine.")]


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 (lines 1387-1430) says nothing about changing or transferring a filing
    of a medicine website: this scope gives no decision, the province decides."""
    filing = make_filing(websites=[medicine_site(LICENCE)])
    assert_no_change_or_transfer_decision(icp_engine, filing, "industry.medicine")
    assert icp_engine.change(filing, ChangeRequest(ChangeTarget.individual)).decided_by == "province.beijing"


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example (examples/industry-medicine.yaml): a Beijing enterprise whose
    online pharmacy declares medicine and carries a valid Medicine Business License is
    answered pass."""
    report = assert_example_passes("industry-medicine")
    assert "icp-industry-medicine==0.1.0 (industry.medicine)" in report.plugins


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-medicine", [Path(__file__).parent]) == []
