"""Privacy and logging: masked request ids and texts, JSON access and error logs."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from starlette.types import Scope

from icp_core.privacy import mask_id_number, mask_phone, redact_text
from icp_core.server.settings import (
    _DIGIT_RUN,
    _REQUEST_ID_MAX,
    _REQUEST_ID_UNSAFE,
    _SPLIT_NUMBER,
    _SPLIT_NUMBER_DIGITS,
)

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
