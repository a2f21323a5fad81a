"""A distribution's name and version, read from its metadata file without the email parser.

``importlib.metadata``'s ``Distribution.name`` and ``.version`` each parse the whole
``METADATA`` file with :mod:`email` on every access; finding the plugins reads both for
every installed plugin (50 here), which was a measurable part of ``icp check``'s
start-up. The two headers are read here from the top of the file; anything unusual (a
folded header, a missing one, no file) goes to ``importlib.metadata`` itself, so the
result is always what it would say.
"""

from __future__ import annotations

from importlib import metadata


def name_and_version(dist: metadata.Distribution) -> tuple[str, str]:
    """``(dist.name, dist.version)``, as ``importlib.metadata`` gives them."""
    try:
        text = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
    except (OSError, UnicodeError):
        text = None
    found = _headers(text) if text else None
    if found is None:
        return dist.name, dist.version
    return found


def _headers(text: str) -> tuple[str, str] | None:
    """The first ``Name`` and ``Version`` of the header block, or ``None`` if either is
    missing or folded over several lines (then the email parser decides)."""
    name = version = None
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not line.strip():
            break  # the end of the headers
        key, colon, value = line.partition(":")
        if not colon or key[:1].isspace():
            return None  # a continuation or an odd line: let the email parser read it
        following = lines[index + 1] if index + 1 < len(lines) else ""
        lowered = key.lower()  # as the email parser compares names: not stripped
        if lowered in ("name", "version") and following[:1] in (" ", "\t"):
            return None
        if lowered == "name" and name is None:
            name = value.lstrip(" \t")
        elif lowered == "version" and version is None:
            version = value.lstrip(" \t")
        if name is not None and version is not None:
            return name, version
    return None
