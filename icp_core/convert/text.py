"""Reading YAML (and JSON, a subset of it) text and files into plain data, safely.

The YAML node graph is walked by our own builder: no object construction, no custom
tags, no merge keys, duplicate keys refused, aliases counted as they expand, and the
position of every value kept for error messages."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from icp_core.convert.limits import DEFAULT_LIMITS, NUMBER_BOUND, Limits
from icp_core.errors import FieldError, InputError
from icp_core.privacy import redact_text
from icp_core.problems import Problem, Said

if TYPE_CHECKING:
    from ruamel.yaml.composer import Composer


# Positions of values in a parsed text, by path, for error messages; the position of a
# mapping's key is under its path + KEY_MARK (for "unknown key", which is about the key).
Positions = dict[str, tuple[int, int]]
KEY_MARK = "#key"


def join_path(path: str, name: str | int) -> str:
    """``path`` extended by a field name or a list index, as errors name places."""
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name




def parse_text(text: str, *, source: str = "<input>", limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Positions]:
    """Parse YAML (or JSON, a subset of it) into plain data and the position of each path."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if len(text) > limits.max_bytes:
        raise InputError([FieldError("", Problem.too_large(limit=limits.max_bytes))], source)
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _depth_limited_composer(limits.max_depth + 1)  # the root is level 1 and depth 0
    try:
        node = yaml.compose(io.StringIO(text))
    except _TooDeep as exc:
        error = FieldError(exc.path, Problem.too_deep(limit=limits.max_depth), exc.line, exc.column)
        raise InputError([error], source) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        problem = redact_text(str(exc.problem or exc.context or "invalid YAML"))
        raise InputError([FieldError("", Problem.not_yaml(detail=problem), line, column)], source) from None
    except YAMLError as exc:
        raise InputError([FieldError("", Problem.not_yaml(detail=redact_text(str(exc))))], source) from None
    if node is None:
        raise InputError([FieldError("", Problem.empty_document())], source)
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
        raise InputError([FieldError("", Problem.cannot_read(reason=exc.strerror))], source) from None
    if len(raw) > limits.max_bytes:
        raise InputError([FieldError("", Problem.file_too_large(limit=limits.max_bytes))], source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([FieldError("", Problem.not_utf8(offset=exc.start))], source) from None
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

    def fail(self, node: Any, path: str, message: Said) -> None:
        mark = node.start_mark
        self.errors.append(FieldError(path, message, mark.line + 1, mark.column + 1))

    def build(self, node: Any, path: str, depth: int) -> Any:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            if self.nodes == self.limits.max_nodes + 1:
                self.fail(node, path, Problem.too_many_values(limit=self.limits.max_nodes))
            return None
        if depth > self.limits.max_depth:
            self.fail(node, path, Problem.too_deep(limit=self.limits.max_depth))
            return None
        mark = node.start_mark
        self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        if isinstance(node, ScalarNode):
            if node.tag not in _STANDARD_SCALAR_TAGS:
                self.fail(node, path, Problem.tag_not_allowed(tag=repr(node.tag)))
                return None
            if len(node.value) > self.limits.max_string:
                self.fail(node, path, Problem.value_too_long(limit=self.limits.max_string))
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
                self.fail(node, path, Problem.tag_not_allowed(tag=repr(node.tag)))
                return None
            most = self.limits.list_limit(path.rsplit(".", 1)[-1])
            if len(node.value) > most:
                self.fail(node, path, Problem.too_many_items(limit=most))
                return None
            return [self.build(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:omap"):
                self.fail(node, path, Problem.tag_not_allowed(tag=repr(node.tag)))
                return None
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, path, Problem.merge_key())
                    continue
                key = str(key_node.value)
                child = f"{path}.{key}" if path else key
                if key in result:
                    self.fail(key_node, child, Problem.duplicate_key())
                    continue
                # Errors about a value point at the value (set by build); "unknown key" at the key.
                self.positions.setdefault(child + KEY_MARK,
                                          (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                result[key] = self.build(value_node, child, depth + 1)
            return result
        self.fail(node, path, Problem.unsupported_node())
        return None


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _scalar_problem(value: object, *, escaped: bool) -> Said | None:
    """What is wrong with a parsed scalar that the parser itself let through, if anything."""
    if type(value) is int:
        return Problem.out_of_range() if not -NUMBER_BOUND < value < NUMBER_BOUND else None
    if type(value) is float:
        return Problem.out_of_range() if not abs(value) < NUMBER_BOUND else None  # also inf and nan
    if escaped and type(value) is str and LONE_SURROGATE.search(value):
        # "\ud800" written as an escape: no UTF-8 output could carry it.
        return Problem.lone_surrogate()
    return None

