"""Text for a terminal: input echoed back (a key name, a path, a value) cannot drive it.

An unknown key named ``"\\x1b]0;pwned\\x07"`` or ``"a\\rVerdict: PASS"`` printed raw
would retitle the window, rewrite the line or fake a result. ``printable`` shows every
control character (C0, DEL, C1), bidirectional override and zero-width character, and
lone surrogate as an escape (``\\x1b``, ``\\u202e``). The CLI passes every echoed
value through it; JSON output needs nothing (``json.dumps`` escapes controls).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_UNSAFE_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with each character that could control a terminal written as an escape.

    ``keep_newlines`` keeps ``\\n`` for text the CLI itself laid out in lines; a single
    echoed value should escape it too, so that it cannot start a line of its own."""
    pattern = _UNSAFE_BUT_NEWLINE if keep_newlines else _UNSAFE
    return pattern.sub(_escaped, text)


def printable_json(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the characters it leaves raw
    (DEL, C1, bidirectional overrides, lone surrogates) as ``\\uXXXX``: the same JSON, safe
    to print. Such characters occur only inside strings, where the escape is valid."""
    return _UNSAFE_BUT_NEWLINE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
