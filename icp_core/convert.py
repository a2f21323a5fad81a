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
import difflib
import enum
import functools
import io
import json
import re
import typing
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from icp_core.errors import FieldError, InputError
from icp_core.privacy import redact_text
from icp_core.provinces import Province
from icp_core.vocabulary import normal_key

if TYPE_CHECKING:
    from ruamel.yaml.composer import Composer

T = TypeVar("T")


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"Limits.{attribute.name} must be at least 1, not {value}")


def _bounded_depth(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    # The YAML composer and our builder recurse once per level: a depth in the
    # thousands would be a RecursionError again, so the setting itself is bounded.
    if not 1 <= value <= MAX_DEPTH_SETTING:
        raise ValueError(f"Limits.max_depth must be between 1 and {MAX_DEPTH_SETTING}, not {value}")


#: The largest ``Limits.max_depth`` a deployment may set.
MAX_DEPTH_SETTING = 200

#: Numbers beyond a signed 64-bit integer (and infinities) are refused: nothing in a
#: filing is that large, and other languages reading our JSON could not hold them.
NUMBER_BOUND = 2**63


@attrs.frozen
class Limits:
    """Bounds on input, so that hostile input fails fast instead of exhausting memory.

    The defaults fit the largest real filings many times over; a platform tunes
    them with ``Limits(...)`` passed to the loaders (``load_filing(..., limits=)``),
    and ``icp check --batch --max-line-bytes``. docs/limits.md lists them all.
    """

    max_bytes: int = attrs.field(default=2 * 1024 * 1024, validator=_positive)  # one file or text
    max_line_bytes: int = attrs.field(default=1024 * 1024, validator=_positive)  # one line of a batch
    max_depth: int = attrs.field(default=24, validator=_bounded_depth)
    max_nodes: int = attrs.field(default=50_000, validator=_positive)  # values, after alias expansion
    max_string: int = attrs.field(default=4096, validator=_positive)  # characters in one value
    max_items: int = attrs.field(default=1000, validator=_positive)  # entries in any one list
    # What one filing may hold, checked before it is structured (a hostile list costs
    # nothing but its parsing). Far above real filings, which have a handful of each.
    max_websites: int = attrs.field(default=100, validator=_positive)
    max_domains_per_website: int = attrs.field(default=100, validator=_positive)
    max_domains: int = attrs.field(default=1000, validator=_positive)  # across the websites of one filing
    max_instances: int = attrs.field(default=200, validator=_positive)
    max_documents: int = attrs.field(default=200, validator=_positive)
    earliest_date: dt.date = dt.date(1900, 1, 1)
    latest_date: dt.date = dt.date(2080, 12, 31)  # domain and licence expiry dates stay well inside

    def list_limit(self, field: str) -> int:
        """The most entries a list named ``field`` may have (``max_items`` for any other list)."""
        return {"websites": self.max_websites, "domains": self.max_domains_per_website,
                "instances": self.max_instances, "documents": self.max_documents}.get(field, self.max_items)


DEFAULT_LIMITS = Limits()

# Positions of values in a parsed text, by path, for error messages; the position of a
# mapping's key is under its path + KEY_MARK (for "unknown key", which is about the key).
Positions = dict[str, tuple[int, int]]
KEY_MARK = "#key"


# --------------------------------------------------------------------------- parsing


def parse_text(text: str, *, source: str = "<input>", limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Positions]:
    """Parse YAML (or JSON, a subset of it) into plain data and the position of each path."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if len(text) > limits.max_bytes:
        raise InputError([FieldError("", f"input is larger than {limits.max_bytes} bytes")], source)
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _depth_limited_composer(limits.max_depth + 1)  # the root is level 1 and depth 0
    try:
        node = yaml.compose(io.StringIO(text))
    except _TooDeep as exc:
        error = FieldError(exc.path, f"nested deeper than {limits.max_depth} levels", exc.line, exc.column)
        raise InputError([error], source) from None
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


class _TooDeep(Exception):
    """Raised by the composer at the first node nested deeper than the limit."""

    def __init__(self, path: str, line: int, column: int) -> None:
        super().__init__(path)
        self.path, self.line, self.column = path, line, column


@functools.cache
def _depth_limited_composer(max_levels: int) -> type[Composer]:
    """ruamel's composer, refusing a node nested too deeply before it descends into it.

    ``compose`` recurses once per level (the scanner and parser do not), so 500
    nested lists in 1 KB were a RecursionError before our builder could count them.
    Defined on first use: ruamel.yaml is imported lazily (start-up time)."""
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.nodes import ScalarNode

    class DepthLimitedComposer(Composer):
        def __init__(self, loader: Any = None) -> None:
            super().__init__(loader)
            self.icp_indices: list[Any] = []  # per open level: the list index or the key node

        def compose_node(self, parent: Any, index: Any) -> Any:
            indices = self.icp_indices
            indices.append(index)
            try:
                if len(indices) > max_levels:
                    mark = self.parser.peek_event().start_mark
                    raise _TooDeep(self._path(), mark.line + 1, mark.column + 1)
                return super().compose_node(parent, index)
            finally:
                indices.pop()

        def _path(self) -> str:
            path = ""
            for index in self.icp_indices:
                if isinstance(index, int):
                    path += f"[{index}]"
                elif isinstance(index, ScalarNode):
                    path = f"{path}.{index.value}" if path else str(index.value)
                # None: the root, or a key being composed (not a field of its own)
            return path

    return DepthLimitedComposer


def read_file(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Positions]:
    """Read a ``.yaml``/``.yml``/``.json`` file into plain data (see ``parse_text``).

    At most ``max_bytes`` are read, counted as they are read: a device or a pipe
    reports a size of 0 (``/dev/zero`` would otherwise be read until memory runs out)."""
    path = Path(path)
    source = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError([FieldError("", f"cannot read file: {exc.strerror}")], source) from None
    if len(raw) > limits.max_bytes:
        raise InputError([FieldError("", f"file is larger than {limits.max_bytes} bytes")], source)
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
                value = self._scalars.construct_object(node, deep=True)
            except Exception:
                # A malformed timestamp (2028-13-08) or number looks like one but is not: keep
                # it as the text it is, so that the field's own check says what is wrong with
                # it, together with every other error of the file (not instead of them).
                value = str(node.value)
            problem = _scalar_problem(value, escaped=node.style == '"')
            if problem:
                self.fail(node, path, problem)
                return None
            return value
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, path, f"tag {node.tag!r} is not allowed")
                return None
            most = self.limits.list_limit(path.rsplit(".", 1)[-1])
            if len(node.value) > most:
                self.fail(node, path, f"more than {most} items")
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
                # Errors about a value point at the value (set by build); "unknown key" at the key.
                self.positions.setdefault(child + KEY_MARK,
                                          (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                result[key] = self.build(value_node, child, depth + 1)
            return result
        self.fail(node, path, "unsupported YAML node")
        return None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _scalar_problem(value: object, *, escaped: bool) -> str | None:
    """What is wrong with a parsed scalar that the parser itself let through, if anything."""
    if type(value) is int:
        return "number out of range" if not -NUMBER_BOUND < value < NUMBER_BOUND else None
    if type(value) is float:
        return "number out of range" if not abs(value) < NUMBER_BOUND else None  # also inf and nan
    if escaped and type(value) is str and _LONE_SURROGATE.search(value):
        # "\ud800" written as an escape: no UTF-8 output could carry it.
        return "not valid Unicode (a lone surrogate)"
    return None


# --------------------------------------------------------------------------- JSON


def parse_json(text: str, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse strict JSON into plain data, refusing what the CLI's YAML reader refuses.

    Safe for any text up to the size limit: nesting is measured by a non-recursive scan
    before ``json.loads`` recurses; duplicate keys, ``NaN``/``Infinity``, numbers out of
    range (``1e999``, an integer of 5,000 digits) and lone surrogates (``"\\ud800"``) are
    input errors naming their path. For batch lines and HTTP bodies."""
    if len(text) > limits.max_bytes:
        raise InputError([FieldError("", f"input is larger than {limits.max_bytes} bytes")], source)
    too_deep = json_nesting_error(text, limits)
    if too_deep:
        raise InputError([too_deep], source)
    flagged: list[bool] = []  # set by the hooks below: only then is the result walked for paths
    try:
        data = json.loads(text, object_pairs_hook=functools.partial(_json_object, flagged),
                          parse_int=functools.partial(_json_int, flagged),
                          parse_float=functools.partial(_json_float, flagged),
                          parse_constant=functools.partial(_json_constant, flagged))
    except json.JSONDecodeError as exc:
        error = FieldError("", f"not valid JSON: {exc.msg}", exc.lineno, exc.colno)
        raise InputError([error], source) from None
    if flagged or _SURROGATE_ESCAPE.search(text):  # a pair is one character once parsed: walk to tell
        errors = _json_problems(data, limits)
        if errors:
            raise InputError(errors, source)
    return data


# Strings (so that brackets inside them are skipped; an unterminated one runs to the end)
# and brackets: enough to measure nesting without recursing.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
_JSON_EMPTY_CLOSE = re.compile(r"[ \t\r\n]*[\]}]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def json_nesting_error(text: str, limits: Limits = DEFAULT_LIMITS) -> FieldError | None:
    """The first place where JSON ``text`` nests deeper than ``limits.max_depth``, if any.

    A non-recursive scan, safe before ``json.loads`` (which recurses once per level) and
    linear in the text. Depth counts as in YAML: the document is at depth 0, and a value
    inside ``max_depth`` open brackets (so an empty innermost container) is still allowed."""
    if text.count("[") + text.count("{") <= limits.max_depth:
        return None  # cannot nest that deep (the common case, checked at C speed)
    depth = 0
    deepest_allowed = limits.max_depth + 1  # open containers, the document's own included
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest_allowed or (depth == deepest_allowed
                                           and not _JSON_EMPTY_CLOSE.match(text, match.end())):
                offset = match.start() if depth > deepest_allowed else match.end()
                line = text.count("\n", 0, offset) + 1
                column = offset - text.rfind("\n", 0, offset)
                return FieldError("", f"nested deeper than {limits.max_depth} levels", line, column)
        elif token in "]}":
            depth -= 1
    return None


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that repeated a key: the first value is kept, the key remembered."""

    duplicates: list[str]


class _BadNumber:
    """A JSON number that is refused, kept in place so that its path can be named."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


def _json_object(flagged: list[bool], pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    flagged.append(True)
    duplicates = _DuplicateKeys()
    duplicates.duplicates = []
    for key, value in pairs:
        if key in duplicates:
            duplicates.duplicates.append(key)
        else:
            duplicates[key] = value
    return duplicates


def _json_int(flagged: list[bool], digits: str) -> int | _BadNumber:
    # Decide by length before converting: int() of 5,000 digits raises (and is slow).
    if len(digits) <= 20:
        value = int(digits)
        if -NUMBER_BOUND < value < NUMBER_BOUND:
            return value
    flagged.append(True)
    return _BadNumber("number out of range")


def _json_float(flagged: list[bool], digits: str) -> float | _BadNumber:
    value = float(digits)
    if abs(value) < NUMBER_BOUND:  # False for inf ("1e999")
        return value
    flagged.append(True)
    return _BadNumber("number out of range")


def _json_constant(flagged: list[bool], name: str) -> _BadNumber:
    flagged.append(True)
    return _BadNumber(f"{name} is not a JSON number")


def _json_problems(data: Any, limits: Limits) -> list[FieldError]:
    """Paths of duplicate keys, refused numbers and lone surrogates (depth is bounded)."""
    errors: list[FieldError] = []
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                errors.append(FieldError(_join(path, key), "duplicate key"))
            for key, child in value.items():
                if _LONE_SURROGATE.search(key):  # shown with "?" in its place: output is UTF-8
                    shown = _join(path, key).encode("utf-8", "replace").decode("utf-8")
                    errors.append(FieldError(shown, "not valid Unicode (a lone surrogate)"))
                else:
                    stack.append((child, _join(path, key)))
        elif isinstance(value, list):
            stack.extend((child, f"{path}[{index}]") for index, child in enumerate(value))
        elif isinstance(value, _BadNumber):
            errors.append(FieldError(path, value.message))
        elif isinstance(value, str) and _LONE_SURROGATE.search(value):
            errors.append(FieldError(path, "not valid Unicode (a lone surrogate)"))
        if len(errors) >= limits.max_items:
            break
    return sorted(errors, key=lambda e: e.path)


# --------------------------------------------------------------------------- structuring


def _not_text(value: object) -> ValueError:
    if type(value) is int or type(value) is float:
        # An ID, certificate or phone number typed without quotes reads as a number (and
        # loses leading zeros or a final X): say how to write it as text.
        return ValueError(f"expected text, got {_kind(value)}: put the value in quotes")
    return ValueError(f"expected text, got {_kind(value)}")


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _not_text(value)
    if is_blank(value):
        raise ValueError("is blank: give a value")
    return value


def _optional_str(value: object, _: type) -> str | None:
    """A value that may be left out: blank text counts as left out, the same for every
    rule and hook (a name of spaces, U+3000 or a zero-width space is no name)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _not_text(value)
    return None if is_blank(value) else value


#: Characters that carry nothing: any Unicode space, and format characters (zero-width
#: space and joiners, BOM, soft hyphen …), which are category Cf.
def is_blank(text: str) -> bool:
    """Whether ``text`` is empty or holds only blanks and invisible format characters."""
    return not text or all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def has_letters(text: str) -> bool:
    """Whether ``text`` contains a letter of any script (a name must)."""
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def _strict_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_kind(value)}")
    return value


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {_kind(value)}")
    if not -NUMBER_BOUND < value < NUMBER_BOUND:  # from a mapping built by any JSON parser
        raise ValueError("number out of range")
    return value


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {_kind(value)}")
    if not abs(value) < NUMBER_BOUND:  # json.loads reads 1e999 as infinity (and NaN fails this too)
        raise ValueError("number out of range")
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
    if not -NUMBER_BOUND < result < NUMBER_BOUND:  # "1e999999" as text is finite, and as absurd
        raise ValueError("number out of range")
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
            pass
        shape = _ISO_DATE_SHAPE.match(value.strip())
        if shape:  # the right shape, but no day of the calendar: say which part is wrong, in words
            # (the value itself is a digit run that the redactor would mask beyond recognition)
            year, month, day = (int(part) for part in shape.groups())
            if not 1 <= month <= 12:
                raise ValueError(f"expected a date as YYYY-MM-DD: there is no month {month}") from None
            raise ValueError(f"expected a date as YYYY-MM-DD: month {month} of {year} has no day {day}") from None
        raise ValueError(f"expected a date as YYYY-MM-DD, got {_shown_value(value)}") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {_kind(value)}")


_ISO_DATE_SHAPE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$")


def _shown_value(value: str) -> str:
    return repr(redact_text(value if len(value) <= 40 else value[:37] + "…"))


def _province(value: object, _: type) -> Province:
    return Province.parse(value)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    allowed = ", ".join(str(member.value) for member in cls)

    def structure(value: object, _: type) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            pass
        # Keys are normalised one way everywhere: case, blanks, full-width forms, hyphens.
        if isinstance(value, str):
            try:
                return cls(normal_key(value))
            except ValueError:
                pass
        # Masked before repr: its escapes (``\t``) would split a number so that no mask finds it.
        shown = repr(redact_text(value)) if isinstance(value, str) and len(value) < 40 else _kind(value)
        near = difflib.get_close_matches(normal_key(value), [str(m.value) for m in cls], n=2, cutoff=0.6) \
            if isinstance(value, str) else []
        hint = f" (did you mean {' or '.join(near)}?)" if near else ""
        raise ValueError(f"{shown} is not one of: {allowed}{hint}")

    return structure


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(type(value), type(value).__name__)


def _is_homogeneous_collection(tp: Any) -> bool:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (list, frozenset, set):
        return len(args) == 1
    return origin is tuple and len(args) == 2 and args[1] is Ellipsis


def _collection_hook(converter: cattrs.Converter, tp: Any) -> Callable[[object, type], Any]:
    """Lists, tuples and sets of the model: only a list is accepted (a text would be read
    as its characters, a mapping as its keys); each item is structured, every item's error
    collected with its index, as cattrs does."""
    origin = typing.get_origin(tp)
    item_type = typing.get_args(tp)[0]
    make: Callable[[list[Any]], Any] = {list: list, tuple: tuple, frozenset: frozenset, set: set}[origin]

    def structure(value: object, _: type) -> Any:
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"expected a list, got {_kind(value)}")
        item_hook = converter.get_structure_hook(item_type)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(item_hook(item, item_type))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []),
                                 IterableValidationNote(f"Structuring {tp!r} @ index {index}", index, item_type)]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return make(items)

    return structure


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook_func(lambda tp: tp == (str | None), _optional_str)
    converter.register_structure_hook_factory(_is_homogeneous_collection,
                                              lambda tp: _collection_hook(converter, tp))
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
    too_much = _bounds_problems(data, limits)
    if too_much:
        raise InputError([locate_error(path, message, positions) for path, message in too_much], source)
    try:
        result = converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
        errors = [locate_error(path, message, positions) for path, message in _flatten(exc, "")]
        raise InputError(sorted(errors, key=lambda e: (e.line or 0, e.path)), source) from None
    except (ValueError, TypeError) as exc:
        raise InputError([locate_error("", redact_text(str(exc)), positions)], source) from None
    problems = list(_validate(result, "", limits))
    if problems:
        raise InputError([locate_error(path, message, positions) for path, message in problems], source)
    return result


def _bounds_problems(data: Mapping[str, Any], limits: Limits) -> list[tuple[str, str]]:
    """Lists longer than their limit, nesting and the count of values, before structuring.

    Structuring builds an object per value, and the engine then works on every one:
    100,000 domains in a 2 MB line took 1.1 GB. This walk only looks at containers
    (no recursion, no path built for a scalar) and stops at the first excess of
    values, so that it stays cheap on every request."""
    problems: list[tuple[str, str]] = []
    values = 1
    domains = 0
    list_limits = {"websites": limits.max_websites, "domains": limits.max_domains_per_website,
                   "instances": limits.max_instances, "documents": limits.max_documents}
    stack: list[tuple[Any, str, str, int]] = [(data, "", "", 0)]  # container, path, field name, depth
    while stack:
        container, path, field, depth = stack.pop()
        is_mapping = type(container) is dict or isinstance(container, Mapping)
        if not is_mapping:
            most = list_limits.get(field, limits.max_items)
            if len(container) > most:
                problems.append((path, f"more than {most} items"))
                continue
            if field == "domains":
                if domains > limits.max_domains:
                    continue  # the total is already refused, at the list that crossed it
                domains += len(container)
                if domains > limits.max_domains:
                    problems.append((path, f"more than {limits.max_domains} domains in one filing"))
                    continue
        values += len(container)
        if values > limits.max_nodes:
            return [("", f"more than {limits.max_nodes} values (aliases count as they expand)")]
        if depth >= limits.max_depth and container:
            problems.append((path, f"nested deeper than {limits.max_depth} levels"))
            continue
        children: list[tuple[Any, str, str, int]] = []
        if is_mapping:
            for key, child in container.items():
                if type(child) not in _SCALARS and isinstance(child, (Mapping, list, tuple)):
                    name = str(key)
                    children.append((child, f"{path}.{name}" if path else name, name, depth + 1))
        else:
            for index, child in enumerate(container):
                if type(child) not in _SCALARS and isinstance(child, (Mapping, list, tuple)):
                    children.append((child, f"{path}[{index}]", f"{field}[]", depth + 1))
        stack.extend(reversed(children))  # so that problems are found in document order
    return problems


# Most values are these: told apart by type, since an ABC check per value would double the walk's cost.
_SCALARS = frozenset({str, int, float, bool, type(None), dt.date, Decimal})


def locate_error(path: str, message: str, positions: Positions | None) -> FieldError:
    if positions:
        if message.startswith("unknown key") and path + KEY_MARK in positions:
            line, column = positions[path + KEY_MARK]
            return FieldError(path, message, line, column)
        probe = path
        while probe not in positions and probe:
            parent = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
            probe = parent if parent != probe else ""  # a top-level key: its parent is the document
        if probe in positions:
            line, column = positions[probe]
            return FieldError(path, message, line, column)
    return FieldError(path, message)


def unknown_key_message(key: str, fields: list[str]) -> str:
    """``unknown key``, with the nearest field names, else every field the mapping accepts."""
    near = difflib.get_close_matches(normal_key(key), fields, n=2, cutoff=0.6)
    if near:
        return f"unknown key: did you mean {' or '.join(near)}?"
    return f"unknown key; accepted here: {', '.join(fields)}" if fields else "unknown key"


def _join(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def _flatten(exc: BaseException, path: str) -> list[tuple[str, str]]:
    """Turn cattrs' nested exception groups into ``(path, message)`` pairs."""
    if isinstance(exc, ForbiddenExtraKeysError):
        fields = [f.name for f in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        return [(_join(path, key), unknown_key_message(key, fields)) for key in sorted(exc.extra_fields)]
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        found: list[tuple[str, str]] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if isinstance(name, str):
                child = _join(path, name)
            elif isinstance(index, (int, str)):  # a list's index, or a mapping's key (a change cell)
                child = _join(path, index)
            else:
                child = path
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
    named = _NAMES.get(kind)
    if named is not None:
        for name in named:
            given = getattr(value, name)
            for index, name_text in enumerate((given,) if isinstance(given, str) else given or ()):
                if not has_letters(name_text):
                    where = f"{path}.{name}" if path else name
                    problems.append((where if isinstance(given, str) else f"{where}[{index}]",
                                     "a name must contain letters"))
        if kind is _FILING:
            problems.extend(_duplicate_domains(value))
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
        most = limits.list_limit(path.rsplit(".", 1)[-1])
        if len(value) > most:
            problems.append((path, f"more than {most} items"))
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


def _name_fields() -> dict[type, tuple[str, ...]]:
    from icp_core import model

    return {model.Subject: ("name",), model.Person: ("name",), model.Website: ("name",),
            model.Domain: ("holder_name",), model.ChangeRequest: ("new_name",),
            model.OriginalFiling: ("subject_name", "subject_administrator_name", "website_administrator_names"),
            model.Filing: ()}


#: Fields that hold the name of a person, organisation or website (they must contain letters).
_NAMES: Mapping[type, tuple[str, ...]] = MappingProxyType(_name_fields())
_FILING = next(cls for cls in _NAMES if cls.__name__ == "Filing")


def _duplicate_domains(filing: Any) -> list[tuple[str, str]]:
    """The same domain twice in one filing (in any case, with a trailing dot, or once as
    Unicode and once as its A-label) is an input error at its second place."""
    seen: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for w, website in enumerate(filing.websites):
        for d, domain in enumerate(website.domains):
            key = unicodedata.normalize("NFKC", domain.name).strip().rstrip(".").casefold()
            if not key.isascii():
                try:
                    key = key.encode("idna").decode("ascii")
                except UnicodeError:
                    pass  # not a domain name: the national rules say so
            path = f"websites[{w}].domains[{d}].name"
            if key in seen:
                problems.append((path, f"the same domain as {seen[key]}: list each domain once"))
            else:
                seen[key] = path
    return problems


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
