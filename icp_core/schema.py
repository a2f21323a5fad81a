"""JSON Schemas of the input (filing, requests) and output (reports), made from the model.

Generated from the attrs classes themselves, so the schema cannot drift from what
the converter accepts: ``icp schema filing`` and ``GET /v1/schema/filing`` print it.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from icp_core import model, report
from icp_core.provinces import Province

_ROOTS: dict[str, type] = {
    "filing": model.Filing,
    "change": model.ChangeRequest,
    "transfer": model.TransferRequest,
    "report": report.Report,
    "documents": report.DocumentsReport,
    "decision": report.DecisionReport,
}


def json_schema(what: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``what``: one of filing, change, transfer,
    report, documents, decision."""
    root = _ROOTS[what]
    output = issubclass(root, (report.Report, report.DocumentsReport, report.DecisionReport))
    defs: dict[str, Any] = {}
    schema = _schema(root, defs, output)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://icp-filing.invalid/schema/{what}.json",
        "title": f"icp-filing {what}",
        **schema,
        "$defs": defs,
    }


def _schema(tp: Any, defs: dict[str, Any], output: bool) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner = [_schema(a, defs, output) for a in options]
        union: dict[str, Any] = inner[0] if len(inner) == 1 else {"anyOf": inner}
        return {"anyOf": [union, {"type": "null"}]} if type(None) in args else union
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (tuple, list, frozenset, set):
        item = args[0] if args else Any
        schema: dict[str, Any] = {"type": "array", "items": _schema(item, defs, output)}
        if origin in (frozenset, set):
            schema["uniqueItems"] = True
        return schema
    if origin is dict or origin is typing.Mapping:
        key, value = args
        schema = {"type": "object", "additionalProperties": _schema(value, defs, output)}
        if isinstance(key, type) and issubclass(key, enum.Enum):
            schema["propertyNames"] = {"enum": [m.value for m in key]}
        return schema
    if tp is Province:
        return {"$ref": "#/$defs/Province"} if _define(defs, "Province", {
            "description": "Province key, Chinese name, or GB/T 2260 code (output: always the key).",
            "anyOf": [{"enum": [p.value for p in Province]}, {"type": "string"}, {"type": "integer"}]
            if not output else [{"enum": [p.value for p in Province]}]}) else {}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        _define(defs, tp.__name__, {"enum": [m.value for m in tp]})
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if tp is report.Text:
        return {"type": "string", "description": "message in the requested language"}
    if isinstance(tp, type) and attrs.has(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder against recursion
            hints = typing.get_type_hints(tp)
            properties = {f.name: _schema(hints[f.name], defs, output) for f in attrs.fields(tp)}
            required = [f.name for f in attrs.fields(tp) if output or f.default is attrs.NOTHING]
            if tp is report.Report:
                properties["passed"] = {"type": "boolean"}
                required.append("passed")
            body: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
            if required:
                body["required"] = required
            if tp.__doc__:
                body["description"] = " ".join(tp.__doc__.split())
            defs[tp.__name__] = body
        return {"$ref": f"#/$defs/{tp.__name__}"}
    simple: dict[Any, dict[str, Any]] = {
        str: {"type": "string"}, bool: {"type": "boolean"}, int: {"type": "integer", "minimum": 0},
        float: {"type": "number", "minimum": 0}, Decimal: {"type": ["number", "string"]},
        dt.date: {"type": "string", "format": "date"}, Any: {},
    }
    return dict(simple.get(tp, {}))


def _define(defs: dict[str, Any], name: str, body: dict[str, Any]) -> bool:
    defs.setdefault(name, body)
    return True
