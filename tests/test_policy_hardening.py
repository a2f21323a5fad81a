"""Policies and profiles are input: message templates, patterns and parameters are checked
when they are loaded, with the rule and field named, and cannot do harm when run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icp_core.cli import main
from icp_core.engine import Engine, PluginSource
from icp_core.errors import PolicyError
from icp_core.patterns import MAX_PATTERN_LENGTH, compile_pattern
from icp_core.policy import Policy, compile_policy, load_policy
from icp_core.profiles import Profile, RuleOverride, override_problems
from icp_core.report import Text, Verdict
from icp_core.rules import RULE_KINDS
from icp_core.scope_rules import ScopeRules
from icp_core.templating import substitute, template_problem
from icp_core.testing import assert_fires, assert_not_fires, filing_data, make_filing, merge

SCOPE = "province.beijing"


def policy_with(*rules: dict[str, Any]) -> dict[str, Any]:
    return {"scope": SCOPE, "section": "5.3.1", "rules": list(rules)}


def compiled(*rules: dict[str, Any]) -> Policy:
    return compile_policy(policy_with(*rules), source="test.yaml", plugin="test-plugin")


def refused(*rules: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(PolicyError) as caught:
        compiled(*rules)
    return [(e.path, e.message) for e in caught.value.errors]


def holder_rule(en: str, zh: str = "域名持有者须为{holders}。") -> dict[str, Any]:
    return {"id": "t.holder", "kind": "domain_holder", "message": {"en": en, "zh": zh}}


def engine_with(*rules: dict[str, Any], profile: Profile | None = None) -> Engine:
    return Engine.from_sources(PluginSource(SCOPE, "test-plugin", policy=policy_with(*rules)), profile=profile)


# -- message templates ----------------------------------------------------------------


@pytest.mark.parametrize("template", [
    "{holders.__class__.__mro__}",                 # an attribute chain into the interpreter
    "{holders.nope}",                               # an unknown attribute: a traceback at run time before
    "{holders[0]}",                                 # an index
    "{holders!r}",                                  # a conversion
    "{holders:>300000000}",                         # a format spec that allocates 300 MB
    "{0}",                                          # positional
    "{}",
])
def test_a_template_may_use_only_plain_placeholders(template: str) -> None:
    [(path, message)] = refused(holder_rule(f"Held by {template}."))
    assert path == "rules[0].message.en"
    assert message.startswith("rule t.holder: ") and "not a plain placeholder" in message


def test_a_template_may_use_only_the_placeholders_its_kind_provides() -> None:
    [(path, message)] = refused(holder_rule("Held by {holders}.", "持有者：{owner}。"))
    assert path == "rules[0].message.zh"
    assert message == "rule t.holder: unknown placeholder {owner}; this rule provides: {holders}"


@pytest.mark.parametrize("template", ["Held by {holders", "Held by holders}", "{ {holders} }"])
def test_a_lone_brace_is_refused_with_how_to_write_one(template: str) -> None:
    [(_, message)] = refused(holder_rule(template))
    assert "lone" in message and "for a literal brace" in message


def test_a_plain_template_and_escaped_braces_work() -> None:
    policy = compiled(holder_rule("Held by {holders} {{as on record}}.", "域名持有者须为{holders}｛{{备案}}｝。"))
    message = policy.rule("t.holder").message
    assert message.en == "Held by the subject {as on record}."
    assert message.zh == "域名持有者须为备案主体｛{备案}｝。"


def test_messages_shown_as_written_take_no_placeholders() -> None:
    note = {"id": "t.note", "kind": "informational", "message": {"en": "m", "zh": "m"},
            "reason": {"en": "see {what.__init__}", "zh": "原因"}}
    change = {"id": "t.change", "kind": "change_matrix", "changes": {"new_name": {
        "outcome": "allowed", "message": {"en": "Changing {what} is fine", "zh": "允许"}}}}
    assert [path for path, _ in refused(note, change)] == ["rules[0].reason.en", "rules[1].changes.new_name.message.en"]
    ok = compiled({**note, "reason": {"en": "a set {{like this}}", "zh": "原因"}})
    note_text = ok.rule("t.note").note
    assert note_text is not None and note_text.reason.en == "a set {like this}"


def test_a_python_rule_message_may_use_its_params_and_declared_placeholders() -> None:
    rule = {"id": "t.py", "kind": "python", "params": {"days": 3},
            "message": {"en": "Wait {days} days ({registered}).", "zh": "等待{days}天（{registered}）。"}}
    assert {path for path, _ in refused(rule)} == {"rules[0].message.en", "rules[0].message.zh"}
    compiled({**rule, "placeholders": ["registered"]})


def test_every_kind_default_message_uses_only_its_declared_placeholders() -> None:
    for kind, cls in RULE_KINDS.items():
        for text in (cls.default_message.en, cls.default_message.zh):
            assert template_problem(text, cls.message_placeholders) is None, kind


def test_template_problems_name_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text('scope: province.beijing\nsection: "5.3.1"\nrules:\n  - id: t.holder\n    kind: domain_holder\n'
                    '    message:\n      en: "{holders.__class__}"\n      zh: "{holders}"\n', "utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    [error] = caught.value.errors
    assert (error.path, error.line) == ("rules[0].message.en", 7)


def test_filling_a_template_evaluates_nothing_and_never_raises() -> None:
    values = {"a": 1, "b": 2, "c": Text("x", "y")}
    assert substitute("{a.__class__} {b:>300000000} {c!r} {a} {{a}} {missing} { }", values) == \
        "{a.__class__} {b:>300000000} {c!r} 1 {a} {missing} { }"
    assert substitute("}{", values) == "}{"


def test_a_python_hook_filling_its_message_cannot_reach_attributes() -> None:
    rules = ScopeRules("unused", compiled({"id": "t.py", "kind": "python", "placeholders": ["who"],
                                                "message": {"en": "Not for {who}.", "zh": "不适用于{who}。"}}))
    finding = rules.violation("t.py", "subject", who=Text("the subject", "备案主体"))
    assert (finding.message.en, finding.message.zh) == ("Not for the subject.", "不适用于备案主体。")
    hostile = rules.violation("t.py", "subject", Text("{who.__class__} {who:>999999999}", "{who}"), who="x")
    assert hostile.message.en == "{who.__class__} {who:>999999999}"


# -- patterns ----------------------------------------------------------------------------


def website_name_rule(*patterns: str) -> dict[str, Any]:
    return {"id": "t.name", "kind": "website_name", "name_patterns": list(patterns)}


def test_a_backtracking_pattern_runs_in_linear_time() -> None:
    # ^(a+)+$ against 4,000 "a" and a "b" would backtrack for longer than the universe with re.
    engine = engine_with(website_name_rule("^(a+)+$"))
    data = filing_data("beijing")
    slow = merge(data, {"websites": [merge(data["websites"][0], {"name": "a" * 4_000 + "b"})]})
    assert_fires(engine.check(make_filing(**slow)), "t.name", "websites[0].name")
    fine = merge(data, {"websites": [merge(data["websites"][0], {"name": "aaaa"})]})
    assert_not_fires(engine.check(make_filing(**fine)), "t.name")


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?=a)b", r"(?<!a)b", r"a{1000}{1000}"])
def test_patterns_re2_cannot_run_in_linear_time_are_refused_at_load(pattern: str) -> None:
    [(path, message)] = refused(website_name_rule("的博客$", pattern))
    assert path == "rules[0].name_patterns[1]"
    assert message.startswith("rule t.name: not a pattern RE2 can run in linear time")


def test_every_pattern_field_is_checked_with_its_path() -> None:
    mobile = {"id": "t.mobile", "kind": "local_mobile", "who": ["subject_administrator"],
              "unless_remarks_patterns": [r"(x)\1"]}
    name = {"id": "t.subject", "kind": "subject_name", "forbidden_patterns": ["^{legal_representative}(a)\\1"]}
    assert [path for path, _ in refused(mobile, name)] == ["rules[0].unless_remarks_patterns[0]",
                                                          "rules[1].forbidden_patterns[0]"]
    too_long = "a" * (MAX_PATTERN_LENGTH + 1)
    assert "longer than" in refused(website_name_rule(too_long))[0][1]


def test_the_legal_representative_is_matched_literally() -> None:
    rule = {"id": "t.subject", "kind": "subject_name", "forbidden_patterns": ["^{legal_representative}$"]}
    engine = engine_with(rule)
    same = {"subject": {"type": "individual", "name": "a.b (c)", "legal_representative": {"name": "a.b (c)"}}}
    other = {"subject": {"type": "individual", "name": "axb (c)", "legal_representative": {"name": "a.b (c)"}}}
    assert_fires(engine.check(make_filing(**same)), "t.subject", "subject.name")
    assert_not_fires(engine.check(make_filing(**other)), "t.subject")


def test_a_lone_surrogate_in_checked_text_does_not_raise() -> None:
    assert compile_pattern("博客").search("星河\ud800的博客")
    assert not compile_pattern("^a$").search("\udfff")


# -- parameters ---------------------------------------------------------------------------


PY_RULE = {"id": "t.delay", "kind": "python", "params": {"days": 3},
           "message": {"en": "Wait {days} days.", "zh": "请等待{days}天。"}}


@pytest.mark.parametrize(("value", "expected"), [
    ("abc", "expected a whole number of at least 0"),   # every check was `error` after this before
    (-5, "expected a whole number of at least 0"),      # and this made every check pass
    (2.5, "expected a whole number of at least 0"),
    (True, "expected a whole number of at least 0"),
])
def test_a_plain_param_is_a_whole_number_of_at_least_zero(value: object, expected: str) -> None:
    profile = Profile("p", rules={"t.delay": RuleOverride(params={"days": value})})
    [error] = override_problems(profile, [compiled(PY_RULE)])
    assert (error.path, error.message) == ("rules.t.delay.params.days", f"rule t.delay: {expected}")
    assert not override_problems(Profile("p", rules={"t.delay": RuleOverride(params={"days": 5})}),
                                 [compiled(PY_RULE)])


def test_a_declared_range_is_enforced_and_the_value_reaches_the_hook() -> None:
    rule = {**PY_RULE, "params": {"days": {"default": 3, "type": "int", "min": 0, "max": 30}}}
    over = Profile("p", rules={"t.delay": RuleOverride(params={"days": 31})})
    assert override_problems(over, [compiled(rule)])[0].message == "rule t.delay: expected a whole number from 0 to 30"
    assert compiled(rule).rule("t.delay").params == {"days": 3}
    engine = engine_with(rule, profile=Profile("p", rules={"t.delay": RuleOverride(params={"days": 30})}))
    state = engine._scope(SCOPE)
    assert state is not None and state.params["t.delay"] == {"days": 30}


@pytest.mark.parametrize(("declared", "expected"), [
    ({"default": 3, "type": "int", "min": 5}, "the default does not fit the declaration"),
    ({"default": 3, "type": "float"}, "type is one of"),
    ({"default": 3, "step": 1}, "unknown key 'step'"),
    ({"type": "int"}, "give the parameter's default"),
    ({"default": "x", "type": "str", "max": 3}, "min and max apply to int and number parameters only"),
    ({"default": 3, "min": 5, "max": 1}, "min is greater than max"),
    ([1, 2], "declare others as"),
    (-1, "the default does not fit"),
])
def test_a_param_declared_wrongly_is_refused_at_load(declared: object, expected: str) -> None:
    [(path, message)] = refused({**PY_RULE, "params": {"days": declared},
                                 "message": {"en": "Wait.", "zh": "请等待。"}})
    assert path == "rules[0].params.days" and expected in message


def test_a_declared_kind_count_has_a_range_in_policies_and_profiles() -> None:
    age = {"id": "t.age", "kind": "minimum_age", "who": ["subject_administrator"], "min_age": 18}
    assert refused({**age, "min_age": -5})[0][1] == "must be a whole number from 0 to 150"
    for value, message in ((-5, "must be a whole number from 0 to 150"), ("abc", "expected a whole number")):
        profile = Profile("p", rules={"t.age": RuleOverride(params={"min_age": value})})
        [error] = override_problems(profile, [compiled(age)])
        assert error.path == "rules.t.age.params.min_age" and message in error.message
        # an engine built without the load-time check still fails closed: error, never a pass
        assert engine_with(age, profile=profile).check(make_filing()).verdict is Verdict.error


def test_loading_a_profile_with_a_bad_param_fails_naming_rule_and_param(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("name: bad\nplugins: [icp-national]\nrules:\n  national.domain.real_name_sync_delay:\n"
                       "    params: {days: abc}\n", "utf-8")
    with pytest.raises(PolicyError) as caught:
        Engine.from_entry_points(profile=profile)
    [error] = caught.value.errors
    assert error.path == "rules.national.domain.real_name_sync_delay.params.days"
    assert "from 0 to 30" in error.message
    profile.write_text(profile.read_text("utf-8").replace("abc", "5"), "utf-8")
    Engine.from_entry_points(profile=profile)


def test_lint_checks_a_profile_against_the_rules_it_tunes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("name: bad\nplugins: [icp-national, icp-province-tianjin]\nrules:\n"
                       "  national.domain.real_name_sync_delay:\n    params: {days: -5}\n"
                       "  tianjin.minimum_age:\n    params: {min_age: 200}\n"
                       "  tianjin.no_such_rule:\n    severity: warning\n", "utf-8")
    assert main(["policy", "lint", str(profile)]) == 2
    err = capsys.readouterr().err
    assert f"{profile}:5:" in err and "rules.national.domain.real_name_sync_delay.params.days" in err
    assert "rules.tianjin.minimum_age.params.min_age: rule tianjin.minimum_age: must be a whole number" in err
    assert "rules.tianjin.no_such_rule: no enabled plugin declares this rule" in err
    root = Path(__file__).resolve().parents[1]
    assert main(["policy", "lint", *map(str, sorted((root / "policies").glob("*.yaml")))]) == 0
