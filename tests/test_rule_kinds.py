"""Every rule kind: a filing that breaks it, one that satisfies it, and what it asks for."""

from __future__ import annotations

from typing import Any

import pytest

from icp_core.engine import Engine, PluginSource
from icp_core.errors import PolicyError
from icp_core.model import ChangeRequest, ChangeTarget, OriginalFiling, TransferRequest
from icp_core.policy import compile_policy
from icp_core.report import Outcome, Report, Severity, Status
from icp_core.rules import RULE_KINDS
from icp_core.testing import (
    assert_fires,
    assert_needs,
    assert_no_document,
    assert_not_fires,
    assert_requires_document,
    engine_with_stand_ins,
    filing_data,
    make_filing,
    merge,
    resident_id,
)

WEBSITE = filing_data("beijing")["websites"][0]
DOMAIN = WEBSITE["domains"][0]


def engine_with(*rules: dict[str, Any], scope: str = "province.beijing") -> Engine:
    # Stand-ins cover the filing's other scopes: the verdict is about these rules alone.
    return engine_with_stand_ins(PluginSource(scope, "test-plugin", policy={"scope": scope, "section": "5.3.1",
                                                                           "rules": list(rules)}))


def check(rule: dict[str, Any], province: str = "beijing", subject_type: str = "enterprise",
          **overrides: Any) -> Report:
    rule = {"id": "t.rule", **rule}
    scope = "province.beijing" if province == "beijing" else f"province.{province}"
    return engine_with(rule, scope=scope).check(make_filing(province, subject_type, **overrides))


def website(**changes: Any) -> dict[str, Any]:
    return {"websites": [merge(WEBSITE, changes)]}


def domains(*names: str, **changes: Any) -> dict[str, Any]:
    return website(domains=[merge(DOMAIN, {"name": n, **changes}) for n in names])


NOT_LEGAL = {"subject": {"administrator": {"is_legal_representative": False}}}

# kind, rule parameters, overrides that break it, overrides that satisfy it, field of the finding
CASES: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], str]] = [
    ("legal_representative", {"who": ["subject_administrator"]}, NOT_LEGAL, {},
     "subject.administrator.is_legal_representative"),
    ("legal_representative", {"who": ["website_administrator"], "unless_documents": ["authorization_letter"]},
     {}, {"documents": ["authorization_letter@websites[0].administrator"]},
     "websites[0].administrator.is_legal_representative"),
    ("minimum_age", {"who": ["subject_administrator"], "min_age": 18},
     {"subject": {"administrator": {"id_number": resident_id("beijing", "20100101")}}}, {}, "subject.administrator"),
    ("minimum_age",
     {"who": ["subject_administrator"], "min_age": 18, "unless_documents": ["employment_or_income_proof"]},
     {"subject": {"administrator": {"age": 16, "id_number": None}}},
     {"subject": {"administrator": {"age": 16, "id_number": None}}, "documents": ["employment_or_income_proof"]},
     "subject.administrator"),
    ("local_identity", {"who": ["subject_administrator"], "accepted_proofs": ["residence_permit"]},
     {"subject": {"administrator": {"id_number": resident_id("henan")}}},
     {"subject": {"administrator": {"id_number": resident_id("henan"),
                                    "local_proofs": [{"kind": "residence_permit", "province": "beijing"}]}}},
     "subject.administrator"),
    ("identity_document", {"who": ["subject_administrator"], "forbidden": ["temporary_id_card"]},
     {"subject": {"administrator": {"id_type": "temporary_id_card"}}}, {}, "subject.administrator.id_type"),
    ("residency", {"who": ["website_administrator"], "forbidden": ["foreign"]},
     website(administrator=merge(WEBSITE["administrator"], {"residency": "foreign", "id_type": "passport"})), {},
     "websites[0].administrator.residency"),
    ("local_mobile", {"who": ["subject_administrator"]},
     {"subject": {"administrator": {"mobile": "13900370001"}}}, {}, "subject.administrator.mobile"),
    ("administrator_relation", {"relation": "different"},
     website(administrator=filing_data("beijing")["subject"]["administrator"]), {}, "websites[0].administrator"),
    ("administrator_relation", {"relation": "same", "only_when_subject_administrator_not_legal_representative": True},
     NOT_LEGAL, merge(NOT_LEGAL, website(administrator=filing_data("beijing")["subject"]["administrator"])),
     "websites[0].administrator"),
    ("distinct_phone_numbers", {},
     website(administrator=merge(WEBSITE["administrator"], {
         "mobile": filing_data("beijing")["subject"]["administrator"]["mobile"]})), {},
     "websites[0].administrator.mobile"),
    ("exclusive_website_administrator", {},
     website(administrator=merge(WEBSITE["administrator"], {"administers_other_subjects": True})), {},
     "websites[0].administrator.administers_other_subjects"),
    ("certificate_type", {"allowed": ["business_license"]}, {"subject": {"certificate_type": "organization_code"}}, {},
     "subject.certificate_type"),
    ("domain_holder", {"holders": ["subject"]}, domains("xinghe-example.com.cn", holder_name="王建国"), {},
     "websites[0].domains[0].holder_name"),
    ("domain_holder", {"holders": ["subject", "legal_representative"]},
     domains("xinghe-example.com.cn", holder_name="别人"),
     domains("xinghe-example.com.cn", holder_name="王建国", holder_certificate_number=None),
     "websites[0].domains[0].holder_name"),
    ("domain_privacy_off", {}, domains("xinghe-example.com.cn", privacy_protection=True), {},
     "websites[0].domains[0].privacy_protection"),
    ("domain_registered_in_mainland", {}, domains("xinghe-example.com.cn", registered_outside_mainland=True), {},
     "websites[0].domains[0].registered_outside_mainland"),
    ("website_domains", {"max_prefixes": 1}, domains("xinghe-example.com.cn", "other.cn"),
     domains("xinghe-example.com.cn", "www.xinghe-example.cn"), "websites[0].domains"),
    ("website_domains", {"max_domains": 1}, domains("a-example.cn", "a-example.com.cn"), {}, "websites[0].domains"),
    ("same_website_remark", {"min_domains": 2}, domains("a-example.cn", "a-example.com.cn"),
     website(remarks="多个域名指向同一网站", domains=[merge(DOMAIN, {"name": n}) for n in ("a-example.cn",
                                                                               "a-example.com.cn")]),
     "websites[0].remarks"),
    ("domain_count_documents", {"document": "domain_certificate", "at_least": 2, "enforce": True},
     domains("a-example.cn", "a-example.com.cn"),
     merge(domains("a-example.cn", "a-example.com.cn"), {"documents": [
         "domain_certificate@websites[0].domains[0]", "domain_certificate@websites[0].domains[1]"]}),
     "websites[0].domains[0]"),
    ("website_name", {"name_patterns": ["的博客$"]}, {}, website(name="星河的博客"), "websites[0].name"),
    ("website_forbids", {"feature": "sells_online"}, website(sells_online=True), {}, "websites[0].sells_online"),
    ("pre_approval", {"industry": "news"}, website(industries=["news"]),
     website(industries=["news"], pre_approvals=[{"industry": "news", "license_number": "10120170001",
                                                   "valid_until": "2029-12-31"}]),
     "websites[0].pre_approvals"),
    ("instance_requirements", {"instance_type": "ecs", "min_subscription_months": 3},
     {"instances": [merge(filing_data()["instances"][0], {"subscription_months": 1})]}, {},
     "instances[0].subscription_months"),
    ("instance_requirements", {"instance_type": "ecs", "subscription_only": True},
     {"instances": [merge(filing_data()["instances"][0], {"billing": "pay_as_you_go"})]}, {}, "instances[0].billing"),
    ("instance_requirements", {"instance_type": "ecs", "public_bandwidth_required": True},
     {"instances": [merge(filing_data()["instances"][0], {"public_bandwidth_mbps": 0})]}, {},
     "instances[0].public_bandwidth_mbps"),
    ("instance_requirements", {"instance_type": "ecs", "min_order_cny": 99},
     {"instances": [merge(filing_data()["instances"][0], {"order_amount_cny": "49.5"})]},
     {"instances": [merge(filing_data()["instances"][0], {"order_amount_cny": 99})]}, "instances[0].order_amount_cny"),
    ("instance_requirements", {"instance_type": "ecs", "min_remaining_months": 3},
     {"instances": [merge(filing_data()["instances"][0], {"expires_on": "2027-01-15"})]},
     {"instances": [merge(filing_data()["instances"][0], {"expires_on": "2027-06-15"})]}, "instances[0].expires_on"),
    ("instance_requirements", {"instance_type": "ecs", "max_service_numbers": 1},
     {"instances": [merge(filing_data()["instances"][0], {"service_numbers": [{"number": "A1", "used": True}]})]},
     {}, "instances[0].service_numbers"),
    ("require_document", {"document": "phone_bills", "enforce": True}, {}, {"documents": ["phone_bills"]},
     "documents"),
    ("document_contents", {"document": "phone_bills", "points": [{"key": "a", "name": {"en": "A", "zh": "甲"}},
                                                                 {"key": "b", "name": {"en": "B", "zh": "乙"}}]},
     {"documents": ["phone_bills"], "document_contents": [{"document": "phone_bills", "covers": ["a"]}]},
     {"documents": ["phone_bills"], "document_contents": [{"document": "phone_bills", "covers": ["a", "b"]}]},
     "document_contents[0].covers"),
    ("subject_type", {"required": "enterprise", "when": {"individual_business": True}},
     {"subject": {"type": "individual", "individual_business": True}},
     {"subject": {"individual_business": True}}, "subject.type"),
    ("subject_name", {"forbidden_patterns": ["^{legal_representative}$"]},
     {"subject": {"name": "王建国"}}, {"subject": {"name": "王建国（个体工商户）"}}, "subject.name"),
    ("industry_declared", {"industry": "finance", "when": {"subject_name_matches": ["理财|投资管理"]}},
     {"subject": {"name": "北京星河理财顾问有限公司"}},
     merge({"subject": {"name": "北京星河理财顾问有限公司"}}, website(industries=["finance"])), "websites"),
    ("on_record_accessible", {}, website(accessible=False, domains=[merge(DOMAIN, {"on_record": True})]),
     website(accessible=False), "websites[0].accessible"),
    ("certificate_type", {"allowed": ["business_license"], "require_credit_code": True},
     {"subject": {"certificate_number": "91110100MA01XHEX3C"}}, {}, "subject.certificate_number"),
    ("local_mobile", {"who": ["subject_administrator"], "unless_remarks_patterns": ["外省号码"]},
     {"subject": {"administrator": {"mobile": "13900370001"}}},
     merge({"subject": {"administrator": {"mobile": "13900370001"}}},
           website(remarks="负责人使用外省号码，因长期出差")),
     "subject.administrator.mobile"),
    ("legal_representative", {"who": ["subject_administrator"], "unless_documents": ["authorization_letter"],
                              "unless_remarks_patterns": ["授权"]},
     merge(NOT_LEGAL, {"documents": ["authorization_letter"]}),
     merge(NOT_LEGAL, {"documents": ["authorization_letter"], **website(remarks="由法定代表人授权主体负责人办理")}),
     "subject.administrator.is_legal_representative"),
]


@pytest.mark.parametrize("kind, params, bad, good, field", CASES, ids=[c[0] for c in CASES])
def test_each_kind_fires_on_the_breaking_filing_only(kind: str, params: dict[str, Any], bad: dict[str, Any],
                                                     good: dict[str, Any], field: str) -> None:
    rule = {"kind": kind, **params}
    assert_fires(check(rule, **bad), "t.rule", field)
    assert_not_fires(check(rule, **good), "t.rule")


def test_every_kind_has_a_case_here() -> None:
    covered = {case[0] for case in CASES} | {"change_matrix", "transfer_consistency", "transfer_accessible",
                                             "transfer_precondition", "informational", "python", "required_facts",
                                             "transfer_allowed"}  # tests/test_rule_language.py
    assert covered == set(RULE_KINDS)


def test_applies_to_and_when_gate_a_rule() -> None:
    rule = {"kind": "legal_representative", "who": ["subject_administrator"], "applies_to": ["individual"]}
    assert_not_fires(check(rule, **NOT_LEGAL), "t.rule")
    rule = {"kind": "legal_representative", "who": ["subject_administrator"],
            "when": {"subject_name_contains_any": ["投资管理", "担保"]}}
    assert_not_fires(check(rule, **NOT_LEGAL), "t.rule")
    assert_fires(check(rule, **merge(NOT_LEGAL, {"subject": {"name": "北京某投资管理有限公司"}})), "t.rule")
    unknown = check({"kind": "legal_representative", "who": ["subject_administrator"], "applies_to": ["enterprise"]},
                    subject={"type": None})
    assert_needs(unknown, "t.rule", "subject.type")
    unknown = check({"kind": "domain_privacy_off", "when": {"individual_business": True}},
                    subject={"individual_business": None})
    assert_needs(unknown, "t.rule", "subject.individual_business")


def test_missing_facts_are_needs_information_not_pass_or_fail() -> None:
    report = check({"kind": "legal_representative", "who": ["subject_administrator"]},
                   subject={"administrator": {"is_legal_representative": None}, "legal_representative": None})
    assert_needs(report, "t.rule", "subject.administrator.is_legal_representative")
    report = check({"kind": "minimum_age", "who": ["subject_administrator"]},
                   subject={"administrator": {"id_number": None}})
    assert_needs(report, "t.rule", "subject.administrator.id_number")
    report = check({"kind": "domain_privacy_off"}, **domains("a-example.cn", privacy_protection=None))
    assert_needs(report, "t.rule", "websites[0].domains[0].privacy_protection")


def test_age_is_counted_on_the_evaluation_day() -> None:
    rule = {"kind": "minimum_age", "who": ["subject_administrator"], "min_age": 18}
    seventeen = {"subject": {"administrator": {"id_number": resident_id("beijing", "20081202")}}}
    assert_fires(check(rule, **seventeen), "t.rule")  # evaluated on 2026-12-01: one day short
    assert_not_fires(check(rule, **seventeen, evaluated_on="2026-12-02"), "t.rule")


def test_legal_representative_is_implied_by_the_id_number() -> None:
    rule = {"kind": "legal_representative", "who": ["subject_administrator"]}
    implied = {"subject": {"administrator": {"is_legal_representative": None}}}
    assert_not_fires(check(rule, **implied), "t.rule")
    other = merge(implied, {"subject": {"legal_representative": {"id_number": resident_id("beijing", "19700101")}}})
    assert_fires(check(rule, **other), "t.rule")


def test_an_unknown_mobile_province_is_a_warning_never_a_failure() -> None:
    report = check({"kind": "local_mobile", "who": ["subject_administrator"]},
                   subject={"administrator": {"mobile": "17300000001"}})
    finding = assert_fires(report, "t.rule")
    assert finding.severity is Severity.warning and report.passed


def test_documents_are_asked_for_with_their_reason() -> None:
    rule = {"id": "t.letter", "kind": "legal_representative", "who": ["website_administrator"],
            "unless_documents": ["authorization_letter"]}
    documents = engine_with(rule).documents(make_filing())
    assert_requires_document(documents, "authorization_letter", "t.letter")
    assert documents.documents[0].field == "websites[0].administrator"
    assert "authorization" in documents.documents[0].reason.en
    legal_admin = website(administrator=merge(WEBSITE["administrator"], {"is_legal_representative": True}))
    assert_no_document(engine_with(rule).documents(make_filing(**legal_admin)), "authorization_letter")
    prefixes = {"id": "t.plan", "kind": "domain_count_documents", "document": "website_construction_plan",
                "count": "prefixes", "across": "subject", "at_least": 3}
    on_record = {"subject": {"domains_on_record": ["one-example.cn", "two-example.cn"]}}
    assert_requires_document(engine_with(prefixes).documents(make_filing(**on_record)), "website_construction_plan")
    assert_no_document(engine_with(prefixes).documents(make_filing()), "website_construction_plan")


def test_change_matrix_cells() -> None:
    rule = {"id": "t.change", "kind": "change_matrix", "changes": {
        "enterprise_to_individual": {"outcome": "denied"},
        "individual_to_enterprise": {"outcome": "allowed", "requires": ["individual_is_legal_representative"]},
        "new_name": {"outcome": "allowed", "requires": ["names_related"], "documents": ["certificate_of_change"]},
    }}
    engine = engine_with(rule)
    enterprise, individual = make_filing(), make_filing(subject_type="individual")
    assert engine.change(enterprise, ChangeRequest(ChangeTarget.individual)).outcome is Outcome.denied
    to_enterprise = ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=False)
    assert engine.change(individual, to_enterprise).outcome is Outcome.denied
    to_enterprise = ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=True)
    assert engine.change(individual, to_enterprise).outcome is Outcome.allowed
    unknown = engine.change(individual, ChangeRequest(ChangeTarget.enterprise))
    assert unknown.outcome is Outcome.conditional and not unknown.conditions[0].met
    renamed = engine.change(enterprise, ChangeRequest(ChangeTarget.new_name, names_related=True))
    assert renamed.outcome is Outcome.conditional and renamed.conditions[-1].document == "certificate_of_change"
    # A cell the policy leaves open is not decided by default either way.
    open_cell = engine.change(enterprise, ChangeRequest(ChangeTarget.enterprise))
    assert open_cell.outcome is Outcome.undetermined and open_cell.decided_by == ""
    assert [r.rule_id for r in open_cell.reasons] == ["core.decision.no_rule"]


def test_transfer_kinds() -> None:
    consistency = {"id": "t.same", "kind": "transfer_consistency",
                   "fields": ["subject_name", "certificate_number", "subject_administrator", "website_administrator"]}
    accessible = {"id": "t.up", "kind": "transfer_accessible"}
    engine = engine_with(consistency, accessible)
    filing = make_filing()
    subject = filing.subject
    admin = subject.administrator
    assert admin is not None
    original = OriginalFiling(subject_name=subject.name, certificate_number=subject.certificate_number,
                              subject_administrator_name=admin.name, website_administrator_names=("李晓梅",),
                              websites_accessible=True)
    assert engine.transfer(filing, TransferRequest(original)).outcome is Outcome.allowed
    stranger = OriginalFiling(subject_name=subject.name, certificate_number=subject.certificate_number,
                              website_administrator_names=("陌生人",), websites_accessible=True)
    assert engine.transfer(filing, TransferRequest(stranger)).outcome is Outcome.denied
    down = OriginalFiling(subject_name=subject.name, websites_accessible=False)
    report = engine.transfer(filing, TransferRequest(down))
    assert report.outcome is Outcome.denied and [r.rule_id for r in report.reasons] == ["t.up"]


def test_a_transfer_cannot_be_allowed_on_facts_nobody_gave() -> None:
    """Guide 5.x transfer rules: the owner name, document number and owner information must
    be consistent with the original filing. Nothing to compare is not consistency."""
    consistency = {"id": "t.same", "kind": "transfer_consistency",
                   "fields": ["subject_name", "certificate_number", "subject_administrator", "website_administrator"]}
    engine = engine_with(consistency)
    filing = make_filing()
    empty = engine.transfer(filing, TransferRequest(OriginalFiling()))
    assert empty.outcome is Outcome.incomplete
    assert "transfer.original.subject_name" in empty.missing
    assert not any("match" in r.message.en for r in empty.reasons)
    # Only the name given: the certificate number and administrators cannot be compared yet.
    partial = engine.transfer(filing, TransferRequest(OriginalFiling(subject_name=filing.subject.name)))
    assert partial.outcome is Outcome.incomplete
    assert "transfer.original.certificate_number" in partial.missing
    assert "transfer.original.subject_name" not in partial.missing
    # A mismatch among what is given still denies, whatever else is missing.
    other = engine.transfer(filing, TransferRequest(OriginalFiling(subject_name="另一家公司")))
    assert other.outcome is Outcome.denied


def test_informational_rules_are_notes_for_their_question_only() -> None:
    note = {"id": "t.note", "kind": "informational", "about": "transfer", "applies_to": ["individual"],
            "message": {"en": "Bring the original.", "zh": "携带原件。"},
            "reason": {"en": "Not a filing fact.", "zh": "非备案信息。"}}
    engine = engine_with(note)
    assert engine.check(make_filing()).notes == ()
    assert engine.transfer(make_filing(), TransferRequest(OriginalFiling())).notes == ()
    individual = engine.transfer(make_filing(subject_type="individual"), TransferRequest(OriginalFiling()))
    assert [n.rule_id for n in individual.notes] == ["t.note"]


@pytest.mark.parametrize("rule, message", [
    ({"kind": "no_such_kind"}, "unknown rule kind"),
    ({"kind": "minimum_age", "who": ["subject_administrator"], "min_age": "old"}, "whole number"),
    ({"kind": "require_document", "document": "no_such_document"}, "unknown document"),
    ({"kind": "legal_representative", "who": ["janitor"]}, "janitor"),
    ({"kind": "domain_privacy_off", "id": "NotDotted"}, "dotted lowercase"),
    ({"kind": "informational", "message": {"en": "x", "zh": "y"}}, "reason"),
])
def test_policy_errors_name_the_rule_and_field(rule: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        compile_policy({"scope": "province.beijing", "section": "5.3.1", "rules": [{"id": "t.x", **rule}]},
                       source="test.yaml")


def test_duplicate_rule_ids_are_refused() -> None:
    rule = {"id": "t.x", "kind": "domain_privacy_off"}
    with pytest.raises(PolicyError, match="duplicate rule id"):
        compile_policy({"scope": "province.beijing", "section": "5", "rules": [rule, rule]}, source="t.yaml")


def test_findings_of_needs_information_keep_the_rule_severity() -> None:
    report = check({"kind": "domain_privacy_off", "severity": "warning"},
                   **domains("a-example.cn", privacy_protection=None))
    (finding,) = report.findings
    assert finding.status is Status.needs_information and finding.severity is Severity.warning
    assert report.passed  # a warning never blocks, even when its fact is missing


def test_a_birth_date_after_the_evaluation_day_is_unknown_age_not_a_crash() -> None:
    rule = {"kind": "minimum_age", "who": ["subject_administrator"]}
    report = check(rule, subject={"administrator": {"id_number": resident_id("beijing", "20270101")}})
    assert not report.failures
    assert_needs(report, "t.rule", "subject.administrator.id_number")


def test_policy_parses_are_cached_by_content(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from icp_core.policy import load_policy

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = Path(tmp_path) / "policy.yaml"
    path.write_text("scope: province.beijing\nsection: '5.3.1'\ndata: {as_of: 2026-12-01}\nrules:\n"
                    "  - {id: beijing.a, kind: domain_privacy_off}\n", "utf-8")
    first = load_policy(path)
    assert len(list((tmp_path / "cache" / "icp-filing" / "policies").glob("*.json"))) == 1
    again = load_policy(path)
    assert again.rules == first.rules and again.data == first.data
    assert isinstance(again.data["as_of"], type(first.data["as_of"]))
    path.write_text(path.read_text("utf-8").replace("domain_privacy_off", "domain_registered_in_mainland"), "utf-8")
    assert load_policy(path).rules[0].kind == "domain_registered_in_mainland"  # changed bytes: read afresh
    path.write_text(path.read_text("utf-8") + "  - {id: beijing.b, kind: minimum_age, who: [x]}\n", "utf-8")
    located = []
    for _ in range(2):  # an invalid policy is reported with its position, cached or not
        with pytest.raises(PolicyError, match=r"rules\[1\]\.who") as raised:
            load_policy(path)
        located.append([(e.path, e.line, e.column) for e in raised.value.errors])
    assert located[0] == located[1] and located[0][0][1] == 6  # the cached parse's positions are read for errors


def test_required_facts_are_needed_before_a_filing_can_pass() -> None:
    rule = {"kind": "required_facts", "who": ["subject_administrator", "website_administrator"],
            "fields": ["name", "id_number", "mobile"]}
    report = check(rule, subject={"administrator": {"mobile": None, "id_number": None}})
    assert_needs(report, "t.rule", "subject.administrator.mobile")
    assert_needs(report, "t.rule", "subject.administrator.id_number")
    assert report.verdict.value == "incomplete"
    assert_not_fires(check(rule), "t.rule")


def test_change_alternatives_one_of_which_must_hold() -> None:
    rule = {"id": "t.change", "kind": "change_matrix", "changes": {
        "new_name": {"outcome": "allowed", "alternatives": [
            {"requires": ["names_related"]}, {"documents": ["certificate_of_change"]}]}}}
    engine, filing = engine_with(rule), make_filing()
    related = engine.change(filing, ChangeRequest(ChangeTarget.new_name, names_related=True))
    assert related.outcome is Outcome.allowed
    certified = ChangeRequest(ChangeTarget.new_name, names_related=False,
                              documents=frozenset({"certificate_of_change"}))
    assert engine.change(filing, certified).outcome is Outcome.allowed
    open_ = engine.change(filing, ChangeRequest(ChangeTarget.new_name, names_related=False))
    assert open_.outcome is Outcome.conditional
    assert "certificate of change" in open_.conditions[0].message.en
    strict = {"id": "t.change", "kind": "change_matrix", "changes": {
        "individual_to_enterprise": {"outcome": "allowed", "alternatives": [
            {"requires": ["individual_is_legal_representative"]},
            {"requires": ["individual_is_website_administrator"]}]}}}
    individual = make_filing(subject_type="individual")
    neither = ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=False,
                            individual_is_website_administrator=False)
    assert engine_with(strict).change(individual, neither).outcome is Outcome.denied


def test_transfer_preconditions_on_the_filing_itself() -> None:
    rule = {"id": "t.pre", "kind": "transfer_precondition",
            "requires": ["subject_administrator_is_legal_representative"]}
    engine = engine_with(rule)
    original = TransferRequest(OriginalFiling(subject_name="北京星河示例科技有限公司"))
    assert engine.transfer(make_filing(), original).outcome is Outcome.allowed
    not_legal = make_filing(subject={"administrator": {"is_legal_representative": False}})
    assert engine.transfer(not_legal, original).outcome is Outcome.denied
    unknown = make_filing(subject={"administrator": {"is_legal_representative": None}, "legal_representative": None})
    assert engine.transfer(unknown, original).outcome is Outcome.conditional


def test_uploads_can_be_for_one_item() -> None:
    rule = {"id": "t.certs", "kind": "domain_count_documents", "document": "domain_certificate", "enforce": True}
    engine = engine_with(rule)
    one = make_filing(**merge(domains("a-example.cn", "a-example.com.cn"),
                              {"documents": ["domain_certificate@websites[0].domains[0]"]}))
    report = engine.check(one)
    assert [f.field for f in report.findings if f.rule_id == "t.certs"] == ["websites[0].domains[1]"]
    assert [d.provided for d in report.documents if d.document == "domain_certificate"] == [True, False]
    both = make_filing(**merge(domains("a-example.cn", "a-example.com.cn"), {"documents": [
        "domain_certificate@websites[0].domains[0]", "domain_certificate@websites[0].domains[1]"]}))
    assert_not_fires(engine.check(both), "t.certs")


def test_a_document_for_each_website_of_an_industry_only() -> None:
    rule = {"id": "t.plan", "kind": "require_document", "document": "finance_commitment_letter",
            "for_each": "website", "only_websites_with_industries": ["finance"], "enforce": True}
    shop = merge(WEBSITE, {"name": "商城", "industries": []})
    bank = merge(WEBSITE, {"name": "理财资讯", "industries": ["finance"],
                           "domains": [{**WEBSITE["domains"][0], "name": "licai-example.com.cn"}]})
    report = engine_with(rule).check(make_filing(websites=[shop, bank]))
    assert [d.field for d in report.documents if d.rule_id == "t.plan"] == ["websites[1]"]
    assert [f.field for f in report.findings if f.rule_id == "t.plan"] == ["websites[1]"]
    provided = make_filing(websites=[shop, bank], documents=["finance_commitment_letter@websites[1]"])
    assert_not_fires(engine_with(rule).check(provided), "t.plan")


def test_policies_include_core_fragments_and_may_replace_their_rules() -> None:
    own = {"id": "hebei.document.authenticity_statement", "kind": "require_document",
           "document": "authenticity_statement", "message": {"en": "Hebei's own reason.", "zh": "河北自己的理由。"}}
    policy = compile_policy({"scope": "province.hebei", "section": "5.3.2", "include": ["standard_documents"],
                             "rules": [own]}, source="hebei.yaml")
    ids = [rule.id for rule in policy.rules]
    assert ids == ["hebei.document.subject_certificate", "hebei.document.subject_administrator_id",
                   "hebei.document.website_administrator_id", "hebei.document.authenticity_statement"]
    assert {rule.cite for rule in policy.rules} == {"5.3.2"}
    assert policy.rule("hebei.document.authenticity_statement").message.en == "Hebei's own reason."
    with pytest.raises(PolicyError, match="unknown fragment 'standard_docs'"):
        compile_policy({"scope": "province.hebei", "section": "5.3.2", "include": ["standard_docs"], "rules": []},
                       source="hebei.yaml")


def test_a_pre_approval_without_its_number_or_validity_is_asked_for_them() -> None:
    """Section 6 / issue 19: the filing carries the licence itself (its number and how long
    it is valid); an entry naming only the industry cannot show a valid licence."""
    rule = {"kind": "pre_approval", "industry": "news"}
    bare = check(rule, **website(industries=["news"], pre_approvals=[{"industry": "news"}]))
    assert_needs(bare, "t.rule", "websites[0].pre_approvals[0].license_number")
    assert_needs(bare, "t.rule", "websites[0].pre_approvals[0].valid_until")
    assert [f.field for f in bare.findings if f.rule_id == "t.rule"] == ["websites[0].pre_approvals[0]"]
    expired = check(rule, **website(industries=["news"], pre_approvals=[
        {"industry": "news", "license_number": "1", "valid_until": "2020-01-01"}]))
    assert_fires(expired, "t.rule", "websites[0].pre_approvals")
    relaxed = check({**rule, "require": ["license_number"]},
                    **website(industries=["news"], pre_approvals=[{"industry": "news", "license_number": "1"}]))
    assert_not_fires(relaxed, "t.rule")


def test_an_accepted_licence_may_be_named_by_its_english_or_chinese_name() -> None:
    rule = {"kind": "pre_approval", "industry": "medicine", "accepted_licenses": [
        {"key": "drug_trading", "name": {"en": "Drug Trading Certificate", "zh": "药品交易资格证书"}}]}
    for written in ("drug_trading", "Drug Trading Certificate", "药品交易资格证书", "DRUG-TRADING"):
        held = {"industry": "medicine", "license_type": written, "license_number": "1", "valid_until": "2030-01-01"}
        assert_not_fires(check(rule, **website(industries=["medicine"], pre_approvals=[held])), "t.rule")
    other = {"industry": "medicine", "license_type": "药品经营许可证", "license_number": "1",
             "valid_until": "2030-01-01"}
    assert_fires(check(rule, **website(industries=["medicine"], pre_approvals=[other])), "t.rule")


def test_a_document_type_is_named_in_the_reader_s_language() -> None:
    """Hainan 5.5.3 (guide line 964): the finding said "not a temporary_id_card" in both
    languages. Enumerated values carry their names; kinds fill them in."""
    rule = {"kind": "identity_document", "who": ["subject_administrator"], "forbidden": ["temporary_id_card"]}
    data = filing_data("beijing", "individual")
    data["subject"]["administrator"]["id_type"] = "temporary_id_card"
    finding = assert_fires(check(rule, **data), "t.rule", "subject.administrator.id_type")
    assert "temporary ID card" in finding.message.en and "临时身份证" in finding.message.zh
    assert "temporary_id_card" not in finding.message.zh


def test_every_labelled_value_has_a_chinese_name() -> None:
    import re

    from icp_core import model

    labelled = [cls for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, model.Labelled)
                and cls is not model.Labelled]
    assert labelled
    for cls in labelled:
        for member in cls:
            assert re.search("[\u4e00-\u9fff]", member.zh), f"{cls.__name__}.{member.name} has no Chinese name"
