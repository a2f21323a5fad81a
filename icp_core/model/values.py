"""The enumerated values of a filing: each a key, most with their names in both languages."""

from __future__ import annotations

import enum


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
