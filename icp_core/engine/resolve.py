"""Resolving plugins: which plugin serves each scope (allow-lists, replacements, conflicts),
loading a scope on first use (``engine.load``), coverage, the vocabulary of industries and
documents, and the plan of scopes for a filing."""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Self

import attrs

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor
from icp_core.context import ParsedValues
from icp_core.documents import CATALOGUE
from icp_core.engine.combine import _not_covered
from icp_core.engine.load import load_scope
from icp_core.engine.state import PluginSource, _Plan, _Scope
from icp_core.errors import FieldError, InputError, PluginLoadError, PolicyError
from icp_core.model import Filing
from icp_core.plugins import PluginSpec, find_plugins
from icp_core.policy import Policy, compile_policy, industry_term, read_industry
from icp_core.privacy import redact_text
from icp_core.profiles import Profile, load_profile, override_problems
from icp_core.report import (
    Coverage,
    CoverageStatus,
    Finding,
    PluginInfo,
    Text,
)
from icp_core.scopes import NATIONAL, all_scopes, distribution_for, filing_scopes
from icp_core.suggestions import Suggest, suggester
from icp_core.vocabulary import INDUSTRIES, Term, Vocabulary, admit_filing, document_keys


class _Resolution:
    """The engine's plugin resolution and loading (a part of :class:`Engine`)."""

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
                          strict: bool = False, hook_timeout: float | None = 10.0,
                          extra_plugins: Sequence[PluginSource] = ()) -> Self:
        """An engine over installed plugins. ``allow`` lists the distributions to load
        (a console backend should pass one: plugins are code); a profile's ``plugins``
        list is used when ``allow`` is not given. ``strict`` raises ``PluginLoadError``
        at once for any plugin that cannot load, instead of failing its filings.
        ``extra_plugins`` (``icp_core.plugin_folders``) take the place of installed ones of their scope."""
        source = str(profile) if isinstance(profile, (str, Path)) else None
        if isinstance(profile, (str, Path)):
            profile = load_profile(profile)
        if allow is None and profile is not None and profile.plugins is not None:
            allow = profile.plugins
        # Every installed plugin, so that a scope left out of the allow-list is reported as
        # such (not as missing); only the allowed ones are ever imported.
        installed = find_plugins() if allow is not None else None
        specs, sources = find_plugins(allow), None
        if extra_plugins:
            from icp_core.plugin_folders import specs_with

            specs, sources = specs_with(allow, extra_plugins)
        engine = cls(specs, profile=profile, hook_timeout=hook_timeout, installed=installed, sources=sources)
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
                     hook_timeout: float | None = 10.0) -> Self:
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

            return load_policy(source.policy, plugin=spec.distribution, scope=spec.scope)
        return compile_policy(dict(source.policy), source=f"<{spec.distribution}>", plugin=spec.distribution,
                              scope=spec.scope)

    def _industry_of(self, spec: PluginSpec) -> Term | None:
        """The industry an industry plugin declares, read from its policy's data alone."""
        source = self._sources.get(spec.distribution)
        if source is None:
            path = spec.policy_path()
            return None if path is None else read_industry(path, spec.scope)
        if isinstance(source.policy, Path):
            return read_industry(source.policy, spec.scope)
        return industry_term(dict(source.policy), spec.scope) if source.policy is not None else None

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
        policy = self._policy_of(state.spec)
        module = self._module_of(state.spec)
        overrides = self.profile.rules if self.profile else {}
        parameters = load_scope(state, policy, module, overrides)
        info_key = state.spec.distribution + state.spec.scope
        self._infos[info_key] = attrs.evolve(self._infos[info_key], rules=state.rule_count, parameters=parameters)

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
                            declared = self._industry_of(state.spec)
                        except PluginLoadError:
                            declared = None  # loading the scope reports the error
                        terms.append(declared or Term(key, Text(key, key)))
                    vocabulary = Vocabulary.build(terms, CATALOGUE)
                    self._suggest = suggester(vocabulary.industries.values())
                    self._vocabulary = vocabulary
        return self._vocabulary

    def _suggestions(self, filing: Filing) -> list[Finding]:
        """Warnings for websites that read like an industry they do not declare (the
        suggester is built with the vocabulary, once)."""
        suggest = self._suggest
        if suggest is None:
            self.vocabulary  # noqa: B018 -- builds the vocabulary and the suggester
            suggest = self._suggest
        return suggest(filing) if suggest is not None else []

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
