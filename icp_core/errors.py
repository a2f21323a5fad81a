"""The project's own exceptions: every failure a caller can meet is one of these.

A console backend catches ``IcpError`` and maps it: ``InputError`` is the caller's
fault (HTTP 4xx, CLI exit 2), ``PluginLoadError`` and ``PolicyError`` are the
platform's (start-up fails loudly). Messages never carry personal data in clear.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs


class IcpError(Exception):
    """Base class of every error raised on purpose by icp_core."""


@attrs.frozen
class FieldError:
    """One problem with one field of the input, located by its path."""

    path: str  # "websites[0].domains[2].name"; "" for the document itself
    message: str
    line: int | None = None  # 1-based, when the input came from a file
    column: int | None = None

    def __str__(self) -> str:
        where = self.path or "(document)"
        if self.line is not None:
            where = f"{where} (line {self.line}, column {self.column})"
        return f"{where}: {self.message}"


class InputError(IcpError, ValueError):
    """The filing (or request) cannot be read: every problem found, each with its path."""

    def __init__(self, errors: Sequence[FieldError], source: str | None = None) -> None:
        self.errors = tuple(errors)
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n".join(f"  {e}" for e in self.errors)
        super().__init__(f"{head}{len(self.errors)} input error(s)\n{lines}")


class PolicyError(IcpError):
    """A policy file (a plugin's rules or a deployment profile) is invalid."""

    def __init__(self, errors: Sequence[FieldError], source: str) -> None:
        self.errors = tuple(errors)
        self.source = source
        lines = "\n".join(f"  {source}:{e.line or 0}:{e.column or 0}: {e.path}: {e.message}" for e in self.errors)
        super().__init__(f"invalid policy {source}\n{lines}")


class PluginLoadError(IcpError):
    """A plugin could not be found, imported or registered; names ``distribution[entry]``."""


class FactError(IcpError, ValueError):
    """A value (ID number, credit code, phone number, domain name) is malformed.

    ``code`` is stable (``checksum``, ``length``, ``birth_date`` …) so that rules and
    tests can tell failures apart; ``en`` and ``zh`` are the messages. Neither message
    contains the value itself unmasked.
    """

    def __init__(self, code: str, en: str, zh: str) -> None:
        self.code = code
        self.en = en
        self.zh = zh
        super().__init__(en)
