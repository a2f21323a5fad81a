"""``icp check --batch FILE.jsonl``: re-check many stored filings, one JSON result a line.

Results come out in input order. Every line is answered: a line that cannot be read
(too long, not UTF-8, not JSON, nested too deeply, a duplicate key, a number out of
range, a field in error) yields an error line with its line number and the field
paths, and the batch goes on; so does a line that meets a bug (``"error": "internal"``).
The reading, the worker processes (``--processes N``, default every usable core, each
with its own engine) and the progress bar are ``icp_core.streaming``'s. The batch ends
with a summary on stderr (``icp_core.summaries``): counts by verdict, the most frequent
rules, the input errors; ``--summary FILE`` writes it as JSON too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

from icp_core.calendar import today
from icp_core.errors import InputError
from icp_core.problems import Said
from icp_core.streaming import Line

_worker_engine: Any = None
_worker_options: dict[str, Any] = {}
_worker_limits: Any = None


class Answer(NamedTuple):
    """One line's answer as a worker gives it to the parent: the JSON text to print, and
    what the summary counts (the verdict, or ``input``/``internal``, and the rules that fired)."""

    passed: bool
    text: str
    outcome: str
    rules: tuple[str, ...] = ()


def run_batch(args: argparse.Namespace) -> int:
    from icp_core.convert import DEFAULT_LIMITS
    from icp_core.streaming import Progress, check_readable, chunks, cpu_count, in_order
    from icp_core.summaries import BatchTally

    path = Path(args.filing)
    max_line_bytes = getattr(args, "max_line_bytes", None) or DEFAULT_LIMITS.max_line_bytes
    options = {"allow": args.allow, "profile": args.profile, "lang": args.lang, "hook_timeout": args.hook_timeout,
               "on": args.on.isoformat() if args.on else None, "complete": args.complete,
               "explain": getattr(args, "explain", False),
               "max_line_bytes": max_line_bytes}
    processes = max(1, args.processes or cpu_count())
    check_readable(path, max_line_bytes)
    tally = BatchTally()
    out = sys.stdout
    with Progress.over_lines(path, max_line_bytes) as progress:
        try:
            for chunk in in_order(_check_chunk, chunks(path, max_line_bytes), processes=processes,
                                  initializer=_init_worker, initargs=(options,)):
                for answer in chunk:
                    tally.add(answer.outcome, answer.rules)
                    out.write(answer.text + "\n")
                progress.advance(len(chunk))
        finally:
            out.flush()
    tally.report(args.lang, getattr(args, "summary", None))
    return 0 if tally.all_passed else 1


def _init_worker(options: dict[str, Any]) -> None:
    global _worker_engine, _worker_options, _worker_limits  # one engine per worker process, built once
    from icp_core.engine import Engine
    from icp_core.streaming import line_limits

    _worker_limits = line_limits(options["max_line_bytes"])
    allow = [a.strip() for a in options["allow"].split(",")] if options["allow"] else None
    _worker_engine = Engine.from_entry_points(allow, profile=options["profile"],
                                              hook_timeout=options["hook_timeout"] or None)
    _worker_options = options


def _check_chunk(chunk: list[Line]) -> list[Answer]:
    return [_check_line(number, text, problem) for number, text, problem in chunk]


def _check_line(number: int, text: str | None, problem: Said | None) -> Answer:
    """One line's answer: a result line, or an error line. Never raises: one bad line
    must not take the others down (nor the worker process they share)."""
    from icp_core.output import to_data
    from icp_core.streaming import internal_message, read_data, to_filing

    try:
        filing = to_filing(read_data(text, problem, _worker_limits), _worker_limits)
        on = dt.date.fromisoformat(_worker_options["on"]) if _worker_options["on"] else None
        report = _worker_engine.check(filing, on=on or filing.evaluated_on or today(),
                                      require_complete=_worker_options["complete"])
        if _worker_options.get("explain"):
            from icp_core.sections import explained

            report = explained(report)
        line = json.dumps({"line": number, **to_data(report, _worker_options["lang"])}, ensure_ascii=False)
        return Answer(report.passed, line, report.verdict.value, tuple({f.rule_id: 0 for f in report.findings}))
    except InputError as exc:
        # The same error payload as HTTP 422 bodies and `icp check --format json` (paths and
        # texts are masked when the errors are made).
        line = json.dumps({"line": number, **exc.to_data(_worker_options["lang"])}, ensure_ascii=False)
        return Answer(False, line, "input")
    except Exception as exc:  # a bug (ours or a plugin's): answered, failed closed, and the batch goes on
        line = json.dumps({"line": number, "error": "internal", "message": internal_message(exc)},
                          ensure_ascii=False)
        return Answer(False, line, "internal")
