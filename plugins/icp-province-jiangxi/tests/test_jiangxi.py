"""Jiangxi (5.4.7): every bullet of the section, read from the guide, with a filing that
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
    original_of,
    resident_id,
    website_data,
)

KEY = "jiangxi"
CHANGE = "jiangxi.change"
OUTSIDER = resident_id("hunan", "19940930", "062")
PERMITS = ("residence_permit", "temporary_residence_permit")


def website_administrator(proofs: list[dict[str, str]] | None = None) -> list[dict[str, Any]]:
    """The enterprise's websites, administered by someone with a Hunan ID holding ``proofs``."""
    return [website_data(KEY, administrator={"id_number": OUTSIDER, "local_proofs": proofs or []})]


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_the_business_licence(icp_check: Check) -> None:
    """Line 879: enterprises use the business licence."""
    bad = icp_check(KEY, subject={"certificate_type": "organization_code"})
    assert_fires(bad, "jiangxi.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "jiangxi.enterprise_certificate")


def test_non_local_individuals_need_a_residence_or_temporary_residence_permit(icp_check: Check) -> None:
    """Line 880: an individual whose ID's domicile is not in Jiangxi provides a residence
    permit or a temporary residence permit (held for Jiangxi)."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, {"id_number": OUTSIDER}))
    assert_fires(bad, "jiangxi.individual_local_identity", "subject.administrator")
    assert_not_fires(icp_check(KEY, "individual"), "jiangxi.individual_local_identity")
    for kind in PERMITS:
        held = individual_with(KEY, {"id_number": OUTSIDER, "local_proofs": [{"kind": kind, "province": KEY}]})
        assert_not_fires(icp_check(KEY, "individual", **held), "jiangxi.individual_local_identity")
    elsewhere = individual_with(KEY, {"id_number": OUTSIDER,
                                      "local_proofs": [{"kind": "residence_permit", "province": "hunan"}]})
    assert_fires(icp_check(KEY, "individual", **elsewhere), "jiangxi.individual_local_identity")
    # An enterprise's subject administrator is not held to it: the bullet is about individuals.
    assert_not_fires(icp_check(KEY, subject={"administrator": {"id_number": OUTSIDER}}),
                     "jiangxi.individual_local_identity")


def test_the_subject_administrator_is_the_legal_representative(icp_check: Check) -> None:
    """Line 881: an enterprise's subject administrator must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "jiangxi.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "jiangxi.subject_administrator_is_legal_representative")


def test_a_non_local_enterprise_website_administrator_needs_a_permit(icp_check: Check) -> None:
    """Line 882: an enterprise website administrator whose ID is not from Jiangxi provides a
    residence permit or a temporary residence permit."""
    bad = icp_check(KEY, websites=website_administrator())
    assert_fires(bad, "jiangxi.enterprise_website_administrator_local_identity", "websites[0].administrator")
    assert_not_fires(icp_check(KEY), "jiangxi.enterprise_website_administrator_local_identity")
    for kind in PERMITS:
        held = website_administrator([{"kind": kind, "province": KEY}])
        assert_not_fires(icp_check(KEY, websites=held), "jiangxi.enterprise_website_administrator_local_identity")
    student = website_administrator([{"kind": "student_id", "province": KEY}])
    assert_fires(icp_check(KEY, websites=student), "jiangxi.enterprise_website_administrator_local_identity")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 883: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "jiangxi.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "jiangxi.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 887-889: enterprise certificate and both administrators' IDs; the individual's
    ID; the authenticity statement."""
    assert_standard_documents(icp_engine, KEY)


def test_the_residence_permit_is_a_document_only_without_a_jiangxi_id(icp_engine: Engine) -> None:
    """Line 890: a website administrator without a Jiangxi ID card uploads a residence
    permit (not required in all cases); an individual is their own website administrator."""
    held = website_administrator([{"kind": "temporary_residence_permit", "province": KEY}])
    on = icp_engine.documents(make_filing(KEY, websites=held))
    assert_requires_document(on, "residence_permit", "jiangxi.enterprise_website_administrator_local_identity")
    assert [d.field for d in on.documents if d.document == "residence_permit"] == ["websites[0].administrator"]
    off = icp_engine.documents(make_filing(KEY))
    assert_no_document(off, "residence_permit")
    alone = individual_with(KEY, {"id_number": OUTSIDER,
                                  "local_proofs": [{"kind": "residence_permit", "province": KEY}]})
    assert_requires_document(icp_engine.documents(make_filing(KEY, "individual", **alone)), "residence_permit",
                             "jiangxi.individual_local_identity")
    assert_no_document(icp_engine.documents(make_filing(KEY, "individual")), "residence_permit")


@pytest.mark.parametrize("target", [ChangeTarget.enterprise, ChangeTarget.individual])
def test_an_enterprise_filing_cannot_change_hands(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 894: an enterprise filing cannot become another enterprise's or an individual's."""
    enterprise = make_filing(KEY)
    assert decide_change(icp_engine, enterprise, target, CHANGE) is Outcome.denied
    request = ChangeRequest(target, documents=frozenset({"certificate_of_change"}))
    assert decide_change(icp_engine, enterprise, request, CHANGE) is Outcome.denied


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number])
def test_a_new_name_or_number_needs_the_certificate_of_change(icp_engine: Engine, target: ChangeTarget) -> None:
    """Line 895: the subject's name or document number can change with the issuing authority's certificate of change."""
    enterprise = make_filing(KEY)
    assert_change_conditional_on(icp_engine, enterprise, target, CHANGE, document="certificate_of_change")


@pytest.mark.parametrize(("subject_type", "target"), [("enterprise", ChangeTarget.new_name_and_certificate_number),
                                                      ("individual", ChangeTarget.individual),
                                                      ("individual", ChangeTarget.enterprise)])
def test_cells_the_section_leaves_open_are_undetermined(icp_engine: Engine, subject_type: str,
                                                        target: ChangeTarget) -> None:
    """Lines 894-895 state neither a new name and number at once nor any change of an individual filing."""
    assert decide_change(icp_engine, make_filing(KEY, subject_type), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_number_and_administrators_to_match(icp_engine: Engine) -> None:
    """Line 899: subject name, document number and administrator information as on record,
    otherwise change or cancel there first (denied); line 900 is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "江西旧名称有限公司"}, {"certificate_number": "91360100MA0000000X"},
         {"subject_administrator_name": "另一个人"}, {"website_administrator_names": ("另一个人",)}],
        Outcome.denied, "jiangxi.transfer.consistency", documents=["certificate_of_change"])
    assert_notes(allowed, "jiangxi.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/jiangxi-enterprise.yaml passes."""
    assert_example_passes("jiangxi-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-jiangxi", [Path(__file__).parent]) == []
