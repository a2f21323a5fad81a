"""Rule kinds about people: legal representatives, ages, identity documents, locality, phones."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

import attrs

from icp_core import remedies
from icp_core.context import Facts
from icp_core.model import (
    IdDocumentType,
    LocalProof,
    Person,
    Residency,
)
from icp_core.report import (
    Finding,
    Remedy,
    RemedyAction,
    Severity,
    Text,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Role,
    Rule,
    document_keys,
    fill,
    rule_kind,
    who_text,
    whole_number,
)
from icp_core.rules.conditions import remarks_matcher
from icp_core.rules.shapes import person_documents, person_rule, province_text, role_of


@rule_kind("legal_representative")
@attrs.frozen(kw_only=True)
class LegalRepresentativeRule(Rule):
    """A person in ``who`` must be the enterprise's legal representative, unless one of
    ``unless_documents`` (typically an authorization letter) is provided."""

    who: tuple[Role, ...]
    unless_documents: tuple[str, ...] = document_keys(())
    #: With ``unless_documents``: the exemption also needs website remarks matching one of
    #: these patterns (Gansu asks for the situation to be described in the remarks).
    unless_remarks_patterns: tuple[str, ...] = ()
    default_message: ClassVar[Text] = Text(
        "{who} must be the legal representative of the enterprise{unless_en}.",
        "{who}须为单位法定代表人{unless_zh}。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"who", "unless_en", "unless_zh"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.set_value, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        unless = self.unless_documents
        names = [ctx.document_names[d] for d in unless]
        extra_en = f", or a {' / '.join(n.en.lower() for n in names)} must be provided" if unless else ""
        extra_zh = f"，否则须提供{'或'.join(n.zh for n in names)}" if unless else ""
        # The exemption's documents are uploaded for the person (the parent of the finding's field);
        # one that also needs the situation described in the remarks is not a remedy on its own.
        exempt = () if self.unless_remarks_patterns else remedies.uploads(unless, names, "..")
        emit = self.finding_factory(ctx, attrs.evolve(remedies.set_value(True, Text(
            f"Name the enterprise's legal representative in this role{extra_en}.",
            f"由单位法定代表人担任此角色{extra_zh}。")), alternatives=exempt))
        message = self.render(who=who_text(self.who), unless_en=extra_en, unless_zh=extra_zh)
        template = self.message.text() if self.message else self.default_message
        unknown = Text("Say whether {who} is the legal representative.", "请说明{who}是否为法定代表人。")

        explained = remarks_matcher(self.unless_remarks_patterns)

        def not_legal(facts: Facts, person: Person) -> bool | None:
            is_legal = facts.is_legal_representative(person)
            return None if is_legal is None else not is_legal

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            other = not_legal(facts, person)
            if other is False:
                return
            if unless and facts.has_any_document(unless, path) and (explained is None or explained(facts)):
                return
            if other is None:
                emit.missing(out, path, emit.text(unknown, {"who": role_of(path)}), f"{path}.is_legal_representative")
            else:
                emit.violation(out, f"{path}.is_legal_representative", emit.text(
                    template, {"who": role_of(path), "unless_en": extra_en, "unless_zh": extra_zh}))

        compiled = person_rule(self, ctx, self.who, test, message)
        if not unless:
            return compiled
        return attrs.evolve(compiled, documents=person_documents(self, ctx, self.who, unless[0], message, not_legal))


@rule_kind("minimum_age")
@attrs.frozen(kw_only=True)
class MinimumAgeRule(Rule):
    """A person in ``who`` must be at least ``min_age`` on the evaluation date, unless
    they are the legal representative (if ``unless_legal_representative``) or one of
    ``unless_documents`` is provided (proof of employment, guardian's ID …)."""

    who: tuple[Role, ...]
    min_age: int = whole_number(18, most=150)
    unless_legal_representative: bool = False
    unless_documents: tuple[str, ...] = document_keys(())
    default_message: ClassVar[Text] = Text(
        "{who} must be at least {min_age} years old{unless_en}.",
        "{who}须年满{min_age}周岁{unless_zh}。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"who", "min_age", "unless_en", "unless_zh"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset(
        {RemedyAction.wait_until, RemedyAction.at_least, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        unless = self.unless_documents
        names = [ctx.document_names[d] for d in unless]
        extra_en = f" (or provide: {' / '.join(n.en.lower() for n in names)})" if unless else ""
        extra_zh = f"（或提供{'或'.join(n.zh for n in names)}）" if unless else ""
        emit = self.finding_factory(ctx)
        others: tuple[Remedy, ...] = remedies.uploads(unless, names)
        if self.unless_legal_representative:
            others += (remedies.set_value(True, Text("Or name the legal representative in this role.",
                                                     "或由法定代表人担任此角色。"), ".is_legal_representative"),)
        older = attrs.evolve(remedies.at_least(self.min_age, Text(
            f"Name a person who is {self.min_age} or older{extra_en}.",
            f"改由年满{self.min_age}周岁的人员担任{extra_zh}。"), ".age"), alternatives=others)
        waiting = Text(f"The rule passes from {{passes_on}}, when the person turns {self.min_age}; or name a person "
                       f"who is {self.min_age} or older{extra_en}.",
                       f"该人员于{{passes_on}}年满{self.min_age}周岁，自该日起符合要求；或改由年满{self.min_age}周岁的人员担任"
                       f"{extra_zh}。")

        def remedy(facts: Facts, person: Person) -> Remedy:
            """The day the person is old enough, when their birth date is known (built only for the
            under-age, which are few); else: someone old enough."""
            birth = person.birth_date
            if birth is None and person.age is None:
                rid = facts.resident_id(person)
                birth = rid.birth_date if rid is not None else None
            if birth is None:
                return older
            return remedies.wait_until(_birthday(birth, self.min_age), waiting, alternatives=(older, *others))
        template = self.message.text() if self.message else self.default_message
        message = self.render(who=who_text(self.who), min_age=self.min_age, unless_en=extra_en, unless_zh=extra_zh)
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
            if young is False or (young and unless and facts.has_any_document(unless, path)):
                return
            if young is None:
                # The fact that would tell the age: a resident ID number, else (another document,
                # or a number that does not read) the birth date.
                citizen = person.id_type in (None, IdDocumentType.resident_id_card)
                emit.missing(out, path, emit.text(unknown, {"who": role_of(path)}),
                             f"{path}.id_number" if citizen else f"{path}.birth_date")
            else:
                emit.violation(out, path, emit.text(template, {"who": role_of(path), "min_age": min_age,
                                                             "unless_en": extra_en, "unless_zh": extra_zh}),
                               remedy=remedy(facts, person))

        compiled = person_rule(self, ctx, self.who, test, message)
        if not unless:
            return compiled
        return attrs.evolve(compiled, documents=person_documents(self, ctx, self.who, unless[0], message, under_age))


@rule_kind("local_identity")
@attrs.frozen(kw_only=True)
class LocalIdentityRule(Rule):
    """A person's identity document must come from the filing's province, or the person
    must hold one of ``accepted_proofs`` for it (residence permit, student ID …).
    With no accepted proofs, a non-local person cannot file at all."""

    who: tuple[Role, ...]
    accepted_proofs: tuple[LocalProof, ...] = ()
    proof_document: str | None = document_keys(None)
    default_message: ClassVar[Text] = Text(
        "{who} must hold an identity document issued in {province}{unless_en}.",
        "{who}须持有{province}签发的身份证件{unless_zh}。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"who", "province", "unless_en", "unless_zh"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset(
        {RemedyAction.add, RemedyAction.change, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        accepted = frozenset(self.accepted_proofs)
        extra_en = (", or hold " + " or ".join(p.en for p in self.accepted_proofs)
                    + " for it") if accepted else ""
        # 本地, not 本省: the province may be a municipality (本市) or a region (本区).
        extra_zh = "，或持有本地" + "、".join(p.zh for p in self.accepted_proofs) if accepted else ""
        emit = self.finding_factory(ctx, remedies.add([p.value for p in self.accepted_proofs], Text(
            "Add a local proof for the filing's province: " + " or ".join(p.en for p in self.accepted_proofs)
            + "; or name a person whose identity document was issued there.",
            "补充本地" + "或".join(p.zh for p in self.accepted_proofs) + "；或改由持有本地签发身份证件的人员担任。"),
            ".local_proofs") if accepted else remedies.change(Text(
                "Name a person whose identity document was issued in the filing's province.",
                "改由持有本地签发身份证件的人员担任。")))
        template = self.message.text() if self.message else self.default_message
        unknown = Text("Cannot tell which province issued the identity document of {who}.",
                       "无法判断{who}身份证件的签发省份。")

        def issued_elsewhere(facts: Facts, person: Person) -> bool | None:
            """The identity document is not the province's (``None``: a mainland person
            whose issuing province cannot be read yet). The proof document is asked of
            exactly these people."""
            issued = facts.id_province(person)
            if issued is facts.filing.province:
                return False
            if issued is None and facts.residency(person) in (None, Residency.mainland):
                return None
            return True

        def not_local(facts: Facts, person: Person) -> bool | None:
            elsewhere = issued_elsewhere(facts, person)
            if elsewhere is False:
                return False
            province = facts.filing.province
            if accepted and any(p.province is province and p.kind in accepted for p in person.local_proofs):
                return False
            return elsewhere

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            outside = not_local(facts, person)
            if outside is False:
                return
            values = {"who": role_of(path), "province": province_text(facts),
                      "unless_en": extra_en, "unless_zh": extra_zh}
            if outside is None:
                emit.missing(out, path, emit.text(unknown, values), f"{path}.id_number")
            else:
                emit.violation(out, path, emit.text(template, values))

        message = Text(template.en.replace("{province}", "the province"), template.zh.replace("{province}", "本省"))
        message = fill(message, {"who": who_text(self.who), "unless_en": extra_en, "unless_zh": extra_zh})
        compiled = person_rule(self, ctx, self.who, test, message)
        if self.proof_document is None:
            return compiled
        documents = person_documents(self, ctx, self.who, self.proof_document, message, issued_elsewhere)
        return attrs.evolve(compiled, documents=documents)


@rule_kind("local_mobile")
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

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"who", "province"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.change, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        explain_en = ", or explain why in the website remarks" if self.unless_remarks_patterns else ""
        explain_zh = "，或在网站备注中说明原因" if self.unless_remarks_patterns else ""
        emit = self.finding_factory(ctx, remedies.change(Text(
            f"Give a mobile number registered in the filing's province{explain_en}.",
            f"改用本地号段的手机号码{explain_zh}。")))
        template = self.message.text() if self.message else self.default_message
        unknown = Text("The province of the mobile number of {who} is not known offline; check it by hand.",
                       "无法离线判断{who}手机号码的归属省份，请人工核实。")
        explained = remarks_matcher(self.unless_remarks_patterns)

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            if person.mobile is None and person.mobile_province is None:
                emit.missing(out, f"{path}.mobile", Text(f"The mobile number of {role_of(path).en} is not given.",
                                                         f"尚未填写{role_of(path).zh}的手机号码。"))
                return
            province = facts.mobile_province(person)
            if province is facts.filing.province:
                return
            if explained is not None and explained(facts):
                return
            values = {"who": role_of(path), "province": province_text(facts)}
            if province is None:
                emit.violation(out, f"{path}.mobile", emit.text(unknown, values), Severity.warning)
            else:
                emit.violation(out, f"{path}.mobile", emit.text(template, values))

        message = fill(template, {"who": who_text(self.who), "province": Text("the province", "本省")})
        return person_rule(self, ctx, self.who, test, message)


@rule_kind("required_facts")
@attrs.frozen(kw_only=True)
class RequiredFactsRule(Rule):
    """Facts every person in ``who`` must give before the filing is complete (name, ID
    number, mobile …): one not given yet is *needs information*, never a pass."""

    who: tuple[Role, ...]
    fields: tuple[Literal["name", "id_type", "id_number", "mobile", "residency", "email"], ...]
    default_message: ClassVar[Text] = Text("{who} must give: {fields}.", "{who}须填写：{fields}。")

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"who", "fields"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        template = self.message.text() if self.message else self.default_message
        wanted = self.fields
        listed = ", ".join(f.replace("_", " ") for f in wanted)

        def test(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
            missing = [f"{path}.{name}" for name in wanted if getattr(person, name) is None]
            if missing:
                emit.missing(out, path, emit.text(template, {"who": role_of(path), "fields": listed}), *missing)

        return person_rule(self, ctx, self.who, test, self.render(who=who_text(self.who), fields=listed))


def _birthday(birth: dt.date, years: int) -> dt.date:
    """The day someone born on ``birth`` is ``years`` old (29 February: 1 March in common
    years, as ``icp_core.facts.identity.age_on`` counts)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return dt.date(birth.year + years, 3, 1)
