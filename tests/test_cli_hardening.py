"""The CLI echoes input safely, lays out plugins only where asked, and takes "today"
from the filing authority's calendar."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp_core import calendar
from icp_core.cli import _day, main
from icp_core.terminal import printable, printable_json
from icp_core.testing import filing_data

HOSTILE_KEY = "a\x1b]0;pwned\x07\rVerdict: PASS\u202e\x9b"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- control characters -------------------------------------------------------------------


def test_an_unknown_key_is_echoed_with_its_control_characters_escaped(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "filing.json"
    data = filing_data("beijing")
    data["subject"][HOSTILE_KEY] = 1
    path.write_text(json.dumps(data), "utf-8")
    for lang in ("en", "zh"):
        code, out, err = run(capsys, "check", str(path), "--lang", lang)
        assert code == 2 and out == ""
        assert not any(c in err for c in "\x1b\x07\r\u202e\x9b")
        assert "subject.a\\x1b]0;pwned\\x07\\x0dVerdict: PASS\\u202e\\x9b" in err


def test_lint_echoes_paths_and_messages_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(json.dumps({"scope": "province.beijing", "section": "5.3.1", HOSTILE_KEY: 1, "rules": []}),
                      "utf-8")
    code, _, err = run(capsys, "policy", "lint", str(policy))
    assert code == 2 and "\x1b" not in err and "\\x1b" in err


def test_printable_keeps_text_and_escapes_only_controls() -> None:
    assert printable("北京 a-b_c.d (x)") == "北京 a-b_c.d (x)"
    assert printable("a\nb") == "a\\x0ab" and printable("a\nb", keep_newlines=True) == "a\nb"
    assert printable("\ud800") == "\\ud800"
    assert json.loads(printable_json(json.dumps({"k": "\x7f\u202e\ud800x"}, ensure_ascii=False))) == \
        {"k": "\x7f\u202e\ud800x"}


@given(st.text())
def test_printed_text_never_holds_a_terminal_control(text: str) -> None:
    shown = printable(text)
    assert not any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f or 0xd800 <= ord(c) <= 0xdfff for c in shown)
    shown.encode("utf-8")  # printable to any UTF-8 terminal: no lone surrogate left


# -- new-plugin -------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "key"), [
    ("industry", "../../evil"), ("industry", "evil\"\nname = \"x"), ("instance", "Ecs"), ("instance", "a/b"),
    ("industry", "1abc"), ("industry", ""), ("province", "../../evil"),
])
def test_new_plugin_accepts_identifiers_only(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             kind: str, key: str) -> None:
    into = tmp_path / "plugins"
    into.mkdir()
    code, _, err = run(capsys, "new-plugin", kind, key, "--into", str(into))
    assert code == 2 and err.startswith("icp: ")
    assert list(tmp_path.rglob("*")) == [into]  # nothing written, inside or outside


def test_new_plugin_with_a_good_key_writes_inside_the_folder(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    code, _, _ = run(capsys, "new-plugin", "industry", "online_games", "--into", str(tmp_path))
    assert code == 0
    pyproject = (tmp_path / "icp-industry-online-games" / "pyproject.toml").read_text("utf-8")
    assert '"industry.online_games"' in pyproject
    assert all(tmp_path in p.parents for p in tmp_path.rglob("*"))


# -- the authority's calendar -------------------------------------------------------------


def test_today_is_the_date_in_china_whatever_the_host_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    late_evening_utc = dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.UTC)  # 01:30 on 2 December in Beijing
    assert calendar.today(late_evening_utc) == dt.date(2026, 12, 2)
    assert calendar.today(dt.datetime(2026, 12, 1, 15, 59, tzinfo=dt.UTC)) == dt.date(2026, 12, 1)
    with pytest.raises(ValueError):
        calendar.today(dt.datetime(2026, 12, 1, 17, 30))
    monkeypatch.setenv("TZ", "America/Los_Angeles")  # the host's zone must not matter
    time.tzset()
    try:
        class Args:
            on = None

        class Undated:
            evaluated_on = None

        assert _day(Args(), Undated()) == calendar.today()  # type: ignore[arg-type]
    finally:
        monkeypatch.undo()
        time.tzset()
