"""Resident identity card numbers: checksum, birth date, province, age."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp_core.errors import FactError
from icp_core.facts.identity import (
    ResidentIdNumber,
    age_on,
    id_check_character,
    parse_resident_id,
)
from icp_core.provinces import Province

_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def with_check(first17: str) -> str:
    """Append the ISO 7064 MOD 11-2 check character, computed independently."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=False))
    return first17 + "10X98765432"[total % 11]


def make(division: str = "110105", birth: str = "19900307", seq: str = "123") -> str:
    return with_check(division + birth + seq)


def error_code(number: str, **kwargs: datetime.date) -> str:
    with pytest.raises(FactError) as info:
        parse_resident_id(number, **kwargs)
    return info.value.code


def test_known_number_from_the_standard() -> None:
    # GB 11643-1999's worked example: 11010519491231002X.
    parsed = parse_resident_id("11010519491231002x")
    assert parsed == ResidentIdNumber(
        number="11010519491231002X",
        birth_date=datetime.date(1949, 12, 31),
        province=Province.beijing,
    )


def test_valid_number_fields() -> None:
    number = make("440305", "20000229", "031")
    parsed = parse_resident_id(f"  {number} ")
    assert parsed.number == number
    assert parsed.birth_date == datetime.date(2000, 2, 29)
    assert parsed.province is Province.guangdong


@pytest.mark.parametrize(
    ("division", "province"),
    [
        ("650102", Province.xinjiang),
        ("540102", Province.xizang),
        ("320102", Province.jiangsu),
    ],
)
def test_province_from_first_two_digits(division: str, province: Province) -> None:
    assert parse_resident_id(make(division)).province is province


def test_county_code_is_not_checked() -> None:
    # A county code unknown to any division table (and 71/81/82 outside the
    # mainland) still parses: only the province is read, and it may be None.
    assert parse_resident_id(make("119999")).province is Province.beijing
    assert parse_resident_id(make("810000")).province is None
    assert parse_resident_id(make("990000")).province is None


def test_check_character_x() -> None:
    body = next(
        b
        for b in (f"110105199003071{i:02d}" for i in range(100))
        if with_check(b)[-1] == "X"
    )
    assert parse_resident_id(body + "x").number == body + "X"
    assert error_code(body + "0") == "checksum"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_character_matches_independent_formula(body: str) -> None:
    assert id_check_character(body) == with_check(body)[-1]


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_character_matches_stdnum(body: str) -> None:
    ric = pytest.importorskip("stdnum.cn.ric")
    assert id_check_character(body) == ric.calc_check_digit(body + "0")


def test_every_wrong_check_character_is_rejected() -> None:
    number = make()
    for char in "0123456789X":
        if char != number[-1]:
            assert error_code(number[:-1] + char) == "checksum"


def test_single_digit_typo_is_rejected() -> None:
    number = make()
    typo = number[:5] + str((int(number[5]) + 1) % 10) + number[6:]
    assert error_code(typo) == "checksum"


@pytest.mark.parametrize(
    "number", ["", "11010519491231002", "11010519491231002X1", "110105491231002"]
)
def test_length(number: str) -> None:
    assert error_code(number) == "length"


@pytest.mark.parametrize(
    "number",
    [
        "1101051949123100XX",
        "A1010519491231002X",
        "11010519491231002Y",
        "110105 9491231002X",
        "１１0105194912310020",
    ],
)
def test_characters(number: str) -> None:
    assert error_code(number) == "characters"


@pytest.mark.parametrize(
    "birth", ["19900230", "19901301", "19900000", "19000229", "20230229"]
)
def test_birth_date_not_a_real_date(birth: str) -> None:
    assert error_code(make(birth=birth)) == "birth_date"


def test_birth_date_before_1900() -> None:
    assert error_code(make(birth="18991231")) == "birth_date"
    assert parse_resident_id(make(birth="19000101")).birth_date == datetime.date(
        1900, 1, 1
    )


def test_future_birth_date() -> None:
    number = make(birth="20250601")
    assert error_code(number, on=datetime.date(2025, 5, 31)) == "future_birth_date"
    assert parse_resident_id(
        number, on=datetime.date(2025, 6, 1)
    ).birth_date == datetime.date(2025, 6, 1)
    # without ``on`` no date is "the future"
    assert parse_resident_id(number).birth_date == datetime.date(2025, 6, 1)


def test_message_masks_the_number() -> None:
    number = make()
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(FactError) as info:
        parse_resident_id(bad)
    assert bad not in info.value.en and bad not in info.value.zh
    assert "19900307" not in info.value.en
    assert bad[:6] in info.value.en  # the masked form keeps the division


def test_age_on() -> None:
    birth = datetime.date(1990, 3, 7)
    assert age_on(birth, datetime.date(2008, 3, 6)) == 17
    assert age_on(birth, datetime.date(2008, 3, 7)) == 18
    assert age_on(birth, birth) == 0
    assert (
        parse_resident_id(make(birth="19900307")).age_on(datetime.date(2026, 1, 1))
        == 35
    )


def test_age_on_leap_day_birthday() -> None:
    birth = datetime.date(2000, 2, 29)
    assert age_on(birth, datetime.date(2018, 2, 28)) == 17
    assert age_on(birth, datetime.date(2018, 3, 1)) == 18
    assert age_on(birth, datetime.date(2020, 2, 28)) == 19
    assert age_on(birth, datetime.date(2020, 2, 29)) == 20


def test_age_on_before_birth() -> None:
    with pytest.raises(FactError) as info:
        age_on(datetime.date(2000, 1, 2), datetime.date(2000, 1, 1))
    assert info.value.code == "future_birth_date"
