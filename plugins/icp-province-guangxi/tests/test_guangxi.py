"""Guangxi (5.5.2): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_conditional_on,
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
    mobile,
    original_of,
    website_data,
)

KEY = "guangxi"
CHANGE = "guangxi.change"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
ELSEWHERE = mobile("guangdong", "7777")  # the neighbour's numbers are not Guangxi's


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_business_licence(icp_check: Check) -> None:
    """Line 935: enterprises must use the business licence."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "guangxi.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "guangxi.enterprise_certificate")


def test_the_subject_administrators_mobile_is_from_guangxi(icp_check: Check) -> None:
    """Line 936: the administrators' mobile numbers must be from Guangxi (the subject administrator)."""
    bad = icp_check(KEY, subject={"administrator": {"mobile": ELSEWHERE}})
    assert_fires(bad, "guangxi.local_mobile", "subject.administrator.mobile")
    assert_not_fires(icp_check(KEY), "guangxi.local_mobile")


def test_every_website_administrators_mobile_is_from_guangxi(icp_check: Check) -> None:
    """Line 936: … and every website administrator, of each website."""
    second = website_data(KEY, name="星河示例商城", domain={"name": "xinghe-shop.cn"},
                          administrator={"mobile": ELSEWHERE})
    bad = icp_check(KEY, websites=[WEBSITE, second])
    assert_fires(bad, "guangxi.local_mobile", "websites[1].administrator.mobile")
    fired = [f.field for f in bad.findings if f.rule_id == "guangxi.local_mobile"]
    assert fired == ["websites[1].administrator.mobile"]
    alone = icp_check(KEY, "individual", **individual_with(KEY, {"mobile": ELSEWHERE}))
    assert_fires(alone, "guangxi.local_mobile", "subject.administrator.mobile")
    assert_not_fires(icp_check(KEY, "individual"), "guangxi.local_mobile")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 937: the domain holder must be the subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "guangxi.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "guangxi.domain_holder_is_subject")


def test_different_prefixes_are_separate_websites(icp_check: Check) -> None:
    """Line 938: domains with different prefixes are filed as different websites, each added on its own."""
    mixed = website_data(KEY, domains=[DOMAIN, merge(DOMAIN, {"name": "other-brand.cn"})])
    assert_fires(icp_check(KEY, websites=[mixed]), "guangxi.different_prefixes_separate_websites",
                 "websites[0].domains")
    one_prefix = website_data(KEY, domains=[DOMAIN, merge(DOMAIN, {"name": "www.xinghe-example.cn"})])
    assert_not_fires(icp_check(KEY, websites=[one_prefix]), "guangxi.different_prefixes_separate_websites")
    second = website_data(KEY, name="另一品牌官网", domain={"name": "other-brand.cn"})
    assert_not_fires(icp_check(KEY, websites=[WEBSITE, second]), "guangxi.different_prefixes_separate_websites")


@pytest.mark.parametrize("remarks", ["两个域名指向不同网站", "域名分别访问各自的网站",
                                     "The domains lead to different websites"])
def test_same_prefix_domains_of_different_websites_are_separate(icp_check: Check, remarks: str) -> None:
    """Line 938: domains of one prefix that lead to different websites are also filed
    separately; a filing says so only in its remarks."""
    same_prefix = [DOMAIN, merge(DOMAIN, {"name": "www.xinghe-example.cn"})]
    bad = icp_check(KEY, websites=[website_data(KEY, domains=same_prefix, remarks=remarks)])
    assert_fires(bad, "guangxi.different_websites_separate_websites", "websites[0].remarks")
    good = icp_check(KEY, websites=[website_data(KEY, domains=same_prefix, remarks="多个域名指向同一网站")])
    assert_not_fires(good, "guangxi.different_websites_separate_websites")
    assert_not_fires(icp_check(KEY), "guangxi.different_websites_separate_websites")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 942-944: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    assert_standard_documents(icp_engine, KEY)


def test_enterprise_to_individual_is_refused(icp_engine: Engine) -> None:
    """Line 948: an enterprise filing cannot become an individual's."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.individual, CHANGE) is Outcome.denied


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 949: individual → another individual refused; → enterprise only if the individual
    is the enterprise's legal representative."""
    alone = make_filing(KEY, "individual")
    assert decide_change(icp_engine, alone, ChangeTarget.individual, CHANGE) is Outcome.denied
    assert_change_conditional_on(icp_engine, alone, ChangeTarget.enterprise, CHANGE,
                                 fact="individual_is_legal_representative")


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number])
def test_a_new_name_or_number_needs_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 950: a changed organisation name or certificate number needs the issuing
    authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert_change_conditional_on(icp_engine, enterprise, target, CHANGE, document="certificate_of_change")


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.new_name_and_certificate_number])
def test_cells_the_section_leaves_open_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 948-950 do not state enterprise → another enterprise, nor name and number at once: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_a_transfer_needs_the_same_subject_name(icp_engine: Engine) -> None:
    """Line 954: the subject name must match the original filing, else change or cancel it
    there and file anew. Line 955 (domicile, address, number, owner details) is a note, and
    a different certificate number alone does not stop the transfer."""
    enterprise = make_filing(KEY)
    # A document does not help: the remedy is at the original provider.
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise), [{"subject_name": "广西旧名称有限公司"}],
        Outcome.denied, "guangxi.transfer.consistency", documents=["certificate_of_change"],
        ignored=[{"certificate_number": "91450100MA0000000X"}])
    assert_notes(allowed, "guangxi.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/guangxi-enterprise.yaml passes."""
    assert_example_passes("guangxi-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-guangxi", [Path(__file__).parent]) == []
