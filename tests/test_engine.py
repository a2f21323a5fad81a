"""The engine: scoping, determinism, failing plugins, combining decisions, replacement."""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
import types
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from icp_core.engine import Engine, PluginSource
from icp_core.errors import InputError, PluginLoadError
from icp_core.hookspecs import hookimpl
from icp_core.model import ChangeRequest, ChangeTarget, Filing, OriginalFiling, TransferRequest
from icp_core.profiles import Profile, RuleOverride, Waiver
from icp_core.report import Finding, Outcome, Severity, Status, Text, Verdict
from icp_core.scope_rules import ScopeRules
from icp_core.testing import assert_fires, assert_not_fires, engine_with_stand_ins, make_filing

BEIJING_POLICY = Path(__file__).resolve().parents[1] / "plugins/icp-province-beijing/icp_province_beijing/policy.yaml"


def policy(scope: str, *rules: dict[str, object], **extra: object) -> dict[str, object]:
    return {"scope": scope, "section": "5.3.1", "rules": list(rules), **extra}


ADMIN_LEGAL = {"id": "x.admin_legal", "kind": "legal_representative", "who": ["subject_administrator"],
               "applies_to": ["enterprise"]}


def module_with(**hooks: Callable[..., object]) -> types.ModuleType:
    module = types.ModuleType("throwaway_plugin")
    for name, function in hooks.items():
        setattr(module, name, hookimpl(function))
    return module


def finding(rule_id: str, field: str = "subject") -> Finding:
    return Finding(rule_id, Status.violation, Severity.error, Text("bad", "不行"), field, "5.3.1", "")


# -- scoping ------------------------------------------------------------------


def test_a_filing_only_reaches_the_plugins_of_its_scopes() -> None:
    calls: list[str] = []

    def recorder(scope: str) -> types.ModuleType:
        return module_with(check_entity=lambda filing: calls.append(scope))

    engine = engine_with_stand_ins(*(PluginSource(scope, scope, module=recorder(scope)) for scope in (
        "national", "province.beijing", "province.guangdong", "instance.ecs", "instance.nat_gateway",
        "industry.news", "industry.finance")))
    engine.check(make_filing("beijing", websites=[{**_website(), "industries": ["news"]}]))
    assert sorted(calls) == ["industry.news", "instance.ecs", "national", "province.beijing"]


def _website() -> dict[str, object]:
    from icp_core.testing import filing_data

    return filing_data("beijing")["websites"][0]  # type: ignore[no-any-return]


def test_results_do_not_depend_on_registration_order() -> None:
    def plugin(scope: str, rule: str) -> PluginSource:
        return PluginSource(scope, f"dist-{rule}", module=module_with(check_entity=lambda: [finding(rule)]))

    sources = [plugin("national", "n.one"), plugin("province.beijing", "b.two"), plugin("instance.ecs", "e.three")]
    reports = {engine_with_stand_ins(*order).check(make_filing()) for order in itertools.permutations(sources)}
    assert len(reports) == 1
    assert [f.rule_id for f in reports.pop().findings] == ["b.two", "e.three", "n.one"]


# -- failing plugins -------------------------------------------------------------


def test_a_plugin_that_raises_makes_the_verdict_error_and_keeps_other_findings() -> None:
    def boom(filing: Filing) -> None:
        raise RuntimeError("database unreachable")

    engine = engine_with_stand_ins(
        PluginSource("national", "icp-boom", module=module_with(check_entity=boom)),
        PluginSource("province.beijing", "icp-beijing-test", policy=policy("province.beijing", ADMIN_LEGAL)),
    )
    report = engine.check(make_filing(subject={"administrator": {"is_legal_representative": False}}))
    assert report.verdict is Verdict.error
    assert [(f.plugin, f.hook) for f in report.failures] == [("icp-boom", "check_entity")]
    assert "database unreachable" in report.failures[0].error
    assert_fires(report, "x.admin_legal")


def test_a_plugin_that_returns_the_wrong_type_is_a_failure_not_a_pass() -> None:
    engine = engine_with_stand_ins(PluginSource("national", "icp-sloppy",
                                              module=module_with(check_entity=lambda: ["not a finding"])))
    report = engine.check(make_filing())
    assert report.verdict is Verdict.error
    assert "expected Finding" in report.failures[0].error


def test_a_misspelled_hook_fails_loudly_at_load() -> None:
    module = types.ModuleType("typo")
    module.check_entiy = hookimpl(lambda filing: None)  # type: ignore[attr-defined]
    engine = engine_with_stand_ins(PluginSource("national", "icp-typo", module=module))
    report = engine.check(make_filing())
    assert report.verdict is Verdict.error
    assert "check_entiy" in report.failures[0].error
    assert any("check_entiy" in p for p in engine.problems())


def test_an_invalid_policy_fails_the_filings_of_its_scope() -> None:
    bad = policy("province.beijing", {"id": "x.bad", "kind": "minimum_age", "who": ["subject_administrator"],
                                      "min_age": "eighteen"})
    report = engine_with_stand_ins(PluginSource("province.beijing", "icp-bad", policy=bad)).check(make_filing())
    assert report.verdict is Verdict.error
    assert "rules[0].min_age" in report.failures[0].error


# -- forms in progress -----------------------------------------------------------


def test_missing_facts_make_the_filing_incomplete_and_are_listed() -> None:
    engine = engine_with_stand_ins(PluginSource("province.beijing", "b",
                                                policy=policy("province.beijing", ADMIN_LEGAL)))
    filing = make_filing(subject={"administrator": {"is_legal_representative": None}, "legal_representative": None})
    report = engine.check(filing)
    assert report.verdict is Verdict.incomplete
    assert report.missing == ("subject.administrator.is_legal_representative",)
    with pytest.raises(InputError) as caught:
        engine.check(filing, require_complete=True)
    assert caught.value.errors[0].path == "subject.administrator.is_legal_representative"


def test_the_evaluation_day_is_required_and_never_guessed() -> None:
    engine = engine_with_stand_ins()
    with pytest.raises(InputError, match="evaluated_on"):
        engine.check(make_filing(evaluated_on=None))
    assert engine.check(make_filing(evaluated_on=None), on=dt.date(2026, 1, 2)).evaluated_on == dt.date(2026, 1, 2)


# -- combining decisions -----------------------------------------------------------


def decision(outcome: Outcome, rule: str) -> Callable[..., object]:
    from icp_core.report import Decision, Reason

    return lambda change: Decision(outcome, (Reason(rule, Text(rule, rule), "5", "x"),))


def test_the_most_specific_scope_decides_and_denial_wins_among_equals() -> None:
    national = PluginSource("national", "n", module=module_with(allowed_change=decision(Outcome.denied, "n.deny")))
    province = PluginSource("province.beijing", "p", module=module_with(
        allowed_change=decision(Outcome.allowed, "p.allow")))
    industry = PluginSource("industry.news", "i", module=module_with(allowed_change=decision(Outcome.denied, "i.d")))
    filing = make_filing()
    report = engine_with_stand_ins(national, province, industry).change(filing, ChangeRequest(ChangeTarget.new_name))
    assert (report.outcome, report.decided_by) == (Outcome.allowed, "province.beijing")
    report = engine_with_stand_ins(national).change(filing, ChangeRequest(ChangeTarget.new_name))
    assert (report.outcome, report.decided_by) == (Outcome.denied, "national")
    second = PluginSource("province.beijing", "p", module=module_with(
        allowed_change=lambda change: [decision(Outcome.allowed, "a")(change), decision(Outcome.denied, "d")(change)]))
    report = engine_with_stand_ins(second).change(filing, ChangeRequest(ChangeTarget.new_name))
    assert report.outcome is Outcome.denied
    assert [r.rule_id for r in report.reasons] == ["d"]


def test_a_failing_plugin_gives_no_decision() -> None:
    def boom(change: ChangeRequest) -> None:
        raise ValueError("nope")

    report = engine_with_stand_ins(PluginSource("national", "n", module=module_with(allowed_change=boom))).change(
        make_filing(), ChangeRequest(ChangeTarget.individual))
    assert report.outcome is None
    assert report.failures[0].hook == "allowed_change"


def test_beijing_change_and_transfer_decisions_from_its_policy() -> None:
    engine = engine_with_stand_ins(PluginSource("province.beijing", "icp-province-beijing", policy=BEIJING_POLICY))
    filing = make_filing()
    assert engine.change(filing, ChangeRequest(ChangeTarget.individual)).outcome is Outcome.denied
    renamed = engine.change(filing, ChangeRequest(ChangeTarget.new_name))
    assert renamed.outcome is Outcome.conditional
    assert [c.document for c in renamed.conditions] == ["certificate_of_change"]
    provided = ChangeRequest(ChangeTarget.new_name, documents=frozenset({"certificate_of_change"}))
    assert engine.change(filing, provided).outcome is Outcome.allowed
    both = ChangeRequest(ChangeTarget.new_name_and_certificate_number, three_in_one_conversion=False)
    assert engine.change(filing, both).outcome is Outcome.denied
    original = OriginalFiling(subject_name="旧名称有限公司", certificate_number=filing.subject.certificate_number)
    moved = engine.transfer(filing, TransferRequest(original))
    assert moved.outcome is Outcome.conditional
    individual = make_filing(subject_type="individual")
    moved = engine.transfer(individual, TransferRequest(OriginalFiling(subject_name="别人")))
    assert moved.outcome is Outcome.denied


# -- discovery, allow-lists, replacement -----------------------------------------

MINIMAL = "scope: {scope}\nsection: '5.3.1'\nrules:\n{rules}"
AGE_RULE = textwrap.indent(textwrap.dedent("""\
    - id: beijing.newer_minimum_age
      kind: minimum_age
      who: [subject_administrator]
      min_age: 60
    """), "  ")


def test_a_third_party_plugin_replaces_beijing(icp_plugin_dir: Callable[..., None]) -> None:
    icp_plugin_dir("acme-beijing-2027", "province.beijing",
                   policy=MINIMAL.format(scope="province.beijing", rules=AGE_RULE)
                   + "replaces: [icp-province-beijing]\n")
    engine = Engine.from_entry_points(["icp-province-beijing", "acme-beijing-2027"])
    report = engine.check(make_filing("beijing", subject={"administrator": {"is_legal_representative": False}}))
    assert_fires(report, "beijing.newer_minimum_age")
    assert_not_fires(report, "beijing.subject_administrator_is_legal_representative")
    assert report.plugins == ("acme-beijing-2027==1.0 (province.beijing, replaces icp-province-beijing)",)
    infos = {i.name: i for i in engine.plugins()}
    assert infos["acme-beijing-2027"].replaces == ("icp-province-beijing",)
    assert infos["icp-province-beijing"].replaced_by == "acme-beijing-2027"


def test_two_claims_on_one_scope_without_replaces_is_a_load_error(icp_plugin_dir: Callable[..., None]) -> None:
    icp_plugin_dir("acme-beijing", "province.beijing", policy=MINIMAL.format(scope="province.beijing", rules=AGE_RULE))
    with pytest.raises(PluginLoadError, match="acme-beijing"):
        Engine.from_entry_points(["icp-province-beijing", "acme-beijing"], strict=True)
    engine = Engine.from_entry_points(["icp-province-beijing", "acme-beijing"])
    assert engine.check(make_filing("beijing")).verdict is Verdict.error
    assert any("claimed by" in p for p in engine.problems())


def test_a_plugin_that_fails_to_import_is_named(icp_plugin_dir: Callable[..., None]) -> None:
    icp_plugin_dir("acme-broken", "province.hebei", code="raise ImportError('missing dependency frobnicate')\n",
                   policy=MINIMAL.format(scope="province.hebei", rules="  []\n").replace("rules:\n  []", "rules: []"))
    engine = Engine.from_entry_points(["acme-broken"])
    report = engine.check(make_filing("hebei"))
    assert report.verdict is Verdict.error
    assert "acme-broken[province.hebei]" in report.failures[0].error
    assert "frobnicate" in report.failures[0].error


def test_only_allow_listed_plugins_load(icp_plugin_dir: Callable[..., None]) -> None:
    icp_plugin_dir("acme-hebei", "province.hebei", code="raise SystemExit('must never be imported')\n")
    engine = Engine.from_entry_points(["icp-province-beijing"])
    assert [i.name for i in engine.plugins()] == ["icp-province-beijing"]
    with pytest.raises(PluginLoadError, match="not installed"):
        Engine.from_entry_points(["icp-province-nowhere"])


# -- profiles ------------------------------------------------------------------------


def test_profiles_tune_severity_parameters_and_waive_until_a_date() -> None:
    age = {"id": "x.age", "kind": "minimum_age", "who": ["subject_administrator"], "min_age": 18}
    source = PluginSource("province.beijing", "b", policy=policy("province.beijing", ADMIN_LEGAL, age))
    filing = make_filing(subject={"administrator": {"is_legal_representative": False}})
    profile = Profile("test", rules={
        "x.admin_legal": RuleOverride(waive=Waiver(dt.date(2026, 12, 31), "regulator agreed")),
        "x.age": RuleOverride(severity=Severity.warning, params={"min_age": 60}),
    })
    engine = engine_with_stand_ins(source, profile=profile)
    report = engine.check(filing)
    assert report.waived == ("x.admin_legal",)
    assert_not_fires(report, "x.admin_legal")
    assert assert_fires(report, "x.age").severity is Severity.warning
    assert report.verdict is Verdict.pass_
    later = engine.check(filing, on=dt.date(2027, 1, 1))
    assert_fires(later, "x.admin_legal")
    assert later.verdict is Verdict.fail


def test_a_profile_naming_a_parameter_that_does_not_exist_fails_the_scope() -> None:
    source = PluginSource("province.beijing", "b", policy=policy("province.beijing", ADMIN_LEGAL))
    engine = engine_with_stand_ins(source, profile=Profile("t", rules={"x.admin_legal": RuleOverride(params={"x": 1})}))
    assert engine.check(make_filing()).verdict is Verdict.error


def test_the_shipped_profile_enables_every_plugin_in_the_repository() -> None:
    root = Path(__file__).resolve().parents[1]
    engine = Engine.from_entry_points(profile=root / "policies" / "all.yaml", strict=True)
    folders = {p.name for p in (root / "plugins").iterdir() if (p / "pyproject.toml").is_file()}
    assert {i.name for i in engine.plugins()} >= folders


def test_a_plugin_that_hangs_is_an_error_naming_it_not_a_hung_caller() -> None:
    import threading

    release = threading.Event()

    def hang(filing: Filing) -> None:
        release.wait(30)

    engine = engine_with_stand_ins(
        PluginSource("national", "icp-sleepy", module=module_with(check_entity=hang)),
        PluginSource("province.beijing", "b", policy=policy("province.beijing", ADMIN_LEGAL)),
        hook_timeout=0.2)
    try:
        report = engine.check(make_filing(subject={"administrator": {"is_legal_representative": False}}))
    finally:
        release.set()
    assert report.verdict is Verdict.error
    assert [(f.plugin, f.hook) for f in report.failures] == [("icp-sleepy", "check_entity")]
    assert "did not return within 0.2 s" in report.failures[0].error
    assert_fires(report, "x.admin_legal")


def test_the_same_document_asked_by_two_scopes_is_listed_once_with_both_rules() -> None:
    statement = {"kind": "require_document", "document": "authenticity_statement"}
    engine = engine_with_stand_ins(
        PluginSource("national", "n", policy=policy("national", {"id": "national.statement", **statement})),
        PluginSource("province.beijing", "b", policy=policy("province.beijing", {"id": "beijing.statement",
                                                                                 **statement})))
    (document,) = engine.documents(make_filing()).documents
    assert (document.rule_id, document.also_required_by) == ("beijing.statement", ("national.statement",))


def test_profiles_tune_python_rules_too() -> None:
    declared = {"id": "x.delay", "kind": "python", "params": {"days": 3},
                "message": {"en": "Wait {days} days.", "zh": "请等待{days}天。"}}
    seen: list[int] = []

    def check_entity(facts: object) -> list[Finding]:
        days = int(facts.params("x.delay")["days"])  # type: ignore[attr-defined]
        seen.append(days)
        return [Finding("x.delay", Status.violation, Severity.error, Text(f"{days}", f"{days}"), "subject", "3", "")]

    source = PluginSource("national", "n", module=module_with(check_entity=check_entity),
                          policy=policy("national", declared))
    assert engine_with_stand_ins(source).check(make_filing()).findings[0].severity is Severity.error
    tuned = Profile("t", rules={"x.delay": RuleOverride(severity=Severity.warning, params={"days": 5})})
    report = engine_with_stand_ins(source, profile=tuned).check(make_filing())
    assert seen == [3, 5]
    assert report.findings[0].severity is Severity.warning and report.passed
    assert engine_with_stand_ins(source, profile=Profile("t", rules={"x.delay": RuleOverride(disable=True)})).check(
        make_filing()).findings == ()
    bad = Profile("t", rules={"x.delay": RuleOverride(params={"weeks": 1})})
    assert engine_with_stand_ins(source, profile=bad).check(make_filing()).verdict is Verdict.error


def test_hooks_receive_their_scopes_rules_per_engine_never_a_module_global() -> None:
    """Two engines with different profiles in one process: each hook call gets the rules of
    its own engine (the profile's severity on what it builds), and what a hook derives from
    the policy's data is worked out once per engine, not once per process."""
    declared = {"id": "x.listed", "kind": "python", "message": {"en": "Not listed.", "zh": "不在名单中。"}}
    derivations: list[object] = []
    received: list[object] = []

    def listed(rules: ScopeRules) -> frozenset[str]:
        derivations.append(rules)
        return frozenset(rules.data["names"])

    def check_entity(filing: object, rules: ScopeRules) -> list[Finding]:
        received.append(rules)
        names = rules.derived(listed)
        return [] if "ok" in names else [rules.violation("x.listed", "subject.name")]

    source = PluginSource("national", "n", module=module_with(check_entity=check_entity),
                          policy=policy("national", declared, data={"names": ["elsewhere"]}))
    plain = engine_with_stand_ins(source)
    tuned = engine_with_stand_ins(source, profile=Profile("t", rules={"x.listed": RuleOverride(
        severity=Severity.warning)}))
    for _ in range(3):
        assert assert_fires(plain.check(make_filing()), "x.listed").severity is Severity.error
        assert assert_fires(tuned.check(make_filing()), "x.listed").severity is Severity.warning
    assert len(set(map(id, received))) == 2  # one rules object per engine
    assert len(derivations) == 2  # derived once per engine, whatever the number of checks


def test_a_hook_of_a_plugin_without_a_policy_is_told_so_when_it_asks_for_a_rule() -> None:
    def check_entity(rules: ScopeRules) -> list[Finding]:
        return [rules.violation("x.anything", "subject")]

    engine = engine_with_stand_ins(PluginSource("national", "n", module=module_with(check_entity=check_entity)))
    report = engine.check(make_filing())
    assert report.verdict is Verdict.error
    (failure,) = report.failures
    assert (failure.plugin, failure.hook) == ("n", "check_entity") and "no policy.yaml" in failure.error


def test_a_hung_plugin_is_named_and_the_plugins_after_it_are_reported_not_run() -> None:
    import threading

    release = threading.Event()
    engine = engine_with_stand_ins(
        PluginSource("national", "icp-sleepy", module=module_with(check_domain=lambda domain: release.wait(30))),
        PluginSource("province.beijing", "icp-after", module=module_with(check_entity=lambda: [finding("b.x")])),
        hook_timeout=0.2)
    try:
        report = engine.check(make_filing())
    finally:
        release.set()
    assert [(f.plugin, f.hook) for f in report.failures] == [("icp-sleepy", "check_domain"), ("icp-after", "hooks")]
    assert report.verdict is Verdict.error


def test_the_example_console_profile_loads_only_its_plugins_and_tunes_rules() -> None:
    root = Path(__file__).resolve().parents[1]
    engine = Engine.from_entry_points(profile=root / "policies" / "beijing-console.yaml", strict=True)
    assert {i.name for i in engine.plugins()} == {"icp-national", "icp-province-beijing", "icp-instance-ecs",
                                                 "icp-industry-news"}
    website = make_filing().websites[0]
    domains = [{"name": "xinghe-example.com.cn", "holder_name": "北京星河示例科技有限公司",
                "registered_outside_mainland": False, "privacy_protection": False,
                "real_name_verified_on": "2026-11-28", "registrar": "某未列入名单的注册商", "expires_on": "2028-01-01"},
               {"name": "www.xinghe-example.cn", "holder_name": "北京星河示例科技有限公司",
                "registered_outside_mainland": False, "privacy_protection": False,
                "real_name_verified_on": "2026-10-01", "registrar": "阿里云计算有限公司（万网）",
                "expires_on": "2028-01-01"}]
    assert website.administrator is not None
    filing = make_filing(websites=[{"name": website.name, "remarks": "官网", "sells_online": False,
                                    "accessible": True, "administrator": {"name": website.administrator.name,
                                                                          "id_number": website.administrator.id_number,
                                                                          "mobile": website.administrator.mobile,
                                                                          "is_legal_representative": False},
                                    "domains": domains, "hosting": {"instance_id": "i-example0001"}}])
    report = engine.check(filing)
    assert report.profile == "beijing-console"
    assert "beijing.same_website_remark" in report.waived
    # An unlisted registrar is asked about (needs information), at the profile's severity.
    asked = [f for f in report.findings if f.rule_id == "national.domain.registrar_approved"]
    assert asked and {f.severity for f in asked} == {Severity.info}
    assert_fires(report, "national.domain.real_name_sync_delay")  # 3 days old: too fresh under 5


# -- a more specific rule supersedes a less specific one -----------------------------------------

_WIDER_HOLDERS = MINIMAL.format(scope="province.hebei", rules=textwrap.indent(textwrap.dedent("""\
    - id: hebei.domain_holder_2027
      kind: domain_holder
      holders: [subject, website_administrator]
      supersedes: [national.domain.holder_consistent]
    """), "  ")) + "replaces: [icp-province-hebei]\n"


def _held_by_website_administrator(province: str) -> Filing:
    filing = make_filing(province)
    admin = filing.websites[0].administrator
    assert admin is not None
    domain = filing.websites[0].domains[0]
    website = attrs.evolve(filing.websites[0], domains=(attrs.evolve(
        domain, holder_name=admin.name, holder_certificate_number=admin.id_number, holder_certificate_type=None),))
    return attrs.evolve(filing, websites=(website,))


def test_a_province_rule_supersedes_a_national_rule_in_its_province_only(
        icp_plugin_dir: Callable[..., None]) -> None:
    """The most specific statement holds: a province that accepts more domain holders than
    section 3 takes the national rule's place for its own filings, and nowhere else."""
    icp_plugin_dir("acme-hebei-2027", "province.hebei", policy=_WIDER_HOLDERS)
    engine = Engine.from_entry_points(["icp-national", "icp-province-hebei", "acme-hebei-2027",
                                       "icp-province-beijing", "icp-instance-ecs"])
    hebei = engine.check(_held_by_website_administrator("hebei"))
    assert_not_fires(hebei, "national.domain.holder_consistent")
    assert_not_fires(hebei, "hebei.domain_holder_2027")
    beijing = engine.check(_held_by_website_administrator("beijing"))
    assert_fires(beijing, "national.domain.holder_consistent")


def test_supersedes_names_a_less_specific_plugin_s_rule(icp_plugin_dir: Callable[..., None]) -> None:
    """An industry scope is less specific than a province: its rule cannot silence one."""
    icp_plugin_dir("acme-industry-arcade", "industry.arcade", policy=(
        "scope: industry.arcade\nsection: \"6\"\nrules:\n"
        "  - id: arcade.holders\n    kind: domain_holder\n    holders: [subject, website_administrator]\n"
        "    supersedes: [beijing.domain_holder_is_subject]\n"))
    engine = Engine.from_entry_points(["icp-national", "icp-province-beijing", "icp-instance-ecs",
                                       "acme-industry-arcade"])
    filing = _held_by_website_administrator("beijing")
    filing = attrs.evolve(filing, websites=(attrs.evolve(filing.websites[0], industries=("arcade",)),))
    assert_fires(engine.check(filing), "beijing.domain_holder_is_subject")


@pytest.mark.parametrize(("scope", "supersedes", "problem"), [
    ("province.hebei", "hebei.own_rule", "another, less specific plugin"),
    ("national", "beijing.domain_holder_is_subject", "supersedes nothing"),
])
def test_a_rule_cannot_supersede_its_own_plugin_or_from_the_national_scope(scope: str, supersedes: str,
                                                                           problem: str) -> None:
    from icp_core.errors import PolicyError
    from icp_core.policy import compile_policy

    data = {"scope": scope, "section": "5.3.2", "rules": [
        {"id": "hebei.own_rule" if scope != "national" else "national.own_rule", "kind": "domain_holder",
         "holders": ["subject"], "supersedes": [supersedes]}]}
    with pytest.raises(PolicyError, match=problem):
        compile_policy(data, source="policy.yaml")
