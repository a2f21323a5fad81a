"""Rules declared in a policy but not checked by a kind: notes and Python-checked rules."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Literal

import attrs

from icp_core.report import (
    Note,
)
from icp_core.rules.base import (
    CompileContext,
    Compiled,
    Rule,
    TextSpec,
)


@attrs.frozen(kw_only=True)
class InformationalRule(Rule):
    """A requirement that cannot be checked from filing facts; ``reason`` says why. It
    appears as a note in the answers to ``about`` (check, change or transfer) and never
    affects a verdict or decision."""

    reason: TextSpec
    message: TextSpec
    about: Literal["check", "change", "transfer"] = "check"

    def compile(self, ctx: CompileContext) -> Compiled:
        note = Note(self.id, self.message.text(), self.reason.text(), self.citation, ctx.plugin, self.about)
        return self.base(ctx, self.message.text(), note=note, gate=self.gate())


@attrs.frozen(kw_only=True)
class PythonRule(Rule):
    """A rule checked by the plugin's own hook implementation; declared here so that it
    has an id, a citation and both messages like every other rule. ``params`` are the
    values its hook reads with ``facts.params(rule_id)``; a profile can override them."""

    message: TextSpec
    params: dict[str, Any] = attrs.Factory(dict)

    def compile(self, ctx: CompileContext) -> Compiled:
        return self.base(ctx, self.message.text(), params=MappingProxyType(dict(self.params)))
