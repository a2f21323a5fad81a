"""Rule kinds about the administrators: who they are to the subject, their phone numbers,
and a website administrator serving one filing only."""

from __future__ import annotations

import re
from typing import ClassVar, Literal

import attrs

from icp_core import remedies
from icp_core.context import Facts
from icp_core.model import (
    Person,
)
from icp_core.report import (
    Finding,
    RemedyAction,
    Text,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Rule,
    rule_kind,
)
from icp_core.rules.shapes import person_rule


@rule_kind("administrator_relation")
@attrs.frozen(kw_only=True)
class AdministratorRelationRule(Rule):
    """The subject administrator and each website administrator must be ``different``
    people, or the ``same`` person (optionally only when the subject administrator is
    not the legal representative)."""

    relation: Literal["different", "same"]
    only_when_subject_administrator_not_legal_representative: bool = False
    default_message: ClassVar[Text] = Text(
        "The website administrator must {relation_en} the subject administrator.",
        "网站负责人{relation_zh}主体负责人。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"relation_en", "relation_zh"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset(
        {RemedyAction.copy_from, RemedyAction.change, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        want_same = self.relation == "same"
        emit = self.finding_factory(ctx, remedies.copy_from(("subject.administrator",), Text(
            "Make the website administrator the same person as the subject administrator.",
            "将网站负责人改为主体负责人本人。")) if want_same else remedies.change(Text(
            "Name a website administrator who is not the subject administrator.",
            "另行指定一名非主体负责人的网站负责人。")))
        rel = {"relation_en": "be the same person as" if want_same else "be a different person from",
               "relation_zh": "须与…为同一人".replace("…", "") if want_same else "不能与…为同一人".replace("…", "")}
        message = self.render(**rel)
        conditional = self.only_when_subject_administrator_not_legal_representative

        def body(facts: Facts, out: list[Finding]) -> None:
            admin = facts.filing.subject.administrator
            if admin is None:
                return  # reported by the rules that need the administrator
            if conditional and facts.is_legal_representative(admin) is not False:
                return
            for path, website in facts.websites():
                other = website.administrator
                if other is None:
                    continue
                same = facts.same_person(admin, other)
                if same is None:
                    emit.missing(out, f"{path}.administrator", message, f"{path}.administrator.id_number")
                elif same is not want_same:
                    emit.violation(out, f"{path}.administrator", message)

        return self.checked(ctx, message, emit, body)


@rule_kind("distinct_phone_numbers")
@attrs.frozen(kw_only=True)
class DistinctPhoneNumbersRule(Rule):
    """No mobile number may appear in the contact details of two different people."""

    default_message: ClassVar[Text] = Text(
        "Each person must give a mobile number of their own; the same number appears twice.",
        "不同联系人不能使用同一手机号码。",
    )
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.change})

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx, remedies.change(Text(
            "Give {field} a mobile number of the person's own, used by no other contact.",
            "{field}须填写本人的手机号码，不能与其他联系人相同。")))
        message = self.render()
        roles = ("subject_administrator", "website_administrator")

        def body(facts: Facts, out: list[Finding]) -> None:
            seen: dict[str, Person] = {}
            for path, person in facts.people(roles):
                if person is None or not person.mobile:
                    continue
                number = re.sub(r"\D", "", person.mobile)[-11:]
                first = seen.setdefault(number, person)
                if first is not person and facts.same_person(first, person) is False:
                    emit.violation(out, f"{path}.mobile", message)

        return self.checked(ctx, message, emit, body)


@rule_kind("exclusive_website_administrator")
@attrs.frozen(kw_only=True)
class ExclusiveWebsiteAdministratorRule(Rule):
    """A website administrator may not administer filings of other subjects."""

    default_message: ClassVar[Text] = Text(
        "The website administrator must not be a website administrator of another subject.",
        "网站负责人不能同时为其他备案主体的网站负责人。",
    )
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.set_value, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx, remedies.set_value(False, Text(
            "Name a website administrator who administers no other subject's filings.",
            "指定一名不担任其他备案主体网站负责人的网站负责人。")))
        message = self.render()

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            if person.administers_other_subjects is None:
                emit.missing(out, path, message, f"{path}.administers_other_subjects")
            elif person.administers_other_subjects:
                emit.violation(out, f"{path}.administers_other_subjects", message)

        return person_rule(self, ctx, ("website_administrator",), test, message)
