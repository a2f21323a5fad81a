"""The fast path of structuring small trusted-shape classes (policy rules): no generated code.

``converter.structure`` builds one cattrs function per class the first time it meets it
(source generation and ``compile``), and with detailed validation wraps every field in
error context. Loading the 50 bundled plugins met 34 rule kinds and their parts, and the
generation alone was about a fifth of ``Engine.load_all()``. A rule is a handful of
fields, so here a class is structured by a small plan of per-field functions built
once per class from its resolved field types, without compiling anything:

- an attrs class: only known keys, every required key given, each value by its field's plan;
- ``X | None`` of an attrs class, lists, tuples, sets and dicts that hold attrs classes:
  walked here (so that cattrs never generates a function for the class inside);
- every other type (text, numbers, enums, literals, dates, collections of those): the
  converter's *own* hook for that type, so that each value is read exactly as the
  detailed path reads it.

It never reports an error: the moment anything fails or is not plain (a wrong type, an
unknown or missing key, a validator that refuses a value, a type it does not handle),
:func:`structure_plain` returns ``None`` and the caller runs ``converter.structure``,
which names every problem as before. ``tests/test_plain_classes.py`` checks that both
paths agree on every rule of every bundled policy.
"""

from __future__ import annotations

import inspect
import sys
import threading
import typing
from collections.abc import Callable
from types import NoneType, UnionType
from typing import Any, TypeVar

import attrs

T = TypeVar("T")
Plan = Callable[[Any], Any]


class _GiveUp(Exception):
    """Not plainly valid: the detailed path decides."""


class _Unsupported(Exception):
    """A type this fast path does not handle: its class always takes the detailed path."""


_PLANS: dict[type, Plan | None] = {}
_LOCK = threading.Lock()


def structure_plain(data: object, cls: type[T]) -> T | None:
    """``cls`` from plain data when it is plainly valid, else ``None`` (then the caller runs
    ``converter.structure``, which structures it or names its problems)."""
    if type(data) is not dict:
        return None
    try:
        plan = _PLANS[cls]
    except KeyError:
        plan = _plan_of_class(cls)
    if plan is None:
        return None
    try:
        return plan(data)  # type: ignore[no-any-return]
    except Exception:  # _GiveUp, a validator's ValueError, a hook's refusal: the detailed path says it
        return None


def _plan_of_class(cls: type) -> Plan | None:
    with _LOCK:
        if cls not in _PLANS:
            try:
                _PLANS[cls] = _class_plan(cls, set())
            except _Unsupported:
                _PLANS[cls] = None
        return _PLANS[cls]


def field_types(cls: type) -> dict[str, Any]:
    """The resolved type of each attrs field of ``cls``, by name.

    Like ``attrs.resolve_types`` (``typing.get_type_hints``) but each class's own annotations
    are evaluated once, not again for every subclass: the 34 rule kinds share the nine
    fields of ``Rule``. Evaluating annotation text is most of what resolving costs."""
    found: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        found.update(_own_hints(base))
    return {field.name: found.get(field.name, field.type) for field in attrs.fields(cls)}


_OWN_HINTS: dict[type, dict[str, Any]] = {}


def _own_hints(base: type) -> dict[str, Any]:
    hints = _OWN_HINTS.get(base)
    if hints is None:
        annotations = inspect.get_annotations(base)
        namespace = vars(sys.modules[base.__module__]) if base.__module__ in sys.modules else {}
        hints = {}
        for name, value in annotations.items():
            if isinstance(value, str):
                # The class's names under the module's, as ``typing.get_type_hints`` looks them up.
                value = _evaluate(value, dict(vars(base)), namespace)
            hints[name] = value
        _OWN_HINTS[base] = hints
    return hints


def _evaluate(text: str, class_names: dict[str, Any], module_names: dict[str, Any]) -> Any:
    try:
        value = eval(text, class_names, module_names)  # our classes' own annotations, as get_type_hints does
    except Exception:
        return _UNRESOLVED
    return _UNRESOLVED if _has_forward_reference(value) else value


#: An annotation that could not be evaluated: a class with one takes the detailed path.
_UNRESOLVED = object()


def _has_forward_reference(tp: Any) -> bool:
    if isinstance(tp, (str, typing.ForwardRef)):
        return True
    if typing.get_origin(tp) is typing.Literal:  # its text values are values, not names
        return False
    return any(_has_forward_reference(arg) for arg in typing.get_args(tp))


def _class_plan(cls: type, building: set[type]) -> Plan:
    if cls in building:  # a class that holds itself: no rule kind does
        raise _Unsupported(cls)
    fields = attrs.fields(cls)
    if any(field.init is False or field.alias != field.name for field in fields):
        raise _Unsupported(cls)
    building.add(cls)  # (while its fields are planned)
    types = field_types(cls)
    plans = {field.name: _value_plan(types[field.name], building) for field in fields}
    building.discard(cls)
    names = frozenset(plans)
    required = frozenset(field.name for field in fields if field.default is attrs.NOTHING)

    def structure(data: Any) -> Any:
        if type(data) is not dict:
            raise _GiveUp
        keys = data.keys()
        if not keys <= names or not required <= keys:
            raise _GiveUp
        # Absent keys are left to attrs' own defaults (and factories), as cattrs does.
        return cls(**{key: plans[key](value) for key, value in data.items()})

    return structure


def _nested_class_plan(cls: type, building: set[type]) -> Plan:
    """The plan of a class inside another (``When``, ``TextSpec``: inside every kind), made
    once. Called with ``_LOCK`` held."""
    if cls in _PLANS:
        plan = _PLANS[cls]
        if plan is None:
            raise _Unsupported(cls)
        return plan
    try:
        plan = _class_plan(cls, building)
    except _Unsupported:
        if cls not in building:
            _PLANS[cls] = None
        raise
    _PLANS[cls] = plan
    return plan


def _holds_class(tp: Any) -> bool:
    """Whether ``tp`` is, or contains, an attrs class (which this module must walk itself)."""
    if isinstance(tp, type) and attrs.has(tp):
        return True
    return any(_holds_class(arg) for arg in typing.get_args(tp) if arg is not Ellipsis)


def _value_plan(tp: Any, building: set[type]) -> Plan:
    if tp is _UNRESOLVED or isinstance(tp, str):
        raise _Unsupported(tp)
    if not _holds_class(tp):
        return _hook_plan(tp)
    if isinstance(tp, type) and attrs.has(tp):
        return _nested_class_plan(tp, building)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if isinstance(tp, UnionType) or origin is typing.Union:
        others = [arg for arg in args if arg is not NoneType]
        if len(others) != 1 or len(args) != 2:
            raise _Unsupported(tp)
        inner = _value_plan(others[0], building)
        return lambda value: None if value is None else inner(value)
    if origin in (tuple, list, frozenset, set) and args and (origin is not tuple or args[1:] == (Ellipsis,)):
        make = {tuple: tuple, list: list, frozenset: frozenset, set: set}[origin]
        item = _value_plan(args[0], building)

        def collection(value: Any) -> Any:
            if type(value) is not list and type(value) is not tuple:  # as the converter's collection hook
                raise _GiveUp
            return make([item(x) for x in value])

        return collection
    if origin is dict and len(args) == 2:
        key_plan, value_plan = _value_plan(args[0], building), _value_plan(args[1], building)

        def mapping(value: Any) -> Any:
            if type(value) is not dict:
                raise _GiveUp
            return {key_plan(k): value_plan(v) for k, v in value.items()}

        return mapping
    raise _Unsupported(tp)


_HOOK_PLANS: dict[Any, Plan] = {}


def _hook_plan(tp: Any) -> Plan:
    """The detailed converter's own hook for a type that holds no attrs class, with a
    shortcut for the commonest plain values that gives exactly what the hook gives."""
    try:
        return _HOOK_PLANS[tp]
    except KeyError:
        plan = _HOOK_PLANS[tp] = _new_hook_plan(tp)
        return plan
    except TypeError:  # a type that cannot be a key (unhashable arguments): not kept
        return _new_hook_plan(tp)


def _new_hook_plan(tp: Any) -> Plan:
    from icp_core.convert.structuring import _strict_str, converter

    hook = converter.get_structure_hook(tp)
    if hook is _strict_str:  # visible ASCII first: not blank, so the hook returns the text itself
        return lambda value: value if type(value) is str and "!" <= value[:1] <= "~" else _strict_str(value, tp)
    table = _choices(tp, hook)
    if table is not None:  # an enum or literal: what the hook makes of each of its words, looked up

        def choice(value: Any) -> Any:
            if type(value) is str:
                found = table.get(value, _MISS)
                if found is not _MISS:
                    return found
            return hook(value, tp)  # another spelling, or not one of them: the hook decides

        return choice
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and args[1:] == (Ellipsis,):
        item = _hook_plan(args[0])
        items_hook = converter.get_structure_hook(tp)

        def plain_items(value: Any) -> Any:
            # The converter's collection hook: a list or tuple, each item by the item's hook.
            if type(value) is list or type(value) is tuple:
                return tuple([item(x) for x in value])
            return items_hook(value, tp)

        return plain_items if getattr(items_hook, "__qualname__", "") == "_collection_hook.<locals>.structure" \
            else (lambda value: items_hook(value, tp))
    return lambda value: hook(value, tp)


_MISS: Any = object()


def _choices(tp: Any, hook: Callable[[Any, Any], Any]) -> dict[str, Any] | None:
    """For an enum or a literal whose values are all text: each value and what ``hook``
    makes of it (the member, the text), or ``None`` for another type. Values not in the
    table go to the hook."""
    import enum

    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        words = [member.value for member in tp]
    elif typing.get_origin(tp) is typing.Literal:
        words = list(typing.get_args(tp))
    else:
        return None
    if not all(type(word) is str for word in words):
        return None
    try:
        return {word: hook(word, tp) for word in words}
    except Exception:
        return None
