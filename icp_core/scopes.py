"""Scopes: the parts of the rules a filing is subject to, and which plugin covers each.

A filing is in the ``national`` scope, its province's scope (``province.guangdong``),
one scope per type of instance it is hosted on (``instance.nat_gateway``) and one
per content industry its websites declare (``industry.news``). Each scope is served
by one plugin; a scope with no plugin was not checked, and the answer says so
(``not_covered``), never ``pass``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from icp_core.provinces import Province
from icp_core.report import Text

if TYPE_CHECKING:
    from icp_core.model import Filing

NATIONAL = "national"


class ScopeKind(enum.Enum):
    """The kinds of scope, declared once: how specific each is (a more specific scope's
    decision outranks a less specific one's, and may supersede its rules) and the guide's
    section for its rules. The engine, policy validation, the CLI's ``new-plugin`` and the
    coverage table all read this; a new kind is added here and nowhere else."""

    national = ("national", 0, "1")
    industry = ("industry", 1, "6")
    instance = ("instance", 1, "4.1")
    province = ("province", 2, "5")

    def __init__(self, word: str, specificity: int, section: str) -> None:
        self.word = word
        self.specificity = specificity
        self.section = section

    @property
    def keyed(self) -> bool:
        """Whether scopes of this kind name a key (``province.hebei``); only ``national`` does not."""
        return self is not ScopeKind.national

    @classmethod
    def of(cls, scope: str) -> ScopeKind:
        """The kind of ``scope`` (``province.hebei`` → ``province``); ``ValueError`` if none."""
        return cls[scope.partition(".")[0]]


#: What a scope may be called: ``national``, or a keyed kind and a lowercase key.
SCOPE_PATTERN = re.compile(
    rf"^({NATIONAL}|({'|'.join(k.word for k in ScopeKind if k.keyed)})\.[a-z0-9_]+)$")


def all_scopes(industries: Iterable[str]) -> list[str]:
    """Every scope the guide has: national, 31 provinces, 8 instance types and the
    known industries, in that order (the coverage table of ``icp plugins``)."""
    from icp_core.model import InstanceType  # the model is not needed to parse a command line

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
            pass
    return ScopeKind[kind].section if kind in ScopeKind.__members__ else ScopeKind.national.section


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
