"""Hebei (5.3.2): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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
)

Check = Callable[..., Report]
KEY = "hebei"
WEBSITE = filing_data(KEY)["websites"][0]
DOMAIN = WEBSITE["domains"][0]
FOREIGNER = {"residency": "foreign", "id_type": "passport", "id_number": "E12345678", "birth_date": "1985-07-12"}
HK_RESIDENT = {"residency": "hong_kong_macao", "id_type": "hk_macao_travel_permit", "id_number": "H12345678",
               "birth_date": "1985-07-12"}


def test_the_baseline_filings_pass(icp_check: Check) -> None:
    assert_passes(icp_check(KEY))
    assert_passes(icp_check(KEY, "individual"))


def test_enterprises_file_with_a_licence_or_organisation_code(icp_check: Check) -> None:
    """Line 603: enterprises use the business licence and organisation code certificate."""
    bad = icp_check(KEY, subject={"certificate_type": "social_organization"})
    assert_fires(bad, "hebei.enterprise_certificate", "subject.certificate_type")
    assert_not_fires(icp_check(KEY), "hebei.enterprise_certificate")
    assert_not_fires(icp_check(KEY, subject={"certificate_type": "organization_code"}), "hebei.enterprise_certificate")


def test_the_subject_is_the_legal_representative(icp_check: Check) -> None:
    """Line 603: the subject (its administrator) must be the legal representative."""
    bad = icp_check(KEY, subject={"administrator": {"is_legal_representative": False}})
    assert_fires(bad, "hebei.subject_administrator_is_legal_representative",
                 "subject.administrator.is_legal_representative")
    assert_not_fires(icp_check(KEY), "hebei.subject_administrator_is_legal_representative")


def _foreign_individual(person: dict[str, Any]) -> dict[str, Any]:
    website = filing_data(KEY, "individual")["websites"][0]
    return {"subject": {"administrator": person}, "websites": [merge(website, {"administrator": person})]}


def test_foreigners_cannot_file_as_individuals(icp_check: Check) -> None:
    """Line 604: foreign citizens cannot file as individuals (a Hong Kong resident can)."""
    bad = icp_check(KEY, "individual", **_foreign_individual(FOREIGNER))
    assert_fires(bad, "hebei.no_foreign_individuals", "subject.administrator.residency")
    assert_not_fires(icp_check(KEY, "individual"), "hebei.no_foreign_individuals")
    assert_not_fires(icp_check(KEY, "individual", **_foreign_individual(HK_RESIDENT)), "hebei.no_foreign_individuals")


def test_foreigners_cannot_be_administrators(icp_check: Check) -> None:
    """Line 605: foreign citizens cannot be administrators, of any filing."""
    foreign_website = merge(WEBSITE, {"administrator": FOREIGNER})
    assert_fires(icp_check(KEY, websites=[foreign_website]), "hebei.no_foreign_administrators",
                 "websites[0].administrator.residency")
    foreign_subject = icp_check(KEY, subject={"administrator": FOREIGNER | {"is_legal_representative": False}})
    assert_fires(foreign_subject, "hebei.no_foreign_administrators", "subject.administrator.residency")
    assert_not_fires(icp_check(KEY), "hebei.no_foreign_administrators")
    hk_website = merge(WEBSITE, {"administrator": HK_RESIDENT})
    assert_not_fires(icp_check(KEY, websites=[hk_website]), "hebei.no_foreign_administrators")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 606: the domain holder must be the filing subject."""
    other = merge(WEBSITE, {"domains": [merge(DOMAIN, {"holder_name": "别的公司"})]})
    assert_fires(icp_check(KEY, websites=[other]), "hebei.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "hebei.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 610-612: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    enterprise = icp_engine.documents(make_filing(KEY))
    for document, rule in [("subject_certificate", "hebei.document.subject_certificate"),
                           ("subject_administrator_id", "hebei.document.subject_administrator_id"),
                           ("website_administrator_id", "hebei.document.website_administrator_id"),
                           ("authenticity_statement", "hebei.document.authenticity_statement")]:
        assert_requires_document(enterprise, document, rule)
    alone = icp_engine.documents(make_filing(KEY, "individual"))
    assert_requires_document(alone, "subject_certificate", "hebei.document.subject_certificate")
    assert_requires_document(alone, "authenticity_statement", "hebei.document.authenticity_statement")
    assert_no_document(alone, "subject_administrator_id", "hebei.document.subject_administrator_id")
    assert_no_document(alone, "website_administrator_id", "hebei.document.website_administrator_id")


def _change(engine: Engine, filing: Filing, request: ChangeRequest) -> Outcome | None:
    report = engine.change(filing, request)
    assert report.outcome is Outcome.undetermined or report.reasons[0].rule_id == "hebei.change"
    return report.outcome


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 616-617: enterprise → another enterprise or an individual, individual →
    another individual or an enterprise: all allowed, with no condition stated."""
    enterprise, alone = make_filing(KEY), make_filing(KEY, "individual")
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.enterprise)) is Outcome.allowed
    assert _change(icp_engine, enterprise, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.individual)) is Outcome.allowed
    assert _change(icp_engine, alone, ChangeRequest(ChangeTarget.enterprise,
                                                    individual_is_legal_representative=False)) is Outcome.allowed


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 616-617 say nothing of a new name or number: undetermined."""
    assert _change(icp_engine, make_filing(KEY), ChangeRequest(target)) is Outcome.undetermined


def test_transfer_needs_name_number_and_administrators_to_match(icp_engine: Engine) -> None:
    """Line 621: subject name, number and administrator information as on record,
    otherwise change or cancel there first (denied); line 622 is a note."""
    enterprise = make_filing(KEY)
    admin = enterprise.subject.administrator
    assert admin is not None
    subject = enterprise.subject
    same = OriginalFiling(subject_name=subject.name, certificate_number=subject.certificate_number,
                          subject_administrator_name=admin.name, subject_administrator_id_number=admin.id_number,
                          website_administrator_names=("李晓梅",))
    allowed = icp_engine.transfer(enterprise, TransferRequest(same))
    assert allowed.outcome is Outcome.allowed
    assert "hebei.transfer.domicile_and_address" in [n.rule_id for n in allowed.notes]
    for mismatch in [{"subject_name": "河北旧名称有限公司"}, {"certificate_number": "91130100MA0000000X"},
                     {"subject_administrator_name": "另一个人"}, {"website_administrator_names": ("另一个人",)}]:
        report = icp_engine.transfer(enterprise, TransferRequest(attrs.evolve(same, **mismatch)))
        assert report.outcome is Outcome.denied, mismatch
        assert report.reasons[0].rule_id == "hebei.transfer.consistency"


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/hebei-enterprise.yaml passes."""
    example = Path(__file__).parents[3] / "examples" / "hebei-enterprise.yaml"
    report = installed_engine().check(load_filing(example))
    assert_passes(report)
    assert all(entry.covered for entry in report.coverage)


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-hebei", [Path(__file__).parent]) == []
