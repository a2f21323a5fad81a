"""Shapes of rule many kinds share: one rule per person named in ``who``, a flag that must be
off, a document asked at some fields (one assessment giving both the document and, when
enforced, the finding), and the words answers use for people and provinces."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from icp_core import remedies
from icp_core.context import Facts
from icp_core.model import Person
from icp_core.provinces import Province
from icp_core.report import DocumentRequirement, Finding, Text
from icp_core.rules.base import (
    NEEDS_FACT,
    ROLE_TEXT,
    CompileContext,
    Compiled,
    DocumentsFn,
    Role,
    Rule,
    fill,
)


def person_rule(rule: Rule, ctx: CompileContext, who: tuple[str, ...],
                 test: Callable[[Facts, str, Person, list[Finding]], None], message: Text) -> Compiled:
    """Apply ``test`` to each person in ``who``; a person not given yet is reported missing."""
    emit = rule.finding_factory(ctx)
    roles = who
    absent = Text("{who} is not given yet.", "尚未填写{who}。")
    if roles == ("subject_administrator",):  # the common case: one person, one fixed path
        absent_admin = fill(absent, {"who": ROLE_TEXT["subject_administrator"]})

        def subject_administrator(facts: Facts, out: list[Finding]) -> None:
            person = facts.filing.subject.administrator
            if person is None:
                emit.missing(out, "subject.administrator", absent_admin)
            else:
                test(facts, "subject.administrator", person, out)

        if rule.when is None and rule.applies_to:  # gate and person in one call: the hottest path
            allowed = frozenset(rule.applies_to)
            unknown_type = fill(NEEDS_FACT, {"field": "subject.type"})

            def typed_subject_administrator(facts: Facts, out: list[Finding]) -> None:
                kind = facts.subject_type
                if kind in allowed:
                    person = facts.filing.subject.administrator
                    if person is None:
                        emit.missing(out, "subject.administrator", absent_admin)
                    else:
                        test(facts, "subject.administrator", person, out)
                elif kind is None:
                    emit.missing(out, "subject", unknown_type, "subject.type")

            return rule.base(ctx, message, check=typed_subject_administrator)
        return rule.checked(ctx, message, emit, subject_administrator)

    def body(facts: Facts, out: list[Finding]) -> None:
        for path, person in facts.people(roles):
            if person is None:
                role = "website_administrator" if path.startswith("websites") else (
                    "legal_representative" if path.endswith("legal_representative") else "subject_administrator")
                emit.missing(out, path, fill(absent, {"who": ROLE_TEXT[role]}))
            else:
                test(facts, path, person, out)

    return rule.checked(ctx, message, emit, body)


def flag_must_be_off(rule: Rule, ctx: CompileContext, items: Callable[[Facts], Iterable[tuple[str, Any]]],
                     flag: str, fix: Text) -> Compiled:
    """Each item's boolean ``flag`` (privacy protection, registered abroad, sells online)
    must be false; an item that does not say is *needs information*. ``fix`` says how to
    switch it off (the remedy: set it to false)."""
    emit = rule.finding_factory(ctx, remedies.set_value(False, fix))
    message = rule.render()

    def body(facts: Facts, out: list[Finding]) -> None:
        for path, item in items(facts):
            value = getattr(item, flag)
            if value is None:
                emit.missing(out, f"{path}.{flag}", message)
            elif value:
                emit.violation(out, f"{path}.{flag}", message)

    return rule.checked(ctx, message, emit, body)


def role_of(path: str) -> Text:
    if path.startswith("websites"):
        return ROLE_TEXT["website_administrator"]
    if path.endswith("legal_representative"):
        return ROLE_TEXT["legal_representative"]
    return ROLE_TEXT["subject_administrator"]


def document_rule(rule: Rule, ctx: CompileContext, message: Text, document: str,
                  fields: Callable[[Facts], Iterable[str]], *, enforce: bool) -> Compiled:
    """A rule asking for ``document`` at each of ``fields(facts)`` ("" for the whole filing)
    where the rule applies: one assessment gives both the document requirements and, when
    ``enforce``, a violation at every such field without the upload."""
    gate = rule.gate()

    def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
        if gate(facts):
            for field in fields(facts):
                out.append(document_requirement(ctx, rule, document, message, field, facts))

    if not enforce:
        return rule.base(ctx, message, documents=documents)
    emit = rule.finding_factory(ctx, remedies.upload(document, ctx.document_names.get(document, Text(document,
                                                                                                     document))))

    def body(facts: Facts, out: list[Finding]) -> None:
        for field in fields(facts):
            if not facts.has_document(document, field):
                emit.violation(out, field or "documents", message)

    return rule.checked(ctx, message, emit, body, documents=documents)


def person_documents(rule: Rule, ctx: CompileContext, who: tuple[Role, ...], document: str, reason: Text,
                     needs: Callable[[Facts, Person], bool | None]) -> DocumentsFn:
    """``document`` for every person in ``who`` for whom ``needs`` is true: the same
    assessment the rule's check makes, so that a finding and the document it asks for
    never disagree (where the rule applies; unknown facts ask for nothing yet)."""
    gate = rule.gate()

    def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
        if not gate(facts):
            return
        for path, person in facts.people(who):
            if person is not None and needs(facts, person):
                out.append(document_requirement(ctx, rule, document, reason, path, facts))

    return documents


def document_requirement(ctx: CompileContext, rule: Rule, document: str, reason: Text, field: str,
                          facts: Facts) -> DocumentRequirement:
    return DocumentRequirement(
        document=document, name=ctx.document_names.get(document, Text(document, document)), reason=reason,
        rule_id=rule.id, citation=rule.citation, plugin=ctx.plugin, field=field,
        provided=facts.has_document(document, field),
    )



def province_text(facts: Facts) -> Text:
    return _PROVINCE_TEXT[facts.filing.province]


_PROVINCE_TEXT: Mapping[Province, Text] = MappingProxyType(
    {p: Text(p.value.capitalize(), p.zh) for p in Province})
