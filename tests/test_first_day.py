"""A newcomer's first commands (issue 13): run as a user runs them, in a subprocess."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from icp_core import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def icp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "icp_core.cli", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def test_version() -> None:
    result = icp("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"icp (icp-core) {version('icp-core')}"


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(prefix, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, f"{prefix} {name}".strip())
    return found


@pytest.mark.parametrize("command, parser", _commands(cli._parser()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_option_of_every_command_has_help(command: str, parser: argparse.ArgumentParser) -> None:
    bare = [action.dest for action in parser._actions
            if not isinstance(action, argparse._SubParsersAction) and not action.help]
    assert not bare, f"icp {command}: no help text for {bare}"


def test_serve_help_explains_each_option() -> None:
    result = icp("serve", "--help")
    assert result.returncode == 0
    for option, words in (("--host", "address to listen on"), ("--port", "TCP port"),
                          ("--profile", "deployment profile"), ("--allow", "comma-separated distributions")):
        assert re.search(rf"{option} \S+\s+{words}", result.stdout), option


def test_a_missing_batch_file_is_a_clean_usage_error(tmp_path: Path) -> None:
    result = icp("check", "--batch", str(tmp_path / "missing.jsonl"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"icp: {tmp_path / 'missing.jsonl'}: 1 input error(s)",
                                          "  (document): cannot read file: No such file or directory"]


@pytest.mark.parametrize("name", ["beijing-enterprise.yaml", "beijing-individual.json"])
def test_batch_on_a_single_filing_says_it_expects_json_lines_once(name: str, tmp_path: Path) -> None:
    result = icp("check", "--batch", str(EXAMPLES / name))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 2  # the heading and one message, not one per line of the file
    assert "--batch reads JSON Lines" in result.stderr and "without --batch" in result.stderr
    renamed = tmp_path / "filings.txt"  # told by its content too, not only by its name
    renamed.write_text((EXAMPLES / name).read_text("utf-8"), "utf-8")
    again = icp("check", "--batch", str(renamed))
    assert again.returncode == 2 and "(line 1, column 1): --batch reads JSON Lines" in again.stderr


def test_batch_still_answers_json_lines_whose_first_line_is_broken(tmp_path: Path) -> None:
    good = json.dumps(json.loads((EXAMPLES / "beijing-individual.json").read_text("utf-8")), ensure_ascii=False)
    path = tmp_path / "filings.jsonl"
    path.write_text('{"province": \n' + good + "\n", "utf-8")
    result = icp("check", "--batch", str(path), "--processes", "1")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [answer["line"] for answer in lines] == [1, 2]
    assert lines[0]["error"] == "input" and "verdict" in lines[1]


def test_documents_in_chinese_say_also_in_chinese() -> None:
    result = icp("documents", str(EXAMPLES / "tianjin-enterprise.yaml"), "--lang", "zh")
    assert "；另见 tianjin.document." in result.stdout
    assert "also" not in result.stdout
    english = icp("documents", str(EXAMPLES / "tianjin-enterprise.yaml"))
    assert "; also tianjin.document." in english.stdout


ECS_TRANSFER_POLICY = """\
scope: instance.ecs
section: "4.1"
replaces: [icp-instance-ecs]
rules:
  - id: ecs.transfer_reachable
    kind: transfer_accessible
    message:
      en: "A transfer onto ECS needs reachable websites."
      zh: "转入到ECS须网站可访问。"
"""


def test_transfer_text_shows_an_overridden_decision_with_its_reason(tmp_path: Path) -> None:
    import os

    from icp_core.testing import install_plugin

    install_plugin(tmp_path, "acme-ecs", "instance.ecs", policy=ECS_TRANSFER_POLICY)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    args = [sys.executable, "-m", "icp_core.cli", "transfer", str(EXAMPLES / "beijing-enterprise.yaml"),
            "--original", str(EXAMPLES / "beijing-original.yaml"),
            "--allow", "icp-national,icp-province-beijing,acme-ecs"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False, env=env)
    assert result.returncode == 1, result.stderr  # conditional: Beijing decides
    text = result.stdout
    assert "[province.beijing]" in text
    overridden = text.split("Less specific decisions (overridden):\n", 1)[1].split("\n\n", 1)[0]
    assert overridden.splitlines() == [
        "  instance.ecs: ALLOWED",
        "    - A transfer onto ECS needs reachable websites.  (ecs.transfer_reachable, 4.1, acme-ecs)",
    ]
    zh = subprocess.run([*args, "--lang", "zh"], capture_output=True, text=True, timeout=120, check=False, env=env)
    assert "被覆盖的较低层级结论:\n  instance.ecs: 允许\n    - 转入到ECS须网站可访问。" in zh.stdout
    assert "合并规则:" in zh.stdout


# --------------------------------------------------------------------------- the plugin author's kit

def test_assert_passes_lists_every_finding_of_a_failing_report() -> None:
    from icp_core.testing import assert_passes, installed_engine, make_filing

    engine = installed_engine()
    assert_passes(engine.check(make_filing("beijing")))
    failing = engine.check(make_filing("beijing", subject={"administrator": {"age": 15}},
                                       websites=[{"domains": [{"name": "not a domain"}]}]))
    with pytest.raises(AssertionError) as caught:
        assert_passes(failing)
    text = str(caught.value)
    assert text.startswith("expected the filing to pass\nverdict: fail\n")
    for finding in failing.findings:  # every one, with where and why, however many there are
        assert f"{finding.rule_id} at {finding.field or '-'}: {finding.message.en}" in text
    assert len(failing.findings) >= 2


def test_the_kit_adds_documents_to_its_baseline_without_replacing_them() -> None:
    from icp_core.testing import BASELINE_DOCUMENTS, make_filing

    filing = make_filing("beijing", add_documents=["domain_confirmation"])
    assert filing.documents == frozenset({*BASELINE_DOCUMENTS, "domain_confirmation"})
    assert make_filing("beijing", documents=["domain_confirmation"]).documents == {"domain_confirmation"}


def test_a_new_industry_plugin_starts_from_a_pre_approval_and_its_tests_pass(tmp_path: Path) -> None:
    """``icp new-plugin industry`` lays out an industry's shape (its names, keywords and a
    pre-approval), not a province's; once installed, the tests it wrote pass."""
    from icp_core.scaffold import new_plugin
    from icp_core.testing import install_plugin

    folder = new_plugin("industry", "online_games", tmp_path / "plugins")
    policy = (folder / "icp_industry_online_games" / "policy.yaml").read_text("utf-8")
    assert "kind: pre_approval" in policy and "keywords:" in policy and "legal_representative" not in policy
    assert icp("policy", "lint", str(folder / "icp_industry_online_games" / "policy.yaml")).returncode == 0
    site = tmp_path / "site"
    site.mkdir()
    install_plugin(site, "icp-industry-online-games", "industry.online_games", policy=policy)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    tests = folder / "tests"
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)],
                            capture_output=True, text=True, timeout=300, check=False, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
