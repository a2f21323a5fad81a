"""The sections of the guide rules cite, by number, with their titles: the one table of them.

Titles in English are the guide's own (its table of contents, issue 20190806); the Chinese
ones are ours. ``icp check --explain`` and ``?explain=true`` show a finding's section title
(:func:`explained`); tests/test_remedies.py checks every bundled rule's citation is here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from icp_core.report import Finding, Report, Text

SECTIONS: Mapping[str, Text] = MappingProxyType({
    "1": Text("Overview", "概述"),
    "2": Text("Register an Alibaba Cloud account", "注册阿里云账号"),
    "3": Text("Prepare and check the website domain", "准备并检查网站域名"),
    "4": Text("Host instances and service providers", "接入实例与服务商"),
    "4.1": Text("Prepare and check the instance or server", "准备并检查实例或服务器"),
    "4.2": Text("Apply for service identification numbers", "申请服务码"),
    "5": Text("Read and understand the ICP regulations", "了解各省管局备案规则"),
    "5.1": Text("Overview", "概述"),
    "5.2": Text("ICP Filing regulations for northeastern China", "东北地区备案规则"),
    "5.2.1": Text("ICP Filing regulations for Heilongjiang", "黑龙江备案规则"),
    "5.2.2": Text("ICP Filing requirements for Jilin", "吉林备案规则"),
    "5.2.3": Text("ICP Filing regulations for Liaoning", "辽宁备案规则"),
    "5.3": Text("ICP Filing regulations for northern China", "华北地区备案规则"),
    "5.3.1": Text("ICP Filing regulations for Beijing", "北京备案规则"),
    "5.3.2": Text("ICP Filing regulations for Hebei", "河北备案规则"),
    "5.3.3": Text("ICP Filing regulations for Inner Mongolia", "内蒙古备案规则"),
    "5.3.4": Text("ICP Filing regulations for Shanxi", "山西备案规则"),
    "5.3.5": Text("ICP Filing regulations for Tianjin", "天津备案规则"),
    "5.4": Text("ICP Filing regulations for eastern China", "华东地区备案规则"),
    "5.4.1": Text("ICP Filing regulations for An'hui", "安徽备案规则"),
    "5.4.2": Text("ICP Filing regulations for Fujian", "福建备案规则"),
    "5.4.3": Text("ICP Filing regulations for Jiangsu", "江苏备案规则"),
    "5.4.4": Text("ICP Filing regulations for Shandong", "山东备案规则"),
    "5.4.5": Text("ICP Filing regulations for Shanghai", "上海备案规则"),
    "5.4.6": Text("ICP Filing regulations for Zhejiang", "浙江备案规则"),
    "5.4.7": Text("ICP Filing regulations for Jiangxi", "江西备案规则"),
    "5.5": Text("ICP Filing regulations for southern China", "华南地区备案规则"),
    "5.5.1": Text("ICP Filing regulations for Guangdong", "广东备案规则"),
    "5.5.2": Text("ICP Filing regulations for Guangxi", "广西备案规则"),
    "5.5.3": Text("ICP Filing regulations for Hainan", "海南备案规则"),
    "5.6": Text("ICP Filing regulations for central China", "华中地区备案规则"),
    "5.6.1": Text("ICP Filing regulations for Henan", "河南备案规则"),
    "5.6.2": Text("ICP Filing regulations for Hubei", "湖北备案规则"),
    "5.6.3": Text("ICP Filing regulations for Hunan", "湖南备案规则"),
    "5.7": Text("ICP Filing regulations for northwestern China", "西北地区备案规则"),
    "5.7.1": Text("ICP Filing regulations for Gansu", "甘肃备案规则"),
    "5.7.2": Text("ICP Filing regulations for Ningxia", "宁夏备案规则"),
    "5.7.3": Text("ICP Filing regulations for Qinghai", "青海备案规则"),
    "5.7.4": Text("ICP Filing regulations for Shaanxi", "陕西备案规则"),
    "5.7.5": Text("ICP Filing regulations for Xinjiang", "新疆备案规则"),
    "5.8": Text("ICP Filing regulations for southwestern China", "西南地区备案规则"),
    "5.8.1": Text("ICP Filing regulations for Chongqing", "重庆备案规则"),
    "5.8.2": Text("ICP Filing regulations for Guizhou", "贵州备案规则"),
    "5.8.3": Text("ICP Filing regulations for Sichuan", "四川备案规则"),
    "5.8.4": Text("ICP Filing regulations for Tibet", "西藏备案规则"),
    "5.8.5": Text("ICP Filing regulations for Yunnan", "云南备案规则"),
    "5.9": Text("Special requirements", "特殊要求"),
    "5.9.1": Text("A statement required by Guangdong communication authorities", "广东通信管理局要求的说明"),
    "5.9.2": Text("Requirements for Tianjin ICP Filing", "天津备案要求"),
    "5.9.3": Text("Website construction plan for Guangdong", "广东网站建设方案书"),
    "6": Text("Pre-approvals", "前置审批"),
})


def section_title(citation: str) -> Text | None:
    """The title of each section in ``citation`` (``"5.3.5, 5.9.2"``), joined; ``None`` when
    the table has none of them (a plugin citing a section the guide does not number)."""
    titles = [(number, SECTIONS.get(number)) for number in (part.strip() for part in citation.split(","))]
    known = [(number, title) for number, title in titles if title is not None]
    if not known:
        return None
    if len(known) == 1:
        return known[0][1]
    return Text("; ".join(f"{n} {t.en}" for n, t in known), "；".join(f"{n} {t.zh}" for n, t in known))


def explained(report: Report) -> Report:
    """``report`` with each finding's ``section`` title filled in (``--explain``)."""
    if not report.findings:
        return report
    findings = tuple(_explained(f) for f in report.findings)
    return attrs.evolve(report, findings=findings)


def _explained(finding: Finding) -> Finding:
    title = section_title(finding.citation)
    return finding if title is None or title == finding.section else attrs.evolve(finding, section=title)
