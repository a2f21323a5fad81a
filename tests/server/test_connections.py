"""Connection-level guards of ``icp serve`` (``icp_core.http_connections``), against a real
``icp serve`` on 127.0.0.1: idle and slow clients are disconnected, a slow body gets 408,
connections over the cap get 503 and are logged once, a low file-handle limit lowers the
cap instead of ending in tracebacks. Every loop is bounded and every wait has a generous
timeout; no assertion is about how fast anything is. The write timeout (a client that
never reads) is tested on the protocol wrapper with a fake transport, because the
kernel's socket buffers on loopback would absorb any answer the service may send."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from icp_core.http_connections import ConnectionLimits, RateLimitedLog, guarded_protocol
from icp_core.testing import filing_data

HOST = "127.0.0.1"
# A profile that serves what it allows, so that /readyz can say ready (issue 9).
CONSOLE_PROFILE = Path(__file__).resolve().parents[2] / "policies" / "beijing-console.yaml"
WAIT = 30.0  # generous: only to keep a broken server from hanging the suite


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log

    def connect(self) -> socket.socket:
        sock = socket.create_connection((HOST, self.port), timeout=WAIT)
        return sock

    def get(self, path: str) -> int:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=WAIT)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def log_text(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def events(self, kind: str) -> list[dict[str, Any]]:
        found = []
        for line in self.log_text().splitlines():
            if line.startswith("{") and f'"event":"{kind}"' in line:
                found.append(json.loads(line))
        return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(*flags: str, file_handles: int | None = None) -> Server:
        port = _free_port()
        log = tmp_path / f"server-{port}.log"

        def limit_file_handles() -> None:
            if file_handles is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (file_handles, file_handles))

        env = {k: v for k, v in os.environ.items() if not k.startswith("ICP_")}
        process = subprocess.Popen(
            [sys.executable, "-m", "icp_core.cli", "serve", "--host", HOST, "--port", str(port),
             "--profile", str(CONSOLE_PROFILE), *flags],
            stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env, preexec_fn=limit_file_handles,
        )
        server = Server(process, port, log)
        started.append(server)
        deadline = time.monotonic() + WAIT
        while True:
            assert process.poll() is None, f"icp serve exited early:\n{server.log_text()}"
            try:
                if server.get("/readyz") == 200:
                    return server
            except OSError:
                pass
            assert time.monotonic() < deadline, "icp serve did not become ready"
            time.sleep(0.1)

    yield start
    for server in started:
        server.process.terminate()
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(10)


def _closed_by_server(sock: socket.socket) -> bool:
    """True when the server closes the connection before ``WAIT`` seconds pass."""
    sock.settimeout(WAIT)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_connection_that_sends_nothing_is_closed(start_server: Callable[..., Server]) -> None:
    server = start_server("--header-timeout", "1")
    with server.connect() as idle:
        assert _closed_by_server(idle)
    assert server.get("/healthz") == 200


def test_headers_sent_a_byte_at_a_time_are_cut_off(start_server: Callable[..., Server]) -> None:
    server = start_server("--header-timeout", "1")
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 200 + b"\r\n\r\n"
    cut_off = False
    with server.connect() as slow:
        for byte in request:  # 230 bytes, 0.05 s apart: far longer than the timeout if never cut off
            try:
                slow.send(bytes([byte]))
            except OSError:
                cut_off = True
                break
            time.sleep(0.05)
        if not cut_off:
            slow.settimeout(WAIT)
            try:
                answer = slow.recv(100)
            except OSError:
                answer = b""
            cut_off = not answer.startswith(b"HTTP/1.1 200")
    assert cut_off
    assert server.events("connection_closed")[0]["reason"] == "header timeout"


def test_an_idle_keep_alive_connection_is_closed(start_server: Callable[..., Server]) -> None:
    server = start_server("--keep-alive-timeout", "1", "--header-timeout", "60")
    with server.connect() as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.settimeout(WAIT)
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        assert _closed_by_server(sock)


def test_a_body_that_does_not_arrive_is_408(start_server: Callable[..., Server]) -> None:
    server = start_server("--body-timeout", "1")
    with server.connect() as sock:
        sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
        sock.settimeout(WAIT)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408")
    assert server.get("/healthz") == 200


def test_content_length_with_transfer_encoding_is_400_on_the_wire(start_server: Callable[..., Server]) -> None:
    server = start_server()
    with server.connect() as sock:
        sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n"
                     b"\r\n0\r\n\r\n")
        sock.settimeout(WAIT)
        assert sock.recv(4096).startswith(b"HTTP/1.1 400")


def test_connections_over_the_cap_get_503_and_one_log_line(start_server: Callable[..., Server]) -> None:
    server = start_server("--max-connections", "5", "--header-timeout", "60")
    held = [server.connect() for _ in range(5)]
    try:
        time.sleep(0.5)  # let the server accept them all before the extra ones
        refused = []
        for _ in range(20):
            with server.connect() as extra:
                extra.settimeout(WAIT)
                refused.append(extra.recv(4096))
        assert all(answer.startswith(b"HTTP/1.1 503") and b"retry-after: 1" in answer for answer in refused)
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + WAIT
    while server.get("/healthz") != 200:  # answers again once the held connections are gone
        assert time.monotonic() < deadline
        time.sleep(0.1)
    lines = server.events("connection_refused")
    assert 1 <= len(lines) <= 2  # one line, then the count of the rest when the interval ends
    assert "Traceback" not in server.log_text()


def test_a_low_file_handle_limit_lowers_the_cap_instead_of_tracebacks(start_server: Callable[..., Server]) -> None:
    server = start_server("--header-timeout", "60", file_handles=128)
    (lowered,) = server.events("connection_cap_lowered")
    assert lowered["cap"] < 128 <= lowered["wanted"]
    opened: list[socket.socket] = []
    try:
        for _ in range(200):  # more than the process could hold: the extra ones are refused, not failed
            opened.append(server.connect())
        time.sleep(0.5)
        assert server.events("connection_refused")
    finally:
        for sock in opened:
            sock.close()
    deadline = time.monotonic() + WAIT
    while server.get("/healthz") != 200:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    text = server.log_text()
    assert "Traceback" not in text
    assert "Too many open files" not in text
    assert len(text) < 20_000  # a few lines, not one per connection


def test_checks_still_answer_on_the_wire(start_server: Callable[..., Server]) -> None:
    server = start_server()
    connection = http.client.HTTPConnection(HOST, server.port, timeout=WAIT)
    connection.request("POST", "/v1/check", body=json.dumps(filing_data("beijing")).encode())
    response = connection.getresponse()
    assert response.status == 200
    assert json.loads(response.read())["verdict"] == "pass"
    connection.close()


# --------------------------------------------------------------------------- the wrapper alone


class FakeTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closed = self.aborted = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += bytes(data)

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def is_closing(self) -> bool:
        return self.closed or self.aborted


class FakeInner(asyncio.Protocol):
    """Stands in for uvicorn's H11Protocol: records what it was told."""

    def __init__(self, config: Any, server_state: Any, app_state: Any, _loop: Any = None) -> None:
        self.server_state = server_state
        self.calls: list[str] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.server_state.connections.add(self)
        self.calls.append("made")

    def connection_lost(self, exc: Exception | None) -> None:
        self.server_state.connections.discard(self)
        self.calls.append("lost")

    def pause_writing(self) -> None:
        self.calls.append("pause")

    def resume_writing(self) -> None:
        self.calls.append("resume")


class FakeState:
    def __init__(self) -> None:
        self.connections: set[Any] = set()


def test_a_client_that_does_not_read_is_disconnected_and_its_answer_freed() -> None:
    async def scenario() -> tuple[FakeTransport, FakeTransport, list[str]]:
        limits = ConnectionLimits(write_timeout=0.05, header_timeout=60)
        protocol_class = guarded_protocol(FakeInner, limits, RateLimitedLog(60))
        state = FakeState()
        reader, stuck = protocol_class(None, state, {}), protocol_class(None, state, {})
        reading, not_reading = FakeTransport(), FakeTransport()
        reader.connection_made(reading)
        stuck.connection_made(not_reading)
        reader.pause_writing()
        stuck.pause_writing()
        reader.resume_writing()  # this one reads: its timer is cancelled
        await asyncio.sleep(0.5)
        for protocol in (reader, stuck):
            protocol.connection_lost(None)
        return reading, not_reading, stuck.inner.calls  # type: ignore[attr-defined]

    reading, not_reading, calls = asyncio.run(scenario())
    assert not_reading.aborted
    assert not reading.aborted and not reading.closed
    assert calls == ["made", "pause", "lost"]


def test_the_cap_refuses_before_the_inner_protocol_sees_the_connection() -> None:
    async def scenario() -> tuple[list[FakeTransport], int]:
        protocol_class = guarded_protocol(FakeInner, ConnectionLimits(max_connections=2, header_timeout=60),
                                          RateLimitedLog(60))
        state = FakeState()
        transports = [FakeTransport() for _ in range(4)]
        protocols = [protocol_class(None, state, {}) for _ in transports]
        for protocol, transport in zip(protocols, transports, strict=True):
            protocol.connection_made(transport)
        open_now = len(state.connections)
        for protocol in protocols:
            protocol.connection_lost(None)
        return transports, open_now

    transports, open_now = asyncio.run(scenario())
    assert open_now == 2
    assert [t.closed for t in transports] == [False, False, True, True]
    assert transports[3].written.startswith(b"HTTP/1.1 503")


def test_a_flood_of_invalid_requests_is_one_warning(start_server: Callable[..., Server]) -> None:
    server = start_server()
    for _ in range(30):
        with server.connect() as sock:
            sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            sock.settimeout(WAIT)
            assert sock.recv(4096).startswith(b"HTTP/1.1 400")
    assert server.get("/healthz") == 200
    assert server.log_text().count("Invalid HTTP request received.") == 1
