"""Combining answers: a scope's findings after its profile (disabled rules, waivers),
documents merged per field, and change or transfer decisions most specific scope first,
then deny-overrides; the engine's own findings for scopes nobody checked."""

from __future__ import annotations

import datetime as dt

import attrs

from icp_core.context import Facts
from icp_core.engine.state import _Plan, _Scope
from icp_core.errors import FieldError, InputError
from icp_core.model import Filing, OriginalFiling
from icp_core.problems import Problem
from icp_core.remedies import NOT_COVERED
from icp_core.report import (
    Coverage,
    CoverageStatus,
    Decision,
    DecisionReport,
    DocumentRequirement,
    Finding,
    Note,
    Outcome,
    PluginFailure,
    Reason,
    Severity,
    Status,
    Text,
)
from icp_core.scopes import citation_for, describe


def _finish(state: _Scope, own: list[Finding], day: dt.date, waived: list[str]) -> list[Finding]:
    """A scope's findings after its profile: disabled rules dropped, waivers applied.
    (Severities are already the profile's: declared rules are compiled with them, and
    hooks receive them in their ``rules``.)"""
    if state.disabled:
        own = [f for f in own if f.rule_id not in state.disabled]
    if state.waivers:
        own, dropped = _waive(own, state.waivers, day)
        waived.extend(dropped)
    return own


def _waive(findings: list[Finding], waivers: dict[str, dt.date], day: dt.date) -> tuple[list[Finding], list[str]]:
    kept: list[Finding] = []
    dropped: list[str] = []
    for finding in findings:
        until = waivers.get(finding.rule_id)
        if until is not None and day <= until:
            dropped.append(finding.rule_id)
        else:
            kept.append(finding)
    return kept, dropped


def _merge_documents(documents: list[DocumentRequirement]) -> tuple[DocumentRequirement, ...]:
    """One entry per document and field: the first rule (by id) gives the reason, the
    others are listed in ``also_required_by`` (a national and a provincial rule often
    ask for the same upload)."""
    merged: dict[tuple[str, str], DocumentRequirement] = {}
    for document in sorted(documents, key=DocumentRequirement.sort_key):
        key = (document.document, document.field)
        first = merged.get(key)
        if first is None:
            merged[key] = document
        elif document.rule_id != first.rule_id and document.rule_id not in first.also_required_by:
            merged[key] = attrs.evolve(first, also_required_by=(*first.also_required_by, document.rule_id))
    return tuple(merged.values())


def _notes_for(state: _Scope, facts: Facts, about: str) -> list[Note]:
    """The notes of a scope about this question whose rule applies to the filing
    (a note whose applicability is not known yet is shown)."""
    return [note for compiled, note in state.notes
            if note.about == about and (compiled.gate is None or compiled.gate(facts) is not False)]


def _combine(request: str, province: str, decisions: list[tuple[int, Decision]],
             failures: tuple[PluginFailure, ...], plan: _Plan, missing: tuple[str, ...]) -> DecisionReport:
    """Most-specific-scope, then deny-overrides (see ``hookspecs.allowed_change``); a
    failed plugin, an uncovered scope, missing facts or the lack of any rule each give
    their own outcome, never ``allowed`` by default."""
    ordered = tuple(d for _, d in sorted(decisions, key=lambda rd: (-rd[0], rd[1].scope)))
    labels, coverage = plan.labels, plan.coverage
    if failures:
        return DecisionReport(request, province, None, "", (), (), ordered, failures, labels, coverage=coverage)
    if not plan.covered:
        reasons = tuple(Reason(f.rule_id, f.message, f.citation, f.plugin) for f in plan.uncovered)
        return DecisionReport(request, province, Outcome.not_covered, "", reasons, (), ordered, failures, labels,
                              coverage=coverage)
    if missing:
        return DecisionReport(request, province, Outcome.incomplete, "", (_MISSING_REASON,), (), ordered, failures,
                              labels, coverage=coverage, missing=missing)
    if not decisions:
        return DecisionReport(request, province, Outcome.undetermined, "", (_NO_RULE_REASON,), (), ordered,
                              failures, labels, coverage=coverage)
    top = max(rank for rank, _ in decisions)
    standing = [d for rank, d in decisions if rank == top]
    worst = max(standing, key=lambda d: _SEVERITY[d.outcome]).outcome
    relevant = [d for d in standing if d.outcome is worst] if worst is Outcome.denied else standing
    reasons = tuple(r for d in relevant for r in d.reasons)
    conditions = () if worst is Outcome.denied else tuple(c for d in relevant for c in d.conditions)
    scopes = ", ".join(sorted({d.scope for d in relevant}))
    gaps = tuple(sorted({m for d in relevant for m in d.missing})) if worst is Outcome.incomplete else ()
    return DecisionReport(request, province, worst, scopes, reasons, conditions, ordered, failures, labels,
                          coverage=coverage, missing=gaps)


#: Deny overrides missing facts, which override conditions, which override allowed.


_SEVERITY = {Outcome.denied: 3, Outcome.incomplete: 2, Outcome.conditional: 1, Outcome.allowed: 0,
             Outcome.undetermined: 0, Outcome.not_covered: 0}

_NO_RULE_REASON = Reason("core.decision.no_rule", Text(
    "No plugin of this filing's scopes has a rule for this request, and the guide states none that applies "
    "everywhere: it cannot be decided here; have it decided by review.",
    "本备案所属范围的插件均无适用于该请求的规则，指南也未规定全国通行的规则：此处无法判定，请人工审核。"),
    "5", "icp-core")

_MISSING_REASON = Reason("core.decision.missing_facts", Text(
    "The facts this request is decided on are not given; give the ones listed under missing.",
    "缺少判定该请求所需的信息，请补充“缺少的信息”中列出的各项。"), "5", "icp-core")


def _has_facts(original: OriginalFiling) -> bool:
    return any(getattr(original, f.name) not in (None, ()) for f in attrs.fields(OriginalFiling))


def _not_covered(entry: Coverage, field: str) -> Finding:
    """The engine's finding for a scope no plugin checked: which, why, and how to fix it."""
    what = describe(entry.scope)
    if entry.status is CoverageStatus.not_allowed:
        message = Text(
            f"The rules for {what.en} were not applied: the plugin {entry.install} is installed but not in this "
            f"deployment's allow-list. Add it to the allow-list (--allow or the profile's plugins:).",
            f"未应用{what.zh}的规则：插件 {entry.install} 已安装，但不在本部署的允许列表中。"
            f"请将其加入允许列表（--allow 或配置文件的 plugins:）。")
    elif entry.status is CoverageStatus.not_served:
        message = Text(
            f"This deployment does not serve {what.en} (its profile's serves:), so the filing was not checked "
            f"against those rules.",
            f"本部署不受理{what.zh}（配置文件的 serves:），备案未按相应规则检查。")
    else:
        message = Text(
            f"No plugin checks {what.en}, so its rules were not applied. Install {entry.install} "
            f"(pip install {entry.install}) and allow it.",
            f"没有插件检查{what.zh}，相应规则未被应用。"
            f"请安装 {entry.install}（pip install {entry.install}）并允许加载。")
    return coverage_finding(entry, field, message)


def coverage_finding(entry: Coverage, field: str, message: Text) -> Finding:
    """The engine's finding that a scope's rules were not applied (status ``not_covered``)."""
    return Finding(f"core.coverage.{entry.scope.split('.')[0]}", Status.not_covered, Severity.error, message, field,
                   citation_for(entry.scope), "icp-core", (), NOT_COVERED)


def _day(filing: Filing, on: dt.date | None) -> dt.date:
    day = on or filing.evaluated_on
    if day is None:
        raise InputError([FieldError("evaluated_on", Problem.evaluation_day_missing())])
    return day


