"""Re-checking stored filings in bulk: one engine per worker process, one answer per filing.

The faces that check many filings at once — ``icp check --batch`` (JSON Lines, worker
processes) and :mod:`icp_core.spark` (a DataFrame, Spark's Python workers) — share this:
the options a worker is given (:class:`RecheckOptions`), the engine it builds from them
once (:meth:`RecheckOptions.engine`, cached per process), and :func:`answer`, which turns
one stored filing (JSON text, or data already parsed) into a report or an error and
never raises: one bad filing must not take the others down, nor the worker they share.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from icp_core.convert import DEFAULT_LIMITS, Limits
from icp_core.errors import FieldError, InputError
from icp_core.plugins import allow_list
from icp_core.problems import Problem, Said

if TYPE_CHECKING:
    from icp_core.engine import Engine
    from icp_core.report import Report


@attrs.frozen
class RecheckOptions:
    """What every worker needs to answer like ``icp check`` with the same options.

    Plain, picklable values only: the options travel to worker processes (and, for Spark,
    to other machines)."""

    allow: tuple[str, ...] | None = attrs.field(default=None, converter=allow_list)
    profile: str | None = None  # the profile's file (read by each worker unless profile_text is given)
    profile_text: str | None = None  # the profile file's text, for workers that do not have the file
    hook_timeout: float | None = 10.0  # None (or 0) runs hooks without the guard thread
    on: dt.date | None = None  # the evaluation day; else the filing's evaluated_on, else today in China
    complete: bool = False  # missing facts are input errors (``--complete``)
    explain: bool = False  # each finding with its section's title (``--explain``; remedies are always there)
    lang: str = "en"
    limits: Limits = DEFAULT_LIMITS  # for one filing

    def engine(self) -> Engine:
        """This process's engine for these options, built on first use and kept."""
        return _engine(self.allow, self.profile, self.profile_text, self.hook_timeout or None)

    def new_engine(self) -> Engine:
        """An engine for these options, built now (a one-off command: the profile file as it is now)."""
        return _engine.__wrapped__(self.allow, self.profile, self.profile_text, self.hook_timeout or None)

    def with_profile_text(self) -> RecheckOptions:
        """The same options carrying the profile's text, read here, so that workers on
        machines without the file load the same profile."""
        if self.profile is None or self.profile_text is not None:
            return self
        from pathlib import Path

        return attrs.evolve(self, profile_text=Path(self.profile).read_text("utf-8"))


@functools.lru_cache(maxsize=4)  # one a process in practice; a few for tests that vary the options
def _engine(allow: tuple[str, ...] | None, profile: str | None, profile_text: str | None,
            hook_timeout: float | None) -> Engine:
    from icp_core.engine import Engine
    from icp_core.profiles import Profile, profile_from_text

    chosen: Profile | str | None = profile
    if profile_text is not None:
        chosen = profile_from_text(profile_text, profile or "profile")
    return Engine.from_entry_points(list(allow) if allow is not None else None, profile=chosen,
                                    hook_timeout=hook_timeout)


@attrs.frozen
class Answer:
    """One stored filing's answer: its report, or why there is none."""

    report: Report | None  # None: the filing could not be read, or checking it met a bug
    data: dict[str, Any]  # JSON data: the report as ``icp check --format json`` gives it, or the error

    @property
    def passed(self) -> bool:
        return self.report is not None and self.report.passed

    def json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False)


def answer(filing: str | Mapping[str, Any] | None, options: RecheckOptions, *,
           unreadable: Said | None = None) -> Answer:
    """Check one stored filing: JSON text (strict, bounded by ``options.limits``) or data
    already parsed (a mapping in the model's shape). Never raises.

    Input that cannot be read (``unreadable``: why the face could not even get its text;
    ``None``: a null filing) answers with the input error payload of every face
    (``{"error": "input", "errors": [{"path": …}]}``); a bug, ours or a plugin's, with
    ``{"error": "internal", "message": …}`` (masked), failed closed either way."""
    from icp_core.calendar import today
    from icp_core.convert import parse_json, structure
    from icp_core.model import Filing
    from icp_core.output import to_data
    from icp_core.streaming import internal_message

    try:
        if unreadable is not None or filing is None:
            raise InputError([FieldError("", unreadable or Problem.null_filing())])
        data = parse_json(filing, limits=options.limits) if isinstance(filing, str) else filing
        parsed = structure(data, Filing, limits=options.limits)
        report = options.engine().check(parsed, on=options.on or parsed.evaluated_on or today(),
                                        require_complete=options.complete)
        if options.explain:
            from icp_core.sections import explained

            report = explained(report)
        return Answer(report, to_data(report, options.lang))
    except InputError as exc:
        # The same payload as HTTP 422 bodies and `icp check --format json` (paths and texts
        # are masked when the errors are made).
        return Answer(None, exc.to_data(options.lang))
    except Exception as exc:  # a bug (ours or a plugin's): answered, failed closed, and the others go on
        return Answer(None, {"error": "internal", "message": internal_message(exc)})
