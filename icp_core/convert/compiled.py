"""The fast path of structuring: one function compiled per model class and ``Limits``.

Structuring a valid filing with the detailed converter costs three walks (the bounds
walk, cattrs with detailed validation, the checks after), most of it building error
context that a valid filing never needs. The functions compiled here do all of it in
one walk over the plain data, with the limits as constants: the bounds (list lengths,
domains per filing, count of values, nesting), the strict types, and the checks of
:mod:`.checks` (lengths, characters, names, dates, negative numbers, the same domain
twice).

They never report an error. The moment a value is not plainly valid (a wrong type, a
blank name, an unknown key, a key written in another form, anything in doubt) they give
up, and :func:`~icp_core.convert.structuring.structure` runs the detailed path on the
same data: so every error, its path and its wording come from one place, unchanged.
Values that are valid but not in their plain form (``"Beijing"``, ``"京"``, a date
object from YAML) go through the very hooks the detailed converter uses. A property
test (``tests/test_compiled_structuring.py``) checks that both paths agree.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
import typing
from collections.abc import Callable
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any, TypeVar

import attrs

from icp_core.convert.checks import FORBIDDEN_CHARS, NAME_FIELDS, duplicate_domains, has_letters, is_blank
from icp_core.convert.limits import LIST_LIMITS, NUMBER_BOUND, Limits

T = TypeVar("T")


class _GiveUp(Exception):
    """The input is not plainly valid: the detailed path decides (and names every problem)."""


#: Compiled structurers by limits; a deployment uses one or two ``Limits``, the bound
#: keeps a caller that makes a new one per request from growing it without end.
_COMPILED: dict[Limits, dict[type, Callable[[dict[str, Any]], Any]]] = {}
_MOST_COMPILED = 8
_LOCK = threading.Lock()


def fast_structure(data: object, cls: type[T], limits: Limits) -> T | None:
    """``cls`` from plain data when it is plainly valid, else ``None`` (then the detailed
    path structures it, or names its problems)."""
    if type(data) is not dict:
        return None
    compiled = _COMPILED.get(limits)
    if compiled is None:
        compiled = _compile_for(limits)
    structurer = compiled.get(cls)
    if structurer is None:
        return None
    try:
        return structurer(data)  # type: ignore[no-any-return]
    except Exception:
        return None


def _compile_for(limits: Limits) -> dict[type, Callable[[dict[str, Any]], Any]]:
    with _LOCK:
        compiled = _COMPILED.get(limits)
        if compiled is None:
            if len(_COMPILED) >= _MOST_COMPILED:
                _COMPILED.clear()
            compiled = _COMPILED[limits] = _Compiler(limits).compile_roots()
        return compiled


def _optional_inner(tp: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, else ``(tp, False)``."""
    if isinstance(tp, UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not NoneType]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0], True
    return tp, False


class _Unsupported(Exception):
    """A field type this compiler does not handle: its class has no fast path."""


class _Compiler:
    """Writes the Python source of one function per model class, then compiles it once."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            "_GiveUp": _GiveUp, "_is_blank": is_blank, "_has_letters": has_letters, "_NONE": None,
            "_forbidden": FORBIDDEN_CHARS.search, "_duplicate_domains": duplicate_domains,
        }
        self.done: dict[type, str] = {}
        self.counter = 0

    def name(self, value: Any, prefix: str) -> str:
        self.counter += 1
        key = f"_{prefix}{self.counter}"
        self.names[key] = value
        return key

    def compile_roots(self) -> dict[type, Callable[[dict[str, Any]], Any]]:
        from icp_core import model

        roots: dict[type, str] = {}
        root_classes: tuple[type, ...] = (model.Filing, model.ChangeRequest, model.TransferRequest,
                                          model.OriginalFiling)
        for cls in root_classes:
            try:
                depth = _nesting(cls)
                if depth >= self.limits.max_depth:
                    continue  # a valid filing could nest too deep for these limits: the detailed path measures
                roots[cls] = self.class_function(cls)
            except _Unsupported:
                continue
        most_domains = self.limits.max_domains
        for cls, function in roots.items():
            # The same domain twice is refused in a filing (the only class with websites).
            check_domains = (f"    if {most_domains} - state[1] > 1 and _duplicate_domains(result): raise _GiveUp\n"
                             if any(f.name == "websites" for f in attrs.fields(cls)) else "")
            self.lines.append(
                f"def _root_{function}(d):\n"
                f"    state = [{self.limits.max_nodes - 1}, {most_domains}]\n"
                "    texts = []\n"
                f"    result = {function}(d, state, texts)\n"
                "    if texts and _forbidden('\\n'.join(texts)): raise _GiveUp\n"
                + check_domains + "    return result\n")
        source = "\n".join(self.lines)
        namespace = dict(self.names)
        exec(compile(source, "<icp_core.convert.compiled>", "exec"), namespace)
        return {cls: namespace[f"_root_{function}"] for cls, function in roots.items()}

    def class_function(self, cls: type) -> str:
        """The name of the function that structures ``cls`` from a dict (written once)."""
        if cls in self.done:
            return self.done[cls]
        function = f"_structure_{cls.__name__}"
        self.done[cls] = function
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        names = NAME_FIELDS.get(cls, ())
        body = [f"def {function}(d, state, texts):",
                f"    if not d.keys() <= {self.name(frozenset(f.name for f in fields), 'keys')}: raise _GiveUp",
                "    state[0] -= len(d)",
                "    if state[0] < 0: raise _GiveUp"]
        arguments = []
        for index, field in enumerate(fields):
            if field.init is False or field.alias != field.name:
                raise _Unsupported(cls)
            target = f"a{index}"
            arguments.append(target)
            body += self.field_lines(field, target, field.name in names)
        body.append(f"    return {self.name(cls, 'cls')}({', '.join(arguments)})")
        self.lines.append("\n".join(body) + "\n")
        return function

    def field_lines(self, field: attrs.Attribute[Any], target: str, is_name: bool) -> list[str]:
        tp, optional = _optional_inner(field.type)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            raise _Unsupported(field)
        key = repr(field.name)
        if default is attrs.NOTHING:
            lines = [f"    v = d.get({key}, _GiveUp)", "    if v is _GiveUp: raise _GiveUp"]
        elif default is None and optional:
            lines = [f"    v = d.get({key})"]
        else:
            lines = [f"    v = d.get({key}, _GiveUp)",
                     f"    if v is _GiveUp: {target} = {self.name(default, 'default')}",
                     "    else:"]
            converted = self.value_lines(tp, optional, field.name, is_name, target, "        ")
            return lines + converted
        return lines + self.value_lines(tp, optional, field.name, is_name, target, "    ")

    def value_lines(self, tp: Any, optional: bool, field_name: str, is_name: bool, target: str,
                    pad: str) -> list[str]:
        """Lines that turn ``v`` into ``target``, or raise ``_GiveUp``."""
        if tp is str:  # ``str`` refuses blank text, ``str | None`` reads it as left out
            lines = self.text_lines("v", target, pad + "    " if optional else pad, is_name, strict=not optional)
        else:
            lines = self.plain_value_lines(tp, field_name, is_name, target, pad + "    " if optional else pad)
        if optional:
            return [f"{pad}if v is None: {target} = None", f"{pad}else:", *lines]
        return lines

    def plain_value_lines(self, tp: Any, field_name: str, is_name: bool, target: str, pad: str) -> list[str]:
        limits = self.limits
        if tp is bool:
            return [f"{pad}if type(v) is not bool: raise _GiveUp", f"{pad}{target} = v"]
        if tp is int:  # negative numbers are refused after structuring: the detailed path says so
            return [f"{pad}if type(v) is not int or not 0 <= v < {NUMBER_BOUND}: raise _GiveUp", f"{pad}{target} = v"]
        if tp is float:
            return [f"{pad}if (type(v) is not float and type(v) is not int) or not 0 <= v < {NUMBER_BOUND}:"
                    " raise _GiveUp",
                    f"{pad}{target} = float(v)"]
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            members = self.name(dict(tp._value2member_map_), "members")
            kind = self.name(tp, "enum")  # a member itself, as unstructured data from Python holds it
            return [f"{pad}{target} = {members}.get(v) if type(v) is str or type(v) is {kind} else None",
                    f"{pad}if {target} is None: {target} = {self.hooked(tp)}(v)"]
        if tp is dt.date:
            earliest, latest = self.name(limits.earliest_date, "date"), self.name(limits.latest_date, "date")
            return [f"{pad}{target} = {self.hooked(tp)}(v)",
                    f"{pad}if not {earliest} <= {target} <= {latest}: raise _GiveUp"]
        if tp is Decimal:
            return [f"{pad}{target} = {self.hooked(tp)}(v)", f"{pad}if {target} < 0: raise _GiveUp"]
        if attrs.has(tp):
            return [f"{pad}if type(v) is not dict: raise _GiveUp",
                    f"{pad}{target} = {self.class_function(tp)}(v, state, texts)"]
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or (origin is frozenset and len(args) == 1):
            return self.collection_lines(origin, args[0], field_name, is_name, target, pad)
        raise _Unsupported(tp)

    def text_lines(self, value: str, target: str, pad: str, is_name: bool, *, strict: bool) -> list[str]:
        """A text: blank is left out (``str | None``) or refused (``str``); too long, a name
        without letters, or (checked once for all texts) a forbidden character is refused."""
        most = self.limits.max_string
        # A name starts with a letter, nearly always: one character's test before the scan.
        has_letters = f"({value}[:1].isalpha() or _has_letters({value}))"
        name_check = f" or not {has_letters}" if is_name else ""
        visible = f"' ' < {value}[:1] < '\\x7f' or not _is_blank({value})"  # ASCII first: the common case, fast
        if strict:
            return [f"{pad}if type({value}) is not str or len({value}) > {most} or not ({visible}){name_check}:"
                    " raise _GiveUp",
                    f"{pad}texts.append({value})", f"{pad}{target} = {value}"]
        return [f"{pad}if type({value}) is not str or len({value}) > {most}: raise _GiveUp",
                f"{pad}if {visible}:",
                *([f"{pad}    if not {has_letters}: raise _GiveUp"] if is_name else []),
                f"{pad}    texts.append({value})", f"{pad}    {target} = {value}",
                f"{pad}else: {target} = None"]

    def collection_lines(self, origin: Any, item_type: Any, field_name: str, is_name: bool, target: str,
                         pad: str) -> list[str]:
        most = getattr(self.limits, LIST_LIMITS[field_name]) if field_name in LIST_LIMITS else self.limits.max_items
        lines = [f"{pad}if type(v) is not list and type(v) is not tuple or len(v) > {most}: raise _GiveUp",
                 f"{pad}state[0] -= len(v)", f"{pad}if state[0] < 0: raise _GiveUp"]
        if field_name == "domains":  # the bounds walk counts every list of this name toward max_domains
            lines += [f"{pad}state[1] -= len(v)", f"{pad}if state[1] < 0: raise _GiveUp"]
        make = "tuple" if origin is tuple else "frozenset"
        if item_type is str:
            lines += [f"{pad}for x in v:", *self.text_lines("x", "_", pad + "    ", is_name, strict=True),
                      f"{pad}{target} = {make}(v)"]
        elif attrs.has(item_type):
            function = self.class_function(item_type)
            lines += [f"{pad}for x in v:", f"{pad}    if type(x) is not dict: raise _GiveUp",
                      f"{pad}{target} = {make}([{function}(x, state, texts) for x in v])"]
        else:
            raise _Unsupported(item_type)
        return lines

    def hooked(self, tp: Any) -> str:
        """A function that applies the detailed converter's own hook for ``tp`` (values in
        another accepted form), giving up where the hook refuses the value."""
        from icp_core.convert.structuring import converter

        hook = converter.get_structure_hook(tp)

        def apply(value: object) -> Any:
            try:
                return hook(value, tp)
            except Exception:
                raise _GiveUp from None

        return self.name(apply, "hook")


def _nesting(cls: type, depth: int = 0) -> int:
    """The deepest level at which a valid ``cls`` can hold a non-empty container (the
    document itself is level 0), as the bounds walk counts it."""
    deepest = depth
    attrs.resolve_types(cls)
    for field in attrs.fields(cls):
        tp, _ = _optional_inner(field.type)
        if attrs.has(tp):
            deepest = max(deepest, _nesting(tp, depth + 1))
        elif typing.get_origin(tp) in (tuple, frozenset):
            deepest = max(deepest, depth + 1)
            item = typing.get_args(tp)[0]
            if attrs.has(item):
                deepest = max(deepest, _nesting(item, depth + 2))
    return deepest
