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


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"## Quick start\n.*?```sh\n(.*?)```", readme, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_the_readme_commands_are_the_ones_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    first, second = quick_start_commands()  # exactly two: set up and check, and the tests
    # The test command is CI itself: it installs what the tests need (Chromium, Java) and runs tox.
    assert second == "bash .ci/run" and "uv run --all-packages tox" in ci
    assert first.endswith("&& icp check examples/beijing-enterprise.yaml")
    assert "plugins/" not in first.replace("./plugins/*", "")  # the folder is the list: no plugin named


def test_the_first_command_leaves_icp_ready_in_the_active_environment(tmp_path: Path) -> None:
    """The README's first command, run as written in a new virtual environment that is
    active: `icp` is then that environment's command, with runtime dependencies only,
    and nothing warns (issue 13)."""
    import os
    import subprocess
    import sys
    import venv

    first = quick_start_commands()[0]
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "UV_PROJECT_ENVIRONMENT")}
    env.update(VIRTUAL_ENV=str(env_dir), PATH=os.pathsep.join([str(bin_dir), env.get("PATH", "")]),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    result = subprocess.run(["bash", "-c", first], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "\nVerdict: PASS" in result.stdout  # after what pip and uv print
    # uv's warnings (pip's, about this machine's index settings, say WARNING:): no VIRTUAL_ENV mismatch
    uv_warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert uv_warnings == [], uv_warnings
    python = bin_dir / "python"
    listed = subprocess.run([str(python), "-c", "import importlib.metadata as m; "
                             "print('\\n'.join(sorted(d.metadata['Name'].lower() for d in m.distributions())))"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert "icp-core" in listed and "icp-province-beijing" in listed
    assert not {"pytest", "mypy", "ruff", "tox", "hypothesis", "schemathesis"} & set(listed)  # runtime only
    again = subprocess.run([str(bin_dir / "icp"), "--version"], env=env, capture_output=True, text=True)
    assert again.returncode == 0 and again.stdout.startswith("icp (icp-core) ")
    assert sys.prefix != str(env_dir)


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


# --------------------------------------------------------------------------- the filing format (issue 13)

def _model_classes() -> list[type]:
    import attrs

    from icp_core import model

    return [c for c in vars(model).values() if isinstance(c, type) and attrs.has(c) and c.__module__ in model.MODULES]


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: c.__name__)
def test_every_field_of_the_model_is_described(cls: type) -> None:
    import attrs

    from icp_core.schema import field_descriptions

    described = field_descriptions(cls)
    missing = [f.name for f in attrs.fields(cls) if not described.get(f.name, "").strip()]
    assert not missing, f"{cls.__name__}: give these fields a #: comment in icp_core/model/: {missing}"
    assert (cls.__doc__ or "").strip() and not cls.__doc__.startswith(cls.__name__ + "("), \
        f"{cls.__name__}: give the class a docstring"


def test_the_filing_schema_describes_every_property_and_lists_enumerated_values() -> None:
    from icp_core.documents import CATALOGUE
    from icp_core.schema import json_schema
    from icp_core.vocabulary import INDUSTRIES

    for what in ("filing", "change", "transfer"):
        defs = json_schema(what)["$defs"]
        for name, body in defs.items():
            for prop, schema in body.get("properties", {}).items():
                assert schema.get("description"), f"{what}: {name}.{prop} has no description"
    filing = json_schema("filing")["$defs"]
    assert filing["IdDocumentType"]["enum"][0] == "resident_id_card"
    assert filing["LocalProof"]["description"]
    industries = filing["Website"]["properties"]["industries"]["description"]
    assert all(term.key in industries for term in INDUSTRIES)
    documents = filing["Filing"]["properties"]["documents"]["description"]
    assert all(key in documents for key in CATALOGUE)
    assert "粤" in filing["Province"]["description"]


def test_the_openapi_document_carries_the_descriptions() -> None:
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from icp_core.engine import Engine
    from icp_core.server import create_app

    with TestClient(create_app(Engine.from_entry_points(["icp-national"]))) as client:
        schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "quotes" in schemas["Person"]["properties"]["id_number"]["description"]
    assert "finance" in schemas["Website"]["properties"]["industries"]["description"]


def test_the_filing_format_reference_lists_every_field_and_value() -> None:
    import attrs

    from icp_core.documents import CATALOGUE
    from icp_core.model import IdDocumentType
    from icp_core.provinces import Province

    text = (ROOT / "docs" / "filing-format.md").read_text("utf-8")
    for cls in _model_classes():
        if cls.__name__ in docs._FORMAT_CLASSES:
            section = text.split(f"\n## {cls.__name__}\n", 1)[1].split("\n## ", 1)[0]
            assert all(f"| `{f.name}` |" in section for f in attrs.fields(cls)), cls.__name__
    assert sorted(docs._FORMAT_CLASSES) == sorted(c.__name__ for c in _model_classes())
    assert all(f"| `{key}` |" in text for key in CATALOGUE)
    assert all(f"| `{member.value}` |" in text for member in IdDocumentType)
    assert "| `guangdong` | 广东 | 粤 | 44 |" in text and len(Province) == 31


def test_the_readme_links_the_filing_format() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "(docs/filing-format.md)" in readme


def test_contributing_answers_what_a_plugin_author_had_to_read_code_for() -> None:
    """Issue 13: the questions a contributor asked while writing a province plugin."""
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    answers = {
        "accepted values and document keys": "(docs/filing-format.md#document-keys)",
        "the fields of a change cell's alternatives": "each alternative: `requires` and\n  `documents`",
        "section: is the default citation": "a rule without one cites the policy's `section:`",
        "how decisions combine": "the **most specific scope decides**",
        "uv.lock is committed": "`uv.lock` is committed",
        "why the baseline fails document rules": "fires on the baseline itself",
        "how to add documents": 'add_documents=["letter_of_guarantee"]',
        "where example filings go": "[`examples/`](examples/)",
        "a failing report shows its findings": "`assert_passes(report)`",
    }
    missing = [question for question, words in answers.items() if words not in text]
    assert not missing, missing
    assert "## Fuzzing" not in text and "(docs/developing-the-core.md)" in text  # about plugins only
    core = (ROOT / "docs" / "developing-the-core.md").read_text("utf-8")
    assert "## Fuzzing" in core and "HYPOTHESIS_PROFILE=fuzz" in core


def test_the_links_of_the_guides_point_at_files_that_exist() -> None:
    for page in (ROOT / "CONTRIBUTING.md", ROOT / "README.md", ROOT / "docs" / "developing-the-core.md",
                 ROOT / "docs" / "filing-format.md"):
        for target in re.findall(r"\]\(([^)#]+?)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" not in target:
                assert (page.parent / target).exists(), f"{page.name}: broken link {target}"
