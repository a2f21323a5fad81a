"""Schemathesis against the service's own OpenAPI document, in-process over ASGI.

The application is built over the installed ``icp-province-beijing`` and
``icp-national`` plugins, and schemathesis loads the contract from its
``/openapi.json``. Loading it starts the application's lifespan (the engine is loaded
and warmed up, ``/readyz`` is ready) and every request goes to the ASGI app in-process:
no network. Every operation gets, in three phases:

- **examples**: complete filings from the testing kit (pass, fail, incomplete, a batch
  with bad items, change and transfer requests), so the full report, documents and
  decision bodies are validated against their schemas;
- **coverage**: schemathesis' deterministic boundary and wrong-type cases, plus
  unexpected methods (405 with ``Allow``);
- **fuzzing**: ``ICP_SCHEMATHESIS_EXAMPLES`` random requests per operation, both
  schema-valid and schema-invalid. The filing schema is looser than the converter (any
  string or integer is a province, any year a date), so most random filings would stop
  at a 422; about half of the schema-valid ones are "grounded" (real provinces, dates
  in range, no control characters, still schema-valid) so that they reach the rules.

Each response is checked: no 5xx, a status code the document lists for the operation,
a documented content type, body and headers matching the documented schemas, 405 for
undocumented methods with a correct ``Allow``, and schema-invalid requests refused with
a 4xx (except in a batch or a replay, whose bad items are answered inside a 200 by design).
``positive_data_acceptance`` is off: the JSON Schema is deliberately looser than the
converter (unknown province names, dates outside 1900-2080, ``require_complete``), so
a schema-valid request may rightly get a 422.

Every POST body is documented as JSON and as YAML (``application/yaml``), so schemathesis
sends both; the playground's GET routes are fuzzed too.

CI runs 25 fuzzed requests per operation (about 20 s in all before YAML bodies were
documented; measured 19 s → 56 s of CPU for one POST operation with two YAML types listed,
hence only one is). For a longer fuzz, set
``ICP_SCHEMATHESIS_EXAMPLES`` (1500 takes about 6 minutes), or run the suite's long
profile, ``HYPOTHESIS_PROFILE=fuzz``, which makes it 1000::

    ICP_SCHEMATHESIS_EXAMPLES=1500 uv run pytest tests/server/test_schemathesis.py -q
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    allow_header_conformance,
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)
from schemathesis.generation import GenerationMode
from starlette.testclient import TestClient

from icp_core.server import create_app
from icp_core.testing import engine_with_stand_ins, filing_data, merge

PLUGINS = ["icp-province-beijing", "icp-national"]
# fuzzed requests per operation: 25 in CI, 1000 under the suite's long profile
EXAMPLES = int(os.environ.get("ICP_SCHEMATHESIS_EXAMPLES")
               or (1000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 25))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, negative_data_rejection, unsupported_method, allow_header_conformance]

# Stand-ins cover the scopes no listed plugin does: the fuzzed answers come from the rules.
app = create_app(engine_with_stand_ins(allow=PLUGINS))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)

# -------------------------------------------------------------------- explicit examples

_PASS = filing_data("beijing")
_INDIVIDUAL = filing_data("beijing", "individual")
_FAIL = merge(filing_data("beijing"), {"subject": {"administrator": {"is_legal_representative": False}}})
_INCOMPLETE = merge(filing_data("beijing"), {"subject": {"administrator": None}})
_NATIONAL_ONLY = filing_data("shanghai")
_ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5", "X-Request-ID": "schemathesis-example"}

# (body, query, headers) per operation
_EXAMPLES: dict[str, list[tuple[Any, dict[str, str], dict[str, str]]]] = {
    "POST /v1/check": [
        (_PASS, {}, {}), (_PASS, {"on": "2027-03-01"}, _ZH), (_INDIVIDUAL, {}, {}), (_FAIL, {}, _ZH),
        (_INCOMPLETE, {}, {}), (_INCOMPLETE, {"require_complete": "true"}, {}), (_NATIONAL_ONLY, {}, {}),
    ],
    "POST /v1/check:batch": [
        ({"filings": [_PASS, _FAIL, _INCOMPLETE, {"province": "beijing"}, 42]}, {}, _ZH),
        ({"filings": []}, {}, {}),
    ],
    "POST /v1/documents": [(_PASS, {}, {}), (_INDIVIDUAL, {}, _ZH), (_NATIONAL_ONLY, {}, {})],
    "POST /v1/change": [
        ({"filing": _PASS, "change": {"to": "individual"}}, {}, {}),
        ({"filing": _INDIVIDUAL, "change": {"to": "enterprise", "new_name": "北京星河示例科技有限公司"}}, {}, _ZH),
    ],
    "POST /v1/transfer": [
        ({"filing": _PASS, "transfer": {"original": {"subject_type": "enterprise", "subject_name": "旧名称"},
                                        "documents": ["certificate_of_change"]}}, {}, _ZH),
        ({"filing": _PASS, "transfer": {"subject_type": "enterprise", "subject_name": "旧名称"}}, {}, {}),
    ],
}


@schema.hook
def before_add_examples(context: schemathesis.HookContext, examples: list[schemathesis.Case]) -> None:
    operation = context.operation
    assert operation is not None
    for body, query, headers in _EXAMPLES.get(operation.label, []):
        examples.append(operation.Case(body=body, query=dict(query), headers=dict(headers),
                                       media_type="application/json"))


# -------------------------------------------------------------------- grounding fuzzed filings

# The filing schema is looser than the converter: a province is any string or integer,
# an integer may be sent as 1.0, a number may be negative, a date may be any year, a
# string may hold control characters. Such requests are answered 422, which the coverage
# phase exercises already; grounding fixes these and keeps the request schema-valid.
_PROVINCES = ["beijing", "北京市", 110000, "shanghai", "guangdong"]
_PROVINCE_KEYS = frozenset({"province", "certificate_province", "id_province", "mobile_province"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EARLIEST, _LATEST = dt.date(1900, 1, 1), dt.date(2080, 12, 31)
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _date_in_range(text: str) -> str:
    """An ISO date moved into the converter's 1900-2080 window (same month and day)."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return text
    if _EARLIEST <= day <= _LATEST:
        return text
    year = _EARLIEST.year + day.year % 180
    return day.replace(year=year, day=min(day.day, 28) if day.month == 2 else day.day).isoformat()


def _grounded(value: Any, province: Any) -> Any:
    """``value`` with every province set to ``province``, numbers whole where they can be
    and not negative, dates in range, no control characters: still valid against the
    schema, and now readable by the converter."""
    if isinstance(value, dict):
        return {key: province if key in _PROVINCE_KEYS and item is not None else _grounded(item, province)
                for key, item in value.items()}
    if isinstance(value, list):
        items = [_grounded(item, province) for item in value]
        if all(isinstance(item, str) for item in items):  # stripping may have made two equal (uniqueItems)
            items = list(dict.fromkeys(items))
        return items
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return abs(int(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return abs(value)
    if isinstance(value, str):
        return _date_in_range(value) if _ISO_DATE.fullmatch(value) else _CONTROL.sub("", value)
    return value


def _ground(case: schemathesis.Case, province: Any) -> schemathesis.Case:
    if isinstance(case.body, dict):
        case.body = _grounded(case.body, province)
    if case.query and isinstance(case.query.get("on"), str):
        case.query = {**case.query, "on": _date_in_range(case.query["on"])}
    return case


@schema.hook
def flatmap_case(context: schemathesis.HookContext, case: schemathesis.Case) -> st.SearchStrategy[schemathesis.Case]:
    """About half of the schema-valid fuzzed requests are grounded, so that they reach
    the rules instead of stopping at a 422; schema-invalid ones are left alone."""
    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE:
        return st.just(case)
    return st.one_of(st.sampled_from(_PROVINCES).map(lambda province: _ground(case, province)), st.just(case))


# -------------------------------------------------------------------- the tests


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_service_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    answered_inside = ("POST /v1/check:batch", "POST /v1/replay")
    excluded = [negative_data_rejection] if case.operation.label in answered_inside else []
    case.call_and_validate(checks=[c for c in CHECKS if c not in excluded])


def test_the_application_under_test_is_started_and_the_examples_reach_the_rules() -> None:
    """The fuzzed app ran its lifespan (ready, not "starting"), and the explicit examples
    are answered by the rules (200 with each verdict), not refused as input errors."""
    client = TestClient(app)  # no lifespan here: loading the schema already started it
    ready = client.get("/readyz").json()
    assert (ready["status"], ready["problems"], ready["uncovered"]) == ("ready", [], [])
    verdicts = set()
    for body, query, headers in _EXAMPLES["POST /v1/check"]:
        response = client.post("/v1/check", json=body, params=query, headers=headers)
        verdicts.add((response.status_code, response.json().get("verdict", response.json().get("error"))))
    assert verdicts == {(200, "pass"), (200, "fail"), (200, "incomplete"), (422, "input")}
    for label in ("POST /v1/documents", "POST /v1/change", "POST /v1/transfer"):
        for body, query, headers in _EXAMPLES[label]:
            response = client.post(label.split()[1], json=body, params=query, headers=headers)
            assert response.status_code == 200, (label, response.text)
    body, query, headers = _EXAMPLES["POST /v1/check:batch"][0]
    summary = client.post("/v1/check:batch", json=body, headers=headers).json()["summary"]
    assert summary == {"pass": 1, "fail": 1, "not_covered": 0, "incomplete": 1, "error": 0, "input": 2}
