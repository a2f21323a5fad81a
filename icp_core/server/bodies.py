"""Reading requests and writing answers: languages, options, strict JSON bodies, error payloads."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Mapping
from typing import Any

import attrs
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from icp_core.convert import DEFAULT_LIMITS, Positions, locate_error, parse_json
from icp_core.errors import FieldError, InputError
from icp_core.output import to_data
from icp_core.problems import Problem
from icp_core.report import DecisionReport, PluginFailure, Text
from icp_core.server.logs import _scrub
from icp_core.server.settings import _FIELDS_KEY, Outcome


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
    __slots__ = ("complete", "explain", "on", "yaml")

    def __init__(self, on: dt.date | None, complete: bool, yaml: bool = False, explain: bool = False) -> None:
        self.on = on
        self.complete = complete
        self.yaml = yaml  # the body is YAML (its Content-Type says so), else JSON
        self.explain = explain  # give each finding its section's title (remedies are always there)


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


def _options(query: Mapping[str, str], *, yaml: bool = False) -> _Options:
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
    complete = _flag(query, "require_complete", errors)
    explain = _flag(query, "explain", errors)
    if errors:
        raise InputError(errors)
    return _Options(on, complete, yaml, explain)



def _flag(query: Mapping[str, str], name: str, errors: list[FieldError]) -> bool:
    """A true/false query parameter (absent: false); anything else is an error naming it."""
    raw = query.get(name)
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value not in ("false", "0", "no"):
        errors.append(FieldError(f"query.{name}", Problem.not_bool_plain()))
    return False


#: Problems that make a body unreadable as JSON at all (400 ``malformed``), rather than a
#: readable body with a value the model refuses (422 ``input``).
_MALFORMED = frozenset({"not_json", "not_utf8", "duplicate_key", "not_json_number", "lone_surrogate", "too_deep",
                        "too_large"})
#: The service bounds a body's size itself (``max_body_bytes``) before reading it.
_BODY_LIMITS = attrs.evolve(DEFAULT_LIMITS, max_bytes=2**62)


def body_text(raw: bytes) -> str:
    """A body's text: UTF-8 (a byte-order mark dropped), or 400 ``malformed`` naming the offset."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        said = Problem.not_utf8(offset=exc.start)
        raise _Problem(400, "malformed", Text(said.en, said.zh), code=said.code) from None


def _json_object(raw: bytes) -> dict[str, Any]:
    """Parse a body with the project's one strict JSON reader; it must be an object."""
    text = body_text(raw)
    try:
        data = parse_json(text, limits=_BODY_LIMITS)
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


def _envelope(body: Mapping[str, Any], loaders: Mapping[str, Callable[..., Any]],
              positions: Positions | None = None) -> dict[str, Any]:
    """Load each named part of a body; error paths are prefixed with the part's key.
    ``positions`` (a YAML body's) place the errors at their line and column."""
    errors = [locate_error(key, Problem.unknown_key(), positions) for key in sorted(body) if key not in loaders]
    values: dict[str, Any] = {}
    for key, loader in loaders.items():
        if key not in body:
            errors.append(locate_error(key, Problem.missing(), positions))
            continue
        value = body[key]
        if not isinstance(value, dict):
            errors.append(locate_error(key, Problem.not_an_object(), positions))
            continue
        try:
            values[key] = loader(value, positions=_part_positions(positions, key))
        except InputError as exc:
            errors += [attrs.evolve(e, path=_join(key, e.path)) for e in exc.errors]
    if errors:
        raise InputError(errors)
    return values


def _part_positions(positions: Positions | None, path: str) -> Positions | None:
    """``positions`` of the values under ``path``, keyed relative to it (``filing.subject.name``
    under ``filing`` is ``subject.name``), so that a part's own loader can place its errors."""
    if positions is None:
        return None
    inner: Positions = {}
    for key, place in positions.items():
        if key == path:
            inner[""] = place
        elif key.startswith(path) and key[len(path):len(path) + 1] in (".", "["):
            inner[key[len(path):].removeprefix(".")] = place
    return inner


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
