"""Online taxi booking (guide section 6): written from the guide's bullets.

Guide lines: 1389 (the intro: a website needing a pre-approval obtains it before filing,
from the authority named), 1405 (the table: the Online Taxi Booking Business Permit,
issued by the traffic management committee of the region where the company is
registered) and 1452 (online taxi booking businesses, and those in related activities,
must obtain the permit; what such a business is). Section 6 states no change or transfer
rule for an industry.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from icp_core.engine import Engine
from icp_core.loading import load_filing
from icp_core.model import ChangeRequest, ChangeTarget, OriginalFiling, TransferRequest
from icp_core.report import Report
from icp_core.testing import (
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_passes,
    assert_requires_document,
    conformance_problems,
    filing_data,
    installed_engine,
    make_filing,
    merge,
)

Check = Callable[..., Report]
RULE = "online_taxi.pre_approval"
NOTES = ("online_taxi.what_counts_as_online_taxi",)
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "industry-online-taxi.yaml"
#: A permit as a filing carries it: industry, number, issuer and last valid day.
PERMIT: dict[str, Any] = {"industry": "online_taxi", "license_number": "网络预约出租汽车经营许可证（京）001号",
                          "issuer": "北京市交通委员会", "valid_until": "2029-06-30"}


def website(province: str = "beijing", **changes: Any) -> dict[str, Any]:
    """The kit's website for ``province``, with ``changes``."""
    site: dict[str, Any] = merge(filing_data(province)["websites"][0], changes)
    return site


def taxi_site(*permits: dict[str, Any], province: str = "beijing") -> dict[str, Any]:
    return website(province, industries=["online_taxi"], pre_approvals=list(permits))


def test_a_taxi_booking_website_without_the_permit_fails(icp_check: Check) -> None:
    """Lines 1389, 1405 and 1452: an online taxi booking business must obtain the Online
    Taxi Booking Business Permit before its website is filed; the finding names the permit
    and the authority to ask (the transport authority where the company is registered)."""
    finding = assert_fires(icp_check(websites=[taxi_site()]), RULE, "websites[0].pre_approvals")
    assert "Online Taxi Booking Business Permit" in finding.message.en
    assert "where the company is registered" in finding.message.en
    assert "网络预约出租汽车经营许可证" in finding.message.zh and "公司注册地的交通运输主管部门" in finding.message.zh
    assert finding.citation == "6"


def test_a_taxi_booking_website_with_the_permit_passes(icp_check: Check) -> None:
    """Lines 1405 and 1452: holding the Online Taxi Booking Business Permit meets the
    pre-approval; the Beijing filing is then answered pass with every plugin installed."""
    report = icp_check(websites=[taxi_site(PERMIT)])
    assert_not_fires(report, RULE)
    assert_passes(report)


def test_the_permit_must_still_be_valid(icp_check: Check) -> None:
    """Line 1389: the pre-approval is obtained before filing, so it must be valid on the
    day the filing is checked (2026-12-01): one that ended the day before does not count,
    one whose last day is that day does."""
    expired = icp_check(websites=[taxi_site({**PERMIT, "valid_until": "2026-11-30"})])
    assert_fires(expired, RULE, "websites[0].pre_approvals")
    last_day = icp_check(websites=[taxi_site({**PERMIT, "valid_until": "2026-12-01"})])
    assert_not_fires(last_day, RULE)


def test_another_industry_licence_does_not_count(icp_check: Check) -> None:
    """Line 1405: the taxi booking permit is its own: another industry's licence held by
    the website does not stand in for it."""
    other = {**PERMIT, "industry": "culture"}
    report = icp_check(websites=[website(industries=["online_taxi", "culture"], pre_approvals=[other])])
    assert_fires(report, RULE, "websites[0].pre_approvals")


def test_only_taxi_booking_websites_need_it(icp_check: Check) -> None:
    """Line 1389: the pre-approval concerns taxi booking websites: a second, plain website
    of the same filing is not asked for it, and neither is a filing that declares no such
    website."""
    plain = website()
    booking = website(name="星河示例约车", industries=["online_taxi"],
                      domains=[{**plain["domains"][0], "name": "ride.xinghe-example.com.cn"}])
    report = icp_check(websites=[plain, booking])
    assert [f.field for f in report.findings if f.rule_id == RULE] == ["websites[1].pre_approvals"]
    assert_not_fires(icp_check(), RULE)


def test_the_industry_may_be_named_in_chinese(icp_check: Check) -> None:
    """Line 1405: the industry is 网络预约出租汽车 (网约车) in Chinese; a filing may name it
    so, or as ride hailing, and is held to the same permit."""
    for name in ("网络预约出租汽车", "网约车", "网络预约出租车", "Online taxi booking", "Ride-Hailing"):
        report = icp_check(websites=[website(industries=[name])])
        assert_fires(report, RULE, "websites[0].pre_approvals")
    named = icp_check(websites=[website(industries=["网约车"], pre_approvals=[{**PERMIT, "industry": "网约车"}])])
    assert_not_fires(named, RULE)


def test_the_permit_is_a_required_document(icp_engine: Engine) -> None:
    """Lines 1389 and 1405: the permit is listed among the documents to upload for the
    taxi booking website, with the reason (the rule's message); a filing without such a
    website is not asked for it."""
    documents = icp_engine.documents(make_filing(websites=[taxi_site(PERMIT)]))
    assert_requires_document(documents, "pre_approval", RULE)
    [required] = [d for d in documents.documents if d.rule_id == RULE]
    assert "Online Taxi Booking Business Permit" in required.reason.en
    assert "网络预约出租汽车经营许可证" in required.reason.zh
    assert_no_document(icp_engine.documents(make_filing()), "pre_approval", RULE)


def test_the_definition_is_a_note(icp_check: Check) -> None:
    """Line 1452: what an online taxi booking business is (a platform matching supply and
    demand, qualified vehicles and drivers, booked rather than street-hail service) is a
    note for taxi booking filings, with why it is not checked."""
    report = icp_check(websites=[taxi_site(PERMIT)])
    notes = {n.rule_id: n for n in report.notes}
    for rule_id in NOTES:
        assert notes[rule_id].citation == "6"
        assert notes[rule_id].reason.en and notes[rule_id].reason.zh
    assert "street-hail" in notes["online_taxi.what_counts_as_online_taxi"].message.en
    assert "非巡游" in notes["online_taxi.what_counts_as_online_taxi"].message.zh
    assert not [n for n in icp_check().notes if n.rule_id.startswith("online_taxi.")]


def test_section_6_states_no_change_or_transfer_rule(icp_engine: Engine) -> None:
    """Section 6 (lines 1387-1452) says nothing about changing or transferring a filing
    of a taxi booking website: this scope gives no decision, the province decides."""
    filing = make_filing(websites=[taxi_site(PERMIT)])
    change = icp_engine.change(filing, ChangeRequest(ChangeTarget.individual))
    assert "industry.online_taxi" not in [d.scope for d in change.decisions]
    assert change.decided_by == "province.beijing"
    original = OriginalFiling(subject_name=filing.subject.name, certificate_number=filing.subject.certificate_number)
    transfer = icp_engine.transfer(filing, TransferRequest(original=original))
    assert "industry.online_taxi" not in [d.scope for d in transfer.decisions]


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example (examples/industry-online-taxi.yaml): a Beijing enterprise
    whose booking website declares online taxi booking and carries a valid permit is
    answered pass."""
    report = installed_engine().check(load_filing(EXAMPLE))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)
    assert "icp-industry-online-taxi==0.1.0 (industry.online_taxi)" in report.plugins


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-industry-online-taxi", [Path(__file__).parent]) == []
