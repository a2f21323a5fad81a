"""Reading input: everything that enters the engine passes through here.

A file or text is parsed into plain data (:mod:`.text` for YAML, :mod:`.json_text` for
the strict JSON of batch lines and HTTP bodies), bounded (:mod:`.limits`,
:mod:`.checks`), then structured by the one strict converter (:mod:`.structuring`).
All problems are collected and raised together as one ``InputError``, each with its
path, its line and column for text, and its problem said in English and Chinese
(:mod:`icp_core.problems`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from icp_core.convert.checks import has_letters, is_blank
from icp_core.convert.json_text import json_nesting_error, parse_json
from icp_core.convert.limits import DEFAULT_LIMITS, MAX_DEPTH_SETTING, NUMBER_BOUND, Limits
from icp_core.convert.structuring import converter, flatten, locate_error, structure
from icp_core.convert.text import KEY_MARK, Positions, parse_text, read_file

__all__ = ["DEFAULT_LIMITS", "KEY_MARK", "MAX_DEPTH_SETTING", "NUMBER_BOUND", "Limits", "Positions", "converter",
           "flatten", "has_letters", "is_blank", "json_nesting_error", "load", "locate_error", "looks_like_path",
           "parse_json", "parse_text", "read_file", "structure"]

T = TypeVar("T")


def load(source: str | Path | Mapping[str, Any], cls: type[T], *, limits: Limits = DEFAULT_LIMITS,
         positions: Positions | None = None) -> T:
    """Load ``cls`` from a file path, a mapping (already parsed JSON), or YAML/JSON text.

    ``positions`` (a mapping's only) are those ``parse_text`` gave for it: errors then carry line:column."""
    if isinstance(source, Mapping):
        return structure(source, cls, positions=positions, limits=limits)
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
