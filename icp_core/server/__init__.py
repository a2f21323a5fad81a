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

from icp_core.schema import SCHEMAS as SCHEMAS
from icp_core.server.app import create_app
from icp_core.server.bodies import _language as _language
from icp_core.server.openapi import openapi_document
from icp_core.server.run import connection_limits, serve
from icp_core.server.settings import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_CHECK_QUEUE,
    DEFAULT_CHECK_THREADS,
    DEFAULT_MAX_BATCH,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    LARGE_BODY_BYTES,
)

__all__ = ["DEFAULT_BODY_TIMEOUT", "DEFAULT_CHECK_QUEUE", "DEFAULT_CHECK_THREADS", "DEFAULT_MAX_BATCH",
           "DEFAULT_MAX_BODY_BYTES", "DEFAULT_MAX_RESPONSE_BYTES", "LARGE_BODY_BYTES", "connection_limits",
           "create_app",
           "openapi_document", "serve"]
