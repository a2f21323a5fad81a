"""Filings in one line: a complete, valid filing per province (real-format numbers with
correct check characters, a local mobile, a domain held by the subject) and overrides merged in."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from icp_core.loading import load_filing
from icp_core.model import Filing
from icp_core.provinces import Province
from icp_core.report import Report

#: The day the kit's filings are checked on (their ``evaluated_on``).
EVALUATED_ON = "2026-12-01"

#: What the ``icp_check`` fixture is, for annotating a test's parameter:
#: ``icp_check(province="beijing", subject_type="enterprise", *, on=None, add_documents=(), **overrides) -> Report``.
Check = Callable[..., Report]

#: One mobile prefix per province (first seven digits), as the offline data (phone 0.4.5) maps it.
LOCAL_MOBILE_PREFIX: Mapping[Province, str] = {
    Province.beijing: "1390009",
    Province.tianjin: "1390021",
    Province.hebei: "1390031",
    Province.shanxi: "1390034",
    Province.neimenggu: "1390004",
    Province.liaoning: "1390001",
    Province.jilin: "1390430",
    Province.heilongjiang: "1390036",
    Province.shanghai: "1390013",
    Province.jiangsu: "1390015",
    Province.zhejiang: "1390057",
    Province.anhui: "1390055",
    Province.fujian: "1390043",
    Province.jiangxi: "1390070",
    Province.shandong: "1390053",
    Province.henan: "1390370",
    Province.hubei: "1390071",
    Province.hunan: "1390073",
    Province.guangdong: "1390005",
    Province.guangxi: "1390077",
    Province.hainan: "1390075",
    Province.chongqing: "1390082",
    Province.sichuan: "1390080",
    Province.guizhou: "1390008",
    Province.yunnan: "1390087",
    Province.xizang: "1390089",
    Province.shaanxi: "1390029",
    Province.gansu: "1390093",
    Province.qinghai: "1390970",
    Province.ningxia: "1390095",
    Province.xinjiang: "1390000",
}


def resident_id(province: Province | str, birth: str = "19900307", serial: str = "123") -> str:
    """A resident ID number with a correct check character, issued in ``province``."""
    from icp_core.facts.identity import id_check_character

    code = Province.parse(province).code
    first17 = f"{code}0101{birth}{serial}"
    return first17 + id_check_character(first17)


def credit_code(province: Province | str, serial: str = "MA01ABCD") -> str:
    """A unified social credit code with both check characters right, registered in ``province``."""
    from icp_core.facts.credit_code import credit_code_check_character, organization_code_check_character

    organization = serial + organization_code_check_character(serial)
    first17 = f"91{Province.parse(province).code}0100{organization}"
    return first17 + credit_code_check_character(first17)


def mobile(province: Province | str, tail: str = "0001") -> str:
    return LOCAL_MOBILE_PREFIX[Province.parse(province)] + tail


def filing_data(province: Province | str = Province.beijing, subject_type: str = "enterprise") -> dict[str, Any]:
    """A complete filing, as plain data, that meets every rule of ``province``."""
    province = Province.parse(province)
    legal = {"name": "王建国", "id_type": "resident_id_card", "id_number": resident_id(province, "19850712", "001"),
             "residency": "mainland"}
    admin = {**legal, "mobile": mobile(province, "0001"), "is_legal_representative": True}
    website_admin = {"name": "李晓梅", "id_type": "resident_id_card", "residency": "mainland",
                     "id_number": resident_id(province, "19920115", "002"), "mobile": mobile(province, "0002"),
                     "is_legal_representative": False, "administers_other_subjects": False}
    enterprise = subject_type == "enterprise"
    name = f"{province.zh}星河示例科技有限公司" if enterprise else "王建国"
    subject: dict[str, Any] = {
        "type": subject_type, "name": name,
        "certificate_type": "business_license" if enterprise else "personal_id",
        "certificate_number": credit_code(province) if enterprise else legal["id_number"],
        "mailing_address": f"{province.zh}示例路1号", "administrator": admin,
    }
    if enterprise:
        subject["legal_representative"] = legal
        subject["individual_business"] = False
    domain = {"name": "xinghe-example.com.cn", "registrar": "阿里云计算有限公司（万网）",
              "registered_outside_mainland": False, "real_name_verified_on": "2026-10-08",
              "holder_name": name, "holder_certificate_number": subject["certificate_number"],
              "privacy_protection": False, "expires_on": "2028-10-08", "on_record": False}
    return {
        "province": province.value, "evaluated_on": EVALUATED_ON, "subject": subject,
        "websites": [{"name": "星河示例官网" if enterprise else "王建国的博客", "remarks": "企业官网，介绍公司产品",
                      "industries": [], "pre_approvals": [], "sells_online": False, "accessible": True,
                      "administrator": website_admin if enterprise else admin, "domains": [domain],
                      "hosting": {"instance_id": "i-example0001"}}],
        "instances": [{"id": "i-example0001", "type": "ecs", "region": "cn-hangzhou", "in_mainland": True,
                       "billing": "subscription", "subscription_months": 12, "expires_on": "2027-11-20",
                       "public_bandwidth_mbps": 5}],
        # Whole-filing keys only, so that a test replacing the websites keeps a valid filing;
        # a per-website upload (website_administrator_id@websites[0].administrator) is added
        # by the tests about uploads.
        "documents": list(BASELINE_DOCUMENTS),
        "account": {"id": "account-0001", "subjects_on_account": []},
    }


def merge(base: Any, overrides: Any) -> Any:
    """Deep-merge ``overrides`` into ``base``: mappings merge, anything else replaces.
    A value of ``None`` removes the key (a fact not given yet)."""
    if isinstance(base, dict) and isinstance(overrides, Mapping):
        result = dict(base)
        for key, value in overrides.items():
            if value is None:
                result.pop(key, None)
            else:
                result[key] = merge(base.get(key), value)
        return result
    return copy.deepcopy(overrides)


#: The documents of the kit's baseline filing: the four that the national plugin and
#: the ``standard_documents`` fragment ask of every filing. A rule that needs another
#: one uploaded (``enforce: true``, ``unless_documents``) fires on the baseline until
#: the test adds it: ``icp_check("hebei", add_documents=["letter_of_guarantee"])``.
BASELINE_DOCUMENTS = ("subject_certificate", "subject_administrator_id", "website_administrator_id",
                      "authenticity_statement")


def make_filing(province: Province | str = Province.beijing, subject_type: str = "enterprise", *,
                add_documents: Iterable[str] = (), **overrides: Any) -> Filing:
    """A filing for ``province`` that passes its rules, with ``overrides`` merged in and
    ``add_documents`` added to its uploaded documents (``documents=[…]`` replaces them)."""
    data = merge(filing_data(province, subject_type), overrides)
    extra = list(add_documents)
    if extra:
        data["documents"] = [*data.get("documents", []), *extra]
    return load_filing(data)


def website_data(province: Province | str = Province.beijing, subject_type: str = "enterprise", *,
                 domain: Mapping[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    """The kit's website of ``province`` as plain data (the first of ``filing_data``), with
    ``changes`` deep-merged in and ``domain`` merged into its first domain::

        held_elsewhere = website_data("hebei", domain={"holder_name": "别的公司"})
        run_by_someone_else = website_data("hebei", administrator={"id_number": resident_id("henan")})
        icp_check("hebei", websites=[held_elsewhere])
    """
    website: dict[str, Any] = merge(filing_data(province, subject_type)["websites"][0], changes)
    if domain is not None:
        website["domains"] = [merge(website["domains"][0], domain), *website["domains"][1:]]
    return website


def individual_with(province: Province | str, person: Mapping[str, Any]) -> dict[str, Any]:
    """Overrides for the kit's individual filing of ``province`` whose person is ``person``
    (merged into the baseline individual): the subject administrator and the website
    administrator; when ``person`` has an ``id_number``, the subject's certificate number
    and the domain holder's too, so that one person stays subject, administrator and
    domain holder::

        icp_check("ningxia", "individual", **individual_with("ningxia", {"id_number": resident_id("gansu")}))
    """
    website = website_data(province, "individual", administrator=dict(person))
    subject: dict[str, Any] = {"administrator": dict(person)}
    number = person.get("id_number")
    if number:
        subject["certificate_number"] = number
        website["domains"] = [merge(d, {"holder_certificate_number": number}) for d in website["domains"]]
    return {"subject": subject, "websites": [website]}


def industry_website(industry: str, *pre_approvals: Mapping[str, Any], province: Province | str = Province.beijing,
                     **changes: Any) -> dict[str, Any]:
    """The kit's website of ``province`` declaring ``industry`` and holding ``pre_approvals``
    (each as a filing carries it: ``industry``, ``license_number``, ``issuer``,
    ``valid_until``), with ``changes``: ``icp_check(websites=[industry_website("news", LICENCE)])``."""
    return website_data(province, **{"industries": [industry], "pre_approvals": [dict(p) for p in pre_approvals],
                                     **changes})
