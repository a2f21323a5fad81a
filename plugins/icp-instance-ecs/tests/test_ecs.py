"""ECS instances (guide 4.1, table 4-1): a failing and a passing filing for every checked
rule, and conformance of the plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.testing import (
    assert_fires,
    assert_needs,
    assert_not_fires,
    conformance_problems,
    filing_data,
    merge,
)


def ecs(**changes: Any) -> dict[str, Any]:
    """The baseline ECS instance (subscribed for 12 months, 5 Mbps), with ``changes``."""
    return merge(filing_data("beijing")["instances"][0], changes)


def numbers(count: int) -> list[dict[str, Any]]:
    return [{"number": f"SIN-{index:04d}", "used": True} for index in range(count)]


def test_baseline_passes(icp_check):
    report = icp_check("beijing", instances=[ecs()])
    assert [f.rule_id for f in report.findings if f.rule_id.startswith("ecs.")] == []
    assert "icp-instance-ecs==0.1.0 (instance.ecs)" in report.plugins


@pytest.mark.parametrize("months", [1, 2])
def test_min_subscription_months_fires_below_three(icp_check, months):
    bad = icp_check("beijing", instances=[ecs(subscription_months=months)])
    assert_fires(bad, "ecs.min_subscription_months", "instances[0].subscription_months")


@pytest.mark.parametrize("months", [3, 36])
def test_min_subscription_months_passes_from_three(icp_check, months):
    good = icp_check("beijing", instances=[ecs(subscription_months=months)])
    assert_not_fires(good, "ecs.min_subscription_months")


def test_min_subscription_months_unknown_needs_information(icp_check):
    report = icp_check("beijing", instances=[ecs(subscription_months=None)])
    assert_needs(report, "ecs.min_subscription_months", "instances[0].subscription_months")


def test_no_pay_as_you_go(icp_check):
    bad = icp_check("beijing", instances=[ecs(billing="pay_as_you_go")])
    assert_fires(bad, "ecs.no_pay_as_you_go", "instances[0].billing")
    assert_not_fires(icp_check("beijing", instances=[ecs(billing="subscription")]), "ecs.no_pay_as_you_go")


def test_pay_as_you_go_unknown_billing_is_asked_for(icp_check):
    """Guide line 378 (ECS row, note): no service identification numbers for pay-as-you-go
    instances. Whether an instance is one must be known: no billing → needs information."""
    report = icp_check("beijing", instances=[ecs(billing=None)])
    assert_needs(report, "ecs.no_pay_as_you_go", "instances[0].billing")
    assert not report.passed


def test_renew_when_too_little_of_the_subscription_remains(icp_check):
    """Guide line 169: "If the remaining duration of your ECS … subscription does not meet the
    requirements, you must renew the instance": a year bought but one month left fails,
    four months left pass, and an unknown end is asked for."""
    rule = "ecs.renew_short_remaining_subscription"
    short = icp_check("beijing", instances=[ecs(subscription_months=12, expires_on="2027-01-10")])
    assert_fires(short, rule, "instances[0].expires_on")
    assert_not_fires(icp_check("beijing", instances=[ecs(expires_on="2027-04-01")]), rule)
    assert_needs(icp_check("beijing", instances=[ecs(expires_on=None)]), rule, "instances[0].expires_on")


def test_public_bandwidth(icp_check):
    bad = icp_check("beijing", instances=[ecs(public_bandwidth_mbps=0)])
    assert_fires(bad, "ecs.public_bandwidth", "instances[0].public_bandwidth_mbps")
    assert_needs(icp_check("beijing", instances=[ecs(public_bandwidth_mbps=None)]), "ecs.public_bandwidth",
                 "instances[0].public_bandwidth_mbps")
    assert_not_fires(icp_check("beijing", instances=[ecs(public_bandwidth_mbps=1)]), "ecs.public_bandwidth")


def test_max_service_numbers(icp_check):
    # Five numbers already issued, and the filing's website asks for a sixth.
    bad = icp_check("beijing", instances=[ecs(service_numbers=numbers(5))])
    assert_fires(bad, "ecs.max_service_numbers", "instances[0].service_numbers")
    # Four issued plus this website: five in all.
    good = icp_check("beijing", instances=[ecs(service_numbers=numbers(4))])
    assert_not_fires(good, "ecs.max_service_numbers")


def test_rules_ignore_other_instance_types(icp_check):
    hosting = {"id": "i-example0001", "type": "web_hosting", "region": "cn-hangzhou", "in_mainland": True,
               "billing": "pay_as_you_go", "subscription_months": 1, "public_bandwidth_mbps": 0}
    report = icp_check("beijing", instances=[hosting])
    assert [f.rule_id for f in report.findings if f.rule_id.startswith("ecs.")] == []


def test_informational_rules_are_notes(icp_check):
    notes = {n.rule_id: n for n in icp_check("beijing", instances=[ecs()]).notes}
    for rule_id in ("ecs.renewal_does_not_raise_quota",):
        assert notes[rule_id].citation == "4.1"
        assert notes[rule_id].reason.en and notes[rule_id].reason.zh


def test_conformance():
    assert conformance_problems("icp-instance-ecs", [Path(__file__).parent]) == []
