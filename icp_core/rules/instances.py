"""Rule kinds about hosting instances (section 4.1, table 4-1)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from icp_core import remedies
from icp_core.context import Facts
from icp_core.model import (
    Billing,
    Instance,
    InstanceType,
)
from icp_core.report import (
    Finding,
    Remedy,
    RemedyAction,
    Text,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Rule,
    rule_kind,
    whole_number,
)


@rule_kind("instance_requirements")
@attrs.frozen(kw_only=True)
class InstanceRequirementsRule(Rule):
    """Requirements on instances of ``instance_type`` (section 4.1, table 4-1). Each given
    parameter is checked; a violated one is reported on its own field, an unknown one
    (no billing with ``subscription_only``, no end date with ``min_remaining_months``)
    is *needs information*."""

    instance_type: InstanceType
    min_subscription_months: int | None = whole_number(None, most=1200)
    subscription_only: bool = False
    public_bandwidth_required: bool = False
    min_order_cny: int | None = whole_number(None, most=1_000_000_000)
    max_service_numbers: int | None = whole_number(None)
    #: A quota per account, not per instance (Elastic Web Hosting: five per account):
    #: counted over every instance of this type in the filing (the filing's account).
    max_service_numbers_per_account: int | None = whole_number(None)
    #: Months the subscription must still run on the evaluation day (``expires_on``; not given
    #: → needs information, except for pay-as-you-go instances, which have no end).
    min_remaining_months: int | None = whole_number(None, most=1200)
    default_message: ClassVar[Text] = Text(
        "The {type} instance does not meet the requirements for filing: {problem_en}.",
        "{type}实例不满足备案要求：{problem_zh}。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"type", "problem_en", "problem_zh"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset(
        {RemedyAction.set_value, RemedyAction.at_least, RemedyAction.at_most, RemedyAction.change,
         RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        template = self.message.text() if self.message else self.default_message
        kind = self.instance_type
        rule = self
        fix = _remedies(self)

        def say(out: list[Finding], field: str, en: str, zh: str, missing: bool = False) -> None:
            text = emit.text(template, {"type": kind.value, "problem_en": en, "problem_zh": zh})
            if missing:
                emit.missing(out, field, text)
            else:
                emit.violation(out, field, text, remedy=fix[field.rpartition(".")[2]])

        def numbers_of(facts: Facts, instance: Instance) -> int:
            """Service identification numbers issued for ``instance``, plus one for each of the
            filing's websites on it that still needs one."""
            used = {n.number for n in instance.service_numbers}
            used |= {w.hosting.service_identification_number for w in facts.filing.websites
                     if w.hosting and w.hosting.instance_id == instance.id
                     and w.hosting.service_identification_number}
            wanting = sum(1 for w in facts.filing.websites if w.hosting and w.hosting.instance_id == instance.id
                          and not w.hosting.service_identification_number)
            return len(used) + wanting

        def body(facts: Facts, out: list[Finding]) -> None:
            per_account = rule.max_service_numbers_per_account
            if per_account is not None:
                mine = [(path, instance) for path, instance in facts.instances() if instance.type is kind]
                if mine and sum(numbers_of(facts, instance) for _, instance in mine) > per_account:
                    say(out, "instances",
                        f"at most {per_account} service identification numbers per account, over all its "
                        f"{kind.value} instances", f"每个账号的{kind.value}实例合计最多申请{per_account}个服务码")
            for path, instance in facts.instances():
                if instance.type is not kind:
                    continue
                if rule.subscription_only and instance.billing is Billing.pay_as_you_go:
                    say(out, f"{path}.billing", "pay-as-you-go instances cannot be used", "按量付费实例不能用于备案")
                elif rule.subscription_only and instance.billing is None:
                    say(out, f"{path}.billing", "the billing method is not given", "尚未填写计费方式", missing=True)
                if rule.min_subscription_months is not None:
                    months = instance.subscription_months
                    if months is None:
                        say(out, f"{path}.subscription_months", "the subscription length is not given",
                            "尚未填写购买时长", missing=True)
                    elif months < rule.min_subscription_months:
                        say(out, f"{path}.subscription_months",
                            f"the subscription must run {rule.min_subscription_months} months or more",
                            f"购买时长须不少于{rule.min_subscription_months}个月")
                if rule.min_remaining_months is not None and instance.billing is not Billing.pay_as_you_go:
                    if instance.expires_on is None:
                        say(out, f"{path}.expires_on", "the end of the subscription is not given",
                            "尚未填写到期日", missing=True)
                    elif _months_between(facts.on, instance.expires_on) < rule.min_remaining_months:
                        say(out, f"{path}.expires_on",
                            f"renew it: at least {rule.min_remaining_months} months must remain",
                            f"剩余时长须不少于{rule.min_remaining_months}个月，请先续费")
                if rule.public_bandwidth_required:
                    bandwidth = instance.public_bandwidth_mbps
                    if bandwidth is None:
                        say(out, f"{path}.public_bandwidth_mbps", "the public bandwidth is not given",
                            "尚未填写公网带宽", missing=True)
                    elif bandwidth <= 0:
                        say(out, f"{path}.public_bandwidth_mbps", "it needs public bandwidth", "须购买公网带宽")
                if rule.min_order_cny is not None:
                    amount = instance.order_amount_cny
                    if amount is None:
                        say(out, f"{path}.order_amount_cny", "the order amount is not given", "尚未填写订单金额",
                            missing=True)
                    elif amount < rule.min_order_cny:
                        say(out, f"{path}.order_amount_cny", f"the order must be {rule.min_order_cny} CNY or more",
                            f"订单金额须不少于{rule.min_order_cny}元")
                if rule.max_service_numbers is not None:
                    if numbers_of(facts, instance) > rule.max_service_numbers:
                        say(out, f"{path}.service_numbers",
                            f"at most {rule.max_service_numbers} service identification numbers per instance",
                            f"每个实例最多申请{rule.max_service_numbers}个服务码")

        problems = [p for p, given in (
            (Text(f"a subscription of {self.min_subscription_months} months or more",
                  f"购买时长不少于{self.min_subscription_months}个月"), self.min_subscription_months is not None),
            (Text("subscription billing, not pay-as-you-go", "包年包月而非按量付费"), self.subscription_only),
            (Text("public bandwidth", "公网带宽"), self.public_bandwidth_required),
            (Text(f"an order of {self.min_order_cny} CNY or more", f"订单金额不少于{self.min_order_cny}元"),
             self.min_order_cny is not None),
            (Text(f"at most {self.max_service_numbers} service identification numbers",
                  f"最多{self.max_service_numbers}个服务码"), self.max_service_numbers is not None),
            (Text(f"at most {self.max_service_numbers_per_account} service identification numbers per account",
                  f"每个账号最多{self.max_service_numbers_per_account}个服务码"),
             self.max_service_numbers_per_account is not None),
            (Text(f"{self.min_remaining_months} months left to run", f"剩余时长不少于{self.min_remaining_months}个月"),
             self.min_remaining_months is not None),
        ) if given]
        summary = Text("it needs " + "; ".join(p.en for p in problems), "须满足：" + "；".join(p.zh for p in problems))
        message = self.message.text() if self.message else Text(
            f"A {kind.value} instance used for filing: {summary.en}.", f"{kind.value}实例用于备案{summary.zh}。")
        return self.checked(ctx, message, emit, body)



def _remedies(rule: InstanceRequirementsRule) -> dict[str, Remedy]:
    """The remedy of each requirement, by the field its finding is on (``instances`` for the
    account's quota), built once per rule."""
    return {
        "billing": remedies.set_value("subscription", Text(
            "Use a subscription instance, not pay-as-you-go.", "改用包年包月实例，而非按量付费实例。")),
        "subscription_months": remedies.at_least(rule.min_subscription_months or 0, Text(
            f"Subscribe for {rule.min_subscription_months} months or more.",
            f"购买时长改为不少于{rule.min_subscription_months}个月。")),
        "expires_on": remedies.at_least(rule.min_remaining_months or 0, Text(
            f"Renew the instance so that at least {rule.min_remaining_months} months remain.",
            f"为实例续费，使剩余时长不少于{rule.min_remaining_months}个月。")),
        "public_bandwidth_mbps": remedies.at_least(1, Text(
            "Buy public bandwidth for the instance.", "为实例购买公网带宽。")),
        "order_amount_cny": remedies.at_least(rule.min_order_cny or 0, Text(
            f"Order {rule.min_order_cny} CNY or more.", f"订单金额须不少于{rule.min_order_cny}元。")),
        "service_numbers": remedies.at_most(rule.max_service_numbers or 0, Text(
            f"Use at most {rule.max_service_numbers} service identification numbers on this instance; host the "
            f"other websites on another instance.",
            f"本实例最多使用{rule.max_service_numbers}个服务码，其余网站改用其他实例。")),
        "instances": remedies.change(Text(
            f"Use at most {rule.max_service_numbers_per_account} service identification numbers over the "
            f"account's {rule.instance_type.value} instances; host the other websites on another type.",
            f"账号下{rule.instance_type.value}实例合计最多使用{rule.max_service_numbers_per_account}个服务码，"
            f"其余网站改用其他类型的实例。")),
    }


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months
