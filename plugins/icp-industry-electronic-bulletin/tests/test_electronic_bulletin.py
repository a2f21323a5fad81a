"""Electronic bulletin services (guide section 6): every sentence the guide gives the
industry, read from the guide. Line numbers are those of icp-before-filing.txt: 1406 is
the row of the industries table, 1456 and 1458 the subsection and its note, 1413 the News
subsection's sentence on current-affairs bulletin services. The pre-approval is abolished,
so no filing breaks a rule of this plugin: the tests show it never fails one and always
says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.testing import (
    Check,
    assert_example_passes,
    assert_no_change_or_transfer_decision,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_passes,
    conformance_problems,
    engine_with_stand_ins,
    make_filing,
    website_data,
)

NOTES = ("electronic_bulletin.pre_approval_abolished", "electronic_bulletin.what_counts_as_bulletin",
         "electronic_bulletin.current_affairs_is_news")


def forum(province: str, *industries: str) -> dict[str, Any]:
    """The kit's website for ``province`` as a forum declaring ``industries`` (bulletin services by default)."""
    declared = list(industries) or ["electronic_bulletin"]
    return {"websites": [website_data(province, name="星河示例论坛", industries=declared, pre_approvals=[])]}


@pytest.mark.parametrize("province", ["beijing", "hebei", "zhejiang", "xizang", "guangdong"])
def test_no_province_asks_for_the_abolished_pre_approval(icp_check: Check, province: str) -> None:
    """Lines 1406 and 1458: the pre-approval is abolished nationwide: a forum without any
    licence has no finding of this plugin and no pre-approval upload, in any province,
    and the answer notes the decision that abolished it."""
    report = icp_check(province, **forum(province))
    assert not [f for f in report.findings if f.rule_id.startswith("electronic_bulletin.")]
    assert not [d for d in report.documents if d.rule_id.startswith("electronic_bulletin.")]
    note = next(n for n in report.notes if n.rule_id == "electronic_bulletin.pre_approval_abolished")
    assert "Fifth Batch" in note.message.en and "第五批" in note.message.zh and "第7项" in note.message.zh
    assert "communication administrations" in note.message.en and note.citation == "6"


def test_a_forum_without_a_licence_passes(icp_check: Check, icp_engine: Engine) -> None:
    """Line 1406: with every plugin installed, a Beijing forum with no licence passes, and
    no pre-approval is listed among its documents."""
    assert_passes(icp_check("beijing", **forum("beijing")))
    assert_no_document(icp_engine.documents(make_filing("beijing", **forum("beijing"))), "pre_approval")
    alone = engine_with_stand_ins(allow=["icp-industry-electronic-bulletin"])
    assert_passes(alone.check(make_filing("xizang", **forum("xizang"))))


def test_what_counts_as_a_bulletin_service_is_a_note(icp_check: Check) -> None:
    """Line 1456: bulletin boards, interactive whiteboards, forums, chat rooms and message
    boards: whether a site has them is the applicant's declaration."""
    assert_notes(icp_check("beijing", **forum("beijing")), *NOTES, citation="6")


def test_current_affairs_bulletins_remain_news(icp_check: Check) -> None:
    """Line 1413: a bulletin service about current affairs and politics is a news service:
    the abolition does not lift the news licence (news.pre_approval still fires when news
    is declared too), and the note says so."""
    both = icp_check("beijing", **forum("beijing", "electronic_bulletin", "news"))
    assert "news.pre_approval" in {f.rule_id for f in both.findings}
    assert "electronic_bulletin.current_affairs_is_news" in {n.rule_id for n in both.notes}


def test_only_bulletin_websites_get_the_notes(icp_check: Check) -> None:
    """Line 1456: the notes concern websites declaring bulletin services only."""
    report = icp_check("beijing")
    assert not [n for n in report.notes if n.rule_id.startswith("electronic_bulletin.")]
    assert_not_fires(report, "electronic_bulletin.pre_approval_abolished")


def test_the_chinese_name_and_aliases_are_accepted(icp_check: Check) -> None:
    """Line 1456: the industry as filings name it (电子公告服务, 论坛, BBS, message board) is bulletin services."""
    for word in ("电子公告服务", "论坛", "BBS", "Message Board"):
        notes = {n.rule_id for n in icp_check("beijing", **forum("beijing", word)).notes}
        assert "electronic_bulletin.pre_approval_abolished" in notes


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 states no change or transfer rule: the plugin decides none (the province does)."""
    filing = make_filing("beijing", **forum("beijing"))
    assert_no_change_or_transfer_decision(icp_engine, filing, "industry.electronic_bulletin")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/industry-electronic-bulletin.yaml passes."""
    assert_example_passes("industry-electronic-bulletin", covers="industry.electronic_bulletin")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-electronic-bulletin", [Path(__file__).parent]) == []
