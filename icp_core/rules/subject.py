"""Rule kinds about the subject itself: the certificate it files with, its type, its name."""

from __future__ import annotations

from typing import ClassVar

import attrs

from icp_core import remedies
from icp_core.context import Facts
from icp_core.model import (
    CertificateType,
    SubjectType,
)
from icp_core.patterns import compile_pattern, escape
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


@rule_kind("certificate_type")
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

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"allowed", "allowed_zh"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset(
        {RemedyAction.one_of, RemedyAction.change, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx, remedies.one_of([a.value for a in self.allowed], Text(
            "File with one of these certificates: " + ", ".join(a.en for a in self.allowed) + ".",
            "改用以下证件之一备案：" + "、".join(a.zh for a in self.allowed) + "。")))
        credit_code_fix = remedies.change(Text(
            "Give the unified social credit code of the Three-in-One licence as the certificate number.",
            "证件号码填写三证合一营业执照的统一社会信用代码。"))
        allowed = frozenset(self.allowed)
        message = self.render(allowed=", ".join(a.en for a in self.allowed),
                              allowed_zh="、".join(a.zh for a in self.allowed))

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
                    emit.violation(out, "subject.certificate_number", three_in_one, remedy=credit_code_fix)

        return self.checked(ctx, message, emit, body)


@rule_kind("subject_type")
@attrs.frozen(kw_only=True)
class SubjectTypeRule(Rule):
    """The filing must be of subject type ``required`` (with ``when``: Tianjin files
    individual businesses as enterprises)."""

    required: SubjectType
    default_message: ClassVar[Text] = Text("This subject must file as {required_en}.",
                                           "此类主体须以{required_zh}备案。")

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"required_en", "required_zh"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.set_value, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        required = self.required
        names = {SubjectType.enterprise: Text("an enterprise", "单位"),
                 SubjectType.individual: Text("an individual", "个人")}
        emit = self.finding_factory(ctx, remedies.set_value(required.value, Text(
            f"File as {names[required].en}.", f"以{names[required].zh}主体备案。")))
        message = self.render(required_en=names[required].en, required_zh=names[required].zh)

        def body(facts: Facts, out: list[Finding]) -> None:
            if facts.subject_type is None:
                emit.missing(out, "subject.type", message)
            elif facts.subject_type is not required:
                emit.violation(out, "subject.type", message)

        return self.checked(ctx, message, emit, body)


@rule_kind("subject_name")
@attrs.frozen(kw_only=True)
class SubjectNameRule(Rule):
    """The subject's name must match one of ``patterns`` and none of ``forbidden_patterns``
    (regular expressions; ``{legal_representative}`` stands for the legal
    representative's name, escaped)."""

    patterns: tuple[str, ...] = ()
    forbidden_patterns: tuple[str, ...] = ()
    default_message: ClassVar[Text] = Text("The subject's name is not in the required form.",
                                           "主体名称不符合要求的格式。")

    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.change, RemedyAction.provide})

    def pattern_as_compiled(self, pattern: str) -> str:
        return pattern.replace("{legal_representative}", "x")

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx, remedies.change(Text(
            "Give the subject's name in the form the finding describes, as on its certificate.",
            "按提示的格式填写主体名称，并与证件一致。")))
        message = self.render()
        patterns, forbidden = self.patterns, self.forbidden_patterns
        needs_legal = any("{legal_representative}" in p for p in (*patterns, *forbidden))
        # Compiled once; with the name in them, once per filing (RE2 keeps recent ones).
        fixed = ([], []) if needs_legal else ([compile_pattern(p) for p in patterns],
                                              [compile_pattern(p) for p in forbidden])

        def body(facts: Facts, out: list[Finding]) -> None:
            subject = facts.filing.subject
            if subject.name is None:
                emit.missing(out, "subject.name", message)
                return
            legal = subject.legal_representative.name if subject.legal_representative else None
            if needs_legal and not legal:
                emit.missing(out, "subject.name", message, "subject.legal_representative.name")
                return
            if needs_legal:
                fill_in = escape((legal or "").strip())
                wanted, refused = ([compile_pattern(p.replace("{legal_representative}", fill_in), written=False)
                                    for p in group]
                                   for group in (patterns, forbidden))
            else:
                wanted, refused = fixed
            name = subject.name
            if (wanted and not any(p.search(name) for p in wanted)) or any(p.search(name) for p in refused):
                emit.violation(out, "subject.name", message)

        return self.checked(ctx, message, emit, body)
