"""Input errors are born bilingual: every problem has a code and both texts where it is
declared, and nothing English reaches a Chinese reader by way of a translation table."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from icp_core.errors import FieldError, InputError
from icp_core.loading import load_filing
from icp_core.problems import Problem, Said
from icp_core.testing import filing_data, merge

ROOT = Path(__file__).parents[1]
_CJK = re.compile("[\u4e00-\u9fff]")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("problem", list(Problem), ids=lambda p: p.name)
def test_every_problem_says_the_same_in_both_languages(problem: Problem) -> None:
    en, zh = problem.value
    assert _placeholders(en) == _placeholders(zh)
    if problem not in (Problem.invalid,):  # its text is the detail it carries
        assert _CJK.search(zh), f"{problem.name}: the Chinese text has no Chinese"


def test_a_field_error_cannot_be_made_from_plain_text() -> None:
    with pytest.raises(TypeError):
        FieldError("subject.name", "some English only")  # type: ignore[arg-type]


def test_no_module_translates_english_after_the_fact() -> None:
    """The old table of regular expressions over English messages is gone, and no error
    is made from an f-string: a message is a Problem member or a checker's own codes."""
    for path in (ROOT / "icp_core").rglob("*.py"):
        text = path.read_text("utf-8")
        assert "message_zh" not in text, path
        assert not re.search(r"FieldError\([^()]*, f?\"", text), f"{path}: a FieldError made from plain text"


@pytest.mark.parametrize(("data", "code"), [
    ({**filing_data("beijing"), "instances": [{"id": "   ", "type": "ecs"}]}, "blank"),
    (merge(filing_data("beijing"), {"subject": {"name": "123"}}), "name_without_letters"),
    (merge(filing_data("beijing"), {"websites": [{"industries": ["newz"]}]}), "unknown_industry"),
    (merge(filing_data("beijing"), {"subject": {"nmae": "x"}}), "unknown_key_near"),
])
def test_messages_that_the_table_missed_are_chinese_too(data: dict[str, object], code: str) -> None:
    """Each of these stayed English under the translation table."""
    from icp_core.engine import Engine

    with pytest.raises(InputError) as raised:
        Engine.from_entry_points().check(load_filing(data)) if code == "unknown_industry" else load_filing(data)
    found = [e for e in raised.value.errors if e.code == code]
    assert found, raised.value.errors
    assert _CJK.search(found[0].text("zh"))
    assert found[0].to_data("zh")["code"] == code


def test_a_422_body_is_in_the_language_asked_for() -> None:
    from icp_core.server import create_app

    client = TestClient(create_app())
    bad = merge(filing_data("beijing"), {"subject": {"name": "123"}})
    english = client.post("/v1/check", json=bad).json()["errors"]
    chinese = client.post("/v1/check", json=bad, headers={"accept-language": "zh-CN"}).json()["errors"]
    assert [e["code"] for e in english] == [e["code"] for e in chinese] == ["name_without_letters"]
    assert english[0]["message"] == "a name must contain letters"
    assert chinese[0]["message"] == Problem.name_without_letters().zh


def test_values_with_their_own_chinese_are_given_in_the_message_language() -> None:
    said = Problem.not_text(got=Said("mapping", "a mapping", "映射"))
    assert (said.en, said.zh) == ("expected text, got a mapping", "应为文本，实际为映射")
