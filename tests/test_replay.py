"""Impact replay: a candidate that tightens one rule shows exactly the filings that break
it, and nothing else; from Python, the command line (exit codes, summary) and plugin folders."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from icp_core.errors import InputError, PluginLoadError
from icp_core.plugin_folders import folder_plugins
from icp_core.replay import Count, Side, SideVerdict, replay
from icp_core.schema import json_schema
from icp_core.testing import filing_data, merge

ROOT = Path(__file__).resolve().parents[1]
BEIJING = ROOT / "plugins" / "icp-province-beijing"
RULE = "beijing.same_website_remark"  # min_domains: 2 as published; the candidate asks from 1 domain on
ID_NUMBER = "110101199003071234"


def tightened_folder(tmp_path: Path) -> Path:
    """A copy of the Beijing plugin's source folder, not installed, with one threshold changed."""
    folder = tmp_path / "icp-province-beijing-next"
    shutil.copytree(BEIJING, folder, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    policy = folder / "icp_province_beijing" / "policy.yaml"
    text = policy.read_text("utf-8")
    assert text.count("min_domains: 2") == 1
    policy.write_text(text.replace("min_domains: 2", "min_domains: 1"), "utf-8")
    return folder


def tightened_profile(tmp_path: Path) -> Path:
    profile = tmp_path / "tighter-profile.yaml"
    profile.write_text(f"name: tighter\nrules:\n  {RULE}:\n    params: {{min_domains: 1}}\n", "utf-8")
    return profile


def filings() -> tuple[list[Any], set[int], set[int]]:
    """Filings of several shapes; the indexes of those the tightened rule breaks (one-domain
    Beijing websites whose remarks do not say "the same website"), and of those among them
    that passed before."""
    remarked = {"websites": [{**filing_data("beijing")["websites"][0], "remarks": "多个域名指向同一网站"}]}
    shapes: list[tuple[Any, bool]] = [
        (filing_data("beijing"), True),
        (merge(filing_data("beijing"), remarked), False),
        (filing_data("tianjin"), False),
        (filing_data("beijing", "individual"), True),
        (filing_data("guangdong"), False),
        # fails already, for another rule
        (merge(filing_data("beijing"), {"subject": {"certificate_type": "other_organization"}}), True),
    ]
    items = [shape for shape, _ in shapes] * 3
    breaking = {i for i, (_, breaks) in enumerate(shapes * 3) if breaks}
    return items, breaking, {i for i in breaking if i % len(shapes) != len(shapes) - 1}


def test_a_tightened_rule_shows_exactly_the_filings_that_break_it(tmp_path: Path) -> None:
    items, breaking, passed = filings()
    run = replay(items, Side(), Side(folders=(str(tightened_folder(tmp_path)),)))
    changes = list(run)
    assert {c.line for c in changes} == breaking
    for change in changes:
        assert change.baseline is (SideVerdict.pass_ if change.line in passed else SideVerdict.fail)
        assert change.candidate is SideVerdict.fail
        assert change.rules_added == (RULE,) and change.rules_removed == ()
        assert change.documents_added == change.documents_removed == ()
    summary = run.summary
    assert summary.filings == len(items) and summary.changed == len(breaking)
    assert summary.no_longer_pass == len(passed)
    assert summary.rules_started == (Count(RULE, len(breaking)),) and summary.rules_stopped == ()
    transitions = {(t.baseline, t.candidate): t.filings for t in summary.transitions}
    assert transitions[SideVerdict.pass_, SideVerdict.fail] == len(passed)
    assert sum(transitions.values()) == len(items)
    # The other way round, the same filings start passing: nothing stops passing.
    back = replay(items, Side(folders=(str(tightened_folder(tmp_path / "b")),)), Side())
    assert {(c.line, c.candidate, c.rules_removed) for c in back} == {
        (i, SideVerdict.pass_ if i in passed else SideVerdict.fail, (RULE,)) for i in breaking}
    assert back.summary.no_longer_pass == 0


def test_a_profile_that_tunes_the_rule_is_the_same_change(tmp_path: Path) -> None:
    items, breaking, _ = filings()
    changes = list(replay(items, Side(), Side(profile=str(tightened_profile(tmp_path)))))
    assert {c.line for c in changes} == breaking and all(c.rules_added == (RULE,) for c in changes)


def test_the_folder_is_imported_apart_from_the_installed_package(tmp_path: Path) -> None:
    import icp_province_beijing as installed

    folder = tightened_folder(tmp_path)
    (folder / "icp_province_beijing" / "__init__.py").write_text("WHERE = 'folder'\n", "utf-8")
    (source,) = folder_plugins(folder)
    assert source.scope == "province.beijing" and source.version.endswith("+folder")
    assert source.module is not None and source.module.WHERE == "folder"
    assert source.module.__name__.startswith("icp_folder_") and source.module is not installed
    assert sys.modules["icp_province_beijing"] is installed and not hasattr(installed, "WHERE")
    engine = Side(folders=(str(folder),)).engine()
    (info,) = [p for p in engine.plugins() if p.scope == "province.beijing" and p.replaced_by is None]
    assert info.version.endswith("+folder")
    # `plugins:DIR` may name a folder of plugin folders, as plugins/ is.
    assert [s.scope for s in folder_plugins(tmp_path)] == ["province.beijing"]


def test_a_broken_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tightened_folder(tmp_path)
    (folder / "icp_province_beijing" / "__init__.py").write_text("raise RuntimeError('half written')\n", "utf-8")
    with pytest.raises(PluginLoadError, match="import failed: RuntimeError: half written"):
        folder_plugins(folder)
    with pytest.raises(PluginLoadError, match=r"no pyproject\.toml"):
        folder_plugins(tmp_path / "icp-province-beijing-next" / "icp_province_beijing")
    with pytest.raises(InputError, match="expected installed, a profile file"):
        Side.parse(["no-such-thing"])


def write_lines(path: Path, items: list[Any]) -> list[int]:
    """The filings as JSON Lines with an id each, a line that is not JSON after the first,
    and a blank line; the line numbers of the filings, in order."""
    texts: list[str] = []
    numbers: list[int] = []
    for index, item in enumerate(items):
        texts.append(json.dumps({"id": f"F-{index}", **item}, ensure_ascii=False, default=str))
        numbers.append(len(texts))
        if index == 0:
            texts += ["{not json", ""]
    texts.append(json.dumps({"id": ID_NUMBER, **items[0]}, ensure_ascii=False, default=str))
    path.write_text("\n".join(texts) + "\n", "utf-8")
    return numbers


def icp(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "icp_core.cli", *argv], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def test_the_command_gates_on_filings_that_stop_passing(tmp_path: Path) -> None:
    items, breaking, passed = filings()
    source = tmp_path / "filings.jsonl"
    numbers = write_lines(source, items)
    summary_file = tmp_path / "summary.json"
    folder = tightened_folder(tmp_path)
    result = icp("replay", str(source), "--baseline", "installed", "--candidate", f"plugins:{folder}",
                 "--processes", "2", "--summary", str(summary_file))
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    validator = jsonschema.Draft202012Validator(json_schema("replay-line"))
    for line in lines:
        validator.validate(line)
    # The input error is reported (not fatal), and exactly the breaking filings, in order.
    (error,) = [line for line in lines if line["baseline"] == "input"]
    assert error["line"] == 2 and error["candidate"] == "input" and error["errors"][0]["code"] == "not_json"
    assert [line["line"] for line in lines] == sorted(line["line"] for line in lines)
    changed = [line for line in lines if line is not error]
    expected = [numbers[i] for i in sorted(breaking)] + [len(numbers) + 3]  # the last line repeats the first filing
    assert [c["line"] for c in changed] == expected
    assert [c["id"] for c in changed[:-1]] == [f"F-{i}" for i in sorted(breaking)]
    assert ID_NUMBER not in result.stdout and changed[-1]["id"] != ID_NUMBER  # an ID number as id is masked
    assert all(c["rules_added"] == [RULE] and c["candidate"] == "fail" for c in changed)
    summary = json.loads(summary_file.read_text("utf-8"))
    jsonschema.Draft202012Validator(json_schema("replay-summary")).validate(summary)
    assert summary["no_longer_pass"] == len(passed) + 1 and summary["input_errors"] == 1
    assert summary["rules_started"] == [{"name": RULE, "filings": len(breaking) + 1}]
    # Piped, stderr holds the summary table and nothing else (no progress bar).
    assert result.stderr.startswith(f"icp replay: {len(items) + 2} filing(s), {len(breaking) + 1} changed")
    assert "pass → fail" in result.stderr and RULE in result.stderr and "\r" not in result.stderr
    # Loosening is not gated; --all prints every filing.
    loose = icp("replay", str(source), "--baseline", str(folder), "--candidate", "installed", "--processes", "1",
                "--all", "--lang", "zh")
    assert loose.returncode == 0, loose.stderr
    assert len(loose.stdout.splitlines()) == len(items) + 2
    assert loose.stderr.startswith("icp replay：") and "不再触发的规则" in loose.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "filings.jsonl"
    source.write_text(json.dumps(filing_data("beijing"), default=str) + "\n", "utf-8")
    assert icp("replay", str(tmp_path / "missing.jsonl")).returncode == 2
    bad_side = icp("replay", str(source), "--candidate", "nowhere")
    assert bad_side.returncode == 2 and "expected installed, a profile file" in bad_side.stderr
    yaml = tmp_path / "filing.yaml"
    yaml.write_text("province: beijing\n", "utf-8")
    assert icp("replay", str(yaml)).returncode == 2


def test_the_batch_ends_with_a_summary_on_stderr(tmp_path: Path) -> None:
    items, _, _ = filings()
    source = tmp_path / "filings.jsonl"
    write_lines(source, items)
    summary_file = tmp_path / "summary.json"
    result = icp("check", "--batch", str(source), "--processes", "1", "--summary", str(summary_file))
    assert result.returncode == 1
    summary = json.loads(summary_file.read_text("utf-8"))
    # The ids are not filing fields for `check`: those lines are input errors, as is the line that is not JSON.
    assert summary["lines"] == len(items) + 2 and summary["input"] == len(items) + 2
    plain = [json.dumps(item, default=str, ensure_ascii=False) for item in items]
    source.write_text("\n".join(plain) + "\n", "utf-8")
    result = icp("check", "--batch", str(source), "--processes", "1", "--summary", str(summary_file))
    summary = json.loads(summary_file.read_text("utf-8"))
    verdicts = [json.loads(line)["verdict"] for line in result.stdout.splitlines()]
    assert summary["verdicts"]["pass"] == verdicts.count("pass") > 0
    assert summary["verdicts"]["fail"] == verdicts.count("fail") > 0 and summary["input"] == 0
    assert summary["rules"][0] == {"rule": "beijing.enterprise_certificate", "filings": 3}
    # Piped, stderr is the summary alone: counts, then the most frequent rules.
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"icp: {len(items)} line(s): ") and "input errors 0" in lines[0]
    assert lines[1] == "most frequent rules (filings they fired on):"
    assert lines[2].split() == ["3", "beijing.enterprise_certificate"] and len(lines) == 2 + len(summary["rules"])


def test_on_a_terminal_the_batch_draws_a_progress_bar_and_still_ends_with_the_summary(tmp_path: Path) -> None:
    """Issue 22: long work shows progress on a terminal, nothing extra when piped (above). Here
    stderr is a pseudo-terminal: tqdm's bar is drawn over the lines, then the summary follows."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    items, _, _ = filings()
    source = tmp_path / "filings.jsonl"
    source.write_text("\n".join(json.dumps(i, default=str, ensure_ascii=False) for i in items) + "\n", "utf-8")
    main_end, terminal_end = pty.openpty()
    fcntl.ioctl(terminal_end, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal's size
    try:
        result = subprocess.run([sys.executable, "-m", "icp_core.cli", "check", "--batch", str(source),
                                 "--processes", "1"], stdout=subprocess.PIPE, stderr=terminal_end, timeout=300)
        os.close(terminal_end)
        drawn = b""
        while True:
            try:
                block = os.read(main_end, 65536)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not block:
                break
            drawn += block
    finally:
        os.close(main_end)
    text = drawn.decode("utf-8", "replace")
    assert result.returncode == 1 and len(result.stdout.splitlines()) == len(items)  # stdout: the answers only
    assert f"/{len(items)}" in text and "filing" in text  # the bar, counted in filings
    assert f"icp: {len(items)} line(s): " in text  # and the summary after it
