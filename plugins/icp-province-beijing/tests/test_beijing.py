"""Beijing (5.3.1): each rule with a filing that breaks it and one that meets it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget, OriginalFiling, TransferRequest
from icp_core.report import Outcome, Report
from icp_core.testing import (
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_requires_document,
    conformance_problems,
    filing_data,
    make_filing,
    merge,
)

Check = Callable[..., Report]
WEBSITE = filing_data("beijing")["websites"][0]
DOMAIN = WEBSITE["domains"][0]


def with_domains(*names: str, remarks: str = "企业官网") -> dict[str, object]:
    return {"websites": [merge(WEBSITE, {"remarks": remarks, "domains": [merge(DOMAIN, {"name": n}) for n in names]})]}


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
    held_by_other = icp_check("beijing", **with_domains("xinghe-example.com.cn")
                              | {"websites": [merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别人"})]})]})
    assert_fires(held_by_other, "beijing.domain_holder_is_subject", "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check("beijing"), "beijing.domain_holder_is_subject")


def test_domains_registered_outside_the_mainland_cannot_be_filed(icp_check: Check) -> None:
    abroad = {"websites": [merge(WEBSITE, {"domains": [merge(DOMAIN, {"registered_outside_mainland": True})]})]}
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
    admin = individual.subject.administrator
    assert admin is not None and admin.name is not None
    original = OriginalFiling(subject_name=individual.subject.name,
                              certificate_number=individual.subject.certificate_number,
                              subject_administrator_name=admin.name, subject_administrator_id_number=admin.id_number)
    other_admin = icp_engine.transfer(individual, TransferRequest(
        attrs.evolve(original, website_administrator_names=("另一个人",))))
    assert other_admin.outcome is Outcome.denied
    assert other_admin.reasons[0].rule_id == "beijing.transfer.individual_consistency"
    same = icp_engine.transfer(individual, TransferRequest(
        attrs.evolve(original, website_administrator_names=(admin.name,))))
    assert same.outcome is Outcome.allowed


def test_documents_for_enterprises_and_individuals(icp_engine: Engine) -> None:
    enterprise = icp_engine.documents(make_filing("beijing"))
    for document, rule in [("subject_certificate", "beijing.document.subject_certificate"),
                           ("subject_administrator_id", "beijing.document.subject_administrator_id"),
                           ("website_administrator_id", "beijing.document.website_administrator_id"),
                           ("authenticity_statement", "beijing.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    individual = icp_engine.documents(make_filing("beijing", "individual"))
    assert_requires_document(individual, "subject_certificate", "beijing.document.subject_certificate")
    assert_no_document(individual, "subject_administrator_id", "beijing.document.subject_administrator_id")


def test_change_rules(icp_engine: Engine) -> None:
    enterprise, individual = make_filing("beijing"), make_filing("beijing", "individual")

    def outcome(filing: object, request: ChangeRequest) -> Outcome | None:
        return icp_engine.change(filing, request).outcome  # type: ignore[arg-type]

    assert outcome(enterprise, ChangeRequest(ChangeTarget.individual)) is Outcome.denied
    assert outcome(individual, ChangeRequest(ChangeTarget.individual)) is Outcome.denied
    assert outcome(individual, ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=True)) \
        is Outcome.denied
    assert outcome(enterprise, ChangeRequest(ChangeTarget.new_name)) is Outcome.conditional
    assert outcome(enterprise, ChangeRequest(ChangeTarget.new_certificate_number,
                                             documents=frozenset({"certificate_of_change"}))) is Outcome.allowed
    assert outcome(enterprise, ChangeRequest(ChangeTarget.new_name_and_certificate_number)) is Outcome.conditional
    assert outcome(enterprise, ChangeRequest(ChangeTarget.new_name_and_certificate_number,
                                             three_in_one_conversion=False)) is Outcome.denied
    assert outcome(enterprise, ChangeRequest(ChangeTarget.new_name_and_certificate_number,
                                             three_in_one_conversion=True,
                                             documents=frozenset({"certificate_of_change"}))) is Outcome.allowed
    assert icp_engine.change(enterprise, ChangeRequest(ChangeTarget.individual)).reasons[0].rule_id == "beijing.change"


def test_transfer_rules(icp_engine: Engine) -> None:
    enterprise = make_filing("beijing")
    number = enterprise.subject.certificate_number
    same = OriginalFiling(subject_name=enterprise.subject.name, certificate_number=number)
    renamed = OriginalFiling(subject_name="北京旧名称有限公司", certificate_number=number)
    consistency = "beijing.transfer.enterprise_consistency"
    assert icp_engine.transfer(enterprise, TransferRequest(same)).outcome is Outcome.allowed
    report = icp_engine.transfer(enterprise, TransferRequest(renamed))
    assert report.outcome is Outcome.conditional and report.conditions[0].rule_id == consistency
    assert icp_engine.transfer(enterprise, TransferRequest(renamed, frozenset({"certificate_of_change"}))).outcome \
        is Outcome.allowed
    individual = make_filing("beijing", "individual")
    other = OriginalFiling(subject_name="另一个人", certificate_number=individual.subject.certificate_number)
    denied = icp_engine.transfer(individual, TransferRequest(other))
    assert denied.outcome is Outcome.denied
    assert denied.reasons[0].rule_id == "beijing.transfer.individual_consistency"
    assert "beijing.transfer.domicile_and_address" in [n.rule_id for n in denied.notes]


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-beijing", [Path(__file__).parent]) == []
