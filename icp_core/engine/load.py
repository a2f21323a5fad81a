"""Loading a scope: its policy compiled under the deployment profile (disabled rules, tuned
parameters and severities, waivers), its compiled rules sorted by question, and its Python
hooks registered with the ``rules`` they receive."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType

import attrs
import pluggy

from icp_core import hookspecs
from icp_core.engine.epochs import divide_by_day
from icp_core.engine.state import _Scope
from icp_core.errors import PluginLoadError, PolicyError
from icp_core.in_force import Period
from icp_core.plugins import iter_hook_names
from icp_core.policy import Policy
from icp_core.profiles import RuleOverride, tuned_rule
from icp_core.rules import CompileContext, Compiled, Rule
from icp_core.scope_rules import ScopeRules


def load_scope(state: _Scope, policy: Policy | None, module: ModuleType | None,
               overrides: Mapping[str, RuleOverride]) -> tuple[str, ...]:
    """Fill ``state`` from the plugin's policy and module; returns the parameters in force
    (``rule.parameter=value``) for ``icp plugins``."""
    spec = state.spec
    compiled: list[Compiled] = []
    kept: list[tuple[Rule, Period]] = []  # the rules of ``compiled`` as written, and their periods
    if policy is not None:
        state.policy = policy
        ctx = CompileContext(spec.distribution, spec.scope, policy.document_names)
        disabled: set[str] = set()
        for rule, rule_compiled, period in zip(policy.rules, policy.compiled, policy.periods, strict=True):
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
            kept.append((rule, period))
        state.disabled = frozenset(disabled)
        state.supersedes = frozenset(i for rule in policy.rules if rule.id not in disabled for i in rule.supersedes)
    fill_rules(state, compiled)
    if module is not None and any(True for _ in iter_hook_names(module)):
        # The hooks' ``rules`` argument: this engine's policy and profile, never a module global.
        state.rules = ScopeRules(spec.distribution, policy, state.severities)
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
    if policy is not None:
        divide_by_day(state, policy, compiled, kept)  # rules in force by date: a no-op for most scopes
    return _parameters(policy, compiled, overrides, state.disabled)


def fill_rules(state: _Scope, compiled: Sequence[Compiled]) -> None:
    """Sort a scope's compiled rules by the question they answer."""
    state.rule_count = len(compiled)
    state.params = {c.id: c.params for c in compiled if c.params is not None}
    state.checks = tuple((c.id, c.check) for c in compiled if c.check is not None)
    state.check_functions = tuple(check for _, check in state.checks)
    state.document_rules = tuple((c.id, c.documents) for c in compiled if c.documents is not None)
    state.change_rules = tuple(c for c in compiled if c.change is not None)
    state.transfer_rules = tuple(c for c in compiled if c.transfer is not None)
    state.notes = tuple((c, c.note) for c in compiled if c.note is not None)


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


def _apply_override(rule: Rule, override: RuleOverride, ctx: CompileContext, source: str) -> Compiled:
    tuned, errors = tuned_rule(rule, override.params)  # types and ranges, as lint and load check them
    if errors:
        raise PolicyError(errors, f"profile (for {source})")
    if override.severity is not None:
        tuned = attrs.evolve(tuned, severity=override.severity)
    return tuned.compile(ctx)


