"""Engines for tests: every installed plugin, stand-ins for scopes a test does not cover,
and a throwaway plugin laid out as an installed distribution."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from icp_core.engine import Engine, PluginSource
from icp_core.plugins import PluginSpec, find_plugins


@functools.lru_cache(maxsize=32)
def installed_engine(*distributions: str) -> Engine:
    """An engine over installed plugins (only ``distributions`` if given), built once.

    A filing in a scope none of them covers is answered ``not_covered``, as in
    production; use ``engine_with_stand_ins`` to test one plugin on its own."""
    return Engine.from_entry_points(list(distributions) or None)


def stand_ins(*covered: str) -> list[PluginSource]:
    """Empty plugins (no rules) for every scope of the guide except ``covered``.

    A test of one plugin adds them so that the filing's other scopes count as covered
    and the verdict is about that plugin's rules alone. Each is named
    ``stand-in-<scope>`` and shows as such in the report's coverage: never use them
    outside tests, since a stand-in passes everything."""
    from icp_core.scopes import all_scopes
    from icp_core.vocabulary import INDUSTRIES

    return [PluginSource(scope, f"stand-in-{scope}", policy={"scope": scope, "section": "1", "rules": []})
            for scope in all_scopes(t.key for t in INDUSTRIES) if scope not in covered]


def engine_with_stand_ins(*sources: PluginSource, allow: Iterable[str] = (), **options: Any) -> Engine:
    """An engine over ``sources`` and the installed plugins in ``allow``, with stand-ins
    (see ``stand_ins``) for every other scope."""
    specs = find_plugins(list(allow)) if allow else []
    covered = {spec.scope for spec in specs} | {source.scope for source in sources}
    given = [*sources, *stand_ins(*covered)]
    specs += [PluginSpec(s.scope, s.distribution, s.version, f"<source:{s.distribution}>") for s in given]
    return Engine(specs, sources={s.distribution: s for s in given}, **options)


def install_plugin(root: Path, distribution: str, scope: str, *, policy: str | None = None, code: str = "",
                   version: str = "1.0") -> None:
    """Lay out a plugin under ``root`` as an installed distribution would be (a package
    and a ``.dist-info`` with its entry point), so that discovery finds it through
    ``importlib.metadata`` exactly like a pip-installed plugin once ``root`` is on
    ``sys.path`` (the ``icp_plugin_dir`` fixture does that)."""
    package = distribution.replace("-", "_").replace(".", "_")
    folder = root / package
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(code, "utf-8")
    if policy is not None:
        (folder / "policy.yaml").write_text(policy, "utf-8")
    info = root / f"{package}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", "utf-8")
    (info / "entry_points.txt").write_text(f"[icp_filing.plugins]\n{scope} = {package}\n", "utf-8")
