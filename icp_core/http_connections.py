"""Connection-level guards of ``icp serve``: what the ASGI application cannot see.

uvicorn's h11 protocol times out a connection only between requests (keep-alive), and
only once a first response was sent: a client that connects and says nothing, or sends
its headers one byte at a time, holds a socket for ever, and enough of them exhaust the
process's file handles. ``guarded_protocol`` wraps uvicorn's protocol (composition
through the public ``asyncio.Protocol`` interface, so that uvicorn's own parsing,
keep-alive and shutdown are untouched) and adds:

- a **connection cap**: a connection over it gets a 503 and is closed at once, so the
  process never runs out of file handles; refusals are logged once per interval with a
  count, never one line (or traceback) each;
- a **header timeout**: the request line and headers must arrive complete within
  ``header_timeout`` seconds of connecting, or of the first byte of the next request;
- a **write timeout**: a client that stops reading its response (the send buffer is
  full) for ``write_timeout`` seconds is disconnected, which frees the buffered answer.

The body's own timeout is the application's (``ICP_BODY_TIMEOUT``: it answers 408).
``install_accept_error_handler`` turns asyncio's "out of file handles" traceback, which
it writes on every failed ``accept()``, into one rate-limited line.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import errno
import json
import logging
import resource
import time
from dataclasses import dataclass
from typing import Any

import h11

__all__ = ["ConnectionLimits", "RateLimitFilter", "RateLimitedLog", "guarded_protocol",
           "install_accept_error_handler", "usable_connection_cap"]

log = logging.getLogger("icp_core.server")

#: File handles kept free beside the connections: the listening socket, log files,
#: data sets read at start-up, the threads' pipes.
FILE_HANDLE_RESERVE = 64

_BUSY_BODY = b'{"error":"busy","message":"too many connections; retry later"}'
_BUSY_RESPONSE = (b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
                  b"retry-after: 1\r\nconnection: close\r\ncontent-length: " + str(len(_BUSY_BODY)).encode() +
                  b"\r\n\r\n" + _BUSY_BODY)


@dataclass(frozen=True)
class ConnectionLimits:
    """What one ``icp serve`` process accepts; the defaults are in ``docs/limits.md``."""

    max_connections: int = 1000
    header_timeout: float = 10.0
    keep_alive_timeout: float = 5.0
    write_timeout: float = 30.0
    max_header_bytes: int = 16 * 1024
    #: Seconds between two log lines about the same kind of refusal.
    log_interval: float = 10.0


class RateLimitedLog:
    """One line per kind of event and interval, with how many happened since the last
    line: a flood of refused connections costs a few log lines, not one per connection.
    Events held back are reported when the interval ends (a timer on the running loop),
    so the last burst is counted too."""

    def __init__(self, interval: float, clock: Any = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._last: dict[str, float] = {}
        self._pending: dict[str, int] = {}
        self._fields: dict[str, dict[str, Any]] = {}
        self._flush_scheduled: set[str] = set()

    def event(self, kind: str, **fields: Any) -> bool:
        """Count one event; log it (with the count) when the kind's interval has passed.
        True when a line was written."""
        now = self.clock()
        self._pending[kind] = self._pending.get(kind, 0) + 1
        self._fields[kind] = fields
        last = self._last.get(kind)
        if last is not None and now - last < self.interval:
            self._schedule_flush(kind, self.interval - (now - last))
            return False
        self._write(kind, now)
        return True

    def _write(self, kind: str, now: float) -> None:
        count = self._pending.pop(kind, 0)
        if not count:
            return
        self._last[kind] = now
        record = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"), "event": kind,
                  "count": count, **self._fields.get(kind, {})}
        log.warning("%s", json.dumps(record, separators=(",", ":"), default=str))

    def _schedule_flush(self, kind: str, delay: float) -> None:
        if kind in self._flush_scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a direct call): the next event reports the count
            return
        self._flush_scheduled.add(kind)

        def flush() -> None:
            self._flush_scheduled.discard(kind)
            self._write(kind, self.clock())

        loop.call_later(max(delay, 0.0), flush)


class RateLimitFilter(logging.Filter):
    """A logging filter letting through one record per message text and interval; the
    rest are dropped (uvicorn's warnings repeat one fixed text per bad request)."""

    def __init__(self, interval: float, clock: Any = time.monotonic) -> None:
        super().__init__()
        self.interval = interval
        self.clock = clock
        self._last: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key = str(record.msg)[:200]
        now = self.clock()
        last = self._last.get(key)
        if last is not None and now - last < self.interval:
            return False
        if len(self._last) > 1000:  # message texts are fixed; this only guards against a surprise
            self._last.clear()
        self._last[key] = now
        return True


def usable_connection_cap(wanted: int, reserve: int = FILE_HANDLE_RESERVE) -> int:
    """``wanted``, lowered so that connections can never exhaust the file-handle limit
    (``ulimit -n``); at least 1."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - reserve))


def install_accept_error_handler(loop: asyncio.AbstractEventLoop, events: RateLimitedLog) -> None:
    """asyncio logs a full traceback for every ``accept()`` that fails for lack of file
    handles (and retries a second later): log one line per interval instead. Other
    errors go to the handler that was there before."""
    previous = loop.get_exception_handler()

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
            events.event("accept_failed", reason=errno.errorcode.get(exc.errno or 0, "?"),
                         note="out of file handles or memory; new connections wait")
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handle)


def guarded_protocol(inner_class: type[asyncio.Protocol], limits: ConnectionLimits,
                     events: RateLimitedLog) -> type[asyncio.Protocol]:
    """A protocol class for ``uvicorn.Config(http=...)`` that wraps ``inner_class``
    (uvicorn's ``H11Protocol``) with the cap and timeouts of ``limits``."""

    class GuardedProtocol(asyncio.Protocol):
        def __init__(self, config: Any, server_state: Any, app_state: Any,
                     _loop: asyncio.AbstractEventLoop | None = None) -> None:
            self.inner: Any = inner_class(config=config, server_state=server_state,  # type: ignore[call-arg]
                                          app_state=app_state, _loop=_loop)
            self.connections: set[Any] = server_state.connections
            self.loop = _loop or asyncio.get_event_loop()
            self.transport: asyncio.Transport | None = None
            self.refused = False
            self.header_timer: asyncio.TimerHandle | None = None
            self.write_timer: asyncio.TimerHandle | None = None

        # -- the connection

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            assert isinstance(transport, asyncio.Transport)
            self.transport = transport
            if len(self.connections) >= limits.max_connections:
                # Refuse before uvicorn sees it: no request task, no buffers, the handle freed now.
                self.refused = True
                events.event("connection_refused", reason="connection cap", limit=limits.max_connections)
                transport.write(_BUSY_RESPONSE)
                transport.close()
                return
            self.inner.connection_made(transport)
            self._start_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_timers()
            if not self.refused:
                self.inner.connection_lost(exc)

        def eof_received(self) -> bool | None:
            if self.refused:
                return None
            result: bool | None = self.inner.eof_received()
            return result

        def data_received(self, data: bytes) -> None:
            if self.refused:
                return
            waiting_for_headers = self._between_requests()
            if waiting_for_headers and self.header_timer is None:
                # The first byte of a request: its headers are due within the header timeout,
                # however slowly the rest trickles in (each byte cancels uvicorn's keep-alive timer).
                self._start_header_timer()
            self.inner.data_received(data)
            if not self._between_requests():
                self._cancel_header_timer()

        # -- writing

        def pause_writing(self) -> None:
            if self.refused:
                return
            if self.write_timer is None:
                self.write_timer = self.loop.call_later(limits.write_timeout, self._write_timed_out)
            self.inner.pause_writing()

        def resume_writing(self) -> None:
            if self.write_timer is not None:
                self.write_timer.cancel()
                self.write_timer = None
            if not self.refused:
                self.inner.resume_writing()

        # -- timers

        def _between_requests(self) -> bool:
            """True while the peer has not yet sent a complete request line and headers."""
            conn = getattr(self.inner, "conn", None)
            return isinstance(conn, h11.Connection) and conn.their_state is h11.IDLE

        def _start_header_timer(self) -> None:
            self._cancel_header_timer()
            self.header_timer = self.loop.call_later(limits.header_timeout, self._header_timed_out)

        def _cancel_header_timer(self) -> None:
            if self.header_timer is not None:
                self.header_timer.cancel()
                self.header_timer = None

        def _cancel_timers(self) -> None:
            self._cancel_header_timer()
            if self.write_timer is not None:
                self.write_timer.cancel()
                self.write_timer = None

        def _header_timed_out(self) -> None:
            self.header_timer = None
            if self.transport is None or self.transport.is_closing() or not self._between_requests():
                return
            events.event("connection_closed", reason="header timeout", seconds=limits.header_timeout)
            self.transport.close()

        def _write_timed_out(self) -> None:
            self.write_timer = None
            if self.transport is None or self.transport.is_closing():
                return
            events.event("connection_closed", reason="write timeout: the client does not read its answer",
                         seconds=limits.write_timeout)
            self.transport.abort()  # close() would wait for the unread buffer to drain

    GuardedProtocol.__name__ = GuardedProtocol.__qualname__ = f"Guarded{inner_class.__name__}"
    return GuardedProtocol
