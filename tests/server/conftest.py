"""Fixtures of the HTTP service tests: engines over the Beijing plugin only (so that
other plugins installed in the workspace cannot change the answers) and over
plugins built in the tests, and test clients that run the application's lifespan."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from starlette.testclient import TestClient

from icp_core.engine import Engine, PluginSource
from icp_core.hookspecs import hookimpl
from icp_core.server import create_app
from icp_core.testing import engine_with_stand_ins

BEIJING = "icp-province-beijing"


@pytest.fixture(scope="session")
def engine() -> Engine:
    # Stand-ins cover the other scopes, so the answers are Beijing's rules alone.
    engine = engine_with_stand_ins(allow=[BEIJING])
    engine.load_all()
    return engine


@pytest.fixture(scope="module")
def client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine)) as test_client:
        yield test_client


def boom_module() -> ModuleType:
    """A plugin whose hooks raise, quoting the administrator's ID number."""
    module = ModuleType("boom_plugin")

    @hookimpl
    def check_entity(filing: Any) -> None:
        raise RuntimeError(f"boom while reading {filing.subject.administrator.id_number}")

    @hookimpl
    def required_documents(filing: Any) -> None:
        raise ValueError("no documents today")

    @hookimpl
    def allowed_change(filing: Any) -> None:
        raise RuntimeError("no changes today")

    @hookimpl
    def allowed_transfer(filing: Any) -> None:
        raise RuntimeError("no transfers today")

    module.check_entity = check_entity  # type: ignore[attr-defined]
    module.required_documents = required_documents  # type: ignore[attr-defined]
    module.allowed_change = allowed_change  # type: ignore[attr-defined]
    module.allowed_transfer = allowed_transfer  # type: ignore[attr-defined]
    return module


def unloadable_module() -> ModuleType:
    """A plugin that cannot register: its hook asks for an argument no hook has."""
    module = ModuleType("unloadable_plugin")

    @hookimpl
    def check_entity(no_such_argument: Any) -> None:
        return None

    module.check_entity = check_entity  # type: ignore[attr-defined]
    return module


@pytest.fixture
def app_client() -> Iterator[Callable[..., TestClient]]:
    """``app_client(engine=None, **create_app_options)``: a started client, closed after the test."""
    opened: list[TestClient] = []

    def make(engine: Engine | None = None, **options: Any) -> TestClient:
        test_client = TestClient(create_app(engine, **options))
        test_client.__enter__()
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.__exit__(None, None, None)


@pytest.fixture
def boom_client(app_client: Callable[..., TestClient]) -> TestClient:
    return app_client(Engine.from_sources(PluginSource(scope="province.beijing", distribution="boom",
                                                       module=boom_module())))


@pytest.fixture
def unloadable_client(app_client: Callable[..., TestClient]) -> TestClient:
    return app_client(Engine.from_sources(PluginSource(scope="province.beijing", distribution="unloadable",
                                                       module=unloadable_module())))
