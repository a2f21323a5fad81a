"""Mainland telephone numbers: mobile numbers and fixed lines with an area code.

The province of a mobile number comes from the offline prefix table of the PyPI
package ``phone`` (numbers 1300000-19999999 by their first seven digits, data of
2023-12). That table (4.5 MB) is read lazily on the first lookup, once, under a
lock; importing this module never imports ``phone``. The province of a fixed line
comes from its area code and the table below.

A province found here is a hint, never decisive: numbers are ported between
provinces and prefixes are reassigned. An unknown prefix gives ``province=None``,
never an exception.
"""

from __future__ import annotations

import re
import threading
from typing import Literal, Protocol

import attrs

from icp_core.errors import FactError
from icp_core.privacy import mask_value
from icp_core.provinces import Province

__all__ = ["PhoneNumber", "area_code_province", "mobile_province", "parse_phone"]

P = Province

# Three-digit area codes: 010 and 02x (020-029; 026 is unassigned).
_AREA_CODES_3: dict[str, Province] = {
    "010": P.beijing,
    "020": P.guangdong,
    "021": P.shanghai,
    "022": P.tianjin,
    "023": P.chongqing,
    "024": P.liaoning,
    "025": P.jiangsu,
    "027": P.hubei,
    "028": P.sichuan,
    "029": P.shaanxi,
}

# Four-digit area codes by their first three digits, where every assigned code with
# that start lies in one province. Starts not listed (030, 032, 034, 036, 038, 044,
# 048..., 089) are unassigned or split; see _AREA_CODES_4 for the exact ones.
_AREA_PREFIXES: dict[str, Province] = {
    "031": P.hebei,  # 0310 Handan .. 0319 Xingtai
    "033": P.hebei,  # 0335 Qinhuangdao
    "035": P.shanxi,  # 0350 Xinzhou .. 0359 Yuncheng
    "037": P.henan,  # 0370 Shangqiu .. 0379 Luoyang
    "039": P.henan,  # 0391 Jiaozuo .. 0398 Sanmenxia
    "041": P.liaoning,  # 0410 Tieling .. 0419 Liaoyang
    "042": P.liaoning,  # 0421 Chaoyang, 0427 Panjin, 0429 Huludao
    "043": P.jilin,  # 0431 Changchun .. 0439 Baishan
    "045": P.heilongjiang,  # 0451 Harbin .. 0459 Daqing
    "046": P.heilongjiang,  # 0464 Qitaihe, 0467 Jixi, 0468 Hegang, 0469 Shuangyashan
    "047": P.neimenggu,  # 0470 Hulunbuir .. 0479 Xilingol
    "048": P.neimenggu,  # 0482 Hinggan, 0483 Alxa
    "051": P.jiangsu,  # 0510 Wuxi .. 0519 Changzhou
    "052": P.jiangsu,  # 0523 Taizhou, 0527 Suqian
    "053": P.shandong,  # 0530 Heze .. 0539 Linyi
    "054": P.shandong,  # 0543 Binzhou, 0546 Dongying
    "055": P.anhui,  # 0550 Chuzhou .. 0559 Huangshan
    "056": P.anhui,  # 0561 Huaibei .. 0566 Chizhou
    "057": P.zhejiang,  # 0570 Quzhou .. 0579 Jinhua
    "058": P.zhejiang,  # 0580 Zhoushan
    "059": P.fujian,  # 0591 Fuzhou .. 0599 Nanping
    "063": P.shandong,  # 0631 Weihai .. 0635 Liaocheng
    "066": P.guangdong,  # 0660 Shanwei, 0662 Yangjiang, 0663 Jieyang, 0668 Maoming
    "069": P.yunnan,  # 0691 Xishuangbanna, 0692 Dehong
    "070": P.jiangxi,  # 0701 Yingtan
    "071": P.hubei,  # 0710 Xiangyang .. 0719 Shiyan
    "072": P.hubei,  # 0722 Suizhou, 0724 Jingmen, 0728 Xiantao
    "073": P.hunan,  # 0730 Yueyang .. 0739 Shaoyang
    "074": P.hunan,  # 0743 Xiangxi .. 0746 Yongzhou
    "075": P.guangdong,  # 0750 Jiangmen .. 0759 Zhanjiang (0755 Shenzhen)
    "076": P.guangdong,  # 0760 Zhongshan .. 0769 Dongguan
    "077": P.guangxi,  # 0770 Fangchenggang .. 0779 Beihai
    "079": P.jiangxi,  # 0790 Xinyu .. 0799 Pingxiang
    "081": P.sichuan,  # 0812 Panzhihua .. 0818 Dazhou
    "082": P.sichuan,  # 0825 Suining .. 0827 Bazhong
    "083": P.sichuan,  # 0830 Luzhou .. 0839 Guangyuan
    "085": P.guizhou,  # 0851 Guiyang .. 0859 Qianxinan
    "087": P.yunnan,  # 0870 Zhaotong .. 0879 Pu'er
    "088": P.yunnan,  # 0883 Lincang .. 0888 Lijiang
    "090": P.xinjiang,  # 0901 Tacheng .. 0909 Bortala
    "091": P.shaanxi,  # 0911 Yan'an .. 0919 Tongchuan
    "093": P.gansu,  # 0930 Linxia .. 0939 Longnan
    "094": P.gansu,  # 0941 Gannan, 0943 Baiyin
    "095": P.ningxia,  # 0951 Yinchuan .. 0955 Zhongwei
    "097": P.qinghai,  # 0970 Haibei .. 0977 Haixi
    "099": P.xinjiang,  # 0990 Karamay .. 0999 Ili
}

# Four-digit codes whose first three digits are shared or otherwise unassigned.
_AREA_CODES_4: dict[str, Province] = {
    "0349": P.shanxi,  # Shuozhou (034x is otherwise unassigned)
    "0891": P.xizang,  # Lhasa
    "0892": P.xizang,  # Shigatse
    "0893": P.xizang,  # Shannan
    "0894": P.xizang,  # Nyingchi
    "0895": P.xizang,  # Chamdo
    "0896": P.xizang,  # Nagqu
    "0897": P.xizang,  # Ngari
    "0898": P.hainan,  # the whole province since 2009 (0890, 0899 retired)
}

_SEPARATORS = re.compile(r"[ \-]")
_DIGITS = re.compile(r"[0-9]+")


@attrs.frozen
class PhoneNumber:
    """A well-formed mainland phone number."""

    number: str  # digits only: 11 for a mobile, area code + local number for a landline
    kind: Literal["mobile", "landline"]
    province: Province | None  # a hint (see the module doc); None when unknown
    area_code: str | None  # landlines only, e.g. "010", "0571"


def area_code_province(area_code: str) -> Province | None:
    """The province of a fixed-line area code (``"0571"``), or None if unknown."""
    if len(area_code) == 3:
        return _AREA_CODES_3.get(area_code)
    if len(area_code) == 4:
        return _AREA_CODES_4.get(area_code) or _AREA_PREFIXES.get(area_code[:3])
    return None


class _PhoneDb(Protocol):
    def find(self, phone_num: str) -> dict[str, str] | None: ...


_db: _PhoneDb | None = None
_db_lock = threading.Lock()


def _phone_db() -> _PhoneDb:
    """Load the ``phone`` package's prefix table once, on first use."""
    global _db
    db = _db
    if db is None:
        with _db_lock:
            db = _db
            if db is None:
                from phone import Phone

                db = _db = Phone()
    return db


def mobile_province(number: str) -> Province | None:
    """The province a mobile number (11 digits) was issued in, or None if unknown.

    Loads the ``phone`` prefix table on the first call.
    """
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return None
    try:
        info = _phone_db().find(number)
    except (ValueError, AssertionError):  # the library asserts on odd input
        return None
    if not info:
        return None
    try:
        return Province.parse(info.get("province", ""))
    except ValueError:
        return None


def parse_phone(value: str) -> PhoneNumber:
    """Parse a mainland mobile or fixed-line number.

    Spaces and dashes are ignored. A mobile number may carry ``+86``, ``0086`` or
    ``86`` in front; a fixed line may carry ``+86``/``0086`` in place of the
    area code's leading 0 (``+86 571 8888 8888``).

    Failure codes: ``length`` (empty, or a mobile not of 11 digits, or a local
    number not of 7-8 digits), ``characters`` (anything but digits, spaces, dashes
    and a leading ``+``), ``prefix`` (neither ``1[3-9]`` nor an area code).
    """
    text = _SEPARATORS.sub("", value.strip())
    masked = mask_value(text)
    international = False
    if text.startswith("+86"):
        text, international = text[3:], True
    elif text.startswith("+"):
        raise FactError(
            "prefix",
            f"phone number {masked} is not a mainland China number (+86)",
            f"电话号码 {masked} 不是中国大陆号码（+86）",
        )
    if not text:
        raise FactError("length", "the phone number is empty", "电话号码为空")
    if not _DIGITS.fullmatch(text):
        raise FactError(
            "characters",
            f"phone number {masked} may contain only digits, spaces and dashes",
            f"电话号码 {masked} 只能包含数字、空格和连字符",
        )
    if text.startswith("0086"):
        text, international = text[4:], True
    elif len(text) == 13 and re.match(r"861[3-9]", text):
        text = text[2:]
    if not text:
        raise FactError("length", "the phone number is empty", "电话号码为空")
    if international and not text.startswith("0") and not re.match(r"1[3-9]", text):
        text = "0" + text  # +86 571 ... is 0571 ..., +86 10 ... is 010 ...
    masked = mask_value(text)
    if text.startswith("1"):
        return _parse_mobile(text, masked)
    if text.startswith("0"):
        return _parse_landline(text, masked)
    raise FactError(
        "prefix",
        f"phone number {masked} is neither a mobile number (1[3-9]...) nor has an area code (0...)",
        f"电话号码 {masked} 既不是手机号码（1[3-9]开头），也没有区号（0开头）",
    )


def _parse_mobile(text: str, masked: str) -> PhoneNumber:
    if len(text) != 11:
        raise FactError(
            "length",
            f"mobile number {masked} has {len(text)} digits, not 11",
            f"手机号码 {masked} 为{len(text)}位，应为11位",
        )
    if text[1] not in "3456789":
        raise FactError(
            "prefix",
            f"mobile number {masked} does not start with 13-19",
            f"手机号码 {masked} 不以13至19开头",
        )
    return PhoneNumber(
        number=text, kind="mobile", province=mobile_province(text), area_code=None
    )


def _parse_landline(text: str, masked: str) -> PhoneNumber:
    if text.startswith("01") and not text.startswith("010"):
        raise FactError(
            "prefix",
            f"phone number {masked} has no valid area code (01x other than 010 is unassigned)",
            f"电话号码 {masked} 区号无效（除010外无01x区号）",
        )
    # 010 and 02x are the only three-digit codes
    width = 3 if text[1:2] in ("1", "2") else 4
    area, local = text[:width], text[width:]
    if not 7 <= len(local) <= 8:
        raise FactError(
            "length",
            f"fixed-line number {masked} has a local number of {len(local)} digits after"
            f" area code {area}, not 7 or 8",
            f"固定电话号码 {masked} 区号 {area} 后的本地号码为{len(local)}位，应为7或8位",
        )
    if local[0] in "01":
        raise FactError(
            "prefix",
            f"fixed-line number {masked}: a local number cannot start with 0 or 1",
            f"固定电话号码 {masked} 的本地号码不能以0或1开头",
        )
    return PhoneNumber(
        number=text, kind="landline", province=area_code_province(area), area_code=area
    )
