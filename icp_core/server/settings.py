"""Settings of the service: defaults, limits, environment variables, loggers."""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import re
from typing import Any

from icp_core.privacy import redact_text

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
#: Media types of a body read as YAML (the first is the registered one, RFC 9512); any other
#: Content-Type, or none, is read as JSON.
YAML_MEDIA_TYPES = ("application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml")
#: Seconds a client is told to wait after a 503 (the queue drains in well under that).
RETRY_AFTER_SECONDS = 1
#: GIL switch interval under ``icp serve`` (see ``serve``).
SWITCH_INTERVAL_SECONDS = 0.001
#: Bodies above this (a filing is a few KiB) are checked one at a time: the memory a
#: check takes grows with the filing, so a few large ones at once must not add up.
LARGE_BODY_BYTES = 256 * 1024

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


def _today() -> dt.date:
    from icp_core.calendar import today  # the authority's calendar, as the CLI and --batch use

    return today()
