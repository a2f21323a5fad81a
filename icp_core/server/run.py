"""Running the service: ``serve`` with the connection guards, and logging set-up."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import os
import sys
from collections.abc import Collection
from typing import Any

from icp_core.http_connections import (
    ConnectionLimits,
    RateLimitedLog,
    RateLimitFilter,
    guarded_protocol,
    install_accept_error_handler,
    usable_connection_cap,
)
from icp_core.server.app import create_app
from icp_core.server.logs import _json_line, _now
from icp_core.server.settings import SWITCH_INTERVAL_SECONDS, _env_int, _env_seconds, error_log

# --------------------------------------------------------------------------- running it


def _configure_logging() -> None:
    """JSON lines on stderr for the service's loggers, unless the host configured them."""
    logger = logging.getLogger("icp_core.server")
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(os.environ.get("ICP_LOG_LEVEL", "INFO").upper())
    logger.propagate = False


def connection_limits(*, max_connections: int | None = None, header_timeout: float | None = None,
                      keep_alive_timeout: float | None = None, write_timeout: float | None = None,
                      max_header_bytes: int | None = None) -> ConnectionLimits:
    """The connection-level limits of ``icp serve``: arguments, else ``ICP_MAX_CONNECTIONS``,
    ``ICP_HEADER_TIMEOUT``, ``ICP_KEEP_ALIVE_TIMEOUT``, ``ICP_WRITE_TIMEOUT`` and
    ``ICP_MAX_HEADER_BYTES``, else the defaults of ``ConnectionLimits``."""
    default = ConnectionLimits()

    def whole(value: int | None, name: str, fallback: int) -> int:
        if value is None:
            return _env_int(name, fallback)
        if value < 1:
            raise ValueError(f"{name.removeprefix('ICP_').lower()} must be positive")
        return value

    def seconds(value: float | None, name: str, fallback: float) -> float:
        if value is None:
            return _env_seconds(name, fallback)
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name.removeprefix('ICP_').lower()} must be a positive number of seconds")
        return value

    return ConnectionLimits(
        max_connections=whole(max_connections, "ICP_MAX_CONNECTIONS", default.max_connections),
        header_timeout=seconds(header_timeout, "ICP_HEADER_TIMEOUT", default.header_timeout),
        keep_alive_timeout=seconds(keep_alive_timeout, "ICP_KEEP_ALIVE_TIMEOUT", default.keep_alive_timeout),
        write_timeout=seconds(write_timeout, "ICP_WRITE_TIMEOUT", default.write_timeout),
        max_header_bytes=whole(max_header_bytes, "ICP_MAX_HEADER_BYTES", default.max_header_bytes),
    )


def serve(host: str = "127.0.0.1", port: int = 8080, profile: str | None = None,
          allow: str | Collection[str] | None = None, *, max_body_bytes: int | None = None,
          max_batch: int | None = None, max_response_bytes: int | None = None, check_threads: int | None = None,
          check_queue: int | None = None, body_timeout: float | None = None,
          limits: ConnectionLimits | None = None) -> None:
    """Run the service with uvicorn (``icp serve``): one process, one engine, and the
    connection guards of ``icp_core.http_connections`` (connection cap, header,
    keep-alive and write timeouts). Scale out with more replicas (see ``docs/server.md``)."""
    import uvicorn
    from uvicorn.protocols.http.h11_impl import H11Protocol

    _configure_logging()
    # The event loop shares the GIL with the check threads; a thread that wants it waits up
    # to the switch interval (5 ms by default) each time. 1 ms keeps /healthz and the
    # moving of bytes prompt while the pool is busy, at a small cost in throughput.
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    app = create_app(allow=allow, profile=profile, max_body_bytes=max_body_bytes, max_batch=max_batch,
                     max_response_bytes=max_response_bytes, check_threads=check_threads,
                     check_queue=check_queue, body_timeout=body_timeout)
    limits = limits or connection_limits()
    cap = usable_connection_cap(limits.max_connections)
    if cap < limits.max_connections:
        error_log.warning("%s", _json_line({"time": _now(), "event": "connection_cap_lowered", "wanted":
                                            limits.max_connections, "cap": cap,
                                            "reason": "the file-handle limit (ulimit -n) is lower"}))
        limits = dataclasses.replace(limits, max_connections=cap)
    events = RateLimitedLog(limits.log_interval)
    # uvicorn's per-request warnings ("Invalid HTTP request received.") are one line per
    # bad request: at most one a kind per interval, so a flood cannot fill the disk.
    logging.getLogger("uvicorn.error").addFilter(RateLimitFilter(limits.log_interval))
    config = uvicorn.Config(app, host=host, port=port, access_log=False, server_header=False, log_level="info",
                            timeout_graceful_shutdown=10, timeout_keep_alive=limits.keep_alive_timeout,  # type: ignore[arg-type]
                            h11_max_incomplete_event_size=limits.max_header_bytes,
                            http=guarded_protocol(H11Protocol, limits, events))

    class GuardedServer(uvicorn.Server):
        async def startup(self, sockets: list[Any] | None = None) -> None:
            install_accept_error_handler(asyncio.get_running_loop(), events)
            await super().startup(sockets)

    GuardedServer(config).run()
