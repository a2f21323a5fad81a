"""Rule kinds about the subject itself: the certificate it files with."""

from __future__ import annotations

from typing import ClassVar

import attrs

from icp_core.context import Facts
from icp_core.model import (
    CertificateType,
)
from icp_core.report import (
    Finding,
    Text,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Rule,
    gated_check,
)


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

        return self.base(ctx, message, check=gated_check(self, emit, body))


_CERTIFICATE_ZH = {CertificateType.business_license: "营业执照", CertificateType.organization_code: "组织机构代码证",
                   CertificateType.personal_id: "个人身份证件"}
