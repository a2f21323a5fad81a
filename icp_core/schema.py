"""JSON Schemas of the input (filing, requests) and output (reports), made from the model.

Generated from the attrs classes themselves, so the schema cannot drift from what
the converter accepts: ``icp schema filing`` and ``GET /v1/schema/filing`` print it.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import functools
import inspect
import sys
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from icp_core import model, report
from icp_core.provinces import Province

#: Each schema's root class, by module and name: the CLI builds its parser from these names,
#: and importing the replay answers only for their names would cost ``icp check`` start-up.
_ROOTS: dict[str, tuple[str, str]] = {
    "filing": ("icp_core.model", "Filing"),
    "change": ("icp_core.model", "ChangeRequest"),
    "transfer": ("icp_core.model", "TransferRequest"),
    "report": ("icp_core.report", "Report"),
    "documents": ("icp_core.report", "DocumentsReport"),
    "decision": ("icp_core.report", "DecisionReport"),
    "replay-line": ("icp_core.replay", "ReplayChange"),
    "replay-summary": ("icp_core.replay", "ReplaySummary"),
}
#: The schemas there are (``icp schema``, ``GET /v1/schema/{what}``, the OpenAPI document):
#: the inputs first, then the answers; a new one is added to ``_ROOTS`` and nowhere else.
SCHEMAS: tuple[str, ...] = tuple(_ROOTS)
#: The inputs: the model's classes (``icp_core.model``).
INPUT_SCHEMAS: tuple[str, ...] = tuple(what for what, (module, _) in _ROOTS.items() if module == model.__name__)


def _root(what: str) -> type:
    import importlib

    module, name = _ROOTS[what]
    root: type = getattr(importlib.import_module(module), name)
    return root


def json_schema(what: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``what``: one of filing, change, transfer,
    report, documents, decision, replay-line, replay-summary."""
    root = _root(what)
    output = root.__module__ not in model.MODULES
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
            "description": "Province key, Chinese name, one-character abbreviation (京, 粤 …) or GB/T 2260 code "
                           "(output: always the key).",
            "anyOf": [{"enum": [p.value for p in Province]}, {"type": "string"}, {"type": "integer"}]
            if not output else [{"enum": [p.value for p in Province]}]}) else {}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        values: dict[str, Any] = {"enum": [m.value for m in tp]}
        if tp.__doc__:
            values = {"description": " ".join(tp.__doc__.split()), **values}
        _define(defs, tp.__name__, values)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if tp is report.Text:
        return {"type": "string", "description": "message in the requested language"}
    if isinstance(tp, type) and attrs.has(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder against recursion
            hints = typing.get_type_hints(tp)
            described = field_descriptions(tp)
            properties: dict[str, Any] = {}
            for f in attrs.fields(tp):
                prop = _schema(hints[f.name], defs, output)
                text = " ".join(filter(None, (described.get(f.name), accepted_values(tp, f.name))))
                if text:
                    prop = {"description": text, **prop}
                properties[f.name] = prop
            required = [f.name for f in attrs.fields(tp) if (output and not f.metadata.get("omit_if_default"))
                        or f.default is attrs.NOTHING]
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


@functools.cache
def _comments(module_name: str) -> dict[str, dict[str, str]]:
    """The doc comments of a module's classes, by class and name, parsed once.

    A field's description is the ``#:`` comment above it (the convention Sphinx
    reads); an enum member's is that comment or, failing one, the comment at the end
    of its line (``resident_id_card = "resident_id_card"  # 居民身份证``). The model
    is the one place its fields are described: the JSON Schemas, the OpenAPI
    document and docs/filing-format.md all read them from here."""
    try:
        source = inspect.getsource(sys.modules[module_name])
    except (OSError, TypeError, KeyError):  # no source shipped: the schemas go without descriptions
        return {}
    lines = source.splitlines()
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        own: dict[str, str] = {}
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                name = statement.target.id
            elif (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                  and isinstance(statement.targets[0], ast.Name)):
                name = statement.targets[0].id
            else:
                continue
            above: list[str] = []
            number = statement.lineno - 2  # the line above, 0-based
            while number >= 0 and lines[number].strip().startswith("#:"):
                above.insert(0, lines[number].strip()[2:].strip())
                number -= 1
            text = " ".join(above).replace("``", "`")  # read as Markdown and JSON: one backtick is enough
            if not text and isinstance(statement, ast.Assign):
                _, hash_mark, trailing = lines[(statement.end_lineno or statement.lineno) - 1].partition("  # ")
                text = trailing.strip() if hash_mark else ""
            if text:
                own[name] = text
        found[node.name] = own
    return found


def field_descriptions(cls: type) -> dict[str, str]:
    """``{field: description}`` of an attrs class (or ``{member: description}`` of an
    enum), from its ``#:`` comments."""
    return dict(_comments(cls.__module__).get(cls.__name__, {}))


#: Fields whose values are words of a catalogue (icp_core/vocabulary.py): not a JSON
#: Schema ``enum``, since plugins add words and aliases are accepted, but listed.
VOCABULARY_FIELDS: dict[tuple[type, str], str] = {
    (model.Website, "industries"): "industry",
    (model.PreApproval, "industry"): "industry",
    (model.Filing, "documents"): "document",
    (model.ChangeRequest, "documents"): "document",
    (model.TransferRequest, "documents"): "document",
}


def accepted_values(cls: type, name: str) -> str:
    """For a field whose values come from a catalogue, the sentence that lists them."""
    kind = VOCABULARY_FIELDS.get((cls, name))
    if kind == "industry":
        from icp_core.vocabulary import INDUSTRIES

        keys = ", ".join(term.key for term in INDUSTRIES)
        return (f"Accepted: {keys} (or their Chinese names and aliases, e.g. 新闻; an installed industry "
                "plugin may add more).")
    if kind == "document":
        from icp_core.documents import CATALOGUE

        return (f"Accepted: {', '.join(CATALOGUE)} (or their Chinese names; a plugin may declare more), "
                "optionally as key@path for one item, e.g. domain_certificate@websites[0].domains[1].")
    return ""


def _define(defs: dict[str, Any], name: str, body: dict[str, Any]) -> bool:
    defs.setdefault(name, body)
    return True
