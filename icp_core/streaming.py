"""JSON Lines of filings answered by worker processes, in input order, in flat memory:
what ``icp check --batch`` and ``icp replay`` share.

Lines are read with a bounded buffer (a line with no end, such as ``/dev/zero``, costs
no memory), in chunks of ``CHUNK`` lines; at most a few chunks per worker are in
flight at once, so a file of a million lines is held neither as lines nor as answers.
On a terminal a progress bar (tqdm, imported only then) is drawn on stderr; piped,
nothing is.
"""

from __future__ import annotations

import collections
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from icp_core.errors import FieldError, IcpError, InputError
from icp_core.problems import Problem, Said

if TYPE_CHECKING:
    from icp_core.convert import Limits
    from icp_core.model import Filing

CHUNK = 256
#: Chunks in flight per worker process: enough to keep every worker busy while the
#: parent writes, few enough that memory does not grow with the file.
_IN_FLIGHT_PER_WORKER = 4
_SKIP_BLOCK = 1 << 16  # bytes read at a time while skipping the rest of an over-long line

#: A line as the workers get it: its number, its text, or why it could not be read.
Line = tuple[int, str | None, Said | None]
R = TypeVar("R")


class WorkerDied(IcpError):
    """A worker process was killed (out of memory, a signal): the lines it held have no
    answer, so the run as a whole must not look done."""

    def __init__(self) -> None:
        super().__init__("a worker process died; the lines after the last answer were not checked")


def check_readable(path: Path, max_line_bytes: int) -> None:
    """``InputError`` for a file that cannot be opened, or is YAML or a pretty-printed
    JSON document rather than JSON Lines (one error, not one per line)."""
    try:
        path.open("rb").close()
    except OSError as exc:
        raise InputError([FieldError("", Problem.cannot_read(reason=exc.strerror))], str(path)) from None
    not_json_lines = _yaml_instead(path, max_line_bytes)
    if not_json_lines:
        raise InputError([not_json_lines], str(path))


# The first line of a YAML filing: a comment, a document start, or `key:` (a JSON line
# is an object, so it starts with `{`).
_YAML_START = re.compile(r"\s*(#|---|[\w\-]+\s*:(\s|$))")


def _yaml_instead(path: Path, max_line_bytes: int) -> FieldError | None:
    """Only a regular file is looked at (a pipe would be consumed)."""
    message = Problem.batch_got_yaml()
    if path.suffix.lower() in (".yaml", ".yml"):
        return FieldError("", message)
    if not path.is_file():
        return None
    for number, text, _ in lines(path, max_line_bytes):
        if text is not None and _YAML_START.match(text):
            return FieldError("", message, number, 1)
        if text is not None and text.strip() in ("{", "["):  # a pretty-printed .json filing
            return FieldError("", Problem.batch_got_json_document(), number, 1)
        return None  # the first non-blank line decides
    return None


def lines(path: Path, max_line_bytes: int) -> Iterator[Line]:
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


def chunks(path: Path, max_line_bytes: int) -> Iterator[list[Line]]:
    chunk: list[Line] = []
    for line in lines(path, max_line_bytes):
        chunk.append(line)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def in_order(work: Callable[[list[Line]], R], source: Iterable[list[Line]], *, processes: int,
             initializer: Callable[..., None], initargs: tuple[Any, ...]) -> Iterator[R]:
    """``work(chunk)`` for every chunk of ``source``, in order: in this process when
    ``processes`` is 1, else in a pool whose workers each run ``initializer(*initargs)``
    once. Unlike ``Executor.map``, which submits every chunk up front, at most a few
    chunks per worker are in flight. Raises ``WorkerDied`` if a worker is killed."""
    if processes == 1:
        initializer(*initargs)
        yield from map(work, source)
        return
    try:
        with ProcessPoolExecutor(processes, initializer=initializer, initargs=initargs) as pool:
            pending: collections.deque[Future[R]] = collections.deque()
            window = processes * _IN_FLIGHT_PER_WORKER
            for chunk in source:
                pending.append(pool.submit(work, chunk))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    except BrokenProcessPool:
        raise WorkerDied() from None


def line_limits(max_line_bytes: int) -> Limits:
    """A line is one filing: the per-line limit is its size limit (larger or smaller)."""
    import attrs

    from icp_core.convert import DEFAULT_LIMITS

    return attrs.evolve(DEFAULT_LIMITS, max_bytes=max_line_bytes, max_line_bytes=max_line_bytes)


def read_data(text: str | None, problem: Said | None, limits: Limits) -> Any:
    """The JSON value of a line, or ``InputError`` for a line that could not be read."""
    from icp_core.convert import parse_json

    if problem is not None or text is None:
        raise InputError([FieldError("", problem or Problem.no_text())])
    return parse_json(text, limits=limits)


def to_filing(data: Any, limits: Limits) -> Filing:
    from icp_core.convert import structure
    from icp_core.model import Filing

    return structure(data, Filing, limits=limits)


def internal_message(exc: BaseException) -> str:
    """A bug's text for an answer line: its class and message, masked, bounded."""
    from icp_core.privacy import redact_text

    return redact_text(f"{type(exc).__name__}: {exc}")[:500]


class Progress:
    """A progress bar on stderr, drawn only when stderr is a terminal: piped output and
    logs get nothing. tqdm is imported only when a bar is drawn."""

    def __init__(self, total: int | None, unit: str) -> None:
        self._bar: Any = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True, leave=False)

    @classmethod
    def over_lines(cls, path: Path, max_line_bytes: int) -> Progress:
        """A bar over the lines of ``path``. Counting reads the file twice: only for a bar,
        and only from a regular file (a pipe would be consumed by the count, a device never ends)."""
        if not sys.stderr.isatty():
            return cls(None, "filing")
        total = sum(1 for _ in lines(path, max_line_bytes)) if path.is_file() else None
        return cls(total, "filing")

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, where the system has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
