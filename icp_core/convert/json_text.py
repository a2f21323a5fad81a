"""Strict JSON for batch lines and HTTP bodies: safe for any text up to the size limit."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from icp_core.convert.limits import DEFAULT_LIMITS, NUMBER_BOUND, Limits
from icp_core.convert.text import LONE_SURROGATE, join_path
from icp_core.errors import FieldError, InputError
from icp_core.problems import Problem, Said


def parse_json(text: str, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse strict JSON into plain data, refusing what the CLI's YAML reader refuses.

    Safe for any text up to the size limit: nesting is measured by a non-recursive scan
    before ``json.loads`` recurses; duplicate keys, ``NaN``/``Infinity``, numbers out of
    range (``1e999``, an integer of 5,000 digits) and lone surrogates (``"\\ud800"``) are
    input errors naming their path. For batch lines and HTTP bodies."""
    if len(text) > limits.max_bytes:
        raise InputError([FieldError("", Problem.too_large(limit=limits.max_bytes))], source)
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
        error = FieldError("", Problem.not_json(detail=exc.msg), exc.lineno, exc.colno)
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
                return FieldError("", Problem.too_deep(limit=limits.max_depth), line, column)
        elif token in "]}":
            depth -= 1
    return None


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that repeated a key: the first value is kept, the key remembered."""

    duplicates: list[str]


class _BadNumber:
    """A JSON number that is refused, kept in place so that its path can be named."""

    __slots__ = ("message",)

    def __init__(self, message: Said) -> None:
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
    return _BadNumber(Problem.out_of_range())


def _json_float(flagged: list[bool], digits: str) -> float | _BadNumber:
    value = float(digits)
    if abs(value) < NUMBER_BOUND:  # False for inf ("1e999")
        return value
    flagged.append(True)
    return _BadNumber(Problem.out_of_range())


def _json_constant(flagged: list[bool], name: str) -> _BadNumber:
    flagged.append(True)
    return _BadNumber(Problem.not_json_number(name=name))


def _json_problems(data: Any, limits: Limits) -> list[FieldError]:
    """Paths of duplicate keys, refused numbers and lone surrogates (depth is bounded)."""
    errors: list[FieldError] = []
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                errors.append(FieldError(join_path(path, key), Problem.duplicate_key()))
            for key, child in value.items():
                if LONE_SURROGATE.search(key):  # shown as its escape (\\ud800): output is UTF-8
                    shown = join_path(path, key).encode("utf-8", "backslashreplace").decode("utf-8")
                    errors.append(FieldError(shown, Problem.lone_surrogate()))
                else:
                    stack.append((child, join_path(path, key)))
        elif isinstance(value, list):
            stack.extend((child, f"{path}[{index}]") for index, child in enumerate(value))
        elif isinstance(value, _BadNumber):
            errors.append(FieldError(path, value.message))
        elif isinstance(value, str) and LONE_SURROGATE.search(value):
            errors.append(FieldError(path, Problem.lone_surrogate()))
        if len(errors) >= limits.max_items:
            break
    return sorted(errors, key=lambda e: e.path)
