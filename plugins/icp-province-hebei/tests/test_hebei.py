"""Hebei (5.3.2): every bullet of the section, read from the guide, with a filing that
breaks it and one that meets it. Line numbers are those of icp-before-filing.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_core.engine import Engine
from icp_core.model import ChangeTarget
from icp_core.report import Outcome
from icp_core.testing import (
    Check,
    assert_change_all_allowed,
    assert_example_passes,
    assert_fires,
    assert_not_fires,
    assert_notes,
    assert_passes,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    individual_with,
    make_filing,
    original_of,
    website_data,
)

KEY = "hebei"
CHANGE = "hebei.change"
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


def test_foreigners_cannot_file_as_individuals(icp_check: Check) -> None:
    """Line 604: foreign citizens cannot file as individuals (a Hong Kong resident can)."""
    bad = icp_check(KEY, "individual", **individual_with(KEY, FOREIGNER))
    assert_fires(bad, "hebei.no_foreign_individuals", "subject.administrator.residency")
    assert_not_fires(icp_check(KEY, "individual"), "hebei.no_foreign_individuals")
    assert_not_fires(icp_check(KEY, "individual", **individual_with(KEY, HK_RESIDENT)), "hebei.no_foreign_individuals")


def test_foreigners_cannot_be_administrators(icp_check: Check) -> None:
    """Line 605: foreign citizens cannot be administrators, of any filing."""
    foreign_website = website_data(KEY, administrator=FOREIGNER)
    assert_fires(icp_check(KEY, websites=[foreign_website]), "hebei.no_foreign_administrators",
                 "websites[0].administrator.residency")
    foreign_subject = icp_check(KEY, subject={"administrator": FOREIGNER | {"is_legal_representative": False}})
    assert_fires(foreign_subject, "hebei.no_foreign_administrators", "subject.administrator.residency")
    assert_not_fires(icp_check(KEY), "hebei.no_foreign_administrators")
    hk_website = website_data(KEY, administrator=HK_RESIDENT)
    assert_not_fires(icp_check(KEY, websites=[hk_website]), "hebei.no_foreign_administrators")


def test_the_domain_is_held_by_the_subject(icp_check: Check) -> None:
    """Line 606: the domain holder must be the filing subject."""
    other = website_data(KEY, domain={"holder_name": "别的公司"})
    assert_fires(icp_check(KEY, websites=[other]), "hebei.domain_holder_is_subject",
                 "websites[0].domains[0].holder_name")
    assert_not_fires(icp_check(KEY), "hebei.domain_holder_is_subject")


def test_enterprise_and_individual_documents(icp_engine: Engine) -> None:
    """Lines 610-612: enterprise certificate and both administrators' IDs; the individual's ID; the statement."""
    assert_standard_documents(icp_engine, KEY)


def test_every_type_change_is_allowed(icp_engine: Engine) -> None:
    """Lines 616-617: enterprise → another enterprise or an individual, individual →
    another individual or an enterprise: all allowed, with no condition stated."""
    assert_change_all_allowed(icp_engine, KEY)


@pytest.mark.parametrize("target", [ChangeTarget.new_name, ChangeTarget.new_certificate_number,
                                    ChangeTarget.new_name_and_certificate_number])
def test_name_and_number_changes_are_left_to_review(icp_engine: Engine, target: ChangeTarget) -> None:
    """Lines 616-617 say nothing of a new name or number: undetermined."""
    assert decide_change(icp_engine, make_filing(KEY), target, CHANGE) is Outcome.undetermined


def test_transfer_needs_name_number_and_administrators_to_match(icp_engine: Engine) -> None:
    """Line 621: subject name, number and administrator information as on record,
    otherwise change or cancel there first (denied); line 622 is a note."""
    enterprise = make_filing(KEY)
    allowed = assert_transfer_mismatches(
        icp_engine, enterprise, original_of(enterprise),
        [{"subject_name": "河北旧名称有限公司"}, {"certificate_number": "91130100MA0000000X"},
         {"subject_administrator_name": "另一个人"}, {"website_administrator_names": ("另一个人",)}],
        Outcome.denied, "hebei.transfer.consistency")
    assert_notes(allowed, "hebei.transfer.domicile_and_address")


def test_the_example_passes_with_every_plugin() -> None:
    """The README's example answer: examples/hebei-enterprise.yaml passes."""
    assert_example_passes("hebei-enterprise")


def test_the_plugin_conforms() -> None:
    assert conformance_problems("icp-province-hebei", [Path(__file__).parent]) == []
