"""Beijing (5.3.1): each rule with a filing that breaks it and one that meets it."""

from __future__ import annotations

from pathlib import Path

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_fires,
    assert_not_fires,
    assert_notes,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    make_filing,
    merge,
    original_of,
    website_data,
)

CHANGE = "beijing.change"
DOMAIN = website_data("beijing")["domains"][0]


def with_domains(*names: str, remarks: str = "企业官网") -> dict[str, object]:
    return {"websites": [website_data("beijing", remarks=remarks, domains=[merge(DOMAIN, {"name": n}) for n in names])]}


def test_the_baseline_filing_passes(icp_check: Check) -> None:
    assert icp_check("beijing").passed
    assert icp_check("beijing", "individual").passed


def test_enterprises_file_with_a_business_licence(icp_check: Check) -> None:
    assert_fires(icp_check("beijing", subject={"certificate_type": "organization_code"}),
                 "beijing.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check("beijing"), "beijing.enterprise_certificate")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    bad = icp_check("beijing", subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "beijing.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check("beijing"), "beijing.subject_administrator_is_legal_representative")
    individual = icp_check("beijing", "individual", subject={"administrator": {"is_legal_representative": False}})
    assert_not_fires(individual, "beijing.subject_administrator_is_legal_representative")


def test_mainland_individuals_use_their_resident_identity_card(icp_check: Check) -> None:
    bad = icp_check("beijing", "individual", subject={"administrator": {"id_type": "temporary_id_card"}})
    assert_fires(bad, "beijing.individual_resident_id_card", "subject.administrator.id_type")
    assert_not_fires(icp_check("beijing", "individual"), "beijing.individual_resident_id_card")
    foreigner = icp_check("beijing", "individual", subject={"administrator": {
        "id_type": "passport", "residency": "foreign", "id_number": "E12345678"}})
    assert_not_fires(foreigner, "beijing.individual_resident_id_card")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    held_by_other = icp_check("beijing", websites=[website_data("beijing", domain={"holder_name": "别人"})])
    assert_fires(held_by_other, "beijing.domain_holder_is_subject", "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check("beijing"), "beijing.domain_holder_is_subject")


def test_domains_registered_outside_the_mainland_cannot_be_filed(icp_check: Check) -> None:
    abroad = {"websites": [website_data("beijing", domain={"registered_outside_mainland": True})]}
    assert_fires(icp_check("beijing", **abroad), "beijing.domain_registered_in_mainland",
                 "websites[0].domains[0].registered_outside_mainland")
    assert_not_fires(icp_check("beijing"), "beijing.domain_registered_in_mainland")


def test_several_domains_of_one_website_need_the_same_website_remark(icp_check: Check) -> None:
    bad = icp_check("beijing", **with_domains("xinghe-example.com.cn", "www.xinghe-example.cn"))
    assert_fires(bad, "beijing.same_website_remark", "websites[0].remarks")
    good = icp_check("beijing", **with_domains("xinghe-example.com.cn", "www.xinghe-example.cn",
                                               remarks="两个域名指向同一网站"))
    assert_not_fires(good, "beijing.same_website_remark")


def test_domains_with_different_prefixes_are_separate_websites(icp_check: Check) -> None:
    bad = icp_check("beijing", **with_domains("xinghe-example.com.cn", "other-brand.cn", remarks="指向同一网站"))
    assert_fires(bad, "beijing.different_prefixes_separate_websites", "websites[0].domains")
    good = icp_check("beijing", **with_domains("xinghe-example.com.cn", "xinghe-example.cn", remarks="指向同一网站"))
    assert_not_fires(good, "beijing.different_prefixes_separate_websites")


def test_domains_that_lead_to_different_websites_are_separate_websites(icp_check: Check) -> None:
    """Guide line 577: "If multiple domain names direct to different websites … apply for ICP
    Filings separately", whatever their prefixes. A website whose two domains of one prefix
    are said to lead to different websites fails; the same domains leading to one website pass."""
    bad = icp_check("beijing", **with_domains("xinghe-example.com.cn", "xinghe-example.cn",
                                              remarks="两个域名分别指向不同网站：官网和商城"))
    assert_fires(bad, "beijing.different_websites_separate_websites", "websites[0].remarks")
    good = icp_check("beijing", **with_domains("xinghe-example.com.cn", "xinghe-example.cn",
                                               remarks="两个域名指向同一网站"))
    assert_not_fires(good, "beijing.different_websites_separate_websites")
    assert good.passed


def test_an_individual_transfer_must_match_all_the_original_information(icp_engine: Engine) -> None:
    """Guide line 594: "If the individual ICP Filing information is inconsistent with the
    original" — all of it, not only name and number: another website administrator is denied."""
    individual = make_filing("beijing", "individual")
    assert_transfer_mismatches(icp_engine, individual, original_of(individual),
                               [{"website_administrator_names": ("另一个人",)}],
                               Outcome.denied, "beijing.transfer.individual_consistency")


def test_documents_for_enterprises_and_individuals(icp_engine: Engine) -> None:
    assert_standard_documents(icp_engine, "beijing")


def test_change_rules(icp_engine: Engine) -> None:
    enterprise, individual = make_filing("beijing"), make_filing("beijing", "individual")
    certificate = frozenset({"certificate_of_change"})
    both = ChangeTarget.new_name_and_certificate_number
    assert decide_change(icp_engine, enterprise, ChangeTarget.individual, CHANGE) is Outcome.denied
    assert decide_change(icp_engine, individual, ChangeTarget.individual, CHANGE) is Outcome.denied
    legal = ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=True)
    assert decide_change(icp_engine, individual, legal, CHANGE) is Outcome.denied
    assert decide_change(icp_engine, enterprise, ChangeTarget.new_name, CHANGE) is Outcome.conditional
    new_number = ChangeRequest(ChangeTarget.new_certificate_number, documents=certificate)
    assert decide_change(icp_engine, enterprise, new_number, CHANGE) is Outcome.allowed
    assert decide_change(icp_engine, enterprise, both, CHANGE) is Outcome.conditional
    not_converted = ChangeRequest(both, three_in_one_conversion=False)
    assert decide_change(icp_engine, enterprise, not_converted, CHANGE) is Outcome.denied
    converted = ChangeRequest(both, three_in_one_conversion=True, documents=certificate)
    assert decide_change(icp_engine, enterprise, converted, CHANGE) is Outcome.allowed


def test_transfer_rules(icp_engine: Engine) -> None:
    enterprise = make_filing("beijing")
    assert_transfer_mismatches(icp_engine, enterprise, original_of(enterprise),
                               [{"subject_name": "北京旧名称有限公司"}], Outcome.conditional,
                               "beijing.transfer.enterprise_consistency", documents=["certificate_of_change"])
    individual = make_filing("beijing", "individual")
    allowed = assert_transfer_mismatches(icp_engine, individual, original_of(individual),
                                         [{"subject_name": "另一个人"}], Outcome.denied,
                                         "beijing.transfer.individual_consistency")
    assert_notes(allowed, "beijing.transfer.domicile_and_address")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-beijing", [Path(__file__).parent]) == []
