"""What a short-lived process imports and resolves, checked in a fresh interpreter:
start-up work deferred must still happen when something needs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(code: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def test_a_profile_tunes_a_nested_parameter_of_a_kind_nothing_has_structured_yet() -> None:
    """Rule kinds' annotations are resolved on demand, not at import: a profile's override
    of a condition (``when``, a nested class) must still be structured by its type."""
    out = run(
        "import json\n"
        "from icp_core.rules import RULE_KINDS\n"
        "from icp_core.profiles import tuned_rule\n"
        "rule = RULE_KINDS['minimum_age'](kind='minimum_age', id='x.age', cite='5.2', who=('subject_administrator',))\n"
        "tuned, errors = tuned_rule(rule, {'when': {'province_in': ['beijing']}, 'min_age': 20})\n"
        "print(json.dumps([list(tuned.when.province_in), tuned.min_age, [e.path for e in errors]]))\n")
    assert json.loads(out) == [["beijing"], 20, []]


def test_icp_check_imports_neither_the_replay_answers_nor_the_server() -> None:
    """The CLI's schema names are plain strings: building its parser imports no replay code."""
    out = run(
        "import contextlib, io, json, sys\n"
        "from icp_core import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = cli.main(['check', sys.argv[1]])\n"
        "unneeded = ('icp_core.replay', 'icp_core.server')\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.startswith(unneeded))]))\n",
        "examples/beijing-enterprise.yaml")
    code, modules = json.loads(out)
    assert code == 0
    assert modules == []


def test_re2_is_imported_by_the_first_pattern_compiled() -> None:
    out = run(
        "import json, sys\n"
        "import icp_core.engine, icp_core.patterns as patterns\n"
        "before = 're2' in sys.modules\n"
        "refused = patterns.pattern_problem('(a)\\\\1')\n"
        "print(json.dumps([before, 're2' in sys.modules, patterns.compile_pattern('a+b').search('xaab'),\n"
        "                  refused is not None, patterns.escape('a.b')]))\n")
    assert json.loads(out) == [False, True, True, True, "a\\.b"]
