"""Culture (guide section 6): written from the guide's bullets.

Guide lines: 1389 (the intro: a website needing a pre-approval obtains it before filing,
from the authority named), 1401 (the table: the Internet Culture Business Permit, issued
by the provincial departments of culture) and 1434 (internet cultural products: games,
music, animation and other cultural products made and spread online). Section 6 states
no change or transfer rule for an industry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.testing import (
    Check,
    assert_example_passes,
    assert_fires,
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

RULE = "culture.pre_approval"
NOTES = ("culture.what_counts_as_culture",)
#: A permit as a filing carries it: industry, number, issuer and last valid day.
PERMIT: dict[str, Any] = {"industry": "culture", "license_number": "京网文〔2026〕0001-001号",
                          "issuer": "北京市文化和旅游局", "valid_until": "2029-06-30"}


def test_a_culture_website_without_the_permit_fails(icp_check: Check) -> None:
    """Lines 1389 and 1401: a website offering internet cultural products must obtain the
    Internet Culture Business Permit before it is filed; the finding names the permit and
    the authority to ask (the provincial department of culture)."""
    finding = assert_fires(icp_check(websites=[industry_website("culture")]), RULE, "websites[0].pre_approvals")
    assert "Internet Culture Business Permit" in finding.message.en
    assert "department of culture of the province" in finding.message.en
    assert "网络文化经营许可证" in finding.message.zh and "省级文化主管部门" in finding.message.zh
    assert finding.citation == "6"


def test_a_culture_website_with_the_permit_passes(icp_check: Check) -> None:
    """Line 1401: holding the Internet Culture Business Permit meets the pre-approval; the
    Beijing filing is then answered pass with every plugin installed."""
    report = icp_check(websites=[industry_website("culture", PERMIT)])
    assert_not_fires(report, RULE)
    assert_passes(report)


def test_the_permit_must_still_be_valid(icp_check: Check) -> None:
    """Line 1389: the pre-approval is obtained before filing, so it must be valid on the
    day the filing is checked (2026-12-01): one that ended the day before does not count,
    one whose last day is that day does."""
    assert_pre_approval_expires(icp_check, RULE, PERMIT)


def test_another_industry_licence_does_not_count(icp_check: Check) -> None:
    """Line 1401: the culture permit is its own: a game site's publishing licence (games
    are publishing too, line 1426) does not stand in for it."""
    publishing_only = {**PERMIT, "industry": "publishing"}
    report = icp_check(websites=[website_data(industries=["culture", "publishing"], pre_approvals=[publishing_only])])
    assert_fires(report, RULE, "websites[0].pre_approvals")


def test_only_culture_websites_need_it(icp_check: Check) -> None:
    """Line 1389: the pre-approval concerns websites with cultural products: a second,
    plain website of the same filing is not asked for it, and neither is a filing that
    declares no culture website."""
    plain = website_data()
    music = website_data(name="星河示例音乐", industries=["culture"],
                         domains=[{**plain["domains"][0], "name": "music.xinghe-example.com.cn"}])
    report = icp_check(websites=[plain, music])
    assert [f.field for f in report.findings if f.rule_id == RULE] == ["websites[1].pre_approvals"]
    assert_not_fires(icp_check(), RULE)


def test_the_industry_may_be_named_in_chinese(icp_check: Check) -> None:
    """Line 1401: the industry is 文化 in Chinese; a filing may name it so, or as 网络文化 or
    互联网文化, and is held to the same permit."""
    for name in ("文化", "网络文化", "互联网文化", "Internet Culture"):
        report = icp_check(websites=[website_data(industries=[name])])
        assert_fires(report, RULE, "websites[0].pre_approvals")
    named = icp_check(websites=[website_data(industries=["文化"], pre_approvals=[{**PERMIT, "industry": "文化"}])])
    assert_not_fires(named, RULE)


def test_the_permit_is_a_required_document(icp_engine: Engine) -> None:
    """Lines 1389 and 1401: the permit is listed among the documents to upload for the
    culture website, with the reason (the rule's message); a filing without cultural
    products is not asked for it."""
    documents = icp_engine.documents(make_filing(websites=[industry_website("culture", PERMIT)]))
    assert_requires_document(documents, "pre_approval", RULE)
    [required] = [d for d in documents.documents if d.rule_id == RULE]
    assert "Internet Culture Business Permit" in required.reason.en and "网络文化经营许可证" in required.reason.zh
    assert_no_document(icp_engine.documents(make_filing()), "pre_approval", RULE)


def test_the_definition_is_a_note(icp_check: Check) -> None:
    """Line 1434: what internet cultural products are (games, music, animation …) is a
    note for culture filings, with why it is not checked."""
    report = icp_check(websites=[industry_website("culture", PERMIT)])
    notes = assert_notes(report, *NOTES, citation="6")
    assert "games" in notes["culture.what_counts_as_culture"].message.en
    assert "动漫" in notes["culture.what_counts_as_culture"].message.zh
    assert not [n for n in icp_check().notes if n.rule_id.startswith("culture.")]


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 (lines 1387-1434) says nothing about changing or transferring a filing
    of a culture website: this scope gives no decision, the province decides."""
    filing = make_filing(websites=[industry_website("culture", PERMIT)])
    assert_no_change_or_transfer_decision(icp_engine, filing, "industry.culture")
    assert icp_engine.change(filing, ChangeRequest(ChangeTarget.individual)).decided_by == "province.beijing"


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example (examples/industry-culture.yaml): a Beijing enterprise whose
    website declares culture and carries a valid permit is answered pass."""
    report = assert_example_passes("industry-culture")
    assert "icp-industry-culture==0.1.0 (industry.culture)" in report.plugins


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-culture", [Path(__file__).parent]) == []
