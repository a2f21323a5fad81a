"""The reference docs are generated from the declarations; a hook without docs fails here."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from icp_core import docs, hookspecs

ROOT = Path(__file__).resolve().parents[1]
HOOKS = [name for name, value in vars(hookspecs).items() if hasattr(value, "icp_filing_spec")]


def test_generated_docs_are_up_to_date() -> None:
    assert docs.main(["--check"]) == 0, "run `python -m icp_core.docs` and commit the result"


def test_all_seven_hooks_are_declared() -> None:
    assert sorted(HOOKS) == sorted(["check_entity", "check_website", "check_domain", "check_instance",
                                    "required_documents", "allowed_change", "allowed_transfer"])


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented_with_its_exact_signature(name: str) -> None:
    text = (ROOT / "docs" / "hooks.md").read_text("utf-8")
    assert f"## `{name}`" in text
    assert f"def {docs.hook_signature(name)}: ..." in text


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_says_what_it_receives_returns_and_how_results_combine(name: str) -> None:
    function = getattr(hookspecs, name)
    doc = inspect.getdoc(function) or ""
    for parameter in inspect.signature(function).parameters:
        assert f":param {parameter}:" in doc, f"{name}: parameter {parameter} is not documented"
    assert ":returns:" in doc
    assert re.search(r"Called once per", doc), f"{name}: say when it is called"
    assert "first-result" in doc, f"{name}: say whether it is first-result"


def test_the_readme_commands_are_the_ones_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "uv run --all-packages tox" in readme and "uv run --all-packages tox" in ci
    assert "uv run --all-packages icp check examples/beijing-enterprise.yaml" in readme


def test_the_readme_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    code = re.search(r"## From Python\n\n```python\n(.*?)```", readme, re.S)
    assert code is not None
    import os

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code.group(1), "README.md", "exec"), {})
    finally:
        os.chdir(here)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "pass"
    assert out[-1].startswith("conditional")
