"""Section 6 / issue 19: a website whose name or remarks read like a pre-approval industry
it does not declare is warned, never decided silently either way."""

from __future__ import annotations

import pytest

from icp_core.engine import Engine
from icp_core.loading import load_filing
from icp_core.plugins import find_plugins
from icp_core.report import Severity, Verdict
from icp_core.testing import filing_data, merge

RULE = "core.industry.suggested"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_entry_points()


def beijing(**website: object) -> dict[str, object]:
    data = filing_data("beijing")
    return {**data, "websites": [merge(data["websites"][0], website)]}


@pytest.mark.parametrize(("website", "industry", "word"), [
    ({"name": "星河新闻网"}, "news", "新闻"),
    ({"name": "Xinghe Daily News"}, "news", "news"),
    ({"remarks": "提供在线课程与考试辅导"}, "education", "课程"),
    ({"remarks": "短视频分享"}, "broadcasting", "视频"),
])
def test_a_website_that_reads_like_an_industry_is_warned(engine: Engine, website: dict[str, str], industry: str,
                                                         word: str) -> None:
    report = engine.check(load_filing(beijing(**website)))
    (finding,) = [f for f in report.findings if f.rule_id == RULE]
    assert finding.severity is Severity.warning and finding.field == "websites[0].industries"
    assert word in finding.message.en and word in finding.message.zh
    assert engine.vocabulary.industries[industry].name.en in finding.message.en
    assert report.verdict is Verdict.pass_  # a warning: it decides nothing


def test_a_declared_industry_is_not_suggested_and_its_rules_run(engine: Engine) -> None:
    report = engine.check(load_filing(beijing(name="星河新闻网", industries=["news"])))
    assert not [f for f in report.findings if f.rule_id == RULE]
    assert "news.pre_approval" in {f.rule_id for f in report.findings}


def test_an_ordinary_website_gets_no_suggestion(engine: Engine) -> None:
    report = engine.check(load_filing(filing_data("beijing")))
    assert not [f for f in report.findings if f.rule_id == RULE]


def test_the_words_come_from_the_installed_industry_plugins() -> None:
    """Without the news plugin in the deployment, its words are not known to the engine."""
    without_news = [s.distribution for s in find_plugins() if s.scope != "industry.news"]
    report = Engine.from_entry_points(without_news).check(load_filing(beijing(name="星河新闻网")))
    assert not [f for f in report.findings if f.rule_id == RULE]
