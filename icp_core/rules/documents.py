"""Rule kinds that only ask for documents."""

from __future__ import annotations

from typing import ClassVar, Literal

import attrs

from icp_core.context import Facts
from icp_core.report import (
    DocumentRequirement,
    Finding,
    Text,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Rule,
    document_keys,
    document_requirement,
    gated_check,
    rule_kind,
)


@rule_kind("require_document")
@attrs.frozen(kw_only=True)
class RequireDocumentRule(Rule):
    """Require ``document`` for every filing this rule applies to, for the reason given
    in ``message`` (or the default). ``for_each: website`` lists one per website (only
    those with one of ``only_websites_with_industries``, if given). A requirement per
    website or per website administrator is met only by an upload for that item
    (``key@websites[0]``, ``key@websites[0].administrator``); one for the whole filing
    (``key``) meets the filing's and the subject's people's requirements."""

    document: str = document_keys()
    for_each: Literal["filing", "website", "subject_administrator", "website_administrator"] = "filing"
    only_websites_with_industries: tuple[str, ...] = ()
    enforce: bool = False  # also a finding when not provided (most documents are uploaded later)
    default_message: ClassVar[Text] = Text("Upload the {document_en}.", "须上传{document_zh}。")

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"document_en", "document_zh"})

    def compile(self, ctx: CompileContext) -> Compiled:
        document = self.document
        name = ctx.document_names[document]
        message = self.render(document_en=name.en.lower(), document_zh=name.zh)
        gate = self.gate()
        for_each = self.for_each
        industries = frozenset(self.only_websites_with_industries)

        def fields(facts: Facts) -> list[str]:
            if for_each == "filing":
                return [""]
            if for_each == "website":
                return [path for path, website in facts.websites()
                        if not industries or industries.intersection(website.industries)]
            return [path for path, person in facts.people((for_each,)) if person is not None]

        def documents(facts: Facts, out: list[DocumentRequirement]) -> None:
            if gate(facts):
                for field in fields(facts):
                    out.append(document_requirement(ctx, self, document, message, field, facts))

        check = None
        if self.enforce:
            emit = self.finding_factory(ctx)

            def body(facts: Facts, out: list[Finding]) -> None:
                for field in fields(facts):
                    if not facts.has_document(document, field):
                        emit.violation(out, field or "documents", message)

            check = gated_check(self, emit, body)
        return self.base(ctx, message, documents=documents, check=check)
