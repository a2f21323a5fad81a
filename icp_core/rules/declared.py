"""Rules declared in a policy but not checked by a kind: notes and Python-checked rules."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Literal

import attrs

from icp_core.report import (
    Note,
    RemedyAction,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Rule,
    TextSpec,
    rule_kind,
    text_problems,
)
from icp_core.templating import fill_text

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
#: Longest text a ``str`` parameter may hold.
MAX_TEXT_PARAM = 200


@rule_kind("informational")
@attrs.frozen(kw_only=True)
class InformationalRule(Rule):
    """A requirement that cannot be checked from filing facts; ``reason`` says why. It
    appears as a note in the answers to ``about`` (check, change or transfer) and never
    affects a verdict or decision."""

    reason: TextSpec
    message: TextSpec
    about: Literal["check", "change", "transfer"] = "check"
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset()  # a note, never a finding

    def problems(self) -> list[tuple[str, str]]:
        return super().problems() + text_problems("reason", self.reason, frozenset())

    def compile(self, ctx: CompileContext) -> Compiled:
        message, reason = fill_text(self.message.text(), {}), fill_text(self.reason.text(), {})  # {{ → {
        note = Note(self.id, message, reason, self.citation, ctx.plugin, self.about)
        return self.base(ctx, message, note=note, gate=self.gate())


@attrs.frozen
class ParamSpec:
    """A Python rule's parameter as its policy declares it: type, default and range.

    ``params: {days: 3}`` declares an ``int`` of at least 0 (the type of the default;
    a ``number`` for a decimal default, likewise at least 0; ``bool`` and ``str`` as
    they are); ``params: {days: {default: 3, type: int, min: 0, max: 30}}`` says it in
    full. A profile's override must be of the type and in the range."""

    type: Literal["int", "number", "bool", "str"]
    default: Any
    min: float | None = None
    max: float | None = None

    def problem(self, value: object) -> str | None:
        """Why ``value`` cannot be this parameter; ``None`` if it can."""
        if self.type == "int":
            fits = type(value) is int
        elif self.type == "number":
            fits = type(value) in (int, float) and math.isfinite(value)  # type: ignore[arg-type]
        elif self.type == "bool":
            fits = type(value) is bool
        else:
            fits = type(value) is str and len(value) <= MAX_TEXT_PARAM
        if fits and self.type in ("int", "number"):
            number: float = value  # type: ignore[assignment]
            fits = (self.min is None or number >= self.min) and (self.max is None or number <= self.max)
        return None if fits else f"expected {self.describe()}"

    def describe(self) -> str:
        if self.type == "bool":
            return "true or false"
        if self.type == "str":
            return f"text of at most {MAX_TEXT_PARAM} characters"
        noun = "a whole number" if self.type == "int" else "a number"
        low, high = (_shown_number(n) for n in (self.min, self.max))
        if self.min is not None and self.max is not None:
            return f"{noun} from {low} to {high}"
        if self.min is not None:
            return f"{noun} of at least {low}"
        if self.max is not None:
            return f"{noun} of at most {high}"
        return noun


def _shown_number(value: float | None) -> str:
    return str(int(value)) if value is not None and float(value).is_integer() else str(value)


def param_spec(declared: object) -> ParamSpec:
    """The spec of a parameter as written in ``params:``; ``ValueError`` says what is wrong."""
    if isinstance(declared, Mapping):
        unknown = sorted(str(k) for k in declared if k not in ("default", "type", "min", "max"))
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r}: a parameter declares default, type, min and max")
        if "default" not in declared:
            raise ValueError("give the parameter's default")
        default = declared["default"]
        kind = declared.get("type", _inferred_type(default))
        if kind not in ("int", "number", "bool", "str"):
            raise ValueError("type is one of: int, number, bool, str")
        low, high = declared.get("min"), declared.get("max")
        for bound in (low, high):
            if bound is not None and (type(bound) not in (int, float) or not math.isfinite(bound)):
                raise ValueError("min and max are numbers")
        if (low is not None or high is not None) and kind not in ("int", "number"):
            raise ValueError("min and max apply to int and number parameters only")
        if low is not None and high is not None and low > high:
            raise ValueError("min is greater than max")
        spec = ParamSpec(kind, default, low, high)
    else:
        kind = _inferred_type(declared)
        if kind is None:
            raise ValueError("a parameter's default is a whole number, a number, true/false or text; "
                             "declare others as {default: …, type: …}")
        spec = ParamSpec(kind, declared, 0 if kind in ("int", "number") else None)
    problem = spec.problem(spec.default)
    if problem is not None:
        raise ValueError(f"the default does not fit the declaration: {problem}")
    return spec


def _inferred_type(default: object) -> Literal["int", "number", "bool", "str"] | None:
    kind = type(default)
    return {bool: "bool", int: "int", float: "number", str: "str"}.get(kind)  # type: ignore[return-value]


@rule_kind("python")
@attrs.frozen(kw_only=True)
class PythonRule(Rule):
    """A rule checked by the plugin's own hook implementation; declared here so that it
    has an id, a citation and both messages like every other rule. ``params`` are the
    values its hook reads with ``facts.params(rule_id)``; a profile can override them
    within their declared type and range (see ``ParamSpec``). The message may use each
    parameter and the ``placeholders`` the hook passes to ``rules.violation``."""

    message: TextSpec
    params: dict[str, Any] = attrs.Factory(dict)
    placeholders: tuple[str, ...] = ()
    #: The hook's own remedy (``rules.violation(..., remedy=...)``), of any action; else ``review``.
    remedy_actions: ClassVar[frozenset[RemedyAction]] = frozenset(RemedyAction)

    def declared_placeholders(self) -> frozenset[str]:
        return frozenset(self.params) | frozenset(self.placeholders)

    def param_specs(self) -> dict[str, ParamSpec]:
        """Each parameter's spec; ``ValueError`` for one declared wrongly (see ``problems``)."""
        return {name: param_spec(declared) for name, declared in self.params.items()}

    def problems(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for name, declared in self.params.items():
            if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
                found.append((f"params.{name}", "parameter names are lowercase identifiers"))
                continue
            try:
                param_spec(declared)
            except ValueError as exc:
                found.append((f"params.{name}", str(exc)))
        for index, name in enumerate(self.placeholders):
            if not _IDENTIFIER.fullmatch(name):
                found.append((f"placeholders[{index}]", "placeholder names are lowercase identifiers"))
        return found + super().problems()

    def compile(self, ctx: CompileContext) -> Compiled:
        defaults = {name: spec.default for name, spec in self.param_specs().items()}
        return self.base(ctx, self.message.text(), params=MappingProxyType(defaults))
