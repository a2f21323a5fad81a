"""The request frame: request ids, body limits and timeouts, and one access-log line per
request, around every route."""

from __future__ import annotations

import logging
import time
import traceback
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from icp_core.report import Text
from icp_core.server.bodies import _language, _respond
from icp_core.server.logs import _json_line, _log_safe, _now, _request_id, _scrub
from icp_core.server.settings import (
    _FIELDS_KEY,
    access_log,
    error_log,
)

# --------------------------------------------------------------------------- privacy and logging


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
