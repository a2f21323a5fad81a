"""The engine: which plugins a filing touches, calling them, combining their answers.

One ``Engine`` serves many requests and threads. It knows every plugin by scope
from metadata alone; the first filing of a scope imports that scope's plugin,
compiles its policy and builds its own pluggy manager (one hook caller per scope),
under a lock. After that a check reads only immutable state and makes a new
``Facts`` per call, so concurrent checks share nothing mutable.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from icp_core import hookspecs

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor
from icp_core.context import Facts, ParsedValues
from icp_core.documents import CATALOGUE
from icp_core.errors import FieldError, InputError, PluginLoadError, PolicyError
from icp_core.hook_watch import ENGINE, HookCall, HookWatch
from icp_core.model import ChangeRequest, ChangeTarget, Filing, OriginalFiling, TransferRequest
from icp_core.plugins import PluginRules, PluginSpec, find_plugins, iter_hook_names
from icp_core.policy import Policy, compile_policy
from icp_core.privacy import redact_text
from icp_core.problems import Problem
from icp_core.profiles import Profile, RuleOverride, load_profile, override_problems, tuned_rule
from icp_core.report import (
    Coverage,
    CoverageStatus,
    Decision,
    DecisionReport,
    DocumentRequirement,
    DocumentsReport,
    DocumentsVerdict,
    Finding,
    Note,
    Outcome,
    PluginFailure,
    PluginInfo,
    Reason,
    Report,
    Severity,
    Status,
    Text,
    verdict_of,
)
from icp_core.rules import CompileContext, Compiled, Rule
from icp_core.scopes import NATIONAL, ScopeKind, all_scopes, citation_for, describe, distribution_for, filing_scopes
from icp_core.suggestions import Suggest, suggester
from icp_core.vocabulary import INDUSTRIES, Term, Vocabulary, admit_filing, document_keys

#: Specificity of scopes for combining change/transfer decisions: higher decides.

_FINDING_HOOKS = hookspecs.FINDING_HOOKS


class _Scope:
    """One scope's plugin, loaded: compiled rules by question, and its hook caller."""

    __slots__ = (
        "change_rules",
        "check_functions",
        "checks",
        "disabled",
        "document_rules",
        "error",
        "hooks",
        "label",
        "notes",
        "params",
        "policy",
        "rule_count",
        "severities",
        "spec",
        "supersedes",
        "transfer_rules",
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
        self.rule_count = 0
        self.error: str | None = None
        #: Python rules' parameters, and the profile's severities and disabled rules,
        #: which the engine applies to what the hooks report.
        self.params: Mapping[str, Mapping[str, Any]] = {}
        self.severities: dict[str, Severity] = {}
        self.disabled: frozenset[str] = frozenset()
        self.check_functions: tuple[Callable[[Facts, list[Finding]], None], ...] = ()

    def plain(self, with_documents: bool) -> bool:
        """Only declared checks to run: the engine may take its fast path."""
        return (self.error is None and not self.hooks and not self.notes and not self.waivers
                and not (with_documents and self.document_rules))


class _Plan:
    """The loaded scopes of one shape of filing, its coverage, and what the fast path
    needs of them."""

    __slots__ = (
        "check_functions",
        "coverage",
        "covered",
        "documents",
        "labels",
        "plain_with_documents",
        "plain_without_documents",
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


@attrs.frozen
class PluginSource:
    """A plugin given directly (tests, embedding) instead of through an entry point."""

    scope: str
    distribution: str
    module: ModuleType | None = None
    policy: Mapping[str, Any] | Path | None = None
    version: str = "0"


class Engine:
    """Checks filings against the installed (or given) plugins. Thread-safe; reuse it.

    Build one with ``Engine.from_entry_points()`` (installed plugins, optionally an
    allow-list and a profile) or ``Engine.from_sources()`` (plugins given directly).
    """

    def __init__(self, specs: Sequence[PluginSpec], *, profile: Profile | None = None,
                 sources: Mapping[str, PluginSource] | None = None, hook_timeout: float | None = 10.0,
                 hook_workers: int = 8, installed: Sequence[PluginSpec] | None = None) -> None:
        self.profile = profile
        #: Scopes served by installed plugins that the allow-list leaves out, for coverage.
        chosen = {(spec.scope, spec.distribution) for spec in specs}
        self._not_allowed: dict[str, tuple[str, ...]] = {}
        for spec in sorted(installed or ()):
            if (spec.scope, spec.distribution) not in chosen:
                self._not_allowed[spec.scope] = (*self._not_allowed.get(spec.scope, ()), spec.distribution)
        self._vocabulary: Vocabulary | None = None
        self._suggest: Suggest | None = None
        #: Seconds a plugin's Python hooks may take per question; ``None`` runs them inline.
        self.hook_timeout = hook_timeout
        self._hook_workers = hook_workers
        self._executor: ThreadPoolExecutor | None = None
        self._parsed = ParsedValues()
        self._plans: dict[tuple[Any, ...], _Plan] = {}
        self._profile_name = profile.name if profile else None
        self._sources = dict(sources or {})
        self._lock = threading.RLock()
        self._scopes: dict[str, _Scope] = {}
        self._loaded: set[str] = set()
        self._infos: dict[str, PluginInfo] = {}
        self._conflicts: dict[str, str] = {}
        self._resolve(sorted(specs))

    # -- construction -----------------------------------------------------------

    @classmethod
    def from_entry_points(cls, allow: Collection[str] | None = None, *, profile: Profile | str | Path | None = None,
                          strict: bool = False, hook_timeout: float | None = 10.0) -> Engine:
        """An engine over installed plugins. ``allow`` lists the distributions to load
        (a console backend should pass one: plugins are code); a profile's ``plugins``
        list is used when ``allow`` is not given. ``strict`` raises ``PluginLoadError``
        at once for any plugin that cannot load, instead of failing its filings."""
        source = str(profile) if isinstance(profile, (str, Path)) else None
        if isinstance(profile, (str, Path)):
            profile = load_profile(profile)
        if allow is None and profile is not None and profile.plugins is not None:
            allow = profile.plugins
        # Every installed plugin, so that a scope left out of the allow-list is reported as
        # such (not as missing); only the allowed ones are ever imported.
        installed = find_plugins() if allow is not None else None
        engine = cls(find_plugins(allow), profile=profile, hook_timeout=hook_timeout, installed=installed)
        if profile is not None and any(o.params for o in profile.rules.values()):
            # Refuse wrong parameters now, naming rule and parameter, rather than error every check later.
            policies: list[Policy] = []
            for state in engine._scopes.values():
                try:
                    policy = engine._policy_of(state.spec)
                except (PluginLoadError, PolicyError):
                    continue  # reported on the scope's filings, as before
                if policy is not None:
                    policies.append(policy)
            wrong_params = override_problems(profile, policies)
            if wrong_params:
                raise PolicyError(wrong_params, source or f"profile {profile.name}")
        if strict:
            engine.load_all()
            problems = [f"{s.spec.label}: {s.error}" for s in engine._scopes.values() if s.error]
            problems += list(engine._conflicts.values())
            if problems:
                raise PluginLoadError("\n".join(problems))
        return engine

    @classmethod
    def from_sources(cls, *sources: PluginSource, profile: Profile | None = None,
                     hook_timeout: float | None = 10.0) -> Engine:
        """An engine over plugins given directly: a module of hooks and/or a policy."""
        specs = [PluginSpec(s.scope, s.distribution, s.version, f"<source:{s.distribution}>") for s in sources]
        return cls(specs, profile=profile, sources={s.distribution: s for s in sources}, hook_timeout=hook_timeout)

    def _resolve(self, specs: list[PluginSpec]) -> None:
        """Pick one plugin per scope; a second one must declare that it replaces the first."""
        by_scope: dict[str, list[PluginSpec]] = {}
        for spec in specs:
            by_scope.setdefault(spec.scope, []).append(spec)
        for scope, claimants in by_scope.items():
            winner = claimants[0]
            if len(claimants) > 1:
                replaces = {c.distribution: set(self._replaces(c)) for c in claimants}
                winners = [c for c in claimants
                           if all(o.distribution in replaces[c.distribution] for o in claimants if o is not c)]
                if len(winners) != 1:
                    names = ", ".join(c.label for c in claimants)
                    self._conflicts[scope] = (f"scope {scope!r} is claimed by {names}; one must declare "
                                              f"'replaces: [<the other>]' in its policy")
                    state = _Scope(claimants[0])
                    state.error = self._conflicts[scope]
                    self._scopes[scope] = state
                    self._loaded.add(scope)
                    for c in claimants:
                        self._infos[c.distribution + scope] = PluginInfo(c.distribution, c.version, scope, c.module)
                    continue
                winner = winners[0]
                for other in claimants:
                    if other is not winner:
                        self._infos[other.distribution + scope] = PluginInfo(
                            other.distribution, other.version, scope, other.module, replaced_by=winner.distribution)
            replaced = tuple(sorted(c.distribution for c in claimants if c is not winner))
            state = self._scopes[scope] = _Scope(winner)
            if replaced:  # every report names the plugin that answered, and whom it replaced
                state.label = f"{winner.distribution}=={winner.version} ({scope}, replaces {', '.join(replaced)})"
            self._infos[winner.distribution + scope] = PluginInfo(
                winner.distribution, winner.version, scope, winner.module, replaces=replaced)

    def _replaces(self, spec: PluginSpec) -> tuple[str, ...]:
        try:
            policy = self._policy_of(spec)
        except (PluginLoadError, PolicyError):
            return ()
        return policy.replaces if policy is not None else ()

    def _policy_of(self, spec: PluginSpec) -> Policy | None:
        source = self._sources.get(spec.distribution)
        if source is None:
            return spec.load_policy()
        if source.policy is None:
            return None
        if isinstance(source.policy, Path):
            from icp_core.policy import load_policy

            return load_policy(source.policy, plugin=spec.distribution, expected_scope=spec.scope)
        return compile_policy(dict(source.policy), source=f"<{spec.distribution}>", plugin=spec.distribution,
                              expected_scope=spec.scope)

    def _module_of(self, spec: PluginSpec) -> ModuleType | None:
        source = self._sources.get(spec.distribution)
        if source is not None:
            return source.module
        return spec.import_module()

    def _scope(self, key: str) -> _Scope | None:
        state = self._scopes.get(key)
        if state is None or key in self._loaded:
            return state
        with self._lock:
            if key not in self._loaded:
                try:
                    self._load(state)
                except (PluginLoadError, PolicyError) as exc:
                    state.error = redact_text(str(exc))
                except Exception as exc:  # third-party code at import or registration
                    state.error = redact_text(f"{state.spec.label}: {type(exc).__name__}: {exc}")
                self._loaded.add(key)
        return state

    def _load(self, state: _Scope) -> None:
        spec = state.spec
        policy = self._policy_of(spec)
        module = self._module_of(spec)
        overrides = self.profile.rules if self.profile else {}
        compiled: list[Compiled] = []
        if policy is not None:
            state.policy = policy
            ctx = CompileContext(spec.distribution, spec.scope, policy.document_names)
            disabled: set[str] = set()
            for rule, rule_compiled in zip(policy.rules, policy.compiled, strict=True):
                override = overrides.get(rule.id)
                if override is not None:
                    if override.disable:
                        disabled.add(rule.id)
                        continue
                    if override.severity is not None:
                        state.severities[rule.id] = override.severity
                    rule_compiled = _apply_override(rule, override, ctx, policy.source)
                    if override.waive is not None:
                        state.waivers[rule.id] = override.waive.until
                compiled.append(rule_compiled)
            state.disabled = frozenset(disabled)
            state.supersedes = frozenset(i for rule in policy.rules if rule.id not in disabled for i in rule.supersedes)
        state.rule_count = len(compiled)
        state.params = {c.id: c.params for c in compiled if c.params is not None}
        state.checks = tuple((c.id, c.check) for c in compiled if c.check is not None)
        state.check_functions = tuple(check for _, check in state.checks)
        state.document_rules = tuple((c.id, c.documents) for c in compiled if c.documents is not None)
        state.change_rules = tuple(c for c in compiled if c.change is not None)
        state.transfer_rules = tuple(c for c in compiled if c.transfer is not None)
        state.notes = tuple((c, c.note) for c in compiled if c.note is not None)
        if module is not None and policy is not None:
            # The plugin's PluginRules would read the same policy again on first use:
            # hand it the one just loaded (its rules as declared, before the profile).
            for value in vars(module).values():
                if isinstance(value, PluginRules):
                    value.adopt(policy)
        if module is not None and any(True for _ in iter_hook_names(module)):
            manager = pluggy.PluginManager(hookspecs.PROJECT)
            manager.add_hookspecs(hookspecs)
            try:
                manager.register(module, name=spec.distribution)
                manager.check_pending()
            except pluggy.PluginValidationError as exc:
                raise PluginLoadError(f"{spec.label}: {exc}") from None
            for name in hookspecs.HOOK_NAMES:
                caller = getattr(manager.hook, name)
                if caller.get_hookimpls():
                    state.hooks[name] = caller
        info_key = spec.distribution + spec.scope
        self._infos[info_key] = attrs.evolve(self._infos[info_key], rules=state.rule_count,
                                             parameters=_parameters(policy, compiled, overrides, state.disabled))

    def load_all(self) -> None:
        """Load every scope now (start-up of a long-running service, ``icp plugins``)."""
        for key in list(self._scopes):
            self._scope(key)

    # -- introspection ----------------------------------------------------------

    def plugins(self) -> list[PluginInfo]:
        """Every plugin found, with its scope, rule count and replacements, sorted."""
        self.load_all()
        return sorted(self._infos.values(), key=lambda i: (i.scope, i.replaced_by is not None, i.name))

    def problems(self) -> list[str]:
        """Load errors, one line per failing plugin (naming ``distribution[scope]``)."""
        self.load_all()
        found = [s.error for s in self._scopes.values() if s.error]
        return sorted(set(found))

    def scopes_for(self, filing: Filing) -> list[str]:
        """The scopes a filing is in that a plugin here covers, most general first:
        national, industries, instance types, then its province."""
        return [state.spec.scope for state in self._plan(self.admit(filing)).states]

    @property
    def vocabulary(self) -> Vocabulary:
        """Accepted industries and document keys: the core's, with the industries (and
        their aliases) that installed industry plugins declare. Read from the industry
        plugins' policies only, the first time it is needed; no plugin code runs."""
        if self._vocabulary is None:
            with self._lock:
                if self._vocabulary is None:
                    terms = list(INDUSTRIES)
                    for scope, state in sorted(self._scopes.items()):
                        if not scope.startswith("industry."):
                            continue
                        key = scope.split(".", 1)[1]
                        try:
                            policy = self._policy_of(state.spec)
                        except (PluginLoadError, PolicyError):
                            policy = None  # loading the scope reports the error
                        declared = policy.industry if policy is not None else None
                        terms.append(declared or Term(key, Text(key, key)))
                    vocabulary = Vocabulary.build(terms, CATALOGUE)
                    self._suggest = suggester(vocabulary.industries.values())
                    self._vocabulary = vocabulary
        return self._vocabulary

    def _suggestions(self, filing: Filing) -> list[Finding]:
        """Warnings for websites that read like an industry they do not declare."""
        if self._suggest is None:
            self.vocabulary  # noqa: B018 -- builds the suggester with the vocabulary
        assert self._suggest is not None
        return self._suggest(filing)

    def admit(self, filing: Filing) -> Filing:
        """``filing`` with its industries in normal form (``新闻`` → ``news``); raises
        ``InputError`` for an industry no catalogue knows. Every question calls it, so a
        filing built in Python is held to the same vocabulary as one read from a file."""
        if not any(w.industries or w.pre_approvals for w in filing.websites):
            return filing
        return admit_filing(filing, self.vocabulary, documents=False)

    def _admit_documents(self, filing: Filing, plan: _Plan, keys: frozenset[str], path: str) -> frozenset[str]:
        """Document keys in normal form, known to the core or a plugin of the filing's plan."""
        if not keys:
            return keys
        vocabulary = self.vocabulary.with_documents(plan.documents) if plan.documents else self.vocabulary
        errors: list[FieldError] = []
        found = document_keys(vocabulary, keys, path, errors, filing)
        if errors:
            raise InputError(errors)
        return found

    def coverage(self) -> list[Coverage]:
        """Every scope of the guide (national, 31 provinces, 8 instance types, the known
        industries) and the plugin covering it here, or why none does."""
        self.load_all()
        industries = [k.split(".", 1)[1] for k in self._scopes if k.startswith("industry.")]
        scopes = all_scopes({*self.vocabulary.industries, *industries})
        return [self._coverage_of(scope) for scope in scopes]

    def uncovered(self) -> list[Coverage]:
        """The scopes this deployment serves (its profile's ``serves``, else all) that no
        usable plugin covers: what ``/readyz`` and ``icp plugins --coverage`` report."""
        return [c for c in self.coverage() if c.status is not CoverageStatus.covered
                and c.status is not CoverageStatus.not_served]

    def _coverage_of(self, scope: str) -> Coverage:
        serves = self.profile.serves if self.profile is not None else None
        if serves is not None and scope != NATIONAL and not serves.includes(scope):
            return Coverage(scope, CoverageStatus.not_served, None, None)
        state = self._scopes.get(scope)
        if state is not None:
            state = self._scope(scope)
            assert state is not None
            plugin = f"{state.spec.distribution}=={state.spec.version}"
            status = CoverageStatus.failed if state.error is not None else CoverageStatus.covered
            return Coverage(scope, status, plugin, None)
        if scope in self._not_allowed:
            return Coverage(scope, CoverageStatus.not_allowed, None, self._not_allowed[scope][0])
        return Coverage(scope, CoverageStatus.not_installed, None, distribution_for(scope))

    def _plan(self, filing: Filing) -> _Plan:
        """The loaded scopes a filing is in, in order, with its coverage; memoised by what
        decides them (province, instance types, industries), since most filings share a
        few plans. Industries are admitted (known keys) before they get here."""
        if not filing.instances and not any(w.industries for w in filing.websites):
            key: tuple[Any, ...] = (filing.province,)  # the common shape, found without building sets
        else:
            industries = frozenset(i for w in filing.websites for i in w.industries)
            types = frozenset(i.type for i in filing.instances)
            key = (filing.province, types, industries) if types or industries else (filing.province,)
        plan = self._plans.get(key)
        if plan is None:
            states: list[_Scope] = []
            coverage: list[Coverage] = []
            uncovered: list[Finding] = []
            for scope, field in filing_scopes(filing):
                entry = self._coverage_of(scope)
                coverage.append(entry)
                if entry.status is CoverageStatus.covered or entry.status is CoverageStatus.failed:
                    state = self._scope(scope)
                    assert state is not None
                    states.append(state)
                else:
                    uncovered.append(_not_covered(entry, field))
            plan = _Plan(tuple(states), tuple(coverage), tuple(uncovered))
            # Bounded, although admitted filings have known keys only: hostile input cannot grow it.
            if len(self._plans) < 4096:
                self._plans[key] = plan
        return plan

    # -- questions --------------------------------------------------------------

    def check(self, filing: Filing, *, on: dt.date | None = None, require_complete: bool = False,
              with_documents: bool = True) -> Report:
        """Check a filing against every rule of every scope it is in."""
        day = on or filing.evaluated_on or _day(filing, on)
        filing = self.admit(filing)
        plan = self._plan(filing)
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
        return Report(
            verdict_of(findings_t, failures_t, plan.covered), filing.province.value, day, findings_t,
            _merge_documents(list(documents)) if documents else (), tuple(notes), missing, failures_t,
            plan.labels, self._profile_name, tuple(sorted(set(waived))) if waived else (), plan.coverage,
        )

    def documents(self, filing: Filing, *, on: dt.date | None = None) -> DocumentsReport:
        """The documents this filing must upload, each with the rule that asks for it."""
        day = _day(filing, on)
        filing = self.admit(filing)
        plan = self._plan(filing)
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
                               tuple(failures), plan.labels, verdict, plan.coverage)

    def change(self, filing: Filing, change: ChangeRequest, *, on: dt.date | None = None) -> DecisionReport:
        """May the filing be changed as requested, and on what conditions?"""
        day = _day(filing, on)
        filing = self.admit(filing)
        plan = self._plan(filing)
        change = attrs.evolve(change, documents=self._admit_documents(filing, plan, change.documents,
                                                                      "change.documents"))
        facts = Facts(filing, day, self._parsed)
        kind = change.kind(filing.subject.type) if filing.subject.type else None
        request = f"change:{kind.value}" if kind else f"change:{change.to.value}"
        missing: tuple[str, ...] = ()
        if kind is None and change.to in (ChangeTarget.enterprise, ChangeTarget.individual):
            missing = ("subject.type",)  # which cell of the matrix applies depends on it
        return self._decide(filing, facts, plan, request, "allowed_change", "change_rules",
                            lambda c: c.change, {"change": change}, missing)

    def transfer(self, filing: Filing, transfer: TransferRequest, *, on: dt.date | None = None) -> DecisionReport:
        """May a filing on record at another provider be transferred in, and on what conditions?"""
        day = _day(filing, on)
        filing = self.admit(filing)
        plan = self._plan(filing)
        transfer = attrs.evolve(transfer, documents=self._admit_documents(filing, plan, transfer.documents,
                                                                          "transfer.documents"))
        facts = Facts(filing, day, self._parsed)
        # Without the original's facts nothing can be compared: say what to give, never allow.
        missing = () if _has_facts(transfer.original) else tuple(
            f"transfer.original.{f.name}" for f in attrs.fields(OriginalFiling))
        return self._decide(filing, facts, plan, "transfer", "allowed_transfer", "transfer_rules",
                            lambda c: c.transfer, {"transfer": transfer}, missing)

    # -- internals --------------------------------------------------------------

    def _run_hooks(self, states: list[_Scope], filing: Filing, facts: Facts, with_documents: bool,
                   failures: list[PluginFailure], *, only_documents: bool = False,
                   ) -> list[tuple[list[Finding], list[DocumentRequirement]]]:
        """Call the check hooks (and ``required_documents``) of ``states``, in order, under
        one ``hook_timeout`` counted from when the job starts; a plugin that hangs is named,
        those after it are reported as not run, and it is not called again until the hung
        call returns. A job no worker could start is the engine's failure ("hook workers
        busy"), not a plugin's. Returns each state's findings and documents."""
        results: list[tuple[list[Finding], list[DocumentRequirement]]] = [([], []) for _ in states]
        failed: list[PluginFailure] = []
        call: HookCall | None = None
        skipped: set[int] = set()
        timeout = self.hook_timeout
        if timeout is not None:
            executor = self._hook_executor()
            watch = self._hook_watch
            call = HookCall()
            for index, state in enumerate(states):  # a plugin still hung from an earlier question: not again
                if watch.is_hung(state.spec.distribution):
                    skipped.add(index)
                    failed.append(PluginFailure(state.spec.distribution, "hooks", "not called: a hook call of this "
                                                "plugin from an earlier question has not returned yet"))

        def job() -> None:
            if call is not None:
                watch.start(call)
            for index, state in enumerate(states):
                if index in skipped:
                    continue
                found, required = results[index]
                view = facts.with_params(state.params)
                calls = [("required_documents", {})] if only_documents else _hook_calls(state, facts, with_documents)
                for name, kwargs in calls:
                    if call is not None and not watch.enter(call, state.spec.distribution, name):
                        return  # the caller gave up on this job: call nothing more
                    try:
                        value = state.hooks[name](filing=filing, facts=view, **kwargs)
                        if name == "required_documents":
                            required.extend(d for d in _typed(state, name, value, DocumentRequirement)
                                            if d.rule_id not in state.disabled)
                        else:
                            found.extend(_typed(state, name, value, Finding))
                    except Exception as exc:
                        failed.append(_failure(state, name, exc))
                    finally:
                        if call is not None:
                            watch.leave(call)

        if call is None:
            job()
        elif timeout is not None and len(skipped) < len(states):
            outcome = watch.wait(call, executor.submit(job), timeout)
            ran = [s.spec.distribution for index, s in enumerate(states) if index not in skipped]
            if outcome == "busy":  # the engine's failure: no plugin was called
                failed.append(PluginFailure(ENGINE, "hooks", f"hook workers busy: all {self._hook_workers} are "
                                            f"running hook calls that have not returned; not called: "
                                            f"{', '.join(ran)}"))
            elif outcome == "hung":
                plugin, hook = call.last or (ran[0], "hooks")
                failed.append(PluginFailure(plugin, hook, f"did not return within {timeout:g} s"))
                failed.extend(PluginFailure(name, "hooks", f"not run: {plugin} did not return")
                              for name in ran[ran.index(plugin) + 1:])
            if outcome != "done":
                results = [([*found], [*required]) for found, required in results]  # a snapshot: the job runs on
        failures.extend(failed)
        return results

    def _hook_executor(self) -> ThreadPoolExecutor:
        if self._executor is None:
            with self._lock:
                if self._executor is None:
                    # Imported here: a CLI run whose plugins have no hooks never needs threads.
                    from concurrent.futures import ThreadPoolExecutor

                    self._hook_watch = HookWatch()  # which plugins have a call still running past its timeout
                    self._executor = ThreadPoolExecutor(self._hook_workers, thread_name_prefix="icp-hook")
        return self._executor

    def _guarded(self, state: _Scope, hook: str, job: Callable[[], tuple[list[Any], list[PluginFailure]]]
                 ) -> tuple[list[Any], list[PluginFailure]]:
        """Run a plugin's hooks, giving up ``hook_timeout`` seconds after they start: a plugin
        that hangs turns the answer into an error naming it instead of hanging the caller,
        and is not called again until that call returns (see ``icp_core.hook_watch``)."""
        if self.hook_timeout is None:
            return job()
        executor = self._hook_executor()
        watch, plugin, call = self._hook_watch, state.spec.distribution, HookCall()
        if watch.is_hung(plugin):
            return [], [PluginFailure(plugin, hook, "not called: a hook call of this plugin from an earlier "
                                      "question has not returned yet")]

        def watched() -> tuple[list[Any], list[PluginFailure]]:
            watch.start(call)
            if not watch.enter(call, plugin, hook):
                return [], []
            try:
                return job()
            finally:
                watch.leave(call)

        future = executor.submit(watched)
        outcome = watch.wait(call, future, self.hook_timeout)
        if outcome == "busy":
            return [], [PluginFailure(ENGINE, hook, f"hook workers busy: all {self._hook_workers} are running "
                                      f"hook calls that have not returned; not called: {plugin}")]
        if outcome == "hung":
            return [], [PluginFailure(plugin, hook, f"did not return within {self.hook_timeout:g} s")]
        return future.result()

    def _declared_documents(self, state: _Scope, facts: Facts, out: list[DocumentRequirement],
                            failures: list[PluginFailure]) -> None:
        for rule_id, rule in state.document_rules:
            try:
                rule(facts, out)
            except Exception as exc:
                failures.append(_failure(state, f"rule {rule_id}", exc))

    def _decide(self, filing: Filing, facts: Facts, plan: _Plan, request: str, hook_name: str, attribute: str,
                pick: Callable[[Compiled], Any], argument: dict[str, Any], missing: tuple[str, ...]
                ) -> DecisionReport:
        decisions: list[tuple[int, Decision]] = []
        failures: list[PluginFailure] = []
        notes: list[Note] = []
        about = request.split(":")[0]
        (value,) = argument.values()
        for state in plan.states:
            key = state.spec.scope
            if state.error is not None:
                failures.append(PluginFailure(state.spec.distribution, "load", state.error))
                continue
            notes.extend(_notes_for(state, facts, about))
            rank = ScopeKind.of(key).specificity
            found: list[Decision] = []
            for compiled in getattr(state, attribute):
                try:
                    decision = pick(compiled)(facts, value)
                except Exception as exc:
                    failures.append(_failure(state, f"rule {compiled.id}", exc))
                    continue
                if decision is not None:
                    found.append(decision)
            hook = state.hooks.get(hook_name)
            if hook is not None:
                decided, failed = self._guarded(state, hook_name, lambda: _call(
                    state, hook_name, Decision, hook, filing=filing, facts=facts.with_params(state.params),
                    **argument))
                found.extend(decided)
                failures.extend(failed)
            decisions += [(rank, attrs.evolve(d, scope=key)) for d in found]
        report = _combine(request, filing.province.value, decisions, tuple(failures), plan, missing)
        return attrs.evolve(report, notes=tuple(notes)) if notes else report


def _parameters(policy: Policy | None, compiled: Sequence[Compiled], overrides: Mapping[str, RuleOverride],
                disabled: frozenset[str]) -> tuple[str, ...]:
    """``rule.parameter=value`` for every tunable number of a plugin's rules as they apply
    (after the profile): quotas, minimum lengths, ages, Python rules' ``params``. Shown
    by ``icp plugins``, so that a platform sees the terms in force."""
    if policy is None:
        return ()
    found: list[str] = []
    for rule in policy.rules:
        if rule.id in disabled:
            continue
        tuned = overrides[rule.id].params if rule.id in overrides else {}
        for field in attrs.fields(type(rule)):
            value = getattr(rule, field.name)
            if "range" in field.metadata and value is not None:
                found.append(f"{rule.id}.{field.name}={tuned.get(field.name, value)}")
    found += [f"{c.id}.{name}={value}" for c in compiled if c.params for name, value in sorted(c.params.items())]
    return tuple(sorted(found))


def _hook_calls(state: _Scope, facts: Facts, with_documents: bool) -> list[tuple[str, dict[str, Any]]]:
    """The hook calls a scope makes for one check, with their arguments."""
    hooks = state.hooks
    calls: list[tuple[str, dict[str, Any]]] = []
    if "check_entity" in hooks:
        calls.append(("check_entity", {}))
    if "check_website" in hooks:
        calls += [("check_website", {"website": w, "path": p}) for p, w in facts.websites()]
    if "check_domain" in hooks:
        calls += [("check_domain", {"website": w, "domain": d, "path": p}) for p, w, d in facts.domains()]
    if "check_instance" in hooks:
        calls += [("check_instance", {"instance": i, "path": p}) for p, i in facts.instances()]
    if with_documents and "required_documents" in hooks:
        calls.append(("required_documents", {}))
    return calls


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


def _finish(state: _Scope, own: list[Finding], day: dt.date, waived: list[str]) -> list[Finding]:
    """A scope's findings after its profile: severities, disabled rules, waivers."""
    if state.severities or state.disabled:  # the profile tunes Python rules like declared ones
        own = [f if f.rule_id not in state.severities else attrs.evolve(f, severity=state.severities[f.rule_id])
               for f in own if f.rule_id not in state.disabled]
    if state.waivers:
        own, dropped = _waive(own, state.waivers, day)
        waived.extend(dropped)
    return own


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


def _call(state: _Scope, name: str, kind: type, hook: Any, **kwargs: Any) -> tuple[list[Any], list[PluginFailure]]:
    try:
        return _typed(state, name, hook(**kwargs), kind), []
    except Exception as exc:
        return [], [_failure(state, name, exc)]


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
    return Finding(f"core.coverage.{entry.scope.split('.')[0]}", Status.not_covered, Severity.error, message, field,
                   citation_for(entry.scope), "icp-core")


def _typed(state: _Scope, hook: str, results: Any, kind: type) -> list[Any]:
    """Flatten pluggy's list of per-implementation results, refusing wrong types."""
    flat: list[Any] = []
    for result in results or ():
        if result is None:
            continue
        items: Iterable[Any] = [result] if isinstance(result, kind) else result
        if isinstance(result, (str, bytes, Mapping)):
            items = [result]
        try:
            for item in items:
                if not isinstance(item, kind):
                    raise TypeError(f"returned {type(item).__name__}, expected {kind.__name__}")
                if getattr(item, "plugin", state.spec.distribution) != state.spec.distribution and kind is not Decision:
                    item = attrs.evolve(item, plugin=state.spec.distribution)  # type: ignore[misc]
                flat.append(item)
        except TypeError as exc:
            raise TypeError(f"{hook} {exc}") from None
    return flat


def _failure(state: _Scope, hook: str, exc: BaseException) -> PluginFailure:
    return PluginFailure(state.spec.distribution, hook, redact_text(f"{type(exc).__name__}: {exc}"))


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


def _day(filing: Filing, on: dt.date | None) -> dt.date:
    day = on or filing.evaluated_on
    if day is None:
        raise InputError([FieldError("evaluated_on", Problem.evaluation_day_missing())])
    return day


def _apply_override(rule: Rule, override: RuleOverride, ctx: CompileContext, source: str) -> Compiled:
    tuned, errors = tuned_rule(rule, override.params)  # types and ranges, as lint and load check them
    if errors:
        raise PolicyError(errors, f"profile (for {source})")
    if override.severity is not None:
        tuned = attrs.evolve(tuned, severity=override.severity)
    return tuned.compile(ctx)
