"""The command line: verdicts, exit codes, JSON, languages, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from icp_core.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_the_beijing_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLES / "beijing-enterprise.yaml"))
    assert code == 0
    assert out.startswith("Verdict: PASS")
    assert "Documents to upload" in out


def test_check_fails_the_tianjin_example_with_citations_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLES / "tianjin-enterprise.yaml"), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["verdict"] == "fail"
    rules = {f["rule_id"]: f for f in report["findings"]}
    assert rules["news.pre_approval"]["citation"] == "6"
    assert rules["tianjin.website_administrator_differs"]["field"] == "websites[2].administrator"
    assert rules["tianjin.website_administrator_differs"]["plugin"] == "icp-province-tianjin"
    code, out, _ = run(capsys, "check", str(EXAMPLES / "tianjin-enterprise.yaml"), "--lang", "zh")
    assert "不通过" in out and "许可证" in out


def test_json_output_is_stable(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "check", str(EXAMPLES / "tianjin-enterprise.yaml"), "--format", "json")[1]
    second = run(capsys, "check", str(EXAMPLES / "tianjin-enterprise.yaml"), "--format", "json")[1]
    assert first == second
    assert list(json.loads(first))[:3] == ["verdict", "province", "evaluated_on"]


def test_bad_input_exits_2_with_the_field_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("province: beijing\nsubject:\n  type: company\n", "utf-8")
    code, out, err = run(capsys, "check", str(bad))
    assert code == 2
    assert "subject.type (line 3, column 9)" in err  # the value's column: `company`, not `type:`
    assert "Traceback" not in err + out


def test_a_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "no-such-filing.yaml")
    assert code == 2 and "cannot read file" in err


def test_complete_mode_turns_missing_facts_into_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (EXAMPLES / "beijing-enterprise.yaml").read_text("utf-8").replace("    is_legal_representative: true\n", "")
    draft = tmp_path / "draft.yaml"
    draft.write_text(text, "utf-8")
    assert run(capsys, "check", str(draft), "--format", "json")[0] == 0  # implied by the legal representative's ID
    text = text.replace("  legal_representative:\n    name: 王建国\n    id_type: resident_id_card\n"
                        "    id_number: \"110101198507120014\"\n", "")
    draft.write_text(text, "utf-8")
    code, out, _ = run(capsys, "check", str(draft), "--format", "json")
    assert code == 1 and json.loads(out)["verdict"] == "incomplete"
    code, _, err = run(capsys, "check", str(draft), "--complete")
    assert code == 2 and "subject.administrator.is_legal_representative" in err


def test_documents(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "documents", str(EXAMPLES / "tianjin-enterprise.yaml"), "--format", "json")
    kinds = {d["document"] for d in json.loads(out)["documents"]}
    assert code == 0 and {"authenticity_statement", "pre_approval"} <= kinds


@pytest.mark.parametrize("target, extra, outcome, code", [
    ("individual", [], "denied", 1),
    ("new-name", [], "conditional", 1),
    ("new-name", ["--document", "certificate_of_change"], "allowed", 0),
    ("new-name-and-certificate-number", ["--three-in-one", "no"], "denied", 1),
])
def test_change(capsys: pytest.CaptureFixture[str], target: str, extra: list[str], outcome: str, code: int) -> None:
    result = run(capsys, "change", str(EXAMPLES / "beijing-enterprise.yaml"), "--to", target, *extra,
                 "--format", "json")
    assert result[0] == code
    assert json.loads(result[1])["outcome"] == outcome


def test_transfer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "transfer", str(EXAMPLES / "beijing-enterprise.yaml"), "--original",
                       str(EXAMPLES / "beijing-original.yaml"), "--format", "json")
    decision = json.loads(out)
    assert code == 1 and decision["outcome"] == "conditional"
    assert decision["conditions"][0]["document"] == "certificate_of_change"
    code, out, _ = run(capsys, "transfer", str(EXAMPLES / "beijing-enterprise.yaml"), "--original",
                       str(EXAMPLES / "beijing-original.yaml"), "--document", "certificate_of_change")
    assert code == 0 and "ALLOWED" in out


def test_plugins_lists_scopes_and_rule_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plugins", "--format", "json")
    plugins = {p["name"]: p for p in json.loads(out)["plugins"]}
    assert code == 0
    assert plugins["icp-province-beijing"]["scope"] == "province.beijing"
    assert plugins["icp-province-beijing"]["rules"] > 10


def test_schema_validates_the_examples_and_a_report(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from icp_core.convert import read_file

    filing_schema = json.loads(run(capsys, "schema", "filing")[1])
    for example in ("beijing-enterprise.yaml", "tianjin-enterprise.yaml", "beijing-individual.yaml"):
        data, _ = read_file(EXAMPLES / example)
        jsonschema.validate(json.loads(json.dumps(data, default=str)), filing_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"province": "beijing", "subject": {}, "extra": 1}, filing_schema)
    report_schema = json.loads(run(capsys, "schema", "report")[1])
    report = json.loads(run(capsys, "check", str(EXAMPLES / "tianjin-enterprise.yaml"), "--format", "json")[1])
    jsonschema.validate(report, report_schema)


def test_policy_lint_reports_file_line_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("scope: province.beijing\nsection: '5.3.1'\nrules:\n  - id: beijing.x\n    kind: minimum_age\n"
                      "    who: [subject_administrator]\n    min_age: old\n    colour: red\n", "utf-8")
    code, _, err = run(capsys, "policy", "lint", str(policy))
    assert code == 2
    assert f"{policy}:7:14: rules[0].min_age" in err  # at the value `old`
    assert f"{policy}:8:5: rules[0].colour: unknown key" in err
    shipped = ROOT / "plugins/icp-province-beijing/icp_province_beijing/policy.yaml"
    assert run(capsys, "policy", "lint", str(shipped), str(ROOT / "policies/all.yaml"))[0] == 0


def test_a_policy_takes_its_scope_from_the_entry_point_written_once(capsys: pytest.CaptureFixture[str],
                                                                     tmp_path: Path) -> None:
    """The shipped policies name no scope: lint finds it in the package's pyproject.toml; a
    lone file needs ``--scope``; a left-over ``scope:`` that disagrees is refused."""
    shipped = ROOT / "plugins/icp-province-beijing/icp_province_beijing/policy.yaml"
    assert "\nscope:" not in shipped.read_text("utf-8")
    code, out, _ = run(capsys, "policy", "lint", str(shipped))
    assert code == 0 and "(province.beijing," in out
    lone = tmp_path / "policy.yaml"
    lone.write_text(shipped.read_text("utf-8"), "utf-8")
    code, _, err = run(capsys, "policy", "lint", str(lone))
    assert code == 2 and "scope: unknown" in err and "--scope" in err
    code, out, _ = run(capsys, "policy", "lint", "--scope", "province.beijing", str(lone))
    assert code == 0 and "(province.beijing," in out
    lone.write_text("scope: province.tianjin\n" + shipped.read_text("utf-8"), "utf-8")
    code, _, err = run(capsys, "policy", "lint", "--scope", "province.beijing", str(lone))
    assert code == 2 and "registered for 'province.beijing', the policy says 'province.tianjin'" in err


def test_the_installed_console_script_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "icp_core.cli", "check", str(EXAMPLES / "beijing-individual.yaml")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "PASS" in result.stdout


def test_new_plugin_lays_out_a_plugin_whose_tests_pass_once_installed(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path) -> None:
    code, out, _ = run(capsys, "new-plugin", "province", "河北", "--into", str(tmp_path))
    folder = tmp_path / "icp-province-hebei"
    assert code == 0 and str(folder) in out
    policy = folder / "icp_province_hebei" / "policy.yaml"
    assert run(capsys, "policy", "lint", str(policy))[0] == 0
    assert 'province.hebei" = "icp_province_hebei"' in (folder / "pyproject.toml").read_text("utf-8")
    assert "5.3.2" in policy.read_text("utf-8")
    assert (folder / "tests" / "test_hebei.py").is_file()
    assert run(capsys, "new-plugin", "province", "hebei", "--into", str(tmp_path))[0] == 2


def test_the_json_example_is_the_yaml_example(capsys: pytest.CaptureFixture[str]) -> None:
    from icp_core.loading import load_filing

    assert load_filing(EXAMPLES / "beijing-individual.json") == load_filing(EXAMPLES / "beijing-individual.yaml")
    assert run(capsys, "check", str(EXAMPLES / "beijing-individual.json"))[0] == 0


def test_hooks_can_run_inline_for_trusted_plugins(capsys: pytest.CaptureFixture[str]) -> None:
    guarded = run(capsys, "check", str(EXAMPLES / "tianjin-enterprise.yaml"), "--format", "json")[1]
    inline = run(capsys, "check", str(EXAMPLES / "tianjin-enterprise.yaml"), "--format", "json",
                 "--hook-timeout", "0")[1]
    assert guarded == inline


def test_input_errors_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("province: beijing\nsubject:\n  type: company\n  colour: red\n", "utf-8")
    code, _, err = run(capsys, "check", str(bad), "--lang", "zh")
    assert code == 2
    assert "subject.type（第3行，第9列）: 'company' 不是以下取值之一：enterprise, individual" in err
    assert "subject.colour（第4行，第3列）: 未知字段" in err
    assert "evaluated_on" not in err or "请提供" in err


@pytest.mark.parametrize("processes", ["1", "2"])
def test_batch_answers_every_line_in_order_and_never_stops(tmp_path: Path, processes: str) -> None:
    from icp_core.convert import read_file

    good = json.dumps(read_file(EXAMPLES / "beijing-individual.yaml")[0], default=str, ensure_ascii=False)
    failing = json.dumps(read_file(EXAMPLES / "tianjin-enterprise.yaml")[0], default=str, ensure_ascii=False)
    lines = [good, "{not json", failing, '{"province": "beijing"}', "", good] * 60
    path = tmp_path / "filings.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "icp_core.cli", "check", "--batch", str(path), "--processes",
                             processes, "--format", "json"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1  # some lines do not pass
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 5 * 60  # blank lines are skipped, every other line answered
    assert [a["line"] for a in answers] == [n for n, text in enumerate(lines, start=1) if text]
    kinds = [a.get("verdict") or a["error"] for a in answers[:5]]
    assert kinds == ["pass", "input", "fail", "input", "pass"]
    assert answers[1]["errors"][0]["message"].startswith("not valid JSON")


def test_transfer_accepts_the_original_as_a_whole_filing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (EXAMPLES / "beijing-enterprise.yaml").read_text("utf-8")
    same = json.loads(run(capsys, "transfer", str(EXAMPLES / "beijing-enterprise.yaml"), "--original",
                          str(EXAMPLES / "beijing-enterprise.yaml"), "--format", "json")[1])
    assert same["outcome"] == "allowed"
    renamed = tmp_path / "original.yaml"
    renamed.write_text(text.replace("name: 北京星河示例科技有限公司", "name: 北京星河旧名称有限公司", 1), "utf-8")
    changed = json.loads(run(capsys, "transfer", str(EXAMPLES / "beijing-enterprise.yaml"), "--original",
                             str(renamed), "--format", "json")[1])
    assert changed["outcome"] == "conditional"
    assert changed["conditions"][0]["document"] == "certificate_of_change"
