"""Masking of personal data: ID numbers and phone numbers never leave the engine in clear.

Values are masked by what they are, two ways:

* by the field they came from: a value of a personal field (an ID number, a
  certificate number that may be one, a mobile or office phone, an e-mail address,
  the certificate numbers of an account or of an original filing) goes through
  :func:`mask_value` wherever a message quotes it, whatever it looks like;
* by shape: any text that may quote input (error messages, log lines, exception
  texts) goes through :func:`redact_text`, which masks what is shaped like a resident
  ID number or a mainland mobile number, also when split by separators
  (``138-1234-5678``, ``138:1234.5678``, ``+86 138 1234 5678``), and leaves harmless
  numbers alone: dates, byte sizes, limits, line and column numbers, rule ids.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["mask_id_number", "mask_name", "mask_phone", "mask_value", "redact_text"]

#: Characters people and attackers put between the digits of one number: blanks, dashes,
#: ``:``, ``.``, ``/``, ``+``, ``_``, commas, parentheses (full-width forms included).
#: ``*`` is not one: it is the mask, and a masked number must not rejoin its neighbours.
_SEPARATOR_CLASS = r"[\s\-‐‑‒–—−:：.．。/／+＋_,，、()（）]"
_SEPARATORS = re.compile(_SEPARATOR_CLASS)
# A number as written: digits with up to three separators between any two, and an
# optional check character ``X`` at the end (resident ID numbers). ``\d`` is any
# Unicode decimal digit, so full-width digits are numbers too. Digits and separators
# are disjoint classes, so the pattern runs in linear time.
_NUMBER_TOKEN = re.compile(rf"\d(?:{_SEPARATOR_CLASS}{{0,3}}\d)*(?:{_SEPARATOR_CLASS}{{0,3}}[Xx])?")
# The shortest personal number looked for is a mobile number: 11 digits.
_SHORTEST = 11

# GB/T 2260 two-digit codes that begin a resident ID number: the provinces, and
# 71/81/82/83 (Taiwan, Hong Kong, Macao, and the residence permits of their residents).
_REGION = "(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])"
_MONTH_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
# Every place a personal number may start, found by one scan at C speed (a lookahead
# matches at each position it holds, without consuming). In order of preference:
# ``id`` 18 characters with a birth date from 1800 to 2099; ``maybe_id`` 18 characters
# with a birth year but no real month or day, an ID only if its check character is
# right; ``old_id`` the first-generation 15 digits with YYMMDD; ``mobile`` 11 digits
# starting 13-19.
_PERSONAL_START = re.compile(
    rf"(?=(?P<id>{_REGION}\d{{4}}(?:18|19|20)\d\d{_MONTH_DAY}\d{{3}}[0-9Xx])"
    rf"|(?P<maybe_id>{_REGION}\d{{4}}(?:18|19|20)\d{{9}}[0-9Xx])"
    rf"|(?P<old_id>{_REGION}\d{{6}}{_MONTH_DAY}\d{{3}})"
    r"|(?P<mobile>1[3-9]\d{9}))",
    re.ASCII,
)
_OLD_ID = re.compile(rf"{_REGION}\d{{6}}{_MONTH_DAY}\d{{3}}", re.ASCII)
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
# ISO 7064 MOD 11-2, as in icp_core.facts.identity (not imported: facts import this module).
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Personal values longer than this are masked as text, not as one number.
_LONGEST_NUMBER = 20
_MAX_STARS = 16


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


def mask_value(value: str) -> str:
    """A value of a personal field, masked whatever its shape, for a message that quotes it.

    A number (an ID number, a phone number, with or without separators) keeps what its
    usual mask keeps (``110101********1234``, ``138****5678``); an e-mail address keeps
    its first character and its domain; any other text keeps its first two and last
    two characters at most, so that a person can tell which value is meant and no
    number in it is readable.
    """
    text = value.strip()
    compact = _SEPARATORS.sub("", text)
    if compact and len(compact) <= _LONGEST_NUMBER and _is_number(compact):
        return mask_id_number(compact) if len(compact) >= 15 else mask_phone(compact)
    local, at, domain = text.rpartition("@")
    if at and local and domain:
        return local[:1] + "***@" + redact_text(domain)
    if len(text) <= 6:
        return "*" * len(text)
    return text[:2] + "*" * min(len(text) - 4, _MAX_STARS) + text[-2:]


def redact_text(text: str) -> str:
    """Mask what is shaped like a resident ID number or a mobile number in free text.

    The public entry point for any text that may quote input (error messages, log
    lines, exception texts). A number counts with separators inside it (see
    ``_SEPARATOR_CLASS``) and glued to letters (``x110101199003071234``). Shapes:
    18 characters with a region code and a real-looking birth date (or a valid check
    character), 15 digits with a region code and a birth date (the old form), and 11
    digits starting ``13``-``19`` (a mobile number, with or without ``+86``/``0086``).
    Numbers of other shapes stay readable: ``2026-12-01``, ``2097152``, ``line 3,
    column 14``, ``京ICP备12345678号-1``.
    """
    if sum(map(str.isdigit, text)) < _SHORTEST:  # most texts: nothing to look at
        return text
    return _NUMBER_TOKEN.sub(_mask_token, text)


def _is_number(compact: str) -> bool:
    """Digits (any script), with an ``X`` check character allowed at the end."""
    body = compact[:-1] if compact[-1] in "Xx" else compact
    return body.isdecimal() and bool(body)


def _mask_token(match: re.Match[str]) -> str:
    token = match.group()
    digits = _SEPARATORS.sub("", token)  # digits (and a trailing X), one for each of the token's
    if len(digits) < _SHORTEST:
        return token
    if not digits.isascii():  # full-width or other digits: read them as 0-9, one for one
        digits = "".join(char if char.isascii() else str(unicodedata.decimal(char)) for char in digits)
    hidden = _personal_spans(digits)
    if not hidden:
        return token
    # Where each digit sits in the token, to cut the masked spans out with their separators.
    places = [i for i, char in enumerate(token) if not _SEPARATORS.match(char)]
    out: list[str] = []
    done = 0  # position in the token up to which the output is written
    for start, end in hidden:
        out.append(token[done:places[start]])
        out.append(_mask_digits(digits[start:end]))
        done = places[end - 1] + 1
    out.append(token[done:])
    return "".join(out)


def _personal_spans(digits: str) -> list[tuple[int, int]]:
    """The merged ``[start, end)`` spans of ``digits`` that are shaped like personal numbers.

    Every start position counts (a number glued to other digits is still found), and
    overlapping finds merge, so that no part of one number is left out of its mask.
    """
    spans: list[tuple[int, int]] = []
    for found in _PERSONAL_START.finditer(digits):
        start = found.start()
        end = _personal_end(found, digits, start)
        if end is None:
            continue
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _personal_end(found: re.Match[str], digits: str, start: int) -> int | None:
    """Where the personal number ``found`` at ``start`` ends; None if it is not one after all."""
    if found.group("id"):
        return start + 18
    maybe_id = found.group("maybe_id")
    if maybe_id and _valid_id_checksum(maybe_id):
        return start + 18
    # The alternatives after the first that held are not tried by the scan: try them here.
    if _OLD_ID.match(digits, start):
        return start + 15
    if _MOBILE.match(digits, start):
        return start + 11
    return None


def _valid_id_checksum(number: str) -> bool:
    """An 18-character number whose ISO 7064 check character is right: an ID whatever its date."""
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _mask_digits(digits: str) -> str:
    return mask_id_number(digits) if len(digits) >= 15 else mask_phone(digits)
