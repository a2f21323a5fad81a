"""Message templates in policies: plain ``{name}`` placeholders, filled without ``str.format``.

A policy's messages are written by whoever publishes a plugin, so they are treated as
data, not code: ``str.format`` would follow attribute chains and index look-ups
(``{holders.__class__}``), raise on a name it does not know (``{holders.nope}``), and
honour format specs that allocate (``{x:>300000000}``). Here a template may use only
plain placeholders, ``{name}``, out of the names its rule kind declares (see
``Rule.declared_placeholders``); ``{{`` and ``}}`` are literal braces. The policy loader
reports any other brace with the rule and field (``template_problem``), and messages are
filled by ``substitute``, which evaluates nothing and never raises.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from icp_core.report import Text

# One token each: an escaped brace, a placeholder (whatever is between braces), a lone brace.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def template_problem(template: str, allowed: Collection[str]) -> str | None:
    """Why ``template`` is not a valid message for a rule providing ``allowed``; ``None`` if it is."""
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        inner = match.group(1)
        if inner is None:
            return f"a lone {token!r} at character {match.start() + 1}: write {token}{token} for a literal brace"
        if not _NAME.fullmatch(inner):
            return (f"{_shown(token)} is not a plain placeholder: only {{name}} is allowed (no attributes, "
                    f"indexes, conversions or format specs)")
        if inner not in allowed:
            names = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
            return f"unknown placeholder {_shown(token)}; this rule provides: {names}"
    return None


def substitute(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with each ``{name}`` given in ``values`` replaced by ``str(value)``.

    A placeholder without a value, and anything that is not a plain placeholder, is
    left as written: filling a message can never fail or evaluate anything."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        inner = match.group(1)
        if inner is not None and inner in values:
            return str(values[inner])
        return token

    return _TOKEN.sub(replace, template) if "{" in template or "}" in template else template


def fill_text(template: Text, values: Mapping[str, Any]) -> Text:
    """Fill both languages; a ``Text`` value gives its English to the English message and
    its Chinese to the Chinese one."""
    en = {k: (v.en if isinstance(v, Text) else v) for k, v in values.items()}
    zh = {k: (v.zh if isinstance(v, Text) else v) for k, v in values.items()}
    return Text(substitute(template.en, en), substitute(template.zh, zh))


def _shown(token: str) -> str:
    return token if len(token) <= 60 else token[:57] + "…}"
