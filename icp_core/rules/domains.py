"""Rule kinds about domains: holders, privacy, registration, prefixes, counts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

import attrs

from icp_core import remedies
from icp_core.context import Facts
from icp_core.model import Domain
from icp_core.report import (
    Finding,
    RemedyAction,
    Text,
)
from icp_core.rules.base import (
    ROLE_TEXT,
    CompileContext,
    Compiled,
    Holder,
    Rule,
    document_keys,
    rule_kind,
    whole_number,
)
from icp_core.rules.shapes import document_rule, flag_must_be_off


@rule_kind("domain_holder")
@attrs.frozen(kw_only=True)
class DomainHolderRule(Rule):
    """Each domain's holder (real-name verified) must be one of ``holders``: the subject,
    its legal representative, the subject administrator or the website administrator."""

    holders: tuple[Holder, ...] = ("subject",)
    default_message: ClassVar[Text] = Text(
        "The domain must be held in the name of {holders}.",
        "域名持有者须为{holders}。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"holders"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset(
        {RemedyAction.copy_from, RemedyAction.change, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        holders = self.holders
        listed = Text(" or ".join(ROLE_TEXT[h].en for h in holders), "或".join(ROLE_TEXT[h].zh for h in holders))
        message = self.render(holders=listed)
        # The names a holder may have, as paths (the website administrator's depends on the website).
        paths = [_HOLDER_NAME[h] for h in holders if h in _HOLDER_NAME]
        fix = Text(f"Have the domain held (real-name verified) in the name of {listed.en}.",
                   f"将域名持有者（实名认证）变更为{listed.zh}。")
        emit = self.finding_factory(ctx, remedies.copy_from(paths, fix) if paths else remedies.change(fix))

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

        return self.checked(ctx, message, emit, body)


@rule_kind("domain_privacy_off")
@attrs.frozen(kw_only=True)
class DomainPrivacyOffRule(Rule):
    """Domain privacy protection must be switched off while filing."""

    default_message: ClassVar[Text] = Text(
        "Switch off the domain's privacy protection for the filing.", "备案期间须关闭域名隐私保护。"
    )

    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.set_value, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        return flag_must_be_off(self, ctx, _domains, "privacy_protection", Text(
            "Switch off the domain's privacy protection until the filing is done.", "关闭域名隐私保护直至备案完成。"))


@rule_kind("domain_registered_in_mainland")
@attrs.frozen(kw_only=True)
class DomainRegisteredInMainlandRule(Rule):
    """Domains registered through a site outside mainland China cannot be filed."""

    default_message: ClassVar[Text] = Text(
        "A domain registered through a registration site outside mainland China cannot be filed.",
        "通过境外注册服务注册的域名不能备案。",
    )

    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.set_value, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        return flag_must_be_off(self, ctx, _domains, "registered_outside_mainland", Text(
            "Transfer the domain to a registrar in mainland China, or file another domain.",
            "将域名转入境内注册服务商，或改用其他域名备案。"))


@rule_kind("website_domains")
@attrs.frozen(kw_only=True)
class WebsiteDomainsRule(Rule):
    """Limits on the domains of one website: at most ``max_domains`` domains and at
    most ``max_prefixes`` distinct prefixes (different prefixes → separate websites)."""

    max_domains: int | None = whole_number(None, least=1)
    max_prefixes: int | None = whole_number(None, least=1)
    default_message: ClassVar[Text] = Text(
        "File domains with different prefixes (or more than {limit} domains) as separate websites.",
        "不同前缀的域名（或超过{limit}个域名）须作为不同网站分别备案。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset({"limit"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.at_most})

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx)
        max_domains, max_prefixes = self.max_domains, self.max_prefixes
        message = self.render(limit=max_domains if max_domains is not None else max_prefixes)
        too_many = remedies.at_most(max_domains or 1, Text(
            f"Keep at most {max_domains} domains on this website; file the others as separate websites.",
            f"本网站最多保留{max_domains}个域名，其余域名作为其他网站分别备案。"))
        prefixes = remedies.at_most(max_prefixes or 1, Text(
            f"Keep domains of at most {max_prefixes} prefixes on this website; file the others as separate "
            f"websites.", f"本网站只保留最多{max_prefixes}种前缀的域名，其余域名作为其他网站分别备案。"))

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in facts.websites():
                if max_domains is not None and len(website.domains) > max_domains:
                    emit.violation(out, f"{path}.domains", message, remedy=too_many)
                elif max_prefixes is not None and len({facts.prefix(d.name) for d in website.domains}) > max_prefixes:
                    emit.violation(out, f"{path}.domains", message, remedy=prefixes)

        return self.checked(ctx, message, emit, body)


@rule_kind("same_website_remark")
@attrs.frozen(kw_only=True)
class SameWebsiteRemarkRule(Rule):
    """A website with ``min_domains`` or more domains, of ``min_prefixes`` or more distinct
    prefixes, must say in its remarks that they lead to the same website (``phrases``)."""

    min_domains: int = whole_number(2, least=1)
    min_prefixes: int = whole_number(1, least=1)
    phrases: tuple[str, ...] = ("指向同一网站", "direct to the same website", "point to the same website")
    default_message: ClassVar[Text] = Text(
        "The remarks must state that these domains lead to the same website.",
        "须在备注中注明“多个域名指向同一网站”。",
    )
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.include_text})

    def compile(self, ctx: CompileContext) -> Compiled:
        first = self.phrases[0] if self.phrases else ""
        emit = self.finding_factory(ctx, remedies.include_text(self.phrases, Text(
            f"State in the remarks that the domains lead to the same website (“{first}”).",
            f"在备注中注明多个域名指向同一网站（“{first}”）。")))
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

        return self.checked(ctx, message, emit, body)


@rule_kind("domain_count_documents")
@attrs.frozen(kw_only=True)
class DomainCountDocumentsRule(Rule):
    """Require ``document`` once the subject reaches ``at_least`` domains (or distinct
    prefixes, with ``count: prefixes``), counted in this filing or across the subject's
    filings on record (``across: subject``). ``per_domain`` lists one per domain, each met
    only by an upload for that domain (``key@websites[0].domains[1]``), never by one
    upload for the whole filing."""

    document: str = document_keys()
    at_least: int = whole_number(1, least=1)
    count: Literal["domains", "prefixes"] = "domains"
    across: Literal["filing", "subject"] = "filing"
    per_domain: bool = True
    #: Also a finding while the document is not uploaded (else it is only listed).
    enforce: bool = False
    default_message: ClassVar[Text] = Text(
        "With {at_least} or more {counted_en}, provide a {document_en} {each_en}.",
        "{counted_zh}达到{at_least}个及以上时，须{each_zh}提供{document_zh}。",
    )

    message_placeholders: ClassVar[frozenset[str]] = frozenset(
        {"at_least", "counted_en", "counted_zh", "document_en", "document_zh", "each_en", "each_zh"})
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.upload})

    def compile(self, ctx: CompileContext) -> Compiled:
        document, least = self.document, self.at_least
        name = ctx.document_names[document]
        counted = {"domains": Text("domains", "域名"), "prefixes": Text("different domain prefixes", "不同域名前缀")}
        message = self.render(
            at_least=least, counted_en=counted[self.count].en, counted_zh=counted[self.count].zh,
            document_en=name.en.lower(), document_zh=name.zh,
            each_en="for each domain" if self.per_domain else "", each_zh="为每个域名" if self.per_domain else "",
        )
        by_prefix, across_subject, per_domain = self.count == "prefixes", self.across == "subject", self.per_domain

        def fields(facts: Facts) -> list[str]:
            """Where the document is needed: nowhere below the threshold; else the filing,
            or each domain (one upload per domain, ``key@path``)."""
            if by_prefix:
                number = len(facts.subject_prefixes()) if across_subject else len(
                    {facts.prefix(d.name) for _, _, d in facts.domains()})
            else:
                number = len(facts.subject_domain_names()) if across_subject else len(facts.domains())
            if number < least:
                return []
            return [path for path, _, _ in facts.domains()] if per_domain else [""]

        return document_rule(self, ctx, message, document, fields, enforce=self.enforce)


@rule_kind("on_record_accessible")
@attrs.frozen(kw_only=True)
class OnRecordAccessibleRule(Rule):
    """A website whose domain already has an ICP number must be reachable (and show the
    number at the bottom of its pages, which a filing cannot show: say so in the message)."""

    default_message: ClassVar[Text] = Text(
        "A website whose domain is already on record must be reachable and show its ICP number at the bottom "
        "of its pages.", "已取得备案号的域名须能正常访问，并在网站底部展示备案号。")
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset({RemedyAction.set_value, RemedyAction.provide})

    def compile(self, ctx: CompileContext) -> Compiled:
        emit = self.finding_factory(ctx, remedies.set_value(True, Text(
            "Make the website reachable, with its ICP number at the bottom of its pages.",
            "确保网站可正常访问，并在网站底部展示备案号。")))
        message = self.render()

        def body(facts: Facts, out: list[Finding]) -> None:
            for path, website in facts.websites():
                if not any(d.on_record for d in website.domains):
                    continue
                if website.accessible is None:
                    emit.missing(out, f"{path}.accessible", message)
                elif not website.accessible:
                    emit.violation(out, f"{path}.accessible", message)

        return self.checked(ctx, message, emit, body)


#: Where each holder's name is, for the holders that have one place in a filing.
_HOLDER_NAME = {"subject": "subject.name", "legal_representative": "subject.legal_representative.name",
                "subject_administrator": "subject.administrator.name"}


def _domains(facts: Facts) -> Iterator[tuple[str, Domain]]:
    for path, _, domain in facts.domains():
        yield path, domain
