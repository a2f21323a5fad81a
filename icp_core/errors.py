"""The project's own exceptions: every failure a caller can meet is one of these.

A console backend catches ``IcpError`` and maps it: ``InputError`` is the caller's
fault (HTTP 4xx, CLI exit 2), ``PluginLoadError`` and ``PolicyError`` are the
platform's (start-up fails loudly). Messages never carry personal data in clear.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from icp_core.privacy import redact_text
from icp_core.problems import Said


class IcpError(Exception):
    """Base class of every error raised on purpose by icp_core."""


@attrs.frozen
class FieldError:
    """One problem with one field of the input, located by its path."""

    # The path is masked by shape when made: it holds the input's own keys (an ID number
    # typed as a key); the problem's texts are masked by Said itself.
    path: str = attrs.field(converter=redact_text)  # "websites[0].domains[2].name"; "" for the document
    problem: Said = attrs.field(validator=attrs.validators.instance_of(Said))  # born bilingual: no plain text
    line: int | None = None  # 1-based, when the input came from a file
    column: int | None = None

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def message(self) -> str:
        """The English text (``text(lang)`` and ``to_data(lang)`` give either language)."""
        return self.problem.en

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """``path (line, column): message`` in English or Simplified Chinese."""
        from icp_core.terminal import printable  # paths echo key names from the input: ESC, BEL, CR …

        zh = lang.startswith("zh")
        where = printable(self.path) or ("（文档）" if zh else "(document)")
        if self.line is not None:
            where += f"（第{self.line}行，第{self.column}列）" if zh else f" (line {self.line}, column {self.column})"
        return f"{where}: {printable(self.problem.get(lang))}"

    def to_data(self, lang: str = "en") -> dict[str, Any]:
        """The error as JSON data, the same for the CLI, batch lines and HTTP bodies."""
        return {"path": self.path, "code": self.problem.code, "message": self.problem.get(lang),
                "line": self.line, "column": self.column}


class InputError(IcpError, ValueError):
    """The filing (or request) cannot be read: every problem found, each with its path."""

    def __init__(self, errors: Sequence[FieldError], source: str | None = None) -> None:
        self.errors = tuple(errors)
        self.source = source
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """Every problem, one per line, in English or Simplified Chinese."""
        head = f"{redact_text(self.source)}: " if self.source else ""
        lines = "\n".join(f"  {e.text(lang)}" for e in self.errors)
        count = f"{len(self.errors)} 处输入错误" if lang.startswith("zh") else f"{len(self.errors)} input error(s)"
        return f"{head}{count}\n{lines}"

    def to_data(self, lang: str = "en") -> dict[str, Any]:
        """The answer to input that cannot be read, as JSON data (every face gives this)."""
        return {"error": "input", "errors": [e.to_data(lang) for e in self.errors]}


class PolicyError(IcpError):
    """A policy file (a plugin's rules or a deployment profile) is invalid."""

    def __init__(self, errors: Sequence[FieldError], source: str) -> None:
        self.errors = tuple(errors)
        self.source = source
        from icp_core.terminal import printable

        lines = "\n".join(f"  {printable(source)}:{e.line or 0}:{e.column or 0}: {printable(e.path)}: "
                          f"{printable(e.message)}" for e in self.errors)
        super().__init__(f"invalid policy {source}\n{lines}")


class PluginLoadError(IcpError):
    """A plugin could not be found, imported or registered; names ``distribution[entry]``."""


class FactError(IcpError, ValueError):
    """A value (ID number, credit code, phone number, domain name) is malformed.

    ``code`` is stable (``checksum``, ``length``, ``birth_date`` …) so that rules and
    tests can tell failures apart; ``en`` and ``zh`` are the messages. Neither message
    contains the value itself unmasked: a parser quotes a personal value through
    ``mask_value``, and both messages are masked by shape here as well, for a value that
    was not expected to be personal (an ID number typed as a domain name).
    """

    def __init__(self, code: str, en: str, zh: str) -> None:
        self.code = code
        self.en = redact_text(en)
        self.zh = redact_text(zh)
        super().__init__(self.en)

    @property
    def said(self) -> Said:
        """The problem, with this checker's code, as an input error reports it."""
        return Said(self.code, self.en, self.zh)
