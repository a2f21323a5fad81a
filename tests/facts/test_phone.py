"""Phone numbers: normalization, kinds, provinces from prefixes and area codes."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from icp_core.errors import FactError
from icp_core.facts import phone as phone_module
from icp_core.facts.phone import (
    PhoneNumber,
    area_code_province,
    mobile_province,
    parse_phone,
)
from icp_core.provinces import Province

ROOT = Path(__file__).resolve().parents[2]


def error_code(value: str) -> str:
    with pytest.raises(FactError) as info:
        parse_phone(value)
    return info.value.code


# Provinces as the ``phone`` package (data 2023-12) gives them, checked by hand.
@pytest.mark.parametrize(
    ("number", "province"),
    [
        ("13810000000", Province.beijing),  # 1381000 北京 移动
        ("13912345678", Province.jiangsu),  # 1391234 江苏 常州
        ("15900000000", Province.guangdong),  # 1590000 广东 中山
        ("19950000000", Province.sichuan),  # 1995000 四川 成都
        ("13900000000", Province.xinjiang),  # 1390000 新疆 乌鲁木齐
        ("13512345678", Province.chongqing),  # 1351234 重庆
        ("13300000000", Province.guangxi),  # 1330000 广西 南宁
        ("15012345678", Province.yunnan),  # 1501234 云南 昭通
        ("14700000000", Province.fujian),  # 1470000 福建 福州
    ],
)
def test_mobile_province(number: str, province: Province) -> None:
    assert parse_phone(number) == PhoneNumber(
        number=number, kind="mobile", province=province, area_code=None
    )


def test_unknown_mobile_prefix_gives_no_province() -> None:
    # 1730000 is not in the 2023-12 table: well-formed, province unknown
    assert parse_phone("17300000000").province is None
    assert mobile_province("17300000000") is None
    assert mobile_province("1381000") is None  # not 11 digits: no lookup, no error


def test_province_name_outside_the_enum_gives_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Fake:
        def find(self, phone_num: str) -> dict[str, str] | None:
            return {"province": "香港"}

    monkeypatch.setattr(phone_module, "_db", Fake())
    assert parse_phone("13810000000").province is None


@pytest.mark.parametrize(
    "value",
    [
        "138 1000 0000",
        "138-1000-0000",
        "+86 138 1000 0000",
        "+8613810000000",
        "008613810000000",
        "86 13810000000",
        " 13810000000 ",
    ],
)
def test_mobile_normalization(value: str) -> None:
    parsed = parse_phone(value)
    assert parsed.number == "13810000000"
    assert parsed.kind == "mobile"
    assert parsed.province is Province.beijing


@pytest.mark.parametrize(
    ("value", "number", "area", "province"),
    [
        ("010-62345678", "01062345678", "010", Province.beijing),
        ("021 5234 5678", "02152345678", "021", Province.shanghai),
        ("022-2345678", "0222345678", "022", Province.tianjin),
        ("020-82345678", "02082345678", "020", Province.guangdong),
        ("0755-82345678", "075582345678", "0755", Province.guangdong),
        ("0571-88888888", "057188888888", "0571", Province.zhejiang),
        ("0898-66666666", "089866666666", "0898", Province.hainan),
        ("0891-6666666", "08916666666", "0891", Province.xizang),
        ("0349-5234567", "03495234567", "0349", Province.shanxi),
        ("0991-2345678", "09912345678", "0991", Province.xinjiang),
        ("0471-6234567", "04716234567", "0471", Province.neimenggu),
        ("+86 571 8888 8888", "057188888888", "0571", Province.zhejiang),
        ("+86 10 6234 5678", "01062345678", "010", Province.beijing),
        ("0086 0571 88888888", "057188888888", "0571", Province.zhejiang),
    ],
)
def test_landline(value: str, number: str, area: str, province: Province) -> None:
    assert parse_phone(value) == PhoneNumber(
        number=number, kind="landline", province=province, area_code=area
    )


@pytest.mark.parametrize(
    "area",
    ["026", "0440", "0890", "0899", "0340", "0300", "0921"],  # unassigned or retired
)
def test_unknown_area_code_gives_no_province(area: str) -> None:
    assert area_code_province(area) is None
    parsed = parse_phone(area + "-6234567")
    assert parsed.kind == "landline"
    assert parsed.area_code == area
    assert parsed.province is None


def test_area_code_table_agrees_with_phone_package() -> None:
    # Every (area code, province) pair the ``phone`` data holds must agree with ours.
    db = pytest.importorskip("phone").Phone()
    import struct

    record = struct.calcsize("<iiB")
    seen: dict[str, set[str]] = {}
    for i in range(db.phone_record_count):
        offset = db.first_phone_record_offset + i * record
        _, content, _ = struct.unpack("<iiB", db.buf[offset : offset + record])
        end = db.buf.index(b"\x00", content)
        province, _, _, area = db.buf[content:end].decode().split("|")
        seen.setdefault(area, set()).add(province)
    checked = 0
    for area, provinces in seen.items():
        if len(area) not in (3, 4):
            continue  # the data holds one malformed code, "00479"
        assert {Province.parse(p) for p in provinces} == {area_code_province(area)}, (
            area
        )
        checked += 1
    assert checked > 300


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "1381000000",
        "138100000000",
        "010-623456",
        "0571-623456789",
        "0571",
        "+86",
        "0086",
        "0",
        "05",
    ],
)
def test_length(value: str) -> None:
    assert error_code(value) == "length"


@pytest.mark.parametrize(
    "value",
    [
        "138l0000000",
        "(010)62345678",
        "138.1000.0000",
        "１３８10000000",
        "13810000000#1",
        "86+13810000000",
    ],
)
def test_characters(value: str) -> None:
    assert error_code(value) == "characters"


@pytest.mark.parametrize(
    "value",
    [
        "12345678901",
        "10086000000",
        "62345678",
        "4008001234",
        "0111234567",
        "010-02345678",
        "+44 20 1234 5678",
        "+1 415 555 0100",
    ],
)
def test_prefix(value: str) -> None:
    assert error_code(value) == "prefix"


def test_message_masks_the_number() -> None:
    with pytest.raises(FactError) as info:
        parse_phone("12345678901")
    assert "12345678901" not in info.value.en and "12345678901" not in info.value.zh
    assert "123****8901" in info.value.en


def test_loader_runs_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    import phone  # type: ignore[import-untyped]

    calls: list[int] = []
    real = phone.Phone

    def counting() -> object:
        calls.append(1)
        return real()

    monkeypatch.setattr(phone, "Phone", counting)
    monkeypatch.setattr(phone_module, "_db", None)
    results: list[Province | None] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        results.append(mobile_province("13810000000"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]
    assert results == [Province.beijing] * 8


def test_prefix_table_loaded_only_for_mobiles() -> None:
    code = (
        "import sys\n"
        "from icp_core.facts.phone import parse_phone\n"
        "parse_phone('0571-88888888')\n"
        "print('phone' in sys.modules)\n"
        "parse_phone('13810000000')\n"
        "print('phone' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    ).stdout.split()
    assert out == ["False", "True"]
