"""Unified social credit codes: alphabet, both check characters, parts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp_core.errors import FactError
from icp_core.facts.credit_code import (
    CreditCode,
    credit_code_check_character,
    organization_code_check_character,
    parse_credit_code,
)
from icp_core.provinces import Province

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_check(first8: str) -> str:
    """GB 11714 check character, computed independently of the module."""
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in first8]
    total = sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=False))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def uscc_check(first17: str) -> str:
    """GB 32100 check character, computed independently of the module."""
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return ALPHABET[-total % 31]


def make(head: str = "91", division: str = "440300", org8: str = "MA5F1234") -> str:
    body = head + division + org8 + org_check(org8)
    return body + uscc_check(body)


def error_code(code: str) -> str:
    with pytest.raises(FactError) as info:
        parse_credit_code(code)
    return info.value.code


@pytest.mark.parametrize(
    ("code", "province", "org"),
    [
        # real, published codes of two large companies
        ("91440300708461136T", Province.guangdong, "708461136"),
        ("91330100799655058B", Province.zhejiang, "799655058"),
    ],
)
def test_real_codes(code: str, province: Province, org: str) -> None:
    parsed = parse_credit_code(code)
    assert parsed.province is province
    assert parsed.organization_code == org


def test_generated_code_parts() -> None:
    code = make("52", "110108", "MJ0A1B2C")
    assert parse_credit_code(" " + code.lower() + " ") == CreditCode(
        number=code,
        registration_department="5",
        organization_type="2",
        division_code="110108",
        province=Province.beijing,
        organization_code=code[8:17],
    )


def test_hong_kong_division_has_no_province() -> None:
    assert parse_credit_code(make(division="810000")).province is None


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_check_character_matches_independent_formula(body: str) -> None:
    assert credit_code_check_character(body) == uscc_check(body)


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_check_character_matches_stdnum(body: str) -> None:
    uscc = pytest.importorskip("stdnum.cn.uscc")
    assert credit_code_check_character(body) == uscc.calc_check_digit(body)


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
def test_org_check_character_matches_independent_formula(first8: str) -> None:
    assert organization_code_check_character(first8) == org_check(first8)


def test_org_check_character_x_and_0() -> None:
    # 11 - sum % 11 == 10 -> "X"; == 11 -> "0"
    for first8, expected in (("00000006", "X"), ("00000000", "0"), ("00000001", "9")):
        assert organization_code_check_character(first8) == expected
        parse_credit_code(make(org8=first8))


@pytest.mark.parametrize(
    "code", ["", "91440300708461136", "91440300708461136TT", "9144030070846113"]
)
def test_length(code: str) -> None:
    assert error_code(code) == "length"


@pytest.mark.parametrize("bad", ["I", "O", "Z", "S", "V", "-", "＊"])
def test_characters(bad: str) -> None:
    code = make()
    assert error_code(code[:10] + bad + code[11:]) == "characters"


def test_wrong_final_check_character() -> None:
    code = make()
    for char in ALPHABET:
        if char != code[-1]:
            assert error_code(code[:-1] + char) == "checksum"


def test_typo_is_caught_by_final_check() -> None:
    code = "91440300708461136T"
    assert error_code(code[:3] + "5" + code[4:]) == "checksum"


def test_wrong_organization_code_check_character() -> None:
    body = "91440300" + "MA5F1234"
    good = org_check("MA5F1234")
    for char in "0123456789X":
        if char != good:
            code = body + char
            code += uscc_check(code)  # position 18 is right, position 17 is not
            assert error_code(code) == "organization_code_checksum"


def test_stdnum_would_accept_what_we_reject() -> None:
    uscc = pytest.importorskip("stdnum.cn.uscc")
    code = "91440300708461130"
    code += uscc_check(code)
    assert uscc.is_valid(code)
    assert error_code(code) == "organization_code_checksum"
