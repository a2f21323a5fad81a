"""Compiling the regular expressions a policy writes (``*_patterns``, ``*_matches``).

Every pattern of the rule kinds added for name triggers and remarks goes through
``compile_policy_pattern``, so that a safer engine (linear-time matching, or a refusal
of nested quantifiers) can replace plain ``re`` in this one place. A bad pattern raises
``re.error``, which the policy loader reports with the rule's position.
"""

from __future__ import annotations

import re


def compile_policy_pattern(pattern: str) -> re.Pattern[str]:
    """One pattern of a policy, compiled for ``search`` against filing text."""
    return re.compile(pattern)


def compile_policy_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(compile_policy_pattern(p) for p in patterns)
