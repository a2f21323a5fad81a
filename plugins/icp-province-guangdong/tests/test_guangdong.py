"""Guangdong (5.5.1, with 5.9.1 and 5.9.3): every bullet of the sections, read from the
guide, with a filing that breaks it and one that meets it. Line numbers are those of
icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget, Filing
from icp_core.report import DecisionReport, DocumentRequirement, Outcome, Report
from icp_core.testing import (
    Check,
    assert_change_all_allowed,
    assert_example_passes,
    assert_fires,
    assert_needs,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_requires_document,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    engine_with_stand_ins,
    filing_data,
    make_filing,
    merge,
    original_of,
    resident_id,
    website_data,
)

KEY = "guangdong"
CHANGE = "guangdong.change"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
FINANCE_NOTES = ["guangdong.finance_statement.truthful_and_complete", "guangdong.finance_statement.plain_description",
                 "guangdong.finance_statement.full_business_scope",
                 "guangdong.finance_statement.no_unlicensed_financial_services",
                 "guangdong.finance_statement.long_term", "guangdong.finance_statement.sealed_signed_licence_attached"]
PLAN_NOTES = ["guangdong.construction_plan.no_template"]
PLAN_POINTS = ["content_and_sections", "personnel_and_funding", "content_management", "network_deployment",
               "security_measures", "contingency_plans"]


def on_record(count: int) -> dict[str, Any]:
    """The subject already has ``count`` domains on record, each with a prefix of its own
    (and none equal to the baseline domain's prefix, ``xinghe-example``)."""
    return {"domains_on_record": [f"filed-site-{n}.cn" for n in range(count)]}


def prefixes(subject_type: str, total: int, **overrides: Any) -> Filing:
    """A filing whose subject has ``total`` distinct domain prefixes: the filing's one
    domain and ``total - 1`` already on record."""
    return make_filing(KEY, subject_type, subject=on_record(total - 1), **overrides)


def documents_of(engine: Engine, filing: Filing, document: str) -> list[DocumentRequirement]:
    return [d for d in engine.documents(filing).documents if d.document == document]


def notes(report: Report | DecisionReport) -> list[str]:
    return [n.rule_id for n in report.notes]


def finance_website(**changes: Any) -> dict[str, Any]:
    return website_data(KEY, **{"name": "星河示例理财资讯", "industries": ["finance"], **changes})


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


# -- Requirements (lines 908-913) -----------------------------------------------------


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 908: enterprises can use the business licence and the organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "public_institution"})
    assert_fires(bad, "guangdong.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "guangdong.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}),
                     "guangdong.enterprise_certificate")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 908: the subject administrator must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "guangdong.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "guangdong.subject_administrator_is_legal_representative")


def minor() -> dict[str, Any]:
    """An individual aged 16 on the evaluation date (2026-12-01), everywhere the filing names them."""
    number = resident_id(KEY, "20100307", "011")
    admin = {"id_number": number, "birth_date": None}
    website = filing_data(KEY, "individual")["websites"][0]
    return {"subject": {"certificate_number": number, "administrator": admin},
            "websites": [merge(website, {"administrator": admin, "domains": [
                merge(website["domains"][0], {"holder_certificate_number": number})]})]}


def test_individuals_under_eighteen_need_a_proof_of_employment(icp_check: Check, icp_engine: Engine) -> None:
    """Line 909: an individual younger than 18 must provide a proof of employment; with it
    the filing goes ahead (it is not a ban), and the proof is listed only for a minor."""
    bad = icp_check(KEY, "individual", **minor())
    finding = assert_fires(bad, "guangdong.individual_under_18_employment_proof", "subject.administrator")
    assert "employment" in finding.message.en and "在职证明" in finding.message.zh
    assert_not_fires(icp_check(KEY, "individual", add_documents=["guangdong_employment_proof"], **minor()),
                     "guangdong.individual_under_18_employment_proof")
    # Proof of income is not what the guide asks for.
    assert_fires(icp_check(KEY, "individual", add_documents=["employment_or_income_proof"], **minor()),
                 "guangdong.individual_under_18_employment_proof")
    assert_not_fires(icp_check(KEY, "individual"), "guangdong.individual_under_18_employment_proof")
    on = icp_engine.documents(make_filing(KEY, "individual", **minor()))
    assert_requires_document(on, "guangdong_employment_proof", "guangdong.individual_under_18_employment_proof")
    off = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(off, "guangdong_employment_proof", "guangdong.individual_under_18_employment_proof")


def test_the_age_rule_is_about_individuals(icp_check: Check) -> None:
    """Line 909 names individuals: an enterprise's administrators are not asked for it."""
    young = {"id_number": resident_id(KEY, "20100307", "011"), "birth_date": None, "is_legal_representative": False}
    report = icp_check(KEY, websites=[website_data(KEY, administrator=young)])
    assert_not_fires(report, "guangdong.individual_under_18_employment_proof")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 910: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "guangdong.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "guangdong.domain_holder_is_subject")


def test_a_domain_on_record_must_be_reachable_and_show_its_number(icp_check: Check) -> None:
    """Line 912: a domain that already has an ICP number must be reachable, with the number
    at the bottom of the page."""
    filed = website_data(KEY, accessible=False, domain={"on_record": True})
    finding = assert_fires(icp_check(KEY, websites=[filed]), "guangdong.on_record_domain_accessible",
                           "websites[0].accessible")
    assert "bottom" in finding.message.en and "底部" in finding.message.zh
    assert_not_fires(icp_check(KEY, websites=[merge(filed, {"accessible": True})]),
                     "guangdong.on_record_domain_accessible")
    # A domain without a number yet need not be reachable.
    assert_not_fires(icp_check(KEY, websites=[website_data(KEY, accessible=False)]),
                     "guangdong.on_record_domain_accessible")


def test_different_prefixes_are_different_websites(icp_check: Check) -> None:
    """Lines 913 and 1372: domains with different prefixes are filed as different websites."""
    mixed = website_data(KEY, remarks="多个域名指向同一网站",
                         domains=[DOMAIN, merge(DOMAIN, {"name": "other-brand.cn"})])
    finding = assert_fires(icp_check(KEY, websites=[mixed]), "guangdong.different_prefixes_separate_websites",
                           "websites[0].domains")
    assert finding.citation == "5.5.1, 5.9.3"
    second = website_data(KEY, name="另一品牌官网", domain={"name": "other-brand.cn"})
    assert_not_fires(icp_check(KEY, websites=[WEBSITE, second]), "guangdong.different_prefixes_separate_websites")


def test_several_domains_of_one_website_need_the_same_website_remark(icp_check: Check) -> None:
    """Line 913: several domains leading to the same website → say so in the remarks."""
    two = [DOMAIN, merge(DOMAIN, {"name": "www.xinghe-example.cn"})]
    bad = icp_check(KEY, websites=[website_data(KEY, domains=two)])
    assert_fires(bad, "guangdong.same_website_remark", "websites[0].remarks")
    good = icp_check(KEY, websites=[website_data(KEY, domains=two, remarks="企业官网，多个域名指向同一网站")])
    assert_not_fires(good, "guangdong.same_website_remark")
    assert_not_fires(good, "guangdong.different_prefixes_separate_websites")
    assert_not_fires(icp_check(KEY), "guangdong.same_website_remark")


# -- The prefix thresholds (lines 913, 920, 1372-1376) ---------------------------------


@pytest.mark.parametrize(("total", "plan", "letter"), [(5, False, False), (6, True, False), (9, True, False),
                                                        (10, True, True)])
def test_individual_thresholds_count_prefixes_on_record(icp_engine: Engine, total: int, plan: bool,
                                                        letter: bool) -> None:
    """Lines 913/920 and 1376: an individual with 6 or more different prefixes (domains on
    record included, line 1372) provides a construction plan for each domain; with 10 or
    more also the provider's sealed letter of guarantee."""
    report = icp_engine.documents(prefixes("individual", total))
    if plan:
        assert_requires_document(report, "website_construction_plan", "guangdong.construction_plan.individual")
    else:
        assert_no_document(report, "website_construction_plan", "guangdong.construction_plan.individual")
    if letter:
        assert_requires_document(report, "letter_of_guarantee", "guangdong.letter_of_guarantee.individual")
    else:
        assert_no_document(report, "letter_of_guarantee", "guangdong.letter_of_guarantee.individual")
    assert_no_document(report, "website_construction_plan", "guangdong.construction_plan.enterprise")
    assert_no_document(report, "letter_of_guarantee", "guangdong.letter_of_guarantee.enterprise")


@pytest.mark.parametrize(("total", "needed"), [(31, False), (32, True)])
def test_enterprise_threshold_is_32_prefixes(icp_engine: Engine, total: int, needed: bool) -> None:
    """Lines 913/920 and 1374: an enterprise with 32 or more different prefixes (on record
    included) provides a plan for each domain and the provider's sealed letter of guarantee."""
    report = icp_engine.documents(prefixes("enterprise", total))
    for document, rule in [("website_construction_plan", "guangdong.construction_plan.enterprise"),
                           ("letter_of_guarantee", "guangdong.letter_of_guarantee.enterprise")]:
        if needed:
            assert_requires_document(report, document, rule)
        else:
            assert_no_document(report, document, rule)
    # The individual thresholds (6, 10) do not apply to enterprises.
    assert_no_document(report, "website_construction_plan", "guangdong.construction_plan.individual")


def test_prefixes_not_domains_are_counted(icp_engine: Engine) -> None:
    """Line 913: the count is of different prefixes. Ten domains on record that share three
    prefixes (example.com, example.cn …) are three prefixes, and a domain on record that is
    also in this filing counts once."""
    same = [f"brand-{n % 3}.{tld}" for n, tld in enumerate(["cn", "com", "net", "com.cn", "org", "cc", "top", "xyz",
                                                            "info", "vip"])]
    filing = make_filing(KEY, "individual", subject={"domains_on_record": [*same, DOMAIN["name"]]})
    assert_no_document(icp_engine.documents(filing), "website_construction_plan",
                       "guangdong.construction_plan.individual")
    # Prefixes in this filing count too: six websites with a prefix each, nothing on record.
    site = filing_data(KEY, "individual")["websites"][0]
    sites = [merge(site, {"name": f"王建国的站点{n}", "domains": [merge(site["domains"][0], {"name": f"site-{n}.cn"})]})
             for n in range(6)]
    many = make_filing(KEY, "individual", websites=sites)
    plans = documents_of(icp_engine, many, "website_construction_plan")
    assert sorted(p.field for p in plans) == [f"websites[{n}].domains[0]" for n in range(6)]


def test_a_plan_is_needed_for_each_domain_of_the_filing(icp_engine: Engine) -> None:
    """Line 1376: "website construction plans for each domain name": one upload for one
    domain, never one for the whole filing."""
    two = website_data(KEY, remarks="多个域名指向同一网站",
                       domains=[DOMAIN, merge(DOMAIN, {"name": "www.xinghe-example.cn"})])
    base = {"subject": on_record(5), "websites": [two]}
    whole = make_filing(KEY, "individual", add_documents=["website_construction_plan"], **base)
    plans = documents_of(icp_engine, whole, "website_construction_plan")
    assert [(p.field, p.provided) for p in plans] == [("websites[0].domains[0]", False),
                                                      ("websites[0].domains[1]", False)]
    one = make_filing(KEY, "individual", add_documents=["website_construction_plan@websites[0].domains[0]"], **base)
    plans = documents_of(icp_engine, one, "website_construction_plan")
    assert [(p.field, p.provided) for p in plans] == [("websites[0].domains[0]", True),
                                                      ("websites[0].domains[1]", False)]


def test_the_letter_of_guarantee_is_one_for_the_filing(icp_engine: Engine) -> None:
    """Lines 1374 and 1376: the provider's letter of guarantee is one document, not one per domain."""
    filing = prefixes("enterprise", 40, add_documents=["letter_of_guarantee"])
    letters = documents_of(icp_engine, filing, "letter_of_guarantee")
    assert [(letter.field, letter.provided, letter.citation) for letter in letters] == [("", True, "5.5.1, 5.9.3")]


# -- Documents (lines 917-920) ---------------------------------------------------------


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 917-919: enterprise certificate and both administrators' IDs; the individual's
    ID; the authenticity statement. (Line 920 is the thresholds above.)"""
    assert_standard_documents(icp_engine, KEY)


# -- Change and transfer (lines 924-929) -----------------------------------------------


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 924-925: enterprise → another enterprise or an individual; individual →
    another individual or an enterprise: all allowed, no condition stated."""
    assert_change_all_allowed(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 924-925 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_a_transfer_has_no_condition_beyond_the_authoritys_rules(icp_engine: Engine) -> None:
    """Line 929: the information must meet the authority's rules (a note) and may be changed
    afterwards; nothing to match, so a transfer whose name differs is allowed."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(icp_engine, enterprise, original_of(enterprise),
                                         [{"subject_name": "广东旧名称有限公司"}],
                                         Outcome.allowed, "guangdong.transfer.allowed")
    assert_notes(allowed, "guangdong.transfer.information_meets_rules")


# -- 5.9.1 and section 1: websites with financial content ------------------------------


def test_a_finance_website_needs_one_statement_the_commitment_letter(icp_engine: Engine) -> None:
    """Line 1349 (5.9.1): a website with financial content needs the Guangdong filing
    statement; line 209 (section 1's documents table) names the same paper for Guangdong
    finance websites, the commitment letter for finance-related websites (as line 210 is
    the table's entry for 5.9.3). So one upload, ``finance_commitment_letter``, asked once
    for the finance website only, citing 5.9.1 and section 1; none for a plain website."""
    filing = make_filing(KEY, websites=[WEBSITE, finance_website(domain={"name": "xinghe-example.cn"},
                                                                 remarks="公司理财资讯")])
    letters = documents_of(icp_engine, filing, "finance_commitment_letter")
    assert [(d.field, d.rule_id, d.citation) for d in letters] == [
        ("websites[1]", "guangdong.finance_statement", "5.9.1, 1")]
    assert "commitment letter" in letters[0].reason.en and "承诺书" in letters[0].reason.zh
    assert documents_of(icp_engine, filing, "guangdong_finance_statement") == []
    plain = icp_engine.documents(make_filing(KEY))
    assert_no_document(plain, "finance_commitment_letter", "guangdong.finance_statement")
    provided = make_filing(KEY, websites=[finance_website()], add_documents=["finance_commitment_letter@websites[0]"])
    assert all(d.provided for d in documents_of(icp_engine, provided, "finance_commitment_letter"))


def test_the_finance_statement_points_are_notes_for_finance_filings(icp_check: Check) -> None:
    """Lines 1349-1359: free form but true and complete; plain description of business,
    website and financial content; full business scope; no online financial service before
    permission; in the enterprise's name (enterprise filings); long-term; sealed, signed
    by the legal representative, licence attached. A filing cannot show a document's
    contents: each is a note, given only where a website has financial content."""
    finance = notes(icp_check(KEY, websites=[finance_website()]))
    assert {*FINANCE_NOTES, "guangdong.finance_statement.in_enterprise_name"} <= set(finance)
    plain = notes(icp_check(KEY))
    assert not set(FINANCE_NOTES) & set(plain)
    individual_site = website_data(KEY, "individual", industries=["finance"])
    alone = notes(icp_check(KEY, "individual", websites=[individual_site]))
    assert set(FINANCE_NOTES) <= set(alone)
    assert "guangdong.finance_statement.in_enterprise_name" not in alone


def test_finance_rules_on_their_own_pass_a_complete_finance_filing() -> None:
    """With stand-ins for the other scopes (the finance industry plugin is not in this
    worktree), a finance website's filing passes Guangdong's rules: the statement (the
    commitment letter) is a document to upload, not a finding."""
    engine = engine_with_stand_ins(allow=["icp-province-guangdong"])
    report = engine.check(make_filing(KEY, websites=[finance_website()]))
    assert_passes(report)
    assert_requires_document(report, "finance_commitment_letter", "guangdong.finance_statement")


# -- 5.9.3: what a construction plan contains ------------------------------------------


def test_the_plan_has_no_template(icp_check: Check) -> None:
    """Line 1378: no template; how a plan is written is the applicant's (a note)."""
    assert_notes(icp_check(KEY, "individual"), *PLAN_NOTES, citation="5.9.3")


def test_each_uploaded_plan_declares_the_six_points(icp_check: Check) -> None:
    """Lines 1380-1385: a plan covers content and sections (with design drawings), staff and
    funding, content management, network deployment, security measures and contingency
    plans. An uploaded plan that says nothing of its contents is asked about; one that
    leaves a point out fails, naming it; one that covers all six passes."""
    plan = "website_construction_plan@websites[0].domains[0]"
    silent = icp_check(KEY, "individual", add_documents=[plan])
    assert_needs(silent, "guangdong.construction_plan.contents", "document_contents")
    partial = icp_check(KEY, "individual", add_documents=[plan], document_contents=[
        {"document": plan, "covers": PLAN_POINTS[:-1]}])
    finding = assert_fires(partial, "guangdong.construction_plan.contents", "document_contents[0].covers")
    assert "contingency plans" in finding.message.en and "应急处置预案" in finding.message.zh
    assert "security" not in finding.message.en
    complete = icp_check(KEY, "individual", add_documents=[plan], document_contents=[
        {"document": plan, "covers": PLAN_POINTS}])
    assert_not_fires(complete, "guangdong.construction_plan.contents")
    # No plan uploaded (below the thresholds): nothing to declare.
    assert_not_fires(icp_check(KEY, "individual"), "guangdong.construction_plan.contents")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/guangdong-enterprise.yaml passes."""
    assert_example_passes("guangdong-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-guangdong", [Path(__file__).parent]) == []
