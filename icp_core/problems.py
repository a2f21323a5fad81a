"""What can be wrong with an input, each problem with a stable code and its text in
English and Simplified Chinese, declared once, here.

An error is born bilingual: the place that finds a problem names it
(``Problem.too_many_items(limit=100)``) and gets a :class:`Said` with the code and both
texts. Nothing translates English after the fact, so a new problem cannot silently stay
English: its member needs both texts, and ``tests/test_problems.py`` checks that they
take the same placeholders. Codes are the member names; they are part of the API
(HTTP 422 bodies, batch error lines, ``--format json``) and never change meaning.

Placeholders are filled with :meth:`str.format` on the template, never on the values:
a value is only ever an argument, so text from the input cannot act as a template. A
value may itself be a :class:`Said` or a :class:`~icp_core.report.Text` (a word such as
"a mapping" that has its own Chinese), and is then given in the message's language.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from icp_core.privacy import redact_text


@attrs.frozen
class Said:
    """One problem, said: its code and its text in both languages (masked by shape)."""

    code: str
    en: str = attrs.field(converter=redact_text)
    zh: str = attrs.field(converter=redact_text)

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en

    def __str__(self) -> str:
        return self.en


def _in(lang: str, value: Any) -> Any:
    get = getattr(value, "get", None)
    return get(lang) if callable(get) and hasattr(value, "zh") else value


class Problem(enum.Enum):
    """Every input problem the core reports; the value is ``(English, Chinese)``."""

    # -- reading text -------------------------------------------------------------------
    cannot_read = ("cannot read file: {reason}", "无法读取文件：{reason}")
    too_large = ("input is larger than {limit} bytes", "输入超过 {limit} 字节")
    file_too_large = ("file is larger than {limit} bytes", "文件超过 {limit} 字节")
    not_utf8 = ("not UTF-8 (byte {offset})", "不是 UTF-8 编码（第 {offset} 字节）")
    not_yaml = ("not valid YAML/JSON: {detail}", "不是有效的 YAML/JSON：{detail}")
    not_json = ("not valid JSON: {detail}", "不是有效的 JSON：{detail}")
    empty_document = ("the document is empty", "文档为空")
    too_deep = ("nested deeper than {limit} levels", "嵌套超过 {limit} 层")
    too_many_values = ("more than {limit} values (aliases count as they expand)",
                       "超过 {limit} 个值（别名按展开后计数）")
    tag_not_allowed = ("tag {tag} is not allowed", "不允许使用标签 {tag}")
    merge_key = ("merge keys (<<) and non-scalar keys are not allowed: write the mapping out",
                 "不允许使用合并键（<<）或非标量键：请完整写出映射")
    unsupported_node = ("unsupported YAML node", "不支持的 YAML 节点")
    duplicate_key = ("duplicate key", "重复的字段")
    value_too_long = ("value longer than {limit} characters", "值超过 {limit} 个字符")
    out_of_range = ("number out of range", "数字超出范围")
    not_json_number = ("{name} is not a JSON number", "{name} 不是 JSON 数字")
    lone_surrogate = ("not valid Unicode (a lone surrogate)", "不是有效的 Unicode（含孤立代理字符）")
    line_too_long = ("line longer than {limit} bytes", "该行超过 {limit} 字节")
    batch_got_yaml = ("--batch reads JSON Lines (one filing as a JSON object a line); this is YAML: "
                      "check it without --batch, or write one JSON filing a line",
                      "--batch 读取 JSON Lines（每行一个 JSON 对象形式的备案）；这是 YAML：请去掉 --batch 检查，"
                      "或每行写一份 JSON 备案")
    batch_got_json_document = ("--batch reads JSON Lines (one filing as a JSON object a line); this is one "
                               "JSON document over several lines: check it without --batch",
                               "--batch 读取 JSON Lines（每行一个 JSON 对象形式的备案）；这是跨多行的一个 JSON 文档："
                               "请去掉 --batch 检查")
    no_text = ("no text", "没有内容")
    null_filing = ("no filing: the value is null", "没有备案：值为空（null）")
    # -- shape and types ----------------------------------------------------------------
    not_mapping_at_top = ("expected a mapping at the top, got {got}", "顶层应为映射，实际为{got}")
    not_a_filing = ("expected a filing (a JSON object)", "应为一份备案（JSON 对象）")
    not_a_filing_id = ("expected text or a whole number: the filing's id, given back with its answer",
                       "应为文本或整数：备案的 id，随应答返回")
    not_a_replay_side = ("{detail}", "对比的一方有误：{detail}")
    not_an_object = ("expected a JSON object", "应为 JSON 对象")
    not_a_list = ("expected a list, got {got}", "应为列表，实际为{got}")
    not_a_list_of_filings = ("expected a list of filings", "应为备案列表")
    unknown_key = ("unknown key", "未知字段")
    unknown_key_near = ("unknown key: did you mean {near}?", "未知字段：是否应为 {near}？")
    unknown_key_accepted = ("unknown key; accepted here: {fields}", "未知字段；此处可用的字段：{fields}")
    missing = ("required field is missing", "缺少必填字段")
    required_to_complete = ("required to complete the filing", "完成备案所必需")
    not_text = ("expected text, got {got}", "应为文本，实际为{got}")
    not_text_quote = ("expected text, got {got}: put the value in quotes", "应为文本，实际为{got}：请给该值加上引号")
    blank = ("is blank: give a value", "为空：请填写内容")
    not_bool = ("expected true or false, got {got}", "应为 true 或 false，实际为{got}")
    not_bool_plain = ("expected true or false", "应为 true 或 false")
    not_whole_number = ("expected a whole number, got {got}", "应为整数，实际为{got}")
    not_number = ("expected a number, got {got}", "应为数字，实际为{got}")
    not_number_plain = ("expected a number", "应为数字")
    not_finite = ("expected a finite number", "应为有限数字")
    no_such_month = ("expected a date as YYYY-MM-DD: there is no month {month}",
                     "应为日期（YYYY-MM-DD）：没有 {month} 月")
    no_such_day = ("expected a date as YYYY-MM-DD: month {month} of {year} has no day {day}",
                   "应为日期（YYYY-MM-DD）：{year} 年 {month} 月没有 {day} 日")
    not_date_value = ("expected a date as YYYY-MM-DD, got {got}", "应为日期（YYYY-MM-DD），实际为 {got}")
    not_date = ("expected a date as YYYY-MM-DD", "应为日期（YYYY-MM-DD）")
    not_one_of = ("{given} is not one of: {allowed}", "{given} 不是以下取值之一：{allowed}")
    not_one_of_near = ("{given} is not one of: {allowed} (did you mean {near}?)",
                       "{given} 不是以下取值之一：{allowed}（是否应为 {near}？）")
    not_a_province_value = ("expected a province name or code, got {got}", "应为省份名称或代码，实际为{got}")
    unknown_province = ("unknown province {given}: {hint}give a key, a Chinese name (北京), a one-character "
                        "abbreviation (京) or a GB/T 2260 code (11); keys: {keys}",
                        "未知省份 {given}：{hint}请填写键名、中文名称（北京）、单字简称（京）或 GB/T 2260 代码（11）；"
                        "键名：{keys}")
    did_you_mean = ("did you mean {near}? ", "是否应为 {near}？")
    # -- values -------------------------------------------------------------------------
    too_long = ("longer than {limit} characters", "超过 {limit} 个字符")
    forbidden_characters = ("contains control or bidirectional-override characters", "含有控制字符或双向覆盖字符")
    too_many_items = ("more than {limit} items", "超过 {limit} 项")
    too_many_domains = ("more than {limit} domains in one filing", "一份备案的域名超过 {limit} 个")
    date_outside = ("date outside {earliest} … {latest}", "日期不在 {earliest} 至 {latest} 之间")
    negative = ("must not be negative", "不能为负数")
    not_a_real_number = ("must be a number", "须为数字")
    name_without_letters = ("a name must contain letters", "名称须包含文字")
    same_domain_twice = ("the same domain as {first}: list each domain once",
                         "与 {first} 是同一域名：每个域名只填写一次")
    unknown_industry = ("unknown industry {given}: {hint}accepted: {accepted}",
                        "未知行业 {given}：{hint}可用的取值：{accepted}")
    unknown_document = ("unknown document {given}: {hint}accepted: {accepted}",
                        "未知材料 {given}：{hint}可用的取值：{accepted}")
    no_such_item = ("{key}@{item}: names no item of this filing (write key@path, e.g. "
                    "domain_certificate@websites[0].domains[1])",
                    "{key}@{item}：本备案中没有该项（请写作 键@路径，例如 domain_certificate@websites[0].domains[1]）")
    # -- requests -------------------------------------------------------------------------
    evaluation_day_missing = ("give the day to evaluate the rules for (YYYY-MM-DD)",
                              "请提供规则的评估日期（YYYY-MM-DD）")
    # -- values a checker refused (an identity number, a domain …): its own code and texts
    #    travel in the FactError; this member is the fallback for text only in English ----
    invalid = ("{detail}", "取值无效：{detail}")
    # -- policy files and profiles: read by plugin authors and platform teams -----------------
    policy = ("{detail}", "策略文件有误：{detail}")

    def __call__(self, **values: Any) -> Said:
        en, zh = self.value
        return Said(self.name, en.format(**{k: _in("en", v) for k, v in values.items()}),
                    zh.format(**{k: _in("zh", v) for k, v in values.items()}))


def kind_of(value: object) -> Said:
    """What a value is, in words of both languages ("a mapping" / "映射")."""
    if isinstance(value, dict):
        return Said("mapping", "a mapping", "映射")
    if isinstance(value, list):
        return Said("list", "a list", "列表")
    if value is None:
        return Said("nothing", "nothing", "空值")
    name = type(value).__name__
    return Said(name, name, {"bool": "布尔值", "int": "整数", "float": "数字", "str": "文本"}.get(name, name))


def said_of(exc: BaseException) -> Said:
    """The problem an exception carries: its own :class:`Said`, a fact checker's codes,
    or (for text raised elsewhere only in English) :attr:`Problem.invalid`."""
    first = exc.args[0] if exc.args else None
    if isinstance(first, Said):
        return first
    fact = getattr(exc, "said", None)
    if isinstance(fact, Said):
        return fact
    return Problem.invalid(detail=str(exc) or type(exc).__name__)
