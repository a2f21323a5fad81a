"""Masking: ID numbers and phone numbers never leave in clear; harmless numbers stay readable."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp_core.privacy import mask_id_number, mask_name, mask_phone, mask_value, redact_text
from icp_core.provinces import Province
from icp_core.testing import resident_id

ID = resident_id("henan", "19880101", "456")  # 410101198801014563
ID_WITH_X = next(n for n in (resident_id("guangdong", "19791231", f"{s:03d}") for s in range(100)) if n.endswith("X"))
OLD_ID = "410101880101456"  # the 15-digit first-generation form: YYMMDD
MOBILE = "13900094321"
SEPARATORS = (" ", "-", ":", ".", "/", "+", " - ", "_", ",", "\t", "（", ")")


def test_masks() -> None:
    assert mask_id_number("110101199003071234") == "110101********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三丰") == "张**"
    assert mask_phone("1390009") == "*****09"  # a partial number is never shown whole
    assert mask_phone("010-62345678") == "010*****5678"


@pytest.mark.parametrize(("value", "masked"), [
    (ID, "410101********4563"),
    (ID_WITH_X.lower(), ID_WITH_X[:6] + "********" + ID_WITH_X[-4:].lower()),
    (f"{ID[:6]} {ID[6:14]} {ID[14:]}", "410101********4563"),
    (MOBILE, "139****4321"),
    ("139-0009-4321", "139****4321"),
    ("+86 139 0009 4321", "861******4321"),
    ("010-62345678", "010****5678"),
    ("1390009", "*****09"),  # a partial number: never whole
    ("13900094321@163.com", "1***@163.com"),  # the local part of many addresses is a mobile number
    ("wang.jianguo@example.com", "w***@example.com"),
    ("my id is 410101198801014563", "my****************63"),
    ("abc", "***"),
    ("", ""),
])
def test_mask_value_masks_a_personal_value_whatever_its_shape(value: str, masked: str) -> None:
    assert mask_value(value) == masked


@pytest.mark.parametrize("number", [ID, ID_WITH_X, ID_WITH_X.lower(), OLD_ID, MOBILE])
@pytest.mark.parametrize("separator", SEPARATORS)
def test_redact_text_finds_numbers_split_by_separators(number: str, separator: str) -> None:
    split = separator.join([number[:3], number[3:7], number[7:]])
    for text in (number, split, f"id {split} given", f"key=x{number}y", f"电话{split}，请核对", f"'{split}'"):
        redacted = redact_text(text)
        assert number not in redacted and split not in redacted and _digits_of(number) not in _digits(redacted)


@pytest.mark.parametrize(("text", "number"), [
    ("+86 139 0009 4321", MOBILE), ("+8613900094321", MOBILE), ("0086-139-0009-4321", MOBILE),
    ("86 13900094321", MOBILE), ("tel:+86.139.0009.4321", MOBILE), ("1" + MOBILE, MOBILE), (MOBILE + "9", MOBILE),
    ("20261201" + MOBILE, MOBILE), ("9" + ID, ID), (ID + "77", ID), ("x" + OLD_ID, OLD_ID),
    ("１３９０００９４３２１", MOBILE),  # full-width digits
])
def test_redact_text_finds_numbers_with_prefixes_glued_or_in_full_width(text: str, number: str) -> None:
    redacted = redact_text(text)
    assert "*" in redacted
    assert not number_pattern(number).search(redacted)
    assert "９４３２１" not in redacted[:-4]


def test_redact_text_masks_an_id_with_a_right_check_character_whatever_its_date() -> None:
    from icp_core.facts.identity import id_check_character

    first17 = "41010119881399456"  # month 13: not a date, but a correct check character makes it an ID
    number = first17 + id_check_character(first17)
    assert number not in redact_text(f"number {number}")


@pytest.mark.parametrize("text", [
    "2026-12-01",
    "date outside 1900-01-01 … 2080-12-31",
    "The verification date 2026-12-01 is after 2026-11-01.",
    "input is larger than 2097152 bytes",
    "file is larger than 2097152 bytes",
    "more than 50000 values (aliases count as they expand)",
    "not UTF-8 (byte 1048576)",
    "subject.type (line 12, column 34): unknown key",
    "not valid JSON: Expecting value (column 2097153)",
    "national.person.mobile_valid",
    "京ICP备12345678号-1",
    "京ICP备2023012345号-12",
    "order 1234567890",  # ten digits: no personal number is that short
    "12:30:45 on 2026-12-01",
    "91110101MA01ABCD5X",  # a credit code: an organisation's public number
    "version 1.2.3.4",
    "13900",  # too short to be anyone's number
])
def test_harmless_numbers_stay_readable(text: str) -> None:
    assert redact_text(text) == text


def test_redact_text_keeps_what_surrounds_a_masked_number() -> None:
    assert redact_text("on 2026-12-01 call 139-0009-4321 (line 3, column 14)") == (
        "on 2026-12-01 call 139****4321 (line 3, column 14)")
    assert redact_text(f"id {ID} and {MOBILE}") == "id 410101********4563 and 139****4321"


# --------------------------------------------------------------------------- properties

SEPARATOR_CHARS = " -:./+"
ALL_PROVINCES = [p.value for p in Province]


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """Real-format resident ID numbers: a province, a birth date, a serial, a right check character."""
    birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31))).strftime("%Y%m%d")
    return resident_id(draw(st.sampled_from(ALL_PROVINCES)), birth, f"{draw(st.integers(0, 999)):03d}")


mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
personal_numbers = st.one_of(id_numbers(), mobiles)


@st.composite
def with_separators(draw: st.DrawFn, number: str) -> str:
    """``number`` with up to four separators (one to three characters each) inserted."""
    cuts = sorted(set(draw(st.lists(st.integers(1, len(number) - 1), max_size=4))))
    parts = [number[a:b] for a, b in zip([0, *cuts], [*cuts, len(number)], strict=True)]
    glue = [draw(st.text(alphabet=SEPARATOR_CHARS, min_size=1, max_size=3)) for _ in parts[1:]]
    return parts[0] + "".join(g + p for g, p in zip(glue, parts[1:], strict=True))


def number_pattern(number: str) -> re.Pattern[str]:
    """Finds ``number`` in a text whatever separators were put between its digits."""
    gap = r"[\s\-:./+_,()（）]{0,3}"
    return re.compile(gap.join(re.escape(c) for c in number), re.IGNORECASE)


@given(st.data(), personal_numbers, st.text(max_size=20), st.text(max_size=20))
def test_redact_text_never_leaves_a_personal_number_readable(
        data: st.DataObject, number: str, before: str, after: str) -> None:
    written = data.draw(with_separators(number))
    # Digits right next to the number make it another, longer number; letters do not.
    before = re.sub(r"\d", "a", before)
    after = re.sub(r"\d", "a", after)
    redacted = redact_text(before + written + after)
    assert not number_pattern(number).search(redacted), redacted


@given(st.lists(st.one_of(st.dates(dt.date(1900, 1, 1), dt.date(2080, 12, 31)).map(dt.date.isoformat),
                          st.integers(0, 9_999_999_999).map(str),
                          st.sampled_from(["line", "column", "bytes", "levels", "…", ":", "(", ")", ",",
                                           "national.rule"])),
                max_size=8))
def test_harmless_numbers_in_any_arrangement_stay_readable(words: list[str]) -> None:
    text = " ".join(words).replace(" , ", ", ")
    if _personal_shaped(text):
        return  # two numbers side by side can spell a mobile number: masking that is right
    assert redact_text(text) == text


def test_redact_text_is_idempotent_and_takes_long_runs() -> None:
    once = redact_text(f"{ID} {MOBILE} 2026-12-01")
    assert redact_text(once) == once
    long_run = ("5 " * 50_000) + "x"  # one token of 50,000 separated digits, none a personal number
    assert redact_text(long_run) == long_run
    assert redact_text("1 " * 15) == "111111*****1111 "  # fifteen ones are shaped like an old ID number


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text)


def _digits_of(number: str) -> str:
    return _digits(number)


def _personal_shaped(text: str) -> bool:
    """Whether the digits of any separator-joined run of ``text`` hold a mobile or ID shape."""
    for run in re.findall(r"\d(?:[\s\-:./+_,()]{0,3}\d)*", text):
        digits = _digits(run)
        if re.search(r"1[3-9]\d{9}", digits) or re.search(r"\d{15}", digits):
            return True
    return False
