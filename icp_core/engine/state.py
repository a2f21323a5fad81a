"""The engine's state: one loaded scope (its compiled rules and hook callers), the plan of
scopes a filing is in, and a plugin given directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from icp_core import hookspecs

if TYPE_CHECKING:
    from icp_core.scope_rules import ScopeRules
from icp_core.context import Facts
from icp_core.documents import CATALOGUE
from icp_core.plugins import PluginSpec
from icp_core.policy import Policy
from icp_core.report import (
    Coverage,
    CoverageStatus,
    DocumentRequirement,
    Finding,
    Note,
    Report,
    Severity,
    Text,
)
from icp_core.rules import Compiled
from icp_core.scopes import ScopeKind

_FINDING_HOOKS = hookspecs.FINDING_HOOKS


class _Scope:
    """One scope's plugin, loaded: compiled rules by question, and its hook caller."""

    __slots__ = (
        "change_rules",
        "changes",
        "check_functions",
        "checks",
        "disabled",
        "document_rules",
        "earlier",
        "error",
        "hooks",
        "idle",
        "label",
        "notes",
        "params",
        "policy",
        "rule_count",
        "rules",
        "severities",
        "spec",
        "supersedes",
        "transfer_rules",
        "versions",
        "waivers",
    )

    def __init__(self, spec: PluginSpec) -> None:
        self.spec = spec
        self.label = f"{spec.distribution}=={spec.version} ({spec.scope})"
        self.policy: Policy | None = None
        self.supersedes: frozenset[str] = frozenset()
        self.checks: tuple[tuple[str, Callable[[Facts, list[Finding]], None]], ...] = ()
        self.document_rules: tuple[tuple[str, Callable[[Facts, list[DocumentRequirement]], None]], ...] = ()
        self.change_rules: tuple[Compiled, ...] = ()
        self.transfer_rules: tuple[Compiled, ...] = ()
        self.notes: tuple[tuple[Compiled, Note], ...] = ()
        self.waivers: dict[str, dt.date] = {}
        self.hooks: dict[str, Any] = {}  # hook name -> pluggy HookCaller, only hooks with implementations
        self.rules: ScopeRules | None = None  # what the hooks receive as ``rules`` (only with hooks)
        self.rule_count = 0
        self.error: str | None = None
        #: Python rules' parameters, and the profile's severities (given to the hooks'
        #: ``rules``) and disabled rules (whose findings the engine drops).
        self.params: Mapping[str, Mapping[str, Any]] = {}
        self.severities: dict[str, Severity] = {}
        self.disabled: frozenset[str] = frozenset()
        self.check_functions: tuple[Callable[[Facts, list[Finding]], None], ...] = ()
        #: Rules in force by date (``engine.epochs``): the days the scope's rules change, this
        #: state being what is in force from the last of them on and ``earlier`` the states
        #: before; ``idle`` when the policy has rules but none is in force; ``versions`` the
        #: dated rule versions in force (``id@from``), named in reports.
        self.changes: tuple[dt.date, ...] = ()
        self.earlier: tuple[_Scope, ...] = ()
        self.idle = False
        self.versions: tuple[str, ...] = ()

    def plain(self, with_documents: bool) -> bool:
        """Only declared checks to run: the engine may take its fast path."""
        return (self.error is None and not self.hooks and not self.notes and not self.waivers
                and not (with_documents and self.document_rules))


class _Plan:
    """The loaded scopes of one shape of filing, its coverage, and what the fast path
    needs of them."""

    __slots__ = (
        "changes",
        "check_functions",
        "clean_reports",
        "coverage",
        "covered",
        "documents",
        "earlier",
        "labels",
        "plain_with_documents",
        "plain_without_documents",
        "rule_versions",
        "since",
        "states",
        "superseded",
        "uncovered",
    )

    def __init__(self, states: tuple[_Scope, ...], coverage: tuple[Coverage, ...],
                 uncovered: tuple[Finding, ...]) -> None:
        self.states = states
        self.coverage = coverage
        #: The engine's findings for the scopes no plugin checked (status ``not_covered``).
        self.uncovered = uncovered
        self.covered = all(c.status is CoverageStatus.covered or c.status is CoverageStatus.failed
                           for c in coverage)  # a failed plugin makes the answer an error instead
        self.labels = tuple(state.label for state in states)
        #: Rule ids a more specific scope of this plan takes the place of, with the plugins
        #: whose rules they are no longer (those of a less specific scope than the superseder).
        self.superseded = _superseded(states)
        self.check_functions = tuple(check for state in states for check in state.check_functions)
        self.plain_with_documents = all(state.plain(True) for state in states)
        self.plain_without_documents = all(state.plain(False) for state in states)
        #: Document keys the plugins of this plan declare beyond the core catalogue.
        self.documents: dict[str, Text] = {}
        for state in states:
            if state.policy is not None:
                self.documents.update((k, v) for k, v in state.policy.document_names.items() if k not in CATALOGUE)
        #: Rules in force by date (``engine.epochs.plan_on``): this plan holds from ``since`` on;
        #: a check on an earlier day uses the plan of its epoch (``changes``), kept in ``earlier``.
        self.changes = tuple(sorted({day for state in states for day in state.changes}))
        self.since = (dt.date.max if any(state.idle for state in states) else
                      self.changes[-1] if self.changes else dt.date.min)
        self.earlier: dict[int, _Plan] = {}
        self.rule_versions = tuple(sorted(version for state in states for version in state.versions))
        #: The report of a filing none of whose rules found anything, by day: it depends on
        #: nothing else (answers are immutable, so one object serves every such filing).
        self.clean_reports: dict[dt.date, Report] = {}


@attrs.frozen
class PluginSource:
    """A plugin given directly (tests, embedding) instead of through an entry point."""

    scope: str
    distribution: str
    module: ModuleType | None = None
    policy: Mapping[str, Any] | Path | None = None
    version: str = "0"


def _superseded(states: Sequence[_Scope]) -> frozenset[tuple[str, str]]:
    """``(rule id, plugin)`` pairs that a more specific scope of ``states`` supersedes: only a
    rule of a less specific scope can be superseded (a province cannot silence an industry
    rule by naming it; the national plugin cannot silence a province)."""
    if not any(state.supersedes for state in states):
        return frozenset()
    rank = {state.spec.distribution: ScopeKind.of(state.spec.scope).specificity for state in states}
    gone: set[tuple[str, str]] = set()
    for state in states:
        mine = ScopeKind.of(state.spec.scope).specificity
        for rule_id in state.supersedes:
            gone.update((rule_id, plugin) for plugin, theirs in rank.items() if theirs < mine)
    return frozenset(gone)


