"""Turning answers into stable JSON-ready data and readable text, in English or Chinese.

The JSON form is the contract for console backends (CLI ``--format json`` and the
HTTP service return the same): keys in a fixed order, messages in the requested
language, dates as ISO strings. The text form is for people at a terminal.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
import cattrs
import cattrs.gen

from icp_core.remedies import remedy_of
from icp_core.report import (
    Condition,
    Coverage,
    Decision,
    DecisionReport,
    DocumentRequirement,
    DocumentsReport,
    Finding,
    Note,
    PluginFailure,
    PluginInfo,
    Reason,
    Remedy,
    Report,
    Text,
)


def to_data(value: Any, lang: str = "en") -> Any:
    """Plain data for JSON: ``Text`` becomes the string in ``lang``; enums their value,
    dates ISO strings, sets sorted lists. The one converter of the project
    (``icp_core.convert.converter``) does the unstructuring, with one rule added per
    language, so that input and answers are one mapping of the model to data."""
    return _answers(lang.startswith("zh")).unstructure(value)


@functools.cache
def _answers(chinese: bool) -> cattrs.Converter:
    from icp_core.convert import converter

    answers = converter.copy()
    answers.register_unstructure_hook(Text, (lambda text: text.zh) if chinese else (lambda text: text.en))
    # ``actionable`` is derived (init=False), and part of the contract: a console tells apart what it can apply.
    answers.register_unstructure_hook(Remedy, cattrs.gen.make_dict_unstructure_fn(
        Remedy, answers, _cattrs_include_init_false=True))
    plain_finding = cattrs.gen.make_dict_unstructure_fn(Finding, answers)

    def finding(value: Finding) -> dict[str, Any]:
        data = plain_finding(value)
        if value.remedy is not None:  # shown resolved: its paths the filing's, its sentence filled in
            data["remedy"] = answers.unstructure(remedy_of(value), Remedy)
        return data

    answers.register_unstructure_hook(Finding, finding)  # before Report's, which looks it up once
    for answer in (DocumentsReport, DecisionReport):
        answers.register_unstructure_hook(answer, cattrs.gen.make_dict_unstructure_fn(
            answer, answers, **_omitted_when_default(answer)))
    plain = cattrs.gen.make_dict_unstructure_fn(Report, answers, **_omitted_when_default(Report))

    def report(value: Report) -> dict[str, Any]:
        data = plain(value)
        data["passed"] = value.passed  # derived, and part of the contract: a backend reads one flag
        return data

    answers.register_unstructure_hook(Report, report)
    return answers


def _omitted_when_default(cls: type) -> dict[str, Any]:
    """Fields declared ``metadata={"omit_if_default": True}`` are left out of the JSON while they
    hold their default: an answer gains a key only where it has something to say (the
    rule versions of dated rules), and stays byte-identical otherwise."""
    return {field.name: cattrs.gen.override(omit_if_default=True) for field in attrs.fields(cls)
            if field.metadata.get("omit_if_default")}


_LABELS = {
    "verdict": Text("Verdict", "结论"),
    "findings": Text("Findings", "问题"),
    "documents": Text("Documents to upload", "需上传的材料"),
    "notes": Text("Notes (cannot be checked from the filing)", "提示（无法依据备案信息校验）"),
    "missing": Text("Missing information", "缺少的信息"),
    "failures": Text("Plugin failures", "插件故障"),
    "plugins": Text("Plugins consulted", "参与校验的插件"),
    "none": Text("none", "无"),
    "provided": Text("provided", "已提供"),
    "decision": Text("Decision", "结论"),
    "conditions": Text("Conditions", "条件"),
    "reasons": Text("Reasons", "理由"),
    "waived": Text("Waived by profile", "配置豁免的规则"),
    "rule_versions": Text("Rule versions in force", "适用的规则版本"),
    "province": Text("province", "省份"),
    "evaluated_on": Text("evaluated on", "评估日期"),
    "cite": Text("cite", "依据"),
    "plugin": Text("plugin", "插件"),
    "coverage": Text("Coverage (the scopes of this filing)", "覆盖范围（本备案所属的范围）"),
    "also": Text("; also", "；另见"),
    "overridden": Text("Less specific decisions (overridden)", "被覆盖的较低层级结论"),
    "remedy": Text("remedy", "整改"),
    "or": Text("or", "或"),
    "not_actionable": Text("(for a person to do)", "（须人工处理）"),
    "combining": Text("combining", "合并规则"),
}

_VERDICTS = {
    "pass": Text("PASS — the filing meets every rule checked", "通过：备案信息符合所有已校验的规则"),
    "fail": Text("FAIL — the filing breaks at least one rule", "不通过：备案信息不符合至少一条规则"),
    "incomplete": Text("INCOMPLETE — no rule broken yet, but information is missing",
                       "信息不完整：尚未发现违规，但缺少部分信息"),
    "error": Text("ERROR — a plugin failed; no conclusion can be drawn", "错误：插件运行失败，无法得出结论"),
    "not_covered": Text("NOT COVERED — no plugin checked part of this filing; it has not been checked in full",
                        "未覆盖：本备案的部分范围没有插件检查，尚未完整校验"),
    "allowed": Text("ALLOWED", "允许"),
    "conditional": Text("ALLOWED ON CONDITIONS", "满足条件后允许"),
    "denied": Text("NOT ALLOWED", "不允许"),
    "undetermined": Text("UNDETERMINED — no rule decides this request; have it decided by review",
                         "无法判定：没有规则判定该请求，请人工审核"),
    "decision_incomplete": Text("INCOMPLETE — facts the decision needs are missing", "信息不完整：缺少判定所需的信息"),
    "listed": Text("every scope of the filing was consulted", "已查询备案所属的全部范围"),
}

_COVERAGE = {
    "covered": Text("covered by", "由以下插件覆盖"),
    "not_installed": Text("NOT COVERED: no plugin installed; install", "未覆盖：未安装插件，请安装"),
    "not_allowed": Text("NOT COVERED: installed but not allowed:", "未覆盖：已安装但未被允许："),
    "failed": Text("FAILED to load:", "加载失败："),
    "not_served": Text("NOT COVERED: not served by this deployment", "未覆盖：本部署不受理"),
    "not_in_force": Text("NOT COVERED: no rule in force on the evaluation day in", "未覆盖：评估日期当天无生效规则："),
}


def _coverage(coverage: tuple[Coverage, ...], lang: str) -> list[str]:
    if not coverage:
        return []
    lines = [f"\n{_label('coverage', lang)}:"]
    for entry in coverage:
        mark = "ok" if entry.covered else "!!"
        who = entry.plugin or entry.install or ""
        lines.append(f"  {mark} {entry.scope}: {_COVERAGE[entry.status.value].get(lang)} {who}".rstrip())
    return lines


def _versions(versions: tuple[str, ...], lang: str) -> list[str]:
    return [f"\n{_label('rule_versions', lang)}: {', '.join(versions)}"] if versions else []


def _label(key: str, lang: str) -> str:
    return _LABELS[key].get(lang)


def _where(province: str, day: str, lang: str) -> str:
    from icp_core.provinces import Province

    shown = Province(province).zh if lang.startswith("zh") else province
    return f"{_label('province', lang)}: {shown}   {_label('evaluated_on', lang)}: {day}"


def render_report(report: Report, lang: str = "en", *, notes: bool = False, explain: bool = False) -> str:
    """``report`` for a terminal; ``explain``: each finding with its section's title and its
    remedy (``icp check --explain``; give it a report from ``icp_core.sections.explained``)."""
    lines = [f"{_label('verdict', lang)}: {_VERDICTS[report.verdict.value].get(lang)}",
             "  " + _where(report.province, report.evaluated_on.isoformat(), lang)]
    if report.profile:
        lines.append(f"  profile: {report.profile}")
    lines += _findings(report.findings, lang, explain)
    lines += _documents(report.documents, lang)
    if report.missing:
        lines.append(f"\n{_label('missing', lang)}:")
        lines += [f"  - {path}" for path in report.missing]
    if notes:
        lines += _notes(report.notes, lang)
    elif report.notes:
        lines.append(f"\n{_label('notes', lang)}: {len(report.notes)} " + ("(show them with --notes)" if lang == "en"
                                                                        else "（使用 --notes 显示）"))
    lines += _failures(report.failures, lang)
    if report.waived:
        lines.append(f"\n{_label('waived', lang)}: {', '.join(report.waived)}")
    lines += _coverage(report.coverage, lang)
    lines += _versions(report.rule_versions, lang)
    lines.append(f"\n{_label('plugins', lang)}: " + ("; ".join(report.plugins) or _label("none", lang)))
    return "\n".join(lines) + "\n"


def render_documents(report: DocumentsReport, lang: str = "en") -> str:
    verdict = _VERDICTS[report.verdict.value].get(lang)
    lines = [f"{_label('verdict', lang)}: {verdict}",
             "  " + _where(report.province, report.evaluated_on.isoformat(), lang)]
    lines += _documents(report.documents, lang)
    lines += _failures(report.failures, lang)
    lines += _coverage(report.coverage, lang)
    lines += _versions(report.rule_versions, lang)
    lines.append(f"\n{_label('plugins', lang)}: " + ("; ".join(report.plugins) or _label("none", lang)))
    return "\n".join(lines) + "\n"


def render_decision(report: DecisionReport, lang: str = "en") -> str:
    outcome = report.outcome.value if report.outcome else "error"
    if outcome == "incomplete":
        outcome = "decision_incomplete"
    lines = [f"{report.request}  ({report.province})",
             f"{_label('decision', lang)}: {_VERDICTS[outcome].get(lang)}"
             + (f"   [{report.decided_by}]" if report.decided_by else "")]
    if report.reasons:
        lines.append(f"\n{_label('reasons', lang)}:")
        lines += [_reason(r, lang) for r in report.reasons]
    if report.conditions:
        lines.append(f"\n{_label('conditions', lang)}:")
        lines += [_condition(c, lang) for c in report.conditions]
    if report.missing:
        lines.append(f"\n{_label('missing', lang)}:")
        lines += [f"  - {path}" for path in report.missing]
    lines += _notes(report.notes, lang)
    lines += _failures(report.failures, lang)
    lines += _coverage(report.coverage, lang)
    overridden = [d for d in report.decisions if d.scope not in report.decided_by.split(", ")]
    if overridden:
        lines.append(f"\n{_label('overridden', lang)}:")
        lines += [_decision(d, lang) for d in overridden]
    lines += _versions(report.rule_versions, lang)
    lines.append(f"\n{_label('combining', lang)}: {report.combining}")
    lines.append(f"{_label('plugins', lang)}: " + ("; ".join(report.plugins) or _label("none", lang)))
    return "\n".join(lines) + "\n"


def render_coverage_table(coverage: list[Coverage]) -> str:
    """Every scope of the guide and what covers it (``icp plugins --coverage``)."""
    rows = [("SCOPE", "STATUS", "PLUGIN")]
    rows += [(c.scope, c.status.value, c.plugin or (f"(pip install {c.install})" if c.install else ""))
             for c in coverage]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    covered = sum(1 for c in coverage if c.covered)
    lines.append(f"\n{covered} of {len(coverage)} scopes covered")
    return "\n".join(lines) + "\n"


def render_plugins(plugins: list[PluginInfo], problems: list[str]) -> str:
    rows = [("SCOPE", "DISTRIBUTION", "VERSION", "RULES", "NOTE")]
    for info in plugins:
        note = ""
        if info.replaced_by:
            note = f"replaced by {info.replaced_by}"
        elif info.replaces:
            note = f"replaces {', '.join(info.replaces)}"
        rows.append((info.scope, info.name, info.version, str(info.rules), note))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    tuned = [(info.name, info.parameters) for info in plugins if info.parameters and not info.replaced_by]
    if tuned:
        lines.append("\nParameters in force (a profile's rules: {<id>: {params: …}} changes them):")
        for name, parameters in tuned:
            lines.append(f"  {name}:")
            lines += [f"    {parameter}" for parameter in parameters]
    if problems:
        lines.append("\nProblems:")
        lines += [f"  ! {p}" for p in problems]
    return "\n".join(lines) + "\n"


def _findings(findings: tuple[Finding, ...], lang: str, explain: bool = False) -> list[str]:
    lines = [f"\n{_label('findings', lang)} ({len(findings)}):"]
    if not findings:
        lines.append(f"  {_label('none', lang)}")
    for f in findings:
        status = f.severity.value if f.status.value == "violation" else f.status.value.replace("_", " ")
        if lang.startswith("zh"):
            status = {"error": "错误", "warning": "警告", "info": "提示", "not covered": "未覆盖"}.get(status, "待补充")
        lines.append(f"  [{status}] {f.rule_id}  ({f.field or '-'})")
        lines.append(f"      {f.message.get(lang)}")
        section = f" \u2014 {f.section.get(lang)}" if explain and f.section is not None else ""
        lines.append(f"      {_label('cite', lang)}: {f.citation}{section}   {_label('plugin', lang)}: {f.plugin}")
        remedy = remedy_of(f) if explain else None
        if remedy is not None:
            lines += _remedy(remedy, lang, f"      {_label('remedy', lang)}: ")
    return lines


def _remedy(remedy: Remedy, lang: str, lead: str) -> list[str]:
    """A remedy in lines: its sentence, what a program would apply, then the alternatives."""
    person = "" if remedy.actionable else f" {_label('not_actionable', lang)}"
    lines = [f"{lead}{remedy.text.get(lang)}{person}", f"{' ' * len(lead)}[{_remedy_terms(remedy)}]"]
    for other in remedy.alternatives:
        lines += _remedy(other, lang, f"{' ' * (len(lead) - 2)}{_label('or', lang)}: ")
    return lines


def _remedy_terms(remedy: Remedy) -> str:
    """The machine-readable part of a remedy, as JSON has it, in one line."""
    terms = [remedy.action.value, remedy.field or "-"]
    if remedy.values:
        terms.append("values=" + "|".join(str(v).lower() if isinstance(v, bool) else v for v in remedy.values))
    for name in ("document", "minimum", "maximum", "passes_on", "industry"):
        value = getattr(remedy, name)
        if value is not None:
            terms.append(f"{name}={value}")
    if remedy.same_as:
        terms.append("same_as=" + "|".join(remedy.same_as))
    if remedy.fields:
        terms.append("fields=" + ",".join(remedy.fields))
    return " ".join(terms)


def _documents(documents: tuple[DocumentRequirement, ...], lang: str) -> list[str]:
    lines = [f"\n{_label('documents', lang)} ({len(documents)}):"]
    if not documents:
        lines.append(f"  {_label('none', lang)}")
    for d in documents:
        done = f" [{_label('provided', lang)}]" if d.provided else ""
        about = f" — {d.field}" if d.field else ""
        lines.append(f"  * {d.name.get(lang)}{about}{done}")
        also = f"{_label('also', lang)} {', '.join(d.also_required_by)}" if d.also_required_by else ""
        lines.append(f"      {d.reason.get(lang)}  ({d.rule_id}, {d.citation}{also})")
    return lines


def _notes(notes: tuple[Note, ...], lang: str) -> list[str]:
    if not notes:
        return []
    lines = [f"\n{_label('notes', lang)}:"]
    for n in notes:
        lines.append(f"  i {n.message.get(lang)}  ({n.rule_id}, {n.citation})")
    return lines


def _failures(failures: tuple[PluginFailure, ...], lang: str) -> list[str]:
    if not failures:
        return []
    lines = [f"\n{_label('failures', lang)}:"]
    lines += [f"  ! {f.plugin} in {f.hook}: {f.error}" for f in failures]
    return lines


def _reason(reason: Reason, lang: str) -> str:
    return f"  - {reason.message.get(lang)}  ({reason.rule_id}, {reason.citation}, {reason.plugin})"


def _condition(condition: Condition, lang: str) -> str:
    mark = "x" if condition.met else " "
    return f"  [{mark}] {condition.message.get(lang)}  ({condition.rule_id}, {condition.citation})"


def _decision(decision: Decision, lang: str) -> str:
    """A less specific scope's decision, with why: the reader sees what was overridden and on what grounds."""
    outcome = "decision_incomplete" if decision.outcome.value == "incomplete" else decision.outcome.value
    lines = [f"  {decision.scope}: {_VERDICTS[outcome].get(lang)}"]
    lines += ["  " + _reason(r, lang) for r in decision.reasons]
    lines += ["  " + _condition(c, lang) for c in decision.conditions]
    lines += [f"    ? {path}" for path in decision.missing]
    return "\n".join(lines)
