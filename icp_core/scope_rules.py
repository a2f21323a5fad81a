"""The rules a scope's Python hooks receive: ``ScopeRules``, passed as the ``rules`` argument.

The engine builds one per scope when it loads the plugin, from the policy it has just
read and the deployment profile it was given, and passes it to every hook that takes a
``rules`` argument (pluggy passes arguments by name: a hook that does not take it is
unaffected)::

    @hookimpl
    def check_entity(filing, facts, rules):
        if ...:
            return [rules.violation("tianjin.individual_business_name", "subject.name")]

Nothing lives in module globals: two engines with different profiles in one process each
give their hooks their own rules (and severities), and what a plugin derives from its
policy's ``data`` is kept on this object (:meth:`derived`), for as long as the engine
that loaded it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from icp_core.policy import Policy
from icp_core.privacy import redact_text
from icp_core.remedies import PROVIDE, REVIEW
from icp_core.report import DocumentRequirement, Finding, Remedy, Severity, Status, Text
from icp_core.rules.base import Compiled
from icp_core.templating import fill_text

T = TypeVar("T")


class ScopeRules:
    """A scope's declared rules as the engine runs them (the profile's severities applied)."""

    __slots__ = ("_by_id", "_data", "_derived", "_in_force", "_lock", "_policy", "_severities", "plugin")

    def __init__(self, plugin: str, policy: Policy | None, severities: Mapping[str, Severity] | None = None, *,
                 compiled: Sequence[Compiled] | None = None, data: Mapping[str, Any] | None = None) -> None:
        """``compiled`` and ``data``: the rule versions and data in force in one epoch of the
        scope (``icp_core.in_force``); by default, every rule and the data as written."""
        self.plugin = plugin
        self._policy = policy
        self._by_id: dict[str, Compiled] = {c.id: c for c in policy.compiled} if policy is not None else {}
        self._in_force: frozenset[str] | None = None
        if compiled is not None:  # a rule out of force still has a version to name (its findings are dropped)
            self._by_id.update((c.id, c) for c in compiled)
            self._in_force = frozenset(c.id for c in compiled)
        self._data = data
        self._severities = dict(severities or {})
        self._derived: dict[Callable[..., Any], Any] = {}
        self._lock = threading.Lock()

    @property
    def policy(self) -> Policy:
        if self._policy is None:
            raise LookupError(f"{self.plugin}: the plugin has no policy.yaml, so its hooks have no declared rules")
        return self._policy

    @property
    def data(self) -> Mapping[str, Any]:
        """The policy's ``data`` section (lists and the like): a dated set (``{versions: [...]}``)
        is its version in force on the day of the check (``icp_core.in_force``)."""
        return self._data if self._data is not None else self.policy.data

    def in_force(self, rule_id: str) -> bool:
        """Whether a version of ``rule_id`` is in force on the day of the check (a hook may skip
        the work of a rule that is not: the engine drops its findings anyway)."""
        return rule_id in self._by_id if self._in_force is None else rule_id in self._in_force

    def rule(self, rule_id: str) -> Compiled:
        found = self._by_id.get(rule_id)
        if found is None:
            raise KeyError(f"{self.policy.source}: no rule {rule_id!r}")
        return found

    def severity(self, rule_id: str) -> Severity | None:
        """The severity the engine reports for ``rule_id`` (the profile's, else the
        declared one); ``None`` for an id the policy does not declare."""
        tuned = self._severities.get(rule_id)
        if tuned is not None:
            return tuned
        found = self._by_id.get(rule_id)
        return found.severity if found is not None else None

    def derived(self, compute: Callable[[ScopeRules], T]) -> T:
        """``compute(self)``, worked out once per scope and engine (thread-safe): for what a
        hook derives from the policy's data, such as a set of approved suffixes."""
        try:
            return self._derived[compute]  # type: ignore[no-any-return]
        except KeyError:
            with self._lock:
                if compute not in self._derived:
                    self._derived[compute] = compute(self)
                return self._derived[compute]  # type: ignore[no-any-return]

    def violation(self, rule_id: str, field: str, message: Text | None = None, *, remedy: Remedy | None = None,
                  **values: Any) -> Finding:
        """A violation of ``rule_id`` at ``field``; ``message`` replaces the rule's own,
        and ``values`` fill its placeholders (``{days}``). ``remedy`` says what would
        satisfy the rule (``icp_core.remedies``: build it once, at import or with
        :meth:`derived`); without one the finding carries ``remedies.REVIEW``, which no
        program can apply."""
        rule = self.rule(rule_id)
        text = message or rule.message
        if values:  # plain placeholders only, filled without str.format (icp_core.templating)
            text = fill_text(text, values)
        if message is not None or values:
            # A plugin's own words or values may quote the filing: mask them by shape.
            # (The policy's message alone is the plugin author's text and needs no look.)
            text = Text(redact_text(text.en), redact_text(text.zh))
        return Finding(rule.id, Status.violation, self._severity_of(rule), text, field, rule.citation, self.plugin,
                       (), remedy or REVIEW)

    def needs_information(self, rule_id: str, field: str, *missing: str, message: Text | None = None) -> Finding:
        """The rule cannot be decided until ``missing`` (default: ``field``) is given;
        ``message`` replaces the rule's own to say what to give and why."""
        rule = self.rule(rule_id)
        return Finding(rule.id, Status.needs_information, self._severity_of(rule), message or rule.message, field,
                       rule.citation, self.plugin, missing or (field,), PROVIDE)

    def document(self, rule_id: str, document: str, field: str = "", *, provided: bool = False) -> DocumentRequirement:
        """``document`` must be uploaded (for ``field``), because of ``rule_id``."""
        rule = self.rule(rule_id)
        names = self.policy.document_names
        return DocumentRequirement(document, names.get(document, Text(document, document)), rule.message, rule.id,
                                   rule.citation, self.plugin, field, provided)

    def _severity_of(self, rule: Compiled) -> Severity:
        return self._severities.get(rule.id, rule.severity)
