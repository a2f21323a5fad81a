"""Jiangsu (5.4.3): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_conditional_on,
    assert_example_passes,
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_notes,
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

KEY = "jiangsu"
CHANGE = "jiangsu.change"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
SUBJECT = filing_data(KEY)["subject"]
REMARKS = "本网站是用于记录个人读书心得的个人网站，上线后主要内容为读书笔记和书评。"
MINOR = resident_id(KEY, "20100307", "001")      # 16 on the kit's evaluation date
OUTSIDER = resident_id("zhejiang", "19950810", "044")


def personal(**overrides: Any) -> list[dict[str, Any]]:
    """The kit's individual website with remarks in Jiangsu's form, then ``overrides``."""
    return [website_data(KEY, "individual", **{"remarks": REMARKS, **overrides})]


def individual(**overrides: Any) -> dict[str, Any]:
    """Overrides for an individual filing that meets Jiangsu's website rules."""
    return {"websites": personal(), **overrides}


def individual_person(person: dict[str, Any]) -> dict[str, Any]:
    """``individual()`` whose one person (subject, website administrator, domain holder) is ``person``."""
    overrides = individual_with(KEY, person)
    overrides["websites"][0]["remarks"] = REMARKS
    return overrides


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual", **individual()))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 768: enterprises may file with the business licence or the organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "other_organization"})
    assert_fires(bad, "jiangsu.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "jiangsu.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}),
                     "jiangsu.enterprise_certificate")


def test_administrators_are_one_person_when_the_subject_administrator_is_not_the_legal_representative(
        icp_check: Check) -> None:
    """Line 769: if the subject (administrator) is the legal representative, the website
    administrator may be the legal representative or someone else; if not, the website
    administrator and the subject administrator must be the same person."""
    rule = "jiangsu.administrators_same_unless_legal_representative"
    assert_not_fires(icp_check(KEY), rule)   # legal representative + another website administrator
    legal_admin = SUBJECT["administrator"]
    assert_not_fires(icp_check(KEY, websites=[website_data(KEY, administrator=legal_admin)]), rule)
    manager = {"name": "周海燕", "id_number": resident_id(KEY, "19880526", "063"), "mobile": mobile(KEY, "0003"),
               "is_legal_representative": False}
    bad = icp_check(KEY, subject={"administrator": manager})
    assert_fires(bad, rule, "websites[0].administrator")
    same = icp_check(KEY, subject={"administrator": manager}, websites=[website_data(KEY, administrator=manager)])
    assert_not_fires(same, rule)
    assert_not_fires(icp_check(KEY, "individual", **individual()), rule)


def test_the_subjects_mobile_is_a_jiangsu_number(icp_check: Check) -> None:
    """Line 770: the subject's mobile number must be from Jiangsu (enterprises and individuals)."""
    away = {"administrator": {"mobile": mobile("zhejiang", "0001")}}
    assert_fires(icp_check(KEY, subject=away), "jiangsu.local_mobile", "subject.administrator.mobile")
    assert_fires(icp_check(KEY, "individual", subject=away, **individual()), "jiangsu.local_mobile",
                 "subject.administrator.mobile")
    assert_not_fires(icp_check(KEY), "jiangsu.local_mobile")
    assert_not_fires(icp_check(KEY, "individual", **individual()), "jiangsu.local_mobile")
    website_away = website_data(KEY, administrator={"mobile": mobile("zhejiang", "0002")})
    assert_not_fires(icp_check(KEY, websites=[website_away]), "jiangsu.local_mobile")


def test_enterprise_subjects_under_eighteen_need_proof_unless_legal_representative(icp_check: Check) -> None:
    """Line 771: a subject younger than 18 provides proof of employment or income, not
    needed when the subject is the legal representative."""
    minor = {"id_number": MINOR, "birth_date": None, "name": "周小舟", "mobile": mobile(KEY, "0004")}
    not_legal = {"administrator": minor | {"is_legal_representative": False}}
    alone = [website_data(KEY, administrator=minor | {"is_legal_representative": False})]
    bad = icp_check(KEY, subject=not_legal, websites=alone)
    assert_fires(bad, "jiangsu.minimum_age", "subject.administrator")
    proof = icp_check(KEY, subject=not_legal, websites=alone, add_documents=["employment_or_income_proof"])
    assert_not_fires(proof, "jiangsu.minimum_age")
    legal = icp_check(KEY, subject={"legal_representative": minor, "administrator": minor | {
        "is_legal_representative": True}})
    assert_not_fires(legal, "jiangsu.minimum_age")
    assert_not_fires(icp_check(KEY), "jiangsu.minimum_age")


def test_individuals_under_eighteen_need_proof(icp_check: Check) -> None:
    """Line 771: an individual subject younger than 18 provides proof of employment or
    income; an individual has no legal representative to be, so nothing waives it."""
    minor = {"id_number": MINOR, "birth_date": None, "is_legal_representative": True}
    young = individual_person(minor)
    bad = icp_check(KEY, "individual", **young)
    assert_fires(bad, "jiangsu.individual_minimum_age", "subject.administrator")
    assert_not_fires(bad, "jiangsu.minimum_age")
    assert_not_fires(icp_check(KEY, "individual", add_documents=["employment_or_income_proof"], **young),
                     "jiangsu.individual_minimum_age")
    assert_not_fires(icp_check(KEY, "individual", **individual()), "jiangsu.individual_minimum_age")


def test_the_proof_of_employment_or_income_is_a_document_only_for_minors(icp_engine: Engine) -> None:
    """Line 771: the proof is asked only of a subject under 18 who is not the legal representative."""
    minor = {"id_number": MINOR, "birth_date": None, "is_legal_representative": False, "name": "周小舟"}
    on = icp_engine.documents(make_filing(KEY, subject={"administrator": minor},
                                          websites=[website_data(KEY, administrator=minor)]))
    assert_requires_document(on, "employment_or_income_proof", "jiangsu.minimum_age")
    off = icp_engine.documents(make_filing(KEY))
    assert_no_document(off, "employment_or_income_proof")


@pytest.mark.parametrize("holder", ["subject", "legal_representative", "administrator", "website_administrator"])
def test_the_domain_holder_may_be_any_of_four(icp_check: Check, holder: str) -> None:
    """Line 772: the domain holder must be the subject, the legal representative, the
    subject administrator or the website administrator."""
    if holder == "subject":
        name, number = SUBJECT["name"], SUBJECT["certificate_number"]
    elif holder == "website_administrator":
        name, number = WEBSITE["administrator"]["name"], WEBSITE["administrator"]["id_number"]
    else:
        name, number = SUBJECT[holder]["name"], SUBJECT[holder]["id_number"]
    held = website_data(KEY, domain={"holder_name": name, "holder_certificate_number": number,
                                                      "holder_certificate_type": None})
    report = icp_check(KEY, websites=[held])
    assert_not_fires(report, "jiangsu.domain_holder")
    # Section 3's narrower holder rule (the national plugin's) gives way to line 772: the
    # whole filing passes, whichever of the four holds the domain.
    assert_not_fires(report, "national.domain.holder_consistent")
    assert_passes(report)


def test_a_domain_held_by_anyone_else_is_refused(icp_check: Check) -> None:
    """Line 772: a holder who is none of the four is not accepted."""
    other = website_data(KEY, domain={"holder_name": "别的公司", "holder_certificate_number": "91320100MA0000000X"})
    assert_fires(icp_check(KEY, websites=[other]), "jiangsu.domain_holder", "websites[0].domains[0].holder_name")


def test_every_domain_needs_its_own_certificate(icp_engine: Engine) -> None:
    """Lines 773 and 781: a domain certificate for every domain, one upload per domain."""
    second = merge(DOMAIN, {"name": "www.xinghe-example.cn"})
    two = website_data(KEY, domains=[DOMAIN, second], remarks="多个域名指向同一网站")
    filing = make_filing(KEY, websites=[two])
    listed = icp_engine.documents(filing)
    wanted = [d for d in listed.documents if d.rule_id == "jiangsu.domain_certificates"]
    assert [(d.document, d.field, d.provided) for d in wanted] == [
        ("domain_certificate", "websites[0].domains[0]", False),
        ("domain_certificate", "websites[0].domains[1]", False)]
    one = icp_engine.documents(make_filing(KEY, websites=[two],
                                           add_documents=["domain_certificate@websites[0].domains[0]"]))
    assert [d.provided for d in one.documents if d.rule_id == "jiangsu.domain_certificates"] == [True, False]
    whole = icp_engine.documents(make_filing(KEY, add_documents=["domain_certificate"]))
    assert [d.provided for d in whole.documents if d.rule_id == "jiangsu.domain_certificates"] == [False]
    assert_requires_document(icp_engine.documents(make_filing(KEY, "individual", **individual())),
                             "domain_certificate", "jiangsu.domain_certificates")


@pytest.mark.parametrize("name", ["王建国的博客", "王建国的个人博客", "王建国的个人主页", "Wang Jianguo's blog",
                                  "Wang Jianguo' s personal homepage"])
def test_personal_website_names_in_the_set_form_pass(icp_check: Check, name: str) -> None:
    """Line 774: a personal website is titled "XX's blog" or "XX's personal homepage"
    (Chinese: XX的博客, XX的个人主页)."""
    assert_not_fires(icp_check(KEY, "individual", websites=personal(name=name)), "jiangsu.individual_website_name")


@pytest.mark.parametrize("name", ["王建国的网站", "读书笔记", "的博客", "王建国的博客园地", "My blog"])
def test_personal_website_names_in_another_form_fail(icp_check: Check, name: str) -> None:
    """Line 774: any other title of a personal website is refused."""
    assert_fires(icp_check(KEY, "individual", websites=personal(name=name)), "jiangsu.individual_website_name",
                 "websites[0].name")


def test_the_name_form_is_for_individuals_only(icp_check: Check) -> None:
    """Line 774 begins "Individuals": an enterprise website keeps its own name and remarks."""
    report = icp_check(KEY)
    assert_not_fires(report, "jiangsu.individual_website_name")
    assert_not_fires(report, "jiangsu.individual_website_remarks")


@pytest.mark.parametrize("remarks", [
    REMARKS,
    "多个域名指向同一网站。本网站是一个用于分享摄影作品的个人网站，网站上线后的主要内容是风光摄影。",
    "This website is a personal website used for sharing my reading notes, and after it is online, "
    "the main content is book reviews.",
])
def test_remarks_in_the_set_form_pass(icp_check: Check, remarks: str) -> None:
    """Line 774: the remarks say "This website is a personal website used for XXX, and after
    it is online, the main content is XXX"."""
    assert_not_fires(icp_check(KEY, "individual", websites=personal(remarks=remarks)),
                     "jiangsu.individual_website_remarks")


@pytest.mark.parametrize("remarks", ["个人博客", "本网站是用于记录读书心得的个人网站", "上线后主要内容为读书笔记",
                                     "本网站是用于记录读书心得的个人网站，上线后主要内容为。"])
def test_remarks_in_another_form_fail(icp_check: Check, remarks: str) -> None:
    """Line 774: remarks without both parts of the set form are refused."""
    assert_fires(icp_check(KEY, "individual", websites=personal(remarks=remarks)),
                 "jiangsu.individual_website_remarks", "websites[0].remarks")


def test_missing_remarks_are_asked_for(icp_check: Check) -> None:
    """Line 774: an individual filing with no remarks cannot be judged yet."""
    report = icp_check(KEY, "individual", websites=[website_data(KEY, "individual", remarks=None)])
    fields = [f.field for f in report.findings if f.rule_id == "jiangsu.individual_website_remarks"]
    assert fields == ["websites[0].remarks"]


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 778-780: the enterprise's certificate and both administrators' IDs; the
    individual's ID; the authenticity statement for every filing."""
    assert_standard_documents(icp_engine, KEY, individual=make_filing(KEY, "individual", **individual()))


def _outsider_individual(proofs: list[dict[str, str]]) -> dict[str, Any]:
    return individual_person({"id_number": OUTSIDER, "local_proofs": proofs})


def test_identity_documents_not_from_jiangsu_need_a_residence_permit(icp_check: Check) -> None:
    """Line 782: an identity document not from Jiangsu needs a (Jiangsu) residence permit.
    An enterprise uploads its subject administrator's and website administrators' IDs
    (line 778), so each of them with a non-local ID needs the permit."""
    rule = "jiangsu.residence_permit"
    away = website_data(KEY, administrator={"id_number": OUTSIDER})
    assert_fires(icp_check(KEY, websites=[away]), rule, "websites[0].administrator")
    subject_away = icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}})
    assert_fires(subject_away, rule, "subject.administrator")
    held = website_data(KEY, administrator={"id_number": OUTSIDER,
                                            "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_not_fires(icp_check(KEY, websites=[held]), rule)
    assert_not_fires(icp_check(KEY), rule)


def test_an_individual_needs_the_residence_permit_once(icp_check: Check) -> None:
    """Lines 779 and 782: an individual uploads one identity document, the individual's
    own; if it is not from Jiangsu, a Jiangsu residence permit is needed, once: the
    individual is both the subject and the website administrator, so the finding is on
    the subject administrator only, never repeated for the website administrator."""
    rule = "jiangsu.individual_residence_permit"
    bad = icp_check(KEY, "individual", **_outsider_individual([]))
    assert [f.field for f in bad.findings if f.rule_id == rule] == ["subject.administrator"]
    assert_not_fires(bad, "jiangsu.residence_permit")
    held = icp_check(KEY, "individual", **_outsider_individual([{"kind": "residence_permit", "province": KEY}]))
    assert_not_fires(held, rule)
    temporary = icp_check(KEY, "individual", **_outsider_individual([{"kind": "temporary_residence_permit",
                                                                       "province": KEY}]))
    assert_fires(temporary, rule, "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual", **individual()), rule)
    # An enterprise is not judged by the individual's rule.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}}), rule)


def test_the_residence_permit_is_a_document_only_for_non_local_ids(icp_engine: Engine) -> None:
    """Line 782: the residence permit upload is asked only for a person whose ID is not
    from Jiangsu; for an individual, one upload for the individual (the subject
    administrator), not a second one for the same person as website administrator."""
    away = website_data(KEY, administrator={"id_number": OUTSIDER,
                                            "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    on = icp_engine.documents(make_filing(KEY, websites=[away]))
    assert_requires_document(on, "residence_permit", "jiangsu.residence_permit")
    assert [d.field for d in on.documents if d.document == "residence_permit"] == ["websites[0].administrator"]
    assert_no_document(icp_engine.documents(make_filing(KEY)), "residence_permit", "jiangsu.residence_permit")
    alone = icp_engine.documents(make_filing(KEY, "individual", **_outsider_individual(
        [{"kind": "residence_permit", "province": KEY}])))
    assert [(d.field, d.rule_id) for d in alone.documents if d.document == "residence_permit"] == [
        ("subject.administrator", "jiangsu.individual_residence_permit")]


def test_a_new_name_needs_a_related_name_or_a_certificate_of_change(icp_engine: Engine) -> None:
    """Line 786: the name may change if the new name is related to the old one or a
    certificate of change is available; unrelated names mean cancelling and filing anew."""
    enterprise = make_filing(KEY)
    related = ChangeRequest(ChangeTarget.new_name, names_related=True)
    assert decide_change(icp_engine, enterprise, related, CHANGE) is Outcome.allowed
    unrelated = ChangeRequest(ChangeTarget.new_name, names_related=False)
    with_certificate = attrs.evolve(unrelated, documents=frozenset({"certificate_of_change"}))
    assert decide_change(icp_engine, enterprise, with_certificate, CHANGE) is Outcome.allowed
    pending = icp_engine.change(enterprise, unrelated)
    assert pending.outcome is Outcome.conditional
    assert [c.met for c in pending.conditions] == [False]
    assert "certificate of change" in pending.conditions[0].message.en
    assert decide_change(icp_engine, enterprise, ChangeTarget.new_name, CHANGE) is Outcome.conditional


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 787: an individual filing can become another individual's; it can become an
    enterprise's when the individual is that enterprise's legal representative."""
    alone = make_filing(KEY, "individual", **individual())
    assert decide_change(icp_engine, alone, ChangeTarget.individual, CHANGE) is Outcome.allowed
    assert_change_conditional_on(icp_engine, alone, ChangeTarget.enterprise, CHANGE,
                                 fact="individual_is_legal_representative")


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.individual,
                                    ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_changes_the_section_does_not_state_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 786-787 say nothing of an enterprise filing becoming another enterprise's or an
    individual's, nor of a new certificate number (alone or with the name): undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_the_name_and_number_of_the_original(icp_engine: Engine) -> None:
    """Line 791: the subject's name and number must match the original filing, otherwise
    change or cancel it at the previous provider and file anew (refused); line 792 is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "江苏旧名称有限公司"}, {"certificate_number": "91320100MA0000000X"}],
        Outcome.denied, "jiangsu.transfer.consistency")
    assert_notes(allowed, "jiangsu.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/jiangsu-individual.yaml passes."""
    report = assert_example_passes("jiangsu-individual")
    assert all(d.provided for d in report.documents), [d.document for d in report.documents if not d.provided]


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-jiangsu", [Path(__file__).parent]) == []
