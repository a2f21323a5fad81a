"""Rule kinds that decide change and transfer requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from icp_core.context import Facts
from icp_core.model import (
    CHANGE_REQUIREMENTS,
    ChangeKind,
    ChangeRequest,
    TransferRequest,
)
from icp_core.report import (
    Condition,
    Decision,
    Outcome,
    Reason,
    RemedyAction,
    Text,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Rule,
    TextSpec,
    document_keys,
    fill,
    gate_fields,
    rule_kind,
    text_problems,
)

if TYPE_CHECKING:
    Requirement = str
else:  # the facts ChangeRequest declares as requirements: a new one is accepted here at once
    Requirement = Literal[tuple(CHANGE_REQUIREMENTS)]


@attrs.frozen(kw_only=True)
class ChangeAlternative:
    """One way to satisfy a cell with ``alternatives``: the facts of the request that must
    hold (``requires``, from the same list as the cell's) and the documents that must be
    provided (``documents``, document keys). The alternative is met when all of both are."""

    requires: tuple[Requirement, ...] = ()
    documents: tuple[str, ...] = document_keys(())


@attrs.frozen(kw_only=True)
class ChangeEntry:
    """One cell of the change matrix: what a province says of one kind of change.

    ``outcome`` is ``allowed``, ``conditional`` (allowed once ``documents`` are provided
    and ``requires`` hold) or ``denied``. ``requires`` names facts of the change request
    (``names_related``, ``individual_is_legal_representative`` …): one that is false
    denies, one not given becomes a condition. ``unless`` turns a ``denied`` cell into an
    allowed one when that fact holds. ``alternatives`` lists ways of which one must hold.
    ``message`` overrides the default reason."""

    outcome: Outcome
    documents: tuple[str, ...] = document_keys(())
    #: Facts of the request that must hold (else denied; unknown → a condition).
    requires: tuple[Requirement, ...] = ()
    #: With ``outcome: denied``: the request is allowed (on ``documents``) when this holds.
    unless: Requirement | None = None
    #: Ways of which one must hold (Jiangsu: related names *or* a certificate of change):
    #: one met → allowed; every one ruled out by a false fact → denied; else conditional.
    alternatives: tuple[ChangeAlternative, ...] = ()
    message: TextSpec | None = None


@rule_kind("change_matrix")
@attrs.frozen(kw_only=True)
class ChangeMatrixRule(Rule):
    """Which changes a province allows: one entry per kind of change (``ChangeKind``:
    enterprise_to_enterprise, enterprise_to_individual, individual_to_individual,
    individual_to_enterprise, new_name, new_certificate_number,
    new_name_and_certificate_number). A kind not listed has no rule here: a less specific
    scope's rule decides it, and where none has one the request is ``undetermined``."""
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset()  # decides requests; finds nothing

    changes: dict[ChangeKind, ChangeEntry]
    default_message: ClassVar[Text] = Text("Change rules of this province.", "本省备案变更规则。")

    def problems(self) -> list[tuple[str, str]]:
        found = super().problems()
        for kind, entry in self.changes.items():  # shown as written: no placeholders
            if entry.message is not None:
                found += text_problems(f"changes.{kind.value}.message", entry.message, frozenset())
        return found

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

_REQUIREMENT_TEXT = {name: Text(en, zh) for name, (en, zh) in CHANGE_REQUIREMENTS.items()}


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
            conditions.append(Condition(_REQUIREMENT_TEXT[entry.unless], rule.id, rule.citation, ctx.plugin, met=False))
    if outcome is Outcome.allowed:
        for requirement in entry.requires:
            holds = getattr(request, requirement)
            if holds is False:
                outcome = Outcome.denied
                reasons.append(Reason(rule.id, _REQUIREMENT_TEXT[requirement], rule.citation, ctx.plugin))
            else:
                conditions.append(Condition(_REQUIREMENT_TEXT[requirement], rule.id, rule.citation, ctx.plugin,
                                            met=bool(holds)))
    if outcome is Outcome.allowed and entry.alternatives:
        ways = [_way(ctx, way, request, provided) for way in entry.alternatives]
        listed = Text(" or ".join(w[1].en for w in ways), "或".join(w[1].zh for w in ways))
        if any(state == "met" for state, _ in ways):
            conditions.append(Condition(Text(f"one of: {listed.en}", f"满足其一：{listed.zh}"), rule.id, rule.citation,
                                        ctx.plugin, met=True))
        elif all(state == "ruled_out" for state, _ in ways):
            outcome = Outcome.denied
            reasons.append(Reason(rule.id, Text(f"none of these holds: {listed.en}", f"以下条件均不满足：{listed.zh}"),
                                  rule.citation, ctx.plugin))
        else:
            conditions.append(Condition(Text(f"one of: {listed.en}", f"满足其一：{listed.zh}"), rule.id, rule.citation,
                                        ctx.plugin, met=False))
    if outcome is Outcome.allowed:
        for document in entry.documents:
            name = ctx.document_names[document]
            conditions.append(Condition(Text(f"provide the {name.en.lower()}", f"提供{name.zh}"), rule.id,
                                        rule.citation, ctx.plugin, document=document, met=document in provided))
    base = fill(entry.message.text(), {}) if entry.message else fill(outcome_text[
        Outcome.denied if outcome is Outcome.denied else Outcome.allowed], {"what": what})
    reasons.insert(0, Reason(rule.id, base, rule.citation, ctx.plugin))
    if outcome is Outcome.allowed and any(not c.met for c in conditions):
        outcome = Outcome.conditional
    if outcome is Outcome.denied:
        conditions = []
    return Decision(outcome, tuple(reasons), tuple(conditions))


def _way(ctx: CompileContext, way: ChangeAlternative, request: Any, provided: frozenset[str]) -> tuple[str, Text]:
    """An alternative's state (``met``, ``open`` or ``ruled_out``) and its description."""
    parts = [_REQUIREMENT_TEXT[r] for r in way.requires]
    parts += [Text(f"provide the {ctx.document_names[d].en.lower()}", f"提供{ctx.document_names[d].zh}")
              for d in way.documents]
    text = Text(" and ".join(p.en for p in parts), "且".join(p.zh for p in parts))
    facts = [getattr(request, r) for r in way.requires]
    if any(value is False for value in facts):
        return "ruled_out", text
    if all(facts) and all(d in provided for d in way.documents):
        return "met", text
    return "open", text


@rule_kind("transfer_consistency")
@attrs.frozen(kw_only=True)
class TransferConsistencyRule(Rule):
    """On transfer, the listed facts must match the original filing; otherwise the
    transfer is denied (change or cancel at the old provider first) or, with
    ``on_mismatch: conditional``, allowed on the listed ``documents``. ``fields`` names at
    least one fact: a province whose transfers need nothing uses ``transfer_allowed``."""
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset()  # decides requests; finds nothing

    fields: tuple[Literal["subject_name", "certificate_number", "subject_administrator", "website_administrator"], ...]
    on_mismatch: Literal["denied", "conditional"] = "denied"
    documents: tuple[str, ...] = document_keys(())
    default_message: ClassVar[Text] = Text(
        "The {fields_en} must match the filing on record at the previous provider; otherwise {remedy_en}.",
        "{fields_zh}须与原接入商处的备案信息一致，否则{remedy_zh}。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"fields_en", "fields_zh", "remedy_en", "remedy_zh"})

    def compile(self, ctx: CompileContext) -> Compiled:
        if not self.fields:
            raise ValueError("transfer_consistency needs at least one of fields: subject_name, certificate_number, "
                             "subject_administrator, website_administrator; for a transfer with no condition use "
                             "kind: transfer_allowed")
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

        def compare(facts: Facts, transfer: TransferRequest) -> tuple[list[str], list[str]]:
            """The fields that differ from the original, and the paths of the facts that
            are not given on either side (a comparison that cannot be made is never a match)."""
            original, subject = transfer.original, facts.filing.subject
            wrong: list[str] = []
            unknown: list[str] = []
            for field in fields:
                same: bool | None
                if field == "subject_name":
                    same = _same(original.subject_name, subject.name)
                    gaps = ["transfer.original.subject_name", "subject.name"]
                elif field == "certificate_number":
                    same = _same(original.certificate_number, subject.certificate_number, upper=True)
                    gaps = ["transfer.original.certificate_number", "subject.certificate_number"]
                elif field == "subject_administrator":
                    admin = subject.administrator
                    pairs = [(original.subject_administrator_name, admin.name if admin else None, False),
                             (original.subject_administrator_id_number, admin.id_number if admin else None, True)]
                    results = [_same(a, b, upper=upper) for a, b, upper in pairs]
                    same = False if False in results else (True if True in results else None)
                    gaps = ["transfer.original.subject_administrator_name", "subject.administrator.name"]
                else:
                    names = {w.administrator.name.strip() for w in facts.filing.websites
                             if w.administrator and w.administrator.name}
                    wanted = {name.strip() for name in original.website_administrator_names}
                    same = None if not wanted or not names else wanted <= names
                    gaps = ["transfer.original.website_administrator_names", "websites[].administrator.name"]
                if same is False:
                    wrong.append(field)
                elif same is None:
                    unknown.extend(gaps)
            return wrong, unknown

        def decide(facts: Facts, transfer: TransferRequest) -> Decision | None:
            if not gate(facts):
                return None
            wrong, unknown = compare(facts, transfer)
            if not wrong and unknown:
                return Decision(Outcome.incomplete, (Reason(rule.id, message, rule.citation, ctx.plugin),),
                                missing=tuple(dict.fromkeys(unknown)))
            if not wrong:
                return Decision(Outcome.allowed, (Reason(rule.id, Text(
                    "The filing matches the original on " + ", ".join(labels[f].en for f in fields) + ".",
                    "备案信息与原备案的" + "、".join(labels[f].zh for f in fields) + "一致。"),
                    rule.citation, ctx.plugin),))
            reason = Reason(rule.id, message, rule.citation, ctx.plugin)
            if not conditional:
                return Decision(Outcome.denied, (reason,))
            conditions = tuple(
                Condition(Text(f"provide the {ctx.document_names[d].en.lower()}", f"提供{ctx.document_names[d].zh}"),
                          rule.id, rule.citation, ctx.plugin, document=d, met=d in transfer.documents)
                for d in documents)
            outcome = Outcome.allowed if all(c.met for c in conditions) else Outcome.conditional
            return Decision(outcome, (reason,), conditions)

        return self.base(ctx, message, transfer=decide)




def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _same(a: str | None, b: str | None, upper: bool = False) -> bool | None:
    if a is None or b is None:
        return None
    if upper:
        return a.strip().upper() == b.strip().upper()
    return a.strip() == b.strip()


@rule_kind("transfer_precondition")
@attrs.frozen(kw_only=True)
class TransferPreconditionRule(Rule):
    """On transfer, facts of the filing itself must hold (Hubei: the administrators are
    the legal representative); false → denied (change it at the old provider first),
    unknown → conditional."""
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset()  # decides requests; finds nothing

    requires: tuple[Literal["subject_administrator_is_legal_representative",
                            "website_administrators_are_legal_representative"], ...]
    default_message: ClassVar[Text] = Text(
        "Before the transfer, {requirements_en}; otherwise change it at the previous provider first.",
        "转入前{requirements_zh}，否则须先在原接入商处变更。")

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"requirements_en", "requirements_zh"})

    def compile(self, ctx: CompileContext) -> Compiled:
        texts = {"subject_administrator_is_legal_representative": Text(
                     "the subject administrator must be the legal representative", "主体负责人须为法定代表人"),
                 "website_administrators_are_legal_representative": Text(
                     "the website administrators must be the legal representative", "网站负责人须为法定代表人")}
        message = self.render(requirements_en=_and([texts[r].en for r in self.requires]),
                              requirements_zh="，".join(texts[r].zh for r in self.requires))
        gate = self.gate()
        rule = self

        def holds(facts: Facts, requirement: str) -> bool | None:
            if requirement == "subject_administrator_is_legal_representative":
                admin = facts.filing.subject.administrator
                return None if admin is None else facts.is_legal_representative(admin)
            values = [facts.is_legal_representative(w.administrator) if w.administrator else None
                      for w in facts.filing.websites]
            return False if False in values else (None if None in values else True)

        def decide(facts: Facts, transfer: TransferRequest) -> Decision | None:
            if not gate(facts):
                return None
            states = [holds(facts, r) for r in rule.requires]
            reason = Reason(rule.id, message, rule.citation, ctx.plugin)
            if False in states:
                return Decision(Outcome.denied, (reason,))
            if None in states:
                return Decision(Outcome.conditional, (reason,),
                                (Condition(message, rule.id, rule.citation, ctx.plugin),))
            return Decision(Outcome.allowed, (reason,))

        return self.base(ctx, message, transfer=decide)


@rule_kind("transfer_accessible")
@attrs.frozen(kw_only=True)
class TransferAccessibleRule(Rule):
    """On transfer, the websites must still be reachable; otherwise cancel and file anew."""
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset()  # decides requests; finds nothing

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
                return Decision(Outcome.denied, (Reason(rule.id, message, rule.citation, ctx.plugin),))
            if transfer.original.websites_accessible is None and any(s is None for s in states):
                return Decision(Outcome.conditional, (Reason(rule.id, message, rule.citation, ctx.plugin),),
                                (Condition(Text("the websites must be reachable", "网站须可正常访问"), rule.id,
                                           rule.citation, ctx.plugin),))
            return Decision(Outcome.allowed, (Reason(rule.id, message, rule.citation, ctx.plugin),))

        return self.base(ctx, message, transfer=decide)


@rule_kind("transfer_allowed")
@attrs.frozen(kw_only=True)
class TransferAllowedRule(Rule):
    """The province states no condition on transfers (beyond its notes): a transfer is
    allowed. It stands over every less specific scope; other transfer rules of the same
    province still apply (a denial among them wins). Use it where the guide's section
    only says the information must meet the authority's rules (Shanxi, Guangdong,
    Hainan, Zhejiang); without it such a transfer is ``undetermined``."""
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset()  # decides requests; finds nothing

    default_message: ClassVar[Text] = Text(
        "This province sets no condition on transferring a filing from another provider.",
        "本省对从其他接入商转入备案未设条件。")

    def compile(self, ctx: CompileContext) -> Compiled:
        message = self.render()
        gate = self.gate()
        rule = self

        def decide(facts: Facts, transfer: TransferRequest) -> Decision | None:
            applies = gate(facts)
            if applies is False:
                return None
            if applies is None:  # whether the rule applies depends on facts not given yet
                return Decision(Outcome.incomplete, (Reason(rule.id, message, rule.citation, ctx.plugin),),
                                missing=tuple(f for f, value in gate_fields(rule)(facts) if value is None)
                                or ("subject.type",))
            return Decision(Outcome.allowed, (Reason(rule.id, message, rule.citation, ctx.plugin),))

        return self.base(ctx, message, transfer=decide)
