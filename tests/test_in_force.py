"""Rules in force by date (issue 21): a rule replaced on a date gives the old answer the day
before and the new one on the day, from Python, the CLI and HTTP; dated data sets; a scope
with no rule in force is not covered, never a pass; lint refuses overlaps and undeclared gaps."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from icp_core import cli
from icp_core.engine import Engine, PluginSource
from icp_core.errors import PolicyError
from icp_core.hookspecs import hookimpl
from icp_core.in_force import GUIDE_DATE
from icp_core.loading import load_filing
from icp_core.output import to_data
from icp_core.policy import compile_policy
from icp_core.report import CoverageStatus, Report, Status, Verdict
from icp_core.schema import json_schema
from icp_core.testing import engine_with_stand_ins, filing_data

THE_DAY = dt.date(2027, 1, 1)
DAY_BEFORE = dt.date(2026, 12, 31)
RULE = "acme.domains_per_website"

# The old version allows three domains per website; from THE_DAY, one.
POLICY_YAML = f"""\
section: "5.3.1"
replaces: [icp-province-beijing]
rules:
  - id: {RULE}
    kind: website_domains
    max_domains: 3
    until: {DAY_BEFORE.isoformat()}
  - id: {RULE}
    kind: website_domains
    max_domains: 1
    from: {THE_DAY.isoformat()}
"""


def _policy(**changes: Any) -> dict[str, Any]:
    rules = [{"id": RULE, "kind": "website_domains", "max_domains": 3, "until": DAY_BEFORE},
             {"id": RULE, "kind": "website_domains", "max_domains": 1, "from": THE_DAY}]
    return {"section": "5.3.1", "rules": rules, **changes}


def _two_domains() -> dict[str, Any]:
    data = filing_data("beijing")
    first = data["websites"][0]["domains"][0]
    data["websites"][0]["domains"].append({**first, "name": "second-" + first["name"]})
    return data


def _engine(policy: dict[str, Any] | None = None, module: ModuleType | None = None) -> Engine:
    source = PluginSource("province.beijing", "acme-beijing", module=module, policy=policy or _policy())
    return engine_with_stand_ins(source)


def _fired(report: Report, rule_id: str = RULE) -> bool:
    return any(f.rule_id == rule_id for f in report.findings)


# ------------------------------------------------------------------------------- Python


def test_a_rule_replaced_on_a_date_gives_the_old_answer_the_day_before_and_the_new_on_the_day() -> None:
    engine, filing = _engine(), load_filing(_two_domains())
    before, on_the_day = engine.check(filing, on=DAY_BEFORE), engine.check(filing, on=THE_DAY)
    assert before.verdict is Verdict.pass_ and not _fired(before)
    assert on_the_day.verdict is Verdict.fail and _fired(on_the_day)
    # the reports name the version applied
    assert before.rule_versions == (f"{RULE}@{GUIDE_DATE.isoformat()}",)
    assert on_the_day.rule_versions == (f"{RULE}@{THE_DAY.isoformat()}",)
    # later days keep the new version; the answers do not depend on the order of the checks
    assert _fired(engine.check(filing, on=dt.date(2030, 5, 1)))
    assert engine.check(filing, on=DAY_BEFORE) == before
    # documents and decisions name the versions too
    assert engine.documents(filing, on=THE_DAY).rule_versions == on_the_day.rule_versions


def test_the_evaluation_day_of_the_filing_chooses_the_version() -> None:
    engine = _engine()
    data = _two_domains()
    assert not _fired(engine.check(load_filing({**data, "evaluated_on": DAY_BEFORE.isoformat()})))
    assert _fired(engine.check(load_filing({**data, "evaluated_on": THE_DAY.isoformat()})))


def test_rules_without_a_period_answer_as_before_and_name_no_version() -> None:
    undated = {"section": "5.3.1", "rules": [{"id": RULE, "kind": "website_domains", "max_domains": 1}]}
    engine, filing = _engine(undated), load_filing(_two_domains())
    report = engine.check(filing, on=THE_DAY)
    assert _fired(report) and report.rule_versions == ()
    assert "rule_versions" not in to_data(report)  # the JSON of an undated answer gains no key
    assert "rule_versions" in to_data(_engine().check(filing, on=THE_DAY))


def test_before_any_rule_is_in_force_the_scope_is_not_covered_not_passed() -> None:
    engine, filing = _engine(), load_filing(filing_data("beijing"))
    day = GUIDE_DATE - dt.timedelta(days=1)  # the old version starts on the guide's date
    report = engine.check(filing, on=day)
    assert report.verdict is Verdict.not_covered
    (entry,) = [c for c in report.coverage if c.scope == "province.beijing"]
    assert entry.status is CoverageStatus.not_in_force
    (finding,) = [f for f in report.findings if f.status is Status.not_covered]
    assert finding.field == "province" and GUIDE_DATE.isoformat() in finding.message.en
    assert finding.remedy is not None  # like every finding, it says what would satisfy it
    assert "acme-beijing" not in " ".join(report.plugins)  # not consulted
    assert engine.check(filing, on=GUIDE_DATE).verdict is Verdict.pass_
    change_on = engine.documents(filing, on=day)
    assert change_on.verdict.value == "not_covered"


def test_after_the_last_version_ends_the_scope_is_not_covered() -> None:
    ended = {"section": "5.3.1", "rules": [{"id": RULE, "kind": "website_domains", "max_domains": 1,
                                             "until": DAY_BEFORE}]}
    engine, filing = _engine(ended), load_filing(filing_data("beijing"))
    assert engine.check(filing, on=DAY_BEFORE).verdict is Verdict.pass_
    after = engine.check(filing, on=THE_DAY)
    assert after.verdict is Verdict.not_covered
    assert any(DAY_BEFORE.isoformat() in f.message.en for f in after.findings)


def test_a_policy_states_when_its_rules_start() -> None:
    engine = _engine({"section": "5.3.1", "in_force_from": "2024-03-01",
                      "rules": [{"id": RULE, "kind": "website_domains", "max_domains": 1}]})
    filing = load_filing(_two_domains())
    assert engine.check(filing, on=dt.date(2024, 2, 29)).verdict is Verdict.not_covered
    assert _fired(engine.check(filing, on=dt.date(2024, 3, 1)))


def _hook_module() -> ModuleType:
    """A plugin whose hook raises a Python rule's finding on every filing and reads a dated list."""
    module = ModuleType("acme_hooks")

    @hookimpl
    def check_entity(filing: Any, facts: Any, rules: Any) -> list[Any]:
        found = [rules.violation("acme.old_python_rule", "subject.name")]
        if facts.filing.subject.name not in rules.data["allowed_names"]["names"]:
            found.append(rules.violation("acme.allowed_name", "subject.name"))
        return found

    module.check_entity = check_entity  # type: ignore[attr-defined]
    return module


def _hook_policy() -> dict[str, Any]:
    message = {"en": "Old rule.", "zh": "旧规则。"}
    name = filing_data("beijing")["subject"]["name"]
    return {"section": "5.3.1", "rules": [
        {"id": "acme.old_python_rule", "kind": "python", "message": message, "until": DAY_BEFORE},
        {"id": "acme.allowed_name", "kind": "python", "message": {"en": "Name.", "zh": "名称。"}},
    ], "data": {"allowed_names": {"versions": [
        {"until": DAY_BEFORE, "names": [name]},
        {"from": THE_DAY, "names": ["别的公司"]},
    ]}}}


def test_a_python_rule_out_of_force_is_dropped_and_hooks_read_the_data_in_force() -> None:
    engine = _engine(_hook_policy(), _hook_module())
    filing = load_filing(filing_data("beijing"))
    before, on_the_day = engine.check(filing, on=DAY_BEFORE), engine.check(filing, on=THE_DAY)
    assert _fired(before, "acme.old_python_rule") and not _fired(before, "acme.allowed_name")
    assert not _fired(on_the_day, "acme.old_python_rule") and _fired(on_the_day, "acme.allowed_name")
    assert on_the_day.failures == ()


def test_the_national_plugin_reads_its_approved_suffixes_in_force_on_the_day() -> None:
    """The national policy's approved_tlds is a dated data set: a second version without
    .xyz, from THE_DAY, makes an .xyz domain fail from that day and not the day before."""
    import icp_national

    from icp_core.convert import read_file

    path = Path(icp_national.__file__).parent / "policy.yaml"
    policy, _ = read_file(path)
    policy = copy.deepcopy(policy)
    (current,) = policy["data"]["approved_tlds"]["versions"]
    newer = {**current, "from": THE_DAY, "suffixes": [s for s in current["suffixes"] if s != "xyz"]}
    policy["data"]["approved_tlds"]["versions"] = [{**current, "until": DAY_BEFORE}, newer]
    engine = engine_with_stand_ins(PluginSource("national", "icp-national-next", module=icp_national,
                                                policy=policy), allow=["icp-province-beijing"])
    data = filing_data("beijing")
    data["websites"][0]["domains"][0]["name"] = "example-shop.xyz"
    filing = load_filing(data)
    rule = "national.domain.tld_approved"
    assert not _fired(engine.check(filing, on=DAY_BEFORE), rule)
    assert _fired(engine.check(filing, on=THE_DAY), rule)
    # the bundled list, as shipped, has one version in force from the guide's date
    bundled = engine_with_stand_ins(allow=["icp-national", "icp-province-beijing"])
    assert not _fired(bundled.check(filing, on=THE_DAY), rule)


# ------------------------------------------------------------------------------- CLI and HTTP


@pytest.fixture
def acme_cli(icp_plugin_dir: Callable[..., None], tmp_path: Path) -> Path:
    icp_plugin_dir("acme-beijing", "province.beijing", policy=POLICY_YAML)
    filing = tmp_path / "filing.json"
    filing.write_text(json.dumps(_two_domains(), ensure_ascii=False), "utf-8")
    return filing


def _cli_check(filing: Path, day: dt.date, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    cli.main(["check", str(filing), "--on", day.isoformat(), "--format", "json",
              "--allow", "acme-beijing,icp-national,icp-instance-ecs"])
    answer: dict[str, Any] = json.loads(capsys.readouterr().out)
    return answer


def test_the_cli_evaluates_on_the_day_given(acme_cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, on_the_day = _cli_check(acme_cli, DAY_BEFORE, capsys), _cli_check(acme_cli, THE_DAY, capsys)
    assert RULE not in {f["rule_id"] for f in before["findings"]}
    assert RULE in {f["rule_id"] for f in on_the_day["findings"]}
    assert before["rule_versions"] == [f"{RULE}@{GUIDE_DATE.isoformat()}"]
    assert on_the_day["rule_versions"] == [f"{RULE}@{THE_DAY.isoformat()}"]


def test_the_service_evaluates_on_the_day_given() -> None:
    from starlette.testclient import TestClient

    from icp_core.server import create_app

    with TestClient(create_app(_engine())) as client:
        def fired(day: dt.date) -> tuple[bool, list[str]]:
            response = client.post(f"/v1/check?on={day.isoformat()}", json=_two_domains())
            assert response.status_code == 200
            body = response.json()
            return RULE in {f["rule_id"] for f in body["findings"]}, body["rule_versions"]

        assert fired(DAY_BEFORE) == (False, [f"{RULE}@{GUIDE_DATE.isoformat()}"])
        assert fired(THE_DAY) == (True, [f"{RULE}@{THE_DAY.isoformat()}"])


def test_the_schemas_describe_the_new_fields() -> None:
    report = json_schema("report")["$defs"]["Report"]
    assert report["properties"]["rule_versions"]["type"] == "array"
    assert "rule_versions" not in report["required"]  # absent from undated answers
    assert "not_in_force" in json_schema("report")["$defs"]["CoverageStatus"]["enum"]
    for what, name in (("documents", "DocumentsReport"), ("decision", "DecisionReport")):
        assert "rule_versions" in json_schema(what)["$defs"][name]["properties"]


# ------------------------------------------------------------------------------- lint


def _problems(policy: dict[str, Any]) -> list[str]:
    with pytest.raises(PolicyError) as info:
        compile_policy(policy, source="<test>", scope="province.beijing")
    return [f"{e.path}: {e.message}" for e in info.value.errors]


def test_two_versions_whose_periods_overlap_are_refused() -> None:
    policy = _policy()
    policy["rules"][1]["from"] = DAY_BEFORE
    (problem,) = _problems(policy)
    assert problem.startswith("rules[1].from:") and "overlap" in problem


def test_a_version_with_no_end_overlaps_any_later_one() -> None:
    policy = _policy()
    del policy["rules"][0]["until"]
    (problem,) = _problems(policy)
    assert "overlap" in problem and "no end" in problem


def test_a_gap_between_versions_must_be_declared() -> None:
    policy = _policy()
    policy["rules"][1]["from"] = THE_DAY + dt.timedelta(days=10)
    (problem,) = _problems(policy)
    assert problem.startswith("rules[1].from:") and "2027-01-01 to 2027-01-10" in problem
    policy["rules"][1]["gap"] = "intended"
    compiled = compile_policy(policy, source="<test>", scope="province.beijing")
    assert [p.gap for p in compiled.periods] == [False, True]
    engine, filing = _engine(policy), load_filing(_two_domains())
    assert engine.check(filing, on=THE_DAY).verdict is Verdict.not_covered  # the declared gap: no rule in force


def test_a_declared_gap_that_is_not_one_is_refused() -> None:
    policy = _policy()
    policy["rules"][1]["gap"] = "intended"
    (problem,) = _problems(policy)
    assert problem.startswith("rules[1].gap:") and "no gap" in problem
    policy["rules"][1]["gap"] = "yes"
    assert any("the only value is 'intended'" in p for p in _problems(policy))


def test_one_id_twice_without_periods_is_still_a_duplicate() -> None:
    rule = {"id": RULE, "kind": "website_domains", "max_domains": 1}
    (problem,) = _problems({"section": "5.3.1", "rules": [rule, dict(rule)]})
    assert "duplicate rule id" in problem


def test_bad_dates_and_reversed_periods_name_the_field() -> None:
    policy = _policy()
    policy["rules"][0]["until"] = "2026-13-01"
    assert any(p.startswith("rules[0].until:") for p in _problems(policy))
    policy = _policy()
    policy["rules"][1]["until"] = DAY_BEFORE - dt.timedelta(days=5)
    assert any(p.startswith("rules[1].until:") and "before" in p for p in _problems(policy))


def test_dated_data_versions_are_checked_like_rules() -> None:
    policy = _hook_policy()
    policy["data"]["allowed_names"]["versions"][1]["from"] = THE_DAY + dt.timedelta(days=1)
    (problem,) = _problems(policy)
    assert problem.startswith("data.allowed_names.versions[1].from:") and "gap" in problem


def test_icp_policy_lint_reports_the_overlap_with_file_and_line(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY_YAML.replace(f"from: {THE_DAY.isoformat()}", f"from: {DAY_BEFORE.isoformat()}"), "utf-8")
    assert cli.main(["policy", "lint", "--scope", "province.beijing", str(path)]) == 2
    error = capsys.readouterr().err
    line = POLICY_YAML.splitlines().index(f"    from: {THE_DAY.isoformat()}") + 1
    assert f"{path}:{line}:" in error and "rules[1].from" in error and "overlap" in error
    path.write_text(POLICY_YAML, "utf-8")
    assert cli.main(["policy", "lint", "--scope", "province.beijing", str(path)]) == 0


def test_the_readme_example_answers_as_the_readme_says() -> None:
    """The README's worked example: the Beijing policy with its two versions of
    beijing.same_website_remark passes examples/beijing-individual.yaml on 2026-12-14 and
    fails it on 2026-12-15, naming the version applied."""
    import re

    import icp_province_beijing

    from icp_core.convert import parse_text, read_file

    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text("utf-8")
    block = re.search(r"### Rules in force by date\n.*?```yaml\n(.*?)```", readme, re.S)
    assert block is not None
    versions, _ = parse_text("rules:\n" + block.group(1))
    policy, _ = read_file(Path(icp_province_beijing.__file__).parent / "policy.yaml")
    rules = [r for r in policy["rules"] if r["id"] != "beijing.same_website_remark"]
    engine = engine_with_stand_ins(
        PluginSource("province.beijing", "icp-province-beijing-next", module=icp_province_beijing,
                     policy={**policy, "rules": [*rules, *versions["rules"]]}),
        allow=["icp-national", "icp-instance-ecs"])
    filing = load_filing(root / "examples" / "beijing-individual.yaml")
    before, on_the_day = engine.check(filing, on=dt.date(2026, 12, 14)), engine.check(filing, on=dt.date(2026, 12, 15))
    assert before.verdict is Verdict.pass_
    assert before.rule_versions == ("beijing.same_website_remark@2019-08-06",)
    assert on_the_day.verdict is Verdict.fail and _fired(on_the_day, "beijing.same_website_remark")
    assert on_the_day.rule_versions == ("beijing.same_website_remark@2026-12-15",)
