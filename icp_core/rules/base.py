"""What every rule kind shares: common fields, compiled form, and the helpers kinds use
to gate on ``applies_to``/``when`` and to report findings and documents cheaply."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

import attrs

from icp_core.context import Facts
from icp_core.model import (
    ChangeRequest,
    SubjectType,
    TransferRequest,
)
from icp_core.patterns import pattern_problem
from icp_core.remedies import PROVIDE
from icp_core.report import (
    Decision,
    DocumentRequirement,
    Finding,
    Note,
    Remedy,
    RemedyAction,
    Severity,
    Status,
    Text,
)
from icp_core.rules.conditions import NAME_TRIGGERS, When, WhenFn, compile_when
from icp_core.rules.document_fields import named_documents  # where documents can be, planned once per class
from icp_core.templating import fill_text, template_problem

R = TypeVar("R", bound="Rule")
#: The people of a filing a rule can name (``who``), and what each is called: the one list of
#: roles. Policies may name these and no others; ``Facts.people`` finds each in a filing.
PEOPLE_TEXT: Mapping[str, Text] = MappingProxyType({
    "subject_administrator": Text("the subject administrator", "主体负责人"),
    "website_administrator": Text("the website administrator", "网站负责人"),
    "legal_representative": Text("the legal representative", "法定代表人"),
})
PEOPLE: tuple[str, ...] = tuple(PEOPLE_TEXT)
#: The people and the subject itself (who may hold a domain).
ROLE_TEXT: Mapping[str, Text] = MappingProxyType({**PEOPLE_TEXT, "subject": Text("the subject", "备案主体")})
if TYPE_CHECKING:
    Role = str
    Holder = str
else:  # derived, so that a role added above is accepted by every kind naming people at once
    Role = Literal[PEOPLE]
    Holder = Literal[("subject", *PEOPLE)]

CheckFn = Callable[[Facts, list[Finding]], None]
DocumentsFn = Callable[[Facts, list[DocumentRequirement]], None]
ChangeFn = Callable[[Facts, ChangeRequest], "Decision | None"]
TransferFn = Callable[[Facts, TransferRequest], "Decision | None"]


@attrs.frozen
class TextSpec:
    """A message as written in a policy: both languages are required."""

    en: str
    zh: str

    def text(self) -> Text:
        return Text(self.en, self.zh)


#: Every rule kind, by the name policies give in ``kind:``: filled by ``@rule_kind`` as the
#: kind modules of this package are imported (``icp_core.rules`` imports them all).
_KINDS: dict[str, type[Rule]] = {}


def rule_kind(name: str) -> Callable[[type[R]], type[R]]:
    """Register a rule kind under ``name``: the one place a kind is declared. Put it above
    ``@attrs.frozen``, so that the class registered is the one attrs built."""

    def register(cls: type[R]) -> type[R]:
        if name in _KINDS and _KINDS[name] is not cls:
            raise TypeError(f"rule kind {name!r} is declared twice: {_KINDS[name].__name__} and {cls.__name__}")
        _KINDS[name] = cls
        return cls

    return register


def document_keys(default: Any = attrs.NOTHING) -> Any:
    """A field whose value names documents (a key, or a tuple of keys): declared here, on the
    field, so that loading a policy checks every document a rule names against the catalogue
    (``Rule.documents_named``), whatever the kind and however deep the field sits."""
    return attrs.field(default=default, metadata={"documents": True})


def whole_number(default: int | None, *, least: int = 0, most: int = 1_000_000) -> Any:
    """A rule parameter that counts something (an age, a number of domains or months):
    a whole number from ``least`` to ``most``, checked when the policy is loaded and
    when a profile overrides it (a negative age would make the rule pass everyone)."""

    def in_range(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
        if value is not None and not (least <= value <= most):
            raise ValueError(f"must be a whole number from {least} to {most}")

    return attrs.field(default=default, validator=in_range, metadata={"range": (least, most)})


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
    #: For Python rules: the parameters their hook reads (``facts.params(rule_id)``).
    params: Mapping[str, Any] | None = None


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
    #: Further sections that state the same requirement (Tianjin's 5.3.5 and 5.9.2).
    also_cite: tuple[str, ...] = ()
    severity: Severity = Severity.error
    applies_to: tuple[SubjectType, ...] = ()
    when: When | None = None
    #: Ids of rules of a less specific scope (the national plugin's) that this rule takes
    #: the place of for the filings this plugin checks: the section states the requirement
    #: differently (Jiangsu accepts the administrators as domain holders, section 3 does
    #: not), and the most specific statement is the one that holds.
    supersedes: tuple[str, ...] = ()
    message: TextSpec | None = None

    #: The default message, with ``{who}`` and the kind's parameters to fill in.
    default_message: ClassVar[Text] = Text("", "")
    #: The placeholders this kind fills in its messages: the only ones a policy's
    #: ``message`` may use (see ``icp_core.templating``).
    message_placeholders: ClassVar[frozenset[str]] = frozenset()
    #: The remedy actions this kind's findings carry (``icp_core.remedies``), ``provide``
    #: for its *needs information* findings included; empty for a kind that finds nothing.
    #: Every kind declares it: tests/test_remedies.py fails for one that does not.
    remedy_actions: ClassVar[frozenset[RemedyAction] | None] = None

    def declared_placeholders(self) -> frozenset[str]:
        """The placeholders this rule's ``message`` may use."""
        return self.message_placeholders

    def problems(self) -> list[tuple[str, str]]:
        """What is wrong with the rule as written that its field types cannot say, as
        ``(path within the rule, message)``: templates using what the kind does not
        provide, patterns RE2 refuses. Kinds with more to check extend it."""
        found: list[tuple[str, str]] = []
        if self.message is not None:
            found += text_problems("message", self.message, self.declared_placeholders())
        for field in attrs.fields(type(self)):
            if field.name.endswith("patterns"):
                for index, pattern in enumerate(getattr(self, field.name)):
                    problem = pattern_problem(self.pattern_as_compiled(pattern))
                    if problem is not None:
                        found.append((f"{field.name}[{index}]", problem))
        when = getattr(self, "when", None)
        if when is not None:  # the name triggers are policy patterns too
            for name in NAME_TRIGGERS:
                for index, pattern in enumerate(getattr(when, name, ())):
                    problem = pattern_problem(pattern)
                    if problem is not None:
                        found.append((f"when.{name}[{index}]", problem))
        return found

    def documents_named(self) -> list[str]:
        """Every document key the rule names, in any field declared with ``document_keys``
        (nested ones included: a change matrix's cells and their alternatives)."""
        found: list[str] = []
        named_documents(self, found)
        return found

    def pattern_as_compiled(self, pattern: str) -> str:
        """A pattern as it will be compiled (kinds that fill something in override this)."""
        return pattern

    def render(self, **values: Any) -> Text:
        template = self.message.text() if self.message else self.default_message
        return fill(template, values)

    def compile(self, ctx: CompileContext) -> Compiled:
        raise TypeError(f"rule kind {self.kind!r} does not define compile()")  # each registered kind does

    # Helpers shared by the kinds ------------------------------------------------

    @property
    def citation(self) -> str:
        """The sections the rule comes from, as shown in answers: ``"5.3.5, 5.9.2"``."""
        return ", ".join((self.cite, *self.also_cite))

    def base(self, ctx: CompileContext, message: Text, **kwargs: Any) -> Compiled:
        return Compiled(
            id=self.id, kind=self.kind, citation=self.citation, severity=self.severity,
            message=message, plugin=ctx.plugin, **kwargs,
        )

    def gate(self) -> WhenFn:
        """``True`` if the rule applies to this filing, ``None`` if that is unknown yet."""
        applies_to = frozenset(self.applies_to)
        when = compile_when(self.when)
        if not applies_to and when is None:
            return always
        def gate(facts: Facts) -> bool | None:
            if applies_to:
                kind = facts.subject_type
                if kind is None:
                    return None
                if kind not in applies_to:
                    return False
            return when(facts) if when is not None else True
        return gate

    def finding_factory(self, ctx: CompileContext, remedy: Remedy | None = None) -> Emit:
        """Makes this rule's findings; ``remedy`` is the one its violations carry by default."""
        return Emit(self.id, self.citation, self.severity, ctx.plugin, remedy=remedy)

    def checked(self, ctx: CompileContext, message: Text, emit: Emit, body: CheckFn, **more: Any) -> Compiled:
        """The compiled rule whose check runs ``body`` where the rule applies (``gated_check``)."""
        return self.base(ctx, message, check=gated_check(self, emit, body), **more)


def always(facts: Facts) -> bool | None:
    return True


@attrs.define(slots=True)
class Emit:
    """Makes findings for one rule; kept tiny because it runs on the hot path."""

    rule_id: str
    citation: str
    severity: Severity
    plugin: str
    #: Messages already filled in, by template and values: a rule's messages vary only
    #: with the role and the province, so each is formatted once per engine.
    _texts: dict[tuple[Text, tuple[tuple[str, Any], ...]], Text] = attrs.Factory(dict)
    #: The rule's remedy, built at compile time and shared by its violations (``icp_core.remedies``).
    remedy: Remedy | None = None

    def text(self, template: Text, values: Mapping[str, Any]) -> Text:
        key = (template, tuple(values.items()))
        found = self._texts.get(key)
        if found is None:
            found = fill(template, values)
            if len(self._texts) < 512:  # values come from a closed set; the bound is a safeguard
                self._texts[key] = found
        return found

    def violation(self, out: list[Finding], field: str, message: Text, severity: Severity | None = None,
                  remedy: Remedy | None = None) -> None:
        out.append(Finding(self.rule_id, Status.violation, severity or self.severity, message, field,
                           self.citation, self.plugin, (), remedy or self.remedy))

    def missing(self, out: list[Finding], field: str, message: Text, *missing: str) -> None:
        out.append(Finding(self.rule_id, Status.needs_information, self.severity, message, field,
                           self.citation, self.plugin, missing or (field,), PROVIDE))


def text_problems(path: str, spec: TextSpec, allowed: frozenset[str]) -> list[tuple[str, str]]:
    """Problems of a message as written in a policy, per language (see ``icp_core.templating``)."""
    found: list[tuple[str, str]] = []
    for lang in ("en", "zh"):
        problem = template_problem(getattr(spec, lang), allowed)
        if problem is not None:
            found.append((f"{path}.{lang}", problem))
    return found


def fill(template: Text, values: Mapping[str, Any]) -> Text:
    """Fill a message safely (``icp_core.templating``), English capitalised: ``{who}`` often starts it."""
    text = fill_text(template, values)
    return Text(text.en[:1].upper() + text.en[1:], text.zh)


def who_text(who: tuple[str, ...]) -> Text:
    parts = [ROLE_TEXT[w] for w in who]
    return Text(" and ".join(p.en for p in parts), "和".join(p.zh for p in parts))


NEEDS_FACT = Text("Cannot tell yet whether this rule applies: {field} is not given.",
                   "尚未填写{field}，无法判断本规则是否适用。")


def gated_check(rule: Rule, emit: Emit, body: CheckFn) -> CheckFn:
    """Run ``body`` only where the rule applies; say which fact is missing when unknown."""
    gate = rule.gate()
    if gate is always:
        return body
    if rule.when is None:  # the common case, inlined: only the subject type decides
        allowed = frozenset(rule.applies_to)
        unknown_type = fill(NEEDS_FACT, {"field": "subject.type"})

        def check_type(facts: Facts, out: list[Finding]) -> None:
            kind = facts.subject_type
            if kind in allowed:
                body(facts, out)
            elif kind is None:
                emit.missing(out, "subject", unknown_type, "subject.type")
        return check_type
    unknowns = gate_fields(rule)

    def check(facts: Facts, out: list[Finding]) -> None:
        applies = gate(facts)
        if applies:
            body(facts, out)
        elif applies is None:
            missing = [f for f, value in unknowns(facts) if value is None] or ["subject.type"]
            emit.missing(out, missing[0].rsplit(".", 1)[0], fill(NEEDS_FACT, {"field": missing[0]}), *missing)
    return check


def gate_fields(rule: Rule) -> Callable[[Facts], list[tuple[str, object]]]:
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
        if when is not None and any(getattr(when, name) for name in NAME_TRIGGERS):
            # Unknown only when every named field is missing: list them all.
            if when.subject_name_matches:
                found.append(("subject.name", subject.name))
            if when.business_scope_matches:
                found.append(("subject.business_scope", subject.business_scope))
            if when.website_name_matches:
                names = [w.name for w in facts.filing.websites]
                found.append(("websites[].name", next((n for n in names if n is not None), None)))
            if when.website_content_matches:
                remarks = [w.remarks for w in facts.filing.websites]
                found.append(("websites[].remarks", next((r for r in remarks if r is not None), None)))
        return found
    return fields
