"""Marketplace website-building instances (guide 4.1, table 4-1, line 384; table 1-1, line 162): for every
rule a filing that breaks it and one that meets it, each minimum and quota at its boundary,
the national rules that hold for this type too, and conformance of the plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.loading import load_filing
from icp_core.profiles import Profile, RuleOverride
from icp_core.testing import (
    assert_fires,
    assert_needs,
    assert_not_fires,
    assert_passes,
    conformance_problems,
    filing_data,
    installed_engine,
    make_filing,
    merge,
)

DISTRIBUTION = "icp-instance-marketplace-site-builder"
MIN_RULE = "marketplace_site_builder.min_initial_subscription_months"
QUOTA_RULE = "marketplace_site_builder.max_service_numbers"
#: The minimum subscription and the quota of table 4-1, as the policy publishes them.
MONTHS, QUOTA = 12, 1
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "instance-marketplace-site-builder.yaml"
#: The baseline website is hosted on the instance with this id.
HOSTED = filing_data("beijing")["instances"][0]["id"]


def instance(**changes: Any) -> dict[str, Any]:
    """A Marketplace website-building instance that meets every requirement (12 months bought, running until
    2027-11-20, an order of 199 CNY), with ``changes``; ``None`` removes a fact."""
    base = merge(filing_data("beijing")["instances"][0],
                 {"type": "marketplace_site_builder", "public_bandwidth_mbps": None, "order_amount_cny": "199"})
    return merge(base, changes)


def numbers(count: int, prefix: str = "SIN") -> list[dict[str, Any]]:
    """``count`` service identification numbers already issued; every other one used by a
    filing (a cancelled filing's number stays used), the rest not yet used."""
    return [{"number": f"{prefix}-{index:04d}", "used": index % 2 == 0} for index in range(count)]


def second_website(**changes: Any) -> dict[str, Any]:
    website = filing_data("beijing")["websites"][0]
    domain = merge(website["domains"][0], {"name": "xinghe-shop.com.cn"})
    return merge(merge(website, {"name": "星河示例商城", "domains": [domain]}), changes)


def own_findings(report: Any) -> list[Any]:
    return [f for f in report.findings if f.rule_id.startswith("marketplace_site_builder.")]


def test_a_filing_on_a_compliant_instance_passes(icp_check: Any) -> None:
    """Guide line 384: a Marketplace website-building instance that meets its row of table 4-1 backs the
    filing; the plugin is consulted and its scope covered."""
    report = icp_check("beijing", instances=[instance()])
    assert_passes(report)
    assert f"{DISTRIBUTION}==0.1.0 (instance.marketplace_site_builder)" in report.plugins
    assert {c.scope: c.status.value for c in report.coverage}["instance.marketplace_site_builder"] == "covered"


def test_the_example_filing_passes_with_every_plugin() -> None:
    """The example of the README (examples/instance-marketplace-site-builder.yaml): a Beijing enterprise
    on a Marketplace website-building instance, answered ``pass`` with every plugin installed."""
    report = installed_engine().check(load_filing(EXAMPLE))
    assert_passes(report)
    assert f"{DISTRIBUTION}==0.1.0 (instance.marketplace_site_builder)" in report.plugins


@pytest.mark.parametrize("months", [1, 11])
def test_a_subscription_shorter_than_the_minimum_fails(icp_check: Any, months: int) -> None:
    """Guide line 384 (and 162):
    "The initial subscription duration must be 12 months or more": 1 and 11 months are too few."""
    report = icp_check("beijing", instances=[instance(subscription_months=months)])
    assert_fires(report, MIN_RULE, "instances[0].subscription_months")
    assert not report.passed


@pytest.mark.parametrize("months", [MONTHS, 36])
def test_a_subscription_of_the_minimum_or_more_passes(icp_check: Any, months: int) -> None:
    """Guide line 384: "12 months or more": exactly 12 is enough."""
    assert_not_fires(icp_check("beijing", instances=[instance(subscription_months=months)]), MIN_RULE)


def test_an_unknown_subscription_length_is_asked_for(icp_check: Any) -> None:
    """Guide line 384: the length decides, so a filing that does not give it is asked for it."""
    report = icp_check("beijing", instances=[instance(subscription_months=None)])
    assert_needs(report, MIN_RULE, "instances[0].subscription_months")


@pytest.mark.parametrize(("issued", "fires"), [(0, False), (1, True)])
def test_the_quota_per_instance_at_its_boundary(icp_check: Any, issued: int, fires: bool) -> None:
    """Guide line 384:
    "You can apply for one service identification number".
    The filing's website asks for number ``issued + 1``: the 1st passes; the 2nd fails."""
    report = icp_check("beijing", instances=[instance(service_numbers=numbers(issued))])
    if fires:
        finding = assert_fires(report, QUOTA_RULE, "instances[0].service_numbers")
        # Line 170: renewing does not raise the quota; a new instance is needed.
        assert "renewing the instance does not raise its quota" in finding.message.en.lower()
        assert "new instance" in finding.message.en and "续费不会增加" in finding.message.zh
    else:
        assert_not_fires(report, QUOTA_RULE)


def test_numbers_issued_count_whether_used_or_not(icp_check: Any) -> None:
    """Guide lines 371 and 431: a number stays used after the filing is cancelled, and what
    is limited is the numbers applied for (line 384): 1 issued and never used still
    leave none for another website."""
    unused = [{"number": f"SIN-{index}", "used": False} for index in range(QUOTA)]
    assert_fires(icp_check("beijing", instances=[instance(service_numbers=unused)]), QUOTA_RULE)


def test_a_website_using_an_issued_number_is_not_counted_twice(icp_check: Any) -> None:
    """Guide line 429: selecting the instance or applying for a number, the number of websites
    is the same: a website that names one of the 1 numbers issued for the instance uses
    that number, not another one."""
    unused = [{"number": f"SIN-{index}", "used": False} for index in range(QUOTA)]
    website = merge(filing_data("beijing")["websites"][0],
                    {"hosting": {"instance_id": HOSTED, "service_identification_number": "SIN-0"}})
    report = icp_check("beijing", instances=[instance(service_numbers=unused)], websites=[website])
    assert_not_fires(report, QUOTA_RULE)


def test_the_renewal_advice_is_a_note(icp_check: Any) -> None:
    """Guide line 170: renewing does not raise the limit; buy a new instance. Advice, shown as
    a note with the reason it is not checked (the quota itself is)."""
    notes = {n.rule_id: n for n in icp_check("beijing", instances=[instance()]).notes}
    note = notes["marketplace_site_builder.renewal_does_not_raise_quota"]
    assert note.citation == "4.1" and note.reason is not None and note.reason.en and note.reason.zh


def test_the_instance_must_be_in_mainland_china(icp_check: Any) -> None:
    """Guide lines 151 and 354: the instance must be located in mainland China. The national
    plugin checks it for every instance type; a Marketplace website-building instance in Singapore fails."""
    abroad = icp_check("beijing", instances=[instance(region="ap-southeast-1", in_mainland=None)])
    assert_fires(abroad, "national.instance.in_mainland", "instances[0].region")
    assert_not_fires(icp_check("beijing", instances=[instance()]), "national.instance.in_mainland")


def test_the_subscription_must_be_valid_on_the_day_of_the_check(icp_check: Any) -> None:
    """Guide line 358: an instance with a valid subscription. The national plugin checks it for
    every type (not repeated here): ended the day before the check fails, ending on the day
    passes, and a subscription with no end date is asked for."""
    rule = "national.instance.valid_subscription"
    assert_fires(icp_check("beijing", instances=[instance(expires_on="2026-11-30")]), rule, "instances[0].expires_on")
    assert_not_fires(icp_check("beijing", instances=[instance(expires_on="2026-12-01")]), rule)
    assert_needs(icp_check("beijing", instances=[instance(expires_on=None)]), rule, "instances[0].expires_on")
    assert_needs(icp_check("beijing", instances=[instance(billing=None)]), rule, "instances[0].billing")


def test_only_ecs_needs_public_bandwidth_and_refuses_pay_as_you_go(icp_check: Any) -> None:
    """Guide line 378: public bandwidth and "no numbers for Pay-As-You-Go" are said of ECS
    instances only. A Marketplace website-building instance without public bandwidth meets its row; a
    pay-as-you-go one is not refused, but its subscription length is still asked for."""
    assert_passes(icp_check("beijing", instances=[instance(public_bandwidth_mbps=None)]))
    pay_as_you_go = icp_check("beijing", instances=[instance(billing="pay_as_you_go", subscription_months=None,
                                                             expires_on=None)])
    assert [f for f in own_findings(pay_as_you_go) if f.status.value == "violation"] == []
    assert_needs(pay_as_you_go, MIN_RULE, "instances[0].subscription_months")
    assert_not_fires(pay_as_you_go, "ecs.no_pay_as_you_go")


def test_rules_ignore_other_instance_types(icp_check: Any) -> None:
    """Each row of table 4-1 is about its own type: an ECS instance bought for one month with
    six numbers is not this plugin's to judge."""
    ecs = merge(filing_data("beijing")["instances"][0], {"subscription_months": 1, "service_numbers": numbers(6)})
    report = icp_check("beijing", instances=[ecs])
    assert own_findings(report) == []
    assert not any(p.startswith(f"{DISTRIBUTION}==") for p in report.plugins)


def test_a_profile_changes_the_minimum_and_the_quota() -> None:
    """The provider's terms change: a deployment profile sets other numbers, and the findings
    say the numbers in force."""
    profile = Profile("tuned", rules={
        MIN_RULE: RuleOverride(params={"min_subscription_months": MONTHS + 1}),
        QUOTA_RULE: RuleOverride(params={"max_service_numbers": QUOTA + 1}),
    })
    engine = Engine.from_entry_points(profile=profile)
    short = engine.check(make_filing("beijing", instances=[instance(subscription_months=MONTHS)]))
    finding = assert_fires(short, MIN_RULE, "instances[0].subscription_months")
    assert f"{MONTHS + 1} months" in finding.message.en
    assert_not_fires(engine.check(make_filing("beijing", instances=[instance(service_numbers=numbers(QUOTA))])),
                     QUOTA_RULE)
    over = engine.check(make_filing("beijing", instances=[instance(service_numbers=numbers(QUOTA + 1))]))
    assert f"at most {QUOTA + 1} service identification numbers" in assert_fires(over, QUOTA_RULE).message.en


def test_conformance() -> None:
    assert conformance_problems(DISTRIBUTION, [Path(__file__).parent]) == []


def test_a_short_initial_subscription_is_not_repaired_by_renewal(icp_check: Any) -> None:
    """Guide line 384: "The initial subscription duration must be 12 months or more". It is
    the first order that counts, so the finding says a later renewal does not make up for it."""
    report = icp_check("beijing", instances=[instance(subscription_months=6)])
    finding = assert_fires(report, "marketplace_site_builder.min_initial_subscription_months",
                           "instances[0].subscription_months")
    assert "initial subscription" in finding.message.en and "renewing it later does not make up" in finding.message.en
    assert "首次购买" in finding.message.zh and "续费也无法补足" in finding.message.zh


@pytest.mark.parametrize(("amount", "fires"), [("98.99", True), ("99", False), ("99.00", False), ("1200", False)])
def test_the_order_amount_at_its_boundary(icp_check: Any, amount: str, fires: bool) -> None:
    """Guide line 384 (and 162): "The order must be 99 RMB or more": 98.99 is too little,
    99 exactly is enough."""
    report = icp_check("beijing", instances=[instance(order_amount_cny=amount)])
    if fires:
        assert_fires(report, "marketplace_site_builder.min_order_amount", "instances[0].order_amount_cny")
        assert not report.passed
    else:
        assert_not_fires(report, "marketplace_site_builder.min_order_amount")


def test_an_unknown_order_amount_is_asked_for(icp_check: Any) -> None:
    """Guide line 384: the amount decides, so a filing that does not give it is asked for it."""
    report = icp_check("beijing", instances=[instance(order_amount_cny=None)])
    assert_needs(report, "marketplace_site_builder.min_order_amount", "instances[0].order_amount_cny")


def test_a_profile_changes_the_order_amount() -> None:
    """The provider's terms change: a profile sets another minimum order, and the finding says it."""
    profile = Profile("tuned", rules={"marketplace_site_builder.min_order_amount": RuleOverride(
        params={"min_order_cny": 199})})
    engine = Engine.from_entry_points(profile=profile)
    report = engine.check(make_filing("beijing", instances=[instance(order_amount_cny="150")]))
    assert "199 CNY" in assert_fires(report, "marketplace_site_builder.min_order_amount").message.en
