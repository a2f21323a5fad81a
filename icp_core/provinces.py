"""The 31 provincial-level divisions of mainland China that run ICP filing.

Each has one stable key (the one used in entry point names, policies and reports),
its Simplified Chinese name and its GB/T 2260 two-digit division code. Input accepts
any of the three; output always uses the key.
"""

from __future__ import annotations

import enum
import unicodedata

from icp_core.privacy import redact_text
from icp_core.problems import Problem, kind_of


class Province(enum.StrEnum):
    """A province-level division, keyed by a stable lowercase name."""

    # key            = key, zh name, GB/T 2260 code (first two digits), seed section
    beijing = "beijing"
    tianjin = "tianjin"
    hebei = "hebei"
    shanxi = "shanxi"
    neimenggu = "neimenggu"
    liaoning = "liaoning"
    jilin = "jilin"
    heilongjiang = "heilongjiang"
    shanghai = "shanghai"
    jiangsu = "jiangsu"
    zhejiang = "zhejiang"
    anhui = "anhui"
    fujian = "fujian"
    jiangxi = "jiangxi"
    shandong = "shandong"
    henan = "henan"
    hubei = "hubei"
    hunan = "hunan"
    guangdong = "guangdong"
    guangxi = "guangxi"
    hainan = "hainan"
    chongqing = "chongqing"
    sichuan = "sichuan"
    guizhou = "guizhou"
    yunnan = "yunnan"
    xizang = "xizang"
    shaanxi = "shaanxi"
    gansu = "gansu"
    qinghai = "qinghai"
    ningxia = "ningxia"
    xinjiang = "xinjiang"

    @property
    def zh(self) -> str:
        return _ZH[self]

    @property
    def code(self) -> str:
        """The GB/T 2260 two-digit code, e.g. ``"11"`` for Beijing."""
        return _CODE[self]

    @property
    def section(self) -> str:
        """The section of the pre-filing guide that holds this province's rules."""
        return _SECTION[self]

    @classmethod
    def parse(cls, value: object) -> Province:
        """Accept a key, a Chinese name (with or without its suffix), an English alias
        or a GB/T 2260 code (2 or 6 digits); raise ``ValueError`` otherwise."""
        if isinstance(value, Province):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(Problem.not_a_province_value(got=kind_of(value)))
        text = unicodedata.normalize("NFKC", value).strip()  # full-width forms too, as for every key
        found = _LOOKUP.get(text.lower())
        if found is None and text.isdigit() and len(text) in (2, 6):
            found = _BY_CODE.get(text[:2])
        if found is None:
            import difflib

            near = difflib.get_close_matches(text.lower(), [p.value for p in cls], n=2, cutoff=0.7)
            hint = Problem.did_you_mean(near=" or ".join(near)) if near else ""
            # Masked before repr, whose escapes would hide a number from the mask.
            raise ValueError(Problem.unknown_province(given=repr(redact_text(text)), hint=hint,
                                                      keys=", ".join(p.value for p in cls)))
        return found

    @property
    def abbreviations(self) -> tuple[str, ...]:
        """The one-character abbreviations of the province, the one ICP numbers start with
        first (粤ICP备…); input accepts each of them."""
        return _ABBREVIATIONS[self]

    @classmethod
    def from_code(cls, code: str) -> Province | None:
        """The province of a two-digit division code, or ``None`` if it names none
        (codes 71, 81, 82 are Taiwan, Hong Kong and Macao: not mainland provinces)."""
        return _BY_CODE.get(code[:2])


_TABLE: tuple[tuple[Province, str, str, str, tuple[str, ...]], ...] = (
    (Province.beijing, "北京", "11", "5.3.1", ()),
    (Province.tianjin, "天津", "12", "5.3.5", ()),
    (Province.hebei, "河北", "13", "5.3.2", ()),
    (Province.shanxi, "山西", "14", "5.3.4", ()),
    (Province.neimenggu, "内蒙古", "15", "5.3.3", ("inner mongolia", "nei mongol", "内蒙古自治区")),
    (Province.liaoning, "辽宁", "21", "5.2.3", ()),
    (Province.jilin, "吉林", "22", "5.2.2", ()),
    (Province.heilongjiang, "黑龙江", "23", "5.2.1", ()),
    (Province.shanghai, "上海", "31", "5.4.5", ()),
    (Province.jiangsu, "江苏", "32", "5.4.3", ()),
    (Province.zhejiang, "浙江", "33", "5.4.6", ()),
    (Province.anhui, "安徽", "34", "5.4.1", ("an'hui",)),
    (Province.fujian, "福建", "35", "5.4.2", ()),
    (Province.jiangxi, "江西", "36", "5.4.7", ()),
    (Province.shandong, "山东", "37", "5.4.4", ()),
    (Province.henan, "河南", "41", "5.6.1", ()),
    (Province.hubei, "湖北", "42", "5.6.2", ()),
    (Province.hunan, "湖南", "43", "5.6.3", ()),
    (Province.guangdong, "广东", "44", "5.5.1", ()),
    (Province.guangxi, "广西", "45", "5.5.2", ("广西壮族自治区",)),
    (Province.hainan, "海南", "46", "5.5.3", ()),
    (Province.chongqing, "重庆", "50", "5.8.1", ()),
    (Province.sichuan, "四川", "51", "5.8.3", ()),
    (Province.guizhou, "贵州", "52", "5.8.2", ()),
    (Province.yunnan, "云南", "53", "5.8.5", ()),
    (Province.xizang, "西藏", "54", "5.8.4", ("tibet", "西藏自治区")),
    (Province.shaanxi, "陕西", "61", "5.7.4", ()),
    (Province.gansu, "甘肃", "62", "5.7.1", ()),
    (Province.qinghai, "青海", "63", "5.7.3", ()),
    (Province.ningxia, "宁夏", "64", "5.7.2", ("宁夏回族自治区",)),
    (Province.xinjiang, "新疆", "65", "5.7.5", ("新疆维吾尔自治区",)),
)

#: One-character abbreviations (简称). The first is the one ICP numbers use; where a
#: second is in common use (贵 and 黔, 云 and 滇), input accepts it too.
_ABBREVIATIONS: dict[Province, tuple[str, ...]] = {
    Province.beijing: ("京",), Province.tianjin: ("津",), Province.hebei: ("冀",), Province.shanxi: ("晋",),
    Province.neimenggu: ("蒙",), Province.liaoning: ("辽",), Province.jilin: ("吉",), Province.heilongjiang: ("黑",),
    Province.shanghai: ("沪",), Province.jiangsu: ("苏",), Province.zhejiang: ("浙",), Province.anhui: ("皖",),
    Province.fujian: ("闽",), Province.jiangxi: ("赣",), Province.shandong: ("鲁",), Province.henan: ("豫",),
    Province.hubei: ("鄂",), Province.hunan: ("湘",), Province.guangdong: ("粤",), Province.guangxi: ("桂",),
    Province.hainan: ("琼",), Province.chongqing: ("渝",), Province.sichuan: ("蜀", "川"),
    Province.guizhou: ("黔", "贵"), Province.yunnan: ("滇", "云"), Province.xizang: ("藏",),
    Province.shaanxi: ("陕",), Province.gansu: ("陇", "甘"), Province.qinghai: ("青",), Province.ningxia: ("宁",),
    Province.xinjiang: ("新",),
}

_ZH = {p: zh for p, zh, _, _, _ in _TABLE}
_CODE = {p: code for p, _, code, _, _ in _TABLE}
_SECTION = {p: section for p, _, _, section, _ in _TABLE}
_BY_CODE = {code: p for p, _, code, _, _ in _TABLE}


def _lookup_table() -> dict[str, Province]:
    table: dict[str, Province] = {}
    for province, zh, code, _, aliases in _TABLE:
        names = {province.value, zh, code, *aliases, *_ABBREVIATIONS[province]}
        # Input often carries the administrative suffix: 北京市, 河北省, 宁夏回族自治区.
        names |= {zh + "市", zh + "省", zh + "自治区"}
        for name in names:
            table[name.lower()] = province
    return table


_LOOKUP = _lookup_table()
