"""Property tests of the HTTP bodies (a fuzz target of CONTRIBUTING.md): any bytes, any
JSON value, and real filings with one part replaced by arbitrary JSON, posted to every
POST endpoint, get a 2xx or a 4xx with the documented body, never a 5xx.

CI runs the ``ci`` profile's fixed examples; ``HYPOTHESIS_PROFILE=fuzz`` runs 20,000 a
property::

    HYPOTHESIS_PROFILE=fuzz uv run pytest tests/server/test_http_properties.py -q
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from icp_core.engine import Engine
from icp_core.server import create_app
from icp_core.testing import filing_data

ENDPOINTS = ("/v1/check", "/v1/check:batch", "/v1/documents", "/v1/change", "/v1/transfer")
ERROR_KINDS = {"malformed", "too_large", "timeout", "busy", "not_found", "method_not_allowed", "http"}
FIXTURES = [HealthCheck.function_scoped_fixture]


@pytest.fixture(scope="module")
def fuzz_client(engine: Engine) -> Iterator[TestClient]:
    # raise_server_exceptions=False: a bug must show as the 500 a client would see
    with TestClient(create_app(engine, max_body_bytes=64 * 1024), raise_server_exceptions=False) as test_client:
        yield test_client


# Text with every kind of code point, lone surrogates included (json.dumps escapes them).
texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=20)
numbers = st.one_of(st.integers(), st.integers(min_value=-(2**80), max_value=2**80),
                    st.floats(allow_nan=True, allow_infinity=True))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, texts),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(texts, children, max_size=4)),
    max_leaves=20,
)


def _dumps(value: Any) -> bytes:
    """JSON as a client might send it: NaN and Infinity included (the service refuses them)."""
    return json.dumps(value, allow_nan=True).encode("utf-8")


@st.composite
def mutated_filings(draw: st.DrawFn) -> Any:
    """A real filing with one value somewhere replaced by arbitrary JSON."""
    filing: Any = filing_data(draw(st.sampled_from(["beijing", "tianjin"])))
    node = filing
    for _ in range(draw(st.integers(0, 4))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            if not isinstance(node[key], (dict, list)) or not node[key]:
                break
            node = node[key]
        elif isinstance(node, list) and node:
            index = draw(st.integers(0, len(node) - 1))
            if not isinstance(node[index], (dict, list)) or not node[index]:
                break
            node = node[index]
    if isinstance(node, dict) and node:
        node[draw(st.sampled_from(sorted(node)) | texts)] = draw(json_values)
    elif isinstance(node, list) and node:
        node[draw(st.integers(0, len(node) - 1))] = draw(json_values)
    return filing


def envelope(endpoint: str, filing: Any) -> Any:
    if endpoint == "/v1/check:batch":
        return {"filings": [filing]}
    if endpoint == "/v1/change":
        return {"filing": filing, "change": {"to": "individual"}}
    if endpoint == "/v1/transfer":
        return {"filing": filing, "transfer": {"original": {"subject_type": "enterprise"}}}
    return filing


def assert_documented(response: Any) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    assert isinstance(body, dict)
    if response.status_code == 422:
        assert body["error"] == "input"
        assert body["errors"], body
        for error in body["errors"]:
            assert set(error) == {"path", "code", "message", "line", "column"}
            assert isinstance(error["path"], str) and isinstance(error["message"], str)
    elif response.status_code >= 400:
        assert body["error"] in ERROR_KINDS, body
        assert isinstance(body["message"], str)
    # every answer is valid UTF-8 JSON without NaN or Infinity
    json.loads(response.content.decode("utf-8"), parse_constant=lambda name: pytest.fail(name))
    assert not any(isinstance(v, float) and not math.isfinite(v) for v in _leaves(body))


def _leaves(value: Any) -> Iterator[Any]:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        else:
            yield node


@settings(suppress_health_check=FIXTURES)
@given(endpoint=st.sampled_from(ENDPOINTS), raw=st.binary(max_size=200))
def test_any_bytes_get_a_documented_4xx_or_2xx(fuzz_client: TestClient, endpoint: str, raw: bytes) -> None:
    assert_documented(fuzz_client.post(endpoint, content=raw))


@settings(suppress_health_check=FIXTURES)
@given(endpoint=st.sampled_from(ENDPOINTS), value=json_values)
def test_any_json_gets_a_documented_4xx_or_2xx(fuzz_client: TestClient, endpoint: str, value: Any) -> None:
    assert_documented(fuzz_client.post(endpoint, content=_dumps(value)))


@settings(suppress_health_check=FIXTURES)
@given(endpoint=st.sampled_from(ENDPOINTS), filing=mutated_filings(), lang=st.sampled_from(["en", "zh"]))
def test_filings_with_any_part_replaced_get_a_documented_answer(fuzz_client: TestClient, endpoint: str,
                                                                 filing: Any, lang: str) -> None:
    response = fuzz_client.post(endpoint, content=_dumps(envelope(endpoint, filing)),
                                headers={"accept-language": lang})
    assert_documented(response)
