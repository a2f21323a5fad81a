"""The HTTP JSON service: the engine behind a small, stateless API for console backends.

Endpoints (``docs/server.md`` has curl examples; ``GET /openapi.json`` the contract)::

    POST /v1/check         body: a filing            -> the report (CLI ``--format json``)
    POST /v1/check:batch   body: {"filings": [...]}  -> {"results": [...], "summary": {...}}
    POST /v1/documents     body: a filing            -> the documents report
    POST /v1/change        body: {"filing": {...}, "change": {...}}     -> the decision report
    POST /v1/transfer      body: {"filing": {...}, "transfer": {...}}   -> the decision report
    GET  /v1/plugins, /v1/schema/{filing|report|documents|decision|change|transfer},
         /healthz, /readyz, /openapi.json

Query parameters of the POST endpoints: ``on=YYYY-MM-DD`` (default: the filing's
``evaluated_on``, else today in China, Asia/Shanghai, decided here and never in a rule) and,
for the checks, ``require_complete=true`` (missing facts become a 422).
``Accept-Language: zh`` (``zh-CN`` …) gives Chinese messages, anything else English.

Status codes: 200 whatever the verdict (it is in the body); 502 when a plugin failed
(the body names the plugins and hooks; never a pass); 400 malformed JSON, not an
object, a lone surrogate, or both Content-Length and Transfer-Encoding; 408 a body
slower than the body timeout; 413 body, batch or answer over the limit; 422 input
errors with their field paths (numbers out of range included); 503 with
``Retry-After`` when the check pool and its queue are full; 404/405 routing; 500 an
unexpected error, with the request id (logged, no traceback in the response). Every
response carries ``X-Request-ID``.

One engine per process, built by ``create_app`` and loaded at start-up; requests
share it read-only and keep their own state in the ASGI scope, so replicas are
stateless and interchangeable. Checks run in a small thread pool, never on the event
loop; ``serve`` adds the connection guards of ``icp_core.http_connections``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import logging
import math
import os
import re
import sys
import time
import traceback
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import attrs
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from icp_core.convert import DEFAULT_LIMITS, parse_json
from icp_core.engine import Engine
from icp_core.errors import FieldError, InputError
from icp_core.http_connections import (
    ConnectionLimits,
    RateLimitedLog,
    RateLimitFilter,
    guarded_protocol,
    install_accept_error_handler,
    usable_connection_cap,
)
from icp_core.loading import load_change_request, load_filing, load_transfer_request
from icp_core.model import Filing
from icp_core.output import to_data
from icp_core.privacy import mask_id_number, mask_phone, redact_text
from icp_core.problems import Problem
from icp_core.report import DecisionReport, PluginFailure, PluginInfo, Text, Verdict
from icp_core.schema import json_schema

__all__ = ["DEFAULT_BODY_TIMEOUT", "DEFAULT_CHECK_QUEUE", "DEFAULT_CHECK_THREADS", "DEFAULT_MAX_BATCH",
           "DEFAULT_MAX_BODY_BYTES", "DEFAULT_MAX_RESPONSE_BYTES", "LARGE_BODY_BYTES", "connection_limits",
           "create_app",
           "openapi_document", "serve"]

DEFAULT_MAX_BODY_BYTES = 1_048_576
DEFAULT_MAX_BATCH = 100
#: A report is a few KiB and a full batch well under 2 MiB; 8 MiB leaves room and
#: keeps an answer a client does not read from holding much memory.
DEFAULT_MAX_RESPONSE_BYTES = 8 * 1_048_576
#: Checks are CPU-bound under the GIL: more threads add no throughput, only memory and
#: competition with the event loop for the GIL (measured: /healthz p50 67 ms with 2
#: threads, 250 ms with 4, pool saturated). Two let a long batch not hold up the rest.
DEFAULT_CHECK_THREADS = 2
#: Requests admitted beyond the running ones (waiting for a thread); more get 503.
DEFAULT_CHECK_QUEUE = 64
#: Seconds a client has to send the whole body once its headers are in.
DEFAULT_BODY_TIMEOUT = 30.0
#: Seconds a client is told to wait after a 503 (the queue drains in well under that).
RETRY_AFTER_SECONDS = 1
#: GIL switch interval under ``icp serve`` (see ``serve``).
SWITCH_INTERVAL_SECONDS = 0.001
#: Bodies above this (a filing is a few KiB) are checked one at a time: the memory a
#: check takes grows with the filing, so a few large ones at once must not add up.
LARGE_BODY_BYTES = 256 * 1024
SCHEMAS = ("filing", "report", "documents", "decision", "change", "transfer")

#: The day is decided in China's time zone: the rules are about filings there.

access_log = logging.getLogger("icp_core.server.access")
error_log = logging.getLogger("icp_core.server")

_REQUEST_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._:\-]")
_REQUEST_ID_MAX = 64
_DIGIT_RUN = re.compile(r"\d{7,}")
#: Digit groups joined by up to three non-alphanumeric characters (``139.0009.0001``,
#: ``110101/19900307/1234``, ``+86 139-0009-0001``): one number, as far as masking goes.
_SPLIT_NUMBER = re.compile(r"\d+(?:[^\dA-Za-z]{1,3}\d+)*[Xx]?")
#: Digits in a split number from which it is masked: an 11-digit mobile number is the
#: shortest personal number; dates (8) and times (6-9) stay readable.
_SPLIT_NUMBER_DIGITS = 11
_CONTENT_LENGTH = re.compile(r"[0-9]{1,19}")
_FIELDS_KEY = "icp.log"  # per-request log fields, kept in the ASGI scope

#: A made-up filing touching every part of the model (no real person's data), checked at start-up.
_WARM_UP_FILING: dict[str, Any] = {
    "province": "beijing", "evaluated_on": "2026-01-01",
    "subject": {"type": "enterprise", "name": "warm-up", "certificate_type": "business_license",
                "legal_representative": {"name": "warm-up"},
                "administrator": {"name": "warm-up", "mobile": "13900000000",
                                  "local_proofs": [{"kind": "residence_permit", "province": "beijing"}]}},
    "websites": [{"name": "warm-up", "administrator": {"name": "warm-up"},
                  "domains": [{"name": "warm-up.example.com.cn"}, {"name": "www.warm-up.example.com.cn"}],
                  "pre_approvals": [{"industry": "news"}], "services": [{"kind": "cdn"}],
                  "hosting": {"instance_id": "i-warm-up"}}],
    "instances": [{"id": "i-warm-up", "type": "ecs", "service_numbers": [{"number": "warm-up"}]}],
    "account": {"id": "warm-up"},
}

Outcome = tuple[int, Any, dict[str, Any]]  # status, JSON payload, access-log fields
Answer = tuple[int, bytes, dict[str, Any], dict[str, str]]  # status, JSON body, access-log fields, headers


# --------------------------------------------------------------------------- configuration


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < minimum:
        what = "a positive whole number" if minimum == 1 else f"a whole number of at least {minimum}"
        raise ValueError(f"{name} must be {what}, got {redact_text(raw)!r}")
    return int(raw)


def _env_seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, got {redact_text(raw)!r}") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{name} must be a positive number of seconds")
    return seconds


def _hook_timeout() -> float | None:
    """``ICP_HOOK_TIMEOUT``: seconds a plugin's hooks may take per request (default 10);
    ``0`` runs them inline, without the guard thread (trusted plugins, ~0.1 ms faster)."""
    raw = os.environ.get("ICP_HOOK_TIMEOUT", "").strip()
    if not raw:
        return 10.0
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"ICP_HOOK_TIMEOUT must be a number of seconds, got {redact_text(raw)!r}") from None
    if seconds < 0 or seconds != seconds:
        raise ValueError("ICP_HOOK_TIMEOUT must not be negative")
    return seconds or None


def _split_allow(allow: str | Collection[str] | None) -> list[str] | None:
    if allow is None:
        return None
    names = allow.split(",") if isinstance(allow, str) else list(allow)
    cleaned = [name.strip() for name in names if name.strip()]
    return cleaned or None


def _today() -> dt.date:
    from icp_core.calendar import today  # the authority's calendar, as the CLI and --batch use

    return today()


# --------------------------------------------------------------------------- the application


def create_app(engine: Engine | None = None, *, allow: str | Collection[str] | None = None,
               profile: str | Path | None = None, max_body_bytes: int | None = None,
               max_batch: int | None = None, max_response_bytes: int | None = None,
               check_threads: int | None = None, check_queue: int | None = None,
               body_timeout: float | None = None) -> Starlette:
    """The ASGI application. Arguments win over the environment: ``ICP_ALLOW``
    (comma-separated distributions), ``ICP_PROFILE`` (a profile file),
    ``ICP_MAX_BODY_BYTES`` (default 1 MiB), ``ICP_MAX_BATCH`` (default 100),
    ``ICP_MAX_RESPONSE_BYTES`` (default 8 MiB), ``ICP_CHECK_THREADS`` (default 2),
    ``ICP_CHECK_QUEUE`` (default 64), ``ICP_BODY_TIMEOUT`` (seconds, default 30) and
    ``ICP_HOOK_TIMEOUT`` (seconds, default 10; 0 runs plugin hooks inline).

    Every check runs in a pool of ``check_threads`` threads, never on the event loop,
    so ``/healthz`` answers however busy the pool is; ``check_queue`` more requests may
    wait for a thread, and any beyond that get 503 with ``Retry-After``.

    Without ``engine`` one is built over the installed plugins (``allow``/``profile``);
    ``engine.load_all()`` runs at start-up, so ``/readyz`` shows load problems before
    the first request. Works as a uvicorn factory: ``uvicorn --factory icp_core.server:create_app``.
    """
    if engine is not None and (allow is not None or profile is not None):
        raise ValueError("give either an engine or allow/profile, not both")
    if engine is None:
        allow_list = _split_allow(allow if allow is not None else os.environ.get("ICP_ALLOW"))
        profile_path = profile if profile is not None else (os.environ.get("ICP_PROFILE", "").strip() or None)
        engine = Engine.from_entry_points(allow_list, profile=profile_path, hook_timeout=_hook_timeout())
    body_limit = max_body_bytes if max_body_bytes is not None else _env_int("ICP_MAX_BODY_BYTES",
                                                                            DEFAULT_MAX_BODY_BYTES)
    batch_limit = max_batch if max_batch is not None else _env_int("ICP_MAX_BATCH", DEFAULT_MAX_BATCH)
    response_limit = max_response_bytes if max_response_bytes is not None else _env_int(
        "ICP_MAX_RESPONSE_BYTES", DEFAULT_MAX_RESPONSE_BYTES)
    threads = check_threads if check_threads is not None else _env_int("ICP_CHECK_THREADS", DEFAULT_CHECK_THREADS)
    queue = check_queue if check_queue is not None else _env_int("ICP_CHECK_QUEUE", DEFAULT_CHECK_QUEUE, 0)
    body_seconds = body_timeout if body_timeout is not None else _env_seconds("ICP_BODY_TIMEOUT",
                                                                              DEFAULT_BODY_TIMEOUT)
    if min(body_limit, batch_limit, response_limit, threads) < 1 or queue < 0:
        raise ValueError("max_body_bytes, max_batch, max_response_bytes and check_threads must be positive, "
                         "check_queue not negative")
    if not (math.isfinite(body_seconds) and body_seconds > 0):
        raise ValueError("body_timeout must be a positive number of seconds")
    service = _Service(engine, body_limit, batch_limit, response_limit, _CheckPool(threads, queue), body_seconds)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.pool.start()
        try:
            await run_in_threadpool(service.warm_up)
            service.loaded = True
            problems = service.engine.problems()
            if problems:
                error_log.warning("%s", _json_line({"time": _now(), "event": "plugin_problems",
                                                    "problems": problems}))
            yield
        finally:
            service.pool.stop()

    app = Starlette(
        routes=service.routes(),
        middleware=[Middleware(_Frame)],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.service = service
    return app


class _Problem(Exception):
    """A request the service refuses, with its status and a bilingual message."""

    def __init__(self, status: int, error: str, message: Text, *, headers: Mapping[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(message.en)
        self.status = status
        self.error = error
        self.message = message
        self.headers = dict(headers or {})
        self.extra = extra

    def body(self, lang: str) -> dict[str, Any]:
        return {"error": self.error, "message": self.message.get(lang), **self.extra}


class _Options:
    __slots__ = ("complete", "on")

    def __init__(self, on: dt.date | None, complete: bool) -> None:
        self.on = on
        self.complete = complete


class _CheckPool:
    """The threads the checks run in, off the event loop, with back-pressure.

    At most ``threads`` checks run at once and ``queue`` more wait; a request beyond
    that is refused at once with 503 and ``Retry-After`` rather than queued without
    bound (each waiting request holds its body in memory). A slot is given back when
    the thread's work is finished, not when the request gives up waiting, so the
    bound holds even for clients that disconnect. The counter is only touched on the
    event loop, so it needs no lock.
    """

    def __init__(self, threads: int, queue: int) -> None:
        self.threads = threads
        self.queue = queue
        self.admitted = 0
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._large: asyncio.Semaphore | None = None  # made on the loop that uses it

    def start(self) -> None:
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(self.threads, thread_name_prefix="icp-check")

    def stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def refuse_if_full(self, *, body_unread: bool = False) -> None:
        if self.admitted >= self.threads + self.queue:
            headers = {"retry-after": str(RETRY_AFTER_SECONDS)}
            if body_unread:  # the body is left unread: the connection cannot carry another request
                headers["connection"] = "close"
            raise _Problem(503, "busy", Text("the service is busy; retry shortly", "服务繁忙，请稍后重试"),
                           headers=headers)

    async def run(self, work: Callable[..., Answer], *args: Any, large: bool = False) -> Answer:
        """``work(*args)`` in a thread; ``large`` ones (big bodies) one at a time."""
        self.refuse_if_full()
        self.start()  # an application used without its lifespan (a bare ASGI call) still works
        assert self._executor is not None
        loop = asyncio.get_running_loop()
        self.admitted += 1
        lane: asyncio.Semaphore | None = None
        try:
            if large:
                self._large = self._large or asyncio.Semaphore(1)
                await self._large.acquire()  # waiting here counts as waiting in the queue
                lane = self._large
            future = self._executor.submit(work, *args)
        except BaseException:  # cancelled while waiting for the lane, or the pool is shut down
            self.admitted -= 1
            if lane is not None:
                lane.release()
            raise
        # Given back when the thread is done, even if the request stopped waiting for it.
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._release, lane))
        return await asyncio.wrap_future(future)

    def _release(self, lane: asyncio.Semaphore | None) -> None:
        self.admitted -= 1
        if lane is not None:
            lane.release()


class _Service:
    """The engine, the limits and the precomputed documents of one application."""

    def __init__(self, engine: Engine, max_body_bytes: int, max_batch: int, max_response_bytes: int,
                 pool: _CheckPool, body_timeout: float) -> None:
        self.engine = engine
        self.max_body_bytes = max_body_bytes
        self.max_batch = max_batch
        self.max_response_bytes = max_response_bytes
        self.pool = pool
        self.body_timeout = body_timeout
        self.loaded = False
        self.schemas = {what: _dumps(json_schema(what)) for what in SCHEMAS}
        self.openapi = _dumps(openapi_document(max_batch=max_batch, max_body_bytes=max_body_bytes))

    def routes(self) -> list[Route]:
        return [
            Route("/v1/check", self._post(self.check), methods=["POST"]),
            Route("/v1/check:batch", self._post(self.check_batch), methods=["POST"]),
            Route("/v1/documents", self._post(self.documents), methods=["POST"]),
            Route("/v1/change", self._post(self.change), methods=["POST"]),
            Route("/v1/transfer", self._post(self.transfer), methods=["POST"]),
            Route("/v1/plugins", self._get(self.plugins), methods=["GET"]),
            Route("/v1/schema/{what}", self._get(self.schema), methods=["GET"]),
            Route("/healthz", self._get(self.healthz), methods=["GET"]),
            Route("/readyz", self._get(self.readyz), methods=["GET"]),
            Route("/openapi.json", self._get(self.openapi_json), methods=["GET"]),
        ]

    # -- endpoint plumbing -------------------------------------------------------

    def _post(self, work: Callable[[bytes, _Options, str], Outcome]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            lang = _language(request.headers.get("accept-language"))
            try:
                options = _options(request.query_params)
                # Refuse before reading the body: when saturated, the loop's time is for /healthz and
                # the requests already admitted, not for receiving bodies that will not be checked.
                self.pool.refuse_if_full(body_unread=True)
                raw = await self._read_body(request)
                # Parsing, checking and encoding all happen in the pool: the loop only moves bytes.
                status, body, fields, headers = await self.pool.run(self._answer, work, raw, options, lang,
                                                                    large=len(raw) > LARGE_BODY_BYTES)
            except _Problem as problem:
                status, body, fields, headers = problem.status, _dumps(problem.body(lang)), {}, problem.headers
            except InputError as exc:
                status, body, fields, headers = 422, _dumps(_input_errors(exc, lang)), {}, {}
            _annotate(request.scope, fields)
            return _respond_bytes(status, body, lang, headers)

        return endpoint

    def _answer(self, work: Callable[[bytes, _Options, str], Outcome], raw: bytes, options: _Options,
                lang: str) -> Answer:
        """In a pool thread: the work, its errors, and the encoded answer within the response limit."""
        try:
            status, payload, fields = work(raw, options, lang)
        except _Problem as problem:
            return problem.status, _dumps(problem.body(lang)), {}, problem.headers
        except InputError as exc:
            return 422, _dumps(_input_errors(exc, lang)), {}, {}
        body = _dumps(payload)
        del payload  # the encoded answer is all that is kept
        if len(body) > self.max_response_bytes:
            limit = self.max_response_bytes
            too_large = _Problem(413, "too_large", Text(
                f"the answer would be larger than {limit} bytes; send fewer filings, websites or domains at once",
                f"应答将超过 {limit} 字节；请减少单次提交的备案、网站或域名数量"), limit=limit)
            return 413, _dumps(too_large.body(lang)), {**fields, "response_bytes": len(body)}, {}
        return status, body, fields, {}

    def _get(self, work: Callable[[Request, str], Outcome | Response]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            lang = _language(request.headers.get("accept-language"))
            try:
                result = work(request, lang)
            except _Problem as problem:
                result = (problem.status, problem.body(lang), {})
            if isinstance(result, Response):
                return result
            status, payload, fields = result
            _annotate(request.scope, fields)
            return _respond(status, payload, lang)

        return endpoint

    async def _read_body(self, request: Request) -> bytes:
        """The body within ``body_timeout`` seconds (else 408), refused with 413 as soon
        as it is known to be over the limit."""
        try:
            async with asyncio.timeout(self.body_timeout):
                return await self._read_limited_body(request)
        except TimeoutError:
            raise _Problem(408, "timeout", Text(f"the body did not arrive within {self.body_timeout:g} s",
                                                f"请求体未在 {self.body_timeout:g} 秒内传完"),
                           headers={"connection": "close"}) from None
        except ClientDisconnect:
            raise _Problem(400, "malformed", Text("the client closed the connection before the body was complete",
                                                  "请求体未传完客户端即断开连接"),
                           headers={"connection": "close"}) from None

    async def _read_limited_body(self, request: Request) -> bytes:
        """The body, refused with 413 as soon as it is known to be over the limit:
        from ``Content-Length`` before reading, and by counting while reading."""
        limit = self.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None:
            if not _CONTENT_LENGTH.fullmatch(declared.strip()):
                raise _Problem(400, "malformed", Text("invalid Content-Length header", "Content-Length 请求头无效"))
            if int(declared) > limit:
                raise _too_large(limit)
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
        return b"".join(chunks)

    def warm_up(self) -> None:
        """Load every plugin, the facts' data sets and the converter's generated code
        now, with a made-up filing, so that the first real request is not slow."""
        self.engine.load_all()
        try:
            filing = load_filing(_WARM_UP_FILING)
            self.engine.check(filing)
            self.engine.change(filing, load_change_request({"to": "individual"}))
            self.engine.transfer(filing, load_transfer_request({"original": {"subject_type": "enterprise"}}))
        except Exception as exc:  # warming up must never stop the service; the requests will tell
            error_log.warning("%s", _json_line({"time": _now(), "event": "warm_up_failed",
                                                "error": _scrub(f"{type(exc).__name__}: {exc}")}))

    def _day(self, filing: Filing, options: _Options) -> dt.date:
        return options.on or filing.evaluated_on or _today()

    # -- POST endpoints (batches and large bodies run in a worker thread) ----------

    def check(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        filing = load_filing(_json_object(raw))
        report = self.engine.check(filing, on=self._day(filing, options), require_complete=options.complete)
        payload = to_data(report, lang)
        if report.verdict is Verdict.error:
            return 502, _plugin_error(report.failures, lang, report=payload), {"verdict": "error"}
        return 200, payload, {"verdict": report.verdict.value}

    def check_batch(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        body = _json_object(raw)
        errors = [FieldError(key, Problem.unknown_key()) for key in sorted(body) if key != "filings"]
        filings = body.get("filings")
        if "filings" not in body:
            errors.append(FieldError("filings", Problem.missing()))
        elif not isinstance(filings, list):
            errors.append(FieldError("filings", Problem.not_a_list_of_filings()))
        if errors:
            raise InputError(errors)
        assert isinstance(filings, list)
        if len(filings) > self.max_batch:
            raise _Problem(413, "too_large", Text(f"more than {self.max_batch} filings in one batch",
                                                  f"单批最多 {self.max_batch} 份备案"), limit=self.max_batch)
        results: list[Any] = []
        summary = {**{verdict.value: 0 for verdict in Verdict}, "input": 0}
        failures: list[dict[str, Any]] = []
        for index, item in enumerate(filings):
            try:
                if not isinstance(item, dict):
                    raise InputError([FieldError("", Problem.not_a_filing())])
                filing = load_filing(item)
                report = self.engine.check(filing, on=self._day(filing, options),
                                           require_complete=options.complete)
            except InputError as exc:
                results.append(_input_errors(exc, lang))
                summary["input"] += 1
                continue
            results.append(to_data(report, lang))
            summary[report.verdict.value] += 1
            failures += [{"index": index, **_failure(f)} for f in report.failures]
        fields: dict[str, Any] = {"items": len(filings), "verdicts": summary}
        payload: dict[str, Any] = {"results": results, "summary": summary}
        if failures:
            named = _plugin_error([PluginFailure(f["plugin"], f["hook"], f["error"]) for f in failures], lang)
            return 502, {**named, "failures": failures, **payload}, fields
        return 200, payload, fields

    def documents(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        filing = load_filing(_json_object(raw))
        report = self.engine.documents(filing, on=self._day(filing, options))
        payload = to_data(report, lang)
        if report.failures:
            return 502, _plugin_error(report.failures, lang, report=payload), {"verdict": "error"}
        return 200, payload, {"documents": len(report.documents)}

    def change(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        parts = _envelope(_json_object(raw), {"filing": load_filing, "change": load_change_request})
        filing = parts["filing"]
        return _decision(self.engine.change(filing, parts["change"], on=self._day(filing, options)), lang)

    def transfer(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        parts = _envelope(_json_object(raw), {"filing": load_filing, "transfer": load_transfer_request})
        filing = parts["filing"]
        return _decision(self.engine.transfer(filing, parts["transfer"], on=self._day(filing, options)), lang)

    # -- GET endpoints --------------------------------------------------------------

    def plugins(self, request: Request, lang: str) -> Outcome:
        plugins: list[PluginInfo] = self.engine.plugins()
        return 200, {"plugins": to_data(plugins, lang), "problems": self.engine.problems(),
                     "coverage": to_data(self.engine.coverage(), lang)}, {}

    def schema(self, request: Request, lang: str) -> Response:
        what = request.path_params.get("what")
        body = self.schemas.get(what) if isinstance(what, str) else None
        if body is None:
            raise _Problem(404, "not_found", Text("no such schema; one of: " + ", ".join(SCHEMAS),
                                                  "没有这个 schema，可选：" + "、".join(SCHEMAS)))
        return Response(body, media_type="application/json", headers={"cache-control": "public, max-age=300"})

    def healthz(self, request: Request, lang: str) -> Outcome:
        return 200, {"status": "ok"}, {}

    def readyz(self, request: Request, lang: str) -> Outcome:
        if not self.loaded:
            return 503, {"status": "starting", "problems": [], "uncovered": []}, {}
        problems = self.engine.problems()
        # Ready means every scope the deployment serves is covered by a plugin that loaded:
        # a replica missing a province would answer its filings `not_covered`.
        uncovered = to_data(self.engine.uncovered(), lang)
        if problems or uncovered:
            return 503, {"status": "not_ready", "problems": problems, "uncovered": uncovered}, {}
        active = [p for p in self.engine.plugins() if p.replaced_by is None]
        return 200, {"status": "ready", "plugins": len(active), "problems": [], "uncovered": []}, {}

    def openapi_json(self, request: Request, lang: str) -> Response:
        return Response(self.openapi, media_type="application/json", headers={"cache-control": "public, max-age=300"})


# --------------------------------------------------------------------------- request helpers


def _language(header: str | None) -> str:
    """``zh`` when Accept-Language prefers any Chinese tag over English, else ``en``."""
    if not header:
        return "en"
    best, best_q = "en", 0.0
    for part in header.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("zh", "en"):
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q:
            best, best_q = primary, q
    return best


def _options(query: Mapping[str, str]) -> _Options:
    errors: list[FieldError] = []
    on: dt.date | None = None
    raw_on = query.get("on")
    if raw_on is not None:
        try:
            on = dt.date.fromisoformat(raw_on)
        except ValueError:
            errors.append(FieldError("query.on", Problem.not_date()))
        else:
            if not DEFAULT_LIMITS.earliest_date <= on <= DEFAULT_LIMITS.latest_date:
                errors.append(FieldError("query.on", Problem.date_outside(earliest=DEFAULT_LIMITS.earliest_date,
                                                                            latest=DEFAULT_LIMITS.latest_date)))
    complete = False
    raw_complete = query.get("require_complete")
    if raw_complete is not None:
        value = raw_complete.strip().lower()
        if value in ("true", "1", "yes"):
            complete = True
        elif value not in ("false", "0", "no"):
            errors.append(FieldError("query.require_complete", Problem.not_bool_plain()))
    if errors:
        raise InputError(errors)
    return _Options(on, complete)


#: Problems that make a body unreadable as JSON at all (400 ``malformed``), rather than a
#: readable body with a value the model refuses (422 ``input``).
_MALFORMED = frozenset({"not_json", "not_utf8", "duplicate_key", "not_json_number", "lone_surrogate", "too_deep",
                        "too_large"})
#: The service bounds a body's size itself (``max_body_bytes``) before reading it.
_BODY_LIMITS = attrs.evolve(DEFAULT_LIMITS, max_bytes=2**62)


def _json_object(raw: bytes) -> dict[str, Any]:
    """Parse a body with the project's one strict JSON reader; it must be an object."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        said = Problem.not_utf8(offset=exc.start)
        raise _Problem(400, "malformed", Text(said.en, said.zh), code=said.code) from None
    try:
        data = parse_json(text.removeprefix("\ufeff"), limits=_BODY_LIMITS)
    except InputError as exc:
        first = exc.errors[0]
        is_object = text.lstrip(" \t\r\n\ufeff").startswith("{")
        if first.code not in _MALFORMED and is_object:
            raise  # a number no consumer can hold: an input error at its field
        if first.code not in _MALFORMED:  # the body is no object at all, whatever else is wrong
            first = FieldError("", Problem.not_an_object())
        extra: dict[str, Any] = {"code": first.code, "line": first.line, "column": first.column}
        if first.path:
            extra["path"] = first.path
        raise _Problem(400, "malformed", Text(first.problem.en, first.problem.zh), **extra) from None
    if not isinstance(data, dict):
        said = Problem.not_an_object()
        raise _Problem(400, "malformed", Text(said.en, said.zh), code=said.code)
    return data


def _envelope(body: Mapping[str, Any], loaders: Mapping[str, Callable[[Mapping[str, Any]], Any]]) -> dict[str, Any]:
    """Load each named part of a body; error paths are prefixed with the part's key."""
    errors = [FieldError(key, Problem.unknown_key()) for key in sorted(body) if key not in loaders]
    values: dict[str, Any] = {}
    for key, loader in loaders.items():
        if key not in body:
            errors.append(FieldError(key, Problem.missing()))
            continue
        value = body[key]
        if not isinstance(value, dict):
            errors.append(FieldError(key, Problem.not_an_object()))
            continue
        try:
            values[key] = loader(value)
        except InputError as exc:
            errors += [attrs.evolve(e, path=_join(key, e.path)) for e in exc.errors]
    if errors:
        raise InputError(errors)
    return values


def _join(prefix: str, path: str) -> str:
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


# --------------------------------------------------------------------------- response helpers


def _dumps(payload: Any) -> bytes:
    # A lone surrogate cannot be UTF-8: it is written as its JSON escape rather than
    # failing (input with one is refused; this is for text a plugin makes up).
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "backslashreplace")


def _respond(status: int, payload: Any, lang: str, headers: Mapping[str, str] | None = None) -> Response:
    return _respond_bytes(status, _dumps(payload), lang, headers)


def _respond_bytes(status: int, body: bytes, lang: str, headers: Mapping[str, str] | None = None) -> Response:
    return Response(body, status_code=status, media_type="application/json", headers={
        "content-language": "zh-CN" if lang == "zh" else "en", "vary": "Accept-Language",
        "cache-control": "no-store", **(headers or {}),
    })


def _too_large(limit: int) -> _Problem:
    return _Problem(413, "too_large", Text(f"the body is larger than {limit} bytes", f"请求体超过 {limit} 字节"),
                    limit=limit)


def _input_errors(exc: InputError, lang: str) -> dict[str, Any]:
    return exc.to_data(lang)


def _failure(failure: PluginFailure) -> dict[str, Any]:
    return {"plugin": failure.plugin, "hook": failure.hook, "error": _scrub(failure.error)}


def _plugin_error(failures: Collection[PluginFailure], lang: str, *, report: Any = None) -> dict[str, Any]:
    named = ", ".join(sorted({f"{f.plugin} ({f.hook})" for f in failures}))
    message = Text(f"a plugin failed, so no conclusion can be drawn: {named}",
                   f"插件运行失败，无法得出结论：{named}")
    body: dict[str, Any] = {"error": "plugin", "message": message.get(lang),
                            "failures": [_failure(f) for f in failures]}
    if report is not None:
        body["report"] = report
    return body


def _decision(report: DecisionReport, lang: str) -> Outcome:
    payload = to_data(report, lang)
    if report.failures or report.outcome is None:
        return 502, _plugin_error(report.failures, lang, report=payload), {"outcome": "error"}
    return 200, payload, {"outcome": report.outcome.value}


def _annotate(scope: Scope, fields: Mapping[str, Any]) -> None:
    target = scope.get(_FIELDS_KEY)
    if isinstance(target, dict):
        target.update(fields)


async def _http_error(request: Request, exc: Exception) -> Response:
    """404, 405 (and any other routing error) as JSON."""
    lang = _language(request.headers.get("accept-language"))
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    known = {
        404: ("not_found", Text("no such endpoint (see /openapi.json)", "没有这个接口（见 /openapi.json）")),
        405: ("method_not_allowed", Text("this endpoint does not accept that method", "该接口不支持此请求方法")),
    }
    error, message = known.get(status, ("http", Text("request refused", "请求被拒绝")))
    return _respond(status, {"error": error, "message": message.get(lang)}, lang, headers)


# --------------------------------------------------------------------------- privacy and logging


def _scrub(text: str) -> str:
    """``redact_text``, and also digit runs inside words (``x13900090001``), which
    ``redact_text`` leaves alone: for anything that may echo input back."""
    text = redact_text(text)
    return _DIGIT_RUN.sub(lambda m: mask_id_number(m.group()) if len(m.group()) >= 15 else mask_phone(m.group()),
                          text)


def _mask_split_numbers(text: str) -> str:
    """Mask numbers written in pieces (``139.0009.0001``, ``110101/19900307/1234``,
    ``+86:139:0009:0001``) when the pieces hold 11 digits or more: every digit but the
    last four becomes ``*``, separators stay. For request ids and paths, which ``_scrub``
    reads digit run by digit run."""

    def mask(match: re.Match[str]) -> str:
        token = match.group()
        groups = [(group.start(), len(group.group())) for group in re.finditer(r"\d+", token)]
        remaining = sum(length for _, length in groups)
        if remaining < _SPLIT_NUMBER_DIGITS:
            return token
        # Short leading groups (the 1 of ``/v1/``, a ``+86``) stay readable while what
        # follows them is still long enough to be a personal number on its own.
        start = 0
        for (_, length), (following, _) in itertools.pairwise(groups):
            if length > 3 or remaining - length < _SPLIT_NUMBER_DIGITS:
                break
            remaining -= length
            start = following
        return token[:start] + _mask_all_but_last_four(token[start:])

    return _SPLIT_NUMBER.sub(mask, text)


def _mask_all_but_last_four(token: str) -> str:
    keep = 4
    out = []
    for char in reversed(token):
        if char.isdigit() and keep:
            keep -= 1
            out.append(char)
        else:
            out.append("*" if char.isdigit() or char in "Xx" else char)
    return "".join(reversed(out))


def _log_safe(text: str, limit: int) -> str:
    """A request's path or method for the logs: personal numbers masked however they
    are written, then cut to ``limit`` characters."""
    # Split numbers first: masking one piece as a digit run first would leave the others in clear.
    return _scrub(_mask_split_numbers(text))[:limit]


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            cleaned = _log_safe(_REQUEST_ID_UNSAFE.sub("", value.decode("latin-1"))[:_REQUEST_ID_MAX],
                                _REQUEST_ID_MAX)
            if cleaned:
                return cleaned
            break
    return uuid.uuid4().hex


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _json_line(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str)


class _Frame:
    """Outermost of ours: request id, one access-log line per request, and a JSON 500
    (with the request id, never a traceback) for anything unexpected."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started_at = time.perf_counter()
        request_id = _request_id(scope)
        fields: dict[str, Any] = {}
        scope[_FIELDS_KEY] = fields
        state = {"status": 0, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
                state["status"] = message["status"]
                headers = [*message.get("headers", ()), (b"x-request-id", request_id.encode("latin-1"))]
                message = {**message, "headers": headers}
            await send(message)

        try:
            if _header(scope, b"content-length") is not None and _header(scope, b"transfer-encoding") is not None:
                # Two framings of one body: a proxy and this server may disagree on where it
                # ends (request smuggling). Refuse, and close: the rest of the stream is suspect.
                lang = _language(_header(scope, b"accept-language"))
                await _respond(400, {"error": "malformed", "message": Text(
                    "a request may not have both Content-Length and Transfer-Encoding",
                    "请求不能同时带有 Content-Length 和 Transfer-Encoding").get(lang)}, lang,
                    {"connection": "close"})(scope, receive, send_with_id)
                return
            await self.app(scope, receive, send_with_id)
        except Exception as exc:  # a bug: log it (redacted), answer 500 with the request id
            error_log.error("%s", _json_line({
                "time": _now(), "event": "unhandled_exception", "request_id": request_id,
                "method": _log_safe(str(scope.get("method", "")), 16),
                "path": _log_safe(str(scope.get("path", "")), 256),
                "exception": _scrub("".join(traceback.format_exception(exc))),
            }))
            if not state["started"]:
                lang = _language(_header(scope, b"accept-language"))
                response = _respond(500, {
                    "error": "internal", "request_id": request_id,
                    "message": Text("unexpected error; quote the request id when reporting it",
                                    "服务内部错误；反馈时请提供请求编号").get(lang),
                }, lang)
                await response(scope, receive, send_with_id)
            state["status"] = 500
        finally:
            if access_log.isEnabledFor(logging.INFO):
                record = {
                    "time": _now(), "request_id": request_id,
                    "method": _log_safe(str(scope.get("method", "")), 16),
                    "path": _log_safe(str(scope.get("path", "")), 256),
                    "status": state["status"], "duration_ms": round((time.perf_counter() - started_at) * 1000, 3),
                    **fields,
                }
                access_log.info("%s", _json_line(record), extra={"icp_access": record})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            text: str = value.decode("latin-1")
            return text
    return None


# --------------------------------------------------------------------------- OpenAPI


_INPUT_ROOTS = ("filing", "change", "transfer")
_OUTPUT_ROOTS = ("report", "documents", "decision")


def _model_components() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The model's JSON Schemas as OpenAPI components: every ``$defs`` entry becomes
    ``components/schemas/<Name>`` (an output class whose name an input class already
    uses becomes ``<Name>Output``), and each root's reference."""
    components: dict[str, Any] = {}
    roots: dict[str, dict[str, Any]] = {}
    input_names: set[str] = set()
    for what in (*_INPUT_ROOTS, *_OUTPUT_ROOTS):
        document = json_schema(what)
        defs: dict[str, Any] = document.get("$defs", {})
        output = what in _OUTPUT_ROOTS
        rename = {name: f"{name}Output" if output and name in input_names else name for name in defs}
        for name, body in defs.items():
            target = rename[name]
            moved = _rewrite_refs(body, rename)
            if target in components and components[target] != moved:
                raise RuntimeError(f"two different schemas are both named {target!r}")
            components[target] = moved
            if not output:
                input_names.add(name)
        root = {k: v for k, v in document.items() if k not in ("$schema", "$id", "$defs", "title")}
        roots[what] = _rewrite_refs(root, rename)
    return components, roots


def _rewrite_refs(node: Any, rename: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                name = value.removeprefix("#/$defs/")
                result[key] = f"#/components/schemas/{rename.get(name, name)}"
            else:
                result[key] = _rewrite_refs(value, rename)
        return result
    if isinstance(node, list):
        return [_rewrite_refs(item, rename) for item in node]
    return node


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _service_components(roots: Mapping[str, Any], max_batch: int) -> dict[str, Any]:
    nullable_int = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]}
    failure_item = {"type": "object", "additionalProperties": False, "required": ["plugin", "hook", "error"],
                    "properties": {"plugin": {"type": "string"}, "hook": {"type": "string"},
                                   "error": {"type": "string"}, "index": {"type": "integer", "minimum": 0}}}
    counted = [*(verdict.value for verdict in Verdict), "input"]
    summary = {"type": "object", "additionalProperties": False, "required": counted,
               "properties": {k: {"type": "integer", "minimum": 0} for k in counted}}
    results = {"type": "array", "items": {"anyOf": [roots["report"], _ref("InputErrorResponse")]}}
    return {
        "FieldErrorItem": {
            "type": "object", "additionalProperties": False,
            "required": ["path", "code", "message", "line", "column"],
            "description": "One problem with one field; `path` locates it in the part of the body it belongs to, "
                           "`code` names the problem (stable; `message` is in the language asked for).",
            "properties": {"path": {"type": "string"},
                           "code": {"type": "string", "examples": [problem.name for problem in Problem]},
                           "message": {"type": "string"}, "line": nullable_int, "column": nullable_int},
        },
        "InputErrorResponse": {
            "type": "object", "additionalProperties": False, "required": ["error", "errors"],
            "properties": {"error": {"const": "input"},
                           "errors": {"type": "array", "items": _ref("FieldErrorItem"), "minItems": 1}},
        },
        "ErrorResponse": {
            "type": "object", "additionalProperties": False, "required": ["error", "message"],
            "properties": {
                "error": {"enum": ["malformed", "too_large", "timeout", "busy", "not_found", "method_not_allowed",
                                   "internal", "http"]},
                "message": {"type": "string"}, "request_id": {"type": "string"}, "path": {"type": "string"},
                "code": {"type": "string"}, "line": nullable_int, "column": nullable_int, "limit": {"type": "integer"},
            },
        },
        "PluginFailureItem": failure_item,
        "PluginErrorResponse": {
            "type": "object", "additionalProperties": False, "required": ["error", "message", "failures"],
            "description": "A plugin failed: no conclusion may be drawn. `report` is the partial answer.",
            "properties": {
                "error": {"const": "plugin"}, "message": {"type": "string"},
                "failures": {"type": "array", "items": _ref("PluginFailureItem"), "minItems": 1},
                "report": {"anyOf": [roots["report"], roots["documents"], roots["decision"]]},
                "results": results, "summary": _ref("BatchSummary"),
            },
        },
        "CheckBatchRequest": {
            "type": "object", "additionalProperties": False, "required": ["filings"],
            "properties": {"filings": {"type": "array", "maxItems": max_batch, "items": roots["filing"]}},
        },
        "BatchSummary": summary,
        "CheckBatchResponse": {
            "type": "object", "additionalProperties": False, "required": ["results", "summary"],
            "description": "One result per filing, in order: a report, or the input errors of that filing.",
            "properties": {"results": results, "summary": _ref("BatchSummary")},
        },
        "ChangeBody": {
            "type": "object", "additionalProperties": False, "required": ["filing", "change"],
            "properties": {"filing": roots["filing"], "change": roots["change"]},
        },
        "TransferBody": {
            "type": "object", "additionalProperties": False, "required": ["filing", "transfer"],
            "properties": {"filing": roots["filing"],
                           "transfer": {"anyOf": [roots["transfer"], _ref("OriginalFiling")],
                                        "description": "A transfer request, or just the original filing."}},
        },
        "PluginInfo": {
            "type": "object", "additionalProperties": False,
            "required": ["name", "version", "scope", "entry_point", "rules", "replaces", "replaced_by",
                         "parameters"],
            "properties": {
                "name": {"type": "string"}, "version": {"type": "string"}, "scope": {"type": "string"},
                "entry_point": {"type": "string"}, "rules": {"type": "integer", "minimum": 0},
                "replaces": {"type": "array", "items": {"type": "string"}},
                "replaced_by": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "parameters": {"type": "array", "items": {"type": "string"},
                               "description": "rule.parameter=value of the tunable numbers in force"},
            },
        },
        "PluginsResponse": {
            "type": "object", "additionalProperties": False, "required": ["plugins", "problems", "coverage"],
            "properties": {"plugins": {"type": "array", "items": _ref("PluginInfo")},
                           "problems": {"type": "array", "items": {"type": "string"}},
                           "coverage": {"type": "array", "items": _ref("Coverage"),
                                        "description": "Every scope of the guide and the plugin covering it."}},
        },
        "HealthResponse": {"type": "object", "additionalProperties": False, "required": ["status"],
                           "properties": {"status": {"const": "ok"}}},
        "ReadinessResponse": {
            "type": "object", "additionalProperties": False, "required": ["status", "problems", "uncovered"],
            "description": "Ready: every plugin loaded and every scope the deployment serves is covered.",
            "properties": {"status": {"enum": ["ready", "starting", "not_ready"]},
                           "plugins": {"type": "integer", "minimum": 0},
                           "problems": {"type": "array", "items": {"type": "string"}},
                           "uncovered": {"type": "array", "items": _ref("Coverage")}},
        },
    }


def openapi_document(*, max_batch: int = DEFAULT_MAX_BATCH,
                     max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service, built from the model's JSON Schemas."""
    from icp_core import __version__

    schemas, roots = _model_components()
    schemas.update(_service_components(roots, max_batch))

    def content(schema: Any) -> dict[str, Any]:
        return {"application/json": {"schema": schema}}

    def reply(description: str, schema: Any) -> dict[str, Any]:
        return {"description": description, "headers": {"X-Request-ID": {"$ref": "#/components/headers/RequestId"}},
                "content": content(schema)}

    errors = {
        "400": {"$ref": "#/components/responses/Malformed"},
        "408": {"$ref": "#/components/responses/Timeout"},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "422": {"$ref": "#/components/responses/InputError"},
        "500": {"$ref": "#/components/responses/Internal"},
        "503": {"$ref": "#/components/responses/Busy"},
    }
    common = [{"$ref": "#/components/parameters/AcceptLanguage"}, {"$ref": "#/components/parameters/RequestId"}]
    on = [{"$ref": "#/components/parameters/On"}]
    complete = [{"$ref": "#/components/parameters/RequireComplete"}]
    plugin_failed = reply("A plugin failed; the body names the plugins and hooks. Never a pass.",
                          _ref("PluginErrorResponse"))

    def post(operation_id: str, summary: str, description: str, request: Any, ok: Any,
             parameters: list[Any]) -> dict[str, Any]:
        return {"post": {
            "operationId": operation_id, "summary": summary, "description": description,
            "parameters": parameters + common,
            "requestBody": {"required": True, "content": content(request)},
            "responses": {"200": reply("The answer (whatever the verdict).", ok), "502": plugin_failed, **errors},
        }}

    def get(operation_id: str, summary: str, ok: Any, extra: Mapping[str, Any] | None = None,
            parameters: list[Any] | None = None) -> dict[str, Any]:
        responses: dict[str, Any] = {"200": reply("OK", ok), "500": errors["500"], **(extra or {})}
        return {"get": {"operationId": operation_id, "summary": summary, "parameters": (parameters or []) + common,
                        "responses": responses}}

    paths: dict[str, Any] = {
        "/v1/check": post("check", "Check a filing",
                          "The body is the filing itself. The report is the same JSON as `icp check --format json`.",
                          roots["filing"], roots["report"], on + complete),
        "/v1/check:batch": post("checkBatch", "Check several filings",
                                f"Up to {max_batch} filings; results come back in order, each a report or the "
                                "input errors of that filing (paths relative to the filing).",
                                _ref("CheckBatchRequest"), _ref("CheckBatchResponse"), on + complete),
        "/v1/documents": post("documents", "Documents a filing must upload",
                              "The body is the filing itself.", roots["filing"], roots["documents"], on),
        "/v1/change": post("change", "May the filing be changed as requested?",
                           "Error paths start with `filing.` or `change.`.", _ref("ChangeBody"),
                           roots["decision"], on),
        "/v1/transfer": post("transfer", "May a filing on record elsewhere be transferred in?",
                             "Error paths start with `filing.` or `transfer.`.", _ref("TransferBody"),
                             roots["decision"], on),
        "/v1/plugins": get("plugins", "Installed plugins and load problems", _ref("PluginsResponse")),
        "/v1/schema/{what}": get("schema", "JSON Schema of an input or an output", {"type": "object"},
                                 {"404": {"$ref": "#/components/responses/NotFound"}},
                                 [{"name": "what", "in": "path", "required": True,
                                   "schema": {"enum": list(SCHEMAS)}}]),
        "/healthz": get("healthz", "The process is alive", _ref("HealthResponse")),
        "/readyz": get("readyz", "The engine is loaded and no plugin has a problem", _ref("ReadinessResponse"),
                       {"503": reply("Starting, or a plugin cannot load (problems listed).",
                                     _ref("ReadinessResponse"))}),
        "/openapi.json": get("openapi", "This document", {"type": "object"}),
    }
    error_reply = _ref("ErrorResponse")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "icp-filing",
            "version": __version__,
            "summary": "Checks a China ICP filing (备案) before it is submitted.",
            "description": "Messages follow Accept-Language (zh → Simplified Chinese, otherwise English). "
                           f"Bodies are limited to {max_body_bytes} bytes.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "On": {"name": "on", "in": "query", "required": False,
                       "description": "Evaluate the rules as of this day (default: the filing's evaluated_on, "
                                      "else today in China).", "schema": {"type": "string", "format": "date"}},
                "RequireComplete": {"name": "require_complete", "in": "query", "required": False,
                                    "description": "Missing information becomes a 422 listing the missing paths.",
                                    "schema": {"type": "boolean", "default": False}},
                "AcceptLanguage": {"name": "Accept-Language", "in": "header", "required": False,
                                   "description": "zh, zh-CN … for Chinese messages; English otherwise.",
                                   "schema": {"type": "string"}},
                "RequestId": {"name": "X-Request-ID", "in": "header", "required": False,
                              "description": f"Kept if made of A-Z a-z 0-9 . _ : - (other characters dropped, "
                                             f"at most {_REQUEST_ID_MAX}); generated otherwise.",
                              "schema": {"type": "string"}},
            },
            "headers": {"RequestId": {"description": "The request id (also in the access log).",
                                      "schema": {"type": "string"}}},
            "responses": {
                "Malformed": reply("The body is not JSON, or not a JSON object, or holds a lone surrogate "
                                   "(`path` says where); or both Content-Length and Transfer-Encoding.", error_reply),
                "Timeout": reply("The body did not arrive within the body timeout.", error_reply),
                "TooLarge": reply("The body, the batch or the answer is over its limit.", error_reply),
                "Busy": {**reply("Every check thread is busy and the queue is full: retry after `Retry-After` "
                                 "seconds.", error_reply),
                         "headers": {"X-Request-ID": {"$ref": "#/components/headers/RequestId"},
                                     "Retry-After": {"description": "Seconds to wait before retrying.",
                                                     "schema": {"type": "integer", "minimum": 1}}}},
                "InputError": reply("The input cannot be read: every problem with its path.",
                                    _ref("InputErrorResponse")),
                "NotFound": reply("No such resource.", error_reply),
                "Internal": reply("Unexpected error; the body has the request id.", error_reply),
            },
        },
    }


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
