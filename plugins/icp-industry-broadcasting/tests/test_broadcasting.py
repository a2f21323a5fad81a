"""Broadcasts, films and television programmes (guide section 6): written from the
guide's bullets.

Guide lines: 1389 (the intro: a website needing a pre-approval obtains it before filing,
from the authority named), 1402 (the table: the License for Publication of Audio-Visual
Programs through Information Network, issued by the State Administration of Press,
Publication, Radio, Film and Television) and 1438-1440 (audio-visual programmes: moving
pictures or continuous sound recorded with cameras and recorders; video and live-streaming
websites). Section 6 states no change or transfer rule for an industry.
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

RULE = "broadcasting.pre_approval"
NOTES = ("broadcasting.what_counts_as_audio_visual",)
#: A licence as a filing carries it: industry, number, issuer and last valid day.
LICENCE: dict[str, Any] = {"industry": "broadcasting", "license_number": "0100001",
                           "issuer": "国家新闻出版广电总局", "valid_until": "2029-06-30"}


def test_a_video_website_without_the_licence_fails(icp_check: Check) -> None:
    """Lines 1389 and 1402: a website carrying audio-visual programmes must obtain the
    License for Publication of Audio-Visual Programs through Information Network before it
    is filed; the finding names the licence and the authority to ask (the State
    Administration of Press, Publication, Radio, Film and Television)."""
    finding = assert_fires(icp_check(websites=[industry_website("broadcasting")]), RULE, "websites[0].pre_approvals")
    assert "License for Publication of Audio-Visual Programs through Information Network" in finding.message.en
    assert "State Administration of Press, Publication, Radio, Film and Television" in finding.message.en
    assert "信息网络传播视听节目许可证" in finding.message.zh and "国家新闻出版广电总局" in finding.message.zh
    assert finding.citation == "6"


def test_a_video_website_with_the_licence_passes(icp_check: Check) -> None:
    """Line 1402: holding the audio-visual licence meets the pre-approval; the Beijing
    filing is then answered pass with every plugin installed."""
    report = icp_check(websites=[industry_website("broadcasting", LICENCE)])
    assert_not_fires(report, RULE)
    assert_passes(report)


def test_the_licence_must_still_be_valid(icp_check: Check) -> None:
    """Line 1389: the pre-approval is obtained before filing, so it must be valid on the
    day the filing is checked (2026-12-01): one that ended the day before does not count,
    one whose last day is that day does."""
    assert_pre_approval_expires(icp_check, RULE, LICENCE)


def test_another_industry_licence_does_not_count(icp_check: Check) -> None:
    """Line 1402: the audio-visual licence is its own: a publishing licence (audio-visual
    products are also publishing, line 1426) does not stand in for it."""
    publishing_only = {**LICENCE, "industry": "publishing"}
    report = icp_check(websites=[website_data(industries=["broadcasting", "publishing"],
                                              pre_approvals=[publishing_only])])
    assert_fires(report, RULE, "websites[0].pre_approvals")


def test_only_video_websites_need_it(icp_check: Check) -> None:
    """Line 1389: the pre-approval concerns websites with audio-visual programmes: a
    second, plain website of the same filing is not asked for it, and neither is a filing
    that declares no such website."""
    plain = website_data()
    live = website_data(name="星河示例直播", industries=["broadcasting"],
                        domains=[{**plain["domains"][0], "name": "live.xinghe-example.com.cn"}])
    report = icp_check(websites=[plain, live])
    assert [f.field for f in report.findings if f.rule_id == RULE] == ["websites[1].pre_approvals"]
    assert_not_fires(icp_check(), RULE)


def test_the_industry_may_be_named_in_chinese_or_as_video_or_live_streaming(icp_check: Check) -> None:
    """Lines 1402 and 1440: the industry is 广播电影电视节目 in Chinese; video and live
    broadcast websites are its example, so a filing may name it as 网络视听, 视听节目, 直播
    or video, and is held to the same licence."""
    for name in ("广播电影电视节目", "网络视听", "视听节目", "直播", "video", "live streaming"):
        report = icp_check(websites=[website_data(industries=[name])])
        assert_fires(report, RULE, "websites[0].pre_approvals")
    named = icp_check(websites=[website_data(industries=["直播"], pre_approvals=[{**LICENCE, "industry": "网络视听"}])])
    assert_not_fires(named, RULE)


def test_the_licence_is_a_required_document(icp_engine: Engine) -> None:
    """Lines 1389 and 1402: the licence is listed among the documents to upload for the
    video website, with the reason (the rule's message); a filing without audio-visual
    programmes is not asked for it."""
    documents = icp_engine.documents(make_filing(websites=[industry_website("broadcasting", LICENCE)]))
    assert_requires_document(documents, "pre_approval", RULE)
    [required] = [d for d in documents.documents if d.rule_id == RULE]
    assert "Audio-Visual Programs" in required.reason.en and "信息网络传播视听节目许可证" in required.reason.zh
    assert_no_document(icp_engine.documents(make_filing()), "pre_approval", RULE)


def test_the_definition_is_a_note(icp_check: Check) -> None:
    """Lines 1438-1440: what audio-visual programmes are (recorded moving pictures or
    sound; video and live-streaming websites) is a note for broadcasting filings, with why
    it is not checked."""
    report = icp_check(websites=[industry_website("broadcasting", LICENCE)])
    notes = assert_notes(report, *NOTES, citation="6")
    assert "live-streaming" in notes["broadcasting.what_counts_as_audio_visual"].message.en
    assert "直播" in notes["broadcasting.what_counts_as_audio_visual"].message.zh
    assert not [n for n in icp_check().notes if n.rule_id.startswith("broadcasting.")]


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 (lines 1387-1440) says nothing about changing or transferring a filing
    of a video website: this scope gives no decision, the province decides."""
    filing = make_filing(websites=[industry_website("broadcasting", LICENCE)])
    assert_no_change_or_transfer_decision(icp_engine, filing, "industry.broadcasting")
    assert icp_engine.change(filing, ChangeRequest(ChangeTarget.individual)).decided_by == "province.beijing"


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example (examples/industry-broadcasting.yaml): a Beijing enterprise
    whose video website declares broadcasting and carries a valid licence is answered pass."""
    report = assert_example_passes("industry-broadcasting")
    assert "icp-industry-broadcasting==0.1.0 (industry.broadcasting)" in report.plugins


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-broadcasting", [Path(__file__).parent]) == []
