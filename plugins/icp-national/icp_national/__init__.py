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
import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from icp_core import PluginRules, hookimpl
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
from icp_core.report import Finding, Text
from icp_core.rules import PEOPLE

rules = PluginRules(__name__)

_PEOPLE = PEOPLE  # every person a filing names
#: Documents that carry the citizen identity number (GB 11643).
_CITIZEN_NUMBER_DOCUMENTS = (IdDocumentType.resident_id_card, IdDocumentType.temporary_id_card,
                             IdDocumentType.household_register)
#: Subject certificates whose number is a unified social credit code.
_CREDIT_CODE_CERTIFICATES = (CertificateType.business_license, CertificateType.government)


# --------------------------------------------------------------------------- policy data


def _data() -> Mapping[str, Any]:
    return rules.policy.data


@functools.cache
def _approved_suffixes() -> frozenset[str]:
    """The approved suffixes of the policy data, in A-label form (``中国`` → ``xn--fiqs8s``)."""
    found: set[str] = set()
    for entry in _data()["approved_tlds"]["suffixes"]:
        found.add(parse_domain("x." + str(entry)).ascii[2:])
    return frozenset(found)


def _registrar_key(name: str) -> str:
    """Registrar names compare without case, blanks or any parenthesised part."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"\([^)]*\)", "", text)
    return re.sub(r"\s+", "", text)


def _registrar_keys(list_name: str) -> frozenset[str]:
    registrars = _data()[list_name]
    keys = {_registrar_key(str(name)) for name in registrars["names"]}
    keys |= {_registrar_key(str(alias)) for alias in registrars.get("aliases", {})}
    return frozenset(keys)


@functools.cache
def _approved_registrars() -> frozenset[str]:
    return _registrar_keys("approved_registrars")


@functools.cache
def _registrars_not_approved() -> frozenset[str]:
    return _registrar_keys("registrars_not_approved")


# --------------------------------------------------------------------------- helpers


def _with_detail(rule_id: str, en: str, zh: str) -> Text:
    """The rule's message followed by a detail sentence (already free of personal data)."""
    base = rules.policy.rule(rule_id).message
    return Text(f"{base.en} {en}", f"{base.zh}{zh}")


def _fact_detail(rule_id: str, exc: FactError) -> Text:
    return _with_detail(rule_id, f"({exc.en})", f"（{exc.zh}）")


def _carries_citizen_number(person: Person, residency: Residency | None) -> bool:
    if person.id_type is not None:
        return person.id_type in _CITIZEN_NUMBER_DOCUMENTS
    return residency in (None, Residency.mainland)


# --------------------------------------------------------------------------- domains (3)


@hookimpl
def check_domain(filing: Filing, facts: Facts, website: Website, domain: Domain, path: str) -> list[Finding]:
    out: list[Finding] = []
    result = facts.parsed.domain(domain.name)  # memoised across checks by the engine
    parsed: DomainName | None = None
    if isinstance(result, FactError):
        out.append(rules.violation("national.domain.valid", f"{path}.name",
                                   _fact_detail("national.domain.valid", result)))
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


def _check_tld(parsed: DomainName, path: str, out: list[Finding]) -> None:
    approved = _approved_suffixes()
    suffix = parsed.suffix
    top = suffix.rsplit(".", 1)[-1]
    if suffix in approved or top in approved:
        return
    shown = "." + ".".join(parsed.unicode.split(".")[-len(suffix.split(".")):])
    rule_id = "national.domain.tld_approved"
    if re.fullmatch(r"[a-z]{2}", top):
        message = _with_detail(
            rule_id, f"{shown} is a country-code domain other than .cn: it needs no ICP filing and cannot get one.",
            f"{shown} 是.cn以外的国家和地区域名，无需也无法办理ICP备案。")
    else:
        message = _with_detail(rule_id, f"(suffix {shown})", f"（后缀 {shown}）")
    out.append(rules.violation(rule_id, f"{path}.name", message))


def _check_subdomain(filing: Filing, facts: Facts, parsed: DomainName, domain: Domain, path: str,
                     out: list[Finding]) -> None:
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
        out.append(rules.violation("national.domain.subdomain_of_filed_domain", f"{path}.name"))


def _check_registrar(domain: Domain, path: str, out: list[Finding]) -> None:
    """Approved (in the dated list) → nothing; known not approved → a violation; in neither
    list → the applicant's own look-up decides (``registrar_on_miit_list``), and without it
    the filing is incomplete: the list is partial, so absence from it proves nothing."""
    rule_id = "national.domain.registrar_approved"
    if not domain.registrar or not domain.registrar.strip():
        out.append(rules.needs_information(rule_id, f"{path}.registrar"))
        return
    key = _registrar_key(domain.registrar)
    as_of = _data()["registrars_not_approved"]["as_of"]
    if key in _registrars_not_approved():
        out.append(rules.violation(rule_id, f"{path}.registrar", _with_detail(
            rule_id, f"This registrar is not on the MIIT list (as of {as_of}): transfer the domain first.",
            f"该注册商不在工信部名单中（截至{as_of}），请先转移域名。")))
        return
    if key in _approved_registrars():
        return
    field = f"{path}.registrar_on_miit_list"
    confirmed = domain.registrar_on_miit_list
    if confirmed is False:
        out.append(rules.violation(rule_id, field, _with_detail(
            rule_id, "The registrar is not on the MIIT list, as stated: transfer the domain first.",
            "经核对该注册商不在工信部名单中，请先转移域名。")))
    elif confirmed is None:
        out.append(rules.needs_information(rule_id, f"{path}.registrar", field, message=_with_detail(
            rule_id, "This registrar is not in the tool's list, which is partial: check the MIIT list "
                     "(域名注册服务机构审批情况) and say whether it is there (registrar_on_miit_list).",
            "本工具收录的名单不完整，未收录该注册商：请核对工信部“域名注册服务机构审批情况”，"
            "并填写该注册商是否在名单中（registrar_on_miit_list）。")))


def _check_real_name(facts: Facts, domain: Domain, path: str, out: list[Finding]) -> None:
    on = facts.on
    field = f"{path}.real_name_verified_on"
    verified = domain.real_name_verified_on
    if verified is None:
        out.append(rules.needs_information("national.domain.real_name_verified", field))
        return
    if verified > on:
        rule_id = "national.domain.real_name_verified"
        out.append(rules.violation(rule_id, field, _with_detail(
            rule_id, f"The verification date {verified.isoformat()} is after {on.isoformat()}.",
            f"认证日期{verified.isoformat()}晚于{on.isoformat()}。")))
        return
    # A rule parameter, so that a profile can tune it: {params: {days: 5}}.
    days = int(facts.params("national.domain.real_name_sync_delay").get("days", 3))
    if (on - verified).days < days:
        out.append(rules.violation("national.domain.real_name_sync_delay", field, days=days))


def _holder_roles(filing: Filing) -> list[str]:
    """Who may hold a domain nationally, by subject type (an unknown type: the enterprise list,
    the wider one, so that no mismatch is claimed before the type is known)."""
    holders = _data()["domain_holder"]
    kind = filing.subject.type
    return [str(role) for role in holders["individual" if kind is SubjectType.individual else "enterprise"]]


def _holder_candidates(filing: Filing, website: Website) -> list[tuple[str, str | None, bool | None]]:
    """``(name, certificate number, is an organisation)`` of everyone who may hold the domain."""
    subject = filing.subject
    found: list[tuple[str, str | None, bool | None]] = []
    for role in _holder_roles(filing):
        if role == "subject":
            if subject.name:
                organisation = None if subject.type is None else subject.type is SubjectType.enterprise
                found.append((subject.name, subject.certificate_number, organisation))
            continue
        person = (subject.legal_representative if role == "legal_representative" else
                  subject.administrator if role == "subject_administrator" else website.administrator)
        if person is not None and person.name:
            found.append((person.name, person.id_number, False))
    return found


def _check_holder(filing: Filing, website: Website, domain: Domain, path: str, out: list[Finding]) -> None:
    rule_id = "national.domain.holder_consistent"
    if domain.holder_name is None:
        out.append(rules.needs_information(rule_id, f"{path}.holder_name"))
        return
    candidates = _holder_candidates(filing, website)
    if not candidates:
        out.append(rules.needs_information(rule_id, f"{path}.holder_name", "subject.name"))
        return
    holder = domain.holder_name.strip()
    named = [c for c in candidates if c[0].strip() == holder]
    if not named and not filing.subject.name and "subject" in _holder_roles(filing):
        # The holder may be the subject, whose name is not given: no mismatch can be shown yet.
        out.append(rules.needs_information(rule_id, f"{path}.holder_name", "subject.name"))
        return
    if not named:
        out.append(rules.violation(rule_id, f"{path}.holder_name", _with_detail(
            rule_id, "The holder's name differs.", "持有者名称不一致。")))
        return
    number = domain.holder_certificate_number
    if number and number.strip():
        wanted = number.strip().upper()
        same = [c for c in named if c[1] is None or c[1].strip().upper() == wanted]
        if not same:
            out.append(rules.violation(rule_id, f"{path}.holder_certificate_number", _with_detail(
                rule_id, "The holder's certificate number differs.", "持有者证件号码不一致。")))
            return
        named = same
    kind = domain.holder_certificate_type
    if kind is not None:
        organisation = kind is not CertificateType.personal_id
        if not any(c[2] is None or c[2] is organisation for c in named):
            out.append(rules.violation(rule_id, f"{path}.holder_certificate_type", _with_detail(
                rule_id, "The holder's certificate type does not fit: an organisation holds a domain with an "
                         "organisation certificate, a person with a personal identity document.",
                "持有者证件类型不符：单位须使用单位证件，个人须使用个人身份证件。")))


def _check_expiry(on: dt.date, domain: Domain, path: str, out: list[Finding]) -> None:
    field = f"{path}.expires_on"
    if domain.expires_on is None:
        out.append(rules.needs_information("national.domain.not_expired", field))
    elif domain.expires_on <= on:
        out.append(rules.violation("national.domain.not_expired", field))


# --------------------------------------------------------------------------- subject, people, account (1, 2)


@hookimpl
def check_entity(filing: Filing, facts: Facts) -> list[Finding]:
    out: list[Finding] = []
    for path, person in facts.people(_PEOPLE):
        if person is not None:
            _check_person(facts, path, person, out)
    _check_subject_certificate(filing, facts, out)
    _check_individual_subject(filing, out)
    _check_account(filing, out)
    _check_required_subject_facts(filing, out)
    _check_legal_representative_flags(facts, out)
    return out


def _check_required_subject_facts(filing: Filing, out: list[Finding]) -> None:
    """The facts a filing cannot be judged without; blank values arrive here as missing."""
    subject = filing.subject
    missing = [f"subject.{name}" for name in ("type", "name", "certificate_type", "certificate_number")
               if getattr(subject, name) is None]
    if missing:
        out.append(rules.needs_information("national.subject.required_facts", "subject", *missing))
    if not filing.websites:
        out.append(rules.needs_information("national.website.at_least_one", "websites"))


def _check_legal_representative_flags(facts: Facts, out: list[Finding]) -> None:
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
        else:
            wrong = by_number is True
        if wrong:
            out.append(rules.violation(rule_id, f"{path}.is_legal_representative"))


def _same_text(a: str | None, b: str | None, *, upper: bool = False) -> bool:
    left, right = (a or "").strip(), (b or "").strip()
    return left.upper() == right.upper() if upper else left == right


def _future_birth(birth: dt.date, on: dt.date) -> FactError | None:
    if birth <= on:
        return None
    return FactError("future_birth_date", f"the ID number's birth date is after {on.isoformat()}",
                     f"身份证号码中的出生日期晚于{on.isoformat()}")


def _check_person(facts: Facts, path: str, person: Person, out: list[Finding]) -> None:
    stated = "national.person.stated_facts_match_id"
    if person.id_number and _carries_citizen_number(person, person.residency):
        parsed_id = facts.parsed.resident_id(person.id_number)
        rid = None if isinstance(parsed_id, FactError) else parsed_id
        problem = parsed_id if isinstance(parsed_id, FactError) else _future_birth(parsed_id.birth_date, facts.on)
        if problem is not None:
            rule_id = "national.person.resident_id_valid"
            out.append(rules.violation(rule_id, f"{path}.id_number", _fact_detail(rule_id, problem)))
            rid = None
        if rid is not None:
            if person.id_province is not None and rid.province is not None and person.id_province is not rid.province:
                out.append(rules.violation(stated, f"{path}.id_province", _with_detail(
                    stated, "The stated issuing province differs from the number's.", "所填签发省份与号码不符。")))
            if person.birth_date is not None and person.birth_date != rid.birth_date:
                out.append(rules.violation(stated, f"{path}.birth_date", _with_detail(
                    stated, "The stated birth date differs from the number's.", "所填出生日期与号码不符。")))
            if person.age is not None and person.age != rid.age_on(facts.on):
                out.append(rules.violation(stated, f"{path}.age", _with_detail(
                    stated, "The stated age differs from the number's birth date.",
                    "所填年龄与号码中的出生日期不符。")))
    if (person.birth_date is not None and person.age is not None and person.birth_date <= facts.on
            and age_on(person.birth_date, facts.on) != person.age):
        out.append(rules.violation(stated, f"{path}.age", _with_detail(
            stated, "The stated age differs from the stated birth date.", "所填年龄与所填出生日期不符。")))
    if person.mobile is not None:
        rule_id = "national.person.mobile_valid"
        phone = facts.parsed.phone(person.mobile)
        if isinstance(phone, FactError):
            out.append(rules.violation(rule_id, f"{path}.mobile", _fact_detail(rule_id, phone)))
        else:
            if phone.kind != "mobile":
                out.append(rules.violation(rule_id, f"{path}.mobile", _with_detail(
                    rule_id, "(a fixed-line number was given)", "（填写的是固定电话）")))
    if person.office_phone is not None:
        rule_id = "national.person.office_phone_valid"
        office = facts.parsed.phone(person.office_phone)
        if isinstance(office, FactError):
            out.append(rules.violation(rule_id, f"{path}.office_phone", _fact_detail(rule_id, office)))


def _check_subject_certificate(filing: Filing, facts: Facts, out: list[Finding]) -> None:
    subject = filing.subject
    if subject.certificate_type not in _CREDIT_CODE_CERTIFICATES or not subject.certificate_number:
        return
    code = facts.parsed.credit_code(subject.certificate_number)
    if isinstance(code, FactError):
        rule_id = "national.subject.credit_code_valid"
        out.append(rules.violation(rule_id, "subject.certificate_number", _fact_detail(rule_id, code)))
        return
    if code.province is None:
        return
    if subject.certificate_province is not None and subject.certificate_province is not code.province:
        out.append(rules.violation("national.subject.stated_province_matches_code", "subject.certificate_province"))


def _check_individual_subject(filing: Filing, out: list[Finding]) -> None:
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


def _is_the_individual(rule_id: str, subject: Subject, person: Person, path: str, out: list[Finding]) -> None:
    """In an individual's filing, ``person`` is the individual: same name and same number."""
    if subject.name and person.name and subject.name.strip() != person.name.strip():
        out.append(rules.violation(rule_id, f"{path}.name"))
    elif (subject.certificate_number and person.id_number
          and subject.certificate_number.strip().upper() != person.id_number.strip().upper()):
        out.append(rules.violation(rule_id, f"{path}.id_number"))


def _check_account(filing: Filing, out: list[Finding]) -> None:
    account = filing.account
    if account is None or not account.subjects_on_account:
        return
    rule_id = "national.account.one_subject"
    own = filing.subject.certificate_number
    if not own:
        out.append(rules.needs_information(rule_id, "subject.certificate_number"))
        return
    mine = own.strip().upper()
    if any(other.strip().upper() != mine for other in account.subjects_on_account):
        out.append(rules.violation(rule_id, "account.subjects_on_account"))


# --------------------------------------------------------------------------- instances (4.1)


def _region_in_mainland(region: str) -> bool | None:
    regions = _data()["mainland_regions"]
    region = region.strip().lower()
    if region in regions["not_mainland"] or any(region.startswith(p) for p in regions["abroad_prefixes"]):
        return False
    if region.startswith("cn-"):
        return True
    return None


@hookimpl
def check_instance(filing: Filing, facts: Facts, instance: Instance, path: str) -> list[Finding]:
    out: list[Finding] = []
    rule_id = "national.instance.in_mainland"
    derived = _region_in_mainland(instance.region) if instance.region else None
    if instance.in_mainland is False:
        out.append(rules.violation(rule_id, f"{path}.in_mainland"))
    elif derived is False:
        out.append(rules.violation(rule_id, f"{path}.region"))
    elif instance.in_mainland is None and derived is None:
        out.append(rules.needs_information(rule_id, f"{path}.region", f"{path}.region", f"{path}.in_mainland"))
    _check_subscription(facts.on, instance, path, out)
    return out


def _check_subscription(on: dt.date, instance: Instance, path: str, out: list[Finding]) -> None:
    """4.1: "an instance with a valid subscription", for every instance type. A subscription
    that ended before the day of the check fails; the billing and, for a subscription, its
    end date are asked for. Whether pay-as-you-go is accepted is the instance type's rule."""
    rule_id = "national.instance.valid_subscription"
    if instance.billing is None:
        out.append(rules.needs_information(rule_id, f"{path}.billing"))
    elif instance.billing is Billing.subscription:
        if instance.expires_on is None:
            out.append(rules.needs_information(rule_id, f"{path}.expires_on"))
        elif instance.expires_on < on:
            out.append(rules.violation(rule_id, f"{path}.expires_on", _with_detail(
                rule_id, f"(it ended on {instance.expires_on.isoformat()})",
                f"（已于{instance.expires_on.isoformat()}到期）")))


# --------------------------------------------------------------------------- websites: hosting, services (4.1, 4.2)


@hookimpl
def check_website(filing: Filing, facts: Facts, website: Website, path: str) -> list[Finding]:
    out: list[Finding] = []
    _check_hosting(filing, website, path, out)
    _check_service_number(filing, website, path, out)
    for index, service in enumerate(website.services):
        where = f"{path}.services[{index}]"
        if service.kind is ServiceKind.oss:
            out.append(rules.violation("national.service.oss_custom_domain", where))
        elif service.kind in (ServiceKind.cdn, ServiceKind.waf):
            rule_id = "national.service.cdn_waf_provider_added"
            if service.origin_on_provider is None:
                out.append(rules.needs_information(rule_id, f"{where}.origin_on_provider"))
            elif service.origin_on_provider is False:
                _provider_added(rule_id, service.provider_added, where, out)
        elif service.kind is ServiceKind.anti_ddos_pro:
            rule_id = "national.service.anti_ddos_provider_added"
            if service.bgp is None:
                out.append(rules.needs_information(rule_id, f"{where}.bgp"))
            elif service.bgp:
                _provider_added(rule_id, service.provider_added, where, out)
    return out


def _provider_added(rule_id: str, added: bool | None, where: str, out: list[Finding]) -> None:
    if added is None:
        out.append(rules.needs_information(rule_id, f"{where}.provider_added"))
    elif added is False:
        out.append(rules.violation(rule_id, f"{where}.provider_added"))


def _check_hosting(filing: Filing, website: Website, path: str, out: list[Finding]) -> None:
    rule_id = "national.instance.hosting_known"
    hosting = website.hosting
    if hosting is None or not (hosting.instance_id or hosting.service_identification_number):
        out.append(rules.needs_information(rule_id, f"{path}.hosting"))
        return
    if hosting.instance_id and hosting.instance_id not in {i.id for i in filing.instances}:
        out.append(rules.violation(rule_id, f"{path}.hosting.instance_id"))


def _check_service_number(filing: Filing, website: Website, path: str, out: list[Finding]) -> None:
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
        out.append(rules.violation("national.service_number.not_reused", field))
