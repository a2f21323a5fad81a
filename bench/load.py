"""Load test of the HTTP service (``uv run python bench/load.py [--quick]``).

Starts ``icp serve`` itself on 127.0.0.1 (a free port; never any other host), waits
for ``/healthz`` (at most 15 s), asks every filing of a small mixed set once with a
single client to get the reference answers, then posts ``/v1/check`` with 1, 8 and
64 concurrent clients (threads, one keep-alive ``http.client`` connection each).
Each level opens its connections first, then stops after 2,000 requests or 30 s,
whichever comes first. Every response must have the reference status and a body
equal, byte for byte, to the single-client answer for the same filing.

``--replicas N`` starts N such servers on N ports, as behind a load balancer (client
i talks to replica i mod N; the reference answers come from the first, so replicas
must agree); ``--workers N`` runs ``uvicorn --workers N`` instead. Prints requests/s
and p50/p99 latency per level, next to the engine alone in this process (load +
check + JSON, one thread) for scale. Exit code 1 if any response
differs or fails; the server is stopped in every case.

Two more runs show the server staying responsive (issue 10), each probing ``GET /healthz``
every 0.2 s on a fresh connection and failing (exit 1) if any probe takes 1 s or more:

- ``--saturation``: 48 clients post ~60 KB filings (170 domains each) as fast as they
  are answered, to a server with ``--check-queue 16``, so the check pool is full and
  the surplus gets 503 with ``Retry-After``; reports the statuses and the probe latencies.
- ``--slow-clients``: 200 idle sockets and 50 clients sending their headers a byte
  every 0.5 s, next to one ordinary client posting filings; reports how many slow
  connections the server cut off and when, the ordinary client's latencies, and the probes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"  # the only host this script ever talks to
MAX_REQUESTS = 2000
MAX_SECONDS = 30.0
START_TIMEOUT = 15.0
LEVELS = (1, 8, 64)

#: The logging configuration of docs/server.md for uvicorn --log-config: the service's
#: JSON lines to stderr, uvicorn's own messages as usual.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "loggers": {
        "icp_core.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def filings() -> list[bytes]:
    """A dozen distinct filings: four provinces, passing, failing and individual."""
    from icp_core.testing import filing_data, merge

    bodies = []
    for province in ("beijing", "tianjin", "shanghai", "guangdong"):
        bodies.append(filing_data(province))
        bodies.append(merge(filing_data(province), {"subject": {"administrator": {"is_legal_representative": False}}}))
        bodies.append(filing_data(province, "individual"))
    return [json.dumps(body, ensure_ascii=False).encode("utf-8") for body in bodies]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_ready(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"icp serve exited with {process.returncode} before answering")
        try:
            if get(port, "/healthz") == 200 and get(port, "/readyz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"icp serve did not become ready within {START_TIMEOUT:.0f} s")


class Level:
    """One concurrency level: clients share a request counter and a deadline."""

    def __init__(self, ports: Sequence[int], bodies: Sequence[bytes], reference: Sequence[tuple[int, bytes]],
                 clients: int, requests: int, seconds: float) -> None:
        self.ports, self.bodies, self.reference = ports, bodies, reference
        self.clients, self.requests, self.seconds = clients, requests, seconds
        self.counter = itertools.count()
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.mismatches = 0
        self.errors = 0

    def run(self) -> dict[str, Any]:
        self.deadline = time.monotonic() + self.seconds + 60  # reset when every client is connected
        self.started = time.perf_counter()
        self.barrier = threading.Barrier(self.clients, action=self.go, timeout=60)
        # client i talks to replica i mod N, as a round-robin balancer would spread connections
        threads = [threading.Thread(target=self.client, args=(self.ports[i % len(self.ports)],), daemon=True)
                   for i in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(self.seconds + 90)
        elapsed = time.perf_counter() - self.started
        done = sorted(self.latencies)
        return {
            "clients": self.clients, "requests": len(done), "seconds": elapsed,
            "rps": len(done) / elapsed if elapsed else 0.0,
            "p50": _percentile(done, 50) * 1000, "p99": _percentile(done, 99) * 1000,
            "mismatches": self.mismatches, "errors": self.errors,
        }

    def go(self) -> None:
        """Every client has its connection open: the clock starts now."""
        self.deadline = time.monotonic() + self.seconds
        self.started = time.perf_counter()

    def client(self, port: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        latencies: list[float] = []
        mismatches = errors = 0
        try:
            connection.connect()  # connecting is not part of a request's latency
            self.barrier.wait()
            while time.monotonic() < self.deadline:
                with self.lock:
                    index = next(self.counter)
                if index >= self.requests:
                    break
                which = index % len(self.bodies)
                start = time.perf_counter()
                try:
                    connection.request("POST", "/v1/check", body=self.bodies[which],
                                       headers={"Content-Type": "application/json"})
                    response = connection.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException):
                    errors += 1
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=30)
                    continue
                latencies.append(time.perf_counter() - start)
                if (response.status, body) != self.reference[which]:
                    mismatches += 1
        finally:
            connection.close()
            with self.lock:
                self.latencies += latencies
                self.mismatches += mismatches
                self.errors += errors


def _percentile(values: Sequence[float], pct: float) -> float:
    if not values:
        return 0.0
    rank = max(0, min(len(values) - 1, round(pct / 100 * len(values) + 0.5) - 1))
    return values[rank]


def in_process(bodies: Sequence[bytes], allow: list[str] | None, requests: int, seconds: float) -> float:
    """Checks per second of the engine alone, the same work as a request minus HTTP."""
    from icp_core.engine import Engine
    from icp_core.loading import load_filing
    from icp_core.output import to_data

    engine = Engine.from_entry_points(allow)
    engine.load_all()

    def one(raw: bytes) -> bytes:
        filing = load_filing(json.loads(raw))
        report = engine.check(filing, on=filing.evaluated_on)
        return json.dumps(to_data(report), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    for raw in bodies:  # warm-up
        one(raw)
    count, deadline, started = 0, time.monotonic() + seconds, time.perf_counter()
    while count < requests and time.monotonic() < deadline:
        one(bodies[count % len(bodies)])
        count += 1
    return count / (time.perf_counter() - started)


def heavy_filing(target_bytes: int = 60_000) -> bytes:
    """A filing of about ``target_bytes``: one website with enough domains."""
    from icp_core.testing import filing_data

    filing = filing_data("beijing")
    template = filing["websites"][0]["domains"][0]
    size = len(json.dumps(template, ensure_ascii=False).encode("utf-8"))
    filing["websites"][0]["domains"] = [{**template, "name": f"d{i}.xinghe-example.com.cn"}
                                        for i in range(max(1, target_bytes // size))]
    return json.dumps(filing, ensure_ascii=False).encode("utf-8")


class HealthProbe:
    """``GET /healthz`` every ``interval`` s on a new connection (as a liveness probe
    does) until stopped, from a separate process: in this one, the load's client
    threads would delay the probe itself. Each probe's latency, ``inf`` for a failure."""

    def __init__(self, port: int, interval: float = 0.2) -> None:
        self.port, self.interval = port, interval
        self.latencies: list[float] = []
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, __file__, "--probe-port", str(self.port)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def finish(self) -> None:
        assert self.process is not None
        out, _ = self.process.communicate("stop\n", timeout=30)
        self.latencies = [float(v) for v in json.loads(out or "[]")]

    def summary(self) -> str:
        done = sorted(self.latencies)
        failed = sum(1 for v in done if v == float("inf"))
        finite = [v for v in done if v != float("inf")]
        return (f"/healthz probes: {len(done)}, failed {failed}, p50 {_percentile(finite, 50) * 1000:.1f} ms, "
                f"p99 {_percentile(finite, 99) * 1000:.1f} ms, max {max(finite, default=0) * 1000:.1f} ms")

    def healthy(self) -> bool:
        return bool(self.latencies) and max(self.latencies) < 1.0


def probe_main(port: int, interval: float = 0.2) -> int:
    """The probe process: probes until a line arrives on stdin, then prints the latencies."""
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    latencies: list[float] = []
    while not stop.is_set() and len(latencies) < 10_000:
        start = time.perf_counter()
        try:
            ok = get(port, "/healthz") == 200
        except OSError:
            ok = False
        latencies.append(time.perf_counter() - start if ok else float("inf"))
        stop.wait(interval)
    print(json.dumps([v if v != float("inf") else "inf" for v in latencies]))
    return 0


def saturation_run(port: int, seconds: float, clients: int = 48) -> bool:
    body = heavy_filing()
    statuses: dict[int | str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        seen: dict[int | str, int] = {}
        while time.monotonic() < deadline:
            try:
                connection.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                seen[response.status] = seen.get(response.status, 0) + 1
                if response.status == 503:
                    time.sleep(0.05)  # a client honouring back-pressure a little
            except (OSError, http.client.HTTPException) as exc:
                seen[type(exc).__name__] = seen.get(type(exc).__name__, 0) + 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
        connection.close()
        with lock:
            for key, count in seen.items():
                statuses[key] = statuses.get(key, 0) + count

    probe = HealthProbe(port)
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # let the pool fill before probing
    probe.start()
    for thread in threads:
        thread.join(seconds + 60)
    probe.finish()
    print(f"saturation: {clients} clients posting {len(body):,}-byte filings for {seconds:.0f} s "
          f"(server: --check-queue 16)")
    print("answers: " + ", ".join(f"{key}: {count}" for key, count in sorted(statuses.items(), key=str)))
    print(probe.summary())
    return probe.healthy() and statuses.get(200, 0) > 0 and not any(isinstance(k, int) and k >= 500 and k != 503
                                                                     for k in statuses)


def slow_client_run(port: int, seconds: float, idle: int = 200, slow: int = 50) -> bool:
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100 + b"\r\n\r\n"
    cut_after: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def slow_client() -> None:
        started = time.monotonic()
        try:
            with socket.create_connection((HOST, port), timeout=30) as sock:
                for byte in request:
                    if time.monotonic() > deadline:
                        return
                    sock.send(bytes([byte]))
                    time.sleep(0.5)
        except OSError:
            with lock:
                cut_after.append(time.monotonic() - started)

    idle_sockets = []
    for _ in range(idle):
        try:
            idle_sockets.append(socket.create_connection((HOST, port), timeout=30))
        except OSError:
            break
    threads = [threading.Thread(target=slow_client, daemon=True) for _ in range(slow)]
    for thread in threads:
        thread.start()
    probe = HealthProbe(port)
    probe.start()
    ordinary_latencies: list[float] = []
    body = filings()[0]
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            connection.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/json"})
            connection.getresponse().read()
            ordinary_latencies.append(time.perf_counter() - start)
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
        time.sleep(0.01)
    connection.close()
    for thread in threads:
        thread.join(60)
    probe.finish()
    idle_closed = 0
    for sock in idle_sockets:
        sock.setblocking(False)
        try:
            idle_closed += sock.recv(1) == b""
        except BlockingIOError:
            pass
        except OSError:
            idle_closed += 1
        sock.close()
    done = sorted(ordinary_latencies)
    print(f"slow clients: {idle} idle sockets and {slow} clients sending headers a byte per 0.5 s, for "
          f"{seconds:.0f} s, next to one ordinary client")
    print(f"idle sockets closed by the server: {idle_closed}/{len(idle_sockets)}; slow clients cut off: "
          f"{len(cut_after)}/{slow}, after {_percentile(sorted(cut_after), 50):.1f} s (p50), "
          f"{max(cut_after, default=0):.1f} s (max)")
    print(f"ordinary client: {len(done)} checks, p50 {_percentile(done, 50) * 1000:.1f} ms, "
          f"max {max(done, default=0) * 1000:.1f} ms")
    print(probe.summary())
    return probe.healthy() and len(cut_after) == slow


def stress(args: argparse.Namespace, allow: list[str] | None) -> int:
    """The --saturation and --slow-clients runs against one `icp serve`."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ICP_")}
    command = [sys.executable, "-m", "icp_core.cli", "serve", "--host", HOST, "--port", str(port)]
    if allow:
        command += ["--allow", ",".join(allow)]
    if args.saturation:
        command += ["--check-queue", "16"]
    seconds = 10.0 if args.quick else 20.0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"icp serve stress test — {dt.date.today().isoformat()}, {cores} cores, Python "
          f"{platform.python_version()}; 1-minute load average before: "
          f"{os.getloadavg()[0] if hasattr(os, 'getloadavg') else float('nan'):.2f}")
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_ready(process, port)
            healthy = saturation_run(port, seconds) if args.saturation else slow_client_run(port, seconds)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            log.seek(0)
            text = log.read().decode("utf-8", "replace")
    guard_lines = [line for line in text.splitlines() if '"event":"connection_' in line]
    print(f"server log: {len(text):,} bytes, {text.count('Traceback')} tracebacks, "
          f"{len(guard_lines)} connection-guard lines")
    if not healthy:
        print("FAILED: /healthz took 1 s or more (or failed), or the run did not behave as described",
              file=sys.stderr)
    return 0 if healthy else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=MAX_REQUESTS, help=f"per level, at most {MAX_REQUESTS}")
    parser.add_argument("--seconds", type=float, default=MAX_SECONDS, help=f"per level, at most {MAX_SECONDS:.0f}")
    parser.add_argument("--quick", action="store_true", help="200 requests, 5 s per level")
    parser.add_argument("--allow", help="comma-separated distributions for the server (default: all installed)")
    parser.add_argument("--replicas", type=int, default=1, choices=range(1, 9), metavar="1..8",
                        help="start N `icp serve` on N ports; client i uses replica i mod N")
    parser.add_argument("--workers", type=int, default=1, choices=range(1, 9), metavar="1..8",
                        help="instead: one `uvicorn --factory icp_core.server:create_app --workers N`")
    parser.add_argument("--probe-port", type=int, help=argparse.SUPPRESS)  # the probe process (internal)
    parser.add_argument("--saturation", action="store_true",
                        help="instead: fill the check pool and probe /healthz (must answer within 1 s)")
    parser.add_argument("--slow-clients", action="store_true",
                        help="instead: idle and slow-header clients, probing /healthz (must answer within 1 s)")
    args = parser.parse_args(argv)
    if args.probe_port:
        return probe_main(args.probe_port)
    if args.workers > 1 and args.replicas > 1:
        parser.error("--replicas and --workers are alternatives")
    if args.saturation and args.slow_clients:
        parser.error("--saturation and --slow-clients are separate runs")
    if args.saturation or args.slow_clients:
        return stress(args, [a.strip() for a in args.allow.split(",") if a.strip()] if args.allow else None)
    requests = max(1, min(MAX_REQUESTS, 200 if args.quick else args.requests))
    seconds = max(1.0, min(MAX_SECONDS, 5.0 if args.quick else args.seconds))
    allow = [a.strip() for a in args.allow.split(",") if a.strip()] if args.allow else None

    bodies = filings()
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ICP_")}
    commands = []
    ports = [free_port() for _ in range(args.replicas)]
    if args.workers == 1:
        for port in ports:  # each replica its own `icp serve`, as behind a load balancer
            command = [sys.executable, "-m", "icp_core.cli", "serve", "--host", HOST, "--port", str(port)]
            commands.append(command + (["--allow", ",".join(allow)] if allow else []))
    else:  # the uvicorn --workers recipe of docs/server.md
        if allow:
            env["ICP_ALLOW"] = ",".join(allow)
        config = Path(tempfile.mkdtemp()) / "logging.json"
        config.write_text(json.dumps(LOG_CONFIG), "utf-8")
        commands.append([sys.executable, "-m", "uvicorn", "--factory", "icp_core.server:create_app", "--host", HOST,
                         "--port", str(ports[0]), "--workers", str(args.workers), "--no-access-log",
                         "--no-server-header", "--log-config", str(config)])
    with tempfile.TemporaryFile() as log:
        processes: list[subprocess.Popen[bytes]] = []
        try:
            for command in commands:
                processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env))
            for process, port in zip(processes, ports, strict=False):
                wait_ready(process, port)
            reference: list[tuple[int, bytes]] = []
            connection = http.client.HTTPConnection(HOST, ports[0], timeout=30)
            for body in bodies:
                connection.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                reference.append((response.status, response.read()))
            connection.close()
            verdicts = [json.loads(body).get("verdict", f"HTTP {status}") for status, body in reference]
            rows = [Level(ports, bodies, reference, clients, requests, seconds).run() for clients in LEVELS]
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
            log.seek(0)
            access_lines = sum(1 for line in log if line.startswith(b'{"time"'))
    engine_rps = in_process(bodies, allow, requests, seconds)

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    server = f"uvicorn --workers {args.workers}" if args.workers > 1 else \
        "icp serve" if args.replicas == 1 else f"{args.replicas} x icp serve"
    print(f"{server} load test — {dt.date.today().isoformat()}, {cores} cores, Python {platform.python_version()}, "
          f"{len(bodies)} filings ({', '.join(sorted(set(verdicts)))}), POST /v1/check, keep-alive")
    print(f"limits per level: {requests} requests or {seconds:.0f} s; server and clients share the machine; "
          f"1-minute load average before: {load_before:.2f}\n")
    header = f"{'clients':>7}  {'requests':>8}  {'seconds':>7}  {'req/s':>7}  {'x 1 client':>10}  " \
             f"{'p50 ms':>7}  {'p99 ms':>7}  {'p99/p50':>7}  {'differ':>6}  {'failed':>6}"
    print(header)
    print("-" * len(header))
    base = rows[0]["rps"] or 1.0
    for row in rows:
        print(f"{row['clients']:>7}  {row['requests']:>8}  {row['seconds']:>7.1f}  {row['rps']:>7.0f}  "
              f"{row['rps'] / base:>10.2f}  {row['p50']:>7.2f}  {row['p99']:>7.2f}  "
              f"{row['p99'] / row['p50'] if row['p50'] else 0:>7.1f}  {row['mismatches']:>6}  {row['errors']:>6}")
    print(f"\nengine alone, in process (load + check + JSON, 1 thread): {engine_rps:.0f} checks/s; "
          f"HTTP with 1 client reaches {base / engine_rps:.2f} of it, the best level "
          f"{max(r['rps'] for r in rows) / engine_rps:.2f}")
    # Issue 20: checks per second per core at each level, and p99, against an in-process check.
    print("per core (server and clients share the " + f"{cores} cores): " + "; ".join(
        f"{row['clients']} client(s) {row['rps'] / (cores or 1):.0f} checks/s/core, p99 {row['p99']:.1f} ms, "
        f"{row['rps'] / engine_rps:.2f} of in-process" for row in rows))
    print(f"access-log lines written by the server(s): {access_lines}")
    failed = any(row["mismatches"] or row["errors"] for row in rows)
    if failed:
        print("FAILED: some responses differ from the single-client answer or failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
