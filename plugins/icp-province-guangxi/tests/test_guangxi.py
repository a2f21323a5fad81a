"""Guangxi (5.5.2): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from icp_core.engine import Engine
from icp_core.loading import load_filing
from icp_core.model import ChangeRequest, ChangeTarget, Filing, OriginalFiling, TransferRequest
from icp_core.report import Outcome, Report
from icp_core.testing import (
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_passes,
    assert_requires_document,
    conformance_problems,
    filing_data,
    installed_engine,
    make_filing,
    merge,
    mobile,
)

Check = Callable[..., Report]
KEY = "guangxi"
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
    second = merge(WEBSITE, {"name": "星河示例商城", "domains": [merge(DOMAIN, {"name": "xinghe-shop.cn"})],
                             "administrator": {"mobile": ELSEWHERE}})
    bad = icp_check(KEY, websites=[WEBSITE, second])
    assert_fires(bad, "guangxi.local_mobile", "websites[1].administrator.mobile")
    fired = [f.field for f in bad.findings if f.rule_id == "guangxi.local_mobile"]
    assert fired == ["websites[1].administrator.mobile"]
    individual_site = filing_data(KEY, "individual")["websites"][0]
    alone = icp_check(KEY, "individual", subject={"administrator": {"mobile": ELSEWHERE}},
                      websites=[merge(individual_site, {"administrator": {"mobile": ELSEWHERE}})])
    assert_fires(alone, "guangxi.local_mobile", "subject.administrator.mobile")
    assert_not_fires(icp_check(KEY, "individual"), "guangxi.local_mobile")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 937: the domain holder must be the subject."""
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "guangxi.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "guangxi.domain_holder_is_subject")


def test_different_prefixes_are_separate_websites(icp_check: Check) -> None:
    """Line 938: domains with different prefixes are filed as different websites, each added on its own."""
    mixed = merge(WEBSITE, {"domains": [DOMAIN, merge(DOMAIN, {"name": "other-brand.cn"})]})
    assert_fires(icp_check(KEY, websites=[mixed]), "guangxi.different_prefixes_separate_websites",
                 "websites[0].domains")
    one_prefix = merge(WEBSITE, {"domains": [DOMAIN, merge(DOMAIN, {"name": "www.xinghe-example.cn"})]})
    assert_not_fires(icp_check(KEY, websites=[one_prefix]), "guangxi.different_prefixes_separate_websites")
    second = merge(WEBSITE, {"name": "另一品牌官网", "domains": [merge(DOMAIN, {"name": "other-brand.cn"})]})
    assert_not_fires(icp_check(KEY, websites=[WEBSITE, second]), "guangxi.different_prefixes_separate_websites")


@pytest.mark.parametrize("remarks", ["两个域名指向不同网站", "域名分别访问各自的网站",
                                     "The domains lead to different websites"])
def test_same_prefix_domains_of_different_websites_are_separate(icp_check: Check, remarks: str) -> None:
    """Line 938: domains of one prefix that lead to different websites are also filed
    separately; a filing says so only in its remarks."""
    same_prefix = [DOMAIN, merge(DOMAIN, {"name": "www.xinghe-example.cn"})]
    bad = icp_check(KEY, websites=[merge(WEBSITE, {"domains": same_prefix, "remarks": remarks})])
    assert_fires(bad, "guangxi.different_websites_separate_websites", "websites[0].remarks")
    good = icp_check(KEY, websites=[merge(WEBSITE, {"domains": same_prefix, "remarks": "多个域名指向同一网站"})])
    assert_not_fires(good, "guangxi.different_websites_separate_websites")
    assert_not_fires(icp_check(KEY), "guangxi.different_websites_separate_websites")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 942-944: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "guangxi.document.subject_certificate"),
                           ("subject_administrator_id", "guangxi.document.subject_administrator_id"),
                           ("website_administrator_id", "guangxi.document.website_administrator_id"),
                           ("authenticity_statement", "guangxi.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "guangxi.document.subject_certificate")
    assert_requires_document(alone, "authenticity_statement", "guangxi.document.authenticity_statement")
    assert_no_document(alone, "subject_administrator_id", "guangxi.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "guangxi.document.website_administrator_id")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "guangxi.change"
    return report.outcome


def test_enterprise_to_individual_is_refused(icp_engine: Engine) -> None:
    """Line 948: an enterprise filing cannot become an individual's."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(ChangeTarget.individual)) is Outcome.denied


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 949: individual → another individual refused; → enterprise only if the individual
    is the enterprise's legal representative."""
    alone = make_filing(KEY, "individual")
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.individual)) is Outcome.denied
    to_enterprise = ChangeRequest(ChangeTarget.enterprise)
    assert _change(icp_engine, alone, to_enterprise) is Outcome.conditional
    assert _change(icp_engine, alone, attrs.evolve(to_enterprise, individual_is_legal_representative=True)) \
        is Outcome.allowed
    assert _change(icp_engine, alone, attrs.evolve(to_enterprise, individual_is_legal_representative=False)) \
        is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number])
def test_a_new_name_or_number_needs_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 950: a changed organisation name or certificate number needs the issuing
    authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert _change(icp_engine, enterprise, ChangeRequest(target)) is Outcome.conditional
    assert _change(icp_engine, enterprise, ChangeRequest(target, documents=frozenset({"certificate_of_change"}))) \
        is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.new_name_and_certificate_number])
def test_cells_the_section_leaves_open_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 948-950 do not state enterprise → another enterprise, nor name and number at once: undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(target)) is Outcome.undetermined


def test_a_transfer_needs_the_same_subject_name(icp_engine: Engine) -> None:
    """Line 954: the subject name must match the original filing, else change or cancel it
    there and file anew. Line 955 (domicile, address, number, owner details) is a note, and
    a different certificate number alone does not stop the transfer."""
    enterprise = make_filing(KEY)
    subject = enterprise.subject
    same = OriginalFiling(subject_name=subject.name, certificate_number=subject.certificate_number)
    allowed = icp_engine.transfer(enterprise, TransferRequest(same))
    assert allowed.outcome is Outcome.allowed
    assert "guangxi.transfer.domicile_and_address" in [n.rule_id for n in allowed.notes]
    other_number = attrs.evolve(same, certificate_number="91450100MA0000000X")
    assert icp_engine.transfer(enterprise, TransferRequest(other_number)).outcome is Outcome.allowed
    renamed = attrs.evolve(same, subject_name="广西旧名称有限公司")
    report = icp_engine.transfer(enterprise, TransferRequest(renamed))
    assert report.outcome is Outcome.denied
    assert report.reasons[0].rule_id == "guangxi.transfer.consistency"
    # A document does not help: the remedy is at the original provider.
    assert icp_engine.transfer(enterprise, TransferRequest(renamed, frozenset({"certificate_of_change"}))).outcome \
        is Outcome.denied


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/guangxi-enterprise.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "guangxi-enterprise.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-guangxi", [Path(__file__).parent]) == []
