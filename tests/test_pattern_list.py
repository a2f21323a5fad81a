"""A list of trigger patterns answers as trying them one by one, in order, would."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp_core.patterns import PatternList, compile_pattern

#: Policy-like patterns: literal words, a flag inside one pattern, anchors, one that matches
#: the empty text, classes of Chinese characters.
SOURCES = ["基金", "(?i)news", "^网", "新闻$", "a*", "[\\p{Han}]{3}", "pay|支付", "x+y"]


def one_by_one(sources: list[str], text: str) -> str | None:
    for source in sources:
        hit = compile_pattern(source).find(text)
        if hit is not None:
            return hit
    return None


@given(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=5, unique=True),
       st.text(alphabet="基金新闻网支付paynewsNEWSxyAb 。", max_size=12))
def test_first_match_is_the_first_pattern_in_order_that_matches(sources: list[str], text: str) -> None:
    patterns = PatternList(tuple(compile_pattern(s) for s in sources))
    assert patterns.first_match(text) == one_by_one(sources, text)
    assert patterns.search(text) is (one_by_one(sources, text) is not None)


def test_the_list_order_decides_not_the_place_in_the_text() -> None:
    # "支付" comes first in the text, but "基金" is first in the list: the rule names 基金.
    patterns = PatternList((compile_pattern("基金"), compile_pattern("支付")))
    assert patterns.first_match("支付与基金") == "基金"
    assert patterns.first_match("网上商城") is None


@pytest.mark.parametrize("text, expected", [("NEWS today", "NEWS"), ("Newspaper", "News"), ("nothing", None)])
def test_a_flag_stays_with_its_own_pattern(text: str, expected: str | None) -> None:
    # (?i) belongs to the first pattern only: "Paper" must not match the second case-insensitively.
    patterns = PatternList((compile_pattern("(?i)news"), compile_pattern("paper")))
    assert patterns.first_match(text) == expected
    assert PatternList((compile_pattern("(?i)zzz"), compile_pattern("paper"))).first_match("PAPER") is None
