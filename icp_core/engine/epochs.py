"""Rules in force by date, in the engine: a scope's days divided into epochs (the ranges of
days over which its rules in force and its dated data do not change), and the plan of a
filing's scopes on a day.

A loaded ``_Scope`` is what is in force from the last day its rules change on (for the
bundled plugins: every rule, from the guide's date); ``state.earlier`` holds a view of the
scope for each earlier epoch, built once at load. A ``_Plan`` holds from ``plan.since``
on; a check on an earlier day takes the plan of its epoch, built on first use and kept
on the plan. A scope whose policy has rules but none in force on the day is not checked
and says so: its coverage is ``not_in_force`` and the answer ``not_covered``, never a pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icp_core.engine.combine import coverage_finding
from icp_core.engine.state import _Plan, _Scope
from icp_core.in_force import Period, changes, epoch_of, epoch_start, version_name
from icp_core.model import Filing
from icp_core.policy import Policy
from icp_core.report import Coverage, CoverageStatus, Finding, Text
from icp_core.rules import Compiled, Rule
from icp_core.scope_rules import ScopeRules
from icp_core.scopes import describe, filing_scopes


def divide_by_day(state: _Scope, policy: Policy, compiled: Sequence[Compiled],
                  kept: Sequence[tuple[Rule, Period]]) -> None:
    """Make ``state`` what is in force from the last change of its rules on, and build its
    ``earlier`` epochs. ``compiled`` are the rules the profile keeps (all versions), ``kept``
    the same rules as written with their periods."""
    days = changes([*(period for _, period in kept), *(p for ps in policy.data_periods.values() for p in ps)])
    if not days:  # no rule (a stand-in, or every rule disabled by the profile) and no dated data
        return
    profile_disabled = state.disabled
    earlier = []
    for index in range(len(days)):
        view = _Scope(state.spec)
        view.label, view.policy, view.hooks = state.label, state.policy, state.hooks
        view.severities, view.waivers = state.severities, state.waivers
        _restrict(view, state, policy, compiled, kept, epoch_start(days, index), profile_disabled, rebuild=True)
        earlier.append(view)
    _restrict(state, state, policy, compiled, kept, days[-1], profile_disabled,
              rebuild=any(not period.covers(days[-1]) for _, period in kept) or bool(policy.data_periods))
    state.changes = days
    state.earlier = tuple(earlier)


def _restrict(target: _Scope, loaded: _Scope, policy: Policy, compiled: Sequence[Compiled],
              kept: Sequence[tuple[Rule, Period]], day: dt.date, profile_disabled: frozenset[str],
              *, rebuild: bool) -> None:
    """Fill ``target`` with the rules of ``loaded`` in force on ``day``."""
    from icp_core.engine.load import fill_rules  # (load imports this module)

    in_force = [(c, rule, period) for c, (rule, period) in zip(compiled, kept, strict=True) if period.covers(day)]
    target.versions = tuple(sorted(version_name(rule.id, period) for _, rule, period in in_force if period.declared))
    target.idle = bool(kept) and not in_force  # rules, none of them in force (not: a plugin without rules)
    if not rebuild:
        return
    fill_rules(target, [c for c, _, _ in in_force])
    # A Python rule out of force is checked by a hook all the same: its findings are dropped,
    # as a disabled rule's are.
    target.disabled = profile_disabled | ({rule.id for rule, _ in kept} - {c.id for c, _, _ in in_force})
    target.supersedes = frozenset(other for _, rule, _ in in_force for other in rule.supersedes)
    if loaded.rules is not None:  # the hooks' ``rules``: the versions and the data in force
        target.rules = ScopeRules(loaded.spec.distribution, policy, loaded.severities,
                                  compiled=[c for c, _, _ in in_force], data=policy.data_on(day))


def scope_on(state: _Scope, day: dt.date) -> _Scope:
    """The view of ``state`` in force on ``day``."""
    if not state.changes or day >= state.changes[-1]:
        return state
    return state.earlier[epoch_of(state.changes, day)]


def plan_on(plan: _Plan, day: dt.date, filing: Filing) -> _Plan:
    """The plan of ``filing``'s scopes on ``day``: ``plan`` itself from ``plan.since`` on (every
    plan whose rules carry no period of their own, on any day since the guide's date)."""
    if day >= plan.since:
        return plan
    index = epoch_of(plan.changes, day)
    found = plan.earlier.get(index)
    if found is None:  # built once per epoch and shape (two threads may both build it: same result)
        found = plan.earlier[index] = _plan_for(plan, day, filing)
    return found


def _plan_for(plan: _Plan, day: dt.date, filing: Filing) -> _Plan:
    fields = dict(filing_scopes(filing))
    states: list[_Scope] = []
    coverage: list[Coverage] = []
    uncovered = list(plan.uncovered)
    loaded = iter(plan.states)
    for entry in plan.coverage:
        if entry.status is not CoverageStatus.covered and entry.status is not CoverageStatus.failed:
            coverage.append(entry)
            continue
        state = next(loaded)
        view = scope_on(state, day)
        if view.idle:
            entry = Coverage(entry.scope, CoverageStatus.not_in_force, entry.plugin, None)
            uncovered.append(_not_in_force(entry, fields.get(entry.scope, ""), state, day))
        else:
            states.append(view)
        coverage.append(entry)
    return _Plan(tuple(states), tuple(coverage), tuple(uncovered))


def _not_in_force(entry: Coverage, field: str, state: _Scope, day: dt.date) -> Finding:
    """The engine's finding for a scope whose plugin has no rule in force on the day (the same
    for every day of the epoch: it names the epoch's end, not the day)."""
    what = describe(entry.scope)
    plugin = state.spec.distribution
    starts = next((change for change in state.changes if change > day), None)
    if starts is not None:
        message = Text(
            f"No rule of {plugin} for {what.en} is in force on the evaluation day: its rules are in force from "
            f"{starts.isoformat()}. The filing was not checked against them.",
            f"评估日期当天，{plugin} 中{what.zh}的规则均未生效（自 {starts.isoformat()} 起生效），"
            f"备案未按这些规则检查。")
    else:
        ended = state.changes[-1] - dt.timedelta(days=1)
        message = Text(
            f"No rule of {plugin} for {what.en} is in force on the evaluation day: the last of them ended on "
            f"{ended.isoformat()}. The filing was not checked against them.",
            f"评估日期当天，{plugin} 中{what.zh}的规则均未生效（最后一条已于 {ended.isoformat()} 失效），"
            f"备案未按这些规则检查。")
    return coverage_finding(entry, field, message)
