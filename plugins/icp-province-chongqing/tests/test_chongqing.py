"""Chongqing (5.8.1): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget, TransferRequest
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_all_allowed,
    assert_example_passes,
    assert_fires,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    filing_data,
    individual_with,
    make_filing,
    merge,
    original_of,
    resident_id,
    website_data,
)

KEY = "chongqing"
CHANGE = "chongqing.change"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
OUTSIDER = resident_id("sichuan", "19900307", "123")


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 1211: enterprises use the business licence and the organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "public_institution"})
    assert_fires(bad, "chongqing.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "chongqing.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}),
                     "chongqing.enterprise_certificate")


def test_individuals_without_a_chongqing_id_cannot_file(icp_check: Check) -> None:
    """Line 1212: an individual whose identity document is not from Chongqing cannot file;
    no residence permit or other proof is offered instead."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    finding = assert_fires(bad, "chongqing.individual_local_identity", "subject.administrator")
    # Line 1212's "this province" is, for Chongqing, a municipality: 本市, never 本省.
    assert "重庆" in finding.message.zh and "本市" in finding.message.zh and "本省" not in finding.message.zh
    permit = individual_with(KEY, {"id_number": OUTSIDER,
                                   "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_fires(icp_check(KEY, "individual", **permit), "chongqing.individual_local_identity")
    assert_not_fires(icp_check(KEY, "individual"), "chongqing.individual_local_identity")
    # An enterprise's administrators may come from elsewhere: the bullet is about individuals.
    outside_admin = {"administrator": {"id_number": OUTSIDER, "is_legal_representative": True},
                     "legal_representative": {"id_number": OUTSIDER}}
    assert_not_fires(icp_check(KEY, subject=outside_admin), "chongqing.individual_local_identity")


def test_foreign_individuals_hold_no_chongqing_id(icp_check: Check) -> None:
    """Line 1212: a foreigner has no identity document from Chongqing, so cannot file as an individual."""
    foreigner = individual_with(KEY, {"residency": "foreign", "id_type": "passport", "id_number": "E12345678",
                                      "birth_date": "1990-03-07"})
    assert_fires(icp_check(KEY, "individual", **foreigner), "chongqing.individual_local_identity",
                 "subject.administrator")


def test_the_enterprise_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1213: for enterprises, the subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "chongqing.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "chongqing.subject_administrator_is_legal_representative")


def test_individuals_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 1213: individuals younger than 18 cannot file (the clause names individuals, so
    it binds individual filings although it sits in the Enterprise bullet)."""
    young = {"id_number": resident_id(KEY, "20100307", "001"), "birth_date": None}
    assert_fires(icp_check(KEY, "individual", **individual_with(KEY, young)), "chongqing.individual_minimum_age",
                 "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "chongqing.individual_minimum_age")
    eighteen = {"id_number": resident_id(KEY, "20081130", "001"), "birth_date": None}
    assert_not_fires(icp_check(KEY, "individual", **individual_with(KEY, eighteen)),
                     "chongqing.individual_minimum_age")
    # Read as written for individuals: an enterprise filing is not judged by this rule.
    bad = icp_check(KEY, subject={"legal_representative": young, "administrator": young})
    assert_not_fires(bad, "chongqing.individual_minimum_age")


def test_an_enterprise_files_one_domain_per_website(icp_check: Check) -> None:
    """Line 1214: an enterprise website has one domain; several domains of the same site are
    filed as separate websites."""
    second = merge(DOMAIN, {"name": "www.xinghe-example.cn"})
    together = website_data(KEY, domains=[DOMAIN, second], remarks="多个域名指向同一网站")
    assert_fires(icp_check(KEY, websites=[together]), "chongqing.enterprise_one_domain_per_website",
                 "websites[0].domains")
    apart = [WEBSITE, website_data(KEY, name="星河示例官网（备用域名）", domains=[second])]
    report = icp_check(KEY, websites=apart)
    assert_not_fires(report, "chongqing.enterprise_one_domain_per_website")
    assert_passes(report)
    assert_not_fires(icp_check(KEY), "chongqing.enterprise_one_domain_per_website")


def test_individuals_may_file_several_domains_on_one_website(icp_check: Check) -> None:
    """Line 1214 is an Enterprise bullet: an individual's website may list two domains."""
    first = website_data(KEY, "individual")["domains"][0]
    two = website_data(KEY, "individual", domains=[first, merge(first, {"name": "www.xinghe-example.cn"})])
    assert_not_fires(icp_check(KEY, "individual", websites=[two]), "chongqing.enterprise_one_domain_per_website")


def test_the_domain_is_held_by_the_subject_or_the_legal_representative(icp_check: Check) -> None:
    """Line 1215: the domain holder is the filing subject or its legal representative."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "chongqing.domain_holder", "websites[0].domains[0].holder_name")
    legal = filing_data(KEY)["subject"]["legal_representative"]
    by_legal = website_data(KEY, domain={"holder_name": legal["name"], "holder_certificate_type": "personal_id",
                                         "holder_certificate_number": legal["id_number"]})
    assert_not_fires(icp_check(KEY, websites=[by_legal]), "chongqing.domain_holder")
    assert_not_fires(icp_check(KEY), "chongqing.domain_holder")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1219-1222: enterprise certificate and the administrators' IDs; the individual's ID;
    the authenticity statement for both."""
    assert_standard_documents(icp_engine, KEY)


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 1226-1227: enterprise → another enterprise or an individual, individual →
    another individual or an enterprise: all allowed, with no condition stated."""
    assert_change_all_allowed(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1226-1227 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_number_and_website_administrator_to_match(icp_engine: Engine) -> None:
    """Line 1231: subject name, document number and website administrator as on record,
    otherwise change or cancel there first (denied); line 1232 is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "重庆旧名称有限公司"}, {"certificate_number": "91500100MA0000000X"},
         {"website_administrator_names": ("另一个人",)}],
        Outcome.denied, "chongqing.transfer.consistency")
    assert_notes(allowed, "chongqing.transfer.domicile_and_address")


def test_transfer_does_not_compare_the_subject_administrator(icp_engine: Engine) -> None:
    """Line 1231 names the website administrator, not the subject administrator."""
    enterprise = make_filing(KEY)
    other_admin = original_of(enterprise, subject_administrator_name="另一个人")
    assert icp_engine.transfer(enterprise, TransferRequest(other_admin)).outcome is Outcome.allowed


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/chongqing-enterprise.yaml passes."""
    assert_example_passes("chongqing-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-chongqing", [Path(__file__).parent]) == []
