"""The bundled examples (the repository's ``examples/``), listed and read for the playground.

They are found at one place, ``icp_core/server/playground/examples``: in the workspace a
symbolic link to the repository's ``examples/``, in a wheel the files themselves (the wheel
build follows the link). Only names in that folder's listing are ever read, so a name
cannot reach another file."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import attrs

EXAMPLES_FOLDER = Path(__file__).resolve().parent / "playground" / "examples"
#: What an example's file name may be: no separator, no dot but the extension's.
EXAMPLE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,80}\.(?:yaml|json)")
#: A transfer request's top-level key (the other examples are filings).
_TRANSFER_KEY = re.compile(r'^(?:original|\s*"original")\s*:', re.MULTILINE)
_TITLE_LENGTH = 160


@attrs.frozen
class Example:
    """One bundled example: its file name, format, what it is and the first sentence of its comment."""

    name: str
    format: str  # yaml or json
    kind: str  # filing or transfer (the original filing a transfer request names)
    title: str


@functools.cache
def bundled_examples() -> dict[str, Example]:
    """Every bundled example by name, in name order; empty if the folder is missing."""
    if not EXAMPLES_FOLDER.is_dir():
        return {}
    found: dict[str, Example] = {}
    for path in sorted(EXAMPLES_FOLDER.iterdir()):
        if not (EXAMPLE_NAME.fullmatch(path.name) and path.is_file()):
            continue
        text = path.read_text(encoding="utf-8")
        kind = "transfer" if _TRANSFER_KEY.search(text) else "filing"
        found[path.name] = Example(path.name, path.suffix[1:], kind, _title(text))
    return found


def example_text(name: str) -> str | None:
    """The text of the bundled example ``name``, or None when there is no such example."""
    if name not in bundled_examples():
        return None
    return (EXAMPLES_FOLDER / name).read_text(encoding="utf-8")


def _title(text: str) -> str:
    """The first sentence of the leading comment (``# …`` lines), if any."""
    words: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        words.append(line.lstrip("#").strip())
    comment = " ".join(word for word in words if word)
    sentence = re.split(r"(?<=[.:;])\s", comment, maxsplit=1)[0].rstrip(".:;")
    return sentence if len(sentence) <= _TITLE_LENGTH else sentence[:_TITLE_LENGTH - 1] + "…"
