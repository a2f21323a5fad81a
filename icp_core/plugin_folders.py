"""Plugins read from a source folder instead of installed: a plugin author replays an
unreleased version (``icp replay --candidate ./plugins/icp-province-beijing``).

A plugin folder is what ``icp new-plugin`` lays out: a ``pyproject.toml`` whose
``[project.entry-points."icp_filing.plugins"]`` names the scope and the package, and the
package beside it (or under ``src/``) with its ``policy.yaml``. The package is imported
under a name of its own (``icp_folder_<hash>_<package>``), so that it never clashes
with the installed package of the same name, which stays as it is in ``sys.modules``;
its relative imports work, an absolute import of its own package name would reach the
installed one. ``sys.path`` is not touched.

An engine given folder plugins (``Engine.from_entry_points(extra_plugins=...)``) uses
each one *instead of* any installed plugin of the same scope.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from types import ModuleType

from icp_core.engine.state import PluginSource
from icp_core.errors import PluginLoadError
from icp_core.plugins import GROUP, POLICY_FILE, PluginSpec, find_plugins, normal_name, project_entry_points

PYPROJECT = "pyproject.toml"


def is_plugin_folder(path: Path) -> bool:
    return (path / PYPROJECT).is_file()


def folder_plugins(path: str | Path) -> list[PluginSource]:
    """The plugins of a plugin folder, or of every plugin folder directly inside ``path``
    (``plugins/``: the whole working tree). ``PluginLoadError`` names what is wrong."""
    folder = Path(path)
    if not folder.is_dir():
        raise PluginLoadError(f"{folder}: not a folder")
    if is_plugin_folder(folder):
        return _plugins_of(folder)
    found = [source for child in sorted(folder.iterdir()) if is_plugin_folder(child)
             for source in _plugins_of(child)]
    if not found:
        raise PluginLoadError(f"{folder}: no {PYPROJECT} here or in the folders directly inside it")
    return found


def _plugins_of(folder: Path) -> list[PluginSource]:
    project, entries = project_entry_points(folder)
    distribution = str(project.get("name") or folder.name)
    version = str(project.get("version") or "0")
    if not entries:
        raise PluginLoadError(f"{folder / PYPROJECT}: no [project.entry-points.\"{GROUP}\"] entry")
    sources: list[PluginSource] = []
    for scope, value in sorted(entries.items()):
        package = str(value).split(":")[0]
        location = _package_folder(folder, package)
        if location is None:
            raise PluginLoadError(f"{distribution}[{scope}]: package {package!r} is not in {folder} nor in its src/")
        module = _import_apart(location, package, distribution, scope)
        policy = location / POLICY_FILE
        sources.append(PluginSource(scope, distribution, module, policy if policy.is_file() else None,
                                    f"{version}+folder"))
    return sources


def _package_folder(folder: Path, package: str) -> Path | None:
    relative = Path(*package.split("."))
    for candidate in (folder / relative, folder / "src" / relative):
        if (candidate / "__init__.py").is_file():
            return candidate
    return None


def _import_apart(location: Path, package: str, distribution: str, scope: str) -> ModuleType:
    """The package at ``location``, imported under a name no installed package has."""
    digest = hashlib.sha256(str(location.resolve()).encode()).hexdigest()[:12]
    name = f"icp_folder_{digest}_{package.replace('.', '_')}"
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location(name, location / "__init__.py",
                                                  submodule_search_locations=[str(location)])
    if spec is None or spec.loader is None:
        raise PluginLoadError(f"{distribution}[{scope}]: cannot import {location}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before running it: its relative imports look it up there
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # any import-time failure of the plugin's code
        del sys.modules[name]
        raise PluginLoadError(f"{distribution}[{scope}]: import failed: {type(exc).__name__}: {exc}") from None
    return module


def specs_with(allow: Collection[str] | None, extra: Sequence[PluginSource]
               ) -> tuple[list[PluginSpec], dict[str, PluginSource]]:
    """The installed plugins (``allow``-listed, if given) with ``extra`` in place of any of
    the same scope or distribution; and ``extra`` by distribution, as the engine's sources.
    An extra plugin is used whether or not the allow-list names it: it was asked for."""
    names = {normal_name(source.distribution) for source in extra}
    scopes = {source.scope for source in extra}
    if allow is not None:
        allow = [name for name in allow if normal_name(name) not in names]
    specs = [spec for spec in find_plugins(allow)
             if spec.scope not in scopes and normal_name(spec.distribution) not in names]
    specs += [PluginSpec(s.scope, s.distribution, s.version, f"<folder:{s.distribution}>") for s in extra]
    return specs, {source.distribution: source for source in extra}
