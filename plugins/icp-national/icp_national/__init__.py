"""The national baseline of the ICP filing pre-check (guide sections 1-4).

Most rules are declared in ``policy.yaml`` with the core's rule kinds. The hooks
below check what those kinds cannot: domain names against the dated lists in the
policy's ``data`` section, real-name dates, the domain holder, identity numbers,
credit codes and phone numbers, instance locations, hosting references, service
identification numbers and the services in front of a website. Each finding names a
rule declared ``kind: python`` in the policy, which gives its id, citation, severity
and both messages.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import attrs

from icp_core import hookimpl
from icp_core.context import Facts
from icp_core.errors import FactError
from icp_core.facts import DomainName, age_on, parse_domain
from icp_core.model import (
    Billing,
    CertificateType,
    Domain,
    Filing,
    IdDocumentType,
    Instance,
    Person,
    Residency,
    ServiceKind,
    Subject,
    SubjectType,
    Website,
)
from icp_core.report import Finding, Remedy, Text
from icp_core.rules import PEOPLE
from icp_core.scope_rules import ScopeRules
from icp_national import remedies as fix

_PEOPLE = PEOPLE  # every person a filing names
#: Documents that carry the citizen identity number (GB 11643).
_CITIZEN_NUMBER_DOCUMENTS = (IdDocumentType.resident_id_card, IdDocumentType.temporary_id_card,
                             IdDocumentType.household_register)
#: Subject certificates whose number is a unified social credit code.
_CREDIT_CODE_CERTIFICATES = (CertificateType.business_license, CertificateType.government)


class _Found(list[Finding]):
    """The findings of one hook call, built from the scope's ``rules`` (the engine's, with
    the profile's severities): ``out.violation(rule_id, field, …)`` adds one."""

    def __init__(self, rules: ScopeRules) -> None:
        super().__init__()
        self.rules = rules

    def violation(self, rule_id: str, field: str, message: Text | None = None, *, remedy: Remedy,
                  **values: Any) -> None:
        """``remedy``: what would satisfy the rule (``icp_national.remedies``); required, so that
        no national finding falls back to the core's ``review``."""
        self.append(self.rules.violation(rule_id, field, message, remedy=remedy, **values))

    def needs_information(self, rule_id: str, field: str, *missing: str, message: Text | None = None) -> None:
        self.append(self.rules.needs_information(rule_id, field, *missing, message=message))

    def detail(self, rule_id: str, en: str, zh: str) -> Text:
        """The rule's message followed by a detail sentence (already free of personal data)."""
        base = self.rules.rule(rule_id).message
        return Text(f"{base.en} {en}", f"{base.zh}{zh}")

    def fact_detail(self, rule_id: str, exc: FactError) -> Text:
        return self.detail(rule_id, f"({exc.en})", f"（{exc.zh}）")


# --------------------------------------------------------------------------- policy data
# Derived once per engine and scope (``rules.derived``), from the policy the engine loaded.


def _approved_suffixes(rules: ScopeRules) -> frozenset[str]:
    """The approved suffixes of the policy data, in A-label form (``中国`` → ``xn--fiqs8s``)."""
    found: set[str] = set()
    for entry in rules.data["approved_tlds"]["suffixes"]:
        found.add(parse_domain("x." + str(entry)).ascii[2:])
    return frozenset(found)


def _registrar_key(name: str) -> str:
    """Registrar names compare without case, blanks or any parenthesised part."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"\([^)]*\)", "", text)
    return re.sub(r"\s+", "", text)


def _registrar_keys(rules: ScopeRules, list_name: str) -> frozenset[str]:
    registrars = rules.data[list_name]
    keys = {_registrar_key(str(name)) for name in registrars["names"]}
    keys |= {_registrar_key(str(alias)) for alias in registrars.get("aliases", {})}
    return frozenset(keys)


def _approved_registrars(rules: ScopeRules) -> frozenset[str]:
    return _registrar_keys(rules, "approved_registrars")


def _registrars_not_approved(rules: ScopeRules) -> frozenset[str]:
    return _registrar_keys(rules, "registrars_not_approved")


# --------------------------------------------------------------------------- helpers


def _carries_citizen_number(person: Person, residency: Residency | None) -> bool:
    if person.id_type is not None:
        return person.id_type in _CITIZEN_NUMBER_DOCUMENTS
    return residency in (None, Residency.mainland)


# --------------------------------------------------------------------------- domains (3)


@hookimpl
def check_domain(filing: Filing, facts: Facts, rules: ScopeRules, website: Website, domain: Domain,
                 path: str) -> list[Finding]:
    out = _Found(rules)
    result = facts.parsed.domain(domain.name)  # memoised across checks by the engine
    parsed: DomainName | None = None
    if isinstance(result, FactError):
        out.violation("national.domain.valid", f"{path}.name", out.fact_detail("national.domain.valid", result),
                      remedy=fix.DOMAIN_NAME)
    else:
        parsed = result
    if parsed is not None:
        _check_tld(parsed, path, out)
        _check_subdomain(filing, facts, parsed, domain, path, out)
    _check_registrar(domain, path, out)
    _check_real_name(facts, domain, path, out)
    _check_holder(filing, website, domain, path, out)
    _check_expiry(facts.on, domain, path, out)
    return out


def _check_tld(parsed: DomainName, path: str, out: _Found) -> None:
    approved = out.rules.derived(_approved_suffixes)
    suffix = parsed.suffix
    top = suffix.rsplit(".", 1)[-1]
    if suffix in approved or top in approved:
        return
    shown = "." + ".".join(parsed.unicode.split(".")[-len(suffix.split(".")):])
    rule_id = "national.domain.tld_approved"
    if re.fullmatch(r"[a-z]{2}", top):
        message = out.detail(
            rule_id, f"{shown} is a country-code domain other than .cn: it needs no ICP filing and cannot get one.",
            f"{shown} 是.cn以外的国家和地区域名，无需也无法办理ICP备案。")
    else:
        message = out.detail(rule_id, f"(suffix {shown})", f"（后缀 {shown}）")
    out.violation(rule_id, f"{path}.name", message, remedy=fix.TLD)


def _check_subdomain(filing: Filing, facts: Facts, parsed: DomainName, domain: Domain, path: str,
                     out: _Found) -> None:
    if not parsed.is_subdomain:
        return
    covered = domain.on_record is True
    if not covered:
        on_record = (facts.domain(name) for name in filing.subject.domains_on_record)
        covered = any(p is not None and p.registrable == parsed.registrable for p in on_record)
    if not covered:
        for _, _, other in facts.domains():
            other_parsed = facts.domain(other.name)
            if other.on_record and other_parsed is not None and other_parsed.ascii == parsed.registrable:
                covered = True
                break
    if covered:
        out.violation("national.domain.subdomain_of_filed_domain", f"{path}.name", remedy=fix.SUBDOMAIN)


def _check_registrar(domain: Domain, path: str, out: _Found) -> None:
    """Approved (in the dated list) → nothing; known not approved → a violation; in neither
    list → the applicant's own look-up decides (``registrar_on_miit_list``), and without it
    the filing is incomplete: the list is partial, so absence from it proves nothing."""
    rule_id = "national.domain.registrar_approved"
    if not domain.registrar or not domain.registrar.strip():
        out.needs_information(rule_id, f"{path}.registrar")
        return
    key = _registrar_key(domain.registrar)
    as_of = out.rules.data["registrars_not_approved"]["as_of"]
    if key in out.rules.derived(_registrars_not_approved):
        out.violation(rule_id, f"{path}.registrar", out.detail(
            rule_id, f"This registrar is not on the MIIT list (as of {as_of}): transfer the domain first.",
            f"该注册商不在工信部名单中（截至{as_of}），请先转移域名。"),
            remedy=out.rules.derived(fix.approved_registrar))
        return
    if key in out.rules.derived(_approved_registrars):
        return
    field = f"{path}.registrar_on_miit_list"
    confirmed = domain.registrar_on_miit_list
    if confirmed is False:
        out.violation(rule_id, field, out.detail(
            rule_id, "The registrar is not on the MIIT list, as stated: transfer the domain first.",
            "经核对该注册商不在工信部名单中，请先转移域名。"),
            # The registrar, not the confirmation, is what changes: a path from the domain.
            remedy=attrs.evolve(out.rules.derived(fix.approved_registrar), field=f"{path}.registrar"))
    elif confirmed is None:
        out.needs_information(rule_id, f"{path}.registrar", field, message=out.detail(
            rule_id, "This registrar is not in the tool's list, which is partial: check the MIIT list "
                     "(域名注册服务机构审批情况) and say whether it is there (registrar_on_miit_list).",
            "本工具收录的名单不完整，未收录该注册商：请核对工信部“域名注册服务机构审批情况”，"
            "并填写该注册商是否在名单中（registrar_on_miit_list）。"))


def _check_real_name(facts: Facts, domain: Domain, path: str, out: _Found) -> None:
    on = facts.on
    field = f"{path}.real_name_verified_on"
    verified = domain.real_name_verified_on
    if verified is None:
        out.needs_information("national.domain.real_name_verified", field)
        return
    if verified > on:
        rule_id = "national.domain.real_name_verified"
        out.violation(rule_id, field, out.detail(
            rule_id, f"The verification date {verified.isoformat()} is after {on.isoformat()}.",
            f"认证日期{verified.isoformat()}晚于{on.isoformat()}。"), remedy=fix.REAL_NAME_DAY)
        return
    # A rule parameter, so that a profile can tune it: {params: {days: 5}}.
    days = int(facts.params("national.domain.real_name_sync_delay").get("days", 3))
    if (on - verified).days < days:
        out.violation("national.domain.real_name_sync_delay", field, days=days,
                      remedy=fix.real_name_synchronised(verified + dt.timedelta(days=days), days))


def _holder_roles(rules: ScopeRules, filing: Filing) -> list[str]:
    """Who may hold a domain nationally, by subject type (an unknown type: the enterprise list,
    the wider one, so that no mismatch is claimed before the type is known)."""
    holders = rules.data["domain_holder"]
    kind = filing.subject.type
    return [str(role) for role in holders["individual" if kind is SubjectType.individual else "enterprise"]]


@attrs.frozen
class _Holder:
    """One who may hold the domain: their name, certificate number, whether an organisation,
    and where the filing gives the name and the number (what a remedy copies from)."""

    name: str
    number: str | None
    organisation: bool | None
    name_path: str
    number_path: str


_PERSON_PATHS = {"legal_representative": "subject.legal_representative",
                 "subject_administrator": "subject.administrator"}


def _holder_candidates(rules: ScopeRules, filing: Filing, website: Website, website_path: str) -> list[_Holder]:
    """Everyone who may hold the domain, in the order of the policy's roles (the subject first)."""
    subject = filing.subject
    found: list[_Holder] = []
    for role in _holder_roles(rules, filing):
        if role == "subject":
            if subject.name:
                organisation = None if subject.type is None else subject.type is SubjectType.enterprise
                found.append(_Holder(subject.name, subject.certificate_number, organisation, "subject.name",
                                     "subject.certificate_number"))
            continue
        person = (subject.legal_representative if role == "legal_representative" else
                  subject.administrator if role == "subject_administrator" else website.administrator)
        where = _PERSON_PATHS.get(role, f"{website_path}.administrator")
        if person is not None and person.name:
            found.append(_Holder(person.name, person.id_number, False, f"{where}.name", f"{where}.id_number"))
    return found


def _check_holder(filing: Filing, website: Website, domain: Domain, path: str, out: _Found) -> None:
    rule_id = "national.domain.holder_consistent"
    if domain.holder_name is None:
        out.needs_information(rule_id, f"{path}.holder_name")
        return
    candidates = _holder_candidates(out.rules, filing, website, path.rpartition(".domains[")[0])
    if not candidates:
        out.needs_information(rule_id, f"{path}.holder_name", "subject.name")
        return
    holder = domain.holder_name.strip()
    named = [c for c in candidates if c.name.strip() == holder]
    if not named and not filing.subject.name and "subject" in _holder_roles(out.rules, filing):
        # The holder may be the subject, whose name is not given: no mismatch can be shown yet.
        out.needs_information(rule_id, f"{path}.holder_name", "subject.name")
        return
    if not named:
        out.violation(rule_id, f"{path}.holder_name", out.detail(
            rule_id, "The holder's name differs.", "持有者名称不一致。"),
            remedy=fix.holder_named([c.name_path for c in candidates]))
        return
    number = domain.holder_certificate_number
    if number and number.strip():
        wanted = number.strip().upper()
        same = [c for c in named if c.number is None or c.number.strip().upper() == wanted]
        if not same:
            out.violation(rule_id, f"{path}.holder_certificate_number", out.detail(
                rule_id, "The holder's certificate number differs.", "持有者证件号码不一致。"),
                remedy=fix.holder_number([c.number_path for c in named]))
            return
        named = same
    kind = domain.holder_certificate_type
    if kind is not None:
        organisation = kind is not CertificateType.personal_id
        if not any(c.organisation is None or c.organisation is organisation for c in named):
            out.violation(rule_id, f"{path}.holder_certificate_type", out.detail(
                rule_id, "The holder's certificate type does not fit: an organisation holds a domain with an "
                         "organisation certificate, a person with a personal identity document.",
                "持有者证件类型不符：单位须使用单位证件，个人须使用个人身份证件。"),
                # Every one named is the other kind (an organisation, or a person) than the type says.
                remedy=fix.HOLDER_IS_A_PERSON if organisation else
                fix.holder_is_an_organisation(filing.subject.certificate_type))


def _check_expiry(on: dt.date, domain: Domain, path: str, out: _Found) -> None:
    field = f"{path}.expires_on"
    if domain.expires_on is None:
        out.needs_information("national.domain.not_expired", field)
    elif domain.expires_on <= on:
        out.violation("national.domain.not_expired", field, remedy=fix.NOT_EXPIRED)


# --------------------------------------------------------------------------- subject, people, account (1, 2)


@hookimpl
def check_entity(filing: Filing, facts: Facts, rules: ScopeRules) -> list[Finding]:
    out = _Found(rules)
    for path, person in facts.people(_PEOPLE):
        if person is not None:
            _check_person(facts, path, person, out)
    _check_subject_certificate(filing, facts, out)
    _check_individual_subject(filing, out)
    _check_account(filing, out)
    _check_required_subject_facts(filing, out)
    _check_legal_representative_flags(facts, out)
    return out


def _check_required_subject_facts(filing: Filing, out: _Found) -> None:
    """The facts a filing cannot be judged without; blank values arrive here as missing."""
    subject = filing.subject
    missing = [f"subject.{name}" for name in ("type", "name", "certificate_type", "certificate_number")
               if getattr(subject, name) is None]
    if missing:
        out.needs_information("national.subject.required_facts", "subject", *missing)
    if not filing.websites:
        out.needs_information("national.website.at_least_one", "websites")


def _check_legal_representative_flags(facts: Facts, out: _Found) -> None:
    """A stated ``is_legal_representative`` summarises a comparison with the legal
    representative; where both people's details are given, the flag must agree."""
    legal = facts.filing.subject.legal_representative
    if legal is None:
        return
    rule_id = "national.person.legal_representative_flag_consistent"
    for path, person in facts.people(("subject_administrator", "website_administrator")):
        if person is None or person.is_legal_representative is None:
            continue
        by_number = (_same_text(legal.id_number, person.id_number, upper=True)
                     if legal.id_number and person.id_number else None)
        by_name = _same_text(legal.name, person.name) if legal.name and person.name else None
        if person.is_legal_representative:
            wrong = by_number is False or by_name is False
            # The legal representative's number under another name: no flag is right, a detail is wrong.
            remedy = fix.LEGAL_REPRESENTATIVE_DETAILS if by_number is True else fix.NOT_LEGAL_REPRESENTATIVE
        else:
            wrong = by_number is True
            remedy = fix.IS_LEGAL_REPRESENTATIVE if by_name is not False else fix.LEGAL_REPRESENTATIVE_DETAILS
        if wrong:
            out.violation(rule_id, f"{path}.is_legal_representative", remedy=remedy)


def _same_text(a: str | None, b: str | None, *, upper: bool = False) -> bool:
    left, right = (a or "").strip(), (b or "").strip()
    return left.upper() == right.upper() if upper else left == right


def _future_birth(birth: dt.date, on: dt.date) -> FactError | None:
    if birth <= on:
        return None
    return FactError("future_birth_date", f"the ID number's birth date is after {on.isoformat()}",
                     f"身份证号码中的出生日期晚于{on.isoformat()}")


def _check_person(facts: Facts, path: str, person: Person, out: _Found) -> None:
    stated = "national.person.stated_facts_match_id"
    if person.id_number and _carries_citizen_number(person, person.residency):
        parsed_id = facts.parsed.resident_id(person.id_number)
        rid = None if isinstance(parsed_id, FactError) else parsed_id
        problem = parsed_id if isinstance(parsed_id, FactError) else _future_birth(parsed_id.birth_date, facts.on)
        if problem is not None:
            rule_id = "national.person.resident_id_valid"
            out.violation(rule_id, f"{path}.id_number", out.fact_detail(rule_id, problem), remedy=fix.RESIDENT_ID)
            rid = None
        if rid is not None:
            if person.id_province is not None and rid.province is not None and person.id_province is not rid.province:
                out.violation(stated, f"{path}.id_province", out.detail(
                    stated, "The stated issuing province differs from the number's.", "所填签发省份与号码不符。"),
                    remedy=fix.id_province_as_the_number_says(rid.province.value))
            if person.birth_date is not None and person.birth_date != rid.birth_date:
                out.violation(stated, f"{path}.birth_date", out.detail(
                    stated, "The stated birth date differs from the number's.", "所填出生日期与号码不符。"),
                    remedy=fix.BIRTH_DATE)
            if person.age is not None and person.age != rid.age_on(facts.on):
                out.violation(stated, f"{path}.age", out.detail(
                    stated, "The stated age differs from the number's birth date.",
                    "所填年龄与号码中的出生日期不符。"), remedy=fix.AGE)
    if (person.birth_date is not None and person.age is not None and person.birth_date <= facts.on
            and age_on(person.birth_date, facts.on) != person.age):
        out.violation(stated, f"{path}.age", out.detail(
            stated, "The stated age differs from the stated birth date.", "所填年龄与所填出生日期不符。"),
            remedy=fix.AGE)
    if person.mobile is not None:
        rule_id = "national.person.mobile_valid"
        phone = facts.parsed.phone(person.mobile)
        if isinstance(phone, FactError):
            out.violation(rule_id, f"{path}.mobile", out.fact_detail(rule_id, phone), remedy=fix.MOBILE)
        else:
            if phone.kind != "mobile":
                out.violation(rule_id, f"{path}.mobile", out.detail(
                    rule_id, "(a fixed-line number was given)", "（填写的是固定电话）"), remedy=fix.MOBILE)
    if person.office_phone is not None:
        rule_id = "national.person.office_phone_valid"
        office = facts.parsed.phone(person.office_phone)
        if isinstance(office, FactError):
            out.violation(rule_id, f"{path}.office_phone", out.fact_detail(rule_id, office), remedy=fix.OFFICE_PHONE)


def _check_subject_certificate(filing: Filing, facts: Facts, out: _Found) -> None:
    subject = filing.subject
    if subject.certificate_type not in _CREDIT_CODE_CERTIFICATES or not subject.certificate_number:
        return
    code = facts.parsed.credit_code(subject.certificate_number)
    if isinstance(code, FactError):
        rule_id = "national.subject.credit_code_valid"
        out.violation(rule_id, "subject.certificate_number", out.fact_detail(rule_id, code), remedy=fix.CREDIT_CODE)
        return
    if code.province is None:
        return
    if subject.certificate_province is not None and subject.certificate_province is not code.province:
        out.violation("national.subject.stated_province_matches_code", "subject.certificate_province",
                      remedy=fix.province_as_the_code_says(code.province.value))


def _check_individual_subject(filing: Filing, out: _Found) -> None:
    subject = filing.subject
    admin = subject.administrator
    if subject.type is not SubjectType.individual:
        return
    if admin is not None:
        _is_the_individual("national.subject.individual_is_administrator", subject, admin, "subject.administrator",
                           out)
    for index, website in enumerate(filing.websites):
        if website.administrator is not None:
            _is_the_individual("national.subject.individual_is_website_administrator", subject,
                               website.administrator, f"websites[{index}].administrator", out)


def _is_the_individual(rule_id: str, subject: Subject, person: Person, path: str, out: _Found) -> None:
    """In an individual's filing, ``person`` is the individual: same name and same number."""
    if subject.name and person.name and subject.name.strip() != person.name.strip():
        out.violation(rule_id, f"{path}.name", remedy=fix.INDIVIDUAL_NAME)
    elif (subject.certificate_number and person.id_number
          and subject.certificate_number.strip().upper() != person.id_number.strip().upper()):
        out.violation(rule_id, f"{path}.id_number", remedy=fix.INDIVIDUAL_NUMBER)


def _check_account(filing: Filing, out: _Found) -> None:
    account = filing.account
    if account is None or not account.subjects_on_account:
        return
    rule_id = "national.account.one_subject"
    own = filing.subject.certificate_number
    if not own:
        out.needs_information(rule_id, "subject.certificate_number")
        return
    mine = own.strip().upper()
    if any(other.strip().upper() != mine for other in account.subjects_on_account):
        out.violation(rule_id, "account.subjects_on_account", remedy=fix.ONE_SUBJECT)


# --------------------------------------------------------------------------- instances (4.1)


def _region_in_mainland(rules: ScopeRules, region: str) -> bool | None:
    regions = rules.data["mainland_regions"]
    region = region.strip().lower()
    if region in regions["not_mainland"] or any(region.startswith(p) for p in regions["abroad_prefixes"]):
        return False
    if region.startswith("cn-"):
        return True
    return None


@hookimpl
def check_instance(filing: Filing, facts: Facts, rules: ScopeRules, instance: Instance, path: str) -> list[Finding]:
    out = _Found(rules)
    rule_id = "national.instance.in_mainland"
    derived = _region_in_mainland(rules, instance.region) if instance.region else None
    if instance.in_mainland is False:
        out.violation(rule_id, f"{path}.in_mainland", remedy=fix.IN_MAINLAND)
    elif derived is False:
        out.violation(rule_id, f"{path}.region", remedy=fix.REGION)
    elif instance.in_mainland is None and derived is None:
        out.needs_information(rule_id, f"{path}.region", f"{path}.region", f"{path}.in_mainland")
    _check_subscription(facts.on, instance, path, out)
    return out


def _check_subscription(on: dt.date, instance: Instance, path: str, out: _Found) -> None:
    """4.1: "an instance with a valid subscription", for every instance type. A subscription
    that ended before the day of the check fails; the billing and, for a subscription, its
    end date are asked for. Whether pay-as-you-go is accepted is the instance type's rule."""
    rule_id = "national.instance.valid_subscription"
    if instance.billing is None:
        out.needs_information(rule_id, f"{path}.billing")
    elif instance.billing is Billing.subscription:
        if instance.expires_on is None:
            out.needs_information(rule_id, f"{path}.expires_on")
        elif instance.expires_on < on:
            out.violation(rule_id, f"{path}.expires_on", out.detail(
                rule_id, f"(it ended on {instance.expires_on.isoformat()})",
                f"（已于{instance.expires_on.isoformat()}到期）"), remedy=fix.SUBSCRIPTION)


# --------------------------------------------------------------------------- websites: hosting, services (4.1, 4.2)


@hookimpl
def check_website(filing: Filing, facts: Facts, rules: ScopeRules, website: Website, path: str) -> list[Finding]:
    out = _Found(rules)
    _check_hosting(filing, website, path, out)
    _check_service_number(filing, website, path, out)
    for index, service in enumerate(website.services):
        where = f"{path}.services[{index}]"
        if service.kind is ServiceKind.oss:
            out.violation("national.service.oss_custom_domain", where, remedy=fix.OSS)
        elif service.kind in (ServiceKind.cdn, ServiceKind.waf):
            rule_id = "national.service.cdn_waf_provider_added"
            if service.origin_on_provider is None:
                out.needs_information(rule_id, f"{where}.origin_on_provider")
            elif service.origin_on_provider is False:
                _provider_added(rule_id, service.provider_added, where, out)
        elif service.kind is ServiceKind.anti_ddos_pro:
            rule_id = "national.service.anti_ddos_provider_added"
            if service.bgp is None:
                out.needs_information(rule_id, f"{where}.bgp")
            elif service.bgp:
                _provider_added(rule_id, service.provider_added, where, out)
    return out


def _provider_added(rule_id: str, added: bool | None, where: str, out: _Found) -> None:
    if added is None:
        out.needs_information(rule_id, f"{where}.provider_added")
    elif added is False:
        out.violation(rule_id, f"{where}.provider_added", remedy=fix.PROVIDER_ADDED)


def _check_hosting(filing: Filing, website: Website, path: str, out: _Found) -> None:
    rule_id = "national.instance.hosting_known"
    hosting = website.hosting
    if hosting is None or not (hosting.instance_id or hosting.service_identification_number):
        out.needs_information(rule_id, f"{path}.hosting")
        return
    if hosting.instance_id and hosting.instance_id not in {i.id for i in filing.instances}:
        out.violation(rule_id, f"{path}.hosting.instance_id", remedy=fix.hosted_on(i.id for i in filing.instances))


def _check_service_number(filing: Filing, website: Website, path: str, out: _Found) -> None:
    hosting = website.hosting
    number = hosting.service_identification_number if hosting else None
    if not number:
        return
    used = any(n.number == number and n.used for i in filing.instances for n in i.service_numbers)
    if not used:  # the same number given to an earlier website of this filing
        for other in filing.websites:
            if other is website:
                break
            if other.hosting and other.hosting.service_identification_number == number:
                used = True
                break
    if used:
        field = f"{path}.hosting.service_identification_number"
        out.violation("national.service_number.not_reused", field, remedy=fix.SERVICE_NUMBER)
