"""Hunan (5.6.3): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_example_passes,
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_passes,
    assert_requires_document,
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
    resident_id,
    website_data,
)

KEY = "hunan"
CHANGE = "hunan.change"
DATA = filing_data(KEY)
WEBSITE = DATA["websites"][0]
DOMAIN = WEBSITE["domains"][0]
LETTER = "authorization_letter"
#: The letter as the documents list asks for it: uploaded for the website administrator it authorizes.
WEBSITE_LETTER = f"{LETTER}@websites[0].administrator"
# The enterprise's website run by its legal representative (the subject administrator).
RUN_BY_LEGAL = website_data(KEY, administrator=DATA["subject"]["administrator"])
MINOR = resident_id(KEY, "20100307", "003")   # 16 on the kit's evaluation date (2026-12-01)
GUANGDONG_MOBILE = mobile("guangdong", "0009")


def individual(id_number: str) -> dict[str, Any]:
    """Overrides for an individual filing whose person holds ``id_number``: subject,
    website administrator and domain holder stay one and the same person."""
    return individual_with(KEY, {"id_number": id_number})


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    """The kit's enterprise has a website administrator who is not the legal
    representative: with the letter of authorization (line 1046) it passes."""
    assert_passes(icp_check(KEY, add_documents=[WEBSITE_LETTER]))
    assert_passes(icp_check(KEY, websites=[RUN_BY_LEGAL]))
    assert_passes(icp_check(KEY, "individual"))


@pytest.mark.parametrize("certificate", ["business_license", "organization_code"])
def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check, certificate: str) -> None:
    """Line 1045: enterprises may use the business licence or the organisation code certificate."""
    assert_not_fires(icp_check(KEY, subject={"certificate_type": certificate}), "hunan.enterprise_certificate")
    other = icp_check(KEY, subject={"certificate_type": "social_organization"})
    assert_fires(other, "hunan.enterprise_certificate", "subject.certificate_type")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1046: the subject administrator must be the legal representative; the letter of
    authorization is for the website administrator only."""
    not_legal = {"subject": {"administrator": {"is_legal_representative": False}}}
    assert_fires(icp_check(KEY, add_documents=[WEBSITE_LETTER], **not_legal),
                 "hunan.subject_administrator_is_legal_representative", "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "hunan.subject_administrator_is_legal_representative")


def test_the_website_administrator_is_the_legal_representative_or_authorized(icp_check: Check) -> None:
    """Lines 1046 and 1061: the website administrator must be the legal representative;
    otherwise the enterprise provides the legal representative's letter of authorization."""
    assert_fires(icp_check(KEY), "hunan.website_administrator_is_legal_representative",
                 "websites[0].administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY, add_documents=[WEBSITE_LETTER]),
                     "hunan.website_administrator_is_legal_representative")
    assert_not_fires(icp_check(KEY, websites=[RUN_BY_LEGAL]), "hunan.website_administrator_is_legal_representative")
    assert_not_fires(icp_check(KEY, "individual"), "hunan.website_administrator_is_legal_representative")


def test_the_letter_of_authorization_is_a_document_only_when_needed(icp_engine: Engine) -> None:
    """Line 1061: enterprises whose website administrator is not the legal representative
    upload the letter of authorization; one run by the legal representative does not."""
    on = icp_engine.documents(make_filing(KEY))
    assert_requires_document(on, LETTER, "hunan.website_administrator_is_legal_representative")
    assert [d.field for d in on.documents if d.document == LETTER] == ["websites[0].administrator"]
    off = icp_engine.documents(make_filing(KEY, websites=[RUN_BY_LEGAL]))
    assert_no_document(off, LETTER, "hunan.website_administrator_is_legal_representative")


def test_a_letter_uploaded_for_the_website_administrator_is_accepted(icp_check: Check) -> None:
    """Line 1061: the letter uploaded for the website administrator it authorizes counts."""
    report = icp_check(KEY, add_documents=[f"{LETTER}@websites[0].administrator"])
    assert_not_fires(report, "hunan.website_administrator_is_legal_representative")


def test_individuals_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 1047: individuals under 18 cannot file, whatever they upload."""
    minor = individual(MINOR)
    assert_fires(icp_check(KEY, "individual", **minor), "hunan.minimum_age", "subject.administrator")
    assert_fires(icp_check(KEY, "individual", add_documents=["guardian_id"], **minor), "hunan.minimum_age",
                 "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "hunan.minimum_age")


def test_mobile_numbers_are_from_hunan(icp_check: Check) -> None:
    """Line 1048: the mobile numbers given for the filing must be Hunan numbers: the
    subject administrator's and every website administrator's, enterprises and individuals."""
    away = {"mobile": GUANGDONG_MOBILE}
    subject = icp_check(KEY, add_documents=[WEBSITE_LETTER], subject={"administrator": away})
    assert_fires(subject, "hunan.local_mobile", "subject.administrator.mobile")
    website = icp_check(KEY, add_documents=[WEBSITE_LETTER], websites=[website_data(KEY, administrator=away)])
    assert_fires(website, "hunan.local_mobile", "websites[0].administrator.mobile")
    alone = filing_data(KEY, "individual")
    person = icp_check(KEY, "individual", subject={"administrator": away},
                       websites=[merge(alone["websites"][0], {"administrator": away})])
    assert_fires(person, "hunan.local_mobile", "subject.administrator.mobile")
    assert_not_fires(icp_check(KEY, add_documents=[WEBSITE_LETTER]), "hunan.local_mobile")
    assert_not_fires(icp_check(KEY, "individual"), "hunan.local_mobile")


def test_domains_registered_outside_china_are_refused(icp_check: Check) -> None:
    """Line 1049: domains registered outside China cannot be filed."""
    abroad = merge(RUN_BY_LEGAL, {"domains": [merge(DOMAIN, {"registered_outside_mainland": True})]})
    assert_fires(icp_check(KEY, websites=[abroad]), "hunan.domain_registered_in_mainland",
                 "websites[0].domains[0].registered_outside_mainland")
    assert_not_fires(icp_check(KEY, websites=[RUN_BY_LEGAL]), "hunan.domain_registered_in_mainland")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 1050: the domain holder must be the filing subject."""
    other = merge(RUN_BY_LEGAL, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "hunan.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY, websites=[RUN_BY_LEGAL]), "hunan.domain_holder_is_subject")


def test_every_domain_needs_its_certificate(icp_engine: Engine) -> None:
    """Lines 1050 and 1060: the certificates of all the domains filed, from the first one:
    one per domain, each met only by an upload for that domain (a whole-filing upload
    stands for none)."""
    two = merge(RUN_BY_LEGAL, {"remarks": "多个域名指向同一网站",
                               "domains": [DOMAIN, merge(DOMAIN, {"name": "www.xinghe-example.cn"})]})
    listed = icp_engine.documents(make_filing(KEY, websites=[two]))
    assert [(d.document, d.field, d.provided) for d in listed.documents if d.rule_id == "hunan.domain_certificates"] \
        == [("domain_certificate", f"websites[0].domains[{n}]", False) for n in (0, 1)]
    one = icp_engine.documents(make_filing(KEY, websites=[two],
                                          add_documents=["domain_certificate@websites[0].domains[1]"]))
    assert {d.field: d.provided for d in one.documents if d.rule_id == "hunan.domain_certificates"} == {
        "websites[0].domains[0]": False, "websites[0].domains[1]": True}
    whole = icp_engine.documents(make_filing(KEY, websites=[two], add_documents=["domain_certificate"]))
    assert not any(d.provided for d in whole.documents if d.rule_id == "hunan.domain_certificates")
    single = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(single, "domain_certificate", "hunan.domain_certificates")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1054, 1058, 1059: enterprises upload the certificate and the subject and
    website administrators' IDs, individuals their ID; everybody the authenticity
    statement. (Line 1062 is an empty bullet.)"""
    _, alone = assert_standard_documents(icp_engine, KEY)
    assert_no_document(alone, LETTER)


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.individual])
def test_enterprise_filings_can_become_another_enterprises_or_an_individuals(
        icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 1066: enterprise → another enterprise or an individual, with no condition."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.individual, ChangeTarget.enterprise])
def test_individual_filings_can_become_another_individuals_or_an_enterprises(
        icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 1067: individual → another individual or an enterprise, with no condition."""
    assert decide_change(icp_engine, make_filing(KEY, "individual"), target, CHANGE) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_cells_the_section_leaves_open_are_undetermined(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1066-1067 say nothing of a change of name or number: decided by review."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


@pytest.mark.parametrize("subject_type", ["enterprise", "individual"])
def test_transfer_needs_the_filing_information_to_match(icp_engine: Engine, subject_type: str) -> None:
    """Line 1071: the filing information must be as on record (name, number, subject and
    website administrators); otherwise change or cancel at the previous provider and file
    anew (denied; a certificate of change does not help)."""
    filing = make_filing(KEY, subject_type)
    assert_transfer_mismatches(
        icp_engine, filing, original_of(filing),
        [{"subject_name": "湖南旧名称有限公司"}, {"certificate_number": "91430100MA0000000X"},
         {"subject_administrator_name": "另一个人"}, {"website_administrator_names": ("另一个人",)}],
        Outcome.denied, "hunan.transfer.consistency", documents=["certificate_of_change"])


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/hunan-enterprise.yaml passes."""
    assert_example_passes("hunan-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-hunan", [Path(__file__).parent]) == []
