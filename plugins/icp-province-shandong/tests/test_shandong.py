"""Shandong (5.4.4): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.loading import load_filing
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_example_passes,
    assert_fires,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    example_path,
    filing_data,
    individual_with,
    make_filing,
    merge,
    original_of,
    resident_id,
    website_data,
)

KEY = "shandong"
CHANGE = "shandong.change"
DOMAIN = website_data(KEY)["domains"][0]
PERSONAL_DOMAIN = website_data(KEY, "individual")["domains"][0]


def personal_site(names: list[str], remarks: str) -> dict[str, Any]:
    """The individual's website with one domain per name (all held by the individual)."""
    domains = [merge(PERSONAL_DOMAIN, {"name": name}) for name in names]
    return website_data(KEY, "individual", remarks=remarks, domains=domains)


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_business_licence(icp_check: Check) -> None:
    """Line 798: enterprises use the business licence."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "shandong.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "shandong.enterprise_certificate")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 799: the subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    finding = assert_fires(bad, "shandong.subject_administrator_is_legal_representative",
                           "subject.administrator.is_legal_representative")
    assert finding.citation == "5.4.4"
    assert_not_fires(icp_check(KEY), "shandong.subject_administrator_is_legal_representative")


def test_subjects_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 800: subjects younger than 18 cannot file; the bullet names no subject type, so
    it binds enterprise and individual filings alike."""
    number = resident_id(KEY, "20100307", "001")
    young = {"id_number": number, "birth_date": None}
    bad = icp_check(KEY, subject={"legal_representative": young, "administrator": young})
    assert_fires(bad, "shandong.minimum_age", "subject.administrator")
    alone = icp_check(KEY, "individual", **individual_with(KEY, young))
    assert_fires(alone, "shandong.minimum_age", "subject.administrator")
    assert_not_fires(icp_check(KEY), "shandong.minimum_age")
    assert_not_fires(icp_check(KEY, "individual"), "shandong.minimum_age")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 801: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "shandong.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    # Not even the legal representative may hold it in Shandong.
    legal = filing_data(KEY)["subject"]["legal_representative"]
    by_legal = website_data(KEY, domain={"holder_name": legal["name"], "holder_certificate_number": legal["id_number"]})
    assert_fires(icp_check(KEY, websites=[by_legal]), "shandong.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "shandong.domain_holder_is_subject")


def test_three_domains_of_different_prefixes_need_the_same_website_remark(icp_check: Check) -> None:
    """Line 802: an individual filing three or more domains with different prefixes under one
    website states that the domains direct to the same website in the remarks."""
    names = ["wangjianguo.cn", "wjg-notes.com", "jianguo-blog.net"]
    bad = icp_check(KEY, "individual", websites=[personal_site(names, "个人技术博客")])
    assert_fires(bad, "shandong.same_website_remark", "websites[0].remarks")
    for remark in ("个人技术博客，多个域名指向同一网站", "个人博客，三个域名指向同一个网站",
                   "The domain names direct to the same website"):
        good = icp_check(KEY, "individual", websites=[personal_site(names, remark)])
        assert_not_fires(good, "shandong.same_website_remark")
    # Two prefixes among three domains, or only two domains: no remark needed.
    two_prefixes = ["wangjianguo.cn", "www.wangjianguo.cn", "wjg-notes.com"]
    assert_not_fires(icp_check(KEY, "individual", websites=[personal_site(two_prefixes, "个人技术博客")]),
                     "shandong.same_website_remark")
    assert_not_fires(icp_check(KEY, "individual", websites=[personal_site(names[:2], "个人技术博客")]),
                     "shandong.same_website_remark")


def test_the_same_website_remark_is_an_individuals_rule(icp_check: Check) -> None:
    """Line 802 opens with "Individuals": an enterprise's website is not held to it."""
    names = ["xinghe-example.com.cn", "xinghe-shop.cn", "xinghe-news.com"]
    website = website_data(KEY, domains=[merge(DOMAIN, {"name": name}) for name in names])
    assert_not_fires(icp_check(KEY, websites=[website]), "shandong.same_website_remark")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 806-808: enterprise certificate and both administrators' IDs; the individual's
    ID; the authenticity statement."""
    assert_standard_documents(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.individual])
def test_an_enterprise_filing_cannot_change_hands(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 812: an enterprise filing cannot become another enterprise's or an individual's."""
    enterprise = make_filing(KEY)
    assert decide_change(icp_engine, enterprise, target, CHANGE) is Outcome.denied
    # No fact or document of the request opens it.
    request = ChangeRequest(target, individual_is_legal_representative=True,
                            documents=frozenset({"certificate_of_change"}))
    assert decide_change(icp_engine, enterprise, request, CHANGE) is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.individual, ChangeTarget.enterprise])
def test_an_individual_filing_can_become_anothers(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 813: an individual filing can become another individual's or an enterprise's, with no condition."""
    report = icp_engine.change(make_filing(KEY, "individual"), ChangeRequest(target))
    assert report.outcome is Outcome.allowed
    assert report.reasons[0].rule_id == "shandong.change" and not report.conditions


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 812-813 say nothing of a new name or certificate number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_the_name_and_number_to_match(icp_engine: Engine) -> None:
    """Line 817: the subject's name and document number as on record, otherwise change or
    cancel there first (denied); line 818 is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "山东旧名称有限公司"}, {"certificate_number": "91370100MA0000000X"}],
        Outcome.denied, "shandong.transfer.consistency", documents=["certificate_of_change"])
    assert_notes(allowed, "shandong.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/shandong-individual.yaml passes."""
    assert_example_passes("shandong-individual")
    example = load_filing(example_path("shandong-individual"))
    assert len(example.websites[0].domains) >= 3  # the remark of line 802 is exercised


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-shandong", [Path(__file__).parent]) == []
