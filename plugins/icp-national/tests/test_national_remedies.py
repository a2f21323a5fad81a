"""Remedies of the national rules, from the guide's bullets (sections 1-4): for each, a filing
that breaks the rule, the remedy its finding carries, and the filing with that remedy carried
out (``icp_core.testing.apply_remedy``) no longer breaking the rule.

Every installed plugin runs, so assertions name one ``national.*`` rule at a time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from icp_core.loading import load_filing
from icp_core.remedies import REVIEW, remedy_of
from icp_core.report import Finding, Remedy, RemedyAction, Report, Status
from icp_core.testing import apply_remedy, filing_data, installed_engine, merge

ENGINE = installed_engine()
Data = dict[str, Any]


def check(data: Data) -> Report:
    return ENGINE.check(load_filing(data))


def broken(data: Data, rule_id: str, field: str) -> tuple[Finding, Remedy]:
    """The violation of ``rule_id`` at ``field`` in ``data``, and its remedy as answers show it."""
    hits = [f for f in check(data).findings
            if f.rule_id == rule_id and f.field == field and f.status is Status.violation]
    assert hits, f"{rule_id} did not fire at {field}"
    remedy = remedy_of(hits[0])
    assert remedy is not None and hits[0].remedy is not REVIEW
    assert remedy.text.en and remedy.text.zh and "{" not in remedy.text.en + remedy.text.zh
    return hits[0], remedy


def fixed(data: Data, remedy: Remedy, rule_id: str, *, given: Data | None = None) -> Report:
    """``data`` with ``remedy`` carried out: ``rule_id`` no longer fires anywhere."""
    report = check(apply_remedy(data, remedy, given=given))
    still = [f"{f.field}: {f.status.value}" for f in report.findings if f.rule_id == rule_id]
    assert still == [], f"{rule_id} remains after {remedy.action.value} {remedy.field}: {still}"
    return report


def with_domain(data: Data, **changes: Any) -> Data:
    first = data["websites"][0]
    changed: Data = merge(data, {"websites": [merge(first, {"domains": [merge(first["domains"][0], changes)]})]})
    return changed


def with_instance(data: Data, **changes: Any) -> Data:
    changed: Data = merge(data, {"instances": [merge(data["instances"][0], changes)]})
    return changed


def with_website(data: Data, **changes: Any) -> Data:
    changed: Data = merge(data, {"websites": [merge(data["websites"][0], changes)]})
    return changed


DOMAIN = "websites[0].domains[0]"


# -- 3 domains ------------------------------------------------------------------------


def test_a_holder_of_another_name_is_made_the_subject():
    """Guide line 273: "If the domain holder information is inconsistent with the entity
    information, you can transfer the domain name to the entity"."""
    data = with_domain(filing_data("beijing"), holder_name="某某其他有限公司")
    _, remedy = broken(data, "national.domain.holder_consistent", f"{DOMAIN}.holder_name")
    assert remedy.action is RemedyAction.copy_from and remedy.field == f"{DOMAIN}.holder_name"
    # The subject first; an enterprise's legal representative may hold it too (data.domain_holder).
    assert remedy.same_as == ("subject.name", "subject.legal_representative.name")
    fixed(data, remedy, "national.domain.holder_consistent")


def test_an_individual_holder_of_another_name_can_only_be_the_individual():
    data = with_domain(filing_data("henan", "individual"), holder_name="赵某某")
    _, remedy = broken(data, "national.domain.holder_consistent", f"{DOMAIN}.holder_name")
    assert remedy.same_as == ("subject.name",)
    fixed(data, remedy, "national.domain.holder_consistent")


def test_a_holder_number_that_differs_is_copied_from_the_one_named():
    data = with_domain(filing_data("beijing"), holder_certificate_number="91110000000000000X")
    _, remedy = broken(data, "national.domain.holder_consistent", f"{DOMAIN}.holder_certificate_number")
    assert remedy.action is RemedyAction.copy_from and remedy.same_as == ("subject.certificate_number",)
    fixed(data, remedy, "national.domain.holder_consistent")


@pytest.mark.parametrize(("subject_type", "stated", "action", "first"), [
    ("enterprise", "personal_id", RemedyAction.one_of, "business_license"),
    ("individual", "business_license", RemedyAction.set_value, "personal_id"),
])
def test_a_holder_certificate_type_of_the_other_kind_is_set(subject_type, stated, action, first):
    """Section 3: name, certificate type and number are those of the subject."""
    data = with_domain(filing_data("beijing", subject_type), holder_certificate_type=stated)
    _, remedy = broken(data, "national.domain.holder_consistent", f"{DOMAIN}.holder_certificate_type")
    assert remedy.action is action and remedy.values[0] == first and "personal_id" not in remedy.values[1:]
    fixed(data, remedy, "national.domain.holder_consistent")


@pytest.mark.parametrize("verified", ["2026-12-01", "2026-11-29"])
def test_a_fresh_real_name_verification_passes_three_days_later(verified):
    """Guide line 283: "We recommend that you wait three days" after the real-name verification."""
    data = with_domain(filing_data("beijing"), real_name_verified_on=verified)
    _, remedy = broken(data, "national.domain.real_name_sync_delay", f"{DOMAIN}.real_name_verified_on")
    day = dt.date.fromisoformat(verified) + dt.timedelta(days=3)
    assert remedy.action is RemedyAction.wait_until and remedy.passes_on == day
    assert day.isoformat() in remedy.text.en and day.isoformat() in remedy.text.zh
    fixed(data, remedy, "national.domain.real_name_sync_delay")
    one_day_early = check(merge(data, {"evaluated_on": (day - dt.timedelta(days=1)).isoformat()}))
    assert any(f.rule_id == "national.domain.real_name_sync_delay" for f in one_day_early.findings)


def test_a_profile_with_a_longer_delay_waits_longer():
    from icp_core.engine import Engine
    from icp_core.profiles import Profile, RuleOverride

    five = Profile("slow-sync", rules={"national.domain.real_name_sync_delay": RuleOverride(params={"days": 5})})
    data = with_domain(filing_data("beijing"), real_name_verified_on="2026-11-30")
    found = [f for f in Engine.from_entry_points(["icp-national"], profile=five).check(load_filing(data)).findings
             if f.rule_id == "national.domain.real_name_sync_delay"]
    remedy = remedy_of(found[0])
    assert remedy is not None and remedy.passes_on == dt.date(2026, 12, 5) and "5 days" in remedy.text.en


def test_an_expired_domain_is_renewed():
    """Guide line 287: "If your domain name has expired, you must renew the domain name"."""
    data = with_domain(filing_data("beijing"), expires_on="2026-11-30")
    _, remedy = broken(data, "national.domain.not_expired", f"{DOMAIN}.expires_on")
    assert remedy.action is RemedyAction.at_least and remedy.minimum == 1
    fixed(data, remedy, "national.domain.not_expired")


@pytest.mark.parametrize(("changes", "field"), [
    ({"registrar": "GoDaddy.com, LLC"}, "registrar"),
    ({"registrar": "某某域名服务有限公司", "registrar_on_miit_list": False}, "registrar_on_miit_list"),
])
def test_a_domain_at_an_unapproved_registrar_is_transferred_to_an_approved_one(changes, field):
    """Section 3: "you must transfer the domain name to an approved registrar before you apply"."""
    data = with_domain(filing_data("beijing"), **changes)
    _, remedy = broken(data, "national.domain.registrar_approved", f"{DOMAIN}.{field}")
    assert remedy.action is RemedyAction.one_of and remedy.field == f"{DOMAIN}.registrar"
    assert "阿里云计算有限公司（万网）" in remedy.values and "GoDaddy.com, LLC" not in remedy.values
    fixed(data, remedy, "national.domain.registrar_approved")


def test_an_unapproved_top_level_domain_needs_another_domain():
    """Guide line 291: "Top-level domains that are not approved by MIIT cannot obtain an ICP
    filing": the suffix is a fact of the domain, so the remedy is another domain, for a person."""
    data = with_domain(filing_data("beijing"), name="xinghe-example.dev")
    _, remedy = broken(data, "national.domain.tld_approved", f"{DOMAIN}.name")
    assert remedy.action is RemedyAction.change and not remedy.actionable and ".cn" in remedy.text.en
    assert remedy.field == f"{DOMAIN}.name"


def test_an_invalid_domain_name_is_given_again():
    data = with_domain(filing_data("beijing"), name="exa_mple.com.cn")
    _, remedy = broken(data, "national.domain.valid", f"{DOMAIN}.name")
    assert remedy.action is RemedyAction.provide and remedy.fields == (f"{DOMAIN}.name",)
    fixed(data, remedy, "national.domain.valid", given=filing_data("beijing"))


# -- 1 people and subject ---------------------------------------------------------------


@pytest.mark.parametrize(("flag", "changes", "value"), [
    (True, {"id_number": None, "name": "赵某某"}, False),  # another person marked as the representative
    (False, {}, True),  # the representative marked as not being it
])
def test_a_legal_representative_flag_that_the_details_contradict_is_set(flag, changes, value):
    data = merge(filing_data("beijing"), {"subject": {"administrator": {"is_legal_representative": flag,
                                                                        **changes}}})
    if changes:  # keep a number, the representative's own would contradict the new name
        data = merge(data, {"subject": {"administrator": {"id_number": "110101199201150020"}}})
    field = "subject.administrator.is_legal_representative"
    _, remedy = broken(data, "national.person.legal_representative_flag_consistent", field)
    assert remedy.action is RemedyAction.set_value and remedy.values == (value,) and remedy.field == field
    fixed(data, remedy, "national.person.legal_representative_flag_consistent")


def test_the_representatives_number_under_another_name_is_for_a_person_to_correct():
    data = merge(filing_data("beijing"), {"subject": {"administrator": {"name": "赵某某"}}})
    _, remedy = broken(data, "national.person.legal_representative_flag_consistent",
                       "subject.administrator.is_legal_representative")
    assert remedy.action is RemedyAction.change and not remedy.actionable


@pytest.mark.parametrize(("who", "changes", "field", "same_as"), [
    ("administrator", {"name": "赵某某"}, "name", "subject.name"),
    ("administrator", {"id_number": "410102199001010011"}, "id_number", "subject.certificate_number"),
])
def test_an_individuals_administrator_is_made_the_individual(who, changes, field, same_as):
    """Section 1: for an individual, the certificates of the entity and of the administrators
    are the individual's own."""
    data = merge(filing_data("henan", "individual"), {"subject": {who: changes}})
    path = f"subject.{who}.{field}"
    _, remedy = broken(data, "national.subject.individual_is_administrator", path)
    assert remedy.action is RemedyAction.copy_from and remedy.same_as == (same_as,) and remedy.field == path
    fixed(data, remedy, "national.subject.individual_is_administrator")


def test_an_individuals_website_administrator_is_made_the_individual():
    data = filing_data("henan", "individual")
    data = with_website(data, administrator=merge(data["websites"][0]["administrator"], {"name": "赵某某"}))
    _, remedy = broken(data, "national.subject.individual_is_website_administrator",
                       "websites[0].administrator.name")
    assert remedy.same_as == ("subject.name",)
    fixed(data, remedy, "national.subject.individual_is_website_administrator")


def test_a_stated_province_is_set_to_the_id_numbers():
    data = merge(filing_data("beijing"), {"subject": {"administrator": {"id_province": "xizang"}}})
    _, remedy = broken(data, "national.person.stated_facts_match_id", "subject.administrator.id_province")
    assert remedy.action is RemedyAction.set_value and remedy.values == ("beijing",)
    fixed(data, remedy, "national.person.stated_facts_match_id")


def test_a_stated_birth_date_is_asked_again_never_shown_from_the_number():
    """The birth date is the part of an ID number its mask hides: the remedy does not state it."""
    complete = filing_data("beijing")
    data = merge(complete, {"subject": {"administrator": {"birth_date": "1970-01-01"}}})
    _, remedy = broken(data, "national.person.stated_facts_match_id", "subject.administrator.birth_date")
    assert remedy.action is RemedyAction.provide and remedy.values == ()
    assert "1985" not in remedy.text.en + remedy.text.zh
    fixed(data, remedy, "national.person.stated_facts_match_id",
          given=merge(complete, {"subject": {"administrator": {"birth_date": "1985-07-12"}}}))


@pytest.mark.parametrize(("field", "bad", "rule_id"), [
    ("mobile", "12345", "national.person.mobile_valid"),
    ("mobile", "010-12345678", "national.person.mobile_valid"),
    ("office_phone", "0000", "national.person.office_phone_valid"),
    ("id_number", "110101198507120015", "national.person.resident_id_valid"),
])
def test_an_invalid_number_is_given_again(field, bad, rule_id):
    """An invalid number only the applicant can correct: the remedy asks for the field again."""
    complete = filing_data("beijing")
    data = merge(complete, {"subject": {"administrator": {field: bad}}})
    _, remedy = broken(data, rule_id, f"subject.administrator.{field}")
    assert remedy.action is RemedyAction.provide and remedy.fields == (f"subject.administrator.{field}",)
    assert bad not in remedy.text.en
    right = merge(complete, {"subject": {"administrator": {"office_phone": "010-62345678"}}})
    fixed(data, remedy, rule_id, given=right)


def test_a_certificate_province_is_set_to_the_credit_codes():
    data = merge(filing_data("beijing"), {"subject": {"certificate_province": "xizang"}})
    _, remedy = broken(data, "national.subject.stated_province_matches_code", "subject.certificate_province")
    assert remedy.action is RemedyAction.set_value and remedy.values == ("beijing",)
    fixed(data, remedy, "national.subject.stated_province_matches_code")


# -- 2 accounts -------------------------------------------------------------------------


def test_an_account_filing_for_another_subject_is_replaced_by_a_separate_one():
    """Section 2: one account files for one subject."""
    data = merge(filing_data("beijing"), {"account": {"subjects_on_account": ["91110000MA00000000"]}})
    _, remedy = broken(data, "national.account.one_subject", "account.subjects_on_account")
    assert remedy.action is RemedyAction.at_most and remedy.maximum == 0
    fixed(data, remedy, "national.account.one_subject")


# -- 4.1 instances and services, 4.2 service identification numbers ------------------------


def test_an_instance_outside_mainland_china_is_replaced():
    """Guide line 354: "The Alibaba Cloud instance must be located in Mainland China"."""
    data = with_instance(filing_data("beijing"), in_mainland=False)
    _, remedy = broken(data, "national.instance.in_mainland", "instances[0].in_mainland")
    assert remedy.action is RemedyAction.set_value and remedy.values == (True,)
    fixed(data, remedy, "national.instance.in_mainland")
    abroad = with_instance(filing_data("beijing"), region="cn-hongkong", in_mainland=None)
    _, remedy = broken(abroad, "national.instance.in_mainland", "instances[0].region")
    assert remedy.action is RemedyAction.change and "cn-" in remedy.text.en


def test_an_ended_subscription_is_renewed():
    """Guide line 358: "You must specify an Alibaba Cloud instance with a valid subscription"."""
    data = with_instance(filing_data("beijing"), expires_on="2026-11-01")
    _, remedy = broken(data, "national.instance.valid_subscription", "instances[0].expires_on")
    assert remedy.action is RemedyAction.at_least
    fixed(data, remedy, "national.instance.valid_subscription")


def test_a_website_on_an_unknown_instance_is_put_on_the_filings():
    data = with_website(filing_data("beijing"), hosting={"instance_id": "i-nowhere"})
    _, remedy = broken(data, "national.instance.hosting_known", "websites[0].hosting.instance_id")
    assert remedy.action is RemedyAction.one_of and remedy.values == ("i-example0001",)
    fixed(data, remedy, "national.instance.hosting_known")


@pytest.mark.parametrize("service", [
    {"kind": "cdn", "origin_on_provider": False, "provider_added": False},
    {"kind": "waf", "origin_on_provider": False, "provider_added": False},
    {"kind": "anti_ddos_pro", "bgp": True, "provider_added": False},
])
def test_the_provider_is_added_for_a_service_in_front(service):
    """Section 4.1, other services: CDN or WAF before an origin elsewhere, and BGP Anti-DDoS Pro,
    need this provider added to the filing."""
    data = with_website(filing_data("beijing"), services=[service])
    rule_id = ("national.service.anti_ddos_provider_added" if service["kind"] == "anti_ddos_pro"
               else "national.service.cdn_waf_provider_added")
    _, remedy = broken(data, rule_id, "websites[0].services[0].provider_added")
    assert remedy.action is RemedyAction.set_value and remedy.values == (True,)
    fixed(data, remedy, rule_id)


def test_an_oss_custom_domain_asks_for_nothing_to_change():
    data = with_website(filing_data("beijing"), services=[{"kind": "oss"}])
    _, remedy = broken(data, "national.service.oss_custom_domain", "websites[0].services[0]")
    assert remedy.action is RemedyAction.review and "Nothing to change" in remedy.text.en


def test_a_service_number_used_before_is_replaced_by_a_new_one():
    """Guide line 371: "If you have used the service identification number before, you cannot
    reuse it"."""
    complete = filing_data("beijing")
    data = with_instance(with_website(complete, hosting={"instance_id": None, "service_identification_number":
                                                         "SN-0001"}),
                         service_numbers=[{"number": "SN-0001", "used": True}])
    field = "websites[0].hosting.service_identification_number"
    _, remedy = broken(data, "national.service_number.not_reused", field)
    assert remedy.action is RemedyAction.provide and remedy.fields == (field,)
    fixed(data, remedy, "national.service_number.not_reused",
          given=with_website(complete, hosting={"service_identification_number": "SN-0002"}))
