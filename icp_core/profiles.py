"""Deployment profiles (``policies/*.yaml``): what a platform enables and how it tunes it.

::

    name: guangdong-only
    description: A host that serves Guangdong only.
    plugins: [icp-national, icp-province-guangdong, icp-instance-ecs]   # allow-list; omit for all
    serves:                                    # what the deployment answers for; omit a list for all
      provinces: [guangdong]
      instance_types: [ecs]
    rules:
      guangdong.subject_administrator_is_legal_representative:
        severity: warning                      # tune a rule's severity
      national.domain.real_name_sync_delay:
        params: {days: 5}                      # tune a rule's parameter, within its declared range
      tianjin.distinct_phone_numbers:
        waive: {until: 2027-03-31, reason: "regulator confirmed the exception for our contracts"}

Parameters are checked against each rule's declaration (type and range) by
``icp policy lint`` and whenever an engine loads the profile: a wrong one is a
``PolicyError`` naming the rule and the parameter, never a silent change of outcome.

A waiver applies while the evaluation date is on or before ``until``; after that the
rule applies again by itself. Waived rules are listed in every report.

``serves`` says what the deployment covers on purpose: a filing outside it is still
answered (``not_covered``, naming the scope as ``not_served``), and readiness
(``/readyz``, ``icp plugins --coverage``) asks only that the served scopes be covered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from icp_core.convert import Positions, converter, parse_text, read_file, structure
from icp_core.convert.plain_classes import field_types
from icp_core.errors import FieldError, InputError, PluginLoadError, PolicyError
from icp_core.model import InstanceType
from icp_core.policy import Policy
from icp_core.privacy import redact_text
from icp_core.problems import Problem, said_of
from icp_core.provinces import Province
from icp_core.report import Severity
from icp_core.rules import CompileContext, Rule
from icp_core.rules.declared import PythonRule


@attrs.frozen
class Waiver:
    until: dt.date
    reason: str


@attrs.frozen
class RuleOverride:
    severity: Severity | None = None
    params: dict[str, Any] = attrs.Factory(dict)
    waive: Waiver | None = None
    disable: bool = False


@attrs.frozen
class Serves:
    """The scopes a deployment answers for; a list left out means all of its kind."""

    provinces: list[Province] | None = None
    instance_types: list[InstanceType] | None = None
    industries: list[str] | None = None

    def includes(self, scope: str) -> bool:
        kind, _, key = scope.partition(".")
        if kind == "industry":
            # Industries are words of the vocabulary: 新闻, NEWS and news are one.
            from icp_core.vocabulary import CORE, normal_key

            return self.industries is None or key in {CORE.industry(k) or normal_key(k) for k in self.industries}
        chosen: list[Any] | None = {"province": self.provinces, "instance": self.instance_types}.get(kind)
        return chosen is None or key in {getattr(k, "value", k) for k in chosen}


@attrs.frozen
class Profile:
    name: str
    description: str | None = None
    plugins: list[str] | None = None
    rules: dict[str, RuleOverride] = attrs.Factory(dict)
    serves: Serves | None = None


def load_profile(path: str | Path) -> Profile:
    return read_profile(path)[0]


def profile_from_text(text: str, source: str) -> Profile:
    """A profile from the text of its file (shipped to workers on machines that do not
    have the file); ``source`` names the file in errors."""
    try:
        data, positions = parse_text(text)
        return structure(data, Profile, source=source, positions=positions)
    except InputError as exc:
        raise PolicyError(exc.errors, source) from None


def read_profile(path: str | Path) -> tuple[Profile, Positions]:
    """A profile and where each of its keys is in the file (for lint's ``file:line:col``)."""
    source = str(path)
    try:
        data, positions = read_file(path)
        return structure(data, Profile, source=source, positions=positions), positions
    except InputError as exc:
        raise PolicyError(exc.errors, source) from None


def tuned_rule(rule: Rule, params: Mapping[str, Any]) -> tuple[Rule, list[FieldError]]:
    """``rule`` with a profile's ``params`` applied, and every problem with them.

    A Python rule's parameters must be declared by its policy and fit their declared
    type and range (``ParamSpec``); a declared kind's are its fields, structured by
    their type and checked by their validators (a negative ``min_age`` is refused)."""
    errors: list[FieldError] = []

    def fail(name: str, message: str) -> None:
        errors.append(FieldError(f"rules.{rule.id}.params.{name}", Problem.policy(detail=f"rule {rule.id}: {message}")))

    if not params:
        return rule, errors
    if isinstance(rule, PythonRule):
        try:
            specs = rule.param_specs()
        except ValueError:  # the policy itself is wrong; its loading says so
            return rule, errors
        for name, value in params.items():
            spec = specs.get(name)
            if spec is None:
                fail(name, f"not a parameter of this rule; it has: {', '.join(sorted(specs)) or 'none'}")
                continue
            problem = spec.problem(value)
            if problem is not None:
                fail(name, problem)
        if errors:
            return rule, errors
        # Keep each declaration, with the profile's value as its default: the rule compiles as declared.
        declared = {name: {"default": params.get(name, spec.default), "type": spec.type, "min": spec.min,
                           "max": spec.max} for name, spec in specs.items()}
        return attrs.evolve(rule, params=declared), errors
    types = field_types(type(rule))  # resolved (cattrs resolves the nested classes it structures)
    changes: dict[str, Any] = {}
    for name, value in params.items():
        if name not in types or name in ("id", "kind", "cite"):
            fail(name, "not a parameter of this rule")
            continue
        try:
            changes[name] = converter.structure(value, types[name])
            attrs.evolve(rule, **{name: changes[name]})  # the field's own validator: its range
        except Exception as exc:  # cattrs' and the validators' errors, whatever their class
            fail(name, said_of(exc).en or "not a valid value")
    if errors:
        return rule, errors
    tuned = attrs.evolve(rule, **changes)
    for sub_path, message in tuned.problems():  # a template or pattern given as a parameter
        errors.append(FieldError(f"rules.{rule.id}.params.{sub_path}",
                                 Problem.policy(detail=f"rule {rule.id}: {message}")))
    return tuned, errors


def override_problems(profile: Profile, policies: Iterable[Policy],
                      positions: Positions | None = None) -> list[FieldError]:
    """Every problem of ``profile``'s parameter overrides against the rules of ``policies``:
    checked when a profile is linted and when an engine loads it, so that a wrong value
    is refused up front instead of failing (``days: "abc"``) or passing (``days: -5``)
    every check later."""
    errors: list[FieldError] = []
    for policy in policies:
        ctx = CompileContext(policy.source, policy.scope, policy.document_names)
        for rule in policy.rules:
            override = profile.rules.get(rule.id)
            if override is None or not override.params:
                continue
            tuned, found = tuned_rule(rule, override.params)
            if not found and tuned is not rule:
                try:
                    tuned.compile(ctx)
                except Exception as exc:  # an override the kind cannot compile (an unknown document …)
                    found = [FieldError(f"rules.{rule.id}.params", Problem.policy(
                        detail=f"rule {rule.id}: cannot compile: {said_of(exc).en}"))]
            errors += found
    return [_located(error, positions) for error in errors]


def lint_profile(path: str | Path) -> Profile:
    """Read a profile and check it against the plugins it enables (every installed one
    without ``plugins:``): each rule it tunes must exist, and each parameter it sets
    must fit the rule's declaration. ``PolicyError`` lists every problem."""
    from icp_core.plugins import find_plugins

    source = str(path)
    profile, positions = read_profile(path)
    errors: list[FieldError] = []
    try:
        specs = find_plugins(profile.plugins)
    except PluginLoadError as exc:
        error = FieldError("plugins", Problem.policy(detail=str(exc)))
        raise PolicyError([_located(error, positions)], source) from None
    policies: list[Policy] = []
    for spec in specs:
        try:
            policy = spec.load_policy()
        except (PluginLoadError, PolicyError) as exc:
            errors.append(FieldError("plugins", Problem.policy(
                detail=f"{spec.label}: cannot load its policy: {redact_text(str(exc)).splitlines()[0]}")))
            continue
        if policy is not None:
            policies.append(policy)
    known = {rule.id for policy in policies for rule in policy.rules}
    for rule_id in profile.rules:
        if rule_id not in known:
            unknown = Problem.policy(detail="no enabled plugin declares this rule")
            errors.append(_located(FieldError(f"rules.{rule_id}", unknown), positions))
    errors += override_problems(profile, policies, positions)
    if errors:
        raise PolicyError(errors, source)
    return profile


def _located(error: FieldError, positions: Positions | None) -> FieldError:
    """``error`` with the line and column of its path (or of the nearest key above it)."""
    if error.line is not None or not positions:
        return error
    path = error.path
    while path:
        if path in positions:
            line, column = positions[path]
            return attrs.evolve(error, line=line, column=column)
        path = path.rpartition(".")[0]
    return error
