"""Finding plugins without importing them.

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
from collections.abc import Collection, Iterable
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from icp_core.distribution_headers import name_and_version
from icp_core.errors import PluginLoadError
from icp_core.policy import Policy, load_policy

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
        return None if path is None else load_policy(path, plugin=self.distribution, scope=self.scope)

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
        name, version = name_and_version(dist) if dist is not None else (entry.module, "0")
        if allow is not None and normal_name(name) not in {normal_name(a) for a in allow}:
            continue
        spec = PluginSpec(entry.name.strip(), name, version, entry.value)
        found.setdefault((spec.scope, normal_name(name)), spec)  # the same dist seen twice on sys.path
    if allow is not None:
        missing = {normal_name(a) for a in allow} - {normal_name(s.distribution) for s in found.values()}
        if missing:
            raise PluginLoadError(f"allow-listed plugins not installed: {', '.join(sorted(missing))}")
    return sorted(found.values())


def allow_list(value: str | Collection[str] | None) -> tuple[str, ...] | None:
    """An allow-list as every face takes it: ``"a, b"`` (the CLI's ``--allow``, ``ICP_ALLOW``)
    or a collection of names. ``None``, or a string naming nobody, allows every installed
    plugin; an empty collection given from Python allows none (every scope then fails closed)."""
    if value is None:
        return None
    names = value.split(",") if isinstance(value, str) else list(value)
    found = tuple(name.strip() for name in names if name.strip())
    return found if found or not isinstance(value, str) else None


def normal_name(name: str) -> str:
    """A distribution's name as pip compares it (case, ``_`` and ``.`` as ``-``)."""
    return name.lower().replace("_", "-").replace(".", "-")


def project_entry_points(folder: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """A plugin folder's ``[project]`` table and its entry points in this group (scope →
    package), read from its ``pyproject.toml``; ``PluginLoadError`` when it cannot be read."""
    import tomllib

    path = folder / "pyproject.toml"
    try:
        project: dict[str, Any] = tomllib.loads(path.read_text("utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PluginLoadError(f"{path}: cannot read: {exc}") from None
    entries = project.get("entry-points", {}).get(GROUP, {})
    return project, {str(scope).strip(): str(value) for scope, value in entries.items()}


def scope_of_policy_file(path: Path) -> str | None:
    """The scope of the plugin a ``policy.yaml`` belongs to, read from the entry point in
    its package's ``pyproject.toml`` (for linting a policy file of a package not installed);
    ``None`` when no such entry point is found."""
    package = path.resolve().parent
    for folder in (package.parent, package.parent.parent):
        if not (folder / "pyproject.toml").is_file():
            continue
        try:
            _, entries = project_entry_points(folder)
        except PluginLoadError:
            return None
        return next((scope for scope, value in entries.items()
                     if value.split(":")[0].split(".")[0] == package.name), None)
    return None


def iter_hook_names(module: ModuleType) -> Iterable[str]:
    """Names of the hook implementations a plugin module defines."""
    from icp_core.hookspecs import PROJECT

    for name in dir(module):
        if hasattr(getattr(module, name, None), f"{PROJECT}_impl"):
            yield name
