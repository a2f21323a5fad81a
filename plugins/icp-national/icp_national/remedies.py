"""What would make each national finding go away (``icp_core.remedies``), guide sections 1-4.

A remedy that is the same for every finding of its rule is built here once, at import; one
that depends on the filing (a day to wait for, the paths a holder's name may be copied
from, the value an ID number implies) is built by a function below when its finding is
made. Paths are relative to the finding (``""`` is its own field, ``..`` the item it is
on) unless a function is given the finding's item path. ``review`` is used only where the
finding asks for nothing to change (an informational OSS note).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from icp_core import remedies
from icp_core.model import CertificateType
from icp_core.report import Remedy, RemedyAction, Text
from icp_core.scope_rules import ScopeRules

# --------------------------------------------------------------------------- values only the applicant knows

#: An invalid or contradictory value that only the applicant can give right: give the field again.
DOMAIN_NAME = remedies.provide(Text(
    "Give the domain name as registered: a valid name (letters, digits and hyphens, or a valid "
    "internationalised name) with a registrable part.",
    "请按注册信息填写正确的域名（字母、数字和连字符，或有效的中文域名），且须含可注册的主域名。"))
REAL_NAME_DAY = remedies.provide(Text(
    "Give the day the domain's real-name verification was completed; it cannot be after the day of the check.",
    "请填写域名实名认证实际完成的日期，不能晚于校验日。"))
RESIDENT_ID = remedies.provide(Text(
    "Give the number exactly as printed on the identity card (18 characters, the last may be X).",
    "请按身份证原样填写号码（18位，最后一位可为X）。"))
MOBILE = remedies.provide(Text(
    "Give a mainland mobile number (11 digits starting with 1, or with +86).",
    "请填写中国内地手机号码（以1开头的11位数字，或加+86）。"))
OFFICE_PHONE = remedies.provide(Text(
    "Give the office phone with its area code (010-12345678), or a mainland mobile number.",
    "请填写带区号的办公电话（如010-12345678）或中国内地手机号码。"))
CREDIT_CODE = remedies.provide(Text(
    "Give the unified social credit code exactly as printed on the certificate (18 characters).",
    "请按证件原样填写18位统一社会信用代码。"))
#: A stated birth date or age that the ID number (or the stated birth date) contradicts. Not set
#: from the number: the birth date is the part of the number its mask hides.
BIRTH_DATE = remedies.provide(Text(
    "Give the birth date as on the identity card; it must agree with the ID number (or correct the number).",
    "请按身份证填写出生日期，须与证件号码一致（或更正证件号码）。"))
AGE = remedies.provide(Text(
    "Give the age the birth date makes on the day of the check, or leave the age out when the birth date "
    "or ID number is given.",
    "请填写按出生日期计算至校验日的年龄；已填写出生日期或身份证号码的，可不填年龄。"))
SERVICE_NUMBER = remedies.provide(Text(
    "Apply for a new service identification number for this website and give it.",
    "请为该网站重新申请服务码并填写。"))

# --------------------------------------------------------------------------- changes a person makes

#: Approved suffixes are a fact of the domain, not a choice: another domain is needed.
TLD = remedies.change(Text(
    "File a domain under a top-level domain approved by MIIT instead (such as .cn, .com or .net): this one "
    "cannot be filed.",
    "请改用工信部批准的顶级域名下的域名（如.cn、.com、.net）备案：该域名无法备案。"))
SUBDOMAIN = remedies.change(Text(
    "Leave this subdomain out of the filing: its registrable domain is on record, which covers it.",
    "无需为该下级域名单独备案：其主域名已备案。"))
REGION = remedies.change(Text(
    "Host the website on an instance in a mainland China region (cn-…, other than Hong Kong, Macao and Taiwan).",
    "请将网站托管在中国内地地域（cn-开头，港澳台地域除外）的实例上。"))
LEGAL_REPRESENTATIVE_DETAILS = remedies.change(Text(
    "Correct this person's name or ID number, or the legal representative's: the same ID number with "
    "another name cannot be right.",
    "请更正该人员或法定代表人的姓名或证件号码：证件号码相同而姓名不同，必有一处有误。"))
OSS = Remedy(RemedyAction.review, Text(
    "Nothing to change here: file the domain bound to OSS as usual; this provider need not be added for it.",
    "此处无需修改：绑定OSS的域名照常备案即可，无需为此新增本接入商。"))

# --------------------------------------------------------------------------- mechanical, one per rule

NOT_EXPIRED = remedies.at_least(1, Text(
    "Renew the domain so that it runs past the day of the check.", "请为域名续费，使其到期日晚于校验日。"))
SUBSCRIPTION = remedies.at_least(1, Text(
    "Renew the instance's subscription so that it runs past the day of the check.",
    "请为实例续费，使其到期日晚于校验日。"))
IN_MAINLAND = remedies.set_value(True, Text(
    "Host the website on an instance located in mainland China.", "请将网站托管在位于中国内地的实例上。"))
PROVIDER_ADDED = remedies.set_value(True, Text(
    "Add this provider to the filing as a service provider.", "请在备案信息中新增本接入商为接入服务商。"))
ONE_SUBJECT = remedies.at_most(0, Text(
    "File from a cloud account that files for no other subject (a separate account).",
    "请使用未为其他主体办理备案的云账号（另开账号）办理。"))
IS_LEGAL_REPRESENTATIVE = remedies.set_value(True, Text(
    "Mark the person as the legal representative: the ID number is the legal representative's.",
    "请将该人员标为法定代表人：其证件号码即法定代表人的证件号码。"))
NOT_LEGAL_REPRESENTATIVE = remedies.set_value(False, Text(
    "Mark the person as not the legal representative: the name or ID number is another person's.",
    "请将该人员标为非法定代表人：其姓名或证件号码与法定代表人不同。"))
#: An individual's administrators are the individual: their name and number are the subject's.
INDIVIDUAL_NAME = remedies.copy_from(("subject.name",), Text(
    "Name the individual who files as this administrator (the subject's name).",
    "请将该负责人改为备案者本人（与主体名称一致）。"))
INDIVIDUAL_NUMBER = remedies.copy_from(("subject.certificate_number",), Text(
    "Give the individual's own identity document number (the subject's certificate number).",
    "请填写备案者本人的证件号码（与主体证件号码一致）。"))
HOLDER_IS_A_PERSON = remedies.set_value(CertificateType.personal_id.value, Text(
    "Give the holder's certificate type as a personal identity document: the holder is a person.",
    "持有者为个人，证件类型请填写个人身份证件。"))


def approved_registrar(rules: ScopeRules) -> Remedy:
    """Transfer the domain to a registrar of the approved list (``rules.derived``: once per engine)."""
    names = tuple(str(name) for name in rules.data["approved_registrars"]["names"])
    return remedies.one_of(names, Text(
        "Transfer the domain to a registrar on the MIIT list of approved registrars, and give it as the registrar.",
        "请将域名转入工信部批准的域名注册服务机构，并填写该注册商。"))


# --------------------------------------------------------------------------- per finding: they depend on the filing


def real_name_synchronised(day: dt.date, days: int) -> Remedy:
    """Wait until ``days`` after the real-name verification: the first day the warning is gone."""
    return remedies.wait_until(day, Text(
        f"Submit on or after {{passes_on}}, {days} days after the real-name verification, when it has reached "
        f"the MIIT database.",
        f"请于{{passes_on}}或之后提交（实名认证完成{days}天后，信息已同步至工信部）。"))


def holder_named(paths: Sequence[str]) -> Remedy:
    """The domain held in the name of one who may hold it (``paths``: their names, the subject's first)."""
    return remedies.copy_from(paths, Text(
        "Have the domain held (real-name verified) in the name of the subject, or of another who may hold it "
        "here; transfer the domain if it is not.",
        "请将域名持有者（实名认证）变更为备案主体（或其他可持有者），不一致的可将域名过户。"))


def holder_number(paths: Sequence[str]) -> Remedy:
    """The holder's certificate number: that of the one the holder's name names."""
    return remedies.copy_from(paths, Text(
        "Give the holder's certificate number as the certificate of the one named as holder has it.",
        "请填写与持有者名称对应的证件号码。"))


def holder_is_an_organisation(own: CertificateType | None) -> Remedy:
    """An organisation's certificate type for its holder: the subject's own first, where it is one."""
    kinds = [kind.value for kind in CertificateType if kind is not CertificateType.personal_id]
    if own is not None and own.value in kinds:
        kinds.remove(own.value)
        kinds.insert(0, own.value)
    return remedies.one_of(kinds, Text(
        "Give the holder's certificate type as the organisation's certificate: the holder is the organisation.",
        "持有者为单位，证件类型请填写单位证件。"))


def id_province_as_the_number_says(province: str) -> Remedy:
    """The issuing province the ID number's first digits name (the masked number shows them too)."""
    return remedies.set_value(province, Text(
        f"Give the issuing province as the ID number has it: {province}.", f"请按证件号码填写签发省份：{province}。"))


def province_as_the_code_says(province: str) -> Remedy:
    return remedies.set_value(province, Text(
        f"Give the certificate's province as the unified social credit code has it: {province}.",
        f"请按统一社会信用代码填写证件签发省份：{province}。"))


def hosted_on(instance_ids: Iterable[str]) -> Remedy:
    """One of the filing's instances, or (with none) an instance to add."""
    ids = tuple(instance_ids)
    if not ids:
        return remedies.change(Text(
            "Add the instance that hosts the website to the filing, or give its service identification number.",
            "请在备案中添加托管该网站的实例，或填写服务码。"))
    return remedies.one_of(ids, Text(
        "Give an instance of this filing as the website's host.", "请填写本次备案中的实例作为该网站的托管实例。"))
