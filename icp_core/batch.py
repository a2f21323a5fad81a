"""``icp check --batch FILE.jsonl``: re-check many stored filings, one JSON result a line.

Results come out in input order. Every line is answered: a line that cannot be read
(too long, not UTF-8, not JSON, nested too deeply, a duplicate key, a number out of
range, a field in error) yields an error line with its line number and the field
paths, and the batch goes on; so does a line that meets a bug (``"error": "internal"``).
Lines are read with a bounded buffer (``--max-line-bytes``): a line with no end, such as
``/dev/zero``, costs no memory. The lines are checked by ``--processes N`` worker
processes (default: every usable core), each with its own engine; on a terminal a
progress line is drawn on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from icp_core.convert import DEFAULT_LIMITS
from icp_core.errors import FieldError, InputError
from icp_core.problems import Problem, Said
from icp_core.recheck import RecheckOptions, answer

_CHUNK = 256
_SKIP_BLOCK = 1 << 16  # bytes read at a time while skipping the rest of an over-long line
_worker_options = RecheckOptions()


def run_batch(args: argparse.Namespace) -> int:
    path = Path(args.filing)
    max_line_bytes = getattr(args, "max_line_bytes", None) or DEFAULT_LIMITS.max_line_bytes
    options = line_options(allow=args.allow, profile=args.profile, lang=args.lang, hook_timeout=args.hook_timeout,
                           on=args.on, complete=args.complete, max_line_bytes=max_line_bytes)
    processes = max(1, args.processes or cpu_count())
    try:
        path.open("rb").close()
    except OSError as exc:
        raise InputError([FieldError("", Problem.cannot_read(reason=exc.strerror))], str(path)) from None
    not_json_lines = _yaml_instead(path, max_line_bytes)
    if not_json_lines:
        raise InputError([not_json_lines], str(path))
    try:
        # Counting reads the file twice: only for a progress line, and only from a regular
        # file (a pipe would be consumed by the count, a device never ends).
        show_progress = sys.stderr.isatty() and path.is_file()
        progress = _Progress(sum(1 for _ in _lines(path, max_line_bytes))) if show_progress else None
        chunks = _chunks(path, max_line_bytes)
        if processes == 1:
            _init_worker(options)
            failed = _drain(map(_check_chunk, chunks), progress)
        else:
            with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(options,)) as pool:
                failed = _drain(pool.map(_check_chunk, chunks), progress)
    except BrokenProcessPool:
        # A worker was killed (out of memory, a signal): the lines it held have no answer,
        # so the batch as a whole must not look done.
        print("icp: a batch worker process died; the lines after the last result were not checked",
              file=sys.stderr)
        return 2
    finally:
        sys.stdout.flush()
    if progress:
        progress.close()
    return 1 if failed else 0


# The first line of a YAML filing: a comment, a document start, or `key:` (a JSON line
# is an object, so it starts with `{`).
_YAML_START = re.compile(r"\s*(#|---|[\w\-]+\s*:(\s|$))")


def line_options(*, max_line_bytes: int = DEFAULT_LIMITS.max_line_bytes, **options: Any) -> RecheckOptions:
    """The workers' options: a line is one filing, so the per-line limit is its size limit
    (larger or smaller than a file's)."""
    limits = attrs.evolve(DEFAULT_LIMITS, max_bytes=max_line_bytes, max_line_bytes=max_line_bytes)
    return RecheckOptions(limits=limits, **options)


def _yaml_instead(path: Path, max_line_bytes: int) -> FieldError | None:
    """One error for a YAML file given to ``--batch``, rather than one "not valid JSON"
    answer per line of it. Only a regular file is looked at (a pipe would be consumed)."""
    message = Problem.batch_got_yaml()
    if path.suffix.lower() in (".yaml", ".yml"):
        return FieldError("", message)
    if not path.is_file():
        return None
    for number, text, _ in _lines(path, max_line_bytes):
        if text is not None and _YAML_START.match(text):
            return FieldError("", message, number, 1)
        if text is not None and text.strip() in ("{", "["):  # a pretty-printed .json filing
            return FieldError("", Problem.batch_got_json_document(), number, 1)
        return None  # the first non-blank line decides
    return None


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


#: A line as the workers get it: its number, its text, or why it could not be read.
Line = tuple[int, str | None, Said | None]


def _lines(path: Path, max_line_bytes: int) -> Iterator[Line]:
    """The non-blank lines of a file, each read with a bounded buffer.

    A line longer than ``max_line_bytes`` is answered with an error and skipped in
    fixed-size blocks up to its end, so that no line, however long, is held in memory."""
    with path.open("rb") as handle:
        number = 0
        while True:
            raw = handle.readline(max_line_bytes + 1)
            if not raw:
                return
            number += 1
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                _skip_to_line_end(handle)
                yield number, None, Problem.line_too_long(limit=max_line_bytes)
                continue
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, None, Problem.not_utf8(offset=exc.start)
                continue
            yield number, text, None


def _skip_to_line_end(handle: Any) -> None:
    while True:
        block = handle.readline(_SKIP_BLOCK)
        if not block or block.endswith(b"\n"):
            return


def _chunks(path: Path, max_line_bytes: int) -> Iterator[list[Line]]:
    chunk: list[Line] = []
    for line in _lines(path, max_line_bytes):
        chunk.append(line)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _init_worker(options: RecheckOptions) -> None:
    global _worker_options  # one engine per worker process, built once, before the first line
    _worker_options = options
    options.engine()


def _check_chunk(chunk: list[Line]) -> list[tuple[bool, str]]:
    return [_check_line(number, text, problem) for number, text, problem in chunk]


def _check_line(number: int, text: str | None, problem: Said | None) -> tuple[bool, str]:
    """One line's answer: a result line, or an error line (``recheck.answer`` never raises)."""
    found = answer(text, _worker_options, unreadable=problem)
    return found.passed, json.dumps({"line": number, **found.data}, ensure_ascii=False)


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
