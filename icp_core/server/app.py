"""The application: ``create_app``, the check pool and the service behind the routes."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import math
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from icp_core.engine import Engine
from icp_core.errors import FieldError, InputError
from icp_core.loading import load_change_request, load_filing, load_transfer_request
from icp_core.model import Filing
from icp_core.output import to_data
from icp_core.plugins import allow_list as _allowed
from icp_core.problems import Problem
from icp_core.report import PluginFailure, PluginInfo, Text, Verdict
from icp_core.schema import SCHEMAS, json_schema
from icp_core.sections import explained
from icp_core.server.bodies import (
    _annotate,
    _decision,
    _dumps,
    _envelope,
    _failure,
    _http_error,
    _language,
    _Options,
    _options,
    _plugin_error,
    _Problem,
    _respond,
    _respond_bytes,
    _too_large,
)
from icp_core.server.body_formats import is_yaml, read_object
from icp_core.server.logs import _json_line, _now, _scrub
from icp_core.server.middleware import _Frame
from icp_core.server.openapi import openapi_document
from icp_core.server.playground import playground_routes
from icp_core.server.pool import _CheckPool
from icp_core.server.replaying import Replayer
from icp_core.server.settings import (
    _CONTENT_LENGTH,
    _WARM_UP_FILING,
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_CHECK_QUEUE,
    DEFAULT_CHECK_THREADS,
    DEFAULT_MAX_BATCH,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    LARGE_BODY_BYTES,
    Answer,
    Outcome,
    _env_int,
    _env_seconds,
    _hook_timeout,
    _today,
    error_log,
)

# --------------------------------------------------------------------------- the application


def create_app(engine: Engine | None = None, *, allow: str | Collection[str] | None = None,
               profile: str | Path | None = None, max_body_bytes: int | None = None,
               max_batch: int | None = None, max_response_bytes: int | None = None,
               check_threads: int | None = None, check_queue: int | None = None,
               body_timeout: float | None = None, profiles_dir: str | Path | None = None) -> Starlette:
    """The ASGI application. Arguments win over the environment: ``ICP_ALLOW``
    (comma-separated distributions), ``ICP_PROFILE`` (a profile file),
    ``ICP_MAX_BODY_BYTES`` (default 1 MiB), ``ICP_MAX_BATCH`` (default 100),
    ``ICP_MAX_RESPONSE_BYTES`` (default 8 MiB), ``ICP_CHECK_THREADS`` (default 2),
    ``ICP_CHECK_QUEUE`` (default 64), ``ICP_BODY_TIMEOUT`` (seconds, default 30) and
    ``ICP_HOOK_TIMEOUT`` (seconds, default 10; 0 runs plugin hooks inline) and
    ``ICP_PROFILES_DIR`` (the profiles ``POST /v1/replay`` may name; default none).

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
        allow_list = _allowed(allow if allow is not None else os.environ.get("ICP_ALLOW"))
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
    service.replayer = Replayer(engine, profiles_dir or os.environ.get("ICP_PROFILES_DIR", "").strip() or None)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.pool.start()
        try:
            # Off the loop, in the loop's own executor: anyio's thread runner (starlette's
            # run_in_threadpool) would import its whole asyncio back end (sockets, streams,
            # TLS) before the service listens, for this one call; no request path needs it.
            await asyncio.get_running_loop().run_in_executor(None, service.warm_up)
            service.loaded = True
            problems = service.engine.problems()
            if problems:
                error_log.warning("%s", _json_line({"time": _now(), "event": "plugin_problems",
                                                    "problems": problems}))
            yield
        finally:
            service.pool.stop()

    app = Starlette(
        routes=service.routes() + playground_routes(),
        middleware=[Middleware(_Frame)],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.service = service
    return app


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
        self.replayer = Replayer(engine, None)

    # The schemas and the OpenAPI document are built on their first request, not before the
    # service listens: building them was a tenth of the time to /readyz, for pages few read.
    @functools.cached_property
    def schemas(self) -> dict[str, bytes]:
        return {what: _dumps(json_schema(what)) for what in SCHEMAS}

    @functools.cached_property
    def openapi(self) -> bytes:
        return _dumps(openapi_document(max_batch=self.max_batch, max_body_bytes=self.max_body_bytes))

    def routes(self) -> list[Route]:
        return [
            Route("/v1/check", self._post(self.check), methods=["POST"]),
            Route("/v1/check:batch", self._post(self.check_batch), methods=["POST"]),
            Route("/v1/documents", self._post(self.documents), methods=["POST"]),
            Route("/v1/change", self._post(self.change), methods=["POST"]),
            Route("/v1/transfer", self._post(self.transfer), methods=["POST"]),
            Route("/v1/replay", self._post(self.replay), methods=["POST"]),
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
                options = _options(request.query_params, yaml=is_yaml(request.headers.get("content-type")))
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
                status, body, fields, headers = 422, _dumps(exc.to_data(lang)), {}, {}
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
            return 422, _dumps(exc.to_data(lang)), {}, {}
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
        body = read_object(raw, options.yaml)
        filing = load_filing(body.data, positions=body.positions)
        report = self.engine.check(filing, on=self._day(filing, options), require_complete=options.complete)
        payload = to_data(explained(report) if options.explain else report, lang)
        if report.verdict is Verdict.error:
            return 502, _plugin_error(report.failures, lang, report=payload), {"verdict": "error"}
        return 200, payload, {"verdict": report.verdict.value}

    def check_batch(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        body = read_object(raw, options.yaml)
        errors = [body.error(key, Problem.unknown_key()) for key in sorted(body.data) if key != "filings"]
        filings = body.data.get("filings")
        if "filings" not in body.data:
            errors.append(body.error("filings", Problem.missing()))
        elif not isinstance(filings, list):
            errors.append(body.error("filings", Problem.not_a_list_of_filings()))
        if errors:
            raise InputError(errors)
        assert isinstance(filings, list)
        if len(filings) > self.max_batch:
            raise _Problem(413, "too_large", Text(f"more than {self.max_batch} filings in one batch",
                                                  f"单批最多 {self.max_batch} 份备案"), limit=self.max_batch)
        places = body.items("filings")  # empty for JSON: its errors are located by their paths
        results: list[Any] = []
        summary = {**{verdict.value: 0 for verdict in Verdict}, "input": 0}
        failures: list[dict[str, Any]] = []
        for index, item in enumerate(filings):
            try:
                if not isinstance(item, dict):
                    raise InputError([FieldError("", Problem.not_a_filing())])
                filing = load_filing(item, positions=places.get(index))
                report = self.engine.check(filing, on=self._day(filing, options),
                                           require_complete=options.complete)
            except InputError as exc:
                results.append(exc.to_data(lang))
                summary["input"] += 1
                continue
            results.append(to_data(explained(report) if options.explain else report, lang))
            summary[report.verdict.value] += 1
            failures += [{"index": index, **_failure(f)} for f in report.failures]
        fields: dict[str, Any] = {"items": len(filings), "verdicts": summary}
        payload: dict[str, Any] = {"results": results, "summary": summary}
        if failures:
            named = _plugin_error([PluginFailure(f["plugin"], f["hook"], f["error"]) for f in failures], lang)
            return 502, {**named, "failures": failures, **payload}, fields
        return 200, payload, fields

    def documents(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        body = read_object(raw, options.yaml)
        filing = load_filing(body.data, positions=body.positions)
        report = self.engine.documents(filing, on=self._day(filing, options))
        payload = to_data(report, lang)
        if report.failures:
            return 502, _plugin_error(report.failures, lang, report=payload), {"verdict": "error"}
        return 200, payload, {"documents": len(report.documents)}

    def change(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        body = read_object(raw, options.yaml)
        parts = _envelope(body.data, {"filing": load_filing, "change": load_change_request}, body.positions)
        filing = parts["filing"]
        return _decision(self.engine.change(filing, parts["change"], on=self._day(filing, options)), lang)

    def transfer(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        body = read_object(raw, options.yaml)
        parts = _envelope(body.data, {"filing": load_filing, "transfer": load_transfer_request}, body.positions)
        filing = parts["filing"]
        return _decision(self.engine.transfer(filing, parts["transfer"], on=self._day(filing, options)), lang)

    def replay(self, raw: bytes, options: _Options, lang: str) -> Outcome:
        body = read_object(raw, options.yaml).data  # (a replay answers per filing; YAML positions are not kept)
        return self.replayer.answer(body, self.max_batch, lang, on=options.on, complete=options.complete)

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
