"""The HTTP JSON service (``icp_core.server``): every endpoint, both languages, the
error statuses, plugin failures, batches, the OpenAPI document, masking in logs and
bodies, configuration, and one end-to-end run of ``icp serve`` on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import http.client
import inspect
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from starlette.testclient import TestClient

from icp_core import calendar, cli
from icp_core.engine import Engine
from icp_core.loading import load_change_request, load_filing, load_transfer_request
from icp_core.output import to_data
from icp_core.report import PluginInfo
from icp_core.schema import json_schema
from icp_core.server import SCHEMAS, _language, create_app, openapi_document, serve
from icp_core.testing import filing_data, merge, resident_id

BEIJING = "icp-province-beijing"
ID_NUMBER = resident_id("beijing")  # real format, correct check character
ADMIN_RULE = "beijing.subject_administrator_is_legal_representative"


def data(**overrides: Any) -> dict[str, Any]:
    return merge(filing_data("beijing"), overrides)


def failing() -> dict[str, Any]:
    return data(subject={"administrator": {"is_legal_representative": False}})


def incomplete() -> dict[str, Any]:
    return data(websites=[{"name": "x", "domains": [{"name": "a.example.com.cn"}]}])


CONSOLE_PROFILE = Path(__file__).resolve().parents[2] / "policies" / "beijing-console.yaml"


def expected_report(engine: Engine, filing: dict[str, Any], lang: str = "en", on: dt.date | None = None) -> Any:
    loaded = load_filing(filing)
    return to_data(engine.check(loaded, on=on or loaded.evaluated_on), lang)


# --------------------------------------------------------------------------- check


def test_check_returns_the_report_of_the_engine(client: TestClient, engine: Engine) -> None:
    response = client.post("/v1/check", json=data())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == expected_report(engine, data())
    assert response.json()["verdict"] == "pass"


def test_check_body_is_what_the_cli_prints(app_client: Callable[..., TestClient], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    client = app_client(Engine.from_entry_points([BEIJING]))
    for body, verdict in ((failing(), "fail"), (data(), "not_covered")):
        path = tmp_path / "filing.json"
        path.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
        assert cli.main(["check", str(path), "--format", "json", "--allow", BEIJING]) == 1
        printed = json.loads(capsys.readouterr().out)
        assert printed["verdict"] == verdict
        assert client.post("/v1/check", json=body).json() == printed


def test_a_failing_filing_is_still_200_with_the_verdict_in_the_body(client: TestClient) -> None:
    response = client.post("/v1/check", json=failing())
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "fail" and body["passed"] is False
    assert [f["rule_id"] for f in body["findings"]] == [ADMIN_RULE]


def test_an_incomplete_filing_is_200(client: TestClient) -> None:
    body = client.post("/v1/check", json=incomplete()).json()
    assert body["verdict"] == "incomplete"
    assert "websites[0].domains[0].holder_name" in body["missing"]


@pytest.mark.parametrize("header", ["zh-CN", "zh", "zh-Hans-CN;q=0.9, en;q=0.8", "en;q=0.1, zh;q=0.2"])
def test_chinese_messages(client: TestClient, engine: Engine, header: str) -> None:
    response = client.post("/v1/check", json=failing(), headers={"Accept-Language": header})
    assert response.status_code == 200
    assert response.headers["content-language"] == "zh-CN"
    assert response.json() == expected_report(engine, failing(), "zh")
    assert response.json()["findings"][0]["message"] == expected_report(engine, failing(), "zh")["findings"][0][
        "message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["findings"][0]["message"])


@pytest.mark.parametrize("header", [None, "en", "en-US,zh;q=0.5", "fr-FR", "zh;q=0", "*"])
def test_english_messages(client: TestClient, engine: Engine, header: str | None) -> None:
    headers = {"Accept-Language": header} if header else {}
    response = client.post("/v1/check", json=failing(), headers=headers)
    assert response.headers["content-language"] == "en"
    assert response.json() == expected_report(engine, failing(), "en")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["findings"][0]["message"])


def test_language_choice() -> None:
    assert _language("zh-TW") == "zh"
    assert _language("en-GB;q=0.9, zh-CN;q=0.8") == "en"
    assert _language("zh-CN;q=bogus, en") == "en"
    assert _language("de, ja") == "en"


def test_on_overrides_evaluated_on(client: TestClient, engine: Engine) -> None:
    response = client.post("/v1/check?on=2030-01-02", json=data())
    assert response.json()["evaluated_on"] == "2030-01-02"
    assert response.json() == expected_report(engine, data(), on=dt.date(2030, 1, 2))


def test_on_defaults_to_the_filing_then_to_today_in_china(client: TestClient) -> None:
    assert client.post("/v1/check", json=data()).json()["evaluated_on"] == "2026-12-01"
    before = calendar.today()
    day = client.post("/v1/check", json=data(evaluated_on=None)).json()["evaluated_on"]
    after = calendar.today()
    assert day in (before.isoformat(), after.isoformat())


@pytest.mark.parametrize(("query", "path"), [("on=yesterday", "query.on"), ("on=1800-01-01", "query.on"),
                                             ("require_complete=maybe", "query.require_complete")])
def test_bad_query_parameters_are_422(client: TestClient, query: str, path: str) -> None:
    response = client.post(f"/v1/check?{query}", json=data())
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == [path]


def test_require_complete_turns_missing_facts_into_422(client: TestClient) -> None:
    response = client.post("/v1/check?require_complete=true", json=incomplete())
    assert response.status_code == 422
    paths = {e["path"] for e in response.json()["errors"]}
    assert paths == {"websites[0].domains[0].holder_name", "websites[0].domains[0].registered_outside_mainland"}
    assert client.post("/v1/check?require_complete=true", json=data()).status_code == 200


# --------------------------------------------------------------------------- other questions


def test_documents(client: TestClient, engine: Engine) -> None:
    response = client.post("/v1/documents", json=data(), headers={"Accept-Language": "zh"})
    assert response.status_code == 200
    expected = to_data(engine.documents(load_filing(data())), "zh")
    assert response.json() == expected
    assert {d["document"] for d in expected["documents"]} >= {"subject_certificate", "authenticity_statement"}


def test_change(client: TestClient, engine: Engine) -> None:
    body = {"filing": data(), "change": {"to": "individual"}}
    response = client.post("/v1/change", json=body)
    assert response.status_code == 200
    expected = engine.change(load_filing(data()), load_change_request({"to": "individual"}))
    assert response.json() == to_data(expected, "en")
    assert response.json()["outcome"] == "denied"


def test_transfer_in_both_forms(client: TestClient, engine: Engine) -> None:
    original = {"subject_type": "enterprise", "subject_name": "another name"}
    expected = to_data(engine.transfer(load_filing(data()), load_transfer_request({"original": original})), "zh")
    for transfer in ({"original": original}, original):
        response = client.post("/v1/transfer", json={"filing": data(), "transfer": transfer},
                               headers={"Accept-Language": "zh-CN"})
        assert response.status_code == 200
        assert response.json() == expected
    assert expected["outcome"] == "conditional"


def test_envelope_errors_carry_the_part_in_their_paths(client: TestClient) -> None:
    response = client.post("/v1/change", json={"filing": data(subject={"type": "club"}), "change": {"to": "x"},
                                               "extra": 1})
    assert response.status_code == 422
    assert {e["path"] for e in response.json()["errors"]} == {"filing.subject.type", "change.to", "extra"}
    response = client.post("/v1/transfer", json={"filing": data(), "transfer": []})
    assert [(e["path"], e["message"]) for e in response.json()["errors"]] == [("transfer", "expected a JSON object")]
    response = client.post("/v1/transfer", json={"transfer": {"original": {}}})
    assert [e["path"] for e in response.json()["errors"]] == ["filing"]


# --------------------------------------------------------------------------- batch


def test_batch_keeps_order_and_reports_errors_per_item(client: TestClient, engine: Engine) -> None:
    filings: list[Any] = [data(), data(subject={"type": "club"}), failing(), "not a filing", incomplete()]
    response = client.post("/v1/check:batch", json={"filings": filings}, headers={"Accept-Language": "zh"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 5
    assert results[0] == expected_report(engine, data(), "zh")
    assert results[1]["error"] == "input" and [e["path"] for e in results[1]["errors"]] == ["subject.type"]
    assert results[2] == expected_report(engine, failing(), "zh")
    assert results[3] == {"error": "input", "errors": [
        {"path": "", "code": "not_a_filing", "message": "应为一份备案（JSON 对象）", "line": None, "column": None}]}
    assert results[4]["verdict"] == "incomplete"
    assert response.json()["summary"] == {"pass": 1, "fail": 1, "incomplete": 1, "not_covered": 0, "error": 0,
                                          "input": 2}


def test_batch_options_apply_to_every_item(client: TestClient) -> None:
    response = client.post("/v1/check:batch?on=2031-05-06&require_complete=1", json={"filings": [data(),
                                                                                                 incomplete()]})
    results = response.json()["results"]
    assert results[0]["evaluated_on"] == "2031-05-06"
    assert results[1]["error"] == "input"


@pytest.mark.parametrize(("body", "paths"), [({}, ["filings"]), ({"filings": {}}, ["filings"]),
                                             ({"filings": [], "on": "2026-01-01"}, ["on"])])
def test_batch_envelope_errors(client: TestClient, body: dict[str, Any], paths: list[str]) -> None:
    response = client.post("/v1/check:batch", json=body)
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == paths


def test_batch_over_the_limit_is_413(engine: Engine, app_client: Callable[..., TestClient]) -> None:
    small = app_client(engine, max_batch=2)
    assert small.post("/v1/check:batch", json={"filings": [data()] * 2}).status_code == 200
    response = small.post("/v1/check:batch", json={"filings": [data()] * 3})
    assert response.status_code == 413
    assert response.json()["limit"] == 2


# --------------------------------------------------------------------------- plugin failures


def test_a_raising_plugin_is_a_5xx_naming_plugin_and_hooks(boom_client: TestClient) -> None:
    response = boom_client.post("/v1/check", json=data())
    assert response.status_code == 502
    body = response.json()
    assert body["error"] == "plugin"
    assert {(f["plugin"], f["hook"]) for f in body["failures"]} == {("boom", "check_entity"),
                                                                     ("boom", "required_documents")}
    assert "boom (check_entity)" in body["message"]
    assert body["report"]["verdict"] == "error" and body["report"]["passed"] is False
    assert "pass" not in json.dumps(body["report"]["verdict"])


def test_plugin_failures_in_documents_change_transfer_and_batch(boom_client: TestClient) -> None:
    documents = boom_client.post("/v1/documents", json=data())
    assert documents.status_code == 502
    assert [(f["plugin"], f["hook"]) for f in documents.json()["failures"]] == [("boom", "required_documents")]
    change = boom_client.post("/v1/change", json={"filing": data(), "change": {"to": "individual"}})
    assert change.status_code == 502
    assert [(f["plugin"], f["hook"]) for f in change.json()["failures"]] == [("boom", "allowed_change")]
    assert change.json()["report"]["outcome"] is None
    transfer = boom_client.post("/v1/transfer", json={"filing": data(), "transfer": {"original": {}}},
                                headers={"Accept-Language": "zh"})
    assert transfer.status_code == 502
    assert transfer.json()["message"].startswith("插件运行失败")
    batch = boom_client.post("/v1/check:batch", json={"filings": [{"bad": 1}, data()]})
    assert batch.status_code == 502
    assert {(f["index"], f["hook"]) for f in batch.json()["failures"]} == {(1, "check_entity"),
                                                                           (1, "required_documents")}
    assert batch.json()["results"][0]["error"] == "input"
    assert batch.json()["results"][1]["verdict"] == "error"
    assert batch.json()["summary"]["error"] == 1


def test_a_plugin_that_cannot_load(unloadable_client: TestClient) -> None:
    ready = unloadable_client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["status"] == "not_ready"
    assert any("unloadable" in problem for problem in ready.json()["problems"])
    plugins = unloadable_client.get("/v1/plugins").json()
    assert plugins["problems"] == ready.json()["problems"]
    response = unloadable_client.post("/v1/check", json=data())
    assert response.status_code == 502
    assert [(f["plugin"], f["hook"]) for f in response.json()["failures"]] == [("unloadable", "load")]


class _Exploding(Engine):
    """An engine with a bug: its check raises."""

    def check(self, *args: Any, **kwargs: Any) -> Any:
        raise KeyError(f"lost {ID_NUMBER}")


def test_an_unexpected_exception_is_a_500_with_the_request_id(app_client: Callable[..., TestClient],
                                                              caplog: pytest.LogCaptureFixture) -> None:
    client = app_client(_Exploding([]))
    with caplog.at_level(logging.INFO, logger="icp_core.server"):
        response = client.post("/v1/check", json=data(), headers={"X-Request-ID": "bug-1"})
    assert response.status_code == 500
    assert response.json()["error"] == "internal"
    assert response.json()["request_id"] == response.headers["x-request-id"] == "bug-1"
    assert "Traceback" not in response.text and "KeyError" not in response.text
    errors = [r for r in caplog.records if r.name == "icp_core.server" and r.levelno == logging.ERROR]
    assert len(errors) == 1
    logged = json.loads(errors[0].getMessage())
    assert logged["request_id"] == "bug-1" and "KeyError" in logged["exception"]
    assert ID_NUMBER not in errors[0].getMessage()
    access = [json.loads(r.getMessage()) for r in caplog.records if r.name == "icp_core.server.access"]
    assert [(a["status"], a["request_id"]) for a in access] == [(500, "bug-1")]


# --------------------------------------------------------------------------- bad requests


@pytest.mark.parametrize("body", [b"{bad", b"[1, 2]", b"", b'"text"', b"null", b"12", b'{"a": NaN}',
                                  b'{"a": 1, "a": 2}', b"\xff\xfe{}", b"[" * 100_000])
def test_malformed_bodies_are_400(client: TestClient, body: bytes) -> None:
    response = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"] == "malformed"
    assert "Traceback" not in response.text


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30) | st.sampled_from(["beijing", "enterprise", "2026-12-01", ID_NUMBER, "ecs"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


def _leaf_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [prefix] + [p for key, value in node.items() for p in _leaf_paths(value, (*prefix, key))]
    if isinstance(node, list):
        return [prefix] + [p for index, value in enumerate(node) for p in _leaf_paths(value, (*prefix, index))]
    return [prefix]


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replace(node[path[0]], path[1:], value)  # type: ignore[index]
    return copy


_PATHS = [p for p in _leaf_paths(filing_data("beijing")) if p]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(_PATHS), value=_JSON, endpoint=st.sampled_from(["/v1/check", "/v1/documents",
                                                                             "/v1/change", "/v1/check:batch"]))
def test_no_filing_makes_the_service_fail(client: TestClient, path: tuple[Any, ...], value: Any,
                                          endpoint: str) -> None:
    filing = _replace(filing_data("beijing"), path, value)
    body = {"/v1/change": {"filing": filing, "change": {"to": value}},
            "/v1/check:batch": {"filings": [filing, value]}}.get(endpoint, filing)
    response = client.post(endpoint, json=body)
    assert response.status_code in (200, 422), response.text
    assert ID_NUMBER not in response.text


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_JSON)
def test_no_json_body_makes_the_service_fail(client: TestClient, body: Any) -> None:
    response = client.post("/v1/check", json=body)
    assert response.status_code == (422 if isinstance(body, dict) else 400), response.text


def test_malformed_json_says_where(client: TestClient) -> None:
    response = client.post("/v1/check", content=b'{\n  "province": beijing\n}', headers={"Accept-Language": "zh"})
    assert response.status_code == 400
    assert (response.json()["line"], response.json()["column"]) == (2, 15)
    assert response.json()["message"].startswith("不是有效的 JSON")


def test_input_errors_are_422_with_the_cli_paths(client: TestClient) -> None:
    bad = data(subject={"type": "club", "administrator": {"age": "old"}}, websites=[{"domains": [{"x": 1}]}])
    response = client.post("/v1/check", json=bad)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "input"
    assert all(set(e) == {"path", "code", "message", "line", "column"} for e in body["errors"])
    assert {e["path"] for e in body["errors"]} == {"subject.type", "subject.administrator.age",
                                                   "websites[0].domains[0].name", "websites[0].domains[0].x"}


def test_unknown_route_is_404(client: TestClient) -> None:
    response = client.get("/v2/check", headers={"Accept-Language": "zh"})
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert "接口" in response.json()["message"]
    assert client.get("/v1/schema/nothing").status_code == 404


@pytest.mark.parametrize(("method", "path", "allow"), [("GET", "/v1/check", "POST"), ("PUT", "/v1/check:batch", "POST"),
                                                       ("POST", "/healthz", "GET, HEAD"),
                                                       ("DELETE", "/v1/plugins", "GET, HEAD")])
def test_wrong_method_is_405(client: TestClient, method: str, path: str, allow: str) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert {m.strip() for m in response.headers["allow"].split(",")} == set(allow.split(", "))


def test_bodies_over_the_limit_are_413(engine: Engine, app_client: Callable[..., TestClient]) -> None:
    small = app_client(engine, max_body_bytes=1000)
    at_limit = b"{" + b" " * 998 + b"}"
    assert small.post("/v1/check", content=at_limit).status_code == 422  # read, then refused as input
    response = small.post("/v1/check", content=at_limit + b" ")
    assert response.status_code == 413
    assert response.json() == {"error": "too_large", "message": "the body is larger than 1000 bytes", "limit": 1000}

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
        for _ in range(20):
            yield b" " * 100

    streamed = small.post("/v1/check", content=chunks())
    assert streamed.status_code == 413
    assert small.post("/v1/check", content=b"{}", headers={"content-length": "two"}).status_code == 400


# --------------------------------------------------------------------------- GET endpoints


def test_plugins_is_what_the_cli_prints(client: TestClient, engine: Engine) -> None:
    response = client.get("/v1/plugins")
    assert response.status_code == 200
    assert response.json() == {"plugins": to_data(engine.plugins()), "problems": [],
                               "coverage": to_data(engine.coverage())}
    assert [p["name"] for p in response.json()["plugins"] if not p["name"].startswith("stand-in-")] == [BEIJING]


@pytest.mark.parametrize("what", SCHEMAS)
def test_schemas(client: TestClient, what: str) -> None:
    response = client.get(f"/v1/schema/{what}")
    assert response.status_code == 200
    assert response.json() == json_schema(what)


def test_health_and_readiness(client: TestClient, engine: Engine) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    active = [p for p in engine.plugins() if p.replaced_by is None]
    assert ready.json() == {"status": "ready", "plugins": len(active), "problems": [], "uncovered": []}


def test_not_ready_while_a_served_scope_is_not_covered(app_client: Callable[..., TestClient]) -> None:
    """Issue 9: a replica without the national plugin answers every filing `not_covered`,
    so it must not say it is ready; with a profile that serves only what it covers, it is."""
    bare = app_client(Engine.from_entry_points([BEIJING])).get("/readyz")
    assert bare.status_code == 503
    uncovered = {entry["scope"]: entry for entry in bare.json()["uncovered"]}
    assert uncovered["national"]["status"] == "not_allowed"
    assert uncovered["province.guangdong"] == {"scope": "province.guangdong", "status": "not_allowed",
                                               "plugin": None, "install": "icp-province-guangdong"}
    served = app_client(Engine.from_entry_points(profile=CONSOLE_PROFILE)).get("/readyz")
    assert served.status_code == 200 and served.json()["uncovered"] == []


def test_not_ready_until_started(engine: Engine) -> None:
    client = TestClient(create_app(engine))  # no lifespan: start-up has not run
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "starting"


# --------------------------------------------------------------------------- OpenAPI


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _response_schema(document: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    response = document["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = _resolve(document, response["$ref"])
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return schema


def _validator(document: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({"components": document["components"], "allOf": [schema]})


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_openapi_document_is_well_formed(openapi: dict[str, Any], client: TestClient) -> None:
    assert openapi["openapi"] == "3.1.0"
    assert openapi["info"]["title"] and openapi["info"]["version"]
    refs = [node["$ref"] for node in _walk(openapi) if isinstance(node, dict) and "$ref" in node]
    assert len(refs) > 50
    for ref in refs:
        _resolve(openapi, ref)  # raises KeyError if it does not resolve
    for name, schema in openapi["components"]["schemas"].items():
        assert "$id" not in schema and "$schema" not in schema, name
        Draft202012Validator.check_schema(schema)
    operations = [op for item in openapi["paths"].values() for op in item.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    assert all({"200", "500"} <= set(op["responses"]) for op in operations)
    routes = {route.path for route in client.app.routes}  # type: ignore[attr-defined]
    assert set(openapi["paths"]) == routes
    assert openapi == openapi_document()


def test_openapi_passes_the_official_validator(openapi: dict[str, Any]) -> None:
    from openapi_spec_validator import validate

    validate(openapi)


def test_openapi_reuses_the_model_schemas(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    for what in SCHEMAS:
        for name, body in json_schema(what)["$defs"].items():
            moved = json.loads(json.dumps(body).replace('"#/$defs/', '"#/components/schemas/'))
            assert schemas[name] == moved
    check = openapi["paths"]["/v1/check"]["post"]
    assert check["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Filing"}
    plugin_info = schemas["PluginInfo"]
    assert set(plugin_info["properties"]) == set(plugin_info["required"]) == {f.name for f in attrs.fields(PluginInfo)}


def test_responses_match_the_openapi_document(openapi: dict[str, Any], client: TestClient,
                                              boom_client: TestClient) -> None:
    calls: list[tuple[TestClient, str, str, Any]] = [
        (client, "post", "/v1/check", data()),
        (client, "post", "/v1/check", failing()),
        (client, "post", "/v1/check", incomplete()),
        (client, "post", "/v1/check", data(subject={"type": "club"})),
        (client, "post", "/v1/check", b"[1]"),
        (client, "post", "/v1/check:batch", {"filings": [data(), 1, failing()]}),
        (client, "post", "/v1/documents", data()),
        (client, "post", "/v1/change", {"filing": data(), "change": {"to": "individual"}}),
        (client, "post", "/v1/transfer", {"filing": data(), "transfer": {"original": {"subject_name": "x"}}}),
        (client, "get", "/v1/plugins", None),
        (client, "get", "/healthz", None),
        (client, "get", "/readyz", None),
        (client, "get", "/v1/schema/filing", None),
        (client, "get", "/v1/schema/nothing", None),
        (boom_client, "post", "/v1/check", data()),
        (boom_client, "post", "/v1/check:batch", {"filings": [data()]}),
        (boom_client, "post", "/v1/change", {"filing": data(), "change": {"to": "individual"}}),
    ]
    seen = set()
    for test_client, method, path, body in calls:
        if method == "get":
            response = test_client.get(path)
        elif isinstance(body, bytes):
            response = test_client.post(path, content=body)
        else:
            response = test_client.post(path, json=body)
        template = "/v1/schema/{what}" if path.startswith("/v1/schema/") else path
        schema = _response_schema(openapi, template, method, response.status_code)
        errors = list(_validator(openapi, schema).iter_errors(response.json()))
        assert errors == [], (path, response.status_code, [e.message for e in errors][:3])
        seen.add(response.status_code)
    assert seen == {200, 400, 404, 422, 502}


def test_filings_that_the_service_accepts_validate_against_the_request_schema(openapi: dict[str, Any]) -> None:
    schema = openapi["paths"]["/v1/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    validator = _validator(openapi, schema)
    for filing in (data(), failing(), incomplete(), filing_data("beijing", "individual")):
        assert list(validator.iter_errors(filing)) == []
    assert list(validator.iter_errors(data(subject={"type": "club"})))


# --------------------------------------------------------------------------- request ids, logs, masking


def test_request_ids(client: TestClient) -> None:
    kept = client.get("/healthz", headers={"X-Request-ID": "console-42.a:b_c"})
    assert kept.headers["x-request-id"] == "console-42.a:b_c"
    cleaned = client.get("/healthz", headers={"X-Request-ID": "a b/c<script>" + "x" * 100})
    assert cleaned.headers["x-request-id"] == ("abcscript" + "x" * 100)[:64]
    generated = client.get("/healthz").headers["x-request-id"]
    assert len(generated) == 32 and int(generated, 16) >= 0
    assert client.get("/healthz", headers={"X-Request-ID": "///"}).headers["x-request-id"] != "///"
    assert client.get("/nothing").headers["x-request-id"]


def test_one_structured_access_line_per_request(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="icp_core.server.access"):
        client.post("/v1/check", json=failing(), headers={"X-Request-ID": "r1"})
        client.post("/v1/check:batch", json={"filings": [data(), 1]}, headers={"X-Request-ID": "r2"})
        client.post("/v1/change", json={"filing": data(), "change": {"to": "individual"}},
                    headers={"X-Request-ID": "r3"})
        client.get("/nothing", headers={"X-Request-ID": "r4"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "icp_core.server.access"]
    assert [line["request_id"] for line in lines] == ["r1", "r2", "r3", "r4"]
    assert all({"time", "request_id", "method", "path", "status", "duration_ms"} <= set(line) for line in lines)
    assert (lines[0]["method"], lines[0]["path"], lines[0]["status"], lines[0]["verdict"]) == (
        "POST", "/v1/check", 200, "fail")
    assert lines[1]["verdicts"] == {"pass": 1, "fail": 0, "not_covered": 0, "incomplete": 0, "error": 0, "input": 1}
    assert lines[2]["outcome"] == "denied"
    assert lines[3]["status"] == 404 and "verdict" not in lines[3]
    assert all(line["duration_ms"] >= 0 for line in lines)
    assert all("王建国" not in r.getMessage() and "subject" not in r.getMessage() for r in caplog.records)


def test_personal_data_never_appears_in_logs_or_bodies(client: TestClient, boom_client: TestClient,
                                                       app_client: Callable[..., TestClient],
                                                       caplog: pytest.LogCaptureFixture) -> None:
    with_id = data(subject={"administrator": {"id_number": ID_NUMBER}})
    responses = []
    with caplog.at_level(logging.DEBUG, logger="icp_core"):
        # the ID number in a good place, then quoted by errors in bad ones
        responses.append(client.post("/v1/check", json=with_id))
        responses.append(client.post("/v1/check", json=merge(with_id, {"subject": {"type": ID_NUMBER}})))
        responses.append(client.post("/v1/check", json=merge(with_id, {"subject": {f"note{ID_NUMBER}": 1}})))
        responses.append(client.post("/v1/check:batch", json={"filings": [{"province": ID_NUMBER}]}))
        responses.append(client.post("/v1/change", json={"filing": with_id, "change": {"to": ID_NUMBER}}))
        responses.append(client.post("/v1/check", json=with_id, headers={"X-Request-ID": f"req{ID_NUMBER}"}))
        responses.append(client.get(f"/v1/x{ID_NUMBER}/{ID_NUMBER}"))
        responses.append(boom_client.post("/v1/check", json=with_id))
        responses.append(app_client(_Exploding([])).post("/v1/check", json=with_id))
    assert [r.status_code for r in responses] == [200, 422, 422, 200, 422, 200, 404, 502, 500]
    for response in responses:
        assert ID_NUMBER not in response.text
        assert all(ID_NUMBER not in value for value in response.headers.values())
    assert ID_NUMBER[:6] + "*" * 8 + ID_NUMBER[-4:] in responses[1].text  # masked, still recognisable
    assert "*" in responses[5].headers["x-request-id"]
    messages = [r.getMessage() for r in caplog.records]
    assert len([r for r in caplog.records if r.name == "icp_core.server.access"]) == len(responses)
    assert any("*" * 8 in m for m in messages)  # the masked id made it into the log
    for record in caplog.records:
        assert ID_NUMBER not in record.getMessage()
        assert ID_NUMBER not in json.dumps(getattr(record, "icp_access", {}))


# --------------------------------------------------------------------------- configuration


def test_environment_configures_and_flags_win(engine: Engine, app_client: Callable[..., TestClient],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICP_MAX_BODY_BYTES", "200")
    monkeypatch.setenv("ICP_MAX_BATCH", "1")
    from_env = app_client(engine)
    assert from_env.post("/v1/check", json=data()).status_code == 413
    flagged = app_client(engine, max_body_bytes=100_000, max_batch=2)
    assert flagged.post("/v1/check", json=data()).status_code == 200
    assert flagged.post("/v1/check:batch", json={"filings": [data(), data()]}).status_code == 200
    monkeypatch.setenv("ICP_MAX_BODY_BYTES", "100000")
    assert app_client(engine).post("/v1/check:batch", json={"filings": [data(), data()]}).status_code == 413


def test_environment_allow_and_profile(app_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    profile = tmp_path / "lenient-profile.yaml"
    profile.write_text(f"name: lenient\nplugins: [{BEIJING}]\nrules:\n  {ADMIN_RULE}:\n    severity: warning\n",
                       "utf-8")
    monkeypatch.setenv("ICP_ALLOW", f" {BEIJING} ,")
    allowed = app_client()
    assert [p["name"] for p in allowed.get("/v1/plugins").json()["plugins"]] == [BEIJING]
    assert allowed.post("/v1/check", json=failing()).json()["verdict"] == "fail"
    monkeypatch.setenv("ICP_PROFILE", str(profile))
    profiled = app_client().post("/v1/check", json=failing()).json()
    # The rule is only a warning now; the scopes left out of the allow-list are not covered.
    assert (profiled["profile"], profiled["verdict"]) == ("lenient", "not_covered")
    strict = tmp_path / "strict-profile.yaml"
    strict.write_text(f"name: strict\nplugins: [{BEIJING}]\n", "utf-8")
    flagged = app_client(profile=strict).post("/v1/check", json=failing()).json()
    assert (flagged["profile"], flagged["verdict"]) == ("strict", "fail")


def test_bad_configuration_fails_at_start(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICP_MAX_BATCH", "lots")
    with pytest.raises(ValueError, match="ICP_MAX_BATCH"):
        create_app(engine)
    with pytest.raises(ValueError, match="either"):
        create_app(engine, allow=[BEIJING])


def test_serve_keeps_the_signature_the_cli_calls() -> None:
    parameters = inspect.signature(serve).parameters
    assert list(parameters)[:4] == ["host", "port", "profile", "allow"]
    # the limits are keyword-only: a positional call written for the old signature still works
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(parameters.values())[4:])
    assert {"max_body_bytes", "max_batch", "max_response_bytes", "check_threads", "check_queue", "body_timeout",
            "limits"} <= set(parameters)


# --------------------------------------------------------------------------- end to end


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_icp_serve_end_to_end(engine: Engine, tmp_path: Path) -> None:
    port = _free_port()
    log = (tmp_path / "server.log").open("w+b")
    process = subprocess.Popen(
        [sys.executable, "-m", "icp_core.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--profile", str(CONSOLE_PROFILE)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ICP_PROFILE": ""},
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None, "icp serve exited early"
            try:
                if _request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "icp serve did not answer /healthz within 15 s"
            time.sleep(0.1)
        assert _request(port, "GET", "/readyz")[0] == 200
        status, body = _request(port, "POST", "/v1/check", json.dumps(failing()).encode("utf-8"))
        assert status == 200
        assert json.loads(body) == expected_report(Engine.from_entry_points(profile=CONSOLE_PROFILE), failing())
        # A filing of a province the console does not serve is answered, never passed.
        hebei = json.dumps(filing_data("hebei")).encode("utf-8")
        status, body = _request(port, "POST", "/v1/check", hebei)
        assert (status, json.loads(body)["verdict"]) == (200, "not_covered")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        log.close()
    access = [json.loads(line) for line in output.splitlines() if line.startswith("{") and '"request_id"' in line]
    assert [(a["path"], a["status"]) for a in access][-1] == ("/v1/check", 200)
    assert [a["verdict"] for a in access if a["path"] == "/v1/check"] == ["fail", "not_covered"]


def test_input_errors_follow_accept_language(client: TestClient) -> None:
    body = {"province": "beijing", "subject": {"type": "company"}}
    english = client.post("/v1/check", json=body).json()["errors"]
    chinese = client.post("/v1/check", json=body, headers={"Accept-Language": "zh-CN"}).json()["errors"]
    assert [e["path"] for e in english] == [e["path"] for e in chinese]
    assert "not one of" in next(e["message"] for e in english if e["path"] == "subject.type")
    assert "不是以下取值之一" in next(e["message"] for e in chinese if e["path"] == "subject.type")
