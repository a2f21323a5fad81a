"""Running plugins' Python hooks: in one guarded hand-off per question to a worker thread
(a hook that hangs is reported, naming plugin and hook, and fails the answer closed), and
the arguments each hook is called with."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor
from icp_core.context import Facts
from icp_core.engine.state import _Scope
from icp_core.hook_watch import ENGINE, HookCall, HookWatch
from icp_core.model import Filing
from icp_core.privacy import redact_text
from icp_core.report import (
    Decision,
    DocumentRequirement,
    Finding,
    PluginFailure,
)


class _HookRunner:
    """The engine's hook running (a part of :class:`Engine`)."""

    hook_timeout: float | None
    _hook_workers: int
    _executor: ThreadPoolExecutor | None
    _lock: threading.RLock

    def _run_hooks(self, states: list[_Scope], filing: Filing, facts: Facts, with_documents: bool,
                   failures: list[PluginFailure], *, only_documents: bool = False,
                   ) -> list[tuple[list[Finding], list[DocumentRequirement]]]:
        """Call the check hooks (and ``required_documents``) of ``states``, in order, under
        one ``hook_timeout`` counted from when the job starts; a plugin that hangs is named,
        those after it are reported as not run, and it is not called again until the hung
        call returns. A job no worker could start is the engine's failure ("hook workers
        busy"), not a plugin's. Returns each state's findings and documents."""
        results: list[tuple[list[Finding], list[DocumentRequirement]]] = [([], []) for _ in states]
        failed: list[PluginFailure] = []
        call: HookCall | None = None
        skipped: set[int] = set()
        timeout = self.hook_timeout
        if timeout is not None:
            executor = self._hook_executor()
            watch = self._hook_watch
            call = HookCall()
            for index, state in enumerate(states):  # a plugin still hung from an earlier question: not again
                if watch.is_hung(state.spec.distribution):
                    skipped.add(index)
                    failed.append(PluginFailure(state.spec.distribution, "hooks", "not called: a hook call of this "
                                                "plugin from an earlier question has not returned yet"))

        def job() -> None:
            if call is not None:
                watch.start(call)
            for index, state in enumerate(states):
                if index in skipped:
                    continue
                found, required = results[index]
                view = facts.with_params(state.params)
                calls = [("required_documents", {})] if only_documents else _hook_calls(state, facts, with_documents)
                for name, kwargs in calls:
                    if call is not None and not watch.enter(call, state.spec.distribution, name):
                        return  # the caller gave up on this job: call nothing more
                    try:
                        value = state.hooks[name](filing=filing, facts=view, rules=state.rules, **kwargs)
                        if name == "required_documents":
                            required.extend(d for d in _typed(state, name, value, DocumentRequirement)
                                            if d.rule_id not in state.disabled)
                        else:
                            found.extend(_typed(state, name, value, Finding))
                    except Exception as exc:
                        failed.append(_failure(state, name, exc))
                    finally:
                        if call is not None:
                            watch.leave(call)

        if call is None:
            job()
        elif timeout is not None and len(skipped) < len(states):
            outcome = watch.wait(call, executor.submit(job), timeout)
            ran = [s.spec.distribution for index, s in enumerate(states) if index not in skipped]
            if outcome == "busy":  # the engine's failure: no plugin was called
                failed.append(PluginFailure(ENGINE, "hooks", f"hook workers busy: all {self._hook_workers} are "
                                            f"running hook calls that have not returned; not called: "
                                            f"{', '.join(ran)}"))
            elif outcome == "hung":
                plugin, hook = call.last or (ran[0], "hooks")
                failed.append(PluginFailure(plugin, hook, f"did not return within {timeout:g} s"))
                failed.extend(PluginFailure(name, "hooks", f"not run: {plugin} did not return")
                              for name in ran[ran.index(plugin) + 1:])
            if outcome != "done":
                results = [([*found], [*required]) for found, required in results]  # a snapshot: the job runs on
        failures.extend(failed)
        return results

    def _hook_executor(self) -> ThreadPoolExecutor:
        if self._executor is None:
            with self._lock:
                if self._executor is None:
                    # Imported here: a CLI run whose plugins have no hooks never needs threads.
                    from concurrent.futures import ThreadPoolExecutor

                    self._hook_watch = HookWatch()  # which plugins have a call still running past its timeout
                    self._executor = ThreadPoolExecutor(self._hook_workers, thread_name_prefix="icp-hook")
        return self._executor

    def _guarded(self, state: _Scope, hook: str, job: Callable[[], tuple[list[Any], list[PluginFailure]]]
                 ) -> tuple[list[Any], list[PluginFailure]]:
        """Run a plugin's hooks, giving up ``hook_timeout`` seconds after they start: a plugin
        that hangs turns the answer into an error naming it instead of hanging the caller,
        and is not called again until that call returns (see ``icp_core.hook_watch``)."""
        if self.hook_timeout is None:
            return job()
        executor = self._hook_executor()
        watch, plugin, call = self._hook_watch, state.spec.distribution, HookCall()
        if watch.is_hung(plugin):
            return [], [PluginFailure(plugin, hook, "not called: a hook call of this plugin from an earlier "
                                      "question has not returned yet")]

        def watched() -> tuple[list[Any], list[PluginFailure]]:
            watch.start(call)
            if not watch.enter(call, plugin, hook):
                return [], []
            try:
                return job()
            finally:
                watch.leave(call)

        future = executor.submit(watched)
        outcome = watch.wait(call, future, self.hook_timeout)
        if outcome == "busy":
            return [], [PluginFailure(ENGINE, hook, f"hook workers busy: all {self._hook_workers} are running "
                                      f"hook calls that have not returned; not called: {plugin}")]
        if outcome == "hung":
            return [], [PluginFailure(plugin, hook, f"did not return within {self.hook_timeout:g} s")]
        return future.result()


def _hook_calls(state: _Scope, facts: Facts, with_documents: bool) -> list[tuple[str, dict[str, Any]]]:
    """The hook calls a scope makes for one check, with their arguments."""
    hooks = state.hooks
    calls: list[tuple[str, dict[str, Any]]] = []
    if "check_entity" in hooks:
        calls.append(("check_entity", {}))
    if "check_website" in hooks:
        calls += [("check_website", {"website": w, "path": p}) for p, w in facts.websites()]
    if "check_domain" in hooks:
        calls += [("check_domain", {"website": w, "domain": d, "path": p}) for p, w, d in facts.domains()]
    if "check_instance" in hooks:
        calls += [("check_instance", {"instance": i, "path": p}) for p, i in facts.instances()]
    if with_documents and "required_documents" in hooks:
        calls.append(("required_documents", {}))
    return calls


def _call(state: _Scope, name: str, kind: type, hook: Any, **kwargs: Any) -> tuple[list[Any], list[PluginFailure]]:
    try:
        return _typed(state, name, hook(**kwargs), kind), []
    except Exception as exc:
        return [], [_failure(state, name, exc)]


def _typed(state: _Scope, hook: str, results: Any, kind: type) -> list[Any]:
    """Flatten pluggy's list of per-implementation results, refusing wrong types."""
    flat: list[Any] = []
    for result in results or ():
        if result is None:
            continue
        items: Iterable[Any] = [result] if isinstance(result, kind) else result
        if isinstance(result, (str, bytes, Mapping)):
            items = [result]
        try:
            for item in items:
                if not isinstance(item, kind):
                    raise TypeError(f"returned {type(item).__name__}, expected {kind.__name__}")
                if kind is not Decision:
                    item = _as_engine_reports(state, item)
                flat.append(item)
        except TypeError as exc:
            raise TypeError(f"{hook} {exc}") from None
    return flat


def _as_engine_reports(state: _Scope, item: Any) -> Any:
    """A finding or document as the engine reports it: under the plugin's own name and, for
    a finding the hook built by hand, with the severity its ``rules`` give (the profile's)."""
    changes: dict[str, Any] = {}
    if item.plugin != state.spec.distribution:
        changes["plugin"] = state.spec.distribution
    if isinstance(item, Finding) and state.rules is not None:
        severity = state.rules.severity(item.rule_id)
        if severity is not None and severity is not item.severity:
            changes["severity"] = severity
    return attrs.evolve(item, **changes) if changes else item


def _failure(state: _Scope, hook: str, exc: BaseException) -> PluginFailure:
    return PluginFailure(state.spec.distribution, hook, redact_text(f"{type(exc).__name__}: {exc}"))


