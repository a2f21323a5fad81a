"""Compiling the patterns of the rule kinds' name triggers and remarks (``*_matches``,
``*_patterns``): one place, on the policy pattern engine (RE2, linear time; see
``icp_core.patterns``). A refused pattern raises ``PatternError`` (a ``ValueError``),
which the policy loader reports with the rule's position.
"""

from __future__ import annotations

from icp_core.patterns import Pattern, PatternList, compile_pattern


def compile_policy_pattern(pattern: str) -> Pattern:
    """One pattern of a policy, compiled for ``search`` against filing text."""
    return compile_pattern(pattern)


def compile_policy_patterns(patterns: tuple[str, ...]) -> PatternList:
    """A policy's list of patterns, searched together (``PatternList``): long word lists are
    one search of a text that matches none of them."""
    return PatternList(tuple(compile_policy_pattern(p) for p in patterns))
