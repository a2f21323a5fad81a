"""Conditions under which a rule applies (``when``): subject facts, the province, the
declared industries, and the name triggers searched in names, business scope and a
website's content."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from icp_core.context import Facts
from icp_core.patterns import PatternList
from icp_core.provinces import Province

WhenFn = Callable[[Facts], "bool | None"]


@attrs.frozen
class When:
    """Extra conditions under which a rule applies (all given ones must hold).

    ``province_in`` limits a rule to filings in the listed provinces (keys, Chinese names
    or codes): an industry rule that only some provinces keep (education in Zhejiang,
    Qinghai and Tibet). The name triggers ``subject_name_matches``,
    ``business_scope_matches``, ``website_name_matches`` and ``website_content_matches``
    are regular expressions searched in the subject's name, its business scope, each
    website's name and each website's description of its content (its remarks); together
    they are *one* condition that holds when any of them matches (the guide triggers
    finance from any of these places). A field that is not given is not evidence either
    way: the condition is unknown only when none of the named fields is given."""

    subject_name_contains_any: tuple[str, ...] = ()
    individual_business: bool | None = None
    website_industries_any: tuple[str, ...] = ()
    province_in: tuple[str, ...] = ()
    subject_name_matches: tuple[str, ...] = ()
    business_scope_matches: tuple[str, ...] = ()
    website_name_matches: tuple[str, ...] = ()
    website_content_matches: tuple[str, ...] = ()


#: The fields of ``When`` that are name triggers (one condition together), in the order
#: they are searched: the subject's name, its business scope, websites' names, their content.
NAME_TRIGGERS = ("subject_name_matches", "business_scope_matches", "website_name_matches", "website_content_matches")


def compile_when(when: When | None) -> WhenFn | None:
    if when is None:
        return None
    tests: list[WhenFn] = []
    if when.subject_name_contains_any:
        words = when.subject_name_contains_any
        def name_has(facts: Facts) -> bool | None:
            name = facts.filing.subject.name
            return None if name is None else any(word in name for word in words)
        tests.append(name_has)
    if when.individual_business is not None:
        wanted = when.individual_business
        def business(facts: Facts) -> bool | None:
            value = facts.filing.subject.individual_business
            return None if value is None else value == wanted
        tests.append(business)
    if when.website_industries_any:
        industries = frozenset(when.website_industries_any)
        def industry(facts: Facts) -> bool | None:
            return any(industries.intersection(w.industries) for w in facts.filing.websites)
        tests.append(industry)
    if when.province_in:
        provinces = frozenset(Province.parse(p) for p in when.province_in)  # an unknown name fails at load
        def in_province(facts: Facts) -> bool | None:
            return facts.filing.province in provinces
        tests.append(in_province)
    names = name_trigger(when)
    if names is not None:
        tests.append(names)
    def all_hold(facts: Facts) -> bool | None:
        result: bool | None = True
        for test in tests:
            value = test(facts)
            if value is False:
                return False
            if value is None:
                result = None
        return result
    return all_hold


def name_trigger(when: When) -> WhenFn | None:
    """The name triggers of ``when`` as one test: ``True`` when any pattern matches its field,
    ``None`` when none matches and none of the fields is given, else ``False``."""
    found = trigger_match(when)
    if found is None:
        return None

    def matches(facts: Facts) -> bool | None:
        matched = found(facts)
        return matched if matched is None else matched is not False

    return matches


def trigger_match(when: When | None) -> Callable[[Facts], str | bool | None] | None:
    """The name triggers of ``when`` as one search: the first text a pattern matched (a
    rule names it: "the subject's name contains 基金"), ``False`` when none matched, ``None``
    when none of the fields is given; ``None`` itself when ``when`` has no name triggers."""
    from icp_core.rules.patterns import compile_policy_patterns

    if when is None:
        return None
    subject_patterns = compile_policy_patterns(when.subject_name_matches)
    scope_patterns = compile_policy_patterns(when.business_scope_matches)
    website_patterns = compile_policy_patterns(when.website_name_matches)
    content_patterns = compile_policy_patterns(when.website_content_matches)
    if not (subject_patterns or scope_patterns or website_patterns or content_patterns):
        return None

    def texts(facts: Facts) -> list[tuple[PatternList, str | None]]:
        subject = facts.filing.subject
        found: list[tuple[PatternList, str | None]] = []
        if subject_patterns:
            found.append((subject_patterns, subject.name))
        if scope_patterns:
            found.append((scope_patterns, subject.business_scope))
        if website_patterns:
            found += [(website_patterns, w.name) for w in facts.filing.websites] or [(website_patterns, None)]
        if content_patterns:
            found += [(content_patterns, w.remarks) for w in facts.filing.websites] or [(content_patterns, None)]
        return found

    def search(facts: Facts) -> str | bool | None:
        given = False
        for patterns, text in texts(facts):
            if text is None:
                continue
            given = True
            hit = patterns.first_match(text)
            if hit is not None:
                return hit or True
        return False if given else None

    return search


def remarks_matcher(patterns: tuple[str, ...]) -> WhenFn | None:
    """``True`` when some website's remarks match one of ``patterns`` (``None`` if no patterns)."""
    if not patterns:
        return None
    from icp_core.rules.patterns import compile_policy_patterns

    compiled = compile_policy_patterns(patterns)

    def matches(facts: Facts) -> bool | None:
        return any(compiled.search(w.remarks or "") for w in facts.filing.websites)
    return matches
