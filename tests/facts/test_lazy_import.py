"""Importing icp_core.facts must not load the data sets or stdnum."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = "{'phone','publicsuffixlist','stdnum'}"


def run(code: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
        ),
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_import_loads_no_data_set() -> None:
    out = run(
        "import icp_core.facts, sys; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY}))"
    )
    assert out == "[]"


def test_parsing_ids_and_codes_loads_no_data_set() -> None:
    out = run(
        "import sys\n"
        "from icp_core.facts import parse_credit_code, parse_resident_id, parse_phone\n"
        "parse_resident_id('11010519491231002X')\n"
        "parse_credit_code('91440300708461136T')\n"
        "parse_phone('0571-88888888')\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY}))"
    )
    assert out == "[]"


def test_first_lookup_loads_only_what_it_needs() -> None:
    out = run(
        "import sys\n"
        "from icp_core.facts import parse_domain, parse_phone\n"
        "parse_domain('www.example.com.cn')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'phone','publicsuffixlist','stdnum'}))\n"
        "parse_phone('13810000000')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'phone','stdnum'}))\n"
    )
    assert out.splitlines() == ["['publicsuffixlist']", "['phone', 'phone.phone']"]


def test_importing_the_core_the_engine_and_the_cli_loads_no_data_set() -> None:
    out = run(
        "import sys, icp_core, icp_core.engine, icp_core.cli; "
        "from icp_core.engine import Engine; Engine.from_entry_points(); "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY}))"
    )
    assert out == "[]"
