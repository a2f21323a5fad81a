"""News (guide 6): the pre-approval rule with a failing and a passing filing, its
document, the informational notes, and conformance of the plugin."""

from __future__ import annotations

from pathlib import Path

from icp_core.testing import (
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_pre_approval_expires,
    assert_requires_document,
    conformance_problems,
    website_data,
)

LICENCE = {"industry": "news", "license_number": "12120230001", "issuer": "天津市互联网信息办公室",
           "valid_until": "2029-06-30"}


def test_news_website_needs_pre_approval(icp_check):
    bad = icp_check("beijing", websites=[website_data(industries=["news"])])
    finding = assert_fires(bad, "news.pre_approval", "websites[0].pre_approvals")
    assert "互联网新闻信息服务许可证" in finding.message.zh
    assert "Internet News Information Service License" in finding.message.en


def test_news_website_with_licence_passes(icp_check):
    good = icp_check("beijing", websites=[website_data(industries=["news"], pre_approvals=[LICENCE])])
    assert_not_fires(good, "news.pre_approval")


def test_an_expired_licence_does_not_count(icp_check):
    """Guide section 6 (line 1389): the pre-approval must be obtained before filing, so it
    must still be valid: a licence that ended before the evaluation date fails (the README
    once said the rule did not compare the date; it does)."""
    assert_pre_approval_expires(icp_check, "news.pre_approval", LICENCE)


def test_another_industry_licence_does_not_count(icp_check):
    other = {**LICENCE, "industry": "publishing"}
    bad = icp_check("beijing", websites=[website_data(industries=["news", "publishing"], pre_approvals=[other])])
    assert_fires(bad, "news.pre_approval", "websites[0].pre_approvals")


def test_only_news_websites_are_concerned(icp_check):
    news = website_data(industries=["news"])
    plain = website_data(name="星河示例商城", domain={"name": "shop.xinghe-example.com.cn"})
    report = icp_check("beijing", websites=[plain, news])
    assert_fires(report, "news.pre_approval", "websites[1].pre_approvals")
    assert [f.field for f in report.findings if f.rule_id == "news.pre_approval"] == ["websites[1].pre_approvals"]
    assert_not_fires(icp_check("beijing"), "news.pre_approval")


def test_pre_approval_document(icp_check):
    report = icp_check("tianjin", websites=[website_data("tianjin", industries=["news"])])
    assert_requires_document(report, "pre_approval", "news.pre_approval")
    assert_no_document(icp_check("tianjin"), "pre_approval", "news.pre_approval")


def test_informational_rules_are_notes(icp_check):
    report = icp_check("beijing", websites=[website_data(industries=["news"], pre_approvals=[LICENCE])])
    assert_notes(report, "news.issuing_authority", "news.what_counts_as_news", "news.class_news_entity_original",
                 "news.class_non_news_entity", "news.class_news_entity_published", citation="6")
    assert not [n for n in icp_check("beijing").notes if n.rule_id.startswith("news.")]


def test_conformance():
    assert conformance_problems("icp-industry-news", [Path(__file__).parent]) == []
