"""Telling a plugin that hangs from a question that waits for a hook worker.

The engine runs plugins' Python hooks on a few worker threads under ``hook_timeout``.
When every worker is held by a hook that never returns, a new question's job waits in
the queue: counting that wait as the next plugin's own time would blame a plugin that
never ran. So the time is measured from when the job *starts*; a job that cannot start
within the timeout is withdrawn and reported as the engine's failure ("hook workers
busy"). A call still running at its timeout marks its plugin *hung* until it returns;
while it is, the plugin is not called again (no more work queued behind it) and its
answers are errors naming it.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from typing import Any, Literal

import attrs

#: The name failures of the engine itself go under (the core's distribution).
ENGINE = "icp-core"


@attrs.define
class HookCall:
    """One job of hook calls, shared by the caller and the worker (under the watch's lock)."""

    started: threading.Event = attrs.Factory(threading.Event)
    started_at: float = 0.0
    #: The (plugin, hook) being called right now, and the last one called.
    running: tuple[str, str] | None = None
    last: tuple[str, str] | None = None
    #: The caller gave up: the worker calls nothing more.
    abandoned: bool = False
    #: The running call was counted as hung; the worker uncounts it when it returns.
    marked: bool = False


class HookWatch:
    """Which plugins have a hook call still running past its timeout."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hung: dict[str, int] = {}

    def is_hung(self, plugin: str) -> bool:
        with self._lock:
            return plugin in self._hung

    # -- the worker's side ------------------------------------------------------------

    def start(self, call: HookCall) -> None:
        """The job begins: its time starts now, not when it was queued."""
        call.started_at = time.monotonic()
        call.started.set()

    def enter(self, call: HookCall, plugin: str, hook: str) -> bool:
        """About to call ``plugin``'s ``hook``; ``False`` if the caller has given up."""
        with self._lock:
            if call.abandoned:
                return False
            call.running = call.last = (plugin, hook)
            return True

    def leave(self, call: HookCall) -> None:
        """The call returned (or raised): its plugin is no longer hung because of it."""
        with self._lock:
            if call.marked and call.running is not None:
                plugin = call.running[0]
                self._hung[plugin] -= 1
                if not self._hung[plugin]:
                    del self._hung[plugin]
            call.marked = False
            call.running = None

    # -- the caller's side ------------------------------------------------------------

    def wait(self, call: HookCall, future: Future[Any], timeout: float) -> Literal["done", "busy", "hung"]:
        """Wait for the job: ``busy`` if it could not start within ``timeout`` (withdrawn,
        nothing called), ``hung`` if it ran ``timeout`` seconds from its start without
        finishing (the running plugin is marked hung), else ``done``."""
        if not call.started.wait(timeout):
            if future.cancel():
                return "busy"
            call.started.wait()  # it began just now: the worker's first step sets this
        remaining = call.started_at + timeout - time.monotonic()
        try:
            future.result(timeout=max(remaining, 0.0))
        except TimeoutError:  # concurrent.futures' TimeoutError is this one since 3.11
            with self._lock:
                call.abandoned = True
                if call.running is not None and not call.marked:
                    call.marked = True
                    plugin = call.running[0]
                    self._hung[plugin] = self._hung.get(plugin, 0) + 1
            return "hung"
        return "done"
