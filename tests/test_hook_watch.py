"""A hung hook is named and not called again until it returns; a job that waits for a
busy worker is the engine's failure, never a plugin's that did not run."""

from __future__ import annotations

import threading
import types
from collections.abc import Callable

from icp_core.engine import Engine, PluginSource
from icp_core.hook_watch import ENGINE
from icp_core.model import ChangeRequest, ChangeTarget, Filing
from icp_core.plugins import PluginSpec
from icp_core.report import Verdict
from icp_core.testing import make_filing


def module_with(**hooks: Callable[..., object]) -> types.ModuleType:
    module = types.ModuleType("test_hooks")
    for name, function in hooks.items():
        function.icp_filing_impl = {}  # type: ignore[attr-defined]
        setattr(module, name, function)
    return module


def one_worker_engine(*sources: PluginSource) -> Engine:
    specs = [PluginSpec(s.scope, s.distribution, s.version, f"<source:{s.distribution}>") for s in sources]
    return Engine(specs, sources={s.distribution: s for s in sources}, hook_timeout=0.2, hook_workers=1)


def drain(engine: Engine) -> None:
    """Wait until the one worker has finished what it was given (it runs jobs in order)."""
    engine._hook_executor().submit(lambda: None).result()


def test_waiting_for_a_worker_is_not_blamed_on_a_plugin_and_a_hung_plugin_is_not_called_again() -> None:
    release = threading.Event()
    calls = {"icp-hangs": 0, "icp-quick": 0}

    def hang(filing: Filing) -> list[object]:
        calls["icp-hangs"] += 1
        release.wait(30)
        return []

    def quick(filing: Filing) -> list[object]:
        calls["icp-quick"] += 1
        return []

    engine = one_worker_engine(PluginSource("national", "icp-quick", module=module_with(check_entity=quick)),
                               PluginSource("province.beijing", "icp-hangs", module=module_with(check_entity=hang)))
    try:
        first = engine.check(make_filing())
        assert [(f.plugin, f.hook) for f in first.failures] == [("icp-hangs", "check_entity")]
        assert "did not return" in first.failures[0].error

        second = engine.check(make_filing())  # the only worker is still held by the hung call
        assert second.verdict is Verdict.error
        failures = {f.plugin: f.error for f in second.failures}
        assert failures["icp-hangs"].startswith("not called: a hook call of this plugin")
        assert failures[ENGINE].startswith("hook workers busy") and "not called: icp-quick" in failures[ENGINE]
        assert "icp-quick" not in failures  # it never ran: it is not blamed
        assert calls == {"icp-hangs": 1, "icp-quick": 1}  # nothing more was queued behind the hung call
    finally:
        release.set()
    drain(engine)
    third = engine.check(make_filing())
    assert third.failures == () and calls == {"icp-hangs": 2, "icp-quick": 2}


def test_a_hung_decision_hook_is_not_called_again_until_it_returns() -> None:
    release = threading.Event()
    calls: list[str] = []

    def hang(change: ChangeRequest) -> None:
        calls.append("called")
        release.wait(30)

    engine = one_worker_engine(PluginSource("national", "icp-hangs", module=module_with(allowed_change=hang)))
    request = ChangeRequest(ChangeTarget.new_name)
    try:
        first = engine.change(make_filing(), request)
        assert [(f.plugin, f.hook) for f in first.failures] == [("icp-hangs", "allowed_change")]
        second = engine.change(make_filing(), request)
        assert second.failures[0].error.startswith("not called") and calls == ["called"]
    finally:
        release.set()
    drain(engine)
    assert engine.change(make_filing(), request).failures == ()
    assert calls == ["called", "called"]
