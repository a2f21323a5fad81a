"""Yunnan (5.8.5): every bullet of the section, read from the guide, with a filing that breaks
it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget, OriginalFiling, TransferRequest
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_all_allowed,
    assert_example_passes,
    assert_fires,
    assert_no_document,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_requires_document,
    assert_standard_documents,
    conformance_problems,
    decide_change,
    filing_data,
    individual_with,
    make_filing,
    merge,
    resident_id,
    website_data,
)

KEY = "yunnan"
CHANGE = "yunnan.change"
YOUNG = {"id_number": resident_id(KEY, "20100307", "001"), "birth_date": None}
PROOF = ["employment_or_income_proof"]


def young_enterprise(is_legal_representative: bool) -> dict[str, Any]:
    """An enterprise whose subject administrator is 16, and is (or is not) its legal representative."""
    legal = {"legal_representative": YOUNG} if is_legal_representative else {}
    return {"subject": {**legal, "administrator": {**YOUNG, "is_legal_representative": is_legal_representative}}}


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 1322: enterprises can use the business licence and organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "public_institution"})
    assert_fires(bad, "yunnan.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "yunnan.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}),
                     "yunnan.enterprise_certificate")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 1323: the subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "yunnan.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "yunnan.subject_administrator_is_legal_representative")


def test_an_individual_under_eighteen_provides_proof_of_employment_or_income(icp_check: Check) -> None:
    """Line 1324: individuals under 18 must provide a proof of employment or income."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, YOUNG))
    assert_fires(bad, "yunnan.individual_minimum_age", "subject.administrator")
    proved = icp_check(KEY, "individual", add_documents=PROOF, **individual_with(KEY, YOUNG))
    assert_not_fires(proved, "yunnan.individual_minimum_age")
    assert_not_fires(icp_check(KEY, "individual"), "yunnan.individual_minimum_age")


def test_an_individual_filing_has_no_legal_representative_to_exempt(icp_check: Check) -> None:
    """Line 1324: the exemption is for an administrator who is the legal representative; in an
    individual filing nobody is, whatever the person's flag says."""
    claimed = icp_check(KEY, "individual", **individual_with(KEY, {**YOUNG, "is_legal_representative": True}))
    assert_fires(claimed, "yunnan.individual_minimum_age", "subject.administrator")


def test_an_enterprise_administrator_under_eighteen_needs_the_proof_unless_legal_representative(
        icp_check: Check) -> None:
    """Line 1324: under 18 → proof of employment or income, unless the administrator is the
    legal representative (which only an enterprise filing has)."""
    assert_fires(icp_check(KEY, **young_enterprise(False)), "yunnan.minimum_age", "subject.administrator")
    assert_not_fires(icp_check(KEY, add_documents=PROOF, **young_enterprise(False)), "yunnan.minimum_age")
    assert_not_fires(icp_check(KEY, **young_enterprise(True)), "yunnan.minimum_age")
    assert_not_fires(icp_check(KEY), "yunnan.minimum_age")


def test_the_proof_is_a_document_only_for_those_under_eighteen(icp_engine: Engine) -> None:
    """Line 1324: the proof is asked of an under-18 administrator who is not exempt, only."""
    alone = icp_engine.documents(make_filing(KEY, "individual", **individual_with(KEY, YOUNG)))
    assert_requires_document(alone, "employment_or_income_proof", "yunnan.individual_minimum_age")
    enterprise = icp_engine.documents(make_filing(KEY, **young_enterprise(False)))
    assert_requires_document(enterprise, "employment_or_income_proof", "yunnan.minimum_age")
    exempt = icp_engine.documents(make_filing(KEY, **young_enterprise(True)))
    assert_no_document(exempt, "employment_or_income_proof")
    assert_no_document(icp_engine.documents(make_filing(KEY, "individual")), "employment_or_income_proof")
    assert_no_document(icp_engine.documents(make_filing(KEY)), "employment_or_income_proof")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 1325: the domain holder must be the filing subject (not even the legal representative)."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "yunnan.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    legal = filing_data(KEY)["subject"]["legal_representative"]
    by_legal = website_data(KEY, domain={"holder_name": legal["name"], "holder_certificate_number": legal["id_number"]})
    assert_fires(icp_check(KEY, websites=[by_legal]), "yunnan.domain_holder_is_subject")
    assert_not_fires(icp_check(KEY), "yunnan.domain_holder_is_subject")


@pytest.mark.parametrize("subject_type", ["enterprise", "individual"])
def test_every_domain_needs_a_domain_certificate(icp_engine: Engine, subject_type: str) -> None:
    """Lines 1325 and 1332: domain certificates are required: one for each domain, whatever the count."""
    one = icp_engine.documents(make_filing(KEY, subject_type))
    assert_requires_document(one, "domain_certificate", "yunnan.domain_certificates")
    first = website_data(KEY, subject_type)["domains"][0]
    two = website_data(KEY, subject_type, domains=[first, merge(first, {"name": "www.xinghe-example.cn"})],
                       remarks="多个域名指向同一网站")
    both = icp_engine.documents(make_filing(KEY, subject_type, websites=[two]))
    fields = [d.field for d in both.documents if d.document == "domain_certificate"]
    assert fields == ["websites[0].domains[0]", "websites[0].domains[1]"]


def test_a_domain_certificate_is_met_by_an_upload_for_its_own_domain(icp_check: Check, icp_engine: Engine) -> None:
    """Line 1332: the certificates are documents to upload: listed (not a finding of the
    check), each met by an upload for its own domain and never by one for the whole filing."""
    assert_not_fires(icp_check(KEY), "yunnan.domain_certificates")
    own = icp_engine.documents(make_filing(KEY, add_documents=["domain_certificate@websites[0].domains[0]"]))
    assert all(d.provided for d in own.documents if d.document == "domain_certificate")
    whole = icp_engine.documents(make_filing(KEY, add_documents=["domain_certificate"]))
    assert not any(d.provided for d in whole.documents if d.document == "domain_certificate")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 1329-1331: enterprise certificate and the administrators' IDs; the individual's ID;
    the authenticity statement for both."""
    assert_standard_documents(icp_engine, KEY)


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 1336-1337: enterprise → another enterprise or an individual, individual →
    another individual or an enterprise: all allowed, with no condition stated."""
    assert_change_all_allowed(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 1336-1337 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


@pytest.mark.parametrize(("subject_type", "rule"), [("enterprise", "yunnan.transfer.enterprise_accessible"),
                                                    ("individual", "yunnan.transfer.individual_accessible")])
def test_a_transfer_needs_the_website_reachable_else_cancel_and_refile(icp_engine: Engine, subject_type: str,
                                                                       rule: str) -> None:
    """Lines 1342 (enterprise) and 1343 (individual): the website must be accessible; if it
    no longer is, cancel at the original provider and file again (denied). Line 1341 is a note."""
    filing = make_filing(KEY, subject_type)
    reachable = icp_engine.transfer(filing, TransferRequest(OriginalFiling(websites_accessible=True)))
    assert reachable.outcome is Outcome.allowed
    assert_notes(reachable, "yunnan.transfer.information_rules")
    gone = icp_engine.transfer(filing, TransferRequest(OriginalFiling(websites_accessible=False)))
    assert gone.outcome is Outcome.denied
    assert [r.rule_id for r in gone.reasons] == [rule]
    down = make_filing(KEY, subject_type, websites=[website_data(KEY, subject_type, accessible=False)])
    named = OriginalFiling(subject_name=filing.subject.name)  # an original with no fact at all is incomplete
    assert icp_engine.transfer(down, TransferRequest(named)).outcome is Outcome.denied
    unknown = make_filing(KEY, subject_type, websites=[website_data(KEY, subject_type, accessible=None)])
    assert icp_engine.transfer(unknown, TransferRequest(named)).outcome is Outcome.conditional


def test_a_transfer_does_not_compare_the_original_information(icp_engine: Engine) -> None:
    """Line 1341 asks the information to meet the authority's rules, not to match the
    original: a reachable website with a different name on record transfers."""
    filing = make_filing(KEY)
    other = OriginalFiling(subject_name="云南旧名称有限公司", certificate_number="91530100MA0000000X",
                           websites_accessible=True)
    assert icp_engine.transfer(filing, TransferRequest(other)).outcome is Outcome.allowed


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/yunnan-enterprise.yaml passes."""
    assert_example_passes("yunnan-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-yunnan", [Path(__file__).parent]) == []
