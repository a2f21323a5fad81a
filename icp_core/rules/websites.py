"""Rule kinds about websites: names and remarks, features, pre-approved content."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import attrs

from icp_core import remedies
from icp_core.context import Facts
from icp_core.report import (
    DocumentRequirement,
    Finding,
    Remedy,
    RemedyAction,
    Text,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Rule,
    TextSpec,
    rule_kind,
)
from icp_core.rules.conditions import trigger_match
from icp_core.rules.patterns import compile_policy_patterns
from icp_core.rules.shapes import document_requirement, flag_must_be_off
from icp_core.vocabulary import normal_key


@rule_kind("website_name")
@attrs.frozen(kw_only=True)
class WebsiteNameRule(Rule):
    """Website names (and optionally remarks) must match one of the given patterns, and
    the remarks must match none of ``forbidden_remarks_patterns`` (Beijing: remarks that
    say the domains lead to different websites, which must be filed separately)."""

    name_patterns: tuple[str, ...] = ()
    remarks_patterns: tuple[str, ...] = ()
    forbidden_remarks_patterns: tuple[str, ...] = ()
    default_message: ClassVar[Text] = Text(
        "The website name or remarks do not follow the required form.", "网站名称或备注不符合要求的格式。"
    )
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.change, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx, remedies.change(Text(
            "Write {field} in the form the finding describes.", "按提示的格式填写{field}。")))
        message = self.render()
        names = compile_policy_patterns(self.name_patterns)
        remarks = compile_policy_patterns(self.remarks_patterns)
        forbidden = compile_policy_patterns(self.forbidden_remarks_patterns)

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in facts.websites():
                if forbidden and website.remarks and forbidden.search(website.remarks):
                    emit.violation(out, f"{path}.remarks", message)
                    continue
                for value, patterns, field in ((website.name, names, "name"), (website.remarks, remarks, "remarks")):
                    if not patterns:
                        continue
                    if value is None:
                        emit.missing(out, f"{path}.{field}", message)
                    elif not patterns.search(value):
                        emit.violation(out, f"{path}.{field}", message)

        return self.checked(ctx, message, emit, body)


@rule_kind("website_forbids")
@attrs.frozen(kw_only=True)
class WebsiteForbidsRule(Rule):
    """Websites must not have a feature (``sells_online``: e-commerce)."""

    feature: Literal["sells_online"]
    default_message: ClassVar[Text] = Text(
        "This kind of filing cannot run a website that sells online.", "此类备案主体不能开办电子商务类网站。"
    )

    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.set_value, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        return flag_must_be_off(self, ctx, Facts.websites, self.feature, Text(
            "Take this feature off the website, or file it under a subject that may offer it.",
            "从网站中去除该功能，或由可开办此类业务的主体备案。"))


@attrs.frozen(kw_only=True)
class AcceptedLicense:
    """One licence an industry accepts: the key a filing names it by and its name."""

    key: str
    name: TextSpec


@rule_kind("pre_approval")
@attrs.frozen(kw_only=True)
class PreApprovalRule(Rule):
    """A website with content of ``industry`` must hold a valid pre-approval for it, in
    every province or, with ``only_in`` (or ``when: {province_in: …}``), only in the listed
    ones. With ``accepted_licenses`` (medicine: a trading licence, a device permit, …,
    whichever the website's activity needs) the pre-approval must name one of them in
    its ``license_type`` (by key, or by its English or Chinese name); one that does not
    say which it is is *needs information*. A held pre-approval must also state the
    details in ``require`` (by default its number and the last day it is valid): until it
    does, the website *needs information*, since an undated licence cannot be shown valid."""

    industry: str
    industry_name: TextSpec | None = None
    only_in: tuple[str, ...] = ()
    license: TextSpec | None = None
    accepted_licenses: tuple[AcceptedLicense, ...] = ()
    require: tuple[Literal["license_number", "valid_until", "issuer"], ...] = ("license_number", "valid_until")
    default_message: ClassVar[Text] = Text(
        "A website with {industry_en} content needs a valid pre-approval ({license_en}) before filing.",
        "涉及{industry_zh}内容的网站须在备案前取得有效的前置审批（{license_zh}）。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset(
        {"industry_en", "industry_zh", "license_en", "license_zh"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.add, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        from icp_core.provinces import Province

        emit = self.finding_factory(ctx)
        industry = self.industry
        provinces = frozenset(Province.parse(p) for p in self.only_in)
        accepted = {a.key: a.name.text() for a in self.accepted_licenses}
        # A filing may name the licence by its key or by either of its names.
        known = {normal_key(word): a.key for a in self.accepted_licenses
                 for word in (a.key, a.name.text().en, a.name.text().zh)}
        required = self.require
        if self.license:
            license = self.license.text()
        elif accepted:
            license = Text(" or ".join(n.en for n in accepted.values()), "或".join(n.zh for n in accepted.values()))
        else:
            license = Text("a licence", "相关许可")
        shown = self.industry_name.text() if self.industry_name else Text(industry, industry)
        message = self.render(industry_en=shown.en, industry_zh=shown.zh, license_en=license.en, license_zh=license.zh)
        detail = ", ".join(self.require)
        emit.remedy = Remedy(RemedyAction.add, Text(
            f"Obtain a valid {shown.en} pre-approval ({license.en}) and add it to the website, with {detail}.",
            f"取得有效的{shown.zh}前置审批（{license.zh}），填写到该网站并注明{detail}。"),
            values=tuple(accepted), industry=industry)
        gate = self.gate()

        def relevant(facts: Facts) -> list[tuple[str, Any]]:
            if provinces and facts.filing.province not in provinces:
                return []
            return [(p, w) for p, w in facts.websites() if industry in w.industries]

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in relevant(facts):
                held = [(i, a) for i, a in enumerate(website.pre_approvals) if a.industry == industry
                        and (a.valid_until is None or a.valid_until >= facts.on)]
                if accepted:
                    unnamed = [i for i, a in held if a.license_type is None]
                    held = [(i, a) for i, a in held
                            if a.license_type is not None and normal_key(a.license_type) in known]
                    if not held and unnamed:
                        emit.missing(out, f"{path}.pre_approvals", message,
                                     *(f"{path}.pre_approvals[{i}].license_type" for i in unnamed))
                        continue
                if not held:
                    emit.violation(out, f"{path}.pre_approvals", message)
                elif required and not any(all(getattr(a, name) is not None for name in required) for _, a in held):
                    i, first = held[0]
                    emit.missing(out, f"{path}.pre_approvals[{i}]", message,
                                 *(f"{path}.pre_approvals[{i}].{name}" for name in required
                                   if getattr(first, name) is None))

        def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
            if gate(facts):
                for path, _ in relevant(facts):
                    out.append(document_requirement(ctx, self, "pre_approval", message, path, facts))

        return self.checked(ctx, message, emit, body, documents=documents)


@rule_kind("industry_declared")
@attrs.frozen(kw_only=True)
class IndustryDeclaredRule(Rule):
    """Where ``when`` holds, some website must declare ``industry``. With the name triggers
    of ``when`` (``subject_name_matches``, ``business_scope_matches``,
    ``website_name_matches``, ``website_content_matches``) this brings a filing whose names suggest an industry to that
    industry's plugin: industry scopes run only for filings that declare the industry, so a
    finance company that declares none would otherwise never meet the finance rules. Declare
    it in the national scope (it runs for every filing); ``when`` is required. The finding
    names the word that matched (``{matched}``)."""

    industry: str
    industry_name: TextSpec | None = None
    default_message: ClassVar[Text] = Text(
        "The subject's name, business scope or a website's name or content contains \u201c{matched}\u201d, which "
        "suggests {industry_en} content: declare the {industry_en} industry on the website that carries it, so "
        "that its pre-approval is checked.",
        "主体名称、经营范围或网站名称、内容中含有\u201c{matched}\u201d，显示涉及{industry_zh}内容：请在相应网站上申报"
        "{industry_zh}行业，以便核验其前置审批。",
    )
    message_placeholders: ClassVar[frozenset[str]] = frozenset({"industry_en", "industry_zh", "matched"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.add})

    def compile(self, ctx: CompileContext) -> Compiled:
        if self.when is None:
            raise ValueError("industry_declared needs a when: condition (e.g. subject_name_matches)")
        industry = self.industry
        shown = self.industry_name.text() if self.industry_name else Text(industry, industry)
        emit = self.finding_factory(ctx, remedies.add((industry,), Text(
            f"Declare the {shown.en} industry ({industry}) on the website that carries that content.",
            f"在涉及该内容的网站上申报{shown.zh}行业（{industry}）。"), "websites[0].industries"))
        message = self.render(industry_en=shown.en, industry_zh=shown.zh, matched="\u2026")
        template = self.message.text() if self.message else self.default_message
        search = trigger_match(self.when)

        def body(facts: Facts, out: list[Finding]) -> None:
            if not any(industry in w.industries for w in facts.filing.websites):
                found = search(facts) if search is not None else None
                matched = found if isinstance(found, str) else "\u2026"  # the word that brought the rule here
                emit.violation(out, "websites", emit.text(template, {
                    "industry_en": shown.en, "industry_zh": shown.zh, "matched": matched}))

        return self.checked(ctx, message, emit, body)
