"""Rules and data in force by date: the period of a rule version or a dated data set.

A rule of a policy may carry the period it is in force, both days included::

    - id: beijing.max_domains          # the old version ...
      kind: max_domains
      max: 10
      until: 2026-12-31
    - id: beijing.max_domains          # ... and the new one, under the same id
      kind: max_domains
      max: 5
      from: 2027-01-01

A rule without ``from`` is in force from the policy's ``in_force_from`` and, when the
policy does not say, from the date of the guide the bundled plugins transcribe
(:data:`GUIDE_DATE`); without ``until`` it has no end. Two versions of one id may not
overlap, and may not leave days between them unless the later one says ``gap: intended``.

A data set of a policy's ``data:`` is dated the same way: its value is ``{versions: [...]}``,
each version a mapping with ``from``/``until`` (optional) and the data itself; a hook's
``rules.data`` holds the version in force on the day of the check.

The engine divides a scope's days into *epochs*, the ranges of days over which its set of
rules in force (and dated data) does not change (``icp_core.engine.in_force``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from icp_core.problems import Said

#: The date of the pre-filing guide the bundled plugins transcribe: "Issue: 20190806" in
#: its header (the seed's first page). A rule is in force from it unless its policy says
#: otherwise (``in_force_from:``) or the rule does (``from:``).
GUIDE_DATE = dt.date(2019, 8, 6)

#: The keys of a rule (or a data version) that state its period; not the kind's parameters.
PERIOD_KEYS = ("from", "until", "gap")
#: The one key of a dated data set: ``{versions: [{from: …, until: …, …the data…}, …]}``.
VERSIONS_KEY = "versions"


@attrs.frozen
class Period:
    """The days a rule version (or data version) is in force, both ends included."""

    start: dt.date
    until: dt.date | None = None  # the last day in force; None: no end
    #: ``from`` or ``until`` written on the rule itself: the rule is a dated version, named in reports.
    declared: bool = False
    #: ``gap: intended``: the days before ``start`` since the previous version ended are meant to be without one.
    gap: bool = False

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)

    def edges(self) -> tuple[dt.date, ...]:
        """The days on which what is in force changes because of this period."""
        if self.until is None or self.until >= dt.date.max:
            return (self.start,)
        return (self.start, self.until + dt.timedelta(days=1))


def version_name(rule_id: str, period: Period) -> str:
    """How reports name a rule version: ``beijing.max_domains@2027-01-01``."""
    return f"{rule_id}@{period.start.isoformat()}"


def read_period(raw: Mapping[str, Any], path: str, default_start: dt.date,
                fail: Any) -> Period:
    """The period stated by the ``from``/``until``/``gap`` keys of ``raw`` (a rule or a data
    version); problems are reported through ``fail(path, message)``."""
    from icp_core.convert import converter

    found: dict[str, dt.date | None] = {}
    for key in ("from", "until"):
        value = raw.get(key)
        if value is None:
            found[key] = None
            continue
        try:
            found[key] = converter.structure(value, dt.date)
        except ValueError as exc:
            said = exc.args[0] if exc.args and isinstance(exc.args[0], Said) else None
            fail(f"{path}.{key}", said or f"expected a date (YYYY-MM-DD), got {value!r}")
            found[key] = None
    gap = raw.get("gap")
    if gap is not None and gap != "intended":
        fail(f"{path}.gap", f"the only value is 'intended' (the version before this one ends on purpose), "
                            f"got {gap!r}")
    start, until = found["from"], found["until"]
    period = Period(start or default_start, until, declared="from" in raw or "until" in raw, gap=gap == "intended")
    if until is not None and until < period.start:
        fail(f"{path}.until", f"until {until.isoformat()} is before the version's start "
                              f"{period.start.isoformat()}")
    return period


def version_problems(rule_id: str, versions: Sequence[tuple[str, Period]]) -> list[tuple[str, str]]:
    """What is wrong with the periods of the versions of one rule (or data set), as
    ``(path, message)``: overlapping periods, and days between two versions that the later
    one does not declare (``gap: intended``)."""
    problems: list[tuple[str, str]] = []
    ordered = sorted(versions, key=lambda version: version[1].start)
    for (earlier_path, earlier), (path, later) in itertools.pairwise(ordered):
        if earlier.until is None or later.start <= earlier.until:
            ends = f"until {earlier.until.isoformat()}" if earlier.until else "with no end (no until)"
            problems.append((f"{path}.from", f"{rule_id}: this version is in force from {later.start.isoformat()}, "
                                             f"while the version at {earlier_path} is in force {ends}: periods of "
                                             f"one id may not overlap"))
            continue
        first_missing = earlier.until + dt.timedelta(days=1)
        if first_missing < later.start and not later.gap:
            last_missing = later.start - dt.timedelta(days=1)
            problems.append((f"{path}.from", f"{rule_id}: no version is in force from {first_missing.isoformat()} "
                                             f"to {last_missing.isoformat()} (the version at {earlier_path} ends "
                                             f"{earlier.until.isoformat()}): start this one on "
                                             f"{first_missing.isoformat()}, or write 'gap: intended' on it"))
        elif first_missing == later.start and later.gap:
            problems.append((f"{path}.gap", f"{rule_id}: 'gap: intended', but this version starts the day after "
                                            f"the version at {earlier_path} ends: there is no gap"))
    if ordered and ordered[0][1].gap:
        problems.append((f"{ordered[0][0]}.gap", f"{rule_id}: 'gap: intended' on the first version: there is "
                                                 f"no earlier version to leave a gap after"))
    return problems


# --------------------------------------------------------------------------- dated data


def is_dated(value: object) -> bool:
    """A data set written as ``{versions: [...]}``."""
    return isinstance(value, Mapping) and set(value) == {VERSIONS_KEY} and isinstance(value[VERSIONS_KEY], list)


def data_periods(data: Mapping[str, Any], default_start: dt.date, fail: Any) -> dict[str, tuple[Period, ...]]:
    """The periods of the dated data sets of a policy's ``data``, by key (checked like
    the versions of a rule: problems go to ``fail``)."""
    found: dict[str, tuple[Period, ...]] = {}
    for key, value in data.items():
        if not is_dated(value):
            continue
        versions: list[tuple[str, Period]] = []
        for index, version in enumerate(value[VERSIONS_KEY]):
            path = f"data.{key}.{VERSIONS_KEY}[{index}]"
            if not isinstance(version, Mapping):
                fail(path, "expected a mapping: from, until (optional) and the data of this version")
                continue
            versions.append((path, read_period(version, path, default_start, fail)))
        if not versions:
            fail(f"data.{key}.{VERSIONS_KEY}", "a dated data set needs at least one version")
        for path, message in version_problems(f"data {key}", versions):
            fail(path, message)
        found[key] = tuple(period for _, period in versions)
    return found


def data_on(data: Mapping[str, Any], periods: Mapping[str, tuple[Period, ...]], day: dt.date) -> dict[str, Any]:
    """``data`` with each dated set replaced by its version in force on ``day`` (without its
    period keys); a dated set with no version in force that day is left out, so that a hook
    reading it fails (the answer is an error, never a pass on data that was not in force)."""
    resolved: dict[str, Any] = {}
    for key, value in data.items():
        if key not in periods:
            resolved[key] = value
            continue
        for version, period in zip(value[VERSIONS_KEY], periods[key], strict=True):
            if period.covers(day):
                resolved[key] = {k: v for k, v in version.items() if k not in PERIOD_KEYS}
                break
    return resolved


# --------------------------------------------------------------------------- epochs


def changes(periods: Iterable[Period]) -> tuple[dt.date, ...]:
    """The days on which the set of periods in force changes, sorted. Epoch ``i`` is the
    days from ``changes[i - 1]`` (included) to ``changes[i]`` (excluded); epoch 0 is every
    day before the first change, the last one every day from the last change on."""
    return tuple(sorted({edge for period in periods for edge in period.edges()}))


def epoch_of(days: Sequence[dt.date], day: dt.date) -> int:
    """The epoch of ``day`` given the ``changes`` ``days``."""
    return bisect.bisect_right(days, day)


def epoch_start(days: Sequence[dt.date], index: int) -> dt.date:
    """A day of epoch ``index`` (its first, or for epoch 0 the day before the first change)."""
    return days[index - 1] if index > 0 else days[0] - dt.timedelta(days=1)
