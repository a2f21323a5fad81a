"""Henan (5.6.1): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_conditional_on,
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
    individual_with,
    make_filing,
    merge,
    original_of,
    resident_id,
    website_data,
)

KEY = "henan"
CHANGE = "henan.change"
DOMAIN = website_data(KEY)["domains"][0]
MINOR = resident_id(KEY, "20100307", "003")   # 16 on the kit's evaluation date (2026-12-01)


def individual(id_number: str, proofs: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """Overrides for an individual filing whose person holds ``id_number`` (and ``proofs``):
    subject, website administrator and domain holder stay one and the same person."""
    return individual_with(KEY, {"id_number": id_number, "local_proofs": proofs or []})


def domains(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [merge(DOMAIN, {"name": f"xinghe-example-{start + n}.com.cn"}) for n in range(count)]


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_three_in_one_licence(icp_check: Check) -> None:
    """Line 988: enterprises use the latest licence, the Three-in-One one: an organisation
    code certificate, or a licence whose number is not a unified social credit code (an
    old-style registration number), is refused."""
    code = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(code, "henan.enterprise_certificate", "subject.certificate_type")
    old_style = icp_check(KEY, subject={"certificate_number": "410100000012345"})
    assert_fires(old_style, "henan.enterprise_certificate", "subject.certificate_number")
    assert_not_fires(icp_check(KEY), "henan.enterprise_certificate")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 988: the subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "henan.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "henan.subject_administrator_is_legal_representative")


def test_enterprise_subjects_under_eighteen_cannot_file(icp_check: Check) -> None:
    """Line 988: in the Enterprises bullet, subjects under 18 cannot file; the guardian's
    documents of line 989 are for individuals and do not help an enterprise."""
    person = {"id_number": MINOR, "birth_date": None}
    young = {"subject": {"legal_representative": person, "administrator": person}}
    assert_fires(icp_check(KEY, **young), "henan.enterprise_minimum_age", "subject.administrator")
    assert_fires(icp_check(KEY, add_documents=["guardian_id"], **young), "henan.enterprise_minimum_age",
                 "subject.administrator")
    assert_not_fires(icp_check(KEY, **young), "henan.individual_minimum_age")
    assert_not_fires(icp_check(KEY), "henan.enterprise_minimum_age")


def test_individuals_need_a_henan_identity_document(icp_check: Check) -> None:
    """Line 989: an individual without a Henan identity document cannot file; no permit
    stands in for it."""
    outsider = resident_id("hebei", "19900307", "123")
    assert_fires(icp_check(KEY, "individual", **individual(outsider)), "henan.individual_local_identity",
                 "subject.administrator")
    permit = [{"kind": "residence_permit", "province": KEY}]
    assert_fires(icp_check(KEY, "individual", **individual(outsider, permit)), "henan.individual_local_identity",
                 "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "henan.individual_local_identity")
    assert_not_fires(icp_check(KEY, **individual(outsider)), "henan.individual_local_identity")  # enterprises


def test_individuals_under_eighteen_provide_their_guardians_ids(icp_check: Check, icp_engine: Engine) -> None:
    """Line 989: an individual under 18 must provide the legal guardians' valid identity
    documents (the guardian_id upload, listed only for a minor)."""
    minor = individual(MINOR)
    assert_fires(icp_check(KEY, "individual", **minor), "henan.individual_minimum_age", "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual", add_documents=["guardian_id"], **minor),
                     "henan.individual_minimum_age")
    assert_passes(icp_check(KEY, "individual", add_documents=["guardian_id"], **minor))
    assert_not_fires(icp_check(KEY, "individual"), "henan.individual_minimum_age")
    on = icp_engine.documents(make_filing(KEY, "individual", **minor))
    assert_requires_document(on, "guardian_id", "henan.individual_minimum_age")
    off = icp_engine.documents(make_filing(KEY, "individual"))
    assert_no_document(off, "guardian_id", "henan.individual_minimum_age")


def test_a_per_person_guardian_upload_exempts_the_minor(icp_check: Check) -> None:
    """Line 989: the guardians' documents uploaded for the minor themself count as well."""
    report = icp_check(KEY, "individual", add_documents=["guardian_id@subject.administrator"], **individual(MINOR))
    assert_not_fires(report, "henan.individual_minimum_age")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 990: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "henan.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "henan.domain_holder_is_subject")


def test_four_or_more_domains_need_domain_certificates(icp_engine: Engine) -> None:
    """Lines 991 and 1000: with four or more domains in one filing, a domain certificate
    for each; three domains need none. The four may be spread over several websites."""
    three = icp_engine.documents(make_filing(KEY, websites=[website_data(KEY, domains=domains(3))]))
    assert_no_document(three, "domain_certificate", "henan.domain_certificates")
    four = make_filing(KEY, websites=[website_data(KEY, domains=domains(2)),
                                      website_data(KEY, name="星河示例商城", domains=domains(2, start=2))])
    listed = [d for d in icp_engine.documents(four).documents if d.rule_id == "henan.domain_certificates"]
    assert [(d.document, d.field, d.provided) for d in listed] == [
        ("domain_certificate", f"websites[{w}].domains[{d}]", False) for w in (0, 1) for d in (0, 1)]


def test_each_domain_needs_its_own_certificate(icp_engine: Engine) -> None:
    """Line 1000: the certificates are per domain: an upload for one domain does not stand
    for another, and one upload for the whole filing stands for none."""
    website = website_data(KEY, domains=domains(4))
    one = make_filing(KEY, websites=[website], add_documents=["domain_certificate@websites[0].domains[0]"])
    provided = {d.field: d.provided for d in icp_engine.documents(one).documents
                if d.rule_id == "henan.domain_certificates"}
    assert provided == {"websites[0].domains[0]": True, "websites[0].domains[1]": False,
                        "websites[0].domains[2]": False, "websites[0].domains[3]": False}
    whole = make_filing(KEY, websites=[website], add_documents=["domain_certificate"])
    assert not any(d.provided for d in icp_engine.documents(whole).documents
                   if d.rule_id == "henan.domain_certificates")
    every = make_filing(KEY, websites=[website],
                        add_documents=[f"domain_certificate@websites[0].domains[{n}]" for n in range(4)])
    assert all(d.provided for d in icp_engine.documents(every).documents
               if d.rule_id == "henan.domain_certificates")


def test_website_names_are_a_note(icp_check: Check) -> None:
    """Line 992: website names follow the Website information page, which the guide does
    not reproduce: a note, never a finding."""
    report = icp_check(KEY)
    assert_notes(report, "henan.website_name")
    assert_not_fires(report, "henan.website_name")


def test_a_domain_on_record_must_be_reachable(icp_check: Check) -> None:
    """Line 993: a domain that already has an ICP number must be reachable, and the number
    shown at the page bottom."""
    on_record = website_data(KEY, domain={"on_record": True})
    down = merge(on_record, {"accessible": False})
    assert_fires(icp_check(KEY, websites=[down]), "henan.on_record_accessible", "websites[0].accessible")
    assert_needs(icp_check(KEY, websites=[merge(on_record, {"accessible": None})]), "henan.on_record_accessible",
                 "websites[0].accessible")
    assert_not_fires(icp_check(KEY, websites=[on_record]), "henan.on_record_accessible")
    assert_not_fires(icp_check(KEY, websites=[website_data(KEY, accessible=False)]), "henan.on_record_accessible")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 997-999: enterprises upload the certificate and the subject and website
    administrators' IDs, individuals their ID; everybody the authenticity statement."""
    assert_standard_documents(icp_engine, KEY)


def test_enterprise_to_individual_is_refused(icp_engine: Engine) -> None:
    """Line 1004: an enterprise filing cannot become an individual's."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.individual, CHANGE) is Outcome.denied


def test_a_new_name_is_allowed(icp_engine: Engine) -> None:
    """Line 1004: when the organisation's name changes, the filing can be changed (no
    condition stated)."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.new_name, CHANGE) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_a_new_certificate_number_is_refused(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 1004: when the organisation's document number changes, the filing cannot be
    changed, also when the name changes with it; a certificate of change does not help."""
    enterprise = make_filing(KEY)
    assert decide_change(icp_engine, enterprise, target, CHANGE) is Outcome.denied
    with_certificate = ChangeRequest(target, documents=frozenset({"certificate_of_change"}))
    assert decide_change(icp_engine, enterprise, with_certificate, CHANGE) is Outcome.denied


def test_individual_changes(icp_engine: Engine) -> None:
    """Line 1006: individual → another individual refused; → enterprise only if the
    individual is that enterprise's legal representative."""
    alone = make_filing(KEY, "individual")
    assert decide_change(icp_engine, alone, ChangeTarget.individual, CHANGE) is Outcome.denied
    assert_change_conditional_on(icp_engine, alone, ChangeTarget.enterprise, CHANGE,
                                 fact="individual_is_legal_representative")


def test_enterprise_to_enterprise_is_left_to_review(icp_engine: Engine) -> None:
    """Lines 1004-1006 do not state enterprise → another enterprise: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), ChangeTarget.enterprise, CHANGE) is Outcome.undetermined


def test_transfer_needs_the_subject_name_to_match(icp_engine: Engine) -> None:
    """Line 1010: the subject's name as on record, otherwise change or cancel at the
    previous provider and file anew (denied); only the name is compared. Line 1011: a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise), [{"subject_name": "河南旧名称有限公司"}],
        Outcome.denied, "henan.transfer.consistency", documents=["certificate_of_change"],
        ignored=[{"certificate_number": "91410100MA0000000X"}])
    assert_notes(allowed, "henan.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/henan-individual.yaml passes."""
    assert_example_passes("henan-individual")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-henan", [Path(__file__).parent]) == []
