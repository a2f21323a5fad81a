"""The plugin author's kit (icp_core.testing): its plain helpers import without pytest,
and each helper for the shapes plugin tests share fails when what it asserts is false.

The helpers are tried on throwaway plugins (``PluginSource`` policies, other scopes
standing in), so that a change to a real plugin cannot make these tests pass or fail."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import icp_core.testing as kit
from icp_core.engine import Engine, PluginSource
from icp_core.model import ChangeRequest, ChangeTarget, TransferRequest
from icp_core.report import Outcome, Report
from icp_core.testing import (
    assert_change_all_allowed,
    assert_change_conditional_on,
    assert_example_passes,
    assert_no_change_or_transfer_decision,
    assert_notes,
    assert_pre_approval_expires,
    assert_standard_documents,
    assert_transfer_mismatches,
    conformance_problems,
    decide_change,
    engine_with_stand_ins,
    example_path,
    filing_data,
    individual_with,
    industry_website,
    make_filing,
    original_of,
    resident_id,
    website_data,
)

TEXT = {"en": "Said in English.", "zh": "用中文说明。"}


def province(*rules: dict[str, Any], include: tuple[str, ...] = ("standard_documents",)) -> Engine:
    """An engine whose Hebei plugin is a throwaway policy of ``rules`` (other scopes stand in)."""
    policy = {"scope": "province.hebei", "section": "5.3.1", "include": list(include), "rules": list(rules)}
    return engine_with_stand_ins(PluginSource("province.hebei", "kit-hebei", policy=policy))


def consistency(on_mismatch: str) -> dict[str, Any]:
    return {"id": "hebei.transfer.consistency", "kind": "transfer_consistency",
            "fields": ["subject_name", "certificate_number"], "on_mismatch": on_mismatch,
            "documents": ["certificate_of_change"] if on_mismatch == "conditional" else []}


NOTE = {"id": "hebei.transfer.note", "kind": "informational", "about": "transfer", "message": TEXT, "reason": TEXT}
CHANGE = {"id": "hebei.change", "kind": "change_matrix",
          "changes": {"enterprise_to_individual": {"outcome": "allowed"}, "new_name": {"outcome": "denied"}}}


# --------------------------------------------------------------------------- the package split (issue 11)


def test_the_plain_helpers_import_and_work_without_pytest() -> None:
    """Issue 11: with pytest not importable, icp_core.testing imports and its helpers run;
    only the fixtures need pytest, and asking for one says so."""
    script = textwrap.dedent("""
        import sys
        sys.modules["pytest"] = None  # import pytest now raises ImportError
        import icp_core.testing as kit
        report = kit.installed_engine().check(kit.make_filing("beijing"))
        kit.assert_passes(report)
        kit.assert_not_fires(report, "beijing.enterprise_certificate")
        assert kit.individual_with("beijing", {"id_number": kit.resident_id("hebei")})["subject"]
        try:
            kit.icp_check
        except ImportError:
            print("fixtures need pytest")
        print("plain helpers ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == "fixtures need pytest plain helpers ok".split()


def test_the_entry_point_names_the_module_with_the_fixtures() -> None:
    [entry] = [e for e in importlib.metadata.entry_points(group="pytest11") if e.name == "icp_filing"]
    assert entry.value == "icp_core.testing.fixtures"
    module = entry.load()
    for name in ("icp_check", "icp_engine", "icp_plugin_dir"):
        assert hasattr(module, name)
        assert getattr(kit, name) is getattr(module, name)  # still importable from icp_core.testing


def test_every_name_of_the_kit_before_the_split_is_still_importable() -> None:
    before = ["EVALUATED_ON", "LOCAL_MOBILE_PREFIX", "BASELINE_DOCUMENTS", "resident_id", "credit_code", "mobile",
              "filing_data", "merge", "make_filing", "installed_engine", "stand_ins", "engine_with_stand_ins",
              "explain", "assert_passes", "assert_fires", "assert_not_fires", "assert_needs",
              "assert_requires_document", "assert_no_document", "decision_of", "conformance_problems",
              "install_plugin", "icp_plugin_dir", "icp_engine", "icp_check"]
    assert [name for name in before if not hasattr(kit, name)] == []


def test_the_icp_check_fixture_still_checks_the_kit_filing(icp_check: kit.Check) -> None:
    kit.assert_passes(icp_check("beijing"))


# --------------------------------------------------------------------------- filings as data


def test_website_data_merges_changes_and_the_first_domain() -> None:
    baseline = filing_data("hebei")["websites"][0]
    website = website_data("hebei", domain={"holder_name": "别的公司"}, remarks="新的备注")
    assert website["domains"][0]["holder_name"] == "别的公司"
    assert website["domains"][0]["name"] == baseline["domains"][0]["name"]
    assert website["remarks"] == "新的备注" and website["administrator"] == baseline["administrator"]
    assert filing_data("hebei")["websites"][0] == baseline  # the baseline is left as it was
    assert website_data("hebei", "individual")["administrator"]["name"] == "王建国"


def test_individual_with_keeps_one_person_as_subject_administrator_and_holder() -> None:
    number = resident_id("henan", "19950612", "045")
    filing = make_filing("hebei", "individual", **individual_with("hebei", {"id_number": number,
                                                                            "residency": "mainland"}))
    admin = filing.subject.administrator
    assert admin is not None and admin.id_number == number and admin.name == "王建国"
    website_admin = filing.websites[0].administrator
    assert website_admin is not None and website_admin.id_number == number
    assert filing.subject.certificate_number == number
    assert filing.websites[0].domains[0].holder_certificate_number == number
    # Without an ID number, the numbers stay the baseline's.
    same = make_filing("hebei", "individual", **individual_with("hebei", {"mobile": kit.mobile("henan")}))
    assert same.subject.certificate_number == make_filing("hebei", "individual").subject.certificate_number


def test_industry_website_declares_the_industry_and_holds_the_pre_approvals() -> None:
    licence = {"industry": "news", "license_number": "1", "issuer": "某办公室", "valid_until": "2029-06-30"}
    website = industry_website("news", licence, province="hebei", name="新闻网")
    assert website["industries"] == ["news"] and website["pre_approvals"] == [licence]
    assert website["name"] == "新闻网" and website["domains"] == website_data("hebei")["domains"]


# --------------------------------------------------------------------------- documents and notes


def test_assert_standard_documents() -> None:
    enterprise, individual = assert_standard_documents(province(), "hebei")
    assert {d.document for d in enterprise.documents} >= set(kit.STANDARD_DOCUMENTS)
    assert individual.documents
    without = province({"id": "hebei.document.authenticity_statement", "kind": "informational",
                        "message": TEXT, "reason": TEXT})
    with pytest.raises(AssertionError, match="authenticity_statement"):
        assert_standard_documents(without, "hebei")
    narrowed = ["subject_certificate", "subject_administrator_id", "website_administrator_id"]
    assert_standard_documents(without, "hebei", documents=narrowed)
    with pytest.raises(AssertionError, match="expected no authenticity_statement from hebei"):
        assert_standard_documents(province(), "hebei", documents=narrowed)
    # An individual asked for an administrator's ID fails too.
    every_filing = province({"id": "hebei.document.website_administrator_id", "kind": "require_document",
                             "document": "website_administrator_id"})
    with pytest.raises(AssertionError, match="expected no website_administrator_id"):
        assert_standard_documents(every_filing, "hebei")


def test_a_test_calling_assert_standard_documents_names_the_rules_it_asserts(
        icp_plugin_dir: Callable[..., None], tmp_path: Path) -> None:
    """Conformance asks a test naming each rule: assert_standard_documents names the four
    ``<key>.document.*`` rules it asserts, and no other."""
    icp_plugin_dir("kit-hebei-conforms", "province.hebei", policy=textwrap.dedent("""
        scope: province.hebei
        section: "5.3.1"
        include: [standard_documents]
        rules:
          - id: hebei.enterprise_certificate
            kind: certificate_type
            applies_to: [enterprise]
            allowed: [business_license]
            message: {en: "Use the business licence.", zh: "须使用营业执照。"}
    """))
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_hebei.py").write_text('assert_standard_documents(icp_engine, "hebei")\n', "utf-8")
    assert conformance_problems("kit-hebei-conforms", [tests]) == [
        "hebei.enterprise_certificate: no test names this rule"]
    (tests / "test_hebei.py").write_text('"hebei.enterprise_certificate"\n', "utf-8")
    assert sorted(conformance_problems("kit-hebei-conforms", [tests])) == [
        f"hebei.document.{d}: no test names this rule" for d in sorted(kit.STANDARD_DOCUMENTS)]


def test_a_test_calling_assert_change_all_allowed_names_the_change_rule(
        icp_plugin_dir: Callable[..., None], tmp_path: Path) -> None:
    icp_plugin_dir("kit-hebei-changes", "province.hebei", policy=textwrap.dedent("""
        scope: province.hebei
        section: "5.3.1"
        include: [change_all_allowed]
        rules: []
    """))
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_hebei.py").write_text("def test(): pass\n", "utf-8")
    assert conformance_problems("kit-hebei-changes", [tests]) == ["hebei.change: no test names this rule"]
    (tests / "test_hebei.py").write_text('assert_change_all_allowed(icp_engine, "hebei")\n', "utf-8")
    assert conformance_problems("kit-hebei-changes", [tests]) == []


def test_assert_notes() -> None:
    report = province(consistency("denied"), NOTE).transfer(make_filing("hebei"), TransferRequest(
        original_of(make_filing("hebei"))))
    notes = assert_notes(report, "hebei.transfer.note", citation="5.3.1")
    assert notes["hebei.transfer.note"].message.zh == TEXT["zh"]
    with pytest.raises(AssertionError, match=re.escape("expected the note hebei.transfer.other")):
        assert_notes(report, "hebei.transfer.other")
    with pytest.raises(AssertionError, match=re.escape("cites '5.3.1', expected '6'")):
        assert_notes(report, "hebei.transfer.note", citation="6")


# --------------------------------------------------------------------------- change and transfer


def test_decide_change() -> None:
    engine, filing = province(CHANGE), make_filing("hebei")
    assert decide_change(engine, filing, ChangeTarget.individual, "hebei.change") is Outcome.allowed
    assert decide_change(engine, filing, ChangeRequest(ChangeTarget.new_name), "hebei.change") is Outcome.denied
    assert decide_change(engine, filing, ChangeTarget.enterprise, "hebei.change") is Outcome.undetermined
    assert decide_change(engine, filing, ChangeTarget.individual) is Outcome.allowed
    with pytest.raises(AssertionError, match=re.escape("expected hebei.other to decide")):
        decide_change(engine, filing, ChangeTarget.individual, "hebei.other")


def test_decide_change_fails_on_a_plugin_failure() -> None:
    broken = engine_with_stand_ins(PluginSource("province.hebei", "kit-broken", policy={"scope": "province.hebei"}))
    with pytest.raises(AssertionError, match="a plugin failed"):
        decide_change(broken, make_filing("hebei"), ChangeTarget.individual)


CELLS = {"id": "hebei.change", "kind": "change_matrix", "changes": {
    "new_name": {"outcome": "allowed", "documents": ["certificate_of_change"]},
    "new_certificate_number": {"outcome": "allowed", "documents": ["domain_certificate"]},
    "individual_to_enterprise": {"outcome": "allowed", "requires": ["individual_is_legal_representative"]},
    "new_name_and_certificate_number": {"outcome": "allowed", "requires": ["names_related"]},
    "enterprise_to_individual": {"outcome": "allowed"}}}


def test_assert_change_conditional_on() -> None:
    engine, enterprise, alone = province(CELLS, include=()), make_filing("hebei"), make_filing("hebei", "individual")
    assert_change_conditional_on(engine, enterprise, ChangeTarget.new_name, "hebei.change",
                                 document="certificate_of_change")
    assert_change_conditional_on(engine, alone, ChangeTarget.enterprise, "hebei.change",
                                 fact="individual_is_legal_representative")
    assert_change_conditional_on(engine, enterprise, ChangeTarget.new_name_and_certificate_number, "hebei.change",
                                 fact="names_related")
    with pytest.raises(AssertionError, match="expected the condition to ask for certificate_of_change"):
        assert_change_conditional_on(engine, enterprise, ChangeTarget.new_certificate_number, "hebei.change",
                                     document="certificate_of_change")
    with pytest.raises(AssertionError, match=re.escape("expected conditional by hebei.change; got allowed")):
        assert_change_conditional_on(engine, enterprise, ChangeTarget.individual, "hebei.change",
                                     fact="individual_is_legal_representative")
    with pytest.raises(AssertionError, match="names_related=True: expected allowed, got conditional"):
        assert_change_conditional_on(engine, alone, ChangeTarget.enterprise, "hebei.change", fact="names_related")
    with pytest.raises(ValueError, match="either fact or document"):
        assert_change_conditional_on(engine, alone, ChangeTarget.enterprise, "hebei.change")


def test_assert_change_all_allowed() -> None:
    assert_change_all_allowed(province(include=("change_all_allowed",)), "hebei")
    partial = province(CELLS, include=())
    with pytest.raises(AssertionError, match="enterprise filing to enterprise: expected allowed"):
        assert_change_all_allowed(partial, "hebei")
    with pytest.raises(AssertionError, match="individual filing to individual: expected allowed"):
        assert_change_all_allowed(partial, "hebei", "individual")
    only_if_legal = province({"id": "hebei.change", "kind": "change_matrix", "changes": {
        "individual_to_individual": {"outcome": "allowed"},
        "individual_to_enterprise": {"outcome": "allowed", "requires": ["individual_is_legal_representative"]}}},
        include=())
    with pytest.raises(AssertionError, match="individual filing to enterprise: expected allowed"):
        assert_change_all_allowed(only_if_legal, "hebei", "individual")


def test_original_of_is_the_filing_as_on_record() -> None:
    filing = make_filing("hebei")
    original = original_of(filing)
    admin = filing.subject.administrator
    assert admin is not None
    assert (original.subject_type, original.subject_name, original.certificate_number) == (
        filing.subject.type, filing.subject.name, filing.subject.certificate_number)
    assert (original.subject_administrator_name, original.subject_administrator_id_number) == (
        admin.name, admin.id_number)
    assert original.website_administrator_names == ("李晓梅",) and original.websites_accessible is None
    assert original_of(filing, subject_name="旧名称", certificate_number=None).certificate_number is None
    assert original_of(make_filing("hebei", "individual")).website_administrator_names == ("王建国",)


def test_assert_transfer_mismatches_denied() -> None:
    engine, filing = province(consistency("denied"), NOTE), make_filing("hebei")
    mismatches = [{"subject_name": "旧名称有限公司"}, {"certificate_number": "91130100MA0000000X"}]
    same = assert_transfer_mismatches(engine, filing, original_of(filing), mismatches,
                                      Outcome.denied, "hebei.transfer.consistency",
                                      documents=["certificate_of_change"],
                                      ignored=[{"subject_administrator_name": "另一个人"}])
    assert same.outcome is Outcome.allowed and assert_notes(same, "hebei.transfer.note")
    with pytest.raises(AssertionError, match="expected conditional, got denied"):
        assert_transfer_mismatches(engine, filing, original_of(filing), [{"subject_name": "旧名称有限公司"}],
                                   Outcome.conditional, "hebei.transfer.consistency")
    with pytest.raises(AssertionError, match=re.escape("expected hebei.other to decide")):
        assert_transfer_mismatches(engine, filing, original_of(filing), [{"subject_name": "旧名称有限公司"}],
                                   Outcome.denied, "hebei.other")
    with pytest.raises(AssertionError, match="not compared"):  # the name is compared
        assert_transfer_mismatches(engine, filing, original_of(filing), [], Outcome.denied,
                                   "hebei.transfer.consistency", ignored=[{"subject_name": "旧名称有限公司"}])
    twice = province(consistency("denied"), {**consistency("denied"), "id": "hebei.transfer.again"})
    with pytest.raises(AssertionError, match=re.escape("also denied by ['hebei.transfer.again']")):
        assert_transfer_mismatches(twice, filing, original_of(filing), [{"subject_name": "旧名称有限公司"}],
                                   Outcome.denied, "hebei.transfer.consistency")
    with pytest.raises(AssertionError, match="from the same original: expected allowed"):
        assert_transfer_mismatches(engine, filing, original_of(filing, subject_name="旧名称有限公司"), [],
                                   Outcome.denied, "hebei.transfer.consistency")


def test_assert_transfer_mismatches_conditional() -> None:
    engine, filing = province(consistency("conditional")), make_filing("hebei")
    assert_transfer_mismatches(engine, filing, original_of(filing), [{"subject_name": "旧名称有限公司"}],
                               Outcome.conditional, "hebei.transfer.consistency", documents=["certificate_of_change"])
    with pytest.raises(AssertionError, match="the condition asks for certificate_of_change"):
        assert_transfer_mismatches(engine, filing, original_of(filing), [{"subject_name": "旧名称有限公司"}],
                                   Outcome.conditional, "hebei.transfer.consistency", documents=["letter_of_guarantee"])


def test_assert_no_change_or_transfer_decision() -> None:
    silent = province(NOTE, include=())
    filing = make_filing("hebei")
    transfer = assert_no_change_or_transfer_decision(silent, filing, "industry.news")
    assert transfer.outcome is not None
    deciding = province(CHANGE, include=())
    with pytest.raises(AssertionError, match=re.escape("expected no decision of province.hebei")):
        assert_no_change_or_transfer_decision(deciding, filing, "province.hebei")


# --------------------------------------------------------------------------- examples and pre-approvals


def test_example_path_finds_the_repository_examples() -> None:
    assert example_path("beijing-enterprise") == example_path("beijing-enterprise.yaml")
    assert example_path("beijing-enterprise").parent.name == "examples"
    with pytest.raises(FileNotFoundError, match=re.escape("examples/no-such-province.yaml")):
        example_path("no-such-province")


def test_assert_example_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    report = assert_example_passes("beijing-enterprise", covers="province.beijing")
    assert report.passed
    with pytest.raises(AssertionError, match=re.escape("not in industry.news")):
        assert_example_passes("beijing-enterprise", covers="industry.news")
    # With no plugin installed, the example is not covered, never a pass.
    monkeypatch.setattr(kit.assertions, "installed_engine", lambda: Engine([]))  # where the helper looks it up
    with pytest.raises(AssertionError, match="expected the filing to pass"):
        assert_example_passes("beijing-enterprise")


def test_assert_pre_approval_expires() -> None:
    policy = {"scope": "industry.news", "section": "6", "rules": [
        {"id": "news.pre_approval", "kind": "pre_approval", "industry": "news",
         "industry_name": {"en": "news", "zh": "新闻"}, "license": {"en": "News Licence", "zh": "新闻许可证"}}]}
    engine = engine_with_stand_ins(PluginSource("industry.news", "kit-news", policy=policy))

    def check(province: str = "beijing", **overrides: Any) -> Report:
        return engine.check(make_filing(province, **overrides))

    licence = {"industry": "news", "license_number": "1", "issuer": "某办公室", "valid_until": "2029-06-30"}
    assert_pre_approval_expires(check, "news.pre_approval", licence)
    with pytest.raises(AssertionError, match=re.escape("expected news.other to fire")):
        assert_pre_approval_expires(check, "news.other", licence)
    lenient = {"scope": "industry.news", "section": "6", "rules": []}
    never = engine_with_stand_ins(PluginSource("industry.news", "kit-news", policy=lenient))
    with pytest.raises(AssertionError, match=re.escape("expected news.pre_approval to fire")):
        assert_pre_approval_expires(lambda p="beijing", **o: never.check(make_filing(p, **o)),
                                    "news.pre_approval", licence)
