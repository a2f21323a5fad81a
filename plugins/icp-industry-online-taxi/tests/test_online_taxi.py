"""Online taxi booking (guide section 6): written from the guide's bullets.

Guide lines: 1389 (the intro: a website needing a pre-approval obtains it before filing,
from the authority named), 1405 (the table: the Online Taxi Booking Business Permit,
issued by the traffic management committee of the region where the company is
registered) and 1452 (online taxi booking businesses, and those in related activities,
must obtain the permit; what such a business is). Section 6 states no change or transfer
rule for an industry.
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

RULE = "online_taxi.pre_approval"
NOTES = ("online_taxi.what_counts_as_online_taxi",)
#: A permit as a filing carries it: industry, number, issuer and last valid day.
PERMIT: dict[str, Any] = {"industry": "online_taxi", "license_number": "网络预约出租汽车经营许可证（京）001号",
                          "issuer": "北京市交通委员会", "valid_until": "2029-06-30"}


def test_a_taxi_booking_website_without_the_permit_fails(icp_check: Check) -> None:
    """Lines 1389, 1405 and 1452: an online taxi booking business must obtain the Online
    Taxi Booking Business Permit before its website is filed; the finding names the permit
    and the authority to ask (the transport authority where the company is registered)."""
    finding = assert_fires(icp_check(websites=[industry_website("online_taxi")]), RULE, "websites[0].pre_approvals")
    assert "Online Taxi Booking Business Permit" in finding.message.en
    assert "where the company is registered" in finding.message.en
    assert "网络预约出租汽车经营许可证" in finding.message.zh and "公司注册地的交通运输主管部门" in finding.message.zh
    assert finding.citation == "6"


def test_a_taxi_booking_website_with_the_permit_passes(icp_check: Check) -> None:
    """Lines 1405 and 1452: holding the Online Taxi Booking Business Permit meets the
    pre-approval; the Beijing filing is then answered pass with every plugin installed."""
    report = icp_check(websites=[industry_website("online_taxi", PERMIT)])
    assert_not_fires(report, RULE)
    assert_passes(report)


def test_the_permit_must_still_be_valid(icp_check: Check) -> None:
    """Line 1389: the pre-approval is obtained before filing, so it must be valid on the
    day the filing is checked (2026-12-01): one that ended the day before does not count,
    one whose last day is that day does."""
    assert_pre_approval_expires(icp_check, RULE, PERMIT)


def test_another_industry_licence_does_not_count(icp_check: Check) -> None:
    """Line 1405: the taxi booking permit is its own: another industry's licence held by
    the website does not stand in for it."""
    other = {**PERMIT, "industry": "culture"}
    report = icp_check(websites=[website_data(industries=["online_taxi", "culture"], pre_approvals=[other])])
    assert_fires(report, RULE, "websites[0].pre_approvals")


def test_only_taxi_booking_websites_need_it(icp_check: Check) -> None:
    """Line 1389: the pre-approval concerns taxi booking websites: a second, plain website
    of the same filing is not asked for it, and neither is a filing that declares no such
    website."""
    plain = website_data()
    booking = website_data(name="星河示例约车", industries=["online_taxi"],
                           domains=[{**plain["domains"][0], "name": "ride.xinghe-example.com.cn"}])
    report = icp_check(websites=[plain, booking])
    assert [f.field for f in report.findings if f.rule_id == RULE] == ["websites[1].pre_approvals"]
    assert_not_fires(icp_check(), RULE)


def test_the_industry_may_be_named_in_chinese(icp_check: Check) -> None:
    """Line 1405: the industry is 网络预约出租汽车 (网约车) in Chinese; a filing may name it
    so, or as ride hailing, and is held to the same permit."""
    for name in ("网络预约出租汽车", "网约车", "网络预约出租车", "Online taxi booking", "Ride-Hailing"):
        report = icp_check(websites=[website_data(industries=[name])])
        assert_fires(report, RULE, "websites[0].pre_approvals")
    named = icp_check(websites=[website_data(industries=["网约车"], pre_approvals=[{**PERMIT, "industry": "网约车"}])])
    assert_not_fires(named, RULE)


def test_the_permit_is_a_required_document(icp_engine: Engine) -> None:
    """Lines 1389 and 1405: the permit is listed among the documents to upload for the
    taxi booking website, with the reason (the rule's message); a filing without such a
    website is not asked for it."""
    documents = icp_engine.documents(make_filing(websites=[industry_website("online_taxi", PERMIT)]))
    assert_requires_document(documents, "pre_approval", RULE)
    [required] = [d for d in documents.documents if d.rule_id == RULE]
    assert "Online Taxi Booking Business Permit" in required.reason.en
    assert "网络预约出租汽车经营许可证" in required.reason.zh
    assert_no_document(icp_engine.documents(make_filing()), "pre_approval", RULE)


def test_the_definition_is_a_note(icp_check: Check) -> None:
    """Line 1452: what an online taxi booking business is (a platform matching supply and
    demand, qualified vehicles and drivers, booked rather than street-hail service) is a
    note for taxi booking filings, with why it is not checked."""
    report = icp_check(websites=[industry_website("online_taxi", PERMIT)])
    notes = assert_notes(report, *NOTES, citation="6")
    assert "street-hail" in notes["online_taxi.what_counts_as_online_taxi"].message.en
    assert "非巡游" in notes["online_taxi.what_counts_as_online_taxi"].message.zh
    assert not [n for n in icp_check().notes if n.rule_id.startswith("online_taxi.")]


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 (lines 1387-1452) says nothing about changing or transferring a filing
    of a taxi booking website: this scope gives no decision, the province decides."""
    filing = make_filing(websites=[industry_website("online_taxi", PERMIT)])
    assert_no_change_or_transfer_decision(icp_engine, filing, "industry.online_taxi")
    assert icp_engine.change(filing, ChangeRequest(ChangeTarget.individual)).decided_by == "province.beijing"


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example (examples/industry-online-taxi.yaml): a Beijing enterprise
    whose booking website declares online taxi booking and carries a valid permit is
    answered pass."""
    report = assert_example_passes("industry-online-taxi")
    assert "icp-industry-online-taxi==0.1.0 (industry.online_taxi)" in report.plugins


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-online-taxi", [Path(__file__).parent]) == []
