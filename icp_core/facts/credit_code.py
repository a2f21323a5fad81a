"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

Layout of the 18 characters (1-based positions):

====  ===================================================================
1     registration department (登记管理部门), e.g. ``9`` industry and commerce
2     organization type (机构类别), e.g. ``1`` enterprise
3-8   division code of the registering authority (登记管理机关行政区划码)
9-17  organization code (主体标识码, GB 11714), its own check character at 17
18    check character over 1-17 (weights 3**i mod 31, modulus 31)
====  ===================================================================

The alphabet is the digits and the uppercase letters without I, O, Z, S, V.
``stdnum.cn.uscc`` checks character 18 only; the organization code's check
character (position 17) is checked here as well, and both by hand, so that the
module imports nothing but the standard library.
"""

from __future__ import annotations

import attrs

from icp_core.errors import FactError
from icp_core.privacy import mask_value
from icp_core.provinces import Province

__all__ = [
    "CreditCode",
    "credit_code_check_character",
    "organization_code_check_character",
    "parse_credit_code",
]

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters; value = index
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
# 3**i mod 31 for i = 0..16
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # fmt: skip
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714


@attrs.frozen
class CreditCode:
    """A well-formed unified social credit code and its parts."""

    number: str  # normalized: uppercase, no surrounding blanks
    registration_department: str  # character 1
    organization_type: str  # character 2
    division_code: str  # characters 3-8
    # from characters 3-4; None for 71/81/82 and unknown codes
    province: Province | None
    # characters 9-17: the GB 11714 code with its check character
    organization_code: str


def credit_code_check_character(first17: str) -> str:
    """The GB 32100 check character (position 18) of the first 17 characters."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _ALPHABET[(31 - total % 31) % 31]


def organization_code_check_character(first8: str) -> str:
    """The GB 11714 check character of an organization code's first 8 characters.

    Digits count 0-9 and letters A-Z count 10-35.
    """
    total = sum(int(c, 36) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def parse_credit_code(code: str) -> CreditCode:
    """Parse and check a unified social credit code.

    Failure codes, checked in this order: ``length``, ``characters``, ``checksum``
    (position 18), ``organization_code_checksum`` (position 17).
    """
    text = code.strip().upper()
    # The number is quoted masked: the field may hold a resident ID number instead of a
    # credit code (an individual, or a mistake), and nothing here can tell which.
    shown = mask_value(text)
    if len(text) != 18:
        raise FactError(
            "length",
            f"a unified social credit code has 18 characters, got {len(text)}",
            f"统一社会信用代码应为18位，实际为{len(text)}位",
        )
    bad = sorted({c for c in text if c not in _VALUE})
    if bad:
        listed = ", ".join(repr(c) for c in bad)
        raise FactError(
            "characters",
            f"unified social credit code {shown} contains characters outside its alphabet"
            f" (digits and uppercase letters except I, O, Z, S, V): {listed}",
            f"统一社会信用代码 {shown} 含有不允许的字符（仅限数字和除I、O、Z、S、V外的大写字母）：{listed}",
        )
    if credit_code_check_character(text[:17]) != text[17]:
        raise FactError(
            "checksum",
            f"unified social credit code {shown} has a wrong check character (position 18)",
            f"统一社会信用代码 {shown} 校验码（第18位）错误",
        )
    if organization_code_check_character(text[8:16]) != text[16]:
        raise FactError(
            "organization_code_checksum",
            f"unified social credit code {shown} has a wrong organization code check character (position 17)",
            f"统一社会信用代码 {shown} 中组织机构代码的校验码（第17位）错误",
        )
    return CreditCode(
        number=text,
        registration_department=text[0],
        organization_type=text[1],
        division_code=text[2:8],
        province=Province.from_code(text[2:4]),
        organization_code=text[8:17],
    )
