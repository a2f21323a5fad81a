"""Property tests for policy and profile files: whatever a policy says, it compiles or is
refused with a ``PolicyError`` (nothing else), and a policy that compiles never fails at
run time because of its templates, patterns or parameters. The fuzz profile runs these
at 20,000 examples each (CONTRIBUTING.md)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from icp_core.engine import Engine, PluginSource
from icp_core.errors import InputError, PolicyError
from icp_core.policy import Policy, compile_policy
from icp_core.profiles import Profile, RuleOverride, override_problems
from icp_core.report import Text
from icp_core.rules import RULE_KINDS
from icp_core.scope_rules import ScopeRules
from icp_core.testing import filing_data, make_filing, merge

WHO = ["subject_administrator"]
# The smallest valid parameters of each kind; the strategies below perturb them.
REQUIRED: dict[str, dict[str, Any]] = {
    "legal_representative": {"who": WHO}, "minimum_age": {"who": WHO}, "local_identity": {"who": WHO},
    "identity_document": {"who": WHO}, "residency": {"who": WHO, "forbidden": ["foreign"]},
    "required_facts": {"who": WHO, "fields": ["name"]}, "local_mobile": {"who": WHO},
    "administrator_relation": {"relation": "different"}, "certificate_type": {"allowed": ["business_license"]},
    "subject_type": {"required": "enterprise"}, "domain_count_documents": {"document": "domain_certificate"},
    "website_forbids": {"feature": "sells_online"}, "pre_approval": {"industry": "news"},
    "instance_requirements": {"instance_type": "ecs"}, "require_document": {"document": "domain_certificate"},
    "change_matrix": {"changes": {"new_name": {"outcome": "allowed"}}},
    "transfer_consistency": {"fields": ["subject_name"]}, "transfer_precondition": {
        "requires": ["subject_administrator_is_legal_representative"]},
    "informational": {"reason": {"en": "r", "zh": "r"}, "message": {"en": "m", "zh": "m"}},
    "python": {"message": {"en": "m", "zh": "m"}},
}
PATTERN_FIELDS = {"subject_name": ["patterns", "forbidden_patterns"], "website_name": ["name_patterns",
                  "remarks_patterns"], "local_mobile": ["unless_remarks_patterns"]}
NAMES = sorted({n for cls in RULE_KINDS.values() for n in cls.message_placeholders} | {"days", "x", "__class__"})

template_parts = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["{", "}", "{{", "}}", "{}", "{0}", "!r", ":", ">", "300000000", ".", "[0]", "__class__"]),
    st.sampled_from(NAMES).map(lambda n: "{" + n + "}"),
    st.tuples(st.sampled_from(NAMES), st.sampled_from([".__class__", ".nope", "[0]", "!r", ":>300000000", ":",
                                                       "!s:^9"])).map(lambda t: "{" + t[0] + t[1] + "}"),
)
templates = st.lists(template_parts, max_size=6).map("".join)
messages = st.builds(lambda en, zh: {"en": en, "zh": zh}, templates, templates)
pattern_parts = st.sampled_from(["a", "b", "(", ")", "+", "*", "?", "|", "^", "$", "\\1", "(?=", "(?<!", "{2}",
                                 "{1000}", "[", "]", "\\d", "\\p{Han}", ".", "博客", "{legal_representative}", "\\",
                                 "\ud800"])
patterns = st.lists(pattern_parts, max_size=8).map("".join)
param_values = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                         st.text(max_size=5), st.lists(st.integers(), max_size=2),
                         st.dictionaries(st.sampled_from(["default", "type", "min", "max", "step"]),
                                         st.one_of(st.integers(-5, 40), st.sampled_from(["int", "number", "bool",
                                                                                          "str", "float"]),
                                                   st.floats(allow_nan=True), st.text(max_size=3)),
                                         max_size=4))


@st.composite
def rules(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from([*sorted(REQUIRED), "subject_name", "website_name", "domain_holder",
                                 "website_domains", "same_website_remark"]))
    rule: dict[str, Any] = {"id": f"p.r{draw(st.integers(0, 3))}", "kind": kind, **REQUIRED.get(kind, {})}
    if draw(st.booleans()):
        rule["message"] = draw(messages)
    for field in PATTERN_FIELDS.get(kind, []):
        if draw(st.booleans()):
            rule[field] = draw(st.lists(patterns, max_size=2))
    if kind == "python" and draw(st.booleans()):
        rule["params"] = draw(st.dictionaries(st.sampled_from(["days", "x", "Bad-Name"]), param_values, max_size=2))
        rule["placeholders"] = draw(st.lists(st.sampled_from(["registered", "province", "Bad"]), max_size=2))
    if kind == "informational" and draw(st.booleans()):
        rule["reason"] = draw(messages)
    if kind == "change_matrix" and draw(st.booleans()):
        rule["changes"] = {"new_name": {"outcome": "allowed", "message": draw(messages)}}
    if kind in ("minimum_age", "website_domains", "same_website_remark") and draw(st.booleans()):
        rule[draw(st.sampled_from(["min_age", "max_domains", "min_domains"]))] = draw(param_values)
    return rule


def policy_of(rule_list: list[dict[str, Any]]) -> dict[str, Any]:
    return {"scope": "province.beijing", "section": "5.3.1", "rules": rule_list}


def compiled_or_refused(rule_list: list[dict[str, Any]]) -> Policy | None:
    try:
        return compile_policy(policy_of(rule_list), source="fuzz.yaml", plugin="fuzz")
    except PolicyError:
        return None


WEBSITE = filing_data("beijing")["websites"][0]
FILINGS = [make_filing(), make_filing("beijing", "individual"),
           make_filing(websites=[merge(WEBSITE, {"name": "a" * 200 + "b", "remarks": "博客\ud800"})])]


@given(st.lists(rules(), max_size=3))
def test_a_generated_policy_compiles_or_is_refused_and_never_fails_at_run_time(rule_list: list[dict[str, Any]]
                                                                                ) -> None:
    policy = compiled_or_refused(rule_list)
    if policy is None:
        return
    engine = Engine.from_sources(PluginSource("province.beijing", "fuzz", policy=policy_of(rule_list)))
    for filing in FILINGS:
        report = engine.check(filing)
        assert report.failures == (), report.failures  # no template, pattern or parameter fails a check
    helper = ScopeRules("unused", policy)
    for rule in policy.compiled:
        if rule.kind == "python":  # a hook filling the message with whatever values it has
            helper.violation(rule.id, "subject", registered=Text("{x}", "{x.__class__}"), days=10**6, x="{")


@given(st.lists(rules(), min_size=1, max_size=2), st.dictionaries(st.sampled_from(
    ["days", "x", "min_age", "max_domains", "min_domains", "who", "message", "name_patterns", "id"]),
    st.one_of(param_values, messages, st.lists(patterns, max_size=1)), max_size=3))
def test_profile_params_are_accepted_or_refused_never_raise(rule_list: list[dict[str, Any]],
                                                            params: dict[str, Any]) -> None:
    policy = compiled_or_refused(rule_list)
    if policy is None:
        return
    profile = Profile("fuzz", rules={rule.id: RuleOverride(params=params) for rule in policy.rules})
    if override_problems(profile, [policy]):
        return
    engine = Engine.from_sources(PluginSource("province.beijing", "fuzz", policy=policy_of(rule_list)),
                                 profile=profile)
    for filing in FILINGS[:2]:
        assert engine.check(filing).failures == ()


@given(st.dictionaries(st.sampled_from(["scope", "section", "rules", "documents", "include", "data", "replaces",
                                        "description", "x"]),
                       st.one_of(st.text(max_size=8), st.lists(rules(), max_size=2), messages,
                                 st.dictionaries(st.text(max_size=4), messages, max_size=2),
                                 st.lists(st.sampled_from(["standard_documents", "../x", "change_all_allowed"]),
                                          max_size=2)),
                       max_size=6))
def test_any_policy_mapping_compiles_or_is_a_policy_error(data: dict[str, Any]) -> None:
    try:
        compile_policy(data, source="fuzz.yaml")
    except (PolicyError, InputError):
        pass
