"""One engine shared by many threads gives exactly the single-threaded reports, and
checking leaves no trace in module-level state."""

from __future__ import annotations

import importlib
import os
import pkgutil
import threading
from pathlib import Path
from typing import Any

import icp_core
from icp_core.engine import Engine
from icp_core.loading import load_filing
from icp_core.model import ChangeRequest, ChangeTarget
from icp_core.report import Report
from icp_core.testing import filing_data, merge

ROOT = Path(__file__).resolve().parents[1]
THREADS = 8
#: Checks per thread (8 x 10,000 take about 15 s here); ICP_CONCURRENCY_CHECKS sets another count.
CHECKS = int(os.environ.get("ICP_CONCURRENCY_CHECKS", "10000"))


def mixed_filings() -> list[Any]:
    filings = [load_filing(path) for path in sorted((ROOT / "examples").glob("*-*.yaml"))
               if "original" not in path.name]
    for province in ("beijing", "tianjin", "hebei", "guangdong"):
        for subject_type in ("enterprise", "individual"):
            filings.append(load_filing(filing_data(province, subject_type)))
    filings.append(load_filing(merge(filing_data("tianjin"), {"subject": {"administrator": {
        "is_legal_representative": None}, "legal_representative": None}})))
    return filings


def test_many_threads_get_exactly_the_single_thread_reports() -> None:
    engine = Engine.from_entry_points()
    filings = mixed_filings()
    expected: list[Report] = [engine.check(f) for f in filings]
    results: list[list[tuple[int, Report]]] = [[] for _ in range(THREADS)]
    start = threading.Barrier(THREADS)

    def work(slot: int) -> None:
        start.wait()
        for n in range(CHECKS):
            index = (n * 7 + slot) % len(filings)
            results[slot].append((index, engine.check(filings[index])))

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(len(r) for r in results) == THREADS * CHECKS
    mismatches = [(slot, index) for slot, rows in enumerate(results) for index, report in rows
                  if report != expected[index]]
    assert mismatches == []


def test_a_fresh_engine_loads_scopes_safely_under_concurrent_first_use() -> None:
    filings = mixed_filings()
    for _ in range(3):
        engine = Engine.from_entry_points()
        reports: dict[int, list[Report]] = {}
        start = threading.Barrier(THREADS)

        def work(slot: int, engine: Engine = engine, reports: dict[int, list[Report]] = reports) -> None:
            start.wait()
            reports[slot] = [engine.check(f) for f in filings]

        threads = [threading.Thread(target=work, args=(slot,)) for slot in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert all(reports[slot] == reports[0] for slot in range(THREADS))
        assert not any(r.failures for r in reports[0])


def module_state() -> dict[str, str]:
    """Every module-level container of icp_core, as text."""
    state: dict[str, str] = {}
    for info in pkgutil.walk_packages(icp_core.__path__, "icp_core."):
        if info.name.endswith(("server", "testing", "__main__")):  # __main__ runs the CLI on import
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, (dict, list, set)) and not name.startswith("__"):
                state[f"{info.name}.{name}"] = repr(value)
    return state


def test_checking_leaves_module_level_state_untouched() -> None:
    engine = Engine.from_entry_points()
    filings = mixed_filings()
    engine.check(filings[0])  # lazy data loads once, on first use, before the snapshot
    before = module_state()
    for filing in filings:
        engine.check(filing)
        engine.documents(filing)
        engine.change(filing, ChangeRequest(ChangeTarget.new_name))
    assert module_state() == before
