"""``POST /v1/replay``: a few filings under two policies, and what changes.

Kept modest on purpose: a side is the service's own engine (``"service"``), the name of
a profile in the folder the operator chose (``ICP_PROFILES_DIR``), or a profile given
inline; never a plugin folder (that would import code a client names). A profile may
enable only plugins the service itself loads. Engines for profiles are built once and
kept (a few at most); filings are limited like a batch (``ICP_MAX_BATCH``).
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from icp_core.errors import FieldError, InputError, PolicyError
from icp_core.output import to_data
from icp_core.problems import Problem
from icp_core.report import Text

if TYPE_CHECKING:
    from icp_core.engine import Engine
    from icp_core.server.settings import Outcome

#: Engines kept for the profiles clients name or give; the oldest is dropped beyond this.
_KEPT_ENGINES = 8
_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_KEYS = ("filings", "baseline", "candidate", "all")


class Replayer:
    """The engines of the sides clients ask for, and the answer to one request."""

    def __init__(self, service_engine: Engine, profiles_dir: str | Path | None) -> None:
        self.service_engine = service_engine
        self.profiles_dir = Path(profiles_dir) if profiles_dir else None
        self._engines: collections.OrderedDict[str, Engine] = collections.OrderedDict()
        self._lock = threading.Lock()

    def answer(self, body: dict[str, Any], max_batch: int, lang: str, *, on: dt.date | None = None,
               complete: bool = False) -> Outcome:
        from icp_core.replay import replay
        from icp_core.server.bodies import _Problem

        errors = [FieldError(key, Problem.unknown_key()) for key in sorted(body) if key not in _KEYS]
        filings = body.get("filings")
        if not isinstance(filings, list):
            missing = filings is None
            errors.append(FieldError("filings", Problem.missing() if missing else Problem.not_a_list_of_filings()))
        if not isinstance(body.get("all", False), bool):
            errors.append(FieldError("all", Problem.invalid(detail="expected true or false")))
        if errors:
            raise InputError(errors)
        assert isinstance(filings, list)
        if len(filings) > max_batch:
            raise _Problem(413, "too_large", Text(f"more than {max_batch} filings in one replay",
                                                  f"单次对比最多 {max_batch} 份备案"), limit=max_batch)
        baseline = self._side("baseline", body.get("baseline", "service"))
        candidate = self._side("candidate", body.get("candidate", "service"))
        run = replay(filings, baseline, candidate, on=on, complete=complete, include_unchanged=body.get("all", False))
        changes = [to_data(change, lang) for change in run]
        summary = run.summary
        fields = {"items": len(filings), "changed": summary.changed, "no_longer_pass": summary.no_longer_pass}
        return 200, {"summary": to_data(summary, lang), "changes": changes}, fields

    def _side(self, name: str, given: Any) -> Engine:
        if given == "service":
            return self.service_engine
        if isinstance(given, str):
            return self._named(name, given)
        if isinstance(given, dict):
            return self._inline(name, given)
        raise InputError([FieldError(name, Problem.not_a_replay_side(
            detail='expected "service", a profile name or a profile (an object)'))])

    def _named(self, name: str, profile: str) -> Engine:
        if self.profiles_dir is None or not _PROFILE_NAME.fullmatch(profile):
            detail = ("no profiles are offered here (ICP_PROFILES_DIR is not set)" if self.profiles_dir is None
                      else "a profile name is letters, digits, '.', '_' and '-'")
            raise InputError([FieldError(name, Problem.not_a_replay_side(detail=detail))])
        path = next((p for p in (self.profiles_dir / f"{profile}.yaml", self.profiles_dir / f"{profile}.yml")
                     if p.is_file()), None)
        if path is None:
            raise InputError([FieldError(name, Problem.not_a_replay_side(detail=f"no profile named {profile!r}"))])
        from icp_core.profiles import load_profile

        try:
            loaded = load_profile(path)
        except PolicyError as exc:
            raise InputError([FieldError(f"{name}.{e.path}".rstrip("."), e.problem) for e in exc.errors]) from None
        return self._engine(name, f"name:{path}", loaded)

    def _inline(self, name: str, data: dict[str, Any]) -> Engine:
        from icp_core.convert import structure
        from icp_core.profiles import Profile

        try:
            profile = structure(data, Profile)
        except InputError as exc:
            raise InputError([FieldError(f"{name}.{e.path}".rstrip("."), e.problem) for e in exc.errors]) from None
        return self._engine(name, "inline:" + json.dumps(data, sort_keys=True, default=str), profile)

    def _engine(self, name: str, key: str, profile: Any) -> Engine:
        from icp_core.engine import Engine

        with self._lock:
            engine = self._engines.get(key)
            if engine is not None:
                self._engines.move_to_end(key)
                return engine
        served = sorted({p.name for p in self.service_engine.plugins()})
        if profile.plugins is not None:
            normal = {n.lower().replace("_", "-") for n in served}
            outside = [p for p in profile.plugins if p.lower().replace("_", "-") not in normal]
            if outside:
                raise InputError([FieldError(f"{name}.plugins", Problem.not_a_replay_side(
                    detail=f"not loaded by this service: {', '.join(sorted(outside))}"))])
        try:
            engine = Engine.from_entry_points(profile.plugins if profile.plugins is not None else served,
                                              profile=profile, hook_timeout=self.service_engine.hook_timeout)
        except PolicyError as exc:
            raise InputError([FieldError(f"{name}.{e.path}".rstrip("."), e.problem) for e in exc.errors]) from None
        with self._lock:
            self._engines[key] = engine
            while len(self._engines) > _KEPT_ENGINES:
                self._engines.popitem(last=False)
        return engine
