"""News (guide 6): the pre-approval rule with a failing and a passing filing, its
document, the informational notes, and conformance of the plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from icp_core.testing import (
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_requires_document,
    conformance_problems,
    filing_data,
    merge,
)

LICENCE = {"industry": "news", "license_number": "12120230001", "issuer": "天津市互联网信息办公室",
           "valid_until": "2029-06-30"}


def website(province: str = "beijing", **changes: Any) -> dict[str, Any]:
    return merge(filing_data(province)["websites"][0], changes)


def test_news_website_needs_pre_approval(icp_check):
    bad = icp_check("beijing", websites=[website(industries=["news"])])
    finding = assert_fires(bad, "news.pre_approval", "websites[0].pre_approvals")
    assert "互联网新闻信息服务许可证" in finding.message.zh
    assert "Internet News Information Service License" in finding.message.en


def test_news_website_with_licence_passes(icp_check):
    good = icp_check("beijing", websites=[website(industries=["news"], pre_approvals=[LICENCE])])
    assert_not_fires(good, "news.pre_approval")


def test_an_expired_licence_does_not_count(icp_check):
    """Guide section 6 (line 1389): the pre-approval must be obtained before filing, so it
    must still be valid: a licence that ended before the evaluation date fails (the README
    once said the rule did not compare the date; it does)."""
    expired = icp_check("beijing", websites=[website(industries=["news"],
                                                     pre_approvals=[{**LICENCE, "valid_until": "2026-11-30"}])])
    assert_fires(expired, "news.pre_approval", "websites[0].pre_approvals")
    last_day = icp_check("beijing", websites=[website(industries=["news"],
                                                      pre_approvals=[{**LICENCE, "valid_until": "2026-12-01"}])])
    assert_not_fires(last_day, "news.pre_approval")


def test_another_industry_licence_does_not_count(icp_check):
    other = {**LICENCE, "industry": "publishing"}
    bad = icp_check("beijing", websites=[website(industries=["news", "publishing"], pre_approvals=[other])])
    assert_fires(bad, "news.pre_approval", "websites[0].pre_approvals")


def test_only_news_websites_are_concerned(icp_check):
    news = website(industries=["news"])
    plain = merge(website(), {"name": "星河示例商城", "domains": [{**website()["domains"][0],
                                                                  "name": "shop.xinghe-example.com.cn"}]})
    report = icp_check("beijing", websites=[plain, news])
    assert_fires(report, "news.pre_approval", "websites[1].pre_approvals")
    assert [f.field for f in report.findings if f.rule_id == "news.pre_approval"] == ["websites[1].pre_approvals"]
    assert_not_fires(icp_check("beijing"), "news.pre_approval")


def test_pre_approval_document(icp_check):
    report = icp_check("tianjin", websites=[website("tianjin", industries=["news"])])
    assert_requires_document(report, "pre_approval", "news.pre_approval")
    assert_no_document(icp_check("tianjin"), "pre_approval", "news.pre_approval")


def test_informational_rules_are_notes(icp_check):
    report = icp_check("beijing", websites=[website(industries=["news"], pre_approvals=[LICENCE])])
    notes = {n.rule_id: n for n in report.notes}
    for rule_id in ("news.issuing_authority", "news.what_counts_as_news", "news.class_news_entity_original",
                    "news.class_non_news_entity", "news.class_news_entity_published"):
        assert notes[rule_id].citation == "6"
        assert notes[rule_id].reason.en and notes[rule_id].reason.zh
    assert not [n for n in icp_check("beijing").notes if n.rule_id.startswith("news.")]


def test_conformance():
    assert conformance_problems("icp-industry-news", [Path(__file__).parent]) == []
