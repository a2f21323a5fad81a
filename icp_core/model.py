"""The filing, as facts: small frozen attrs classes that know nothing of rules or plugins.

Vocabulary follows the pre-filing guide: the *subject* (主体) is the enterprise or
individual that files; the *subject administrator* (主体负责人) and each website's
*website administrator* (网站负责人) are people; websites carry domains and are
hosted on instances (or identified by a service identification number, 服务码).

A field that is ``None`` is a fact not given yet: a console checks a filing while
the applicant is still typing it, and rules that need a missing fact answer
"needs information" instead of passing or failing.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from icp_core.provinces import Province


class Labelled(enum.StrEnum):
    """A key with its name in English and Simplified Chinese, declared on the member
    (``resident_id_card = "resident_id_card", "resident ID card", "居民身份证"``): answers
    name a value in the reader's language, and no rule kind keeps its own table of names."""

    en: str
    zh: str

    def __new__(cls, value: str, en: str = "", zh: str = "") -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.en = en or value.replace("_", " ")
        member.zh = zh or member.en
        return member


class SubjectType(enum.StrEnum):
    """Whether the filing is an enterprise (organisation) filing or an individual's."""

    enterprise = "enterprise"
    individual = "individual"


class Residency(Labelled):
    """Where a person's identity comes from; decides which documents are accepted."""

    mainland = "mainland", "mainland", "内地居民"
    hong_kong_macao = "hong_kong_macao", "Hong Kong or Macao", "港澳居民"
    taiwan = "taiwan", "Taiwan", "台湾居民"
    foreign = "foreign", "foreign", "外国"


class IdDocumentType(Labelled):
    """Identity documents a person can file with (section 1, documents table)."""

    resident_id_card = "resident_id_card", "resident ID card", "居民身份证"
    temporary_id_card = "temporary_id_card", "temporary ID card", "临时身份证"
    household_register = "household_register", "household register", "户口簿"
    hk_macao_residence_permit = "hk_macao_residence_permit", "residence permit for Hong Kong and Macao residents", \
        "港澳居民居住证"
    hk_macao_travel_permit = "hk_macao_travel_permit", "Mainland travel permit for Hong Kong and Macao residents", \
        "港澳居民来往内地通行证"
    taiwan_residence_permit = "taiwan_residence_permit", "residence permit for Taiwan residents", "台湾居民居住证"
    taiwan_travel_permit = "taiwan_travel_permit", "Mainland travel permit for Taiwan residents", \
        "台湾居民来往大陆通行证"
    passport = "passport", "passport", "护照"
    foreign_permanent_residence = "foreign_permanent_residence", "foreign permanent resident ID card", \
        "外国人永久居留身份证"
    military_id = "military_id", "military ID", "军官证"


class CertificateType(Labelled):
    """Certificates that identify an organisation (or, for individuals, the person)."""

    #: Three-in-One, with a unified social credit code.
    business_license = "business_license", "business licence", "营业执照"
    #: Pre-2015 licences.
    organization_code = "organization_code", "organization code certificate", "组织机构代码证"
    public_institution = "public_institution", "public institution legal person certificate", "事业单位法人证书"
    social_organization = "social_organization", "social organization registration certificate", \
        "社会团体法人登记证书"
    #: Government bodies: their unified social credit code certificate.
    government = "government", "unified social credit code certificate", "统一社会信用代码证书"
    other_organization = "other_organization", "other organization certificate", "其他单位证件"
    personal_id = "personal_id", "personal identity document", "个人身份证件"


class LocalProof(Labelled):
    """Proofs that tie a person to a province other than their ID's issuing one."""

    residence_permit = "residence_permit", "a residence permit", "居住证"
    temporary_residence_permit = "temporary_residence_permit", "a temporary residence permit", "暂住证"
    student_id = "student_id", "a student ID", "学生证"
    social_insurance = "social_insurance", "a social insurance record", "社保证明"
    employment = "employment", "proof of employment", "工作证明"
    #: "or other such documents" (Sichuan).
    other = "other", "other proof of studying, living or working there", "其他学习、居住或工作证明"


class InstanceType(enum.StrEnum):
    """Hosting instance types that can back a filing (section 4.1, table 4-1)."""

    ecs = "ecs"
    web_hosting = "web_hosting"
    simple_application_server = "simple_application_server"
    elastic_web_hosting = "elastic_web_hosting"
    marketplace_site_builder = "marketplace_site_builder"
    nat_gateway = "nat_gateway"
    ipv6_translation = "ipv6_translation"
    ens = "ens"


class Billing(enum.StrEnum):
    """How an instance is paid for: a subscription, or by use."""

    subscription = "subscription"  # paid in advance for a term (包年包月)
    pay_as_you_go = "pay_as_you_go"  # paid by use (按量付费)


class ServiceKind(enum.StrEnum):
    """Services in front of a website (section 4.1, other services)."""

    oss = "oss"  # Object Storage Service with a custom domain
    cdn = "cdn"  # content delivery network
    waf = "waf"  # web application firewall
    anti_ddos_pro = "anti_ddos_pro"  # Anti-DDoS Pro


@attrs.frozen
class LocalProofHeld:
    """A proof (residence permit, student ID …) held for one province."""

    #: What the proof is (a residence permit, a student ID …).
    kind: LocalProof
    #: The province the proof is for.
    province: Province


@attrs.frozen
class Person:
    """A natural person: subject administrator, website administrator or legal representative."""

    #: Full name as on the identity document.
    name: str | None = None
    #: The identity document the person files with.
    id_type: IdDocumentType | None = None
    #: Number of that identity document; a resident ID number is checked (length, date of birth, check character).
    #: Write it in quotes in YAML: it is text, not a number.
    id_number: str | None = attrs.field(default=None, repr=False)
    #: Province whose authority issued the ID; derived from a resident ID number.
    id_province: Province | None = None
    #: Where the person's identity comes from (mainland, Hong Kong or Macao, Taiwan, foreign); decides which identity
    #: documents are accepted.
    residency: Residency | None = None
    #: Birth date; derived from a resident ID number. Use ``age`` when only that is known.
    birth_date: dt.date | None = None
    #: Age in years, for when the birth date is not known.
    age: int | None = None
    #: Mobile phone number (11 digits, or with +86); its province is derived where the offline data knows the prefix.
    mobile: str | None = attrs.field(default=None, repr=False)
    #: Province of the mobile number; derived from the number where the data knows it.
    mobile_province: Province | None = None
    #: Office landline with its area code (010-…), where one is needed.
    office_phone: str | None = attrs.field(default=None, repr=False)
    #: Email address.
    email: str | None = attrs.field(default=None, repr=False)
    #: This person is the legal representative of the subject.
    is_legal_representative: bool | None = None
    #: Proofs of living, studying or working in a province, by province.
    local_proofs: tuple[LocalProofHeld, ...] = ()
    #: Administers filings of other subjects too (Heilongjiang forbids it).
    administers_other_subjects: bool | None = None


@attrs.frozen
class Subject:
    """The enterprise or individual that files (主办单位/主办者)."""

    #: Whether an enterprise (organisation) or an individual files.
    type: SubjectType | None = None
    #: The subject's name exactly as on its certificate (an individual: the person's name).
    name: str | None = None
    #: An individual business (个体工商户); Tianjin files these as enterprises.
    individual_business: bool | None = None
    #: Business scope as on the business licence.
    business_scope: str | None = None
    #: The certificate that identifies the subject (an individual: personal_id).
    certificate_type: CertificateType | None = None
    #: Number of that certificate: a unified social credit code for a business licence, an ID number for an
    #: individual. Quote it in YAML.
    certificate_number: str | None = attrs.field(default=None, repr=False)
    #: Province of the certificate's issuing division; derived from a credit code.
    certificate_province: Province | None = None
    #: The legal representative (enterprises).
    legal_representative: Person | None = None
    #: Mailing address of the subject.
    mailing_address: str | None = None
    #: The subject administrator (主体负责人): the person responsible for the filing.
    administrator: Person | None = None
    #: Domains of this subject already on record (in other filings), for counts across filings.
    domains_on_record: tuple[str, ...] = ()
    #: ICP numbers of this subject's filings already on record.
    filings_on_record: tuple[str, ...] = ()


@attrs.frozen
class Domain:
    """A domain name of a website, with what the registrar's records say of it."""

    #: The domain name (Unicode or punycode), e.g. example.com.cn.
    name: str
    #: The registrar the domain is registered with (its approval by MIIT is checked).
    registrar: str | None = None
    #: The applicant found the registrar on MIIT's list of approved registration service
    #: agencies (域名注册服务机构审批情况); asked when the registrar is in none of the dated lists.
    registrar_on_miit_list: bool | None = None
    #: Registered through a site whose servers are outside mainland China.
    registered_outside_mainland: bool | None = None
    #: The day the domain's real-name verification was completed.
    real_name_verified_on: dt.date | None = None
    #: The domain holder's name as the registrar's real-name record shows it.
    holder_name: str | None = None
    #: The certificate the domain holder verified with.
    holder_certificate_type: CertificateType | None = None
    #: Number of that certificate. Quote it in YAML.
    holder_certificate_number: str | None = attrs.field(default=None, repr=False)
    #: WHOIS privacy protection is switched on.
    privacy_protection: bool | None = None
    #: The day the domain registration expires.
    expires_on: dt.date | None = None
    #: Already covered by an ICP filing on record (possibly at another provider).
    on_record: bool | None = None


@attrs.frozen
class PreApproval:
    """A licence obtained before filing for a regulated content industry (section 6)."""

    #: The industry the licence is for: a key of the industry catalogue (see ``Website.industries``).
    industry: str
    #: Which licence it is, where an industry accepts several (medicine: a key of the
    #: industry rule's ``accepted_licenses``, e.g. ``medical_device_trading_permit``).
    license_type: str | None = None
    #: The licence number.
    license_number: str | None = None
    #: The authority that issued the licence.
    issuer: str | None = None
    #: The last day the licence is valid.
    valid_until: dt.date | None = None


@attrs.frozen
class Service:
    """A service in front of the website (OSS custom domain, CDN, WAF, Anti-DDoS Pro)."""

    #: Which service.
    kind: ServiceKind
    #: For CDN and WAF: the origin runs on this provider's mainland instances.
    origin_on_provider: bool | None = None
    #: For Anti-DDoS Pro: BGP multi-line enabled (as opposed to telecom/unicom lines).
    bgp: bool | None = None
    #: The provider is already added to the filing as a service provider.
    provider_added: bool | None = None


@attrs.frozen
class Hosting:
    """Where a website runs: an instance on this account, or a service identification number."""

    #: The id of the instance on this account that hosts the website (an ``instances[].id``).
    instance_id: str | None = None
    #: A service identification number (服务码) instead, e.g. for an instance on another account.
    service_identification_number: str | None = None


@attrs.frozen
class Website:
    """A website of the filing: its content, its administrator, its domains and where it runs."""

    #: The website's name, as the website itself shows it.
    name: str | None = None
    #: Remarks for the reviewer: what the website is for, why several domains point at it …
    remarks: str | None = None
    #: The regulated content industries of the website (section 6), by key.
    industries: tuple[str, ...] = ()
    #: Licences obtained before filing for the website's regulated industries.
    pre_approvals: tuple[PreApproval, ...] = ()
    #: The website sells goods or services online (e-commerce).
    sells_online: bool | None = None
    #: The website administrator (网站负责人).
    administrator: Person | None = None
    #: The website's domains.
    domains: tuple[Domain, ...] = ()
    #: Where the website runs.
    hosting: Hosting | None = None
    #: Services in front of the website.
    services: tuple[Service, ...] = ()
    #: The website is reachable and shows its ICP number (for transfers and renewals).
    accessible: bool | None = None


@attrs.frozen
class ServiceNumber:
    """A service identification number issued for an instance, and whether it was used."""

    #: The service identification number.
    number: str
    #: The number is already used by a filing.
    used: bool = False


@attrs.frozen
class Instance:
    """A hosting instance of the account (section 4.1): it backs the websites that name its id."""

    #: The instance id, as websites' ``hosting.instance_id`` names it.
    id: str
    #: The instance type.
    type: InstanceType
    #: The region id, e.g. cn-beijing.
    region: str | None = None
    #: In mainland China; derived from the region id where it is a known one.
    in_mainland: bool | None = None
    #: How the instance is billed.
    billing: Billing | None = None
    #: Length of the subscription, in months.
    subscription_months: int | None = None
    #: When the current subscription ends (for "renew before filing" checks).
    expires_on: dt.date | None = None
    #: Public bandwidth, in Mbit/s.
    public_bandwidth_mbps: float | None = None
    #: Amount of the instance's order, in CNY.
    order_amount_cny: Decimal | None = None
    #: Service identification numbers issued for this instance.
    service_numbers: tuple[ServiceNumber, ...] = ()


@attrs.frozen
class Account:
    """The cloud account that files. One account files for one subject (section 2)."""

    #: The cloud account's id.
    id: str | None = None
    #: Certificate numbers of subjects this account already files for.
    subjects_on_account: tuple[str, ...] = attrs.field(default=(), repr=False)


@attrs.frozen
class DocumentContents:
    """What an uploaded document declares it covers, where a province prescribes its
    contents (Guangdong's website construction plan, 5.9.3)."""

    #: The uploaded document: ``key`` or ``key@path``, as in ``documents``.
    document: str
    #: The points it covers (e.g. ``content_and_sections``, ``security_measures``); the rule
    #: that prescribes the contents lists the points it accepts.
    covers: frozenset[str] = frozenset()


@attrs.frozen
class Filing:
    """One ICP filing application: the subject, its websites and what hosts them."""

    #: The province the subject files in: a key (beijing), a Chinese name (北京, 北京市), its one-character abbreviation
    #: (京) or its GB/T 2260 code (11).
    province: Province
    #: The enterprise or individual that files.
    subject: Subject
    #: The websites of the filing.
    websites: tuple[Website, ...] = ()
    #: The hosting instances the websites run on.
    instances: tuple[Instance, ...] = ()
    #: Documents already uploaded, by key: for the whole filing, or as ``key@path`` for one item.
    documents: frozenset[str] = frozenset()
    #: For uploaded documents whose contents a province prescribes: the points each covers.
    document_contents: tuple[DocumentContents, ...] = ()
    #: The cloud account that files.
    account: Account | None = None
    #: The day the rules are evaluated for; ages and date rules use it, never today().
    evaluated_on: dt.date | None = None


class ChangeTarget(enum.StrEnum):
    """What a change request turns the filing into (section 5, change rules)."""

    enterprise = "enterprise"  # another enterprise (from an enterprise), or an enterprise (from an individual)
    individual = "individual"  # another individual, or an individual (from an enterprise)
    new_name = "new_name"  # same enterprise, new name
    new_certificate_number = "new_certificate_number"  # same enterprise, new certificate number
    new_name_and_certificate_number = "new_name_and_certificate_number"  # same enterprise, new name and number


class ChangeKind(enum.StrEnum):
    """The cell of the change matrix a request falls in (derived from filing + target)."""

    enterprise_to_enterprise = "enterprise_to_enterprise"
    enterprise_to_individual = "enterprise_to_individual"
    individual_to_individual = "individual_to_individual"
    individual_to_enterprise = "individual_to_enterprise"
    new_name = "new_name"
    new_certificate_number = "new_certificate_number"
    new_name_and_certificate_number = "new_name_and_certificate_number"


def _requirement(en: str, zh: str) -> Any:
    """A fact of a change request that a province's change rule may require (its
    ``requires``), with what it means in both languages: declared here once, read by the
    change rules and by ``icp change``'s flags."""
    return attrs.field(default=None, metadata={"requirement": (en, zh)})


@attrs.frozen
class ChangeRequest:
    """A request to change a filing on record (``icp change``): what it becomes, and the facts the rules ask."""

    #: What the filing is to become.
    to: ChangeTarget
    #: The subject's new name (for a change of name).
    new_name: str | None = None
    #: The subject's new certificate number. Quote it in YAML.
    new_certificate_number: str | None = attrs.field(default=None, repr=False)
    #: The old and new names are recognisably the same organisation.
    names_related: bool | None = _requirement("the old and new names must be recognisably related",
                                              "新旧名称须存在关联")
    #: The individual is the legal representative of the enterprise on the other side.
    individual_is_legal_representative: bool | None = _requirement(
        "the individual must be the legal representative of the enterprise", "该个人须为该单位的法定代表人")
    #: The individual is the website administrator of the enterprise on the other side.
    individual_is_website_administrator: bool | None = _requirement(
        "the individual must be the enterprise's website administrator", "该个人须为该单位的网站负责人")
    #: Every domain of the subject is held by the subject after the change.
    domains_held_by_new_subject: bool | None = _requirement(
        "every domain of the subject must be held by the new subject", "主体下所有域名须由变更后的主体持有")
    #: The change comes from converting to a Three-in-One business licence.
    three_in_one_conversion: bool | None = _requirement(
        "the change must come from a Three-in-One licence conversion", "变更须因三证合一换证引起")
    #: Documents the applicant can provide for the change (document keys).
    documents: frozenset[str] = frozenset()

    def kind(self, current: SubjectType) -> ChangeKind:
        if self.to is ChangeTarget.enterprise:
            return (
                ChangeKind.enterprise_to_enterprise
                if current is SubjectType.enterprise
                else ChangeKind.individual_to_enterprise
            )
        if self.to is ChangeTarget.individual:
            return (
                ChangeKind.enterprise_to_individual
                if current is SubjectType.enterprise
                else ChangeKind.individual_to_individual
            )
        return ChangeKind(self.to.value)



#: The facts a change rule may require (``requires``, ``unless``), by field of
#: ``ChangeRequest``, with what each means in English and Chinese.
CHANGE_REQUIREMENTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    field.name: field.metadata["requirement"] for field in attrs.fields(ChangeRequest)
    if "requirement" in field.metadata})

@attrs.frozen
class OriginalFiling:
    """The filing on record at the previous provider, as a public query shows it."""

    #: Whether the filing on record is an enterprise or an individual filing.
    subject_type: SubjectType | None = None
    #: The subject's name on record.
    subject_name: str | None = None
    #: The subject's certificate number on record. Quote it in YAML.
    certificate_number: str | None = attrs.field(default=None, repr=False)
    #: The subject administrator's name on record.
    subject_administrator_name: str | None = None
    #: The subject administrator's ID number on record. Quote it in YAML.
    subject_administrator_id_number: str | None = attrs.field(default=None, repr=False)
    #: The names of the website administrators on record.
    website_administrator_names: tuple[str, ...] = ()
    #: Every website of the filing is reachable and shows its ICP number.
    websites_accessible: bool | None = None


@attrs.frozen
class TransferRequest:
    """A request to transfer in a filing on record at another provider (``icp transfer``)."""

    #: The filing on record at the previous provider.
    original: OriginalFiling
    #: Documents the applicant can provide for the transfer (document keys).
    documents: frozenset[str] = frozenset()
