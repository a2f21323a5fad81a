"""Reading input: the one cattrs converter, a safe YAML/JSON reader, limits, path errors.

Everything that enters the engine passes through here: a file or text is parsed
into plain data by walking the YAML node graph ourselves (no object construction,
no custom tags, no merge keys, duplicate keys refused, aliases counted as they
expand), then structured by one strict converter. All problems are collected and
raised together as one ``InputError``, each with its path and, for text, its line
and column.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from icp_core.errors import FieldError, InputError
from icp_core.privacy import redact_text
from icp_core.provinces import Province

T = TypeVar("T")


@attrs.frozen
class Limits:
    """Bounds on input, so that hostile input fails fast instead of exhausting memory.

    The defaults fit the largest real filings many times over; a platform tunes
    them with ``Limits(...)`` passed to the loaders or ``Engine``.
    """

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 24
    max_nodes: int = 50_000  # after alias expansion
    max_string: int = 4096  # characters in one value
    max_items: int = 1000  # entries in one list
    earliest_date: dt.date = dt.date(1900, 1, 1)
    latest_date: dt.date = dt.date(2080, 12, 31)  # domain and licence expiry dates stay well inside


DEFAULT_LIMITS = Limits()

# Positions of values in a parsed text, by path, for error messages.
Positions = dict[str, tuple[int, int]]


# --------------------------------------------------------------------------- parsing


def parse_text(text: str, *, source: str = "<input>", limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Positions]:
    """Parse YAML (or JSON, a subset of it) into plain data and the position of each path."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if len(text) > limits.max_bytes:
        raise InputError([FieldError("", f"input is larger than {limits.max_bytes} bytes")], source)
    yaml = YAML(typ="safe", pure=True)
    try:
        node = yaml.compose(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        problem = redact_text(str(exc.problem or exc.context or "invalid YAML"))
        raise InputError([FieldError("", f"not valid YAML/JSON: {problem}", line, column)], source) from None
    except YAMLError as exc:
        raise InputError([FieldError("", f"not valid YAML/JSON: {redact_text(str(exc))}")], source) from None
    if node is None:
        raise InputError([FieldError("", "the document is empty")], source)
    builder = _Builder(limits, source, yaml.constructor)
    data = builder.build(node, "", 0)
    if builder.errors:
        raise InputError(builder.errors, source)
    return data, builder.positions


def read_file(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Positions]:
    """Read a ``.yaml``/``.yml``/``.json`` file into plain data (see ``parse_text``)."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise InputError([FieldError("", f"file is larger than {limits.max_bytes} bytes")], source)
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([FieldError("", f"cannot read file: {exc.strerror}")], source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([FieldError("", f"not UTF-8 (byte {exc.start})")], source) from None
    return parse_text(text, source=source, limits=limits)


_STANDARD_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class _Builder:
    """Turns a composed YAML node graph into dicts, lists and scalars, within limits."""

    def __init__(self, limits: Limits, source: str, constructor: Any) -> None:
        self.limits = limits
        self.source = source
        self.errors: list[FieldError] = []
        self.positions: Positions = {}
        self.nodes = 0
        self._scalars = constructor  # the safe one of our YAML instance: scalars only

    def fail(self, node: Any, path: str, message: str) -> None:
        mark = node.start_mark
        self.errors.append(FieldError(path, message, mark.line + 1, mark.column + 1))

    def build(self, node: Any, path: str, depth: int) -> Any:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            if self.nodes == self.limits.max_nodes + 1:
                self.fail(node, path, f"more than {self.limits.max_nodes} values (aliases count as they expand)")
            return None
        if depth > self.limits.max_depth:
            self.fail(node, path, f"nested deeper than {self.limits.max_depth} levels")
            return None
        mark = node.start_mark
        self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        if isinstance(node, ScalarNode):
            if node.tag not in _STANDARD_SCALAR_TAGS:
                self.fail(node, path, f"tag {node.tag!r} is not allowed")
                return None
            if len(node.value) > self.limits.max_string:
                self.fail(node, path, f"value longer than {self.limits.max_string} characters")
                return None
            try:
                return self._scalars.construct_object(node, deep=True)
            except Exception:  # a malformed int/float/timestamp
                self.fail(node, path, f"cannot read scalar as {node.tag.rsplit(':', 1)[-1]}")
                return None
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, path, f"tag {node.tag!r} is not allowed")
                return None
            if len(node.value) > self.limits.max_items:
                self.fail(node, path, f"more than {self.limits.max_items} items")
                return None
            return [self.build(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:omap"):
                self.fail(node, path, f"tag {node.tag!r} is not allowed")
                return None
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, path, "merge keys (<<) and non-scalar keys are not allowed: "
                                              "write the mapping out")
                    continue
                key = str(key_node.value)
                child = f"{path}.{key}" if path else key
                if key in result:
                    self.fail(key_node, child, "duplicate key")
                    continue
                # Errors about a field point at its key: the line a person looks for.
                self.positions.setdefault(child, (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                result[key] = self.build(value_node, child, depth + 1)
            return result
        self.fail(node, path, "unsupported YAML node")
        return None


# --------------------------------------------------------------------------- structuring


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_kind(value)}")
    return value


def _strict_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_kind(value)}")
    return value


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {_kind(value)}")
    return value


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {_kind(value)}")
    return float(value)


def _decimal(value: object, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"expected a number, got {_kind(value)}")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ValueError("expected a number") from None
    if not result.is_finite():
        raise ValueError("expected a finite number")
    return result


def _date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("expected a date as YYYY-MM-DD") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {_kind(value)}")


def _province(value: object, _: type) -> Province:
    return Province.parse(value)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    allowed = ", ".join(str(member.value) for member in cls)

    def structure(value: object, _: type) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            # Masked before repr: its escapes (``\t``) would split a number so that no mask finds it.
            shown = repr(redact_text(value)) if isinstance(value, str) and len(value) < 40 else _kind(value)
            raise ValueError(f"{shown} is not one of: {allowed}") from None

    return structure


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(type(value), type(value).__name__)


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(float, _strict_float)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(dt.date, _date)
    # Enums are dispatched by class; the most specific class wins over the ``str`` hook
    # above, so every ``str``-based enum of the model is registered by name.
    from icp_core import model, report

    for module in (model, report):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, enum.Enum) and value.__module__ == module.__name__:
                converter.register_structure_hook(value, _enum_hook(value))
    converter.register_structure_hook(Province, _province)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(frozenset, lambda s: sorted(s))
    return converter


#: The one converter: strict types, unknown keys refused, every error collected.
converter = _make_converter()


def structure(data: object, cls: type[T], *, source: str | None = None, positions: Positions | None = None,
              limits: Limits = DEFAULT_LIMITS) -> T:
    """Structure plain data into ``cls``; raise ``InputError`` listing every problem."""
    if not isinstance(data, Mapping):
        raise InputError([FieldError("", f"expected a mapping at the top, got {_kind(data)}")], source)
    try:
        result = converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
        errors = [_locate(path, message, positions) for path, message in _flatten(exc, "")]
        raise InputError(sorted(errors, key=lambda e: (e.line or 0, e.path)), source) from None
    except (ValueError, TypeError) as exc:
        raise InputError([_locate("", redact_text(str(exc)), positions)], source) from None
    problems = list(_validate(result, "", limits))
    if problems:
        raise InputError([_locate(path, message, positions) for path, message in problems], source)
    return result


def _locate(path: str, message: str, positions: Positions | None) -> FieldError:
    if positions:
        probe = path
        while probe not in positions and probe:
            parent = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
            probe = parent if parent != probe else ""  # a top-level key: its parent is the document
        if probe in positions:
            line, column = positions[probe]
            return FieldError(path, message, line, column)
    return FieldError(path, message)


def _join(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def _flatten(exc: BaseException, path: str) -> list[tuple[str, str]]:
    """Turn cattrs' nested exception groups into ``(path, message)`` pairs."""
    if isinstance(exc, ForbiddenExtraKeysError):
        return [(_join(path, key), "unknown key") for key in sorted(exc.extra_fields)]
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        found: list[tuple[str, str]] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if isinstance(name, str):
                child = _join(path, name)
            else:
                child = _join(path, index) if isinstance(index, int) else path
            found.extend(_flatten(sub, child))
        for sub in without:
            found.extend(_flatten(sub, path))
        return found
    if isinstance(exc, KeyError):
        return [(path, "required field is missing")]
    message = redact_text(str(exc)) or type(exc).__name__
    return [(path, message)]


_FORBIDDEN_CHARS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _validate(value: object, path: str, limits: Limits) -> list[tuple[str, str]]:
    """Checks the converter cannot express by type: lengths, characters, date ranges.

    Walks the structured value once; paths are only built for values that are checked,
    so a filing of mostly unset fields costs little (this runs on every request)."""
    problems: list[tuple[str, str]] = []
    _walk(value, path, limits, problems)
    return problems


def _walk(value: object, path: str, limits: Limits, problems: list[tuple[str, str]]) -> None:
    kind = type(value)
    if kind is str:
        text: str = value  # type: ignore[assignment]
        if len(text) > limits.max_string:
            problems.append((path, f"longer than {limits.max_string} characters"))
        elif _FORBIDDEN_CHARS.search(text):
            problems.append((path, "contains control or bidirectional-override characters"))
        return
    names = _FIELD_NAMES.get(kind)
    if names is None and attrs.has(kind):
        names = tuple(f.name for f in attrs.fields(kind))
    if names is not None:
        for name in names:
            child = getattr(value, name)
            if child is not None and child != ():
                _walk(child, f"{path}.{name}" if path else name, limits, problems)
    elif isinstance(value, (tuple, frozenset)):
        if len(value) > limits.max_items:
            problems.append((path, f"more than {limits.max_items} items"))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                _walk(item, f"{path}[{index}]", limits, problems)
        else:
            for item in value:
                _walk(item, path, limits, problems)
    elif isinstance(value, bool | enum.Enum):
        return
    elif isinstance(value, dt.date):
        if not limits.earliest_date <= value <= limits.latest_date:
            problems.append((path, f"date outside {limits.earliest_date} … {limits.latest_date}"))
    elif isinstance(value, int | float | Decimal):
        if value < 0:
            problems.append((path, "must not be negative"))
        elif isinstance(value, float) and value != value:
            problems.append((path, "must be a number"))


def _field_names() -> dict[type, tuple[str, ...]]:
    """Field names of the model's classes, computed once (read-only after import)."""
    from icp_core import model

    return {cls: tuple(f.name for f in attrs.fields(cls)) for cls in vars(model).values()
            if isinstance(cls, type) and attrs.has(cls)}


_FIELD_NAMES: Mapping[type, tuple[str, ...]] = MappingProxyType(_field_names())


def unstructure(value: object) -> Any:
    return converter.unstructure(value)


def dumps_json(value: object) -> str:
    """Stable JSON: keys in declaration order, UTF-8 text (Chinese not escaped)."""
    return json.dumps(unstructure(value), ensure_ascii=False, indent=2)


def load(source: str | Path | Mapping[str, Any], cls: type[T], *, limits: Limits = DEFAULT_LIMITS) -> T:
    """Load ``cls`` from a file path, a mapping (already parsed JSON), or YAML/JSON text."""
    if isinstance(source, Mapping):
        return structure(source, cls, limits=limits)
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and looks_like_path(source)):
        data, positions = read_file(source, limits=limits)
        return structure(data, cls, source=str(source), positions=positions, limits=limits)
    data, positions = parse_text(str(source), limits=limits)
    return structure(data, cls, positions=positions, limits=limits)


def looks_like_path(text: str) -> bool:
    """Whether a string names a file rather than holding YAML/JSON text."""
    if not text.strip() or len(text) > 4096:
        return False
    return text.endswith((".yaml", ".yml", ".json")) or Path(text).is_file()
