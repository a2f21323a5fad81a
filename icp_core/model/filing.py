"""The filing: the subject, its people, websites, domains, instances, documents and account."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from icp_core.model.values import (
    Billing,
    CertificateType,
    IdDocumentType,
    InstanceType,
    LocalProof,
    Residency,
    ServiceKind,
    SubjectType,
)
from icp_core.provinces import Province


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
