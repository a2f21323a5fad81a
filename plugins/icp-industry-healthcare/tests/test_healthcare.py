"""Healthcare (guide section 6): every sentence the guide gives the industry, read from the
guide, with a filing that breaks it and one that meets it. Line numbers are those of
icp-before-filing.txt: 1404 is the Healthcare row of the industries table, 1448 the
Healthcare subsection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
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

RULE = "healthcare.pre_approval"
KEEPING = ["hebei", "xizang"]
APPROVAL = {"industry": "healthcare", "license_number": "冀卫网审〔2026〕第0002号", "issuer": "河北省卫生健康委员会",
            "valid_until": "2029-06-30"}


def health_site(province: str, *approvals: dict[str, Any],
                industries: tuple[str, ...] = ("healthcare",)) -> dict[str, Any]:
    """The kit's website for ``province``, declaring ``industries`` and holding ``approvals``."""
    return {"websites": [website_data(province, name="星河示例健康知识网", industries=list(industries),
                                      pre_approvals=list(approvals))]}


@pytest.mark.parametrize("province", KEEPING)
def test_hebei_and_tibet_need_the_pre_approval(icp_check: Check, province: str) -> None:
    """Line 1404: the healthcare pre-approval, issued by the provincial department of public
    health, is abolished everywhere except Hebei and Tibet: there a health information
    website without it fails, and the finding says what to get and from whom."""
    finding = assert_fires(icp_check(province, **health_site(province)), RULE, "websites[0].pre_approvals")
    assert "department of public health" in finding.message.en and "卫生行政部门" in finding.message.zh
    assert finding.citation == "6"
    assert_not_fires(icp_check(province, **health_site(province, APPROVAL)), RULE)


@pytest.mark.parametrize("province", ["beijing", "zhejiang", "qinghai", "tianjin"])
def test_elsewhere_the_pre_approval_is_abolished(icp_check: Check, province: str) -> None:
    """Line 1404: in every other province the pre-approval is abolished: a health
    information website without it is never a failure, only a note."""
    report = icp_check(province, **health_site(province))
    assert_not_fires(report, RULE)
    assert "healthcare.abolished_elsewhere" in {n.rule_id for n in report.notes}


def test_with_every_plugin_the_verdict_in_hebei_follows_the_approval(icp_check: Check) -> None:
    """Line 1404, Hebei (whose plugin is installed here): fail without the approval, pass with it."""
    assert icp_check("hebei", **health_site("hebei")).verdict.value == "fail"
    assert_passes(icp_check("hebei", **health_site("hebei", APPROVAL)))
    assert_passes(icp_check("beijing", **health_site("beijing")))


def test_the_verdict_in_tibet_is_about_the_approval() -> None:
    """Line 1404, Tibet: other scopes stand in, since the Tibet plugin is written elsewhere."""
    engine = engine_with_stand_ins(allow=["icp-industry-healthcare"])
    assert engine.check(make_filing("xizang", **health_site("xizang"))).verdict.value == "fail"
    assert_passes(engine.check(make_filing("xizang", **health_site("xizang", APPROVAL))))


def test_an_expired_approval_or_another_industrys_does_not_count(icp_check: Check) -> None:
    """Line 1404: the approval must be held before filing, so it must still be valid on
    the day of the check, and it must be the healthcare one (not, say, medicine's)."""
    expired = {**APPROVAL, "valid_until": "2026-11-30"}
    assert_fires(icp_check("hebei", **health_site("hebei", expired)), RULE, "websites[0].pre_approvals")
    other = {**APPROVAL, "industry": "medicine"}
    assert_fires(icp_check("hebei", **health_site("hebei", other, industries=("healthcare", "medicine"))), RULE,
                 "websites[0].pre_approvals")


def test_only_health_websites_are_concerned(icp_check: Check) -> None:
    """Line 1448: the pre-approval concerns websites offering medical and health
    information: a Hebei website declaring no healthcare industry is not asked for it."""
    report = icp_check("hebei")
    assert_not_fires(report, RULE)
    assert not [n for n in report.notes if n.rule_id.startswith("healthcare.")]


def test_the_approval_is_listed_among_the_documents(icp_engine: Engine) -> None:
    """Line 1404: the approval is an upload in Hebei and Tibet (with its reason), and nowhere else."""
    on = icp_engine.documents(make_filing("hebei", **health_site("hebei")))
    assert_requires_document(on, "pre_approval", RULE)
    reason = next(d for d in on.documents if d.rule_id == RULE)
    assert reason.field == "websites[0]" and "医疗保健" in reason.reason.zh
    off = icp_engine.documents(make_filing("beijing", **health_site("beijing")))
    assert_no_document(off, "pre_approval", RULE)


def test_what_counts_as_healthcare_is_a_note(icp_check: Check) -> None:
    """Line 1448: medical and health information through an institution's website, a
    disease-prevention site or a health channel: whether a site is one is the
    applicant's declaration."""
    assert_notes(icp_check("beijing", **health_site("beijing")), "healthcare.what_counts_as_healthcare",
                 "healthcare.abolished_elsewhere", citation="6")


def test_the_chinese_name_and_aliases_are_accepted(icp_check: Check) -> None:
    """Line 1404: the industry as filings name it (医疗保健, 互联网医疗保健, health care) is healthcare."""
    for word in ("医疗保健", "互联网医疗保健", "Health Care"):
        assert_fires(icp_check("hebei", **health_site("hebei", industries=(word,))), RULE)


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 states no change or transfer rule: the plugin decides none (the province does)."""
    filing = make_filing("hebei", **health_site("hebei", APPROVAL))
    assert_no_change_or_transfer_decision(icp_engine, filing, "industry.healthcare")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/industry-healthcare.yaml (Hebei, with the approval) passes."""
    assert_example_passes("industry-healthcare", covers="industry.healthcare")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-healthcare", [Path(__file__).parent]) == []
