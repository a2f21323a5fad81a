"""Scopes: the parts of the rules a filing is subject to, and which plugin covers each.

A filing is in the ``national`` scope, its province's scope (``province.guangdong``),
one scope per type of instance it is hosted on (``instance.nat_gateway``) and one
per content industry its websites declare (``industry.news``). Each scope is served
by one plugin; a scope with no plugin was not checked, and the answer says so
(``not_covered``), never ``pass``.
"""

from __future__ import annotations

from collections.abc import Iterable

from icp_core.model import Filing, InstanceType
from icp_core.provinces import Province
from icp_core.report import Text

NATIONAL = "national"


def all_scopes(industries: Iterable[str]) -> list[str]:
    """Every scope the guide has: national, 31 provinces, 8 instance types and the
    known industries, in that order (the coverage table of ``icp plugins``)."""
    return [NATIONAL, *(f"province.{p.value}" for p in Province), *(f"instance.{t.value}" for t in InstanceType),
            *(f"industry.{key}" for key in sorted(industries))]


def filing_scopes(filing: Filing) -> list[tuple[str, str]]:
    """``(scope, field)`` for each scope ``filing`` is in, most general first; the field
    is what puts it there (its first occurrence)."""
    found: dict[str, str] = {NATIONAL: ""}
    industries: dict[str, str] = {}
    for w, website in enumerate(filing.websites):
        for i, industry in enumerate(website.industries):
            industries.setdefault(f"industry.{industry}", f"websites[{w}].industries[{i}]")
    found.update(sorted(industries.items()))
    types: dict[str, str] = {}
    for index, instance in enumerate(filing.instances):
        types.setdefault(f"instance.{instance.type.value}", f"instances[{index}].type")
    found.update(sorted(types.items()))
    found[f"province.{filing.province.value}"] = "province"
    return list(found.items())


def distribution_for(scope: str) -> str:
    """The conventional distribution name of a scope's plugin (``icp-province-guangdong``)."""
    return "icp-" + scope.replace(".", "-").replace("_", "-")


def citation_for(scope: str) -> str:
    """The section of the guide that holds a scope's rules."""
    kind, _, key = scope.partition(".")
    if kind == "province":
        try:
            return Province(key).section
        except ValueError:
            return "5"
    return {"national": "1", "instance": "4.1", "industry": "6"}.get(kind, "1")


def describe(scope: str) -> Text:
    """A scope as people name it: "the province Guangdong" / "广东省"."""
    kind, _, key = scope.partition(".")
    if kind == "province":
        try:
            province = Province(key)
            return Text(f"the province {key.capitalize()}", province.zh)
        except ValueError:
            pass
    if kind == "instance":
        return Text(f"instances of type {key}", f"{key} 类型的实例")
    if kind == "industry":
        return Text(f"websites with {key.replace('_', ' ')} content", f"涉及 {key} 行业内容的网站")
    return Text("the national rules", "全国性规则")
