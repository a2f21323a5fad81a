"""Finding plugins without importing them, and the small API plugin code uses.

A plugin is a distribution with one entry point in the group ``icp_filing.plugins``:
its *name* is the scope the plugin serves (``province.beijing``), its *value* the
plugin's package. The package holds ``policy.yaml`` (declared rules) and may define
hook implementations. Discovery reads only metadata: which scopes exist and who
serves them is known before any plugin code runs, and a scope's package is imported
the first time a filing in that scope is checked.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Collection, Iterable
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from icp_core.errors import PluginLoadError
from icp_core.policy import Policy, load_policy
from icp_core.privacy import redact_text
from icp_core.report import DocumentRequirement, Finding, Status, Text
from icp_core.templating import fill_text

GROUP = "icp_filing.plugins"
POLICY_FILE = "policy.yaml"


@attrs.frozen(order=True)
class PluginSpec:
    """A plugin as its metadata describes it; nothing imported yet."""

    scope: str
    distribution: str
    version: str
    module: str  # the entry point's value: the plugin's package

    @property
    def label(self) -> str:
        return f"{self.distribution}[{self.scope}]"

    def policy_path(self) -> Path | None:
        """Where the package's ``policy.yaml`` is, found without importing the package."""
        try:
            spec = importlib.util.find_spec(self.module.split(":")[0])
        except (ImportError, ValueError) as exc:
            raise PluginLoadError(f"{self.label}: cannot find package {self.module!r}: {exc}") from None
        if spec is None:
            raise PluginLoadError(f"{self.label}: package {self.module!r} is not installed")
        locations = list(spec.submodule_search_locations or [])
        if spec.origin and not locations:
            locations = [str(Path(spec.origin).parent)]
        for location in locations:
            candidate = Path(location) / POLICY_FILE
            if candidate.is_file():
                return candidate
        return None

    def load_policy(self) -> Policy | None:
        path = self.policy_path()
        return None if path is None else load_policy(path, plugin=self.distribution, expected_scope=self.scope)

    def import_module(self) -> ModuleType:
        try:
            return importlib.import_module(self.module.split(":")[0])
        except Exception as exc:  # any import-time failure of third-party code
            raise PluginLoadError(f"{self.label}: import failed: {type(exc).__name__}: {exc}") from exc


def find_plugins(allow: Collection[str] | None = None) -> list[PluginSpec]:
    """Every installed plugin (or only the allow-listed distributions), sorted by scope
    then distribution so that the result never depends on installation order."""
    found: dict[tuple[str, str], PluginSpec] = {}
    for entry in metadata.entry_points(group=GROUP):
        dist = entry.dist
        name = dist.name if dist is not None else entry.module
        if allow is not None and _normal(name) not in {_normal(a) for a in allow}:
            continue
        version = dist.version if dist is not None else "0"
        spec = PluginSpec(entry.name.strip(), name, version, entry.value)
        found.setdefault((spec.scope, _normal(name)), spec)  # the same dist seen twice on sys.path
    if allow is not None:
        missing = {_normal(a) for a in allow} - {_normal(s.distribution) for s in found.values()}
        if missing:
            raise PluginLoadError(f"allow-listed plugins not installed: {', '.join(sorted(missing))}")
    return sorted(found.values())


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


class PluginRules:
    """Gives a plugin's Python hooks the rules its ``policy.yaml`` declares.

    ::

        rules = PluginRules(__name__)

        @hookimpl
        def check_entity(filing, facts):
            if ...:
                return [rules.violation("tianjin.individual_business_name", "subject.name")]

    The policy is read once, on first use, so that importing the plugin stays cheap.
    """

    def __init__(self, package: str, policy_file: str = POLICY_FILE) -> None:
        self._package = package
        self._policy_file = policy_file
        self._policy: Policy | None = None
        self._lock = threading.Lock()

    def adopt(self, policy: Policy) -> None:
        """Use ``policy`` (already loaded by an engine from this package) instead of
        reading the file again; a policy read earlier stays."""
        with self._lock:
            if self._policy is None:
                self._policy = policy

    @property
    def policy(self) -> Policy:
        if self._policy is None:
            with self._lock:
                if self._policy is None:
                    module = importlib.import_module(self._package)
                    path = Path(module.__file__ or "").parent / self._policy_file
                    self._policy = load_policy(path, plugin=self._package)
        return self._policy

    def violation(self, rule_id: str, field: str, message: Text | None = None, **values: Any) -> Finding:
        rule = self.policy.rule(rule_id)
        text = message or rule.message
        if values:  # plain placeholders only, filled without str.format (icp_core.templating)
            text = fill_text(text, values)
        if message is not None or values:
            # A plugin's own words or values may quote the filing: mask them by shape.
            # (The policy's message alone is the plugin author's text and needs no look.)
            text = Text(redact_text(text.en), redact_text(text.zh))
        return Finding(rule.id, Status.violation, rule.severity, text, field, rule.citation, rule.plugin)

    def needs_information(self, rule_id: str, field: str, *missing: str, message: Text | None = None) -> Finding:
        """The rule cannot be decided until ``missing`` (default: ``field``) is given;
        ``message`` replaces the rule's own to say what to give and why."""
        rule = self.policy.rule(rule_id)
        return Finding(rule.id, Status.needs_information, rule.severity, message or rule.message, field,
                       rule.citation, rule.plugin, missing or (field,))

    def document(self, rule_id: str, document: str, field: str = "", *, provided: bool = False) -> DocumentRequirement:
        rule = self.policy.rule(rule_id)
        names = self.policy.document_names
        return DocumentRequirement(document, names.get(document, Text(document, document)), rule.message, rule.id,
                                   rule.citation, rule.plugin, field, provided)


def iter_hook_names(module: ModuleType) -> Iterable[str]:
    """Names of the hook implementations a plugin module defines."""
    from icp_core.hookspecs import PROJECT

    for name in dir(module):
        if hasattr(getattr(module, name, None), f"{PROJECT}_impl"):
            yield name
