"""Rule kinds about the identity documents people file with, by where they come from."""

from __future__ import annotations

from typing import ClassVar

import attrs

from icp_core import remedies
from icp_core.context import Facts
from icp_core.model import (
    IdDocumentType,
    Person,
    Residency,
)
from icp_core.report import (
    Finding,
    RemedyAction,
    Text,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Role,
    Rule,
    rule_kind,
    who_text,
)
from icp_core.rules.shapes import person_rule, role_of


@rule_kind("identity_document")
@attrs.frozen(kw_only=True)
class IdentityDocumentRule(Rule):
    """People of the given ``residency`` must (``allowed``) or must not (``forbidden``)
    file with certain identity document types (e.g. no temporary ID cards)."""

    who: tuple[Role, ...]
    residency: tuple[Residency, ...] = ()
    allowed: tuple[IdDocumentType, ...] = ()
    forbidden: tuple[IdDocumentType, ...] = ()
    default_message: ClassVar[Text] = Text(
        "{who} cannot file with this kind of identity document ({document}).",
        "{who}不能使用此类身份证件（{document}）备案。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"who", "document"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.one_of, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        residency = frozenset(self.residency)
        allowed = frozenset(self.allowed)
        forbidden = frozenset(self.forbidden)
        usable = [t for t in (self.allowed or tuple(IdDocumentType)) if t not in forbidden]
        emit = self.finding_factory(ctx, remedies.one_of([t.value for t in usable], Text(
            "File with one of these identity documents: " + ", ".join(t.en for t in usable) + ".",
            "改用以下身份证件之一备案：" + "、".join(t.zh for t in usable) + "。")))
        template = self.message.text() if self.message else self.default_message

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            if residency:
                where = facts.residency(person)
                if where is None:
                    emit.missing(out, path, Text(f"The residency of {role_of(path).en} is not given.",
                                                 f"尚未填写{role_of(path).zh}的居民身份类别。"), f"{path}.residency")
                    return
                if where not in residency:
                    return
            kind = person.id_type or (IdDocumentType.resident_id_card if facts.resident_id(person) else None)
            if kind is None:
                role = role_of(path)
                emit.missing(out, path, Text(f"The identity document type of {role.en} is not given.",
                                             f"尚未填写{role.zh}的证件类型。"), f"{path}.id_type")
                return
            if kind in forbidden or (allowed and kind not in allowed):
                emit.violation(out, f"{path}.id_type", emit.text(template, {"who": role_of(path),
                                                                         "document": Text(kind.en, kind.zh)}))

        return person_rule(self, ctx, self.who, test, self.render(who=who_text(self.who), document="…"))


@rule_kind("residency")
@attrs.frozen(kw_only=True)
class ResidencyRule(Rule):
    """People in ``who`` of a ``forbidden`` residency category cannot take that role."""

    who: tuple[Role, ...]
    forbidden: tuple[Residency, ...]
    default_message: ClassVar[Text] = Text(
        "{who} cannot be a {residency} resident in this province.",
        "在本地备案，{who}不能为{residency}人员。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"who", "residency"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.one_of, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        forbidden = frozenset(self.forbidden)
        others = [r for r in Residency if r not in forbidden]
        emit = self.finding_factory(ctx, remedies.one_of([r.value for r in others], Text(
            "Name a person who is a " + " or ".join(r.en for r in others) + " resident.",
            "改由" + "或".join(r.zh for r in others) + "人员担任。")))
        template = self.message.text() if self.message else self.default_message
        listed = Text(" / ".join(r.en for r in self.forbidden), "、".join(r.zh for r in self.forbidden))

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            where = facts.residency(person)
            if where is None:
                emit.missing(out, path, Text(f"The residency of {role_of(path).en} is not given.",
                                             f"尚未填写{role_of(path).zh}的居民身份类别。"), f"{path}.residency")
            elif where in forbidden:
                emit.violation(out, f"{path}.residency", emit.text(template, {"who": role_of(path),
                                                                           "residency": listed}))

        return person_rule(self, ctx, self.who, test, self.render(who=who_text(self.who), residency=listed))
