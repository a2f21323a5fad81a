"""Which fields of a rule name documents: worked out once per class, not walked per rule.

A field declared with ``document_keys`` (``icp_core.rules.base``) names documents, and
loading a policy checks each against the catalogue (``Rule.documents_named``). Such
fields may sit deep (a change matrix's cells and their alternatives), so the names are
found by walking the rule. Walking every field of every rule with ``attrs.has`` cost a
sixth of loading the bundled plugins (9,408 calls for 568 rules), yet where documents
can be depends only on the class: its plan lists the fields that name documents and
the fields whose type can hold something that does (an attrs class with such fields, a
mapping or a collection of them, ``Any``). Text, numbers, enums, literals and
collections of those are skipped without a look.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
import typing
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any

import attrs

#: Per class: ``(field name, names documents itself)`` for each field worth a look.
_PLANS: dict[type, tuple[tuple[str, bool], ...]] = {}
_LOCK = threading.Lock()
#: Types whose values never hold documents (the walk would find nothing in them).
_LEAVES: tuple[type, ...] = (str, bytes, int, float, bool, NoneType, enum.Enum, dt.date, Decimal)


def named_documents(value: Any, found: list[str]) -> None:
    """Add to ``found`` every document key that ``value`` (an attrs instance, a mapping, a
    tuple or list) names in a field declared with ``document_keys``, however deep."""
    cls = type(value)
    if attrs.has(cls):
        plan = _PLANS.get(cls)
        if plan is None:
            plan = _plan_of(cls)
        for name, names_documents in plan:
            item = getattr(value, name)
            if names_documents:
                found.extend([item] if isinstance(item, str) else [d for d in item or () if isinstance(d, str)])
            else:
                named_documents(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            named_documents(item, found)
    elif isinstance(value, (tuple, list)):
        for item in value:
            if not isinstance(item, str):
                named_documents(item, found)


def _plan_of(cls: type) -> tuple[tuple[str, bool], ...]:
    with _LOCK:
        plan = _PLANS.get(cls)
        if plan is None:
            plan = _PLANS[cls] = _plan(cls, set())
        return plan


def _plan(cls: type, seen: set[type]) -> tuple[tuple[str, bool], ...]:
    from icp_core.convert.plain_classes import field_types

    seen = seen | {cls}
    types = field_types(cls)
    plan: list[tuple[str, bool]] = []
    for field in attrs.fields(cls):
        if field.metadata.get("documents"):
            plan.append((field.name, True))
        elif _may_hold_documents(types[field.name], seen):
            plan.append((field.name, False))
    return tuple(plan)


def _may_hold_documents(tp: Any, seen: set[type]) -> bool:
    """Whether a value of type ``tp`` can hold an attrs instance with a document field;
    ``True`` for anything not known to be plain (the walk then looks at the value)."""
    if isinstance(tp, type):
        if attrs.has(tp):
            return tp in seen or bool(_plan(tp, seen))  # a class inside itself: look at the value
        return not issubclass(tp, _LEAVES)  # a bare container, ``object``, an abstract type: look at the value
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        return False
    if isinstance(tp, UnionType) or origin is typing.Union or (isinstance(origin, type) and args):
        return any(_may_hold_documents(arg, seen) for arg in args if arg is not Ellipsis)
    return True  # Any, a type variable, an annotation that could not be resolved: look at the value
