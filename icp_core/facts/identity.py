"""Mainland resident identity card numbers (居民身份证号码, GB 11643-1999).

An 18-character number: a six-digit division code (province, prefecture, county),
the birth date ``YYYYMMDD``, a three-digit sequence code (odd for men) and an
ISO 7064 MOD 11-2 check character (``0``-``9`` or ``X``).

The check character is computed here by hand rather than with
``stdnum.cn.ric``: importing ``stdnum.cn.ric`` pulls in the whole ``stdnum.cn``
package (about 25 ms and 3 MB), and its ``validate`` loads the county database
(about 150 ms and several MB more) and then rejects real numbers whose county code
was assigned after the holder's birth year. Ten lines of arithmetic avoid both.
Only the first two digits (the province) are interpreted; county codes change too
often for a strict check to be a fact about the person.
"""

from __future__ import annotations

import datetime
import re

import attrs

from icp_core.errors import FactError
from icp_core.privacy import mask_value
from icp_core.provinces import Province

__all__ = ["ResidentIdNumber", "age_on", "id_check_character", "parse_resident_id"]

_EARLIEST_BIRTH = datetime.date(1900, 1, 1)
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
# Weights 2**(17 - i) mod 11 for positions 1..17 (ISO 7064 MOD 11-2).
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"  # indexed by (sum of products) mod 11


@attrs.frozen
class ResidentIdNumber:
    """A well-formed 18-character resident identity card number."""

    number: str  # normalized: no surrounding blanks, check character ``X`` uppercase
    birth_date: datetime.date
    # from the first two digits; None for 71/81/82 and unknown codes
    province: Province | None

    def age_on(self, day: datetime.date) -> int:
        """Completed years of age on ``day`` (see :func:`age_on`)."""
        return age_on(self.birth_date, day)


def id_check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Completed years between ``birth`` and ``day``.

    A person born on 29 February completes a year on 1 March in common years
    (the day after 28 February), as the tuple comparison below gives.
    Raises ``FactError('future_birth_date')`` if ``day`` is before ``birth``.
    """
    if day < birth:
        raise FactError(
            "future_birth_date",
            "the date is before the birth date",
            "日期早于出生日期",
        )
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def parse_resident_id(
    number: str, *, on: datetime.date | None = None
) -> ResidentIdNumber:
    """Parse and check an 18-character resident identity card number.

    Failure codes, checked in this order: ``length``, ``characters``, ``checksum``,
    ``birth_date`` (not a real calendar date, or before 1900-01-01) and, when ``on``
    is given, ``future_birth_date`` (born after ``on``).
    """
    text = number.strip().upper()
    masked = mask_value(text)
    if len(text) != 18:
        raise FactError(
            "length",
            f"a resident ID number has 18 characters, got {len(text)}",
            f"居民身份证号码应为18位，实际为{len(text)}位",
        )
    if not _SHAPE.fullmatch(text):
        raise FactError(
            "characters",
            f"resident ID number {masked} must be 17 digits followed by a digit or X",
            f"居民身份证号码 {masked} 应为17位数字加1位数字或X",
        )
    if id_check_character(text[:17]) != text[17]:
        raise FactError(
            "checksum",
            f"resident ID number {masked} has a wrong check character",
            f"居民身份证号码 {masked} 校验码错误",
        )
    try:
        birth = datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise FactError(
            "birth_date",
            f"resident ID number {masked} does not contain a real birth date",
            f"居民身份证号码 {masked} 中的出生日期不存在",
        ) from None
    if birth < _EARLIEST_BIRTH:
        raise FactError(
            "birth_date",
            f"resident ID number {masked} has a birth date before 1900",
            f"居民身份证号码 {masked} 中的出生日期早于1900年",
        )
    if on is not None and birth > on:
        raise FactError(
            "future_birth_date",
            f"resident ID number {masked} has a birth date after {on.isoformat()}",
            f"居民身份证号码 {masked} 中的出生日期晚于{on.isoformat()}",
        )
    return ResidentIdNumber(
        number=text, birth_date=birth, province=Province.from_code(text[:2])
    )
