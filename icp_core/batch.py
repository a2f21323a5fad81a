"""``icp check --batch FILE.jsonl``: re-check many stored filings, one JSON result a line.

Results come out in input order. Every line is answered: a line that cannot be read
(too long, not UTF-8, not JSON, nested too deeply, a duplicate key, a number out of
range, a field in error) yields an error line with its line number and the field
paths, and the batch goes on; so does a line that meets a bug (``"error": "internal"``).
The reading, the worker processes (``--processes N``, default every usable core, each
with its own engine) and the progress bar are ``icp_core.streaming``'s; one line's answer
is ``icp_core.recheck``'s, as Spark's rows are. The batch ends with a summary on stderr
(``icp_core.summaries``): counts by verdict, the most frequent rules, the input errors;
``--summary FILE`` writes it as JSON too.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

from icp_core.problems import Said
from icp_core.recheck import RecheckOptions, answer
from icp_core.streaming import Line

_worker_options = RecheckOptions()


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
    options = line_options(allow=args.allow, profile=args.profile, lang=args.lang, hook_timeout=args.hook_timeout,
                           on=args.on, complete=args.complete, explain=getattr(args, "explain", False),
                           max_line_bytes=max_line_bytes)
    processes = max(1, args.processes or cpu_count())
    check_readable(path, max_line_bytes)
    tally = BatchTally()
    out = sys.stdout
    with Progress.over_lines(path, max_line_bytes) as progress:
        try:
            for chunk in in_order(_check_chunk, chunks(path, max_line_bytes), processes=processes,
                                  initializer=_init_worker, initargs=(options,)):
                for found in chunk:
                    tally.add(found.outcome, found.rules)
                    out.write(found.text + "\n")
                progress.advance(len(chunk))
        finally:
            out.flush()
    tally.report(args.lang, getattr(args, "summary", None))
    return 0 if tally.all_passed else 1


def line_options(*, max_line_bytes: int | None = None, **options: Any) -> RecheckOptions:
    """The workers' options: a line is one filing, so the per-line limit is its size limit
    (larger or smaller than a file's)."""
    from icp_core.convert import DEFAULT_LIMITS
    from icp_core.streaming import line_limits

    return RecheckOptions(limits=line_limits(max_line_bytes or DEFAULT_LIMITS.max_line_bytes), **options)


def _init_worker(options: RecheckOptions) -> None:
    global _worker_options  # one engine per worker process, built once, before the first line
    _worker_options = options
    options.engine()


def _check_chunk(chunk: list[Line]) -> list[Answer]:
    return [_check_line(number, text, problem) for number, text, problem in chunk]


def _check_line(number: int, text: str | None, problem: Said | None) -> Answer:
    """One line's answer: a result line, or an error line (``recheck.answer`` never raises)."""
    found = answer(text, _worker_options, unreadable=problem)
    line = json.dumps({"line": number, **found.data}, ensure_ascii=False)
    report = found.report
    if report is None:
        return Answer(False, line, str(found.data.get("error", "internal")))
    return Answer(report.passed, line, report.verdict.value, tuple({f.rule_id: 0 for f in report.findings}))
