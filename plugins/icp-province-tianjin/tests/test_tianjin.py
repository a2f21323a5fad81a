"""Tianjin (guide 5.3.5 and 5.9.2): a failing and a passing filing for every checked rule,
the change and transfer decisions, and conformance of the plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.model import ChangeRequest, ChangeTarget, TransferRequest
from icp_core.report import Outcome
from icp_core.testing import (
    assert_fires,
    assert_needs,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_requires_document,
    assert_transfer_mismatches,
    conformance_problems,
    decision_of,
    filing_data,
    make_filing,
    merge,
    mobile,
    original_of,
    resident_id,
    website_data,
)


def website(subject_type: str = "enterprise", **changes: Any) -> dict[str, Any]:
    """The baseline Tianjin website, with ``changes`` merged in (lists replace lists)."""
    return website_data("tianjin", subject_type, **changes)


def domain(subject_type: str = "enterprise", **changes: Any) -> dict[str, Any]:
    return merge(filing_data("tianjin", subject_type)["websites"][0]["domains"][0], changes)


def test_baseline_filings_pass(icp_check):
    for subject_type in ("enterprise", "individual"):
        report = icp_check("tianjin", subject_type)
        assert [f.rule_id for f in report.findings if f.rule_id.startswith("tianjin.")] == []


# -- 5.3.5 requirements -------------------------------------------------------------


def test_enterprise_certificate(icp_check):
    bad = icp_check("tianjin", subject={"certificate_type": "organization_code"})
    assert_fires(bad, "tianjin.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check("tianjin"), "tianjin.enterprise_certificate")


@pytest.mark.parametrize("address", ["天津市华苑产业区海泰西路18号", "Huayuan Industrial Park, Tianjin",
                                     "天津市南开区西青区华苑产业区海泰西路18号"])
def test_huayuan_address_must_name_one_district(icp_check, address):
    bad = icp_check("tianjin", subject={"mailing_address": address})
    assert_fires(bad, "tianjin.huayuan_mailing_address", "subject.mailing_address")


@pytest.mark.parametrize("address", ["天津市西青区华苑产业区海泰西路18号", "天津市南开区华苑路1号",
                                     "天津市和平区示例路1号"])
def test_huayuan_address_with_district_or_elsewhere_passes(icp_check, address):
    good = icp_check("tianjin", subject={"mailing_address": address})
    assert_not_fires(good, "tianjin.huayuan_mailing_address")


def test_huayuan_rule_asks_nothing_of_filings_without_an_address(icp_check):
    """Guide line 686: "If your mailing address is within the Huayuan area, select …" is
    about Huayuan addresses only; a filing that gives no address is not incomplete for it."""
    report = icp_check("tianjin", subject={"mailing_address": None})
    assert_not_fires(report, "tianjin.huayuan_mailing_address")
    assert "subject.mailing_address" not in {m for f in report.findings for m in f.missing}


def test_subject_administrator_is_legal_representative(icp_check):
    bad = icp_check("tianjin", subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "tianjin.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check("tianjin"), "tianjin.subject_administrator_is_legal_representative")


def test_website_administrator_differs(icp_check):
    subject_admin = filing_data("tianjin")["subject"]["administrator"]
    bad = icp_check("tianjin", websites=[website(administrator=subject_admin)])
    finding = assert_fires(bad, "tianjin.website_administrator_differs", "websites[0].administrator")
    assert finding.citation == "5.3.5, 5.9.2"
    assert_not_fires(icp_check("tianjin"), "tianjin.website_administrator_differs")


def test_minimum_age_holds_for_enterprises_too(icp_check):
    """Guide line 687: "Subjects younger than 18 years old cannot apply" names no subject
    type: an enterprise whose subject administrator is 16 fails, one of 41 passes."""
    sixteen = resident_id("tianjin", "20100101", "003")
    young = {"administrator": {"id_number": sixteen}, "legal_representative": {"id_number": sixteen}}
    bad = icp_check("tianjin", subject=young)
    assert_fires(bad, "tianjin.minimum_age", "subject.administrator")
    assert_not_fires(icp_check("tianjin"), "tianjin.minimum_age")


def test_minimum_age_of_individuals(icp_check):
    young = {"administrator": {"id_number": resident_id("tianjin", "20100101", "003")}}
    bad = icp_check("tianjin", "individual", subject=young)
    assert_fires(bad, "tianjin.minimum_age", "subject.administrator")
    assert_not_fires(icp_check("tianjin", "individual"), "tianjin.minimum_age")


def test_local_mobile(icp_check):
    bad = icp_check("tianjin", subject={"administrator": {"mobile": mobile("beijing")}})
    assert_fires(bad, "tianjin.local_mobile", "subject.administrator.mobile")
    admin = merge(filing_data("tianjin")["websites"][0]["administrator"], {"mobile": mobile("hebei", "0002")})
    bad = icp_check("tianjin", websites=[website(administrator=admin)])
    assert_fires(bad, "tianjin.local_mobile", "websites[0].administrator.mobile")
    assert_not_fires(icp_check("tianjin"), "tianjin.local_mobile")


def test_domain_holder_is_subject_or_legal_representative(icp_check):
    stranger = domain(holder_name="赵六", holder_certificate_number=resident_id("tianjin", "19800101", "009"))
    bad = icp_check("tianjin", websites=[website(domains=[stranger])])
    assert_fires(bad, "tianjin.domain_holder", "websites[0].domains[0].holder_name")
    legal = filing_data("tianjin")["subject"]["legal_representative"]
    held_by_legal = domain(holder_name=legal["name"], holder_certificate_number=legal["id_number"])
    good = icp_check("tianjin", websites=[website(domains=[held_by_legal])])
    assert_not_fires(good, "tianjin.domain_holder")
    assert_not_fires(icp_check("tianjin"), "tianjin.domain_holder")


def test_domain_privacy_off(icp_check):
    bad = icp_check("tianjin", websites=[website(domains=[domain(privacy_protection=True)])])
    assert_fires(bad, "tianjin.domain_privacy_off", "websites[0].domains[0].privacy_protection")
    assert_not_fires(icp_check("tianjin"), "tianjin.domain_privacy_off")


# -- 5.3.5 documents ----------------------------------------------------------------


def test_enterprise_documents(icp_check):
    report = icp_check("tianjin")
    assert_requires_document(report, "subject_certificate", "tianjin.document.enterprise_certificate")
    assert_requires_document(report, "subject_administrator_id", "tianjin.document.subject_administrator_id")
    assert_requires_document(report, "website_administrator_id", "tianjin.document.website_administrator_id")
    assert_requires_document(report, "authenticity_statement", "tianjin.document.authenticity_statement")
    assert_no_document(report, "subject_certificate", "tianjin.document.individual_id")


def test_individual_documents(icp_check):
    report = icp_check("tianjin", "individual")
    assert_requires_document(report, "subject_certificate", "tianjin.document.individual_id")
    assert_requires_document(report, "authenticity_statement", "tianjin.document.authenticity_statement")
    assert_no_document(report, "subject_certificate", "tianjin.document.enterprise_certificate")
    assert_no_document(report, "subject_administrator_id", "tianjin.document.subject_administrator_id")
    assert_no_document(report, "website_administrator_id", "tianjin.document.website_administrator_id")


# -- 5.3.5 change and transfer ------------------------------------------------------


def _change(engine, subject_type: str, **request: Any):
    return engine.change(make_filing("tianjin", subject_type), ChangeRequest(**request))


def test_change_enterprise_to_individual_denied(icp_engine):
    report = _change(icp_engine, "enterprise", to=ChangeTarget.individual)
    assert decision_of(report) == "denied"
    assert "tianjin.change" in {r.rule_id for r in report.reasons}


def test_change_individual_to_enterprise_needs_every_domain_held_by_the_enterprise(icp_engine):
    """Guide line 700: to change an individual filing to an enterprise's, domain certificates
    must prove that every domain of the subject is held by the enterprise. A request whose
    domains are not all the enterprise's is denied; one that does not say is conditional."""
    held_elsewhere = _change(icp_engine, "individual", to=ChangeTarget.enterprise,
                             domains_held_by_new_subject=False, documents=frozenset({"domain_certificate"}))
    assert decision_of(held_elsewhere) == "denied"
    assert "tianjin.change" in {r.rule_id for r in held_elsewhere.reasons}
    unknown = _change(icp_engine, "individual", to=ChangeTarget.enterprise)
    assert decision_of(unknown) == "conditional"
    assert [c.document for c in unknown.conditions if c.rule_id == "tianjin.change"] == [None, "domain_certificate"]
    report = _change(icp_engine, "individual", to=ChangeTarget.enterprise, domains_held_by_new_subject=True,
                     documents=frozenset({"domain_certificate"}))
    assert decision_of(report) == "allowed"


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_change_of_name_or_number_needs_certificate_of_change(icp_engine, target):
    report = _change(icp_engine, "enterprise", to=target)
    assert decision_of(report) == "conditional"
    assert [c.document for c in report.conditions if c.rule_id == "tianjin.change"] == ["certificate_of_change"]
    report = _change(icp_engine, "enterprise", to=target, documents=frozenset({"certificate_of_change"}))
    assert decision_of(report) == "allowed"


@pytest.mark.parametrize("subject_type", ["enterprise", "individual"])
def test_transfer_consistency(icp_engine, subject_type):
    filing = make_filing("tianjin", subject_type)
    assert_transfer_mismatches(icp_engine, filing, original_of(filing),
                               [{"subject_name": "天津另一家公司"},
                                {"certificate_number": resident_id("tianjin", "19700101", "555")}],
                               Outcome.denied, "tianjin.transfer.consistency")


def test_transfer_needs_the_icp_number_shown_on_the_site(icp_engine):
    """Guide line 708, under the transfer rules: "The correct ICP Filing number must be shown
    at the bottom of website page." A transfer whose website does not show it (is not
    reachable with its number) is denied; one that does is allowed."""
    filing = make_filing("tianjin", websites=[website(accessible=False)])
    report = icp_engine.transfer(filing, TransferRequest(original_of(filing)))
    assert decision_of(report) == "denied"
    assert "tianjin.icp_number_at_page_bottom" in {r.rule_id for r in report.reasons}
    shown = make_filing("tianjin")
    assert decision_of(icp_engine.transfer(shown, TransferRequest(original_of(shown)))) == "allowed"


def test_transfer_note_on_domicile_and_address(icp_engine):
    filing = make_filing("tianjin")
    report = icp_engine.transfer(filing, TransferRequest(original_of(filing)))
    assert_notes(report, "tianjin.transfer.domicile_and_address")


# -- 5.9.2 special requirements -----------------------------------------------------


def test_individual_business_files_as_enterprise(icp_check):
    bad = icp_check("tianjin", "individual", subject={"individual_business": True})
    assert_fires(bad, "tianjin.individual_business_files_as_enterprise", "subject.type")
    good = icp_check("tianjin", subject={"individual_business": True, "name": "王建国（个体工商户）"})
    assert_not_fires(good, "tianjin.individual_business_files_as_enterprise")
    assert_not_fires(icp_check("tianjin", "individual"), "tianjin.individual_business_files_as_enterprise")


@pytest.mark.parametrize("name", ["王建国", "李四（个体工商户）", "王建国个体户", "王建国（个体户）"])
def test_individual_business_name_violations(icp_check, name):
    bad = icp_check("tianjin", subject={"individual_business": True, "name": name})
    assert_fires(bad, "tianjin.individual_business_name", "subject.name")


@pytest.mark.parametrize("name", ["王建国（个体工商户）", "王建国(个体工商户)", "王建国 (个体工商户)",
                                  "天津市南开区星河小吃店"])
def test_individual_business_name_accepted(icp_check, name):
    good = icp_check("tianjin", subject={"individual_business": True, "name": name})
    assert_not_fires(good, "tianjin.individual_business_name")


def test_individual_business_name_rules_only_individual_businesses(icp_check):
    # An ordinary enterprise may bear any name; whether it is an individual business must be said.
    assert_not_fires(icp_check("tianjin", subject={"individual_business": False, "name": "王建国"}),
                     "tianjin.individual_business_name")
    report = icp_check("tianjin", subject={"individual_business": None})
    assert_needs(report, "tianjin.individual_business_name", "subject.individual_business")


def test_individual_no_enterprise_content(icp_check):
    bad = icp_check("tianjin", "individual", websites=[website("individual", industries=["news"])])
    assert_fires(bad, "tianjin.individual_no_enterprise_content", "websites[0].industries")
    assert_not_fires(icp_check("tianjin", "individual"), "tianjin.individual_no_enterprise_content")
    enterprise = icp_check("tianjin", websites=[website(industries=["news"])])
    assert_not_fires(enterprise, "tianjin.individual_no_enterprise_content")


def test_individual_no_online_sales(icp_check):
    bad = icp_check("tianjin", "individual", websites=[website("individual", sells_online=True)])
    assert_fires(bad, "tianjin.individual_no_online_sales", "websites[0].sells_online")
    assert_not_fires(icp_check("tianjin", "individual"), "tianjin.individual_no_online_sales")
    assert_not_fires(icp_check("tianjin", websites=[website(sells_online=True)]), "tianjin.individual_no_online_sales")


def test_distinct_phone_numbers(icp_check):
    data = filing_data("tianjin")
    admin = merge(data["websites"][0]["administrator"], {"mobile": data["subject"]["administrator"]["mobile"]})
    bad = icp_check("tianjin", websites=[website(administrator=admin)])
    assert_fires(bad, "tianjin.distinct_phone_numbers", "websites[0].administrator.mobile")
    assert_not_fires(icp_check("tianjin"), "tianjin.distinct_phone_numbers")


def test_informational_rules_are_notes(icp_check):
    notes = {n.rule_id: n for n in icp_check("tianjin").notes}
    for rule_id in ("tianjin.annual_inspection_seal_not_required",
                    "tianjin.individual_website_name_matches", "tianjin.accessible_half_year"):
        assert notes[rule_id].reason.en and notes[rule_id].reason.zh
    assert "tianjin.transfer.domicile_and_address" not in notes  # a transfer note only


def test_messages_do_not_leak_personal_data(icp_check):
    data = filing_data("tianjin")
    admin = merge(data["websites"][0]["administrator"], {"mobile": data["subject"]["administrator"]["mobile"]})
    report = icp_check("tianjin", subject={"administrator": {"mobile": mobile("beijing")}},
                       websites=[website(administrator=admin)])
    secrets = [mobile("beijing"), data["subject"]["certificate_number"], data["subject"]["administrator"]["id_number"]]
    for finding in report.findings:
        for secret in secrets:
            assert secret not in finding.message.en and secret not in finding.message.zh


def test_conformance():
    assert conformance_problems("icp-province-tianjin", [Path(__file__).parent]) == []
