"""Hook specifications: what a plugin may implement in Python, and how results combine.

Most rules need no Python: a plugin's ``policy.yaml`` declares them with the core's
rule kinds (``icp_core.rules``), and the engine evaluates them itself. Hooks are for
the genuinely special rules. Implement one with ``@icp_core.hookimpl`` on a
module-level function of the module named by the plugin's entry point; accept only
the arguments you use (pluggy passes them by name).

Scoping. The engine keeps one hook caller per scope (``national``,
``province.<key>``, ``instance.<type>``, ``industry.<key>``) and calls a scope's
hooks only for filings in that scope: a Beijing filing never reaches Guangdong's
code. Within a check, results of all scopes are combined by the engine, never by
registration order, so results do not depend on the order plugins were installed.

Rules. Every hook may take a ``rules`` argument: the scope's declared rules as this
engine runs them (``icp_core.scope_rules.ScopeRules``), built by the engine from the
plugin's ``policy.yaml`` and the deployment profile. Build findings and documents with
it, read the policy's ``data`` from it, and keep what you derive from that data on it
(``rules.derived``), never in a module global: two engines with different profiles may
share a process. ``rules`` is the scope as in force on the day of the check: a dated data
set (``{versions: [...]}``) is its version in force that day, ``rules.rule(id)`` the version
of a rule in force, and ``rules.in_force(id)`` says whether one is (the engine drops the
findings of a rule out of force; ``icp_core.in_force``). A rule declared ``kind: python``
may carry ``params``; its hook reads them with ``facts.params(rule_id)``, which includes
the profile's overrides. Profile severities, ``disable`` and waivers apply to hook
findings too.

Failure. An exception raised by a hook, or a return value of the wrong type, makes
the report's verdict ``error``, naming the plugin and the hook; other plugins'
findings are kept; nothing is reported as passing. So does a plugin whose hooks do not
return within the engine's ``hook_timeout`` (10 s by default).

Every hook below is documented with its arguments, its return value, when it is
called and how results are combined. ``docs/hooks.md`` is generated from this
module (``python -m icp_core.docs``) and a test fails when they drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from icp_core.context import Facts
    from icp_core.model import ChangeRequest, Domain, Filing, Instance, TransferRequest, Website
    from icp_core.report import Decision, DocumentRequirement, Finding
    from icp_core.scope_rules import ScopeRules

PROJECT = "icp_filing"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def check_entity(filing: Filing, facts: Facts, rules: ScopeRules) -> Iterable[Finding] | None:
    """Check the subject and its people: certificates, administrators, ages, phones.

    :param filing: the whole filing, as structured from input.
    :param facts: derived facts for this check (``facts.age(person)``,
        ``facts.id_province(person)``, ``facts.on`` the evaluation date …).
    :param rules: this scope's declared rules as the engine runs them (``ScopeRules``:
        ``rules.violation``, ``rules.needs_information``, ``rules.document``, ``rules.data``).
    :returns: findings (violations or ``needs_information``), or ``None`` for none.
        Build them with ``rules.violation`` / ``rules.needs_information`` so that
        each carries its declared rule id, citation, severity and both languages.

    Called once per ``check`` for every scope the filing is in. Not first-result:
    the findings of all implementations in all scopes are united, then sorted by
    field, rule id and plugin.
    """


@hookspec
def check_website(filing: Filing, facts: Facts, rules: ScopeRules,
                  website: Website, path: str) -> Iterable[Finding] | None:
    """Check one website: name, remarks, content industries, pre-approvals, services.

    :param filing: the whole filing.
    :param facts: derived facts for this check.
    :param rules: this scope's declared rules as the engine runs them (``ScopeRules``:
        ``rules.violation``, ``rules.needs_information``, ``rules.document``, ``rules.data``).
    :param website: the website being checked.
    :param path: its location in the filing, e.g. ``"websites[1]"``; use it as the
        prefix of each finding's ``field``.
    :returns: findings, or ``None``.

    Called once per website per scope, in the order of ``filing.websites``. Not
    first-result: findings are united with every other hook's and sorted.
    """


@hookspec
def check_domain(filing: Filing, facts: Facts, rules: ScopeRules,
                 website: Website, domain: Domain, path: str) -> Iterable[Finding] | None:
    """Check one domain of one website: TLD, registrar, real-name verification, holder.

    :param filing: the whole filing.
    :param facts: derived facts; ``facts.domain(domain.name)`` gives the parsed name
        (suffix, registrable domain, prefix).
    :param rules: this scope's declared rules as the engine runs them (``ScopeRules``:
        ``rules.violation``, ``rules.needs_information``, ``rules.document``, ``rules.data``).
    :param website: the website the domain belongs to.
    :param domain: the domain being checked.
    :param path: its location, e.g. ``"websites[0].domains[2]"``.
    :returns: findings, or ``None``.

    Called once per domain per scope. Not first-result: findings are united and sorted.
    """


@hookspec
def check_instance(filing: Filing, facts: Facts, rules: ScopeRules,
                   instance: Instance, path: str) -> Iterable[Finding] | None:
    """Check one hosting instance: location, billing, subscription, quotas.

    :param filing: the whole filing.
    :param facts: derived facts for this check.
    :param rules: this scope's declared rules as the engine runs them (``ScopeRules``:
        ``rules.violation``, ``rules.needs_information``, ``rules.document``, ``rules.data``).
    :param instance: the instance being checked.
    :param path: its location, e.g. ``"instances[0]"``.
    :returns: findings, or ``None``.

    Called once per instance per scope; instance-type plugins (scope
    ``instance.<type>``) are consulted only for filings with an instance of their
    type. Not first-result: findings are united and sorted.
    """


@hookspec
def required_documents(filing: Filing, facts: Facts, rules: ScopeRules) -> Iterable[DocumentRequirement] | None:
    """Name the documents this filing must upload, each with the reason.

    :param filing: the whole filing.
    :param facts: derived facts for this check.
    :param rules: this scope's declared rules as the engine runs them (``ScopeRules``:
        ``rules.violation``, ``rules.needs_information``, ``rules.document``, ``rules.data``).
    :returns: document requirements (``rules.document``), or ``None``.

    Called once per ``check`` and per ``documents`` request for every scope the
    filing is in. Not first-result: requirements are united; the same document for
    the same field required by several rules is listed once per rule, sorted by
    document key, field and rule id.
    """


@hookspec
def allowed_change(filing: Filing, facts: Facts, rules: ScopeRules, change: ChangeRequest) -> Decision | None:
    """Decide whether the filing may be changed as requested.

    :param filing: the filing as it is on record.
    :param facts: derived facts for this check.
    :param rules: this scope's declared rules as the engine runs them (``ScopeRules``:
        ``rules.violation``, ``rules.needs_information``, ``rules.document``, ``rules.data``).
    :param change: the requested change; ``change.kind(filing.subject.type)`` gives
        the cell of the change matrix (enterprise→individual, new name …).
    :returns: a ``Decision`` (allowed, conditional with its conditions, or denied,
        with reasons), or ``None`` when this scope has no rule for the request.

    Called once per ``change`` request for every scope of the filing. Not
    first-result; combined by the engine as *most-specific-scope, then
    deny-overrides*: the decisions of the most specific scope that gave one stand
    (province over instance and industry over national); among those, ``denied``
    wins over ``conditional``, which wins over ``allowed``; conditions are united.
    """


@hookspec
def allowed_transfer(filing: Filing, facts: Facts, rules: ScopeRules, transfer: TransferRequest) -> Decision | None:
    """Decide whether a filing on record at another provider may be transferred in.

    :param filing: the filing as submitted to this provider.
    :param facts: derived facts for this check.
    :param rules: this scope's declared rules as the engine runs them (``ScopeRules``:
        ``rules.violation``, ``rules.needs_information``, ``rules.document``, ``rules.data``).
    :param transfer: the original filing (as a public query shows it) and the
        documents the applicant can provide.
    :returns: a ``Decision``, or ``None`` when this scope has no rule.

    Called once per ``transfer`` request for every scope of the filing. Not
    first-result; combined like ``allowed_change``: most-specific-scope, then
    deny-overrides.
    """


def _declared() -> tuple[str, ...]:
    # pluggy marks each specification with an attribute named after the project.
    return tuple(name for name, value in list(globals().items())
                 if callable(value) and hasattr(value, f"{PROJECT}_spec"))


#: Every hook, in the order declared above: the engine registers callers for these, the
#: reference (docs/hooks.md) documents these; a new hook is declared here and nowhere else.
HOOK_NAMES: tuple[str, ...] = _declared()
#: The hooks that return findings of a check (``check_*``), run in this order.
FINDING_HOOKS: tuple[str, ...] = tuple(name for name in HOOK_NAMES if name.startswith("check_"))
