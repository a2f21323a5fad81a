"""Tianjin's ICP filing rules (guide sections 5.3.5 and 5.9.2).

Most rules are declared in ``policy.yaml`` with the core's rule kinds. The hooks
below check the ones no rule kind expresses (declared ``kind: python`` there):

* ``tianjin.individual_business_files_as_enterprise`` and
  ``tianjin.individual_business_name`` (5.9.2): an individual business (个体工商户)
  files as an enterprise, under its organisation name or under the legal
  representative's name followed by "（个体工商户）";
* ``tianjin.individual_no_enterprise_content`` (5.9.2): an individual's website
  declares no content industry;
* ``tianjin.huayuan_mailing_address`` (5.3.5): an address in the Huayuan (华苑) area
  names Nankai or Xiqing District. Which of the two is right depends on where the
  address lies relative to the ring road, which the text does not tell; the rule
  only checks that exactly one of them is named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from icp_core.context import Facts
from icp_core.hookspecs import hookimpl
from icp_core.model import Filing, SubjectType, Website
from icp_core.report import Finding
from icp_core.scope_rules import ScopeRules

#: "<legal representative>（个体工商户）", brackets full- or half-width.
_BUSINESS_REMARK = re.compile(r"^(?P<person>.+?)\s*[（(]\s*个体工商户\s*[)）]$")
_HUAYUAN = ("华苑", "huayuan")
_DISTRICTS = (("南开区", "nankai"), ("西青区", "xiqing"))


@hookimpl
def check_entity(filing: Filing, facts: Facts, rules: ScopeRules) -> list[Finding]:
    return [*_individual_business(rules, filing, facts), *_huayuan(rules, filing)]


@hookimpl
def check_website(filing: Filing, facts: Facts, rules: ScopeRules, website: Website, path: str) -> list[Finding]:
    rule = "tianjin.individual_no_enterprise_content"
    if not website.industries:
        return []
    if facts.subject_type is None:
        return [rules.needs_information(rule, path, "subject.type")]
    if facts.subject_type is SubjectType.individual:
        return [rules.violation(rule, f"{path}.industries")]
    return []


def _individual_business(rules: ScopeRules, filing: Filing, facts: Facts) -> Iterator[Finding]:
    subject = filing.subject
    business = subject.individual_business
    kind = facts.subject_type
    if business:
        rule = "tianjin.individual_business_files_as_enterprise"
        if kind is None:
            yield rules.needs_information(rule, "subject.type")
        elif kind is SubjectType.individual:
            yield rules.violation(rule, "subject.type")
    if kind is not SubjectType.enterprise:
        return
    rule = "tianjin.individual_business_name"
    if business is None:
        yield rules.needs_information(rule, "subject.individual_business")
        return
    if not business:
        return
    if subject.name is None:
        yield rules.needs_information(rule, "subject.name")
        return
    name = subject.name.strip()
    legal = subject.legal_representative
    representative = legal.name.strip() if legal is not None and legal.name else None
    if representative is None:
        yield rules.needs_information(rule, "subject.name", "subject.legal_representative.name")
        return
    remarked = _BUSINESS_REMARK.match(name)
    if remarked is not None:
        # The remark form is only for the legal representative's own name.
        if remarked.group("person").strip() != representative:
            yield rules.violation(rule, "subject.name")
        return
    if name == representative:
        yield rules.violation(rule, "subject.name")  # the bare name, without the remark
    elif name.startswith(representative) and "个体" in name[len(representative):]:
        yield rules.violation(rule, "subject.name")  # a remark, but not in the required form


def _huayuan(rules: ScopeRules, filing: Filing) -> Iterator[Finding]:
    rule = "tianjin.huayuan_mailing_address"
    address = filing.subject.mailing_address
    if address is None:  # the bullet is about addresses in the Huayuan area only: nothing to check
        return
    lowered = address.lower()
    if not any(word in lowered for word in _HUAYUAN):
        return
    named = sum(1 for zh, en in _DISTRICTS if zh in address or en in lowered)
    if named != 1:
        yield rules.violation(rule, "subject.mailing_address")
