"""``icp check --batch FILE.jsonl``: re-check many stored filings, one JSON result a line.

Results come out in input order. A line that cannot be read yields an error line
(with its line number and the field paths) and the batch goes on. The lines are
checked by ``--processes N`` worker processes (default: every usable core), each with
its own engine; on a terminal a progress line is drawn on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from icp_core.calendar import today
from icp_core.errors import FieldError, InputError

_CHUNK = 256
_worker_engine: Any = None
_worker_options: dict[str, Any] = {}


def run_batch(args: argparse.Namespace) -> int:
    path = Path(args.filing)
    options = {"allow": args.allow, "profile": args.profile, "lang": args.lang, "hook_timeout": args.hook_timeout,
               "on": args.on.isoformat() if args.on else None, "complete": args.complete}
    processes = max(1, args.processes or cpu_count())
    total = _count_lines(path)
    progress = _Progress(total) if sys.stderr.isatty() else None
    failed = False
    chunks = _chunks(path)
    if processes == 1:
        _init_worker(options)
        results: Iterator[list[tuple[bool, str]]] = map(_check_chunk, chunks)
        failed = _drain(results, progress)
    else:
        with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(options,)) as pool:
            failed = _drain(pool.map(_check_chunk, chunks), progress)
    if progress:
        progress.close()
    return 1 if failed else 0


def _drain(results: Iterator[list[tuple[bool, str]]], progress: _Progress | None) -> bool:
    failed = False
    out = sys.stdout
    for chunk in results:
        for passed, line in chunk:
            failed |= not passed
            out.write(line + "\n")
        if progress:
            progress.advance(len(chunk))
    out.flush()
    return failed


def _chunks(path: Path) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = "\x00not-utf8"
            if not text.strip():
                continue
            chunk.append((number, text))
            if len(chunk) == _CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for raw in handle if raw.strip())


def _init_worker(options: dict[str, Any]) -> None:
    global _worker_engine, _worker_options  # one engine per worker process, built once
    from icp_core.engine import Engine

    allow = [a.strip() for a in options["allow"].split(",")] if options["allow"] else None
    _worker_engine = Engine.from_entry_points(allow, profile=options["profile"],
                                              hook_timeout=options["hook_timeout"] or None)
    _worker_options = options


def _check_chunk(chunk: list[tuple[int, str]]) -> list[tuple[bool, str]]:
    from icp_core.loading import load_filing
    from icp_core.output import to_data
    from icp_core.privacy import redact_text

    lang = _worker_options["lang"]
    on = dt.date.fromisoformat(_worker_options["on"]) if _worker_options["on"] else None
    results: list[tuple[bool, str]] = []
    for number, text in chunk:
        try:
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError([FieldError("", f"not valid JSON: {exc.msg} (column {exc.colno})")]) from None
            filing = load_filing(data) if isinstance(data, dict) else load_filing({"_": data})
            report = _worker_engine.check(filing, on=on or filing.evaluated_on or today(),
                                          require_complete=_worker_options["complete"])
            results.append((report.passed, json.dumps({"line": number, **to_data(report, lang)},
                                                      ensure_ascii=False)))
        except InputError as exc:
            errors = [{"path": e.path, "message": redact_text(e.message)} for e in exc.errors]
            results.append((False, json.dumps({"line": number, "error": "input", "errors": errors},
                                              ensure_ascii=False)))
    return results


class _Progress:
    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0

    def advance(self, count: int) -> None:
        self.done += count
        width = 30
        filled = width * self.done // max(self.total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, where the system has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
