"""Rule kinds that only ask for documents."""

from __future__ import annotations

from typing import ClassVar, Literal

import attrs

from icp_core import remedies
from icp_core.context import Facts
from icp_core.report import (
    Finding,
    RemedyAction,
    Text,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Rule,
    TextSpec,
    document_keys,
    rule_kind,
)
from icp_core.rules.shapes import document_rule


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
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.upload})

    def compile(self, ctx: CompileContext) -> Compiled:
        document = self.document
        name = ctx.document_names[document]
        message = self.render(document_en=name.en.lower(), document_zh=name.zh)
        for_each = self.for_each
        industries = frozenset(self.only_websites_with_industries)

        def fields(facts: Facts) -> list[str]:
            if for_each == "filing":
                return [""]
            if for_each == "website":
                return [path for path, website in facts.websites()
                        if not industries or industries.intersection(website.industries)]
            return [path for path, person in facts.people((for_each,)) if person is not None]

        return document_rule(self, ctx, message, document, fields, enforce=self.enforce)


@attrs.frozen(kw_only=True)
class ContentPoint:
    """A point a document's contents must cover: its key and its name in both languages."""

    key: str
    name: TextSpec


@rule_kind("document_contents")
@attrs.frozen(kw_only=True)
class DocumentContentsRule(Rule):
    """Every uploaded ``document`` (``key`` or ``key@path``) must declare, in the filing's
    ``document_contents``, that it covers each of ``points`` (Guangdong's website
    construction plan: content and sections, personnel and funding, …, 5.9.3). An upload
    that declares nothing yet *needs information*; one that leaves a point out fails,
    naming the points it lacks. What a document really says is for the authority to read:
    the rule checks what the filing states about it."""

    document: str = document_keys()
    points: tuple[ContentPoint, ...]
    default_message: ClassVar[Text] = Text(
        "The {document_en} must cover: {points_en}.",
        "{document_zh}须包含以下内容：{points_zh}。",
    )
    message_placeholders: ClassVar[frozenset[str]] = frozenset(
        {"document_en", "document_zh", "points_en", "points_zh", "missing_en", "missing_zh", "upload"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.add, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        key = self.document
        name = ctx.document_names[key]
        points = {p.key: p.name.text() for p in self.points}
        everything = Text("; ".join(t.en for t in points.values()), "；".join(t.zh for t in points.values()))
        emit = self.finding_factory(ctx, remedies.add(points, Text(
            f"Cover in the {name.en.lower()} every point it lacks ({everything.en}) and declare them.",
            f"在{name.zh}中补充所缺内容（{everything.zh}）并声明。"), every=True))
        message = self.render(document_en=name.en.lower(), document_zh=name.zh, points_en=everything.en,
                              points_zh=everything.zh, missing_en=everything.en, missing_zh=everything.zh,
                              upload=key)
        template = self.message.text() if self.message else self.default_message
        lacking = Text("The {document_en} ({upload}) does not declare that it covers: {missing_en}.",
                       "{document_zh}（{upload}）未声明包含以下内容：{missing_zh}。")

        def body(facts: Facts, out: list[Finding]) -> None:
            filing = facts.filing
            declared = {c.document: (i, c.covers) for i, c in enumerate(filing.document_contents)}
            for upload in sorted(d for d in filing.documents if d.partition("@")[0] == key):
                found = declared.get(upload)
                if found is None:  # uploaded, and nothing said of what it covers
                    emit.missing(out, "document_contents", message, "document_contents")
                    continue
                index, covers = found
                field = f"document_contents[{index}].covers"
                missing = [text for point, text in points.items() if point not in covers]
                if missing:
                    values = {"document_en": name.en.lower(), "document_zh": name.zh, "upload": upload,
                              "points_en": everything.en, "points_zh": everything.zh,
                              "missing_en": "; ".join(t.en for t in missing),
                              "missing_zh": "；".join(t.zh for t in missing)}
                    emit.violation(out, field, emit.text(lacking if self.message is None else template, values))

        return self.checked(ctx, message, emit, body)
