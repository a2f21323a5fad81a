"""NAT Gateway instances (guide 4.1, table 4-1, line 385; table 1-1, line 163): for every
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

DISTRIBUTION = "icp-instance-nat-gateway"
MIN_RULE = "nat_gateway.min_subscription_months"
QUOTA_RULE = "nat_gateway.max_service_numbers"
#: The minimum subscription and the quota of table 4-1, as the policy publishes them.
MONTHS, QUOTA = 1, 2
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "instance-nat-gateway.yaml"
#: The baseline website is hosted on the instance with this id.
HOSTED = filing_data("beijing")["instances"][0]["id"]


def instance(**changes: Any) -> dict[str, Any]:
    """A NAT Gateway instance that meets every requirement (12 months bought, running until
    2027-11-20), with ``changes``; ``None`` removes a fact."""
    base = merge(filing_data("beijing")["instances"][0],
                 {"type": "nat_gateway", "public_bandwidth_mbps": None})
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
    return [f for f in report.findings if f.rule_id.startswith("nat_gateway.")]


def test_a_filing_on_a_compliant_instance_passes(icp_check: Any) -> None:
    """Guide line 385: a NAT Gateway instance that meets its row of table 4-1 backs the
    filing; the plugin is consulted and its scope covered."""
    report = icp_check("beijing", instances=[instance()])
    assert_passes(report)
    assert f"{DISTRIBUTION}==0.1.0 (instance.nat_gateway)" in report.plugins
    assert {c.scope: c.status.value for c in report.coverage}["instance.nat_gateway"] == "covered"


def test_the_example_filing_passes_with_every_plugin() -> None:
    """The example of the README (examples/instance-nat-gateway.yaml): a Beijing enterprise
    on a NAT Gateway instance, answered ``pass`` with every plugin installed."""
    report = installed_engine().check(load_filing(EXAMPLE))
    assert_passes(report)
    assert f"{DISTRIBUTION}==0.1.0 (instance.nat_gateway)" in report.plugins


@pytest.mark.parametrize("months", [0])
def test_a_subscription_shorter_than_the_minimum_fails(icp_check: Any, months: int) -> None:
    """Guide line 385 (and 163):
    "The subscription duration must be one month or more": 0 months are too few."""
    report = icp_check("beijing", instances=[instance(subscription_months=months)])
    assert_fires(report, MIN_RULE, "instances[0].subscription_months")
    assert not report.passed


@pytest.mark.parametrize("months", [MONTHS, 36])
def test_a_subscription_of_the_minimum_or_more_passes(icp_check: Any, months: int) -> None:
    """Guide line 385: "one month or more": exactly 1 is enough."""
    assert_not_fires(icp_check("beijing", instances=[instance(subscription_months=months)]), MIN_RULE)


def test_an_unknown_subscription_length_is_asked_for(icp_check: Any) -> None:
    """Guide line 385: the length decides, so a filing that does not give it is asked for it."""
    report = icp_check("beijing", instances=[instance(subscription_months=None)])
    assert_needs(report, MIN_RULE, "instances[0].subscription_months")


@pytest.mark.parametrize(("issued", "fires"), [(0, False), (1, False), (2, True)])
def test_the_quota_per_instance_at_its_boundary(icp_check: Any, issued: int, fires: bool) -> None:
    """Guide line 385:
    "You can apply for up to two service identification numbers for each instance".
    The filing's website asks for number ``issued + 1``: the 1st passes; the 2nd passes; the 3rd fails."""
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
    is limited is the numbers applied for (line 385): 2 issued and never used still
    leave none for another website."""
    unused = [{"number": f"SIN-{index}", "used": False} for index in range(QUOTA)]
    assert_fires(icp_check("beijing", instances=[instance(service_numbers=unused)]), QUOTA_RULE)


def test_a_website_using_an_issued_number_is_not_counted_twice(icp_check: Any) -> None:
    """Guide line 429: selecting the instance or applying for a number, the number of websites
    is the same: a website that names one of the 2 numbers issued for the instance uses
    that number, not another one."""
    unused = [{"number": f"SIN-{index}", "used": False} for index in range(QUOTA)]
    website = merge(filing_data("beijing")["websites"][0],
                    {"hosting": {"instance_id": HOSTED, "service_identification_number": "SIN-0"}})
    report = icp_check("beijing", instances=[instance(service_numbers=unused)], websites=[website])
    assert_not_fires(report, QUOTA_RULE)


def test_websites_selecting_the_instance_directly_share_the_quota(icp_check: Any) -> None:
    """Guide lines 369 and 429: selecting the instance directly (same account) takes from the
    same quota as applying for numbers. Two websites of the filing on the instance, with
    1 issued already, exceed 2; with 0 issued they do not."""
    websites = [filing_data("beijing")["websites"][0], second_website()]
    over = icp_check("beijing", websites=websites, instances=[instance(service_numbers=numbers(1))])
    assert_fires(over, QUOTA_RULE, "instances[0].service_numbers")
    within = icp_check("beijing", websites=websites, instances=[instance(service_numbers=numbers(0))])
    assert_not_fires(within, QUOTA_RULE)


def test_the_renewal_advice_is_a_note(icp_check: Any) -> None:
    """Guide line 170: renewing does not raise the limit; buy a new instance. Advice, shown as
    a note with the reason it is not checked (the quota itself is)."""
    notes = {n.rule_id: n for n in icp_check("beijing", instances=[instance()]).notes}
    note = notes["nat_gateway.renewal_does_not_raise_quota"]
    assert note.citation == "4.1" and note.reason is not None and note.reason.en and note.reason.zh


def test_the_instance_must_be_in_mainland_china(icp_check: Any) -> None:
    """Guide lines 151 and 354: the instance must be located in mainland China. The national
    plugin checks it for every instance type; a NAT Gateway instance in Singapore fails."""
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
    instances only. A NAT Gateway instance without public bandwidth meets its row; a
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


# -- a filing on several instance types --------------------------------------------------------


def instance_plugins(report: Any) -> list[str]:
    return sorted(p for p in report.plugins if p.startswith("icp-instance-"))


def test_a_filing_on_ecs_and_nat_gateway_reaches_both_instance_plugins_and_no_other(icp_check: Any) -> None:
    """Guide lines 378 and 385: each row of table 4-1 applies to its own type. One website on an
    ECS instance bought for two months, another on a NAT Gateway bought for none: the
    findings come from both plugins and only from them, and the coverage lists both types."""
    ecs = merge(filing_data("beijing")["instances"][0], {"subscription_months": 2})
    nat = instance(id="ngw-mixed", subscription_months=0)
    websites = [filing_data("beijing")["websites"][0], second_website(hosting={"instance_id": "ngw-mixed"})]
    report = icp_check("beijing", websites=websites, instances=[ecs, nat])
    assert_fires(report, "ecs.min_subscription_months", "instances[0].subscription_months")
    assert_fires(report, "nat_gateway.min_subscription_months", "instances[1].subscription_months")
    instance_keys = {"ecs", "web_hosting", "simple_application_server", "elastic_web_hosting",
                     "marketplace_site_builder", "nat_gateway", "ipv6_translation", "ens"}
    assert {f.rule_id.split(".")[0] for f in report.findings} & instance_keys == {"ecs", "nat_gateway"}
    assert instance_plugins(report) == ["icp-instance-ecs==0.1.0 (instance.ecs)",
                                        "icp-instance-nat-gateway==0.1.0 (instance.nat_gateway)"]
    covered = {c.scope: c.status.value for c in report.coverage if c.scope.startswith("instance.")}
    assert covered == {"instance.ecs": "covered", "instance.nat_gateway": "covered"}


def test_each_nat_gateway_instance_is_judged_on_its_own(icp_check: Any) -> None:
    """Guide line 385: the rules apply per instance. Two NAT Gateways, each bought for no month:
    the plugin is consulted once and reports each instance on its own field."""
    websites = [filing_data("beijing")["websites"][0], second_website(hosting={"instance_id": "ngw-second"})]
    report = icp_check("beijing", websites=websites,
                       instances=[instance(subscription_months=0), instance(id="ngw-second", subscription_months=0)])
    fields = sorted(f.field for f in report.findings if f.rule_id == "nat_gateway.min_subscription_months")
    assert fields == ["instances[0].subscription_months", "instances[1].subscription_months"]
    assert instance_plugins(report) == ["icp-instance-nat-gateway==0.1.0 (instance.nat_gateway)"]
