"""The national baseline (guide sections 1-4): a failing and a passing filing for every
checked rule, the default change and transfer decisions, the policy data, and
conformance of the plugin.

The fixtures run every installed plugin, so assertions name ``national.*`` rules only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget, TransferRequest
from icp_core.report import Report, Severity
from icp_core.testing import (
    assert_fires,
    assert_needs,
    assert_no_document,
    assert_not_fires,
    assert_requires_document,
    conformance_problems,
    credit_code,
    engine_with_stand_ins,
    filing_data,
    installed_engine,
    make_filing,
    merge,
    mobile,
    original_of,
    resident_id,
    website_data,
)


def website(province: str = "beijing", subject_type: str = "enterprise", **changes: Any) -> dict[str, Any]:
    """The baseline website of ``province``, with ``changes`` merged in (lists replace lists)."""
    return website_data(province, subject_type, **changes)


def domain(province: str = "beijing", subject_type: str = "enterprise", **changes: Any) -> dict[str, Any]:
    return merge(filing_data(province, subject_type)["websites"][0]["domains"][0], changes)


def with_domains(*domains: dict[str, Any], province: str = "beijing") -> dict[str, Any]:
    return {"websites": [website(province, domains=list(domains))]}


def national(report: Report) -> list[str]:
    return [f.rule_id for f in report.findings if f.rule_id.startswith("national.")]


def finding(report: Report, rule_id: str) -> Any:
    hits = [f for f in report.findings if f.rule_id == rule_id]
    assert hits, f"{rule_id} did not fire; got {national(report)}"
    return hits[0]


# -- baselines ----------------------------------------------------------------------


@pytest.mark.parametrize("province", ["beijing", "tianjin", "guangdong", "xinjiang", "hainan", "xizang"])
@pytest.mark.parametrize("subject_type", ["enterprise", "individual"])
def test_baseline_filings_pass_every_national_rule(icp_check, province, subject_type):
    report = icp_check(province, subject_type)
    assert national(report) == []


def test_example_filing_passes_national_rules(icp_engine):
    from icp_core import load_filing

    example = Path(__file__).parents[3] / "examples" / "beijing-enterprise.yaml"
    report = icp_engine.check(load_filing(example))
    assert national(report) == []


# -- 3 domains: the name ------------------------------------------------------------


@pytest.mark.parametrize(("name", "code"), [
    ("exa_mple.com.cn", "idna"),
    ("xn--zz.cn", "idna"),
    ("pаypal.com", "mixed_script"),  # Cyrillic а among Latin letters
    ("com.cn", "no_registrable_part"),
    ("localhost", "no_registrable_part"),
    ("a..cn", "length"),
])
def test_malformed_domain_names_fire(icp_check, name, code):
    report = icp_check(**with_domains(domain(name=name)))
    hit = assert_fires(report, "national.domain.valid", "websites[0].domains[0].name")
    assert hit.message.en.startswith("The domain name is not a valid domain name.")
    assert hit.message.zh.startswith("域名格式无效")


@pytest.mark.parametrize("name", ["例子.中国", "xn--fsqu00a.xn--fiqs8s", "www.例子.公司", "EXAMPLE.COM.CN",
                                  "xinghe-example.gov.cn", "sub.xinghe.net.cn", "示例.网络"])
def test_idn_punycode_and_multilabel_names_are_valid_and_approved(icp_check, name):
    report = icp_check(**with_domains(domain(name=name)))
    assert_not_fires(report, "national.domain.valid")
    assert_not_fires(report, "national.domain.tld_approved")


# -- 3 domains: approved top-level domains ------------------------------------------


@pytest.mark.parametrize("name", ["xinghe-example.io", "xinghe-example.co.uk", "xinghe-example.com.hk", "例子.香港"])
def test_country_code_domains_other_than_cn_are_not_approved(icp_check, name):
    report = icp_check(**with_domains(domain(name=name)))
    hit = assert_fires(report, "national.domain.tld_approved", "websites[0].domains[0].name")
    if name.isascii():
        assert "country-code" in hit.message.en and "国家和地区域名" in hit.message.zh


@pytest.mark.parametrize("name", ["xinghe-example.dev", "xinghe-example.app", "xinghe-example.zzz"])
def test_unapproved_generic_top_level_domains_fire(icp_check, name):
    report = icp_check(**with_domains(domain(name=name)))
    hit = assert_fires(report, "national.domain.tld_approved", "websites[0].domains[0].name")
    assert name.rsplit(".", 1)[1] in hit.message.en


@pytest.mark.parametrize("name", ["xinghe-example.cn", "xinghe-example.com.cn", "xinghe-example.org.cn",
                                  "xinghe-example.bj.cn", "xinghe-example.com", "xinghe-example.top",
                                  "xinghe-example.xyz", "xinghe-example.vip", "例子.中国", "例子.公司"])
def test_approved_top_level_domains_pass(icp_check, name):
    assert_not_fires(icp_check(**with_domains(domain(name=name))), "national.domain.tld_approved")


# -- 3 domains: registrar -----------------------------------------------------------


@pytest.mark.parametrize("registrar", ["GoDaddy.com, LLC", "NameCheap, Inc.", "porkbun"])
def test_a_registrar_known_not_approved_fails(icp_check, registrar):
    """Guide line 310: "If your domain name registrar has not been approved by MIIT, you must
    transfer the domain name to an approved registrar before you apply": a failure, not advice."""
    report = icp_check(**with_domains(domain(registrar=registrar)))
    hit = assert_fires(report, "national.domain.registrar_approved", "websites[0].domains[0].registrar")
    assert hit.severity is Severity.error
    assert "2026-12-01" in hit.message.en and "transfer" in hit.message.en
    assert not report.passed


def test_a_registrar_in_no_list_is_confirmed_by_the_applicant(icp_check):
    """Guide lines 318-324: the applicant looks the registrar up on the MIIT list. The tool's
    list is partial, so a registrar it does not know asks for that look-up (incomplete, never
    pass); "not there" fails as a known unapproved one does, "there" passes."""
    unknown = "Example Regional Registrar Co."
    asked = icp_check(**with_domains(domain(registrar=unknown)))
    assert_needs(asked, "national.domain.registrar_approved", "websites[0].domains[0].registrar_on_miit_list")
    assert not asked.passed
    hit = next(f for f in asked.findings if f.rule_id == "national.domain.registrar_approved")
    assert "partial" in hit.message.en and "registrar_on_miit_list" in hit.message.zh
    refused = icp_check(**with_domains(domain(registrar=unknown, registrar_on_miit_list=False)))
    assert_fires(refused, "national.domain.registrar_approved", "websites[0].domains[0].registrar_on_miit_list")
    confirmed = icp_check(**with_domains(domain(registrar=unknown, registrar_on_miit_list=True)))
    assert_not_fires(confirmed, "national.domain.registrar_approved")


def test_a_registrar_known_not_approved_fails_even_if_said_to_be_listed(icp_check):
    report = icp_check(**with_domains(domain(registrar="GoDaddy", registrar_on_miit_list=True)))
    assert_fires(report, "national.domain.registrar_approved", "websites[0].domains[0].registrar")


def test_unknown_registrar_needs_information(icp_check):
    report = icp_check(**with_domains(domain(registrar=None)))
    assert_needs(report, "national.domain.registrar_approved", "websites[0].domains[0].registrar")


@pytest.mark.parametrize("registrar", ["阿里云计算有限公司（万网）", "阿里云计算有限公司", "HiChina", "hichina",
                                       "腾讯云计算(北京)有限责任公司", "厦门易名科技股份有限公司",
                                       " 北京新网数码信息技术有限公司 ", "Xin Net Technology Corporation"])
def test_listed_registrars_pass(icp_check, registrar):
    report = icp_check(**with_domains(domain(registrar=registrar)))
    assert_not_fires(report, "national.domain.registrar_approved")


# -- 3 domains: real-name verification and its sync delay ------------------------------


def test_real_name_date_missing_needs_information(icp_check):
    report = icp_check(**with_domains(domain(real_name_verified_on=None)))
    assert_needs(report, "national.domain.real_name_verified", "websites[0].domains[0].real_name_verified_on")


def test_real_name_verified_after_the_evaluation_date_fires(icp_check):
    report = icp_check(**with_domains(domain(real_name_verified_on="2026-12-05")))
    assert_fires(report, "national.domain.real_name_verified", "websites[0].domains[0].real_name_verified_on")
    assert_not_fires(icp_check(), "national.domain.real_name_verified")


@pytest.mark.parametrize("verified", ["2026-12-01", "2026-11-30", "2026-11-29"])
def test_real_name_within_three_days_is_a_warning(icp_check, verified):
    """Guide line 283: "We recommend that you wait three days": a recommendation, so a
    warning that does not fail the filing."""
    report = icp_check(**with_domains(domain(real_name_verified_on=verified)))
    hit = assert_fires(report, "national.domain.real_name_sync_delay", "websites[0].domains[0].real_name_verified_on")
    assert "3 days" in hit.message.en and "3天" in hit.message.zh
    assert hit.severity is Severity.warning
    assert [f.rule_id for f in report.findings if f.severity is Severity.error] == []


@pytest.mark.parametrize("verified", ["2026-11-28", "2026-10-08"])
def test_real_name_three_days_or_more_before_passes(icp_check, verified):
    report = icp_check(**with_domains(domain(real_name_verified_on=verified)))
    assert_not_fires(report, "national.domain.real_name_sync_delay")


def test_sync_delay_uses_the_evaluation_date_not_today(icp_check):
    report = icp_check(on=dt.date(2026, 10, 9), **with_domains(domain(real_name_verified_on="2026-10-08")))
    assert_fires(report, "national.domain.real_name_sync_delay")


# -- 3 domains: holder consistency --------------------------------------------------


def test_holder_name_differs_fires(icp_check):
    report = icp_check(**with_domains(domain(holder_name="别的公司有限公司")))
    assert_fires(report, "national.domain.holder_consistent", "websites[0].domains[0].holder_name")


def test_holder_certificate_number_differs_fires(icp_check):
    report = icp_check(**with_domains(domain(holder_certificate_number=credit_code("beijing", "MA02WXY1"))))
    hit = assert_fires(report, "national.domain.holder_consistent", "websites[0].domains[0].holder_certificate_number")
    assert credit_code("beijing", "MA02WXY1") not in hit.message.en


def test_enterprise_domain_held_with_personal_certificate_fires(icp_check):
    report = icp_check(**with_domains(domain(holder_certificate_type="personal_id")))
    assert_fires(report, "national.domain.holder_consistent", "websites[0].domains[0].holder_certificate_type")


def test_individual_domain_held_with_business_licence_fires(icp_check):
    bad = icp_check("beijing", "individual",
                    **with_domains(domain(subject_type="individual", holder_certificate_type="business_license")))
    assert_fires(bad, "national.domain.holder_consistent", "websites[0].domains[0].holder_certificate_type")
    good = icp_check("beijing", "individual",
                     **with_domains(domain(subject_type="individual", holder_certificate_type="personal_id")))
    assert_not_fires(good, "national.domain.holder_consistent")


def test_consistent_holder_passes(icp_check):
    report = icp_check(**with_domains(domain(holder_certificate_type="business_license")))
    assert_not_fires(report, "national.domain.holder_consistent")


def test_legal_representative_may_hold_the_domain_nationally(icp_check):
    data = filing_data("beijing")
    legal = data["subject"]["legal_representative"]
    report = icp_check(**with_domains(domain(holder_name=legal["name"], holder_certificate_type="personal_id",
                                             holder_certificate_number=legal["id_number"])))
    assert_not_fires(report, "national.domain.holder_consistent")


def test_an_administrator_is_not_a_holder_nationally(icp_check):
    """Guide line 145: the subject's name, certificate type and number must be consistent with
    the domain holder's. An enterprise's domain held by its website administrator fails."""
    admin = filing_data("beijing")["websites"][0]["administrator"]
    report = icp_check(**with_domains(domain(holder_name=admin["name"], holder_certificate_type="personal_id",
                                             holder_certificate_number=admin["id_number"])))
    assert_fires(report, "national.domain.holder_consistent", "websites[0].domains[0].holder_name")


def test_an_individuals_domain_is_their_own(icp_check):
    """Guide line 140: "The owner of the website must be individual entities" — for an
    individual's filing, the individual: a domain held by someone else fails."""
    other = {"name": "赵敏", "id_number": resident_id("beijing", "19950505", "042")}
    bad = icp_check("beijing", "individual", **with_domains(domain(
        subject_type="individual", holder_name=other["name"], holder_certificate_type="personal_id",
        holder_certificate_number=other["id_number"])))
    assert_fires(bad, "national.domain.holder_consistent", "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check("beijing", "individual"), "national.domain.holder_consistent")


def test_holder_missing_needs_information(icp_check):
    report = icp_check(**with_domains(domain(holder_name=None)))
    assert_needs(report, "national.domain.holder_consistent", "websites[0].domains[0].holder_name")


# -- 3 domains: expiry, registration site -------------------------------------------


@pytest.mark.parametrize("expires", ["2026-12-01", "2026-06-30"])
def test_expired_domain_fires(icp_check, expires):
    report = icp_check(**with_domains(domain(expires_on=expires)))
    assert_fires(report, "national.domain.not_expired", "websites[0].domains[0].expires_on")


def test_domain_valid_on_the_evaluation_date_passes(icp_check):
    assert_not_fires(icp_check(**with_domains(domain(expires_on="2026-12-02"))), "national.domain.not_expired")


def test_domain_expiry_missing_needs_information(icp_check):
    report = icp_check(**with_domains(domain(expires_on=None)))
    assert_needs(report, "national.domain.not_expired", "websites[0].domains[0].expires_on")


def test_domain_registered_outside_mainland_fires(icp_check):
    report = icp_check(**with_domains(domain(registered_outside_mainland=True)))
    assert_fires(report, "national.domain.registered_in_mainland",
                 "websites[0].domains[0].registered_outside_mainland")
    assert_not_fires(icp_check(), "national.domain.registered_in_mainland")


# -- 3 domains: subdomains of a domain already on record ----------------------------


def test_subdomain_of_a_domain_on_record_is_an_info_finding(icp_check):
    report = icp_check(subject={"domains_on_record": ["xinghe-example.com.cn"]},
                       **with_domains(domain(name="blog.xinghe-example.com.cn")))
    hit = assert_fires(report, "national.domain.subdomain_of_filed_domain", "websites[0].domains[0].name")
    assert hit.severity is Severity.info
    assert "national.domain.subdomain_of_filed_domain" in national(report)
    assert not [f for f in report.findings if f.rule_id.startswith("national.") and f.severity is Severity.error]


def test_subdomain_covered_through_an_idn_on_record(icp_check):
    report = icp_check(subject={"domains_on_record": ["例子.中国"]},
                       **with_domains(domain(name="www.xn--fsqu00a.xn--fiqs8s")))
    assert_fires(report, "national.domain.subdomain_of_filed_domain")


def test_subdomain_marked_on_record_or_beside_its_registrable_domain_on_record(icp_check):
    marked = icp_check(**with_domains(domain(name="www.xinghe-example.com.cn", on_record=True)))
    assert_fires(marked, "national.domain.subdomain_of_filed_domain")
    beside = icp_check(**with_domains(domain(on_record=True), domain(name="shop.xinghe-example.com.cn")))
    assert_fires(beside, "national.domain.subdomain_of_filed_domain", "websites[0].domains[1].name")


def test_subdomain_without_a_filed_parent_and_registrable_domains_are_not_flagged(icp_check):
    fresh = icp_check(**with_domains(domain(name="www.xinghe-example.com.cn")))
    assert_not_fires(fresh, "national.domain.subdomain_of_filed_domain")
    other = icp_check(subject={"domains_on_record": ["another-example.com.cn"]},
                      **with_domains(domain(name="www.xinghe-example.com.cn")))
    assert_not_fires(other, "national.domain.subdomain_of_filed_domain")
    registrable = icp_check(**with_domains(domain(on_record=True)))
    assert_not_fires(registrable, "national.domain.subdomain_of_filed_domain")


# -- 1 people: resident ID numbers ---------------------------------------------------


def broken(number: str) -> str:
    """The same number with a wrong check character."""
    return number[:-1] + ("0" if number[-1] != "0" else "1")


@pytest.mark.parametrize(("path", "overrides"), [
    ("subject.administrator", lambda n: {"subject": {"administrator": {"id_number": n}}}),
    ("subject.legal_representative", lambda n: {"subject": {"legal_representative": {"id_number": n}}}),
    ("websites[0].administrator", lambda n: {"websites": [website(administrator={"id_number": n})]}),
])
def test_broken_resident_id_checksum_fires(icp_check, path, overrides):
    number = broken(resident_id("beijing", "19880808", "017"))
    report = icp_check(**overrides(number))
    hit = assert_fires(report, "national.person.resident_id_valid", f"{path}.id_number")
    assert number not in hit.message.en and number not in hit.message.zh
    assert "check character" in hit.message.en


@pytest.mark.parametrize(("number", "words"), [
    (resident_id("beijing", "19900230", "011"), "birth date"),
    (resident_id("beijing", "18990101", "011"), "before 1900"),
    (resident_id("beijing", "20301231", "011"), "after"),
    ("11010119900307123", "18 characters"),
    ("11010119900307123Y", "17 digits"),
])
def test_impossible_resident_id_numbers_fire(icp_check, number, words):
    report = icp_check(subject={"administrator": {"id_number": number}})
    hit = assert_fires(report, "national.person.resident_id_valid", "subject.administrator.id_number")
    assert words in hit.message.en


@pytest.mark.parametrize("province", ["beijing", "guangdong", "xinjiang", "xizang", "neimenggu"])
def test_valid_resident_ids_of_many_provinces_pass(icp_check, province):
    number = resident_id(province, "19700101", "999")
    report = icp_check(subject={"administrator": {"id_number": number, "is_legal_representative": True}})
    assert_not_fires(report, "national.person.resident_id_valid")


def test_lowercase_x_check_character_is_accepted(icp_check):
    number = next(n for n in (resident_id("beijing", "19900307", f"{s:03d}") for s in range(200)) if n.endswith("X"))
    report = icp_check(subject={"administrator": {"id_number": number.lower()}})
    assert_not_fires(report, "national.person.resident_id_valid")


def test_non_citizen_documents_are_not_read_as_resident_ids(icp_check):
    person = {"id_type": "passport", "id_number": "E12345678", "residency": "foreign"}
    report = icp_check(websites=[website(administrator=person)])
    assert_not_fires(report, "national.person.resident_id_valid")


# -- 1 people: stated facts against the number ---------------------------------------


def test_stated_id_province_contradicting_the_number_fires(icp_check):
    report = icp_check(subject={"administrator": {"id_province": "shanghai"}})
    assert_fires(report, "national.person.stated_facts_match_id", "subject.administrator.id_province")
    assert_not_fires(icp_check(subject={"administrator": {"id_province": "beijing"}}),
                     "national.person.stated_facts_match_id")


def test_stated_birth_date_contradicting_the_number_fires(icp_check):
    report = icp_check(subject={"administrator": {"birth_date": "1985-07-13"}})
    assert_fires(report, "national.person.stated_facts_match_id", "subject.administrator.birth_date")
    assert_not_fires(icp_check(subject={"administrator": {"birth_date": "1985-07-12"}}),
                     "national.person.stated_facts_match_id")


def test_stated_age_contradicting_the_number_fires(icp_check):
    # born 1985-07-12: 41 on 2026-12-01
    report = icp_check(subject={"administrator": {"age": 40}})
    assert_fires(report, "national.person.stated_facts_match_id", "subject.administrator.age")
    assert_not_fires(icp_check(subject={"administrator": {"age": 41}}), "national.person.stated_facts_match_id")


def test_stated_age_contradicting_the_stated_birth_date_fires(icp_check):
    person = {"name": "陈默", "id_type": "passport", "id_number": "E98765432", "residency": "foreign",
              "birth_date": "2000-01-01", "age": 30}
    report = icp_check(websites=[website(administrator=person)])
    assert_fires(report, "national.person.stated_facts_match_id", "websites[0].administrator.age")
    person["age"] = 26
    assert_not_fires(icp_check(websites=[website(administrator=person)]), "national.person.stated_facts_match_id")


# -- 1 people: phone numbers ---------------------------------------------------------


@pytest.mark.parametrize("number", ["13900091", "12012345678", "139000900011", "010-6234567a", "+44 20 7946 0958",
                                    "010-62345678"])
def test_malformed_or_fixed_line_mobile_fires(icp_check, number):
    report = icp_check(subject={"administrator": {"mobile": number}})
    hit = assert_fires(report, "national.person.mobile_valid", "subject.administrator.mobile")
    assert number not in hit.message.en


@pytest.mark.parametrize("province", ["beijing", "shanghai", "guangdong", "sichuan", "xinjiang", "heilongjiang"])
def test_mobile_numbers_of_several_provinces_pass(icp_check, province):
    for number in (mobile(province), "+86 " + mobile(province), mobile(province)[:3] + "-" + mobile(province)[3:]):
        report = icp_check(websites=[website(administrator={"mobile": number})])
        assert_not_fires(report, "national.person.mobile_valid")


@pytest.mark.parametrize("number", ["12345", "0571-0888888", "019-88888888", "abc"])
def test_malformed_office_phone_fires(icp_check, number):
    report = icp_check(websites=[website(administrator={"office_phone": number})])
    assert_fires(report, "national.person.office_phone_valid", "websites[0].administrator.office_phone")


@pytest.mark.parametrize("number", ["010-62345678", "0571-88888888", "+86 755 8888 8888", mobile("hubei")])
def test_well_formed_office_phone_passes(icp_check, number):
    report = icp_check(websites=[website(administrator={"office_phone": number})])
    assert_not_fires(report, "national.person.office_phone_valid")


# -- 1 subject: certificates --------------------------------------------------------


def test_broken_credit_code_fires(icp_check):
    code = broken(credit_code("beijing"))
    report = icp_check(subject={"certificate_number": code})
    hit = assert_fires(report, "national.subject.credit_code_valid", "subject.certificate_number")
    assert "position 18" in hit.message.en


def test_broken_organisation_code_inside_credit_code_fires(icp_check):
    from icp_core.facts import credit_code_check_character

    code = credit_code("beijing")
    first17 = code[:16] + ("0" if code[16] != "0" else "1")
    report = icp_check(subject={"certificate_number": first17 + credit_code_check_character(first17)})
    hit = assert_fires(report, "national.subject.credit_code_valid", "subject.certificate_number")
    assert "position 17" in hit.message.en


def test_valid_credit_codes_pass(icp_check):
    for serial in ("MA01ABCD", "MA7XYQ12", "12345678"):
        report = icp_check(subject={"certificate_number": credit_code("beijing", serial)})
        assert_not_fires(report, "national.subject.credit_code_valid")


def test_the_guide_has_no_rule_on_where_the_enterprise_is_registered(icp_check):
    """The guide states no national rule that a subject files where it is registered, so a
    Beijing-registered enterprise filing in Tianjin gets no national finding for it."""
    code = credit_code("beijing")
    report = icp_check("tianjin", subject={"certificate_number": code},
                       **with_domains(domain("tianjin", holder_certificate_number=code), province="tianjin"))
    assert [f.rule_id for f in report.findings
            if f.rule_id.startswith("national.") and f.field == "subject.certificate_number"] == []


def test_stated_certificate_province_contradicting_the_code_fires(icp_check):
    report = icp_check(subject={"certificate_province": "tianjin"})
    assert_fires(report, "national.subject.stated_province_matches_code", "subject.certificate_province")
    good = icp_check(subject={"certificate_province": "beijing"})
    assert_not_fires(good, "national.subject.stated_province_matches_code")


def test_enterprise_filing_with_a_personal_certificate_fires(icp_check):
    report = icp_check(subject={"certificate_type": "personal_id"})
    assert_fires(report, "national.subject.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(subject={"certificate_type": "public_institution"}),
                     "national.subject.enterprise_certificate")


def test_individual_filing_with_an_organisation_certificate_fires(icp_check):
    report = icp_check("beijing", "individual", subject={"certificate_type": "business_license"})
    assert_fires(report, "national.subject.individual_certificate", "subject.certificate_type")
    assert_not_fires(icp_check("beijing", "individual"), "national.subject.individual_certificate")


def test_individual_subject_must_be_its_own_administrator(icp_check):
    other = {"name": "赵敏", "id_number": resident_id("beijing", "19950505", "042")}
    by_name = icp_check("beijing", "individual", subject={"administrator": {"name": other["name"]}})
    assert_fires(by_name, "national.subject.individual_is_administrator", "subject.administrator.name")
    by_number = icp_check("beijing", "individual", subject={"administrator": {"id_number": other["id_number"]}})
    assert_fires(by_number, "national.subject.individual_is_administrator", "subject.administrator.id_number")
    assert_not_fires(icp_check("beijing", "individual"), "national.subject.individual_is_administrator")


def test_an_individuals_website_administrator_is_the_individual(icp_check):
    """Guide lines 184-186: for an individual, "the certificate of the website administrator …
    indicate[s] the identity document of the entity": another person as website
    administrator fails; the individual themselves passes."""
    other = {"name": "赵敏", "id_type": "resident_id_card", "id_number": resident_id("beijing", "19950505", "042"),
             "mobile": mobile("beijing", "0009")}
    bad = icp_check("beijing", "individual", websites=[website("beijing", "individual", administrator=other)])
    assert_fires(bad, "national.subject.individual_is_website_administrator", "websites[0].administrator.name")
    assert_not_fires(icp_check("beijing", "individual"), "national.subject.individual_is_website_administrator")


# -- 1 identity documents of residents of Hong Kong, Macao, Taiwan and foreigners -------


@pytest.mark.parametrize(("rule", "residency", "wrong", "right"), [
    ("national.identity.hong_kong_macao_documents", "hong_kong_macao", "passport", "hk_macao_travel_permit"),
    ("national.identity.hong_kong_macao_documents", "hong_kong_macao", "resident_id_card",
     "hk_macao_residence_permit"),
    ("national.identity.taiwan_documents", "taiwan", "passport", "taiwan_travel_permit"),
    ("national.identity.taiwan_documents", "taiwan", "hk_macao_travel_permit", "taiwan_residence_permit"),
    ("national.identity.foreign_documents", "foreign", "resident_id_card", "passport"),
    # Guide line 190: "Non-mainland China residents: passport" — not the permanent-resident card.
    ("national.identity.foreign_documents", "foreign", "foreign_permanent_residence", "passport"),
])
def test_identity_documents_by_residency(icp_check, rule, residency, wrong, right):
    person = {"name": "陈美玲", "residency": residency, "id_type": wrong, "id_number": "H12345678",
              "mobile": mobile("beijing", "0003")}
    bad = icp_check(websites=[website(administrator=person)])
    assert_fires(bad, rule, "websites[0].administrator.id_type")
    good = icp_check(websites=[website(administrator={**person, "id_type": right})])
    assert_not_fires(good, rule)


# -- 2 accounts ----------------------------------------------------------------------


def test_account_already_filing_for_another_subject_fires(icp_check):
    other = credit_code("beijing", "MA09QRPT")
    report = icp_check(account={"subjects_on_account": [other]})
    hit = assert_fires(report, "national.account.one_subject", "account.subjects_on_account")
    assert other not in hit.message.en


def test_account_filing_for_the_same_subject_passes(icp_check):
    own = credit_code("beijing")
    assert_not_fires(icp_check(account={"subjects_on_account": [own.lower()]}), "national.account.one_subject")
    assert_not_fires(icp_check(), "national.account.one_subject")


def test_account_check_needs_the_subject_certificate_number(icp_check):
    report = icp_check(subject={"certificate_number": None}, account={"subjects_on_account": [credit_code("hebei")]})
    assert_needs(report, "national.account.one_subject", "subject.certificate_number")


# -- 4.1 instances -----------------------------------------------------------------


def instance(**changes: Any) -> dict[str, Any]:
    return merge(filing_data("beijing")["instances"][0], changes)


@pytest.mark.parametrize("region", ["cn-hongkong", "ap-southeast-1", "us-west-1", "eu-central-1", "me-east-1"])
def test_instances_outside_mainland_fire(icp_check, region):
    report = icp_check(instances=[instance(region=region, in_mainland=None)])
    assert_fires(report, "national.instance.in_mainland", "instances[0].region")


def test_instance_stated_outside_mainland_fires(icp_check):
    report = icp_check(instances=[instance(in_mainland=False)])
    assert_fires(report, "national.instance.in_mainland", "instances[0].in_mainland")


@pytest.mark.parametrize("region", ["cn-beijing", "cn-shanghai", "cn-shenzhen", "cn-wulanchabu"])
def test_mainland_regions_pass(icp_check, region):
    report = icp_check(instances=[instance(region=region, in_mainland=None)])
    assert_not_fires(report, "national.instance.in_mainland")


def test_instance_location_unknown_needs_information(icp_check):
    report = icp_check(instances=[instance(region=None, in_mainland=None)])
    assert_needs(report, "national.instance.in_mainland", "instances[0].region")
    unknown = icp_check(instances=[instance(region="moon-base-1", in_mainland=None)])
    assert_needs(unknown, "national.instance.in_mainland", "instances[0].region")


def test_an_instance_whose_subscription_has_ended_fails(icp_check):
    """Guide line 358: "You must specify an Alibaba Cloud instance with a valid subscription."
    An instance that ended months before the day of the check fails, for every instance
    type; one that runs past it passes."""
    for kind in ("ecs", "nat_gateway"):
        expired = icp_check(instances=[instance(type=kind, expires_on="2026-05-31")])
        assert_fires(expired, "national.instance.valid_subscription", "instances[0].expires_on")
        assert not expired.passed
    assert_not_fires(icp_check(instances=[instance(expires_on="2026-12-01")]), "national.instance.valid_subscription")
    assert_not_fires(icp_check(), "national.instance.valid_subscription")


def test_the_subscription_end_and_billing_are_asked_for(icp_check):
    no_end = icp_check(instances=[instance(expires_on=None)])
    assert_needs(no_end, "national.instance.valid_subscription", "instances[0].expires_on")
    no_billing = icp_check(instances=[instance(billing=None)])
    assert_needs(no_billing, "national.instance.valid_subscription", "instances[0].billing")


def test_website_hosted_on_an_instance_not_in_the_filing_fires(icp_check):
    report = icp_check(websites=[website(hosting={"instance_id": "i-elsewhere"})])
    assert_fires(report, "national.instance.hosting_known", "websites[0].hosting.instance_id")
    assert_not_fires(icp_check(), "national.instance.hosting_known")


def test_website_hosting_missing_needs_information(icp_check):
    report = icp_check(websites=[website(hosting=None)])
    assert_needs(report, "national.instance.hosting_known", "websites[0].hosting")


def test_website_identified_by_a_service_number_only_passes(icp_check):
    report = icp_check(websites=[website(hosting={"instance_id": None, "service_identification_number": "SN0001"})])
    assert_not_fires(report, "national.instance.hosting_known")


# -- 4.2 service identification numbers -------------------------------------------


def test_used_service_number_cannot_be_reused(icp_check):
    report = icp_check(instances=[instance(service_numbers=[{"number": "SN0001", "used": True}])],
                       websites=[website(hosting={"service_identification_number": "SN0001"})])
    assert_fires(report, "national.service_number.not_reused", "websites[0].hosting.service_identification_number")


def test_unused_service_number_passes(icp_check):
    report = icp_check(instances=[instance(service_numbers=[{"number": "SN0001", "used": False},
                                                            {"number": "SN0002", "used": True}])],
                       websites=[website(hosting={"service_identification_number": "SN0001"})])
    assert_not_fires(report, "national.service_number.not_reused")


def test_one_service_number_for_two_websites_fires_on_the_second(icp_check):
    first = website(hosting={"service_identification_number": "SN0007"})
    second = website(name="第二个网站", hosting={"service_identification_number": "SN0007"},
                     domains=[domain(name="xinghe-second.com.cn")])
    report = icp_check(websites=[first, second])
    assert_fires(report, "national.service_number.not_reused", "websites[1].hosting.service_identification_number")
    assert not [f for f in report.findings if f.rule_id == "national.service_number.not_reused"
                and f.field.startswith("websites[0]")]


# -- 4.1 other services --------------------------------------------------------------


def test_oss_custom_domain_is_an_info_finding(icp_check):
    report = icp_check(websites=[website(services=[{"kind": "oss"}])])
    hit = assert_fires(report, "national.service.oss_custom_domain", "websites[0].services[0]")
    assert hit.severity is Severity.info
    assert_not_fires(icp_check(), "national.service.oss_custom_domain")


@pytest.mark.parametrize("kind", ["cdn", "waf"])
def test_cdn_waf_with_origin_elsewhere_needs_the_provider_added(icp_check, kind):
    bad = icp_check(websites=[website(services=[{"kind": kind, "origin_on_provider": False,
                                                 "provider_added": False}])])
    assert_fires(bad, "national.service.cdn_waf_provider_added", "websites[0].services[0].provider_added")
    unknown = icp_check(websites=[website(services=[{"kind": kind, "origin_on_provider": False}])])
    assert_needs(unknown, "national.service.cdn_waf_provider_added", "websites[0].services[0].provider_added")
    origin = icp_check(websites=[website(services=[{"kind": kind}])])
    assert_needs(origin, "national.service.cdn_waf_provider_added", "websites[0].services[0].origin_on_provider")
    for good in ({"origin_on_provider": False, "provider_added": True}, {"origin_on_provider": True}):
        report = icp_check(websites=[website(services=[{"kind": kind, **good}])])
        assert_not_fires(report, "national.service.cdn_waf_provider_added")


def test_anti_ddos_bgp_needs_the_provider_added(icp_check):
    bad = icp_check(websites=[website(services=[{"kind": "anti_ddos_pro", "bgp": True, "provider_added": False}])])
    assert_fires(bad, "national.service.anti_ddos_provider_added", "websites[0].services[0].provider_added")
    unknown = icp_check(websites=[website(services=[{"kind": "anti_ddos_pro"}])])
    assert_needs(unknown, "national.service.anti_ddos_provider_added", "websites[0].services[0].bgp")
    for good in ({"bgp": True, "provider_added": True}, {"bgp": False}, {"bgp": False, "provider_added": False}):
        report = icp_check(websites=[website(services=[{"kind": "anti_ddos_pro", **good}])])
        assert_not_fires(report, "national.service.anti_ddos_provider_added")


# -- 1 documents ---------------------------------------------------------------------


def national_only(province: str = "beijing", subject_type: str = "enterprise") -> Report:
    """A check by this plugin alone: a province asking for the same upload would merge
    national's requirement into its own entry (``also_required_by``)."""
    return installed_engine("icp-national").check(make_filing(province, subject_type))


def test_enterprise_documents():
    report = national_only()
    for document, rule_id in (("subject_certificate", "national.document.subject_certificate"),
                              ("subject_administrator_id", "national.document.subject_administrator_id"),
                              ("website_administrator_id", "national.document.website_administrator_id"),
                              ("authenticity_statement", "national.document.authenticity_statement")):
        assert_requires_document(report, document, rule_id)


def test_individual_uploads_the_identity_document_once():
    report = national_only("beijing", "individual")
    assert_requires_document(report, "subject_certificate", "national.document.subject_certificate")
    assert_requires_document(report, "authenticity_statement", "national.document.authenticity_statement")
    assert_no_document(report, "subject_administrator_id")
    assert_no_document(report, "website_administrator_id")


def test_national_documents_are_merged_with_a_province_asking_for_the_same(icp_check):
    report = icp_check()
    (entry,) = [d for d in report.documents if d.document == "authenticity_statement"]
    assert "national.document.authenticity_statement" in (entry.rule_id, *entry.also_required_by)


def test_auxiliary_documents_and_face_verification_are_notes(icp_check):
    report = icp_check()
    notes = {n.rule_id for n in report.notes}
    for key in ("face_verification", "photo_holding_id", "photo_holding_organization_certificate",
                "authorization_letter", "domain_confirmation", "domain_holder_certificate",
                "finance_commitment_letter", "website_construction_plan", "domain_certificate"):
        assert f"national.document.{key}" in notes
        assert_no_document(report, key, f"national.document.{key}")


# -- 5 change and transfer: provincial only --------------------------------------------


def national_with_stand_ins() -> Engine:
    """The national plugin, with an empty stand-in for every other scope."""
    return engine_with_stand_ins(allow=["icp-national"])


@pytest.mark.parametrize(("subject_type", "to"), [
    ("enterprise", ChangeTarget.enterprise), ("enterprise", ChangeTarget.individual),
    ("individual", ChangeTarget.individual), ("individual", ChangeTarget.enterprise),
    ("enterprise", ChangeTarget.new_name), ("enterprise", ChangeTarget.new_certificate_number),
])
def test_the_national_plugin_decides_no_change(subject_type, to):
    """5.1 sends every change question to the province; 5.5.1 even allows
    individual-to-enterprise where 5.2.1 restricts it: no nationwide default exists."""
    report = national_with_stand_ins().change(make_filing("beijing", subject_type), ChangeRequest(
        to=to, individual_is_legal_representative=False))
    assert report.outcome.value == "undetermined"
    assert [d for d in report.decisions if d.scope == "national"] == []
    assert "national.change.provincial_only" in [n.rule_id for n in report.notes]


def test_the_national_plugin_decides_no_transfer():
    filing = make_filing("beijing")
    renamed = TransferRequest(original_of(filing, subject_name="旧名称有限公司"))
    report = national_with_stand_ins().transfer(filing, renamed)
    assert report.outcome.value == "undetermined"
    assert "national.transfer.provincial_only" in [n.rule_id for n in report.notes]


def test_a_request_in_a_province_without_a_plugin_is_not_covered():
    from icp_core.engine import Engine
    from icp_core.plugins import find_plugins
    from icp_core.provinces import Province

    # Every province has its plugin in this repository: an engine of the national plugin
    # alone is a deployment without the province's (installed, not allowed).
    uncovered = Province.hebei
    assert f"province.{uncovered.value}" in {s.scope for s in find_plugins()}
    report = Engine.from_entry_points(["icp-national"]).change(
        make_filing(uncovered), ChangeRequest(to=ChangeTarget.individual))
    assert report.outcome.value == "not_covered"
    assert {c.scope: c.status.value for c in report.coverage}[f"province.{uncovered.value}"] == "not_allowed"


# -- 6 pre-approvals: finance named but not declared -----------------------------------


@pytest.mark.parametrize("where", [{"subject": {"name": "北京星河投资管理有限公司"}},
                                   {"subject": {"business_scope": "资产管理；企业管理咨询"}}])
def test_finance_named_by_the_subject_must_be_declared(icp_check, where):
    """Guide line 1462: finance pre-approval is decided "according to the entity name, course of
    business, website name": a company named for investment management, or with asset
    management in its business scope, must declare the finance industry on its website."""
    report = icp_check(**where)
    assert_fires(report, "national.industry.finance_declared", "websites")
    declared = icp_check(**where, websites=[website(industries=["finance"])])
    assert_not_fires(declared, "national.industry.finance_declared")
    assert_not_fires(icp_check(), "national.industry.finance_declared")


@pytest.mark.parametrize(("where", "word"), [
    ({"subject": {"name": "北京星河投资管理有限公司"}}, "投资管理"),
    ({"subject": {"business_scope": "股权投资基金管理；企业管理咨询"}}, "基金"),
    ({"websites": [website(name="星河财富管理平台")]}, "财富管理"),
    ({"websites": [website(name="Xinghe Wealth Management")]}, "Wealth Management"),
    ({"websites": [website(remarks="为个人投资者提供理财产品介绍")]}, "理财"),
])
def test_the_finance_finding_names_the_word_that_brought_it(icp_check, where, word):
    """Line 1462: finance is recognised from the subject's name, its business, the website's
    name and its content; the applicant is told which word was read as finance."""
    finding = assert_fires(icp_check(**where), "national.industry.finance_declared", "websites")
    assert f"“{word}”" in finding.message.en and f"“{word}”" in finding.message.zh


def test_a_shop_that_takes_payments_is_not_a_finance_website(icp_check):
    """Line 1462 lists payment as a financial activity, but a website's remarks are sentences:
    a shop that "supports online payment" offers no payment service."""
    shop = icp_check(websites=[website(remarks="企业商城，支持在线支付")])
    assert_not_fires(shop, "national.industry.finance_declared")


# -- policy data ------------------------------------------------------------------


def test_policy_data_is_dated_and_sourced():
    from icp_core.plugins import find_plugins

    (spec,) = [s for s in find_plugins() if s.scope == "national"]
    policy = spec.load_policy()
    assert policy is not None
    data = policy.data_on(dt.date(2026, 12, 1))  # approved_tlds is dated: the version in force that day
    for key in ("approved_tlds", "approved_registrars"):
        assert dt.date.fromisoformat(data[key]["as_of"])
        assert "MIIT" in data[key]["source"]
    assert policy.rule("national.domain.real_name_sync_delay").params == {"days": 3}
    # every listed suffix is a well-formed domain suffix
    from icp_core.facts import parse_domain

    for suffix in data["approved_tlds"]["suffixes"]:
        parse_domain("example." + suffix)


def test_registrar_names_compare_without_brackets_case_or_blanks():
    from icp_national import _registrar_key

    assert _registrar_key("阿里云计算有限公司（万网）") == _registrar_key("阿里云计算有限公司 (万网) ")
    assert _registrar_key("HiChina") == _registrar_key("hichina")
    assert _registrar_key("北京新网数码信息技术有限公司") != _registrar_key("北京新网互联科技有限公司")


# -- conformance ------------------------------------------------------------------


def test_conformance():
    assert conformance_problems("icp-national", [Path(__file__).parent]) == []


def test_a_profile_tunes_the_sync_delay():
    from icp_core.engine import Engine
    from icp_core.profiles import Profile, RuleOverride

    filing = make_filing("beijing", websites=[website_data("beijing", domain={"real_name_verified_on": "2026-11-27"})])
    assert_not_fires(Engine.from_entry_points(["icp-national"]).check(filing), "national.domain.real_name_sync_delay")
    five = Profile("slow-sync", rules={"national.domain.real_name_sync_delay": RuleOverride(params={"days": 5})})
    assert_fires(Engine.from_entry_points(["icp-national"], profile=five).check(filing),
                 "national.domain.real_name_sync_delay")


def test_administrators_must_be_identified_before_a_filing_passes(icp_check):
    report = icp_check("beijing", subject={"administrator": {"mobile": None, "id_number": None}})
    assert_needs(report, "national.person.required_facts", "subject.administrator.mobile")
    assert_needs(report, "national.person.required_facts", "subject.administrator.id_number")
    assert report.verdict.value == "incomplete"
    assert_not_fires(icp_check("beijing"), "national.person.required_facts")


# -- 1 what a filing must state ---------------------------------------------------------


def test_the_subject_must_be_identified(icp_check):
    """Section 1: the subject files with its certificate; without its type, name and
    certificate number the filing cannot be checked, so it is incomplete."""
    report = icp_check("beijing", subject={"certificate_type": None, "certificate_number": None})
    assert_needs(report, "national.subject.required_facts", "subject.certificate_number")
    assert_needs(report, "national.subject.required_facts", "subject.certificate_type")
    assert not report.passed
    assert_not_fires(icp_check("beijing"), "national.subject.required_facts")


def test_a_filing_is_for_at_least_one_website(icp_check):
    """Section 1: the filing is made for websites and their domains; none given is incomplete."""
    assert_needs(icp_check("beijing", websites=[]), "national.website.at_least_one", "websites")
    assert_not_fires(icp_check("beijing"), "national.website.at_least_one")


def test_the_legal_representative_flag_must_describe_the_legal_representative(icp_check):
    """Section 1 (documents table): the administrator's identity is checked against the
    documents, so a person marked as the legal representative must be that person."""
    stranger = {"name": "赵六", "id_number": resident_id("beijing", "19880101", "456"), "is_legal_representative": True}
    claimed = icp_check("beijing", subject={"administrator": stranger})
    assert_fires(claimed, "national.person.legal_representative_flag_consistent",
                 "subject.administrator.is_legal_representative")
    legal = filing_data("beijing")["subject"]["legal_representative"]
    denied = icp_check("beijing", websites=[website_data("beijing", administrator={
        "name": legal["name"], "id_number": legal["id_number"], "is_legal_representative": False})])
    assert_fires(denied, "national.person.legal_representative_flag_consistent",
                 "websites[0].administrator.is_legal_representative")
    assert_not_fires(icp_check("beijing"), "national.person.legal_representative_flag_consistent")
