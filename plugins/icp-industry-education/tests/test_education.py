"""Education (guide section 6): every sentence the guide gives the industry, read from the
guide, with a filing that breaks it and one that meets it. Line numbers are those of
icp-before-filing.txt: 1403 is the Education row of the industries table, 1444 the
Education subsection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.report import Outcome
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
    make_filing,
    website_data,
)

RULE = "education.pre_approval"
KEEPING = ["zhejiang", "qinghai", "xizang"]
APPROVAL = {"industry": "education", "license_number": "浙教审〔2026〕0001号", "issuer": "浙江省教育厅",
            "valid_until": "2029-06-30"}


def school(province: str, *approvals: dict[str, Any], industries: tuple[str, ...] = ("education",)) -> dict[str, Any]:
    """The kit's website for ``province``, declaring ``industries`` and holding ``approvals``."""
    return {"websites": [website_data(province, name="星河示例网校", industries=list(industries),
                                      pre_approvals=list(approvals))]}


@pytest.mark.parametrize("province", KEEPING)
def test_the_three_provinces_that_keep_it_need_the_pre_approval(icp_check: Check, province: str) -> None:
    """Line 1403: the education pre-approval, issued by the provincial department of
    education, is abolished everywhere except Zhejiang, Qinghai and Tibet: there an
    educational website without it fails, and the finding says what to get and from whom."""
    finding = assert_fires(icp_check(province, **school(province)), RULE, "websites[0].pre_approvals")
    assert "department of education" in finding.message.en and "教育行政部门" in finding.message.zh
    assert finding.citation == "6"
    assert_not_fires(icp_check(province, **school(province, APPROVAL)), RULE)


@pytest.mark.parametrize("province", ["beijing", "hebei", "jiangsu", "guangdong"])
def test_elsewhere_the_pre_approval_is_abolished(icp_check: Check, province: str) -> None:
    """Line 1403: in every other province the pre-approval is abolished: an educational
    website without it is never a failure, only a note."""
    report = icp_check(province, **school(province))
    assert_not_fires(report, RULE)
    assert "education.abolished_elsewhere" in {n.rule_id for n in report.notes}


def test_with_every_plugin_a_beijing_online_school_passes_without_an_approval(icp_check: Check) -> None:
    """Line 1403: Beijing is not one of the three provinces: the verdict is pass."""
    assert_passes(icp_check("beijing", **school("beijing")))


def test_the_verdict_in_zhejiang_is_about_the_approval() -> None:
    """Line 1403, Zhejiang: without the approval the filing fails; with a valid one it
    passes (other scopes stand in, since the Zhejiang plugin is written elsewhere)."""
    engine = engine_with_stand_ins(allow=["icp-industry-education"])
    assert engine.check(make_filing("zhejiang", **school("zhejiang"))).verdict.value == "fail"
    assert_passes(engine.check(make_filing("zhejiang", **school("zhejiang", APPROVAL))))


def test_an_expired_approval_or_another_industrys_does_not_count(icp_check: Check) -> None:
    """Line 1403: the approval must be held before filing, so it must still be valid on
    the day of the check, and it must be the education one."""
    expired = {**APPROVAL, "valid_until": "2026-11-30"}
    assert_fires(icp_check("qinghai", **school("qinghai", expired)), RULE, "websites[0].pre_approvals")
    other = {**APPROVAL, "industry": "news"}
    assert_fires(icp_check("qinghai", **school("qinghai", other, industries=("education", "news"))), RULE,
                 "websites[0].pre_approvals")


def test_only_educational_websites_are_concerned(icp_check: Check) -> None:
    """Line 1444: the pre-approval concerns educational websites and online schools: a
    website that declares no education industry is not asked for it."""
    report = icp_check("xizang")
    assert_not_fires(report, RULE)
    assert not [n for n in report.notes if n.rule_id.startswith("education.")]


def test_the_approval_is_listed_among_the_documents(icp_engine: Engine) -> None:
    """Line 1403: the approval is an upload in the three provinces (with its reason), and
    nowhere else."""
    on = icp_engine.documents(make_filing("zhejiang", **school("zhejiang")))
    assert_requires_document(on, "pre_approval", RULE)
    reason = next(d for d in on.documents if d.rule_id == RULE)
    assert reason.field == "websites[0]" and "教育" in reason.reason.zh
    off = icp_engine.documents(make_filing("beijing", **school("beijing")))
    assert_no_document(off, "pre_approval", RULE)


def test_what_counts_as_education_is_a_note(icp_check: Check) -> None:
    """Line 1444: educational websites and online schools (diplomas, distance-learning
    videos, exam training): whether a site is one is the applicant's declaration."""
    assert_notes(icp_check("beijing", **school("beijing")), "education.what_counts_as_education",
                 "education.abolished_elsewhere", citation="6")


def test_the_chinese_name_and_aliases_are_accepted(icp_check: Check) -> None:
    """Line 1403: the industry as filings name it (教育, 网校, online education) is the education industry."""
    for word in ("教育", "网校", "Online Education"):
        assert_fires(icp_check("zhejiang", **school("zhejiang", industries=(word,))), RULE)


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 states no change or transfer rule: the plugin decides none (the province does)."""
    filing = make_filing("beijing", **school("beijing"))
    transfer = assert_no_change_or_transfer_decision(icp_engine, filing, "industry.education")
    assert transfer.outcome is Outcome.allowed


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/industry-education.yaml passes."""
    assert_example_passes("industry-education", covers="industry.education")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-education", [Path(__file__).parent]) == []
