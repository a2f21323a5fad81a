"""Publishing (guide section 6): written from the guide's bullets.

Guide lines: 1389 (the intro: publishing needs a pre-approval before filing; ask the
authority named), 1397 (the table: the Internet Publishing License, issued by the State
Administration of Press, Publication, Radio, Film and Television), 1424 (what internet
publishing is) and 1426 (the activities that need the licence). Section 6 states no
change or transfer rule for an industry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
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

RULE = "publishing.pre_approval"
NOTES = ("publishing.what_counts_as_publishing", "publishing.activities_needing_the_licence")
#: A licence as a filing carries it: industry, number, issuer and last valid day.
LICENCE: dict[str, Any] = {"industry": "publishing", "license_number": "新出网证（京）字001号",
                           "issuer": "国家新闻出版广电总局", "valid_until": "2029-06-30"}


def test_a_publishing_website_without_the_licence_fails(icp_check: Check) -> None:
    """Lines 1389 and 1397: a website with publishing content must obtain the Internet
    Publishing License before it is filed; the finding names the licence and the
    authority to ask (the State Administration of Press, Publication, Radio, Film and TV)."""
    finding = assert_fires(icp_check(websites=[industry_website("publishing")]), RULE, "websites[0].pre_approvals")
    assert "Internet Publishing License" in finding.message.en
    assert "State Administration of Press, Publication, Radio, Film and Television" in finding.message.en
    assert "互联网出版许可证" in finding.message.zh and "国家新闻出版广电总局" in finding.message.zh
    assert finding.citation == "6"


def test_a_publishing_website_with_the_licence_passes(icp_check: Check) -> None:
    """Line 1397: holding the Internet Publishing License meets the pre-approval; the
    Beijing filing is then answered pass with every plugin installed."""
    report = icp_check(websites=[industry_website("publishing", LICENCE)])
    assert_not_fires(report, RULE)
    assert_passes(report)


def test_the_licence_must_still_be_valid(icp_check: Check) -> None:
    """Line 1389: the pre-approval is obtained before filing, so it must be valid on the
    day the filing is checked (2026-12-01): one that ended the day before does not count,
    one whose last day is that day does."""
    assert_pre_approval_expires(icp_check, RULE, LICENCE)


@pytest.mark.parametrize("detail", ["license_number", "valid_until"])
def test_a_licence_without_its_number_or_last_valid_day_needs_information(icp_check: Check, detail: str) -> None:
    """Lines 1389 and 1397: the Internet Publishing License must be valid when the website
    is filed, which a licence entry can only show with its number and the last day it is
    valid. Without either the filing is incomplete (never a pass), the finding asks for
    that field, and no note claims the detail cannot be asked for; with both it passes."""
    report = icp_check(websites=[industry_website("publishing", {**LICENCE, detail: None})])
    assert_needs(report, RULE, f"websites[0].pre_approvals[0].{detail}")
    assert report.verdict.value == "incomplete"
    assert "publishing.licence_details" not in [n.rule_id for n in report.notes]
    [finding] = [f for f in report.findings if f.rule_id == RULE]
    assert "number" in finding.message.en and "有效期截止日" in finding.message.zh
    complete = icp_check(websites=[industry_website("publishing", LICENCE)])
    assert_not_fires(complete, RULE)
    assert_passes(complete)


def test_another_industry_licence_does_not_count(icp_check: Check) -> None:
    """Line 1397: the publishing licence is its own: a news licence held by a website that
    also publishes does not stand in for it."""
    news_only = {**LICENCE, "industry": "news"}
    report = icp_check(websites=[website_data(industries=["publishing", "news"], pre_approvals=[news_only])])
    assert_fires(report, RULE, "websites[0].pre_approvals")


def test_only_publishing_websites_need_it(icp_check: Check) -> None:
    """Line 1389: the pre-approval concerns websites with publishing content: a second,
    plain website of the same filing is not asked for it, and neither is a filing that
    declares no publishing website."""
    plain = website_data()
    other = website_data(name="星河示例书城", industries=["publishing"],
                         domains=[{**plain["domains"][0], "name": "books.xinghe-example.com.cn"}])
    report = icp_check(websites=[plain, other])
    assert [f.field for f in report.findings if f.rule_id == RULE] == ["websites[1].pre_approvals"]
    assert_not_fires(icp_check(), RULE)


def test_the_industry_may_be_named_in_chinese(icp_check: Check) -> None:
    """Line 1397: the industry is 出版 in Chinese; a filing may name it so, or as 网络出版服务,
    and is held to the same licence."""
    for name in ("出版", "网络出版服务", "Internet Publishing"):
        report = icp_check(websites=[website_data(industries=[name])])
        assert_fires(report, RULE, "websites[0].pre_approvals")
    named = icp_check(websites=[website_data(industries=["出版"], pre_approvals=[{**LICENCE, "industry": "出版"}])])
    assert_not_fires(named, RULE)


def test_the_licence_is_a_required_document(icp_engine: Engine) -> None:
    """Lines 1389 and 1397: the licence is listed among the documents to upload for the
    publishing website, with the reason (the rule's message); a filing without
    publishing content is not asked for it."""
    documents = icp_engine.documents(make_filing(websites=[industry_website("publishing", LICENCE)]))
    assert_requires_document(documents, "pre_approval", RULE)
    [required] = [d for d in documents.documents if d.rule_id == RULE]
    assert "Internet Publishing License" in required.reason.en and "互联网出版许可证" in required.reason.zh
    assert_no_document(icp_engine.documents(make_filing()), "pre_approval", RULE)


def test_the_definition_and_the_activities_are_notes(icp_check: Check) -> None:
    """Lines 1424 and 1426: what internet publishing is and which activities (e-reading,
    electronic publications, audio-visual products, online books, newspapers and
    magazines, mobile, academic, art and educational publications, games, maps) need the
    licence are notes for publishing filings, each with why it is not checked."""
    report = icp_check(websites=[industry_website("publishing", LICENCE)])
    notes = assert_notes(report, *NOTES, citation="6")
    assert "games" in notes["publishing.activities_needing_the_licence"].message.en
    assert "地图" in notes["publishing.activities_needing_the_licence"].message.zh
    assert not [n for n in icp_check().notes if n.rule_id.startswith("publishing.")]


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 (lines 1387-1426) says nothing about changing or transferring a filing
    of a publishing website: this scope gives no decision, the province decides."""
    filing = make_filing(websites=[industry_website("publishing", LICENCE)])
    assert_no_change_or_transfer_decision(icp_engine, filing, "industry.publishing")
    assert icp_engine.change(filing, ChangeRequest(ChangeTarget.individual)).decided_by == "province.beijing"


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example (examples/industry-publishing.yaml): a Beijing enterprise whose
    website declares publishing and carries a valid licence is answered pass."""
    report = assert_example_passes("industry-publishing")
    assert "icp-industry-publishing==0.1.0 (industry.publishing)" in report.plugins


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-publishing", [Path(__file__).parent]) == []
