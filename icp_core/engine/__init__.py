"""The engine: which plugins a filing touches, calling them, combining their answers.

One ``Engine`` serves many requests and threads. It knows every plugin by scope
from metadata alone; the first filing of a scope imports that scope's plugin,
compiles its policy and builds its own pluggy manager (one hook caller per scope),
under a lock. After that a check reads only immutable state and makes a new
``Facts`` per call, so concurrent checks share nothing mutable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from icp_core.context import Facts
from icp_core.engine.combine import _combine, _day, _finish, _has_facts, _merge_documents, _notes_for
from icp_core.engine.epochs import plan_on
from icp_core.engine.hooks import _call, _failure, _HookRunner
from icp_core.engine.resolve import _Resolution
from icp_core.engine.state import PluginSource, _Plan, _Scope
from icp_core.errors import FieldError, InputError
from icp_core.model import ChangeRequest, ChangeTarget, Filing, OriginalFiling, TransferRequest
from icp_core.problems import Problem
from icp_core.report import (
    Decision,
    DecisionReport,
    DocumentRequirement,
    DocumentsReport,
    DocumentsVerdict,
    Finding,
    Note,
    PluginFailure,
    Report,
    Status,
    verdict_of,
)
from icp_core.rules import Compiled
from icp_core.scopes import ScopeKind

__all__ = ["Engine", "PluginSource"]


class Engine(_Resolution, _HookRunner):
    """Checks filings against the installed (or given) plugins. Thread-safe; reuse it.

    Build one with ``Engine.from_entry_points()`` (installed plugins, optionally an
    allow-list and a profile) or ``Engine.from_sources()`` (plugins given directly).
    """

    # -- questions --------------------------------------------------------------

    def check(self, filing: Filing, *, on: dt.date | None = None, require_complete: bool = False,
              with_documents: bool = True) -> Report:
        """Check a filing against every rule of every scope it is in."""
        day = on or filing.evaluated_on or _day(filing, on)
        filing = self.admit(filing)
        plan = self._plan(filing)
        if day < plan.since:  # a rule of these scopes changes after ``day``: the plan of its epoch
            plan = plan_on(plan, day, filing)
        if filing.documents:
            documents_given = self._admit_documents(filing, plan, filing.documents, "documents")
            if documents_given != filing.documents:
                filing = attrs.evolve(filing, documents=documents_given)
        facts = Facts(filing, day, self._parsed)
        findings: list[Finding] = []
        if plan.plain_without_documents if not with_documents else plan.plain_with_documents:
            # Declared rules only (no hooks, notes, waivers or load errors): run them
            # straight; should a rule raise, start over on the path that names it.
            try:
                for check in plan.check_functions:
                    check(facts, findings)
                return self._report(filing, day, plan, findings, (), (), (), (), require_complete)
            except Exception:
                findings.clear()
        documents: list[DocumentRequirement] = []
        notes: list[Note] = []
        failures: list[PluginFailure] = []
        waived: list[str] = []
        hooked: list[tuple[_Scope, list[Finding]]] = []
        for state in plan.states:
            if state.error is not None:
                failures.append(PluginFailure(state.spec.distribution, "load", state.error))
                continue
            own: list[Finding] = []
            for rule_id, check in state.checks:
                try:
                    check(facts, own)
                except Exception as exc:  # a rule kind meeting data it cannot handle
                    failures.append(_failure(state, f"rule {rule_id}", exc))
            if with_documents:
                self._declared_documents(state, facts, documents, failures)
            if state.notes:
                notes.extend(_notes_for(state, facts, "check"))
            if state.hooks:
                hooked.append((state, own))
            else:
                findings.extend(_finish(state, own, day, waived))
        if hooked:
            # Every plugin's Python hooks for this check in one guarded run: one hand-off
            # to the hook thread per check, not one per plugin.
            for (state, own), (found, required) in zip(
                    hooked, self._run_hooks([s for s, _ in hooked], filing, facts, with_documents, failures),
                    strict=True):
                own.extend(found)
                findings.extend(_finish(state, own, day, waived))
                documents.extend(required)
        return self._report(filing, day, plan, findings, documents, notes, failures, waived, require_complete)

    def _report(self, filing: Filing, day: dt.date, plan: _Plan, findings: list[Finding],
                documents: Sequence[DocumentRequirement], notes: Sequence[Note], failures: Sequence[PluginFailure],
                waived: Sequence[str], require_complete: bool) -> Report:
        findings.extend(self._suggestions(filing))
        clean = not (findings or documents or notes or failures or waived or plan.uncovered)
        if clean:  # about half of the filings a console re-checks: one shared answer per plan and day
            known = plan.clean_reports.get(day)
            if known is not None:
                return known
        if plan.superseded:
            gone = plan.superseded
            findings = [f for f in findings if (f.rule_id, f.plugin) not in gone]
            documents = [d for d in documents if (d.rule_id, d.plugin) not in gone]
            notes = [n for n in notes if (n.rule_id, n.plugin) not in gone]
        if plan.uncovered:
            findings.extend(plan.uncovered)
        if len(findings) > 1:
            findings.sort(key=Finding.sort_key)
        needs = Status.needs_information
        missing = tuple(sorted({m for f in findings if f.status is needs for m in f.missing})) if any(
            f.status is needs for f in findings) else ()
        if require_complete and missing:
            raise InputError([FieldError(path, Problem.required_to_complete()) for path in missing])
        failures_t = tuple(failures)
        findings_t = tuple(findings)
        report = Report(
            verdict_of(findings_t, failures_t, plan.covered), filing.province.value, day, findings_t,
            _merge_documents(list(documents)) if documents else (), tuple(notes), missing, failures_t,
            plan.labels, self._profile_name, tuple(sorted(set(waived))) if waived else (), plan.coverage,
            plan.rule_versions,
        )
        if clean and len(plan.clean_reports) < 64:  # bounded: the days checked on are few, whatever the input
            plan.clean_reports[day] = report
        return report

    def documents(self, filing: Filing, *, on: dt.date | None = None) -> DocumentsReport:
        """The documents this filing must upload, each with the rule that asks for it."""
        day = _day(filing, on)
        filing = self.admit(filing)
        plan = plan_on(self._plan(filing), day, filing)
        if filing.documents:
            filing = attrs.evolve(filing, documents=self._admit_documents(filing, plan, filing.documents, "documents"))
        facts = Facts(filing, day, self._parsed)
        documents: list[DocumentRequirement] = []
        failures: list[PluginFailure] = []
        hooked: list[_Scope] = []
        for state in plan.states:
            if state.error is not None:
                failures.append(PluginFailure(state.spec.distribution, "load", state.error))
                continue
            self._declared_documents(state, facts, documents, failures)
            if "required_documents" in state.hooks:
                hooked.append(state)
        if hooked:
            for _, required in self._run_hooks(hooked, filing, facts, True, failures, only_documents=True):
                documents.extend(required)
        if plan.superseded:
            documents = [d for d in documents if (d.rule_id, d.plugin) not in plan.superseded]
        verdict = (DocumentsVerdict.error if failures else
                   DocumentsVerdict.listed if plan.covered else DocumentsVerdict.not_covered)
        return DocumentsReport(filing.province.value, day, _merge_documents(documents),
                               tuple(failures), plan.labels, verdict, plan.coverage, plan.rule_versions)

    def change(self, filing: Filing, change: ChangeRequest, *, on: dt.date | None = None) -> DecisionReport:
        """May the filing be changed as requested, and on what conditions?"""
        day = _day(filing, on)
        filing = self.admit(filing)
        plan = plan_on(self._plan(filing), day, filing)
        change = attrs.evolve(change, documents=self._admit_documents(filing, plan, change.documents,
                                                                      "change.documents"))
        facts = Facts(filing, day, self._parsed)
        kind = change.kind(filing.subject.type) if filing.subject.type else None
        request = f"change:{kind.value}" if kind else f"change:{change.to.value}"
        missing: tuple[str, ...] = ()
        if kind is None and change.to in (ChangeTarget.enterprise, ChangeTarget.individual):
            missing = ("subject.type",)  # which cell of the matrix applies depends on it
        return self._decide(filing, facts, plan, _CHANGE, request, change, missing)

    def transfer(self, filing: Filing, transfer: TransferRequest, *, on: dt.date | None = None) -> DecisionReport:
        """May a filing on record at another provider be transferred in, and on what conditions?"""
        day = _day(filing, on)
        filing = self.admit(filing)
        plan = plan_on(self._plan(filing), day, filing)
        transfer = attrs.evolve(transfer, documents=self._admit_documents(filing, plan, transfer.documents,
                                                                          "transfer.documents"))
        facts = Facts(filing, day, self._parsed)
        # Without the original's facts nothing can be compared: say what to give, never allow.
        missing = () if _has_facts(transfer.original) else tuple(
            f"transfer.original.{f.name}" for f in attrs.fields(OriginalFiling))
        return self._decide(filing, facts, plan, _TRANSFER, "transfer", transfer, missing)

    def _declared_documents(self, state: _Scope, facts: Facts, out: list[DocumentRequirement],
                            failures: list[PluginFailure]) -> None:
        for rule_id, rule in state.document_rules:
            try:
                rule(facts, out)
            except Exception as exc:
                failures.append(_failure(state, f"rule {rule_id}", exc))

    def _decide(self, filing: Filing, facts: Facts, plan: _Plan, question: _Question, request: str, value: Any,
                missing: tuple[str, ...]) -> DecisionReport:
        decisions: list[tuple[int, Decision]] = []
        failures: list[PluginFailure] = []
        notes: list[Note] = []
        for state in plan.states:
            key = state.spec.scope
            if state.error is not None:
                failures.append(PluginFailure(state.spec.distribution, "load", state.error))
                continue
            notes.extend(_notes_for(state, facts, question.about))
            rank = ScopeKind.of(key).specificity
            found: list[Decision] = []
            for compiled, decide in question.rules(state):
                try:
                    decision = decide(facts, value)
                except Exception as exc:
                    failures.append(_failure(state, f"rule {compiled.id}", exc))
                    continue
                if decision is not None:
                    found.append(decision)
            hook = state.hooks.get(question.hook)
            if hook is not None:
                decided, failed = self._guarded(state, question.hook, lambda: _call(
                    state, question.hook, Decision, hook, filing=filing, facts=facts.with_params(state.params),
                    rules=state.rules, **{question.about: value}))
                found.extend(decided)
                failures.extend(failed)
            decisions += [(rank, attrs.evolve(d, scope=key)) for d in found]
        report = _combine(request, filing.province.value, decisions, tuple(failures), plan, missing)
        if plan.rule_versions:
            report = attrs.evolve(report, rule_versions=plan.rule_versions)
        return attrs.evolve(report, notes=tuple(notes)) if notes else report


@attrs.frozen
class _Question:
    """A question answered by decisions (change, transfer): its name (the hook's argument and
    the notes' topic), its hook, and each scope's declared rules with their decide function."""

    about: str
    hook: str
    rules: Callable[[_Scope], Iterable[tuple[Compiled, Callable[[Facts, Any], Decision | None]]]]


_CHANGE = _Question("change", "allowed_change", lambda state: ((c, c.change) for c in state.change_rules
                                                               if c.change is not None))
_TRANSFER = _Question("transfer", "allowed_transfer", lambda state: ((c, c.transfer) for c in state.transfer_rules
                                                                     if c.transfer is not None))
