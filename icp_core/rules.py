"""Declarative rule kinds: the few shapes that most provincial rules share.

A plugin's ``policy.yaml`` lists rules; each names a ``kind`` defined here and its
parameters. At load time every rule is validated (unknown keys and wrong types are
errors with file:line:col) and compiled into plain closures, so a check costs a few
function calls per rule and no dictionary look-ups. ``docs/rule-kinds.md`` lists
the kinds and which bullets of sections 5.2–5.9 each one covers.

Rules that need code declare ``kind: python``: the policy still gives the id,
citation and both messages; the plugin's hook implementation does the checking.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal

import attrs

from icp_core.context import Facts
from icp_core.model import (
    Billing,
    CertificateType,
    ChangeKind,
    ChangeRequest,
    IdDocumentType,
    InstanceType,
    LocalProof,
    Person,
    Residency,
    SubjectType,
    TransferRequest,
)
from icp_core.report import (
    Condition,
    Decision,
    DocumentRequirement,
    Finding,
    Note,
    Outcome,
    Reason,
    Severity,
    Status,
    Text,
)

Role = Literal["subject_administrator", "website_administrator", "legal_representative"]
Holder = Literal["subject", "legal_representative", "subject_administrator", "website_administrator"]

ROLE_TEXT: Mapping[str, Text] = {
    "subject_administrator": Text("the subject administrator", "主体负责人"),
    "website_administrator": Text("the website administrator", "网站负责人"),
    "legal_representative": Text("the legal representative", "法定代表人"),
    "subject": Text("the subject", "备案主体"),
}

CheckFn = Callable[[Facts, list[Finding]], None]
DocumentsFn = Callable[[Facts, list[DocumentRequirement]], None]
ChangeFn = Callable[[Facts, ChangeRequest], "Decision | None"]
TransferFn = Callable[[Facts, TransferRequest], "Decision | None"]
WhenFn = Callable[[Facts], "bool | None"]


@attrs.frozen
class TextSpec:
    """A message as written in a policy: both languages are required."""

    en: str
    zh: str

    def text(self) -> Text:
        return Text(self.en, self.zh)


@attrs.frozen
class When:
    """Extra conditions under which a rule applies (all given ones must hold)."""

    subject_name_contains_any: tuple[str, ...] = ()
    individual_business: bool | None = None
    website_industries_any: tuple[str, ...] = ()


@attrs.frozen
class Compiled:
    """A rule ready to run: what the engine calls for each kind of question."""

    id: str
    kind: str
    citation: str
    severity: Severity
    message: Text
    plugin: str
    check: CheckFn | None = None
    documents: DocumentsFn | None = None
    change: ChangeFn | None = None
    transfer: TransferFn | None = None
    note: Note | None = None
    #: For notes: whether the rule applies to a filing (``applies_to`` and ``when``).
    gate: WhenFn | None = None


@attrs.define
class CompileContext:
    plugin: str
    scope: str
    document_names: Mapping[str, Text]


# --------------------------------------------------------------------------- base


@attrs.frozen(kw_only=True)
class Rule:
    """Fields every rule has. ``cite`` is the section of the guide the rule comes from."""

    kind: str
    id: str
    cite: str
    severity: Severity = Severity.error
    applies_to: tuple[SubjectType, ...] = ()
    when: When | None = None
    message: TextSpec | None = None

    #: The default message, with ``{who}`` and the kind's parameters to fill in.
    default_message: ClassVar[Text] = Text("", "")

    def render(self, **values: Any) -> Text:
        template = self.message.text() if self.message else self.default_message
        return _format(template, values)

    def compile(self, ctx: CompileContext) -> Compiled:
        raise TypeError(f"rule kind {self.kind!r} does not define compile()")  # each registered kind does

    # Helpers shared by the kinds ------------------------------------------------

    def base(self, ctx: CompileContext, message: Text, **kwargs: Any) -> Compiled:
        return Compiled(
            id=self.id, kind=self.kind, citation=self.cite, severity=self.severity,
            message=message, plugin=ctx.plugin, **kwargs,
        )

    def gate(self) -> WhenFn:
        """``True`` if the rule applies to this filing, ``None`` if that is unknown yet."""
        applies_to = frozenset(self.applies_to)
        when = _compile_when(self.when)
        if not applies_to and when is None:
            return _always
        def gate(facts: Facts) -> bool | None:
            if applies_to:
                kind = facts.subject_type
                if kind is None:
                    return None
                if kind not in applies_to:
                    return False
            return when(facts) if when is not None else True
        return gate

    def finding_factory(self, ctx: CompileContext) -> _Emit:
        return _Emit(self.id, self.cite, self.severity, ctx.plugin)


def _always(facts: Facts) -> bool | None:
    return True


@attrs.define(slots=True)
class _Emit:
    """Makes findings for one rule; kept tiny because it runs on the hot path."""

    rule_id: str
    citation: str
    severity: Severity
    plugin: str

    def violation(self, out: list[Finding], field: str, message: Text, severity: Severity | None = None) -> None:
        out.append(Finding(self.rule_id, Status.violation, severity or self.severity, message, field,
                           self.citation, self.plugin))

    def missing(self, out: list[Finding], field: str, message: Text, *missing: str) -> None:
        out.append(Finding(self.rule_id, Status.needs_information, self.severity, message, field,
                           self.citation, self.plugin, missing or (field,)))


def _format(template: Text, values: Mapping[str, Any]) -> Text:
    en = {k: (v.en if isinstance(v, Text) else v) for k, v in values.items()}
    zh = {k: (v.zh if isinstance(v, Text) else v) for k, v in values.items()}
    text_en = template.en.format_map(_Default(en))
    return Text(text_en[:1].upper() + text_en[1:], template.zh.format_map(_Default(zh)))


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _compile_when(when: When | None) -> WhenFn | None:
    if when is None:
        return None
    tests: list[WhenFn] = []
    if when.subject_name_contains_any:
        words = when.subject_name_contains_any
        def name_has(facts: Facts) -> bool | None:
            name = facts.filing.subject.name
            return None if name is None else any(word in name for word in words)
        tests.append(name_has)
    if when.individual_business is not None:
        wanted = when.individual_business
        def business(facts: Facts) -> bool | None:
            value = facts.filing.subject.individual_business
            return None if value is None else value == wanted
        tests.append(business)
    if when.website_industries_any:
        industries = frozenset(when.website_industries_any)
        def industry(facts: Facts) -> bool | None:
            return any(industries.intersection(w.industries) for w in facts.filing.websites)
        tests.append(industry)
    def all_hold(facts: Facts) -> bool | None:
        result: bool | None = True
        for test in tests:
            value = test(facts)
            if value is False:
                return False
            if value is None:
                result = None
        return result
    return all_hold


def _remarks_matcher(patterns: tuple[str, ...]) -> WhenFn | None:
    """``True`` when some website's remarks match one of ``patterns`` (``None`` if no patterns)."""
    if not patterns:
        return None
    compiled = [re.compile(p) for p in patterns]

    def matches(facts: Facts) -> bool | None:
        return any(p.search(w.remarks or "") for w in facts.filing.websites for p in compiled)
    return matches


def _who_text(who: tuple[str, ...]) -> Text:
    parts = [ROLE_TEXT[w] for w in who]
    return Text(" and ".join(p.en for p in parts), "和".join(p.zh for p in parts))


_NEEDS_FACT = Text("Cannot tell yet whether this rule applies: {field} is not given.",
                   "尚未填写{field}，无法判断本规则是否适用。")


def _gated_check(rule: Rule, emit: _Emit, body: CheckFn) -> CheckFn:
    """Run ``body`` only where the rule applies; say which fact is missing when unknown."""
    gate = rule.gate()
    if gate is _always:
        return body
    unknowns = _gate_fields(rule)

    def check(facts: Facts, out: list[Finding]) -> None:
        applies = gate(facts)
        if applies:
            body(facts, out)
        elif applies is None:
            missing = [f for f, value in unknowns(facts) if value is None] or ["subject.type"]
            emit.missing(out, missing[0].rsplit(".", 1)[0], _format(_NEEDS_FACT, {"field": missing[0]}), *missing)
    return check


def _gate_fields(rule: Rule) -> Callable[[Facts], list[tuple[str, object]]]:
    """The facts a rule's ``applies_to`` and ``when`` read, with their values in a filing."""
    when = rule.when

    def fields(facts: Facts) -> list[tuple[str, object]]:
        subject = facts.filing.subject
        found: list[tuple[str, object]] = []
        if rule.applies_to:
            found.append(("subject.type", subject.type))
        if when is not None and when.subject_name_contains_any:
            found.append(("subject.name", subject.name))
        if when is not None and when.individual_business is not None:
            found.append(("subject.individual_business", subject.individual_business))
        return found
    return fields


def _person_rule(rule: Rule, ctx: CompileContext, who: tuple[str, ...],
                 test: Callable[[Facts, str, Person, list[Finding]], None], message: Text) -> Compiled:
    """Apply ``test`` to each person in ``who``; a person not given yet is reported missing."""
    emit = rule.finding_factory(ctx)
    roles = who
    absent = Text("{who} is not given yet.", "尚未填写{who}。")

    def body(facts: Facts, out: list[Finding]) -> None:
        for path, person in facts.people(roles):
            if person is None:
                role = "website_administrator" if path.startswith("websites") else (
                    "legal_representative" if path.endswith("legal_representative") else "subject_administrator")
                emit.missing(out, path, _format(absent, {"who": ROLE_TEXT[role]}))
            else:
                test(facts, path, person, out)

    return rule.base(ctx, message, check=_gated_check(rule, emit, body))


def _role_of(path: str) -> Text:
    if path.startswith("websites"):
        return ROLE_TEXT["website_administrator"]
    if path.endswith("legal_representative"):
        return ROLE_TEXT["legal_representative"]
    return ROLE_TEXT["subject_administrator"]


def _document_requirement(ctx: CompileContext, rule: Rule, document: str, reason: Text, field: str,
                          facts: Facts) -> DocumentRequirement:
    return DocumentRequirement(
        document=document, name=ctx.document_names.get(document, Text(document, document)), reason=reason,
        rule_id=rule.id, citation=rule.cite, plugin=ctx.plugin, field=field,
        provided=facts.has_document(document),
    )


# --------------------------------------------------------------------------- people


@attrs.frozen(kw_only=True)
class LegalRepresentativeRule(Rule):
    """A person in ``who`` must be the enterprise's legal representative, unless one of
    ``unless_documents`` (typically an authorization letter) is provided."""

    who: tuple[Role, ...]
    unless_documents: tuple[str, ...] = ()
    #: With ``unless_documents``: the exemption also needs website remarks matching one of
    #: these patterns (Gansu asks for the situation to be described in the remarks).
    unless_remarks_patterns: tuple[str, ...] = ()
    default_message: ClassVar[Text] = Text(
        "{who} must be the legal representative of the enterprise{unless_en}.",
        "{who}须为单位法定代表人{unless_zh}。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        unless = self.unless_documents
        names = [ctx.document_names[d] for d in unless]
        extra_en = f", or a {' / '.join(n.en.lower() for n in names)} must be provided" if unless else ""
        extra_zh = f"，否则须提供{'或'.join(n.zh for n in names)}" if unless else ""
        emit = self.finding_factory(ctx)
        message = self.render(who=_who_text(self.who), unless_en=extra_en, unless_zh=extra_zh)
        template = self.message.text() if self.message else self.default_message
        unknown = Text("Say whether {who} is the legal representative.", "请说明{who}是否为法定代表人。")

        explained = _remarks_matcher(self.unless_remarks_patterns)

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            is_legal = facts.is_legal_representative(person)
            if is_legal:
                return
            if unless and facts.has_any_document(unless) and (explained is None or explained(facts)):
                return
            if is_legal is None:
                emit.missing(out, path, _format(unknown, {"who": _role_of(path)}), f"{path}.is_legal_representative")
            else:
                emit.violation(out, f"{path}.is_legal_representative", _format(
                    template, {"who": _role_of(path), "unless_en": extra_en, "unless_zh": extra_zh}))

        compiled = _person_rule(self, ctx, self.who, test, message)
        if not unless:
            return compiled
        gate = self.gate()

        def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
            if not gate(facts):
                return
            for path, person in facts.people(self.who):
                if person is not None and facts.is_legal_representative(person) is False:
                    out.append(_document_requirement(ctx, self, unless[0], message, path, facts))

        return attrs.evolve(compiled, documents=documents)


@attrs.frozen(kw_only=True)
class MinimumAgeRule(Rule):
    """A person in ``who`` must be at least ``min_age`` on the evaluation date, unless
    they are the legal representative (if ``unless_legal_representative``) or one of
    ``unless_documents`` is provided (proof of employment, guardian's ID …)."""

    who: tuple[Role, ...]
    min_age: int = 18
    unless_legal_representative: bool = False
    unless_documents: tuple[str, ...] = ()
    default_message: ClassVar[Text] = Text(
        "{who} must be at least {min_age} years old{unless_en}.",
        "{who}须年满{min_age}周岁{unless_zh}。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        unless = self.unless_documents
        names = [ctx.document_names[d] for d in unless]
        extra_en = f" (or provide: {' / '.join(n.en.lower() for n in names)})" if unless else ""
        extra_zh = f"（或提供{'或'.join(n.zh for n in names)}）" if unless else ""
        emit = self.finding_factory(ctx)
        template = self.message.text() if self.message else self.default_message
        message = self.render(who=_who_text(self.who), min_age=self.min_age, unless_en=extra_en, unless_zh=extra_zh)
        unknown = Text("The age of {who} is not known: give an ID number or birth date.",
                       "无法确定{who}的年龄：请填写身份证号码或出生日期。")
        min_age = self.min_age
        unless_legal = self.unless_legal_representative

        def under_age(facts: Facts, person: Person) -> bool | None:
            age = facts.age(person)
            if age is None:
                return None
            if age >= min_age:
                return False
            return not (unless_legal and facts.is_legal_representative(person))

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            young = under_age(facts, person)
            if young is False or (young and unless and facts.has_any_document(unless)):
                return
            if young is None:
                emit.missing(out, path, _format(unknown, {"who": _role_of(path)}), f"{path}.id_number")
            else:
                emit.violation(out, path, _format(template, {"who": _role_of(path), "min_age": min_age,
                                                             "unless_en": extra_en, "unless_zh": extra_zh}))

        compiled = _person_rule(self, ctx, self.who, test, message)
        if not unless:
            return compiled
        gate = self.gate()

        def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
            if not gate(facts):
                return
            for path, person in facts.people(self.who):
                if person is not None and under_age(facts, person):
                    out.append(_document_requirement(ctx, self, unless[0], message, path, facts))

        return attrs.evolve(compiled, documents=documents)


@attrs.frozen(kw_only=True)
class LocalIdentityRule(Rule):
    """A person's identity document must come from the filing's province, or the person
    must hold one of ``accepted_proofs`` for it (residence permit, student ID …).
    With no accepted proofs, a non-local person cannot file at all."""

    who: tuple[Role, ...]
    accepted_proofs: tuple[LocalProof, ...] = ()
    proof_document: str | None = None
    default_message: ClassVar[Text] = Text(
        "{who} must hold an identity document issued in {province}{unless_en}.",
        "{who}须持有{province}签发的身份证件{unless_zh}。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        accepted = frozenset(self.accepted_proofs)
        extra_en = (" or a " + " / ".join(p.value.replace("_", " ") for p in self.accepted_proofs)
                    + " for it") if accepted else ""
        extra_zh = "，或持有本省" + "、".join(_PROOF_ZH[p] for p in self.accepted_proofs) if accepted else ""
        emit = self.finding_factory(ctx)
        template = self.message.text() if self.message else self.default_message
        unknown = Text("Cannot tell which province issued the identity document of {who}.",
                       "无法判断{who}身份证件的签发省份。")

        def not_local(facts: Facts, person: Person) -> bool | None:
            province = facts.filing.province
            issued = facts.id_province(person)
            if issued is province:
                return False
            if accepted and any(p.province is province and p.kind in accepted for p in person.local_proofs):
                return False
            if issued is None and facts.residency(person) in (None, Residency.mainland):
                return None  # a mainland person whose ID province we cannot read yet
            return True

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            outside = not_local(facts, person)
            if outside is False:
                return
            values = {"who": _role_of(path), "province": _province_text(facts),
                      "unless_en": extra_en, "unless_zh": extra_zh}
            if outside is None:
                emit.missing(out, path, _format(unknown, values), f"{path}.id_number")
            else:
                emit.violation(out, path, _format(template, values))

        message = Text(template.en.replace("{province}", "the province"), template.zh.replace("{province}", "本省"))
        message = _format(message, {"who": _who_text(self.who), "unless_en": extra_en, "unless_zh": extra_zh})
        compiled = _person_rule(self, ctx, self.who, test, message)
        if self.proof_document is None:
            return compiled
        document = self.proof_document
        gate = self.gate()

        def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
            if not gate(facts):
                return
            for path, person in facts.people(self.who):
                if person is not None and facts.id_province(person) is not facts.filing.province and (
                    facts.id_province(person) is not None or facts.residency(person) not in (None, Residency.mainland)
                ):
                    out.append(_document_requirement(ctx, self, document, message, path, facts))

        return attrs.evolve(compiled, documents=documents)


_PROOF_ZH = {
    LocalProof.residence_permit: "居住证",
    LocalProof.temporary_residence_permit: "暂住证",
    LocalProof.student_id: "学生证",
    LocalProof.social_insurance: "社保证明",
    LocalProof.employment: "工作证明",
}


def _province_text(facts: Facts) -> Text:
    province = facts.filing.province
    return Text(province.value.capitalize(), province.zh)


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

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        residency = frozenset(self.residency)
        allowed = frozenset(self.allowed)
        forbidden = frozenset(self.forbidden)
        template = self.message.text() if self.message else self.default_message

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            if residency:
                where = facts.residency(person)
                if where is None:
                    emit.missing(out, path, Text(f"The residency of {_role_of(path).en} is not given.",
                                                 f"尚未填写{_role_of(path).zh}的居民身份类别。"), f"{path}.residency")
                    return
                if where not in residency:
                    return
            kind = person.id_type or (IdDocumentType.resident_id_card if facts.resident_id(person) else None)
            if kind is None:
                role = _role_of(path)
                emit.missing(out, path, Text(f"The identity document type of {role.en} is not given.",
                                             f"尚未填写{role.zh}的证件类型。"), f"{path}.id_type")
                return
            if kind in forbidden or (allowed and kind not in allowed):
                emit.violation(out, f"{path}.id_type", _format(template, {"who": _role_of(path),
                                                                         "document": kind.value}))

        return _person_rule(self, ctx, self.who, test, self.render(who=_who_text(self.who), document="…"))


@attrs.frozen(kw_only=True)
class ResidencyRule(Rule):
    """People in ``who`` of a ``forbidden`` residency category cannot take that role."""

    who: tuple[Role, ...]
    forbidden: tuple[Residency, ...]
    default_message: ClassVar[Text] = Text(
        "{who} cannot be a {residency} resident in this province.",
        "本省{who}不能为{residency}人员。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        forbidden = frozenset(self.forbidden)
        template = self.message.text() if self.message else self.default_message
        listed = Text(" / ".join(r.value.replace("_", "-") for r in self.forbidden),
                      "、".join(_RESIDENCY_ZH[r] for r in self.forbidden))

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            where = facts.residency(person)
            if where is None:
                emit.missing(out, path, Text(f"The residency of {_role_of(path).en} is not given.",
                                             f"尚未填写{_role_of(path).zh}的居民身份类别。"), f"{path}.residency")
            elif where in forbidden:
                emit.violation(out, f"{path}.residency", _format(template, {"who": _role_of(path),
                                                                           "residency": listed}))

        return _person_rule(self, ctx, self.who, test, self.render(who=_who_text(self.who), residency=listed))


_RESIDENCY_ZH = {Residency.mainland: "内地居民", Residency.hong_kong_macao: "港澳居民",
                 Residency.taiwan: "台湾居民", Residency.foreign: "外国"}


@attrs.frozen(kw_only=True)
class LocalMobileRule(Rule):
    """The mobile number of a person in ``who`` must belong to the filing's province.
    A number whose province the offline data does not know gives a warning, never a
    failure. ``unless_remarks``: an explanation in the website remarks is accepted."""

    who: tuple[Role, ...]
    #: Accept a non-local number when some website's remarks match one of these patterns
    #: (an explanation, as Shaanxi allows for enterprises).
    unless_remarks_patterns: tuple[str, ...] = ()
    default_message: ClassVar[Text] = Text(
        "The mobile number of {who} must be registered in {province}.",
        "{who}的手机号码须为{province}号码。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        template = self.message.text() if self.message else self.default_message
        unknown = Text("The province of the mobile number of {who} is not known offline; check it by hand.",
                       "无法离线判断{who}手机号码的归属省份，请人工核实。")
        explained = _remarks_matcher(self.unless_remarks_patterns)

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            values = {"who": _role_of(path), "province": _province_text(facts)}
            if person.mobile is None and person.mobile_province is None:
                emit.missing(out, f"{path}.mobile", Text(f"The mobile number of {_role_of(path).en} is not given.",
                                                         f"尚未填写{_role_of(path).zh}的手机号码。"))
                return
            province = facts.mobile_province(person)
            if province is facts.filing.province:
                return
            if explained is not None and explained(facts):
                return
            if province is None:
                emit.violation(out, f"{path}.mobile", _format(unknown, values), Severity.warning)
            else:
                emit.violation(out, f"{path}.mobile", _format(template, values))

        message = _format(template, {"who": _who_text(self.who), "province": Text("the province", "本省")})
        return _person_rule(self, ctx, self.who, test, message)


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

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        want_same = self.relation == "same"
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

        return self.base(ctx, message, check=_gated_check(self, emit, body))


@attrs.frozen(kw_only=True)
class DistinctPhoneNumbersRule(Rule):
    """No mobile number may appear in the contact details of two different people."""

    default_message: ClassVar[Text] = Text(
        "Each person must give a mobile number of their own; the same number appears twice.",
        "不同联系人不能使用同一手机号码。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
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

        return self.base(ctx, message, check=_gated_check(self, emit, body))


@attrs.frozen(kw_only=True)
class ExclusiveWebsiteAdministratorRule(Rule):
    """A website administrator may not administer filings of other subjects."""

    default_message: ClassVar[Text] = Text(
        "The website administrator must not be a website administrator of another subject.",
        "网站负责人不能同时为其他备案主体的网站负责人。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        message = self.render()

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            if person.administers_other_subjects is None:
                emit.missing(out, path, message, f"{path}.administers_other_subjects")
            elif person.administers_other_subjects:
                emit.violation(out, f"{path}.administers_other_subjects", message)

        return _person_rule(self, ctx, ("website_administrator",), test, message)


# --------------------------------------------------------------------------- subject


@attrs.frozen(kw_only=True)
class CertificateTypeRule(Rule):
    """The subject must file with one of the ``allowed`` certificate types."""

    allowed: tuple[CertificateType, ...]
    #: The certificate number must be a valid unified social credit code (a Three-in-One licence).
    require_credit_code: bool = False
    default_message: ClassVar[Text] = Text(
        "The subject must file with one of these certificates: {allowed}.",
        "备案主体须使用以下证件之一：{allowed_zh}。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        allowed = frozenset(self.allowed)
        message = self.render(allowed=", ".join(a.value.replace("_", " ") for a in self.allowed),
                              allowed_zh="、".join(_CERTIFICATE_ZH.get(a, a.value) for a in self.allowed))

        credit_code = self.require_credit_code
        three_in_one = Text("The subject must file with a Three-in-One licence: its number must be a valid unified "
                            "social credit code.", "须使用三证合一营业执照：证件号码须为有效的统一社会信用代码。")

        def body(facts: Facts, out: list[Finding]) -> None:
            kind = facts.filing.subject.certificate_type
            if kind is None:
                emit.missing(out, "subject.certificate_type", message)
            elif kind not in allowed:
                emit.violation(out, "subject.certificate_type", message)
            elif credit_code:
                number = facts.filing.subject.certificate_number
                if number is None:
                    emit.missing(out, "subject.certificate_number", three_in_one)
                elif facts.credit_code(number) is None:
                    emit.violation(out, "subject.certificate_number", three_in_one)

        return self.base(ctx, message, check=_gated_check(self, emit, body))


_CERTIFICATE_ZH = {CertificateType.business_license: "营业执照", CertificateType.organization_code: "组织机构代码证",
                   CertificateType.personal_id: "个人身份证件"}


# --------------------------------------------------------------------------- domains


@attrs.frozen(kw_only=True)
class DomainHolderRule(Rule):
    """Each domain's holder (real-name verified) must be one of ``holders``: the subject,
    its legal representative, the subject administrator or the website administrator."""

    holders: tuple[Holder, ...] = ("subject",)
    default_message: ClassVar[Text] = Text(
        "The domain must be held in the name of {holders}.",
        "域名持有者须为{holders}。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        holders = self.holders
        listed = Text(" or ".join(ROLE_TEXT[h].en for h in holders), "或".join(ROLE_TEXT[h].zh for h in holders))
        message = self.render(holders=listed)

        def names(facts: Facts, website: Any) -> list[tuple[str | None, str | None]]:
            subject = facts.filing.subject
            found: list[tuple[str | None, str | None]] = []
            for holder in holders:
                if holder == "subject":
                    found.append((subject.name, subject.certificate_number))
                else:
                    person = (subject.legal_representative if holder == "legal_representative" else
                              subject.administrator if holder == "subject_administrator" else website.administrator)
                    if person is not None:
                        found.append((person.name, person.id_number))
            return found

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website, domain in facts.domains():
                if domain.holder_name is None:
                    emit.missing(out, f"{path}.holder_name", message)
                    continue
                holder = domain.holder_name.strip()
                candidates = names(facts, website)
                matched = False
                for name, number in candidates:
                    if name is not None and name.strip() == holder:
                        if domain.holder_certificate_number and number and (
                            domain.holder_certificate_number.upper() != number.upper()
                        ):
                            continue
                        matched = True
                        break
                if not matched:
                    if all(name is None for name, _ in candidates):
                        emit.missing(out, f"{path}.holder_name", message, "subject.name")
                    else:
                        emit.violation(out, f"{path}.holder_name", message)

        return self.base(ctx, message, check=_gated_check(self, emit, body))


@attrs.frozen(kw_only=True)
class DomainPrivacyOffRule(Rule):
    """Domain privacy protection must be switched off while filing."""

    default_message: ClassVar[Text] = Text(
        "Switch off the domain's privacy protection for the filing.", "备案期间须关闭域名隐私保护。"
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        message = self.render()

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, _, domain in facts.domains():
                if domain.privacy_protection is None:
                    emit.missing(out, f"{path}.privacy_protection", message)
                elif domain.privacy_protection:
                    emit.violation(out, f"{path}.privacy_protection", message)

        return self.base(ctx, message, check=_gated_check(self, emit, body))


@attrs.frozen(kw_only=True)
class DomainRegisteredInMainlandRule(Rule):
    """Domains registered through a site outside mainland China cannot be filed."""

    default_message: ClassVar[Text] = Text(
        "A domain registered through a registration site outside mainland China cannot be filed.",
        "通过境外注册服务注册的域名不能备案。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        message = self.render()

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, _, domain in facts.domains():
                if domain.registered_outside_mainland is None:
                    emit.missing(out, f"{path}.registered_outside_mainland", message)
                elif domain.registered_outside_mainland:
                    emit.violation(out, f"{path}.registered_outside_mainland", message)

        return self.base(ctx, message, check=_gated_check(self, emit, body))


@attrs.frozen(kw_only=True)
class WebsiteDomainsRule(Rule):
    """Limits on the domains of one website: at most ``max_domains`` domains and at
    most ``max_prefixes`` distinct prefixes (different prefixes → separate websites)."""

    max_domains: int | None = None
    max_prefixes: int | None = None
    default_message: ClassVar[Text] = Text(
        "File domains with different prefixes (or more than {limit} domains) as separate websites.",
        "不同前缀的域名（或超过{limit}个域名）须作为不同网站分别备案。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        max_domains, max_prefixes = self.max_domains, self.max_prefixes
        message = self.render(limit=max_domains if max_domains is not None else max_prefixes)

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in facts.websites():
                if max_domains is not None and len(website.domains) > max_domains:
                    emit.violation(out, f"{path}.domains", message)
                elif max_prefixes is not None and len({facts.prefix(d.name) for d in website.domains}) > max_prefixes:
                    emit.violation(out, f"{path}.domains", message)

        return self.base(ctx, message, check=_gated_check(self, emit, body))


@attrs.frozen(kw_only=True)
class SameWebsiteRemarkRule(Rule):
    """A website with ``min_domains`` or more domains, of ``min_prefixes`` or more distinct
    prefixes, must say in its remarks that they lead to the same website (``phrases``)."""

    min_domains: int = 2
    min_prefixes: int = 1
    phrases: tuple[str, ...] = ("指向同一网站", "direct to the same website", "point to the same website")
    default_message: ClassVar[Text] = Text(
        "The remarks must state that these domains lead to the same website.",
        "须在备注中注明“多个域名指向同一网站”。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        message = self.render()
        phrases = tuple(p.lower() for p in self.phrases)
        least_domains, least_prefixes = self.min_domains, self.min_prefixes

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in facts.websites():
                if len(website.domains) < least_domains:
                    continue
                if least_prefixes > 1 and len({facts.prefix(d.name) for d in website.domains}) < least_prefixes:
                    continue
                remarks = (website.remarks or "").lower()
                if not any(p in remarks for p in phrases):
                    emit.violation(out, f"{path}.remarks", message)

        return self.base(ctx, message, check=_gated_check(self, emit, body))


@attrs.frozen(kw_only=True)
class DomainCountDocumentsRule(Rule):
    """Require ``document`` once the subject reaches ``at_least`` domains (or distinct
    prefixes, with ``count: prefixes``), counted in this filing or across the subject's
    filings on record (``across: subject``). ``per_domain`` lists one per domain."""

    document: str
    at_least: int = 1
    count: Literal["domains", "prefixes"] = "domains"
    across: Literal["filing", "subject"] = "filing"
    per_domain: bool = True
    #: Also a finding while the document is not uploaded (else it is only listed).
    enforce: bool = False
    default_message: ClassVar[Text] = Text(
        "With {at_least} or more {counted_en}, provide a {document_en} {each_en}.",
        "{counted_zh}达到{at_least}个及以上时，须{each_zh}提供{document_zh}。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        document, least = self.document, self.at_least
        name = ctx.document_names[document]
        counted = {"domains": Text("domains", "域名"), "prefixes": Text("different domain prefixes", "不同域名前缀")}
        message = self.render(
            at_least=least, counted_en=counted[self.count].en, counted_zh=counted[self.count].zh,
            document_en=name.en.lower(), document_zh=name.zh,
            each_en="for each domain" if self.per_domain else "", each_zh="为每个域名" if self.per_domain else "",
        )
        emit = self.finding_factory(ctx)
        gate = self.gate()
        by_prefix, across_subject, per_domain = self.count == "prefixes", self.across == "subject", self.per_domain

        def reached(facts: Facts) -> bool:
            if by_prefix:
                number = len(facts.subject_prefixes()) if across_subject else len(
                    {facts.prefix(d.name) for _, _, d in facts.domains()})
            else:
                number = len(facts.subject_domain_names()) if across_subject else len(facts.domains())
            return number >= least

        def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
            if not gate(facts) or not reached(facts):
                return
            if per_domain:
                for path, _, _ in facts.domains():
                    out.append(_document_requirement(ctx, self, document, message, path, facts))
            else:
                out.append(_document_requirement(ctx, self, document, message, "", facts))

        def body(facts: Facts, out: list[Finding]) -> None:
            if reached(facts) and not facts.has_document(document):
                emit.violation(out, "documents", message)

        check = _gated_check(self, emit, body) if self.enforce else None
        return self.base(ctx, message, check=check, documents=documents)


@attrs.frozen(kw_only=True)
class OnRecordAccessibleRule(Rule):
    """A website whose domain already has an ICP number must be reachable (and show the
    number at the bottom of its pages, which a filing cannot show: say so in the message)."""

    default_message: ClassVar[Text] = Text(
        "A website whose domain is already on record must be reachable and show its ICP number at the bottom "
        "of its pages.", "已取得备案号的域名须能正常访问，并在网站底部展示备案号。")

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        message = self.render()

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in facts.websites():
                if not any(d.on_record for d in website.domains):
                    continue
                if website.accessible is None:
                    emit.missing(out, f"{path}.accessible", message)
                elif not website.accessible:
                    emit.violation(out, f"{path}.accessible", message)

        return self.base(ctx, message, check=_gated_check(self, emit, body))


# --------------------------------------------------------------------------- websites


@attrs.frozen(kw_only=True)
class WebsiteNameRule(Rule):
    """Website names (and optionally remarks) must match one of the given patterns."""

    name_patterns: tuple[str, ...] = ()
    remarks_patterns: tuple[str, ...] = ()
    default_message: ClassVar[Text] = Text(
        "The website name or remarks do not follow the required form.", "网站名称或备注不符合要求的格式。"
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        message = self.render()
        names = [re.compile(p) for p in self.name_patterns]
        remarks = [re.compile(p) for p in self.remarks_patterns]

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in facts.websites():
                for value, patterns, field in ((website.name, names, "name"), (website.remarks, remarks, "remarks")):
                    if not patterns:
                        continue
                    if value is None:
                        emit.missing(out, f"{path}.{field}", message)
                    elif not any(p.search(value) for p in patterns):
                        emit.violation(out, f"{path}.{field}", message)

        return self.base(ctx, message, check=_gated_check(self, emit, body))


@attrs.frozen(kw_only=True)
class WebsiteForbidsRule(Rule):
    """Websites must not have a feature (``sells_online``: e-commerce)."""

    feature: Literal["sells_online"]
    default_message: ClassVar[Text] = Text(
        "This kind of filing cannot run a website that sells online.", "此类备案主体不能开办电子商务类网站。"
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        message = self.render()
        feature = self.feature

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in facts.websites():
                value = getattr(website, feature)
                if value is None:
                    emit.missing(out, f"{path}.{feature}", message)
                elif value:
                    emit.violation(out, f"{path}.{feature}", message)

        return self.base(ctx, message, check=_gated_check(self, emit, body))


@attrs.frozen(kw_only=True)
class PreApprovalRule(Rule):
    """A website with content of ``industry`` must hold a pre-approval for it, in every
    province or, with ``only_in``, only in the listed ones."""

    industry: str
    industry_name: TextSpec | None = None
    only_in: tuple[str, ...] = ()
    license: TextSpec | None = None
    default_message: ClassVar[Text] = Text(
        "A website with {industry_en} content needs a valid pre-approval ({license_en}) before filing.",
        "涉及{industry_zh}内容的网站须在备案前取得有效的前置审批（{license_zh}）。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        from icp_core.provinces import Province

        emit = self.finding_factory(ctx)
        industry = self.industry
        provinces = frozenset(Province.parse(p) for p in self.only_in)
        license = self.license.text() if self.license else Text("a licence", "相关许可")
        shown = self.industry_name.text() if self.industry_name else Text(industry, industry)
        message = self.render(industry_en=shown.en, industry_zh=shown.zh, license_en=license.en, license_zh=license.zh)
        gate = self.gate()

        def relevant(facts: Facts) -> list[tuple[str, Any]]:
            if provinces and facts.filing.province not in provinces:
                return []
            return [(p, w) for p, w in facts.websites() if industry in w.industries]

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in relevant(facts):
                held = [a for a in website.pre_approvals if a.industry == industry]
                if not any(a.valid_until is None or a.valid_until >= facts.on for a in held):
                    emit.violation(out, f"{path}.pre_approvals", message)

        def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
            if gate(facts):
                for path, _ in relevant(facts):
                    out.append(_document_requirement(ctx, self, "pre_approval", message, path, facts))

        return self.base(ctx, message, check=_gated_check(self, emit, body), documents=documents)


# --------------------------------------------------------------------------- instances


@attrs.frozen(kw_only=True)
class InstanceRequirementsRule(Rule):
    """Requirements on instances of ``instance_type`` (section 4.1, table 4-1). Each given
    parameter is checked; a violated one is reported on its own field."""

    instance_type: InstanceType
    min_subscription_months: int | None = None
    subscription_only: bool = False
    public_bandwidth_required: bool = False
    min_order_cny: int | None = None
    max_service_numbers: int | None = None
    #: Months the subscription must still run on the evaluation day (needs ``expires_on``).
    min_remaining_months: int | None = None
    default_message: ClassVar[Text] = Text(
        "The {type} instance does not meet the requirements for filing: {problem_en}.",
        "{type}实例不满足备案要求：{problem_zh}。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        template = self.message.text() if self.message else self.default_message
        kind = self.instance_type
        rule = self

        def say(out: list[Finding], field: str, en: str, zh: str, missing: bool = False) -> None:
            text = _format(template, {"type": kind.value, "problem_en": en, "problem_zh": zh})
            (emit.missing if missing else emit.violation)(out, field, text)

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, instance in facts.instances():
                if instance.type is not kind:
                    continue
                if rule.subscription_only and instance.billing is Billing.pay_as_you_go:
                    say(out, f"{path}.billing", "pay-as-you-go instances cannot be used", "按量付费实例不能用于备案")
                if rule.min_subscription_months is not None:
                    months = instance.subscription_months
                    if months is None:
                        say(out, f"{path}.subscription_months", "the subscription length is not given",
                            "尚未填写购买时长", missing=True)
                    elif months < rule.min_subscription_months:
                        say(out, f"{path}.subscription_months",
                            f"the subscription must run {rule.min_subscription_months} months or more",
                            f"购买时长须不少于{rule.min_subscription_months}个月")
                if rule.min_remaining_months is not None and instance.expires_on is not None:
                    if _months_between(facts.on, instance.expires_on) < rule.min_remaining_months:
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
                    used = {n.number for n in instance.service_numbers}
                    used |= {w.hosting.service_identification_number for w in facts.filing.websites
                             if w.hosting and w.hosting.instance_id == instance.id
                             and w.hosting.service_identification_number}
                    wanting = sum(1 for w in facts.filing.websites if w.hosting and w.hosting.instance_id == instance.id
                                  and not w.hosting.service_identification_number)
                    if len(used) + wanting > rule.max_service_numbers:
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
            (Text(f"{self.min_remaining_months} months left to run", f"剩余时长不少于{self.min_remaining_months}个月"),
             self.min_remaining_months is not None),
        ) if given]
        summary = Text("it needs " + "; ".join(p.en for p in problems), "须满足：" + "；".join(p.zh for p in problems))
        message = self.message.text() if self.message else Text(
            f"A {kind.value} instance used for filing: {summary.en}.", f"{kind.value}实例用于备案{summary.zh}。")
        return self.base(ctx, message, check=_gated_check(self, emit, body))


# --------------------------------------------------------------------------- documents


@attrs.frozen(kw_only=True)
class RequireDocumentRule(Rule):
    """Require ``document`` for every filing this rule applies to, for the reason given
    in ``message`` (or the default). ``for_each: website`` lists one per website."""

    document: str
    for_each: Literal["filing", "website", "subject_administrator", "website_administrator"] = "filing"
    enforce: bool = False  # also a finding when not provided (most documents are uploaded later)
    default_message: ClassVar[Text] = Text("Upload the {document_en}.", "须上传{document_zh}。")

    def compile(self, ctx: CompileContext) -> Compiled:
        document = self.document
        name = ctx.document_names[document]
        message = self.render(document_en=name.en.lower(), document_zh=name.zh)
        gate = self.gate()
        for_each = self.for_each

        def fields(facts: Facts) -> list[str]:
            if for_each == "filing":
                return [""]
            if for_each == "website":
                return [path for path, _ in facts.websites()]
            return [path for path, person in facts.people((for_each,)) if person is not None]

        def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
            if gate(facts):
                for field in fields(facts):
                    out.append(_document_requirement(ctx, self, document, message, field, facts))

        check = None
        if self.enforce:
            emit = self.finding_factory(ctx)

            def body(facts: Facts, out: list[Finding]) -> None:
                if not facts.has_document(document):
                    emit.violation(out, "documents", message)

            check = _gated_check(self, emit, body)
        return self.base(ctx, message, documents=documents, check=check)


# --------------------------------------------------------------------------- change and transfer


@attrs.frozen(kw_only=True)
class ChangeEntry:
    """One cell of the change matrix."""

    outcome: Outcome
    documents: tuple[str, ...] = ()
    #: Facts of the request that must hold (else denied; unknown → a condition).
    requires: tuple[Literal["individual_is_legal_representative", "names_related"], ...] = ()
    #: With ``outcome: denied``: the request is allowed (on ``documents``) when this holds.
    unless: Literal["three_in_one_conversion", "names_related", "individual_is_legal_representative"] | None = None
    message: TextSpec | None = None


@attrs.frozen(kw_only=True)
class ChangeMatrixRule(Rule):
    """Which changes a province allows: one entry per kind of change (see ``ChangeKind``).
    A kind not listed has no rule here; the national default decides."""

    changes: dict[ChangeKind, ChangeEntry]
    default_message: ClassVar[Text] = Text("Change rules of this province.", "本省备案变更规则。")

    def compile(self, ctx: CompileContext) -> Compiled:
        entries = self.changes
        rule = self

        def decide(facts: Facts, change: ChangeRequest) -> Decision | None:
            if facts.subject_type is None:
                return None
            kind = change.kind(facts.subject_type)
            entry = entries.get(kind)
            if entry is None:
                return None
            return _decide(ctx, rule, entry, kind, change, change.documents)

        return self.base(ctx, self.render(), change=decide)


_KIND_TEXT = {
    ChangeKind.enterprise_to_enterprise: Text("an enterprise filing to another enterprise", "单位备案变更为其他单位"),
    ChangeKind.enterprise_to_individual: Text("an enterprise filing to an individual's", "单位备案变更为个人备案"),
    ChangeKind.individual_to_individual: Text("an individual filing to another individual's", "个人备案变更为其他个人"),
    ChangeKind.individual_to_enterprise: Text("an individual filing to an enterprise's", "个人备案变更为单位备案"),
    ChangeKind.new_name: Text("the subject's name", "主体名称变更"),
    ChangeKind.new_certificate_number: Text("the subject's certificate number", "主体证件号码变更"),
    ChangeKind.new_name_and_certificate_number: Text("both the subject's name and certificate number",
                                                     "主体名称和证件号码同时变更"),
}

_REQUIREMENT_TEXT = {
    "individual_is_legal_representative": Text(
        "the individual must be the legal representative of the enterprise", "该个人须为该单位的法定代表人"),
    "names_related": Text("the old and new names must be recognisably related", "新旧名称须存在关联"),
    "three_in_one_conversion": Text("the change must come from a Three-in-One licence conversion",
                                    "变更须因三证合一换证引起"),
}


def _decide(ctx: CompileContext, rule: Rule, entry: ChangeEntry, kind: ChangeKind, request: Any,
            provided: frozenset[str]) -> Decision:
    what = _KIND_TEXT[kind]
    outcome_text = {Outcome.allowed: Text("Changing {what} is allowed", "允许{what}"),
                    Outcome.denied: Text("Changing {what} is not allowed", "不允许{what}")}
    reasons: list[Reason] = []
    conditions: list[Condition] = []
    outcome = entry.outcome
    if entry.unless is not None and outcome is Outcome.denied:
        holds = getattr(request, entry.unless)
        if holds:
            outcome = Outcome.allowed
        elif holds is None:
            outcome = Outcome.allowed
            conditions.append(Condition(_REQUIREMENT_TEXT[entry.unless], rule.id, rule.cite, ctx.plugin, met=False))
    if outcome is Outcome.allowed:
        for requirement in entry.requires:
            holds = getattr(request, requirement)
            if holds is False:
                outcome = Outcome.denied
                reasons.append(Reason(rule.id, _REQUIREMENT_TEXT[requirement], rule.cite, ctx.plugin))
            else:
                conditions.append(Condition(_REQUIREMENT_TEXT[requirement], rule.id, rule.cite, ctx.plugin,
                                            met=bool(holds)))
    if outcome is Outcome.allowed:
        for document in entry.documents:
            name = ctx.document_names[document]
            conditions.append(Condition(Text(f"provide the {name.en.lower()}", f"提供{name.zh}"), rule.id, rule.cite,
                                        ctx.plugin, document=document, met=document in provided))
    base = entry.message.text() if entry.message else _format(outcome_text[
        Outcome.denied if outcome is Outcome.denied else Outcome.allowed], {"what": what})
    reasons.insert(0, Reason(rule.id, base, rule.cite, ctx.plugin))
    if outcome is Outcome.allowed and any(not c.met for c in conditions):
        outcome = Outcome.conditional
    if outcome is Outcome.denied:
        conditions = []
    return Decision(outcome, tuple(reasons), tuple(conditions))


@attrs.frozen(kw_only=True)
class TransferConsistencyRule(Rule):
    """On transfer, the listed facts must match the original filing; otherwise the
    transfer is denied (change or cancel at the old provider first) or, with
    ``on_mismatch: conditional``, allowed on the listed ``documents``."""

    fields: tuple[Literal["subject_name", "certificate_number", "subject_administrator", "website_administrator"], ...]
    on_mismatch: Literal["denied", "conditional"] = "denied"
    documents: tuple[str, ...] = ()
    default_message: ClassVar[Text] = Text(
        "The {fields_en} must match the filing on record at the previous provider; otherwise {remedy_en}.",
        "{fields_zh}须与原接入商处的备案信息一致，否则{remedy_zh}。",
    )

    def compile(self, ctx: CompileContext) -> Compiled:
        labels = {"subject_name": Text("subject name", "主体名称"),
                  "certificate_number": Text("certificate number", "证件号码"),
                  "subject_administrator": Text("subject administrator", "主体负责人信息"),
                  "website_administrator": Text("website administrators", "网站负责人信息")}
        remedy = (Text("provide a certificate of change", "须提供变更证明") if self.on_mismatch == "conditional"
                  else Text("change or cancel the filing there first", "须先在原接入商处变更或注销备案"))
        message = self.render(fields_en=_and([labels[f].en for f in self.fields]),
                              fields_zh="、".join(labels[f].zh for f in self.fields),
                              remedy_en=remedy.en, remedy_zh=remedy.zh)
        fields, conditional, documents = self.fields, self.on_mismatch == "conditional", self.documents
        gate = self.gate()
        rule = self

        def mismatched(facts: Facts, transfer: TransferRequest) -> list[str]:
            original, subject = transfer.original, facts.filing.subject
            found: list[str] = []
            for field in fields:
                if field == "subject_name":
                    same = _same(original.subject_name, subject.name)
                elif field == "certificate_number":
                    same = _same(original.certificate_number, subject.certificate_number, upper=True)
                elif field == "subject_administrator":
                    admin = subject.administrator
                    same = admin is not None and _same(original.subject_administrator_name, admin.name) is not False \
                        and _same(original.subject_administrator_id_number, admin.id_number, upper=True) is not False
                else:
                    names = {w.administrator.name for w in facts.filing.websites if w.administrator}
                    wanted = set(original.website_administrator_names)
                    same = not wanted or wanted <= names
                if same is False:
                    found.append(field)
            return found

        def decide(facts: Facts, transfer: TransferRequest) -> Decision | None:
            if not gate(facts):
                return None
            wrong = mismatched(facts, transfer)
            if not wrong:
                return Decision(Outcome.allowed, (Reason(rule.id, Text(
                    "The filing matches the original on " + ", ".join(labels[f].en for f in fields) + ".",
                    "备案信息与原备案的" + "、".join(labels[f].zh for f in fields) + "一致。"),
                    rule.cite, ctx.plugin),))
            reason = Reason(rule.id, message, rule.cite, ctx.plugin)
            if not conditional:
                return Decision(Outcome.denied, (reason,))
            conditions = tuple(
                Condition(Text(f"provide the {ctx.document_names[d].en.lower()}", f"提供{ctx.document_names[d].zh}"),
                          rule.id, rule.cite, ctx.plugin, document=d, met=d in transfer.documents)
                for d in documents)
            outcome = Outcome.allowed if all(c.met for c in conditions) else Outcome.conditional
            return Decision(outcome, (reason,), conditions)

        return self.base(ctx, message, transfer=decide)


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _same(a: str | None, b: str | None, upper: bool = False) -> bool | None:
    if a is None or b is None:
        return None
    if upper:
        return a.strip().upper() == b.strip().upper()
    return a.strip() == b.strip()


@attrs.frozen(kw_only=True)
class TransferAccessibleRule(Rule):
    """On transfer, the websites must still be reachable; otherwise cancel and file anew."""

    default_message: ClassVar[Text] = Text(
        "The websites must be reachable to transfer the filing; otherwise cancel it at the previous provider "
        "and file again.", "网站须可正常访问方可转入备案，否则须在原接入商处注销后重新备案。")

    def compile(self, ctx: CompileContext) -> Compiled:
        message = self.render()
        gate = self.gate()
        rule = self

        def decide(facts: Facts, transfer: TransferRequest) -> Decision | None:
            if not gate(facts):
                return None
            states = [w.accessible for w in facts.filing.websites]
            if transfer.original.websites_accessible is False or any(s is False for s in states):
                return Decision(Outcome.denied, (Reason(rule.id, message, rule.cite, ctx.plugin),))
            if transfer.original.websites_accessible is None and any(s is None for s in states):
                return Decision(Outcome.conditional, (Reason(rule.id, message, rule.cite, ctx.plugin),),
                                (Condition(Text("the websites must be reachable", "网站须可正常访问"), rule.id,
                                           rule.cite, ctx.plugin),))
            return Decision(Outcome.allowed, (Reason(rule.id, message, rule.cite, ctx.plugin),))

        return self.base(ctx, message, transfer=decide)


# --------------------------------------------------------------------------- declared only


@attrs.frozen(kw_only=True)
class InformationalRule(Rule):
    """A requirement that cannot be checked from filing facts; ``reason`` says why. It
    appears as a note in the answers to ``about`` (check, change or transfer) and never
    affects a verdict or decision."""

    reason: TextSpec
    message: TextSpec
    about: Literal["check", "change", "transfer"] = "check"

    def compile(self, ctx: CompileContext) -> Compiled:
        note = Note(self.id, self.message.text(), self.reason.text(), self.cite, ctx.plugin, self.about)
        return self.base(ctx, self.message.text(), note=note, gate=self.gate())


@attrs.frozen(kw_only=True)
class PythonRule(Rule):
    """A rule checked by the plugin's own hook implementation; declared here so that it
    has an id, a citation and both messages like every other rule."""

    message: TextSpec

    def compile(self, ctx: CompileContext) -> Compiled:
        return self.base(ctx, self.message.text())


RULE_KINDS: Mapping[str, type[Rule]] = {
    "legal_representative": LegalRepresentativeRule,
    "minimum_age": MinimumAgeRule,
    "local_identity": LocalIdentityRule,
    "identity_document": IdentityDocumentRule,
    "residency": ResidencyRule,
    "local_mobile": LocalMobileRule,
    "administrator_relation": AdministratorRelationRule,
    "distinct_phone_numbers": DistinctPhoneNumbersRule,
    "exclusive_website_administrator": ExclusiveWebsiteAdministratorRule,
    "certificate_type": CertificateTypeRule,
    "domain_holder": DomainHolderRule,
    "domain_privacy_off": DomainPrivacyOffRule,
    "domain_registered_in_mainland": DomainRegisteredInMainlandRule,
    "website_domains": WebsiteDomainsRule,
    "on_record_accessible": OnRecordAccessibleRule,
    "same_website_remark": SameWebsiteRemarkRule,
    "domain_count_documents": DomainCountDocumentsRule,
    "website_name": WebsiteNameRule,
    "website_forbids": WebsiteForbidsRule,
    "pre_approval": PreApprovalRule,
    "instance_requirements": InstanceRequirementsRule,
    "require_document": RequireDocumentRule,
    "change_matrix": ChangeMatrixRule,
    "transfer_consistency": TransferConsistencyRule,
    "transfer_accessible": TransferAccessibleRule,
    "informational": InformationalRule,
    "python": PythonRule,
}

for _kind in (*RULE_KINDS.values(), ChangeEntry, When, TextSpec):
    attrs.resolve_types(_kind)  # so profiles can structure parameter overrides by field type
