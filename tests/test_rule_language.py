"""What issue 12 added to the rule language, each shown with a filing that meets it and
one that does not: unconditional transfers, ``LocalProof.other``, per-item uploads, a
service-number quota per account, name triggers, a province condition and licences
accepted per industry. Guide line numbers refer to the seed guide."""

from __future__ import annotations

from typing import Any

import pytest

from icp_core.engine import Engine, PluginSource
from icp_core.errors import PolicyError
from icp_core.model import ChangeRequest, ChangeTarget, OriginalFiling, TransferRequest
from icp_core.policy import compile_policy
from icp_core.report import Outcome, Status
from icp_core.testing import (
    assert_fires,
    assert_needs,
    assert_not_fires,
    engine_with_stand_ins,
    filing_data,
    make_filing,
    merge,
    resident_id,
)

WEBSITE = filing_data("beijing")["websites"][0]
DOMAIN = WEBSITE["domains"][0]


def engine_with(*rules: dict[str, Any], scope: str = "province.beijing", section: str = "5.3.1") -> Engine:
    return engine_with_stand_ins(PluginSource(scope, "test-plugin", policy={"scope": scope, "section": section,
                                                                           "rules": list(rules)}))


def same_original(filing: Any) -> OriginalFiling:
    return OriginalFiling(subject_name=filing.subject.name, certificate_number=filing.subject.certificate_number)


# -- transfers and change cells with no condition ------------------------------------


def test_a_province_allows_transfers_with_no_condition() -> None:
    """Guide 5.3.4 (Shanxi): its transfer rules only say the information must comply with the
    authority's rules. Declared with transfer_allowed, a transfer is allowed; without any
    transfer rule it is undetermined (left to review), never allowed by default."""
    filing = make_filing("shanxi")
    allowed = engine_with({"id": "shanxi.transfer", "kind": "transfer_allowed"}, scope="province.shanxi",
                          section="5.3.4")
    report = allowed.transfer(filing, TransferRequest(same_original(filing)))
    assert report.outcome is Outcome.allowed
    assert report.reasons[0].rule_id == "shanxi.transfer" and report.reasons[0].message.zh
    silent = engine_with(scope="province.shanxi", section="5.3.4")
    assert silent.transfer(filing, TransferRequest(same_original(filing))).outcome is Outcome.undetermined


def test_an_unconditional_transfer_does_not_hide_a_denial_of_the_same_province() -> None:
    rules = ({"id": "t.transfer", "kind": "transfer_allowed", "applies_to": ["enterprise"]},
             {"id": "t.consistency", "kind": "transfer_consistency", "fields": ["subject_name"]})
    engine = engine_with(*rules)
    filing = make_filing()
    renamed = OriginalFiling(subject_name="另一家公司", certificate_number=filing.subject.certificate_number)
    assert engine.transfer(filing, TransferRequest(renamed)).outcome is Outcome.denied
    unknown_type = make_filing(subject={"type": None})
    report = engine_with(rules[0]).transfer(unknown_type, TransferRequest(same_original(filing)))
    assert report.outcome is Outcome.incomplete and "subject.type" in report.missing


def test_a_change_cell_allowed_with_no_condition_and_one_left_open() -> None:
    """Guide 5.8.2 (Guizhou) states only that an enterprise filing may become another
    enterprise's or an individual's: those cells are allowed with no condition, the cells it
    leaves open are undetermined."""
    engine = engine_with({"id": "guizhou.change", "kind": "change_matrix", "changes": {
        "enterprise_to_enterprise": {"outcome": "allowed"}, "enterprise_to_individual": {"outcome": "allowed"}}},
        scope="province.guizhou", section="5.8.2")
    enterprise, individual = make_filing("guizhou"), make_filing("guizhou", "individual")
    assert engine.change(enterprise, ChangeRequest(ChangeTarget.individual)).outcome is Outcome.allowed
    assert engine.change(enterprise, ChangeRequest(ChangeTarget.enterprise)).outcome is Outcome.allowed
    assert engine.change(individual, ChangeRequest(ChangeTarget.enterprise)).outcome is Outcome.undetermined


def test_transfer_consistency_with_no_fields_is_a_policy_error() -> None:
    with pytest.raises(PolicyError) as caught:
        compile_policy({"scope": "province.hainan", "section": "5.5.3", "rules": [
            {"id": "hainan.transfer", "kind": "transfer_consistency", "fields": []}]}, source="hainan.yaml")
    assert "rules[0]" in str(caught.value) and "transfer_allowed" in str(caught.value)


# -- LocalProof.other ------------------------------------------------------------------


def test_other_local_proofs_can_be_accepted() -> None:
    """Guide 5.8.3 (Sichuan): non-local people provide proof of studying, living or working
    in the province, "such as …, or other such documents"."""
    rule = {"id": "sichuan.local_identity", "kind": "local_identity", "applies_to": ["individual"],
            "who": ["subject_administrator"], "accepted_proofs": ["student_id", "other"]}
    engine = engine_with(rule, scope="province.sichuan", section="5.8.3")
    stranger = {"id_number": resident_id("henan", "19900307", "123")}
    bad = engine.check(make_filing("sichuan", "individual", subject={"administrator": stranger}))
    finding = assert_fires(bad, "sichuan.local_identity", "subject.administrator")
    assert "其他学习、居住或工作证明" in finding.message.zh and "other proof" in finding.message.en
    proved = {**stranger, "local_proofs": [{"kind": "other", "province": "sichuan"}]}
    good = engine.check(make_filing("sichuan", "individual", subject={"administrator": proved}))
    assert_not_fires(good, "sichuan.local_identity")


# -- per-item uploads ----------------------------------------------------------------------


def test_one_upload_for_the_filing_does_not_meet_a_requirement_per_domain() -> None:
    """Guide 5.4.3 (Jiangsu): a domain certificate for every domain. One upload of the key
    for the whole filing leaves each domain without its own; uploads per domain meet it."""
    rule = {"id": "jiangsu.domain_certificates", "kind": "domain_count_documents",
            "document": "domain_certificate", "enforce": True}
    engine = engine_with(rule, scope="province.jiangsu", section="5.4.3")
    two = [merge(DOMAIN, {"name": "a-example.cn"}), merge(DOMAIN, {"name": "a-example.com.cn"})]
    once = engine.check(make_filing("jiangsu", websites=[merge(WEBSITE, {"domains": two})],
                                    documents=["domain_certificate"]))
    assert [f.field for f in once.findings if f.rule_id == "jiangsu.domain_certificates"] == [
        "websites[0].domains[0]", "websites[0].domains[1]"]
    assert [d.provided for d in once.documents if d.document == "domain_certificate"] == [False, False]
    each = engine.check(make_filing("jiangsu", websites=[merge(WEBSITE, {"domains": two})], documents=[
        "domain_certificate@websites[0].domains[0]", "domain_certificate@websites[0].domains[1]"]))
    assert_not_fires(each, "jiangsu.domain_certificates")


def test_a_requirement_per_website_is_met_per_website_and_one_for_the_filing_by_one_upload() -> None:
    per_website = {"id": "t.plan", "kind": "require_document", "document": "website_construction_plan",
                   "for_each": "website", "enforce": True}
    whole = {"id": "t.statement", "kind": "require_document", "document": "authenticity_statement",
             "enforce": True}
    engine = engine_with(per_website, whole)
    second = merge(WEBSITE, {"name": "第二个网站", "domains": [merge(DOMAIN, {"name": "b-example.cn"})]})
    filing = make_filing(websites=[WEBSITE, second], documents=["website_construction_plan",
                                                                "website_construction_plan@websites[0]",
                                                                "authenticity_statement"])
    report = engine.check(filing)
    assert [f.field for f in report.findings if f.rule_id == "t.plan"] == ["websites[1]"]
    assert_not_fires(report, "t.statement")


# -- service identification numbers per account ----------------------------------------


def _elastic(identifier: str, issued: int) -> dict[str, Any]:
    return {"id": identifier, "type": "elastic_web_hosting", "region": "cn-hangzhou", "billing": "subscription",
            "subscription_months": 12, "expires_on": "2027-12-01",
            "service_numbers": [{"number": f"{identifier}-{n}", "used": True} for n in range(issued)]}


def test_a_service_number_quota_per_account_counts_every_instance() -> None:
    """Guide table 4-1 (line 382): Elastic Web Hosting — "Each Alibaba Cloud account can apply
    for up to five service identification numbers". Two instances with three numbers each
    exceed it; two and two, plus the filing's website, do not."""
    rule = {"id": "elastic_web_hosting.service_numbers", "kind": "instance_requirements",
            "instance_type": "elastic_web_hosting", "max_service_numbers_per_account": 5}
    engine = engine_with(rule, scope="instance.elastic_web_hosting", section="4.1")
    hosted = merge(WEBSITE, {"hosting": {"instance_id": "ewh-1"}})
    over = engine.check(make_filing(websites=[hosted], instances=[_elastic("ewh-1", 3), _elastic("ewh-2", 3)]))
    assert_fires(over, "elastic_web_hosting.service_numbers", "instances")
    within = engine.check(make_filing(websites=[hosted], instances=[_elastic("ewh-1", 2), _elastic("ewh-2", 2)]))
    assert_not_fires(within, "elastic_web_hosting.service_numbers")


# -- name triggers -----------------------------------------------------------------------


FINANCE = {"id": "national.finance", "kind": "industry_declared", "industry": "finance", "cite": "6",
           "when": {"subject_name_matches": ["理财|投资管理"], "business_scope_matches": ["理财|投资管理"],
                    "website_name_matches": ["理财|投资管理"]}}


@pytest.mark.parametrize("where", [{"subject": {"name": "北京星河投资管理有限公司"}},
                                   {"subject": {"business_scope": "企业管理咨询；理财咨询"}},
                                   {"websites": [merge(WEBSITE, {"name": "星河理财"})]}])
def test_a_name_trigger_brings_an_undeclared_finance_filing_to_the_industry(where: dict[str, Any]) -> None:
    """Guide line 1462: finance is recognised "according to the entity name, course of
    business, website name": any one of them suggesting finance asks for the industry to be
    declared, which brings the filing to the finance plugin."""
    engine = engine_with(FINANCE, scope="national", section="1")
    assert_fires(engine.check(make_filing(**where)), "national.finance", "websites")
    declared = merge(where, {"websites": [merge((where.get("websites") or [WEBSITE])[0], {"industries": ["finance"]})]})
    report = engine.check(make_filing(**declared))
    assert_not_fires(report, "national.finance")
    assert "industry.finance" in {c.scope for c in report.coverage}


def test_a_name_trigger_is_quiet_without_the_words_and_asks_when_nothing_is_given() -> None:
    engine = engine_with(FINANCE, scope="national", section="1")
    assert_not_fires(engine.check(make_filing()), "national.finance")
    blank = engine.check(make_filing(subject={"name": None}, websites=[merge(WEBSITE, {"name": None})]))
    hits = [f for f in blank.findings if f.rule_id == "national.finance"]
    assert hits and hits[0].status is Status.needs_information
    assert {"subject.name", "subject.business_scope"} <= set(hits[0].missing)


def test_a_bad_pattern_in_a_trigger_is_a_policy_error() -> None:
    with pytest.raises(PolicyError) as caught:
        compile_policy({"scope": "national", "section": "1", "rules": [
            {**FINANCE, "when": {"subject_name_matches": ["(理财"]}}]}, source="national.yaml")
    assert "rules[0]" in str(caught.value)


# -- a province condition, and licences by industry --------------------------------------


EDUCATION = {"id": "education.pre_approval", "kind": "pre_approval", "industry": "education",
             "when": {"province_in": ["zhejiang", "青海", "xizang"]}}


def test_a_province_condition_limits_an_industry_rule() -> None:
    """Guide section 6, Education: "The pre-approval is abolished in all provinces except for
    Zhejiang, Qinghai, and Tibet." A Zhejiang school website without it fails; the same
    website in Beijing passes."""
    engine = engine_with(EDUCATION, scope="industry.education", section="6")
    school = merge(WEBSITE, {"industries": ["education"]})
    zhejiang = engine.check(make_filing("zhejiang", websites=[school]))
    assert_fires(zhejiang, "education.pre_approval", "websites[0].pre_approvals")
    assert_not_fires(engine.check(make_filing("beijing", websites=[school])), "education.pre_approval")


def test_an_unknown_province_in_a_condition_is_a_policy_error() -> None:
    with pytest.raises(PolicyError) as caught:
        compile_policy({"scope": "industry.education", "section": "6", "rules": [
            {**EDUCATION, "when": {"province_in": ["atlantis"]}}]}, source="education.yaml")
    assert "atlantis" in str(caught.value)


MEDICINE = {"id": "medicine.pre_approval", "kind": "pre_approval", "industry": "medicine", "accepted_licenses": [
    {"key": "medicine_business_license", "name": {"en": "Medicine Business License", "zh": "药品经营许可证"}},
    {"key": "medical_device_trading_permit", "name": {"en": "Medical Device Trading Permit",
                                                      "zh": "医疗器械经营许可证"}},
    {"key": "medicine_information_service_certificate",
     "name": {"en": "Qualification Certificate for Medicine Trading Services", "zh": "互联网药品交易服务资格证书"}}]}


def _medicine(**approval: Any) -> dict[str, Any]:
    return {"websites": [merge(WEBSITE, {"industries": ["medicine"],
                                         "pre_approvals": [{"industry": "medicine", **approval}] if approval else []})]}


def test_medicine_accepts_the_licences_its_activities_need() -> None:
    """Guide section 6, Medicine and medical devices: a Medicine Business License, a Medical
    Device Trading Permit, a Qualification Certificate for Medicine Trading Services (or a
    chemicals permit) — the one the activity needs. A pre-approval that names none of them
    fails, one that does not say which it is is asked about, an accepted one passes."""
    engine = engine_with(MEDICINE, scope="industry.medicine", section="6")
    missing = engine.check(make_filing(**_medicine()))
    finding = assert_fires(missing, "medicine.pre_approval", "websites[0].pre_approvals")
    assert "医疗器械经营许可证" in finding.message.zh
    other = engine.check(make_filing(**_medicine(license_type="news_license", license_number="X1")))
    assert_fires(other, "medicine.pre_approval", "websites[0].pre_approvals")
    unnamed = engine.check(make_filing(**_medicine(license_number="X1")))
    assert_needs(unnamed, "medicine.pre_approval", "websites[0].pre_approvals[0].license_type")
    devices = engine.check(make_filing(**_medicine(license_type="medical_device_trading_permit",
                                                   license_number="X1", valid_until="2030-12-31")))
    assert_not_fires(devices, "medicine.pre_approval")
