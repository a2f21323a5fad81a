"""Running a replay: the two sides, one filing compared, many filings over worker processes."""


from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from icp_core.errors import FieldError, InputError
from icp_core.problems import Problem
from icp_core.report import Report, Text

if TYPE_CHECKING:
    from icp_core.engine import Engine
    from icp_core.profiles import Profile
    from icp_core.streaming import Line, Progress


from icp_core.replay.answers import ReplayChange, ReplayError, ReplayFailure, ReplaySummary, ReplayTally, SideVerdict

# --------------------------------------------------------------------------- the sides


@attrs.frozen
class Side:
    """One side of a replay: a deployment profile (a file, or a ``Profile``) and plugin
    folders used instead of the installed plugins of their scopes; neither means every
    installed plugin as published. Picklable: each worker process builds its engine."""

    profile: str | Profile | None = None
    folders: tuple[str, ...] = ()
    label: str = "installed"

    @classmethod
    def parse(cls, given: Sequence[str]) -> Side:
        """A side from ``--baseline``/``--candidate`` values (repeatable): ``installed``,
        a profile ``FILE.yaml``, or a plugin folder (``DIR`` or ``plugins:DIR``; a folder of
        plugin folders counts as all of them). At most one profile."""
        profile: str | None = None
        folders: list[str] = []
        for item in given:
            path = item.removeprefix("plugins:")
            if item == "installed":
                continue
            if item.startswith("plugins:") or Path(path).is_dir():
                if not Path(path).is_dir():
                    raise _side_error(item, "not a folder")
                folders.append(path)
            elif Path(path).suffix.lower() in (".yaml", ".yml", ".json") and Path(path).is_file():
                if profile is not None:
                    raise _side_error(item, "a side has one profile at most")
                profile = path
            else:
                raise _side_error(item, "expected installed, a profile file (.yaml) or a plugin folder")
        return cls(profile, tuple(folders), " + ".join(given) or "installed")

    def engine(self, hook_timeout: float | None = 10.0) -> Engine:
        from icp_core.engine import Engine
        from icp_core.plugin_folders import folder_plugins

        extra = [source for folder in self.folders for source in folder_plugins(folder)]
        return Engine.from_entry_points(profile=self.profile, hook_timeout=hook_timeout, extra_plugins=extra)


def _side_error(item: str, detail: str) -> InputError:
    return InputError([FieldError("", Problem.not_a_replay_side(detail=detail))], item)


# --------------------------------------------------------------------------- one filing


def compare(baseline: Engine, candidate: Engine, number: int, data: Any, *, on: dt.date | None = None,
            complete: bool = False, limits: Any = None) -> ReplayChange:
    """One filing (its JSON data) checked by both engines. Never raises: a line that
    cannot be read, or meets a bug, is answered like any other."""
    from icp_core.calendar import today
    from icp_core.streaming import internal_message, to_filing

    filing_id: str | None = None
    try:
        if isinstance(data, dict) and "id" in data:
            data = dict(data)
            filing_id = _filing_id(data.pop("id"))
        filing = to_filing(data, limits) if limits is not None else _load(data)
    except InputError as exc:
        return ReplayChange(number, filing_id, SideVerdict.input, SideVerdict.input, errors=_errors(exc))
    except Exception as exc:  # a bug in reading: answered, failed closed
        failure = ReplayFailure("both", "icp-core", "read", internal_message(exc))
        return ReplayChange(number, filing_id, SideVerdict.internal, SideVerdict.internal, failures=(failure,))
    day = on or filing.evaluated_on or today()
    answers: list[tuple[SideVerdict, Report | None]] = []
    failures: list[ReplayFailure] = []
    errors: tuple[ReplayError, ...] = ()
    for side, engine in (("baseline", baseline), ("candidate", candidate)):
        try:
            report = engine.check(filing, on=day, require_complete=complete)
        except InputError as exc:
            answers.append((SideVerdict.input, None))
            errors = errors or _errors(exc)
            continue
        except Exception as exc:  # a bug, ours or a plugin's: that side cannot pass
            answers.append((SideVerdict.internal, None))
            failures.append(ReplayFailure(side, "icp-core", "check", internal_message(exc)))
            continue
        answers.append((SideVerdict(report.verdict.value), report))
        failures += [ReplayFailure(side, f.plugin, f.hook, f.error) for f in report.failures]
    (before, old), (after, new) = answers
    old_rules, new_rules = _rules(old), _rules(new)
    old_documents, new_documents = _documents(old), _documents(new)
    return ReplayChange(number, filing_id, before, after, tuple(sorted(new_rules - old_rules)),
                        tuple(sorted(old_rules - new_rules)), tuple(sorted(new_documents - old_documents)),
                        tuple(sorted(old_documents - new_documents)), tuple(failures), errors)


def _load(data: Any) -> Any:
    from icp_core.loading import load_filing

    if not isinstance(data, dict):
        raise InputError([FieldError("", Problem.not_a_filing())])
    return load_filing(data)


def _filing_id(value: Any) -> str:
    from icp_core.privacy import redact_text

    if isinstance(value, bool) or not isinstance(value, (str, int)) or (isinstance(value, str) and len(value) > 200):
        raise InputError([FieldError("id", Problem.not_a_filing_id())])
    return redact_text(str(value))


def _errors(exc: InputError) -> tuple[ReplayError, ...]:
    return tuple(ReplayError(e.path, e.code, Text(e.problem.en, e.problem.zh), e.line, e.column) for e in exc.errors)


def _rules(report: Report | None) -> frozenset[str]:
    return frozenset(f.rule_id for f in report.findings) if report is not None else frozenset()


def _documents(report: Report | None) -> frozenset[str]:
    if report is None:
        return frozenset()
    return frozenset(f"{d.document}@{d.field}" if d.field else d.document for d in report.documents)


# --------------------------------------------------------------------------- many filings


class Replay:
    """A replay under way: iterate it for the changes, in input order (only the changed
    filings and input errors unless ``include_unchanged``); ``summary`` counts every
    filing seen so far, and is complete once the iteration is."""

    def __init__(self, changes: Iterator[ReplayChange], tally: ReplayTally, include_unchanged: bool) -> None:
        self._changes = changes
        self._tally = tally
        self._all = include_unchanged
        self.complete = False
        #: Told of every filing replayed (``icp replay`` draws its progress bar with it).
        self.progress: Progress | None = None

    def __iter__(self) -> Iterator[ReplayChange]:
        for change in self._changes:
            self._tally.add(change)
            if self.progress is not None:
                self.progress.advance(1)
            if self._all or change.changed or change.baseline is SideVerdict.input:
                yield change
        self.complete = True

    @property
    def summary(self) -> ReplaySummary:
        return self._tally.summary()

    def run(self) -> ReplaySummary:
        """Consume the replay and return its summary (for callers that want counts only)."""
        for _ in self:
            pass
        return self.summary


def replay(filings: str | Path | Iterable[Any], baseline: Side | Engine, candidate: Side | Engine, *,
           processes: int | None = None, on: dt.date | None = None, complete: bool = False,
           hook_timeout: float | None = 10.0, max_line_bytes: int | None = None,
           include_unchanged: bool = False) -> Replay:
    """Replay ``filings`` (a JSON Lines file, or filings as JSON data) under two sides.

    From a file with ``Side``s the lines are checked by ``processes`` worker processes
    (default: every usable core), each with both engines; filings given as data, or
    sides given as engines, are checked in this process. Raises ``InputError`` for a
    file that cannot be read or a side that is wrong, ``PluginLoadError`` for a plugin
    folder that cannot be imported; a filing that cannot be read is a change with
    ``errors``, never an exception."""
    from icp_core.convert import DEFAULT_LIMITS
    from icp_core.streaming import check_readable, chunks, cpu_count, in_order

    labels = (_label(baseline), _label(candidate))
    tally = ReplayTally(*labels)
    if not isinstance(filings, (str, Path)):
        engines = (_engine(baseline, hook_timeout), _engine(candidate, hook_timeout))
        changes: Iterator[ReplayChange] = (compare(*engines, index, data, on=on, complete=complete)
                                           for index, data in enumerate(filings))
        return Replay(changes, tally, include_unchanged)
    path = Path(filings)
    line_bytes = max_line_bytes or DEFAULT_LIMITS.max_line_bytes
    check_readable(path, line_bytes)
    options = {"on": on.isoformat() if on else None, "complete": complete, "hook_timeout": hook_timeout,
               "max_line_bytes": line_bytes}
    if isinstance(baseline, Side) and isinstance(candidate, Side):
        for side in (baseline, candidate):  # a folder that cannot be imported: one clear error, before any worker
            side.engine(hook_timeout)
        workers = max(1, processes or cpu_count())
        initargs: tuple[Any, ...] = (baseline, candidate, options)
    else:
        workers, initargs = 1, (_engine(baseline, hook_timeout), _engine(candidate, hook_timeout), options)
    results = in_order(_replay_chunk, chunks(path, line_bytes), processes=workers, initializer=_init_worker,
                       initargs=initargs)
    return Replay((change for chunk in results for change in chunk), tally, include_unchanged)


def _label(side: Side | Engine) -> str:
    return side.label if isinstance(side, Side) else "engine"


def _engine(side: Side | Engine, hook_timeout: float | None) -> Engine:
    return side.engine(hook_timeout) if isinstance(side, Side) else side


_worker: dict[str, Any] = {}


def _init_worker(baseline: Side | Engine, candidate: Side | Engine, options: dict[str, Any]) -> None:
    """Once per worker process: both engines, built here (plugin folders imported here)."""
    from icp_core.streaming import line_limits

    timeout = options["hook_timeout"]
    _worker.update(baseline=_engine(baseline, timeout), candidate=_engine(candidate, timeout),
                   on=dt.date.fromisoformat(options["on"]) if options["on"] else None, complete=options["complete"],
                   limits=line_limits(options["max_line_bytes"]))


def _replay_chunk(chunk: list[Line]) -> list[ReplayChange]:
    from icp_core.streaming import read_data

    found: list[ReplayChange] = []
    for number, text, problem in chunk:
        try:
            data = read_data(text, problem, _worker["limits"])
        except InputError as exc:
            found.append(ReplayChange(number, None, SideVerdict.input, SideVerdict.input, errors=_errors(exc)))
            continue
        found.append(compare(_worker["baseline"], _worker["candidate"], number, data, on=_worker["on"],
                             complete=_worker["complete"], limits=_worker["limits"]))
    return found
