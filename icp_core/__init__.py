"""icp-filing core: check a China ICP filing (备案) against pluggable, declarative rules.

The public API, importable from here::

    from icp_core import Engine, load_filing

    engine = Engine.from_entry_points(allow=["icp-national", "icp-province-beijing"])
    report = engine.check(load_filing("examples/beijing-enterprise.yaml"))
    print(report.verdict, [f.rule_id for f in report.findings])

Names are resolved lazily so that ``import icp_core`` stays cheap for short-lived
processes (the CLI) and loads nothing a command does not use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Engine": "icp_core.engine",
    "PluginSource": "icp_core.engine",
    "Facts": "icp_core.context",
    "hookimpl": "icp_core.hookspecs",
    "hookspec": "icp_core.hookspecs",
    "ScopeRules": "icp_core.scope_rules",
    "load_filing": "icp_core.loading",
    "load_change_request": "icp_core.loading",
    "load_transfer_request": "icp_core.loading",
    "Limits": "icp_core.convert",
    "IcpError": "icp_core.errors",
    "InputError": "icp_core.errors",
    "PolicyError": "icp_core.errors",
    "PluginLoadError": "icp_core.errors",
    "Report": "icp_core.report",
    "Verdict": "icp_core.report",
    "Finding": "icp_core.report",
    "Province": "icp_core.provinces",
}

__all__ = [
    "Engine", "Facts", "Finding", "IcpError", "InputError", "Limits", "PluginLoadError", "PluginSource",
    "PolicyError", "Province", "Report", "ScopeRules", "Verdict", "hookimpl", "hookspec",
    "load_change_request", "load_filing", "load_transfer_request",
]

if TYPE_CHECKING:  # the same names, eagerly, for type checkers (``X as X`` marks a re-export)
    from icp_core.context import Facts as Facts
    from icp_core.convert import Limits as Limits
    from icp_core.engine import Engine as Engine
    from icp_core.engine import PluginSource as PluginSource
    from icp_core.errors import IcpError as IcpError
    from icp_core.errors import InputError as InputError
    from icp_core.errors import PluginLoadError as PluginLoadError
    from icp_core.errors import PolicyError as PolicyError
    from icp_core.hookspecs import hookimpl as hookimpl
    from icp_core.hookspecs import hookspec as hookspec
    from icp_core.loading import load_change_request as load_change_request
    from icp_core.loading import load_filing as load_filing
    from icp_core.loading import load_transfer_request as load_transfer_request
    from icp_core.provinces import Province as Province
    from icp_core.report import Finding as Finding
    from icp_core.report import Report as Report
    from icp_core.report import Verdict as Verdict
    from icp_core.scope_rules import ScopeRules as ScopeRules


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'icp_core' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
