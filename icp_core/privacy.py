"""Masking of personal data: ID numbers and phone numbers never leave the engine in clear.

Every face (report, error, log line, exception) passes values through these
functions; rule messages interpolate only masked values.
"""

from __future__ import annotations

import re

# Seven or more digits (with dashes or spaces inside), even glued to letters
# ("x110101199003071234"): an ID or phone number hidden in a word is still one.
_LONG_DIGIT_RUN = re.compile(r"(?<!\d)(\+?\d[\d\- ]{5,}\d[0-9Xx]?)(?!\d)")


def mask_id_number(value: str) -> str:
    """``110101199003071234`` → ``110101********1234``: keep the division and the last four."""
    text = value.strip()
    if len(text) <= 8:
        return "*" * len(text)
    head = 6 if len(text) >= 15 else 2
    return text[:head] + "*" * (len(text) - head - 4) + text[-4:]


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``: at least four digits are always hidden, so a
    short or partial number (``1390009``) is never shown whole."""
    digits = value.strip()
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) >= 6:
        return "*" * (len(digits) - 2) + digits[-2:]
    return "*" * len(digits)


def mask_name(value: str) -> str:
    """Names of individuals: keep the first character, ``张三丰`` → ``张**``."""
    text = value.strip()
    if len(text) <= 1:
        return "*" * len(text)
    return text[0] + "*" * (len(text) - 1)


def redact_text(text: str) -> str:
    """Mask every run of seven or more digits in free text (error messages, logs).

    A last line of defence for text that may quote input: ID numbers and phone
    numbers are long digit runs, and nothing a report needs to show in clear is.
    """
    return _LONG_DIGIT_RUN.sub(lambda m: _mask_run(m.group(1)), text)


def _mask_run(run: str) -> str:
    compact = re.sub(r"[\- ]", "", run)
    if len(compact) >= 15:
        return mask_id_number(compact)
    return mask_phone(compact)
