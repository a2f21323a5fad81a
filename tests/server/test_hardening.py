"""Hostile HTTP input answered as 4xx, never 5xx, a pass or data in clear (issue 10):
numbers no consumer can hold, lone surrogates, two framings of one body, answers over
the response limit, a saturated check pool (503 with Retry-After while /healthz still
answers), request ids and paths with personal numbers split by punctuation, and the
rate-limited logs of the connection guards."""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from icp_core import cli
from icp_core.engine import Engine, PluginSource
from icp_core.hookspecs import hookimpl
from icp_core.http_connections import RateLimitedLog, RateLimitFilter, install_accept_error_handler
from icp_core.server import LARGE_BODY_BYTES, connection_limits, create_app
from icp_core.testing import engine_with_stand_ins, filing_data, merge, resident_id

ID_NUMBER = resident_id("beijing")
MOBILE = "13900090001"


def body(filing: dict[str, Any]) -> bytes:
    return json.dumps(filing, ensure_ascii=False).encode("utf-8")


def with_bandwidth(number_text: str) -> bytes:
    """A complete filing whose instance bandwidth is written as ``number_text`` in the JSON."""
    filing = filing_data("beijing")
    filing["instances"][0]["public_bandwidth_mbps"] = 424242
    return body(filing).replace(b"424242", number_text.encode())


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1e400", "9" * 400 + ".0", str(2**63), str(-(2**63) - 1),
                                    "1" * 5000])
def test_numbers_no_consumer_can_hold_are_422_naming_the_field(client: TestClient, number: str) -> None:
    response = client.post("/v1/check", content=with_bandwidth(number))
    assert response.status_code == 422, response.text
    # The same error as the CLI and batch give (one reader): the two texts had drifted.
    assert response.json()["errors"] == [{"path": "instances[0].public_bandwidth_mbps", "code": "out_of_range",
                                          "message": "number out of range", "line": None, "column": None}]


@pytest.mark.parametrize("number", ["5", "5.5", "1e2", str(2**63 - 1)])
def test_ordinary_numbers_still_reach_the_rules(client: TestClient, number: str) -> None:
    response = client.post("/v1/check", content=with_bandwidth(number))
    assert response.status_code == 200, response.text
    assert response.json()["verdict"] in ("pass", "fail", "incomplete")


def test_an_overflowing_number_in_a_batch_or_an_envelope_names_its_full_path(client: TestClient) -> None:
    filing = with_bandwidth("1e999").decode()
    batch = client.post("/v1/check:batch", content=f'{{"filings": [{body(filing_data("beijing")).decode()}, '
                                                    f'{filing}]}}'.encode())
    assert batch.status_code == 422
    assert batch.json()["errors"][0]["path"] == "filings[1].instances[0].public_bandwidth_mbps"
    change = client.post("/v1/change", content=f'{{"filing": {filing}, "change": {{"to": "individual"}}}}'.encode())
    assert change.status_code == 422
    assert change.json()["errors"][0]["path"] == "filing.instances[0].public_bandwidth_mbps"


# --------------------------------------------------------------------------- lone surrogates


@pytest.mark.parametrize(("raw", "path"), [
    (b'{"\\ud800": 1}', "\\ud800"),
    (b'{"province": "beijing", "subject": {"name": "a\\udc00b"}}', "subject.name"),
    (b'{"websites": [{"name": "\\ud83d"}]}', "websites[0].name"),
])
def test_a_lone_surrogate_is_400_naming_where(client: TestClient, raw: bytes, path: str) -> None:
    response = client.post("/v1/check", content=raw, headers={"accept-language": "zh"})
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "malformed"
    assert response.json()["path"] == path


def test_a_paired_surrogate_escape_is_an_ordinary_character(client: TestClient) -> None:
    raw = body(merge(filing_data("beijing"), {"websites": [{"remarks": "REMARK"}]})).replace(
        b"REMARK", b"\\ud83d\\ude00 emoji")
    response = client.post("/v1/check", content=raw)
    assert response.status_code == 200, response.text


# --------------------------------------------------------------------------- framing


def test_content_length_with_transfer_encoding_is_400(client: TestClient) -> None:
    refused = client.post("/v1/check", content=body(filing_data("beijing")),
                          headers={"transfer-encoding": "chunked", "content-length": "5"})
    assert refused.status_code == 400
    assert refused.json()["error"] == "malformed"
    assert refused.headers["connection"] == "close"
    assert client.post("/v1/check", content=body(filing_data("beijing"))).status_code == 200


# --------------------------------------------------------------------------- response size


def test_an_answer_over_the_response_limit_is_413(app_client: Callable[..., TestClient], engine: Engine) -> None:
    small = app_client(engine, max_response_bytes=2000)
    refused = small.post("/v1/check", content=body(filing_data("beijing")))
    assert refused.status_code == 413
    assert refused.json() == {"error": "too_large", "limit": 2000, "message": refused.json()["message"]}
    assert "2000" in refused.json()["message"]
    roomy = app_client(engine, max_response_bytes=1_000_000)
    assert roomy.post("/v1/check", content=body(filing_data("beijing"))).status_code == 200


# --------------------------------------------------------------------------- the check pool


class Gate:
    """A plugin hook that waits until the test opens the gate: holds a pool thread."""

    def __init__(self) -> None:
        self.armed = threading.Event()  # not during the warm-up at start-up
        self.entered = threading.Event()
        self.release = threading.Event()
        self.inside = 0  # checks waiting at the gate now

    def module(self) -> ModuleType:
        module = ModuleType("gate_plugin")
        gate = self

        @hookimpl
        def check_entity(filing: Any) -> None:
            if not gate.armed.is_set():
                return
            gate.inside += 1
            gate.entered.set()
            gate.release.wait(60)
            gate.inside -= 1

        module.check_entity = check_entity  # type: ignore[attr-defined]
        return module


@pytest.fixture
def gated(app_client: Callable[..., TestClient]) -> Iterator[tuple[TestClient, Gate]]:
    gate = Gate()
    engine = engine_with_stand_ins(PluginSource(scope="province.beijing", distribution="gate", module=gate.module()),
                                   hook_timeout=None)
    client = app_client(engine, check_threads=1, check_queue=0)
    gate.armed.set()
    yield client, gate
    gate.release.set()


def test_healthz_answers_and_a_full_pool_says_503_with_retry_after(gated: tuple[TestClient, Gate]) -> None:
    client, gate = gated
    answers: list[int] = []
    holder = threading.Thread(target=lambda: answers.append(
        client.post("/v1/check", content=body(filing_data("beijing"))).status_code))
    holder.start()
    assert gate.entered.wait(30), "the first check never started"
    # The only thread is held by a check: the loop still answers, and new work is refused.
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
    busy = client.post("/v1/check", content=body(filing_data("beijing")))
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "1"
    assert busy.headers["connection"] == "close"  # refused before its body was read
    assert busy.json()["error"] == "busy"
    gate.release.set()
    holder.join(30)
    assert answers == [200]
    assert client.post("/v1/check", content=body(filing_data("beijing"))).status_code == 200


# --------------------------------------------------------------------------- access log


SEPARATORS = st.sampled_from([":", ".", "/", "+", "-", "_", "::", "/+", ". "])


@st.composite
def split_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A real-format mobile or ID number, cut into pieces joined by punctuation."""
    number = draw(st.sampled_from([MOBILE, ID_NUMBER, "13812345678", resident_id("tianjin")]))
    cuts = sorted(draw(st.sets(st.integers(1, len(number) - 1), min_size=1, max_size=5)))
    pieces = [number[a:b] for a, b in zip([0, *cuts], [*cuts, len(number)], strict=True)]
    text = pieces[0]
    for piece in pieces[1:]:
        text += draw(SEPARATORS) + piece
    return number, text


def _access_records(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [r.icp_access for r in caplog.records if hasattr(r, "icp_access")]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(split=split_numbers())
def test_split_numbers_in_request_ids_and_paths_are_masked_in_the_log(client: TestClient,
                                                                      caplog: pytest.LogCaptureFixture,
                                                                      split: tuple[str, str]) -> None:
    number, text = split
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="icp_core.server.access"):
        response = client.get("/v1/lookup/" + text.replace(" ", "%20"), headers={"x-request-id": text})
    assert response.status_code == 404
    (record,) = _access_records(caplog)
    for logged in (record["request_id"], record["path"], response.headers["x-request-id"]):
        digits = re.sub(r"\D", "", logged)
        assert not any(number[i:i + 8] in digits for i in range(len(number) - 7)), logged
    assert number not in caplog.text


def test_short_numbers_and_known_paths_stay_readable(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="icp_core.server.access"):
        client.get("/v1/schema/filing", headers={"x-request-id": "console-7f3a:10:33:59"})
    (record,) = _access_records(caplog)
    assert record["path"] == "/v1/schema/filing"
    assert record["request_id"] == "console-7f3a:10:33:59"


# --------------------------------------------------------------------------- guards' logs


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_of_refusals_is_a_few_log_lines_with_counts(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    events = RateLimitedLog(10.0, clock)
    with caplog.at_level(logging.WARNING, logger="icp_core.server"):
        written = [events.event("connection_refused", reason="connection cap") for _ in range(5000)]
        clock.now = 11.0
        events.event("connection_refused", reason="connection cap")
    assert written.count(True) == 1
    lines = [json.loads(r.getMessage()) for r in caplog.records]
    assert [line["count"] for line in lines] == [1, 5000]
    assert all(r.exc_info is None for r in caplog.records)


def test_repeated_uvicorn_warnings_pass_once_per_interval() -> None:
    clock = FakeClock()
    gate = RateLimitFilter(10.0, clock)
    record = logging.LogRecord("uvicorn.error", logging.WARNING, __file__, 1, "Invalid HTTP request received.",
                               None, None)
    assert [gate.filter(record) for _ in range(100)].count(True) == 1
    clock.now = 20.0
    assert gate.filter(record)
    info = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, "Started", None, None)
    assert gate.filter(info) and gate.filter(info)


def test_out_of_file_handles_is_one_line_not_a_traceback_per_accept(caplog: pytest.LogCaptureFixture) -> None:
    loop = asyncio.new_event_loop()
    other: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: other.append(context))
    try:
        install_accept_error_handler(loop, RateLimitedLog(60.0))
        handler = loop.get_exception_handler()
        assert handler is not None
        with caplog.at_level(logging.WARNING, logger="icp_core.server"):
            for _ in range(1000):
                handler(loop, {"message": "socket.accept() out of system resource",
                               "exception": OSError(errno.EMFILE, "Too many open files")})
        handler(loop, {"message": "something else", "exception": RuntimeError("x")})
    finally:
        loop.close()
    assert len(caplog.records) == 1
    assert json.loads(caplog.records[0].getMessage())["reason"] == "EMFILE"
    assert "Traceback" not in caplog.text
    assert [c["message"] for c in other] == ["something else"]  # other errors still reach the old handler


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize(("name", "value"), [("ICP_CHECK_THREADS", "0"), ("ICP_CHECK_QUEUE", "-1"),
                                             ("ICP_MAX_RESPONSE_BYTES", "lots"), ("ICP_BODY_TIMEOUT", "inf"),
                                             ("ICP_BODY_TIMEOUT", "abc")])
def test_bad_app_settings_stop_start_up_with_a_message(monkeypatch: pytest.MonkeyPatch, engine: Engine,
                                                       name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        create_app(engine)


def test_good_settings_are_taken_from_the_environment(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    monkeypatch.setenv("ICP_CHECK_QUEUE", "0")
    monkeypatch.setenv("ICP_HEADER_TIMEOUT", "2.5")
    monkeypatch.setenv("ICP_MAX_CONNECTIONS", "7")
    assert create_app(engine).state.service.pool.queue == 0
    limits = connection_limits()
    assert (limits.header_timeout, limits.max_connections) == (2.5, 7)
    assert connection_limits(max_connections=3).max_connections == 3  # an argument wins


@pytest.mark.parametrize(("name", "value"), [("ICP_MAX_CONNECTIONS", "0"), ("ICP_HEADER_TIMEOUT", "-1"),
                                             ("ICP_WRITE_TIMEOUT", "nan"), ("ICP_KEEP_ALIVE_TIMEOUT", "x")])
def test_bad_connection_settings_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        connection_limits()


@pytest.mark.parametrize("argv", [["--check-threads", "0"], ["--header-timeout", "soon"], ["--max-connections", "-3"],
                                  ["--write-timeout", "inf"], ["--max-body-bytes", "²"]])
def test_bad_serve_flags_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["serve", *argv])
    assert stopped.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_bad_environment_setting_is_a_message_and_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ICP_WRITE_TIMEOUT", "0")
    assert cli.main(["serve", "--allow", "icp-province-beijing"]) == 2
    assert "ICP_WRITE_TIMEOUT" in capsys.readouterr().err


def test_large_bodies_are_checked_one_at_a_time(app_client: Callable[..., TestClient]) -> None:
    """Two large bodies: the second waits for the first (it is queued, not refused), while
    a small body is checked beside them."""
    gate = Gate()
    engine = engine_with_stand_ins(PluginSource(scope="province.beijing", distribution="gate", module=gate.module()),
                                   hook_timeout=None)
    client = app_client(engine, check_threads=3, check_queue=3)
    gate.armed.set()
    filing = filing_data("beijing")
    domain = filing["websites"][0]["domains"][0]
    # Ten websites of 95 domains: within the per-filing limits (issue 10), over the large-body size.
    large = body(merge(filing, {"websites": [{"domains": [{**domain, "name": f"d{w}-{i}.xinghe-example.com.cn"}
                                                          for i in range(95)]} for w in range(10)]}))
    assert len(large) > LARGE_BODY_BYTES
    answers: list[int] = []
    first = threading.Thread(target=lambda: answers.append(client.post("/v1/check", content=large).status_code))
    first.start()
    try:
        assert gate.entered.wait(30)
        gate.entered.clear()
        second = threading.Thread(target=lambda: answers.append(client.post("/v1/check", content=large).status_code))
        second.start()
        # The small one needs a thread of its own: it gets one although a large one is waiting.
        small = threading.Thread(target=lambda: answers.append(client.post("/v1/check", content=body(filing))
                                                               .status_code))
        small.start()
        assert gate.entered.wait(30)
        pool = client.app.state.service.pool  # type: ignore[attr-defined]
        # The second large body may still be uploading when the small one enters: wait for
        # it to be admitted (bounded), then it must be waiting, not running.
        deadline = time.monotonic() + 30
        while pool.admitted < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert pool.admitted == 3  # the running large one, the small one, the waiting large one
        assert gate.inside == 2  # ... of which the second large one is not running
        assert client.get("/healthz").status_code == 200
    finally:
        gate.release.set()
    for thread in (first, second, small):
        thread.join(30)
    assert sorted(answers) == [200, 200, 200]
