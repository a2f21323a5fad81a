"""The two formats a POST body may come in: JSON (the default, whatever the Content-Type)
and YAML (``Content-Type: application/yaml`` or ``text/yaml``), read by the project's one
safe YAML reader so that every error carries the line and column it is about."""

from __future__ import annotations

from typing import Any

from icp_core.convert import Positions, locate_error, parse_text
from icp_core.errors import FieldError, InputError
from icp_core.problems import Problem, Said
from icp_core.report import Text
from icp_core.server.bodies import _BODY_LIMITS, _MALFORMED, _json_object, _Problem, body_text
from icp_core.server.settings import YAML_MEDIA_TYPES

#: Problems of a YAML body that make it unreadable as a whole (400), like malformed JSON.
_MALFORMED_YAML = _MALFORMED | {"not_yaml", "empty_document"}


def is_yaml(content_type: str | None) -> bool:
    """Whether the ``Content-Type`` header names YAML (parameters such as ``charset`` aside)."""
    if not content_type:
        return False
    return content_type.split(";", 1)[0].strip().lower() in YAML_MEDIA_TYPES


class Body:
    """A request body read as an object, with the positions of its values (YAML only:
    JSON errors are located by their path, so JSON answers stay as they were)."""

    __slots__ = ("data", "positions")

    def __init__(self, data: dict[str, Any], positions: Positions | None) -> None:
        self.data = data
        self.positions = positions

    def items(self, path: str) -> dict[int, Positions]:
        """The positions inside each item of the list at ``path``, keyed relative to the item,
        in one pass (a batch's items would otherwise each scan every position)."""
        found: dict[int, Positions] = {}
        opening = path + "["
        for key, place in (self.positions or {}).items():
            if not key.startswith(opening):
                continue
            index, _, rest = key[len(opening):].partition("]")
            if index.isdigit() and rest[:1] in ("", ".", "[", "#"):
                found.setdefault(int(index), {})[rest.removeprefix(".")] = place
        return found

    def error(self, path: str, problem: Said) -> FieldError:
        """An error at ``path``, with its line and column when the body is YAML."""
        return locate_error(path, problem, self.positions)


def read_object(raw: bytes, yaml: bool) -> Body:
    """The body as an object: strict JSON, or YAML when ``yaml``."""
    if not yaml:
        return Body(_json_object(raw), None)
    text = body_text(raw)
    try:
        data, positions = parse_text(text, limits=_BODY_LIMITS)
    except InputError as exc:
        first = exc.errors[0]
        if first.code not in _MALFORMED_YAML:
            raise InputError(exc.errors) from None  # values the model refuses, each at its line
        extra: dict[str, Any] = {"code": first.code, "line": first.line, "column": first.column}
        if first.path:
            extra["path"] = first.path
        raise _Problem(400, "malformed", Text(first.problem.en, first.problem.zh), **extra) from None
    if not isinstance(data, dict):
        said = Problem.not_an_object()
        line, column = positions.get("", (None, None))
        raise _Problem(400, "malformed", Text(said.en, said.zh), code=said.code, line=line, column=column)
    return Body(data, positions)

