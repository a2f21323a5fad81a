"""What a replay answers: per filing, a change; over the file, a summary (and its tally)."""


from __future__ import annotations

import collections
import enum
from typing import TYPE_CHECKING

import attrs

from icp_core.report import Text

if TYPE_CHECKING:
    pass



class SideVerdict(enum.StrEnum):
    """What one side answered for a filing: a verdict, or ``input`` (the side could not
    read it: a field in error, an industry or document key its plugins do not know) or
    ``internal`` (a bug met it; never read as a pass)."""

    error = "error"
    fail = "fail"
    not_covered = "not_covered"
    incomplete = "incomplete"
    pass_ = "pass"
    input = "input"
    internal = "internal"


@attrs.frozen
class ReplayFailure:
    """A plugin failure (or a bug) on one side: why that side's verdict is ``error``."""

    side: str  # "baseline" or "candidate"
    plugin: str
    hook: str
    error: str  # masked


@attrs.frozen
class ReplayError:
    """One input problem of a filing, as in a batch error line."""

    path: str
    code: str
    message: Text
    line: int | None = None
    column: int | None = None


@attrs.frozen
class ReplayChange:
    """One filing checked by both sides, and what changed between them."""

    #: The filing's line in the file (from 1); in an HTTP body, its index in ``filings`` (from 0).
    line: int
    #: The filing's ``id``, when the line gives one beside the filing's fields (masked by shape).
    id: str | None
    #: The baseline's verdict, or ``input``/``internal``.
    baseline: SideVerdict
    #: The candidate's verdict, or ``input``/``internal``.
    candidate: SideVerdict
    #: Rules that fire on the candidate side only.
    rules_added: tuple[str, ...] = ()
    #: Rules that fire on the baseline side only.
    rules_removed: tuple[str, ...] = ()
    #: Documents (``key`` or ``key@path``) the candidate asks for and the baseline does not.
    documents_added: tuple[str, ...] = ()
    #: Documents the baseline asks for and the candidate does not.
    documents_removed: tuple[str, ...] = ()
    #: Plugin failures on either side.
    failures: tuple[ReplayFailure, ...] = ()
    #: Input problems (of the line itself, or of the side that could not read it).
    errors: tuple[ReplayError, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.baseline is not self.candidate or self.rules_added or self.rules_removed
                    or self.documents_added or self.documents_removed)

    @property
    def no_longer_passes(self) -> bool:
        """Passed under the baseline, and anything else under the candidate: what gates a change."""
        return self.baseline is SideVerdict.pass_ and self.candidate is not SideVerdict.pass_


@attrs.frozen
class Transition:
    """How many filings went from one verdict to another (or stayed)."""

    baseline: SideVerdict
    candidate: SideVerdict
    filings: int


@attrs.frozen
class Count:
    """How many filings a rule (or a document) started or stopped applying to."""

    name: str
    filings: int


@attrs.frozen
class ReplaySummary:
    """The whole replay in counts: transitions, and the rules and documents that changed."""

    #: Filings (lines) replayed, input errors included.
    filings: int
    #: Filings whose verdict, rules or documents differ between the sides.
    changed: int
    #: Filings that pass under the baseline and not under the candidate (exit code 1 when any).
    no_longer_pass: int
    #: Lines that neither side could read.
    input_errors: int
    #: Every pair of verdicts met, most frequent first (unchanged pairs too).
    transitions: tuple[Transition, ...]
    #: Rules that fire under the candidate only, by the filings they start firing on, most first.
    rules_started: tuple[Count, ...]
    #: Rules that fire under the baseline only, by the filings they stop firing on, most first.
    rules_stopped: tuple[Count, ...]
    #: Documents the candidate asks for and the baseline did not, by filings.
    documents_added: tuple[Count, ...]
    #: Documents the baseline asked for and the candidate does not, by filings.
    documents_removed: tuple[Count, ...]
    #: The two sides as given.
    baseline: str
    candidate: str


class ReplayTally:
    """Counts of a replay, added to as changes stream past: bounded by the number of
    verdict pairs, rules and documents, never by the number of filings."""

    def __init__(self, baseline: str, candidate: str) -> None:
        self.sides = (baseline, candidate)
        self.filings = self.changed = self.no_longer_pass = self.input_errors = 0
        self.transitions: collections.Counter[tuple[SideVerdict, SideVerdict]] = collections.Counter()
        self.rules_started: collections.Counter[str] = collections.Counter()
        self.rules_stopped: collections.Counter[str] = collections.Counter()
        self.documents_added: collections.Counter[str] = collections.Counter()
        self.documents_removed: collections.Counter[str] = collections.Counter()

    def add(self, change: ReplayChange) -> None:
        self.filings += 1
        if change.baseline is SideVerdict.input and change.candidate is SideVerdict.input:
            self.input_errors += 1
            return
        self.transitions[change.baseline, change.candidate] += 1
        self.changed += change.changed
        self.no_longer_pass += change.no_longer_passes
        self.rules_started.update(change.rules_added)
        self.rules_stopped.update(change.rules_removed)
        self.documents_added.update(change.documents_added)
        self.documents_removed.update(change.documents_removed)

    def summary(self) -> ReplaySummary:
        def ranked(counter: collections.Counter[str]) -> tuple[Count, ...]:
            return tuple(Count(name, n) for name, n in sorted(counter.items(), key=lambda item: (-item[1], item[0])))

        transitions = tuple(Transition(b, c, n) for (b, c), n in sorted(
            self.transitions.items(), key=lambda item: (-item[1], item[0][0].value, item[0][1].value)))
        return ReplaySummary(self.filings, self.changed, self.no_longer_pass, self.input_errors, transitions,
                             ranked(self.rules_started), ranked(self.rules_stopped), ranked(self.documents_added),
                             ranked(self.documents_removed), *self.sides)
