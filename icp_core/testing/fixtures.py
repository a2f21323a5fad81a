"""The kit's pytest fixtures, registered by the ``pytest11`` entry point ``icp_filing``.

Kept apart from the plain helpers of ``icp_core.testing`` so that those import without
pytest installed; this module is the only one of the kit that needs it.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from icp_core.engine import Engine
from icp_core.report import Report
from icp_core.testing import Check, install_plugin, installed_engine, make_filing

__all__ = ["icp_check", "icp_engine", "icp_plugin_dir"]


@pytest.fixture
def icp_plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """``icp_plugin_dir(distribution, scope, policy=..., code=...)`` installs a throwaway
    plugin for this test only (see ``install_plugin``). Its modules are forgotten after the
    test: another test's throwaway package of the same name must not be found through them."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))

    def install(distribution: str, scope: str, **kwargs: Any) -> None:
        install_plugin(root, distribution, scope, **kwargs)

    yield install
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(root)):
            del sys.modules[name]


@pytest.fixture
def icp_engine() -> Engine:
    """An engine over every installed plugin (shared across tests; it is immutable in use)."""
    return installed_engine()


@pytest.fixture
def icp_check(icp_engine: Engine) -> Check:
    """``icp_check(province, subject_type="enterprise", add_documents=(), **overrides) -> Report``."""

    def check(province: str = "beijing", subject_type: str = "enterprise", *, on: dt.date | None = None,
              add_documents: Iterable[str] = (), **overrides: Any) -> Report:
        return icp_engine.check(make_filing(province, subject_type, add_documents=add_documents, **overrides), on=on)

    return check
