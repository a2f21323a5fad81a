"""Industry suggestions: a website that reads like a pre-approval industry it does not
declare is told so, as a warning (section 6).

An industry plugin runs only for websites that declare its industry, so a news site
that declares nothing would meet no news rule. The engine cannot decide from a name
that a site *is* a news site (a "news" page of a shop is not news service), and must not
decide silently that it is not: it warns, naming the word it found, and the applicant
declares the industry or confirms the site has no such content. The words are declared
by the industry plugins (their policy's ``industry.keywords``), next to the industry's
names and aliases.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from icp_core import remedies
from icp_core.model import Filing
from icp_core.report import Finding, Remedy, Severity, Status, Text
from icp_core.vocabulary import Term

#: The id of the engine's finding, and the section that lists the industries.
RULE_ID = "core.industry.suggested"
SECTION = "6"

Suggest = Callable[[Filing], list[Finding]]


def suggester(industries: Iterable[Term]) -> Suggest:
    """A function giving the suggestions for a filing, built once per set of industries.

    One regular expression of every keyword (escaped literals: linear time on any text),
    matched case-insensitively against each website's name and remarks."""
    owner: dict[str, Term] = {}
    for term in industries:
        for word in term.keywords:
            owner.setdefault(word.casefold(), term)
    if not owner:
        return _none
    pattern = re.compile("|".join(re.escape(word) for word in sorted(owner, key=len, reverse=True)))

    def suggest(filing: Filing) -> list[Finding]:
        found: list[Finding] = []
        for index, website in enumerate(filing.websites):
            text = " ".join(t for t in (website.name, website.remarks) if t).casefold()
            if not text:
                continue
            seen: set[str] = set()
            for match in pattern.finditer(text):
                term = owner[match.group()]
                if term.key in website.industries or term.key in seen:
                    continue
                seen.add(term.key)
                found.append(_finding(index, term, match.group()))
        return found

    return suggest


def _none(filing: Filing) -> list[Finding]:
    return []


def _finding(index: int, term: Term, word: str) -> Finding:
    message = Text(
        f"The website's name or remarks mention \u201c{word}\u201d, which suggests {term.name.en} content: declare "
        f"the {term.name.en} industry (its pre-approval will be checked), or confirm that the site has no such "
        f"content.",
        f"网站名称或备注中含有\u201c{word}\u201d，可能涉及{term.name.zh}内容：请申报{term.name.zh}行业（将核验其前置审批），"
        f"或确认网站不含此类内容。")
    return Finding(RULE_ID, Status.violation, Severity.warning, message, f"websites[{index}].industries", SECTION,
                   "icp-core", (), _declare(term.key, term.name))


@functools.lru_cache(maxsize=256)
def _declare(industry: str, name: Text) -> Remedy:
    """The remedy of a suggestion: declare the industry (one per industry, made once)."""
    return remedies.add((industry,), Text(
        f"Declare the {name.en} industry ({industry}) on this website, or confirm it has no such content.",
        f"在该网站上申报{name.zh}行业（{industry}），或确认网站不含此类内容。"))
