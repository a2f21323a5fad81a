"""The project's own exceptions: every failure a caller can meet is one of these.

A console backend catches ``IcpError`` and maps it: ``InputError`` is the caller's
fault (HTTP 4xx, CLI exit 2), ``PluginLoadError`` and ``PolicyError`` are the
platform's (start-up fails loudly). Messages never carry personal data in clear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from icp_core.privacy import redact_text


class IcpError(Exception):
    """Base class of every error raised on purpose by icp_core."""


@attrs.frozen
class FieldError:
    """One problem with one field of the input, located by its path."""

    # Both are masked by shape when made: a path holds the input's own keys (an ID number
    # typed as a key), a message may quote a value; no face has to remember to mask them.
    path: str = attrs.field(converter=redact_text)  # "websites[0].domains[2].name"; "" for the document
    message: str = attrs.field(converter=redact_text)
    line: int | None = None  # 1-based, when the input came from a file
    column: int | None = None

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """``path (line, column): message`` in English or Simplified Chinese."""
        from icp_core.terminal import printable  # paths echo key names from the input: ESC, BEL, CR …

        zh = lang.startswith("zh")
        where = printable(self.path) or ("（文档）" if zh else "(document)")
        if self.line is not None:
            where += f"（第{self.line}行，第{self.column}列）" if zh else f" (line {self.line}, column {self.column})"
        return f"{where}: {printable(message_zh(self.message) if zh else self.message)}"


# The converter's messages, and their Chinese: whole-message patterns, tried in order.
_ZH_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), zh) for pattern, zh in (
    (r"^unknown key$", "未知字段"),
    (r"^unknown key: did you mean (.+)\?$", r"未知字段：是否应为 \1？"),
    (r"^unknown key; accepted here: (.+)$", r"未知字段；此处可用的字段：\1"),
    (r"^required field is missing$", "缺少必填字段"),
    (r"^required to complete the filing$", "完成备案所必需"),
    (r"^expected text, got (\w+): put the value in quotes$", r"应为文本，实际为 \1：请给该值加上引号"),
    (r"^expected text, got (.+)$", r"应为文本，实际为 \1"),
    (r"^expected true or false, got (.+)$", r"应为 true 或 false，实际为 \1"),
    (r"^expected a whole number, got (.+)$", r"应为整数，实际为 \1"),
    (r"^expected a number(, got (.+))?$", "应为数字"),
    (r"^expected a finite number$", "应为有限数字"),
    (r"^expected a date as YYYY-MM-DD: there is no month (\d+)$", r"应为日期（YYYY-MM-DD）：没有 \1 月"),
    (r"^expected a date as YYYY-MM-DD: month (\d+) of (\d+) has no day (\d+)$",
     r"应为日期（YYYY-MM-DD）：\2 年 \1 月没有 \3 日"),
    (r"^expected a date as YYYY-MM-DD, got (.+)$", r"应为日期（YYYY-MM-DD），实际为 \1"),
    (r"^expected a date as YYYY-MM-DD$", "应为日期（YYYY-MM-DD）"),
    (r"^(.+) is not one of: (.+)$", r"\1 不是以下取值之一：\2"),
    (r"^unknown province (.+?): (?:did you mean (.+?)\? )?give a key.*; keys: (.+)$",
     r"未知省份 \1：请填写键名、中文名称（北京）、单字简称（京）或 GB/T 2260 代码（11）；键名：\3"),
    (r"^unknown province (.+)$", r"未知省份 \1"),
    (r"^expected a province name or code, got (.+)$", r"应为省份名称或代码，实际为 \1"),
    (r"^longer than (\d+) characters$", r"超过 \1 个字符"),
    (r"^value longer than (\d+) characters$", r"值超过 \1 个字符"),
    (r"^contains control or bidirectional-override characters$", "含有控制字符或双向覆盖字符"),
    (r"^more than (\d+) items$", r"超过 \1 项"),
    (r"^date outside (.+) … (.+)$", r"日期不在 \1 至 \2 之间"),
    (r"^must not be negative$", "不能为负数"),
    (r"^must be a number$", "须为数字"),
    (r"^duplicate key$", "重复的字段"),
    (r"^tag (.+) is not allowed$", r"不允许使用标签 \1"),
    (r"^merge keys .*$", "不允许使用合并键（<<）或非标量键：请完整写出映射"),
    (r"^not valid YAML/JSON: (.+)$", r"不是有效的 YAML/JSON：\1"),
    (r"^not valid JSON: (.+)$", r"不是有效的 JSON：\1"),
    (r"^the document is empty$", "文档为空"),
    (r"^expected a mapping at the top, got (.+)$", r"顶层应为映射，实际为 \1"),
    (r"^(input|file) is larger than (\d+) bytes$", r"输入超过 \2 字节"),
    (r"^not UTF-8 \(byte (\d+)\)$", r"不是 UTF-8 编码（第 \1 字节）"),
    (r"^cannot read file: (.+)$", r"无法读取文件：\1"),
    (r"^nested deeper than (\d+) levels$", r"嵌套超过 \1 层"),
    (r"^more than (\d+) values \(aliases count as they expand\)$", r"超过 \1 个值（别名按展开后计数）"),
    (r"^cannot read scalar as (.+)$", r"无法按 \1 读取该值"),
    (r"^number out of range$", "数字超出范围"),
    (r"^more than (\d+) domains in one filing$", r"一份备案的域名超过 \1 个"),
    (r"^(.+) is not a JSON number$", r"\1 不是 JSON 数字"),
    (r"^not valid Unicode \(a lone surrogate\)$", "不是有效的 Unicode（含孤立代理字符）"),
    (r"^line longer than (\d+) bytes$", r"该行超过 \1 字节"),
    (r"^give the day to evaluate the rules for \(YYYY-MM-DD\)$", "请提供规则的评估日期（YYYY-MM-DD）"),
    (r"^expected a filing \(a JSON object\)$", "应为一份备案（JSON 对象）"),
))


def message_zh(message: str) -> str:
    """The Chinese of an input-error message; a message not in the table stays English."""
    for pattern, zh in _ZH_MESSAGES:
        if pattern.match(message):
            return pattern.sub(zh, message)
    return message


class InputError(IcpError, ValueError):
    """The filing (or request) cannot be read: every problem found, each with its path."""

    def __init__(self, errors: Sequence[FieldError], source: str | None = None) -> None:
        self.errors = tuple(errors)
        self.source = source
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """Every problem, one per line, in English or Simplified Chinese."""
        head = f"{redact_text(self.source)}: " if self.source else ""
        lines = "\n".join(f"  {e.text(lang)}" for e in self.errors)
        count = f"{len(self.errors)} 处输入错误" if lang.startswith("zh") else f"{len(self.errors)} input error(s)"
        return f"{head}{count}\n{lines}"


class PolicyError(IcpError):
    """A policy file (a plugin's rules or a deployment profile) is invalid."""

    def __init__(self, errors: Sequence[FieldError], source: str) -> None:
        self.errors = tuple(errors)
        self.source = source
        from icp_core.terminal import printable

        lines = "\n".join(f"  {printable(source)}:{e.line or 0}:{e.column or 0}: {printable(e.path)}: "
                          f"{printable(e.message)}" for e in self.errors)
        super().__init__(f"invalid policy {source}\n{lines}")


class PluginLoadError(IcpError):
    """A plugin could not be found, imported or registered; names ``distribution[entry]``."""


class FactError(IcpError, ValueError):
    """A value (ID number, credit code, phone number, domain name) is malformed.

    ``code`` is stable (``checksum``, ``length``, ``birth_date`` …) so that rules and
    tests can tell failures apart; ``en`` and ``zh`` are the messages. Neither message
    contains the value itself unmasked: a parser quotes a personal value through
    ``mask_value``, and both messages are masked by shape here as well, for a value that
    was not expected to be personal (an ID number typed as a domain name).
    """

    def __init__(self, code: str, en: str, zh: str) -> None:
        self.code = code
        self.en = redact_text(en)
        self.zh = redact_text(zh)
        super().__init__(self.en)
