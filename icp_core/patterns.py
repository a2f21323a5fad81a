"""Regular expressions written in policies, run by RE2: linear time in the text, whatever the pattern.

Python's ``re`` backtracks: ``^(a+)+$`` against forty ``a`` and a ``b`` runs for minutes,
and a policy is input the operator may not have written. RE2 (the ``google-re2``
package) guarantees time linear in the length of the text and bounded memory, and
refuses what it cannot run that way: backreferences (``\\1``) and look-around
(``(?=…)``, ``(?<!…)``) are errors at load, with the rule and field. Its syntax is
otherwise Python's; ``\\d``, ``\\w`` and ``\\s`` are ASCII-only (write ``\\p{Han}`` for
Chinese characters, ``[0-9]`` for digits).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import re2  # the google-re2 package

#: Longest pattern accepted, in characters: patterns are short by nature (a name's suffix,
#: a phrase in the remarks); the bound keeps compiling them cheap.
MAX_PATTERN_LENGTH = 1000
#: Memory RE2 may use for one compiled pattern; a pattern that needs more is refused.
MAX_PATTERN_MEMORY = 8 << 20


@functools.cache
def _re2() -> tuple[Any, re2.Options]:
    """The ``re2`` module and its options, imported on the first pattern compiled: most
    policies have none, and importing RE2 is a measurable part of ``icp check``'s start-up."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would also print each refused pattern to stderr
    options.max_mem = MAX_PATTERN_MEMORY
    return re2, options


def _compile(source: str) -> Any:
    re2, options = _re2()
    return re2.compile(source, options)


#: RE2's compiled patterns are immutable and safe to share between threads.
_compiled = functools.lru_cache(maxsize=4096)(_compile)


class PatternError(ValueError):
    """A pattern RE2 cannot run in linear time (or cannot parse)."""


class Pattern:
    """A compiled policy pattern; ``search`` says whether it occurs anywhere in a text."""

    __slots__ = ("_regexp", "source")

    def __init__(self, source: str, *, written: bool = True) -> None:
        if written and len(source) > MAX_PATTERN_LENGTH:
            raise PatternError(f"longer than {MAX_PATTERN_LENGTH} characters")
        re2, _ = _re2()
        try:
            # A policy's own pattern is compiled once per process (checking a rule and compiling it
            # both need it, and fragments repeat across plugins); one with a filing's value is not kept.
            self._regexp = _compiled(source) if written else _compile(source)
        except re2.error as exc:
            detail = exc.args[0] if exc.args else exc
            if isinstance(detail, bytes):
                detail = detail.decode("utf-8", "replace")
            raise PatternError(f"not a pattern RE2 can run in linear time ({detail}); backreferences and "
                               f"look-around are not supported") from None
        except UnicodeError:
            raise PatternError("not valid Unicode (a lone surrogate)") from None
        self.source = source

    def search(self, text: str) -> bool:
        return self.find(text) is not None

    def find(self, text: str) -> str | None:
        """The first text the pattern matches in ``text`` (for a finding to name it), or ``None``."""
        try:
            found = self._regexp.search(text)
        except UnicodeError:  # a lone surrogate in the text: RE2 reads UTF-8 only
            found = self._regexp.search(text.encode("utf-8", "replace").decode("utf-8"))
        return None if found is None else str(found.group())

    def __repr__(self) -> str:
        return f"Pattern({self.source!r})"


def compile_pattern(source: str, *, written: bool = True) -> Pattern:
    """Compile a policy pattern; ``PatternError`` says why one is refused. ``written=False``
    for a pattern with a filing's value filled in (escaped): only policy text is bounded
    in length, the value by the filing's own limits."""
    return Pattern(source, written=written)


def pattern_problem(source: str) -> str | None:
    """Why ``source`` is refused as a policy pattern; ``None`` if it is accepted."""
    try:
        Pattern(source)
    except PatternError as exc:
        return str(exc)
    return None


class PatternList:
    """Patterns tried in their order: the first that matches a text names what it matched.

    A list of trigger words searched one by one costs a call into RE2 per word and text, and
    most texts match none of them: one search of their alternation (each pattern in its own
    group, so that its flags stay its own) answers that case; only a text it matches is
    searched pattern by pattern, which keeps the list's order deciding the answer (the
    alternation would find the leftmost match in the text instead)."""

    __slots__ = ("_together", "patterns")

    def __init__(self, patterns: tuple[Pattern, ...]) -> None:
        self.patterns = patterns
        self._together: Pattern | None = None
        if len(patterns) > 1:
            try:
                self._together = Pattern("|".join(f"(?:{p.source})" for p in patterns), written=False)
            except PatternError:  # too large together for RE2's memory bound: one by one
                pass

    def search(self, text: str) -> bool:
        """Whether some pattern of the list matches ``text``: one search when they could be joined."""
        if self._together is not None:
            return self._together.find(text) is not None
        return any(pattern.search(text) for pattern in self.patterns)

    def first_match(self, text: str) -> str | None:
        """What the first pattern that matches ``text`` matched (maybe ``""``), or ``None``."""
        if self._together is not None and self._together.find(text) is None:
            return None
        for pattern in self.patterns:
            hit = pattern.find(text)
            if hit is not None:
                return hit
        return None

    def __bool__(self) -> bool:
        return bool(self.patterns)


def escape(text: str) -> str:
    """``text`` as a pattern that matches it literally, in RE2's syntax."""
    escaped: str = _re2()[0].escape(text.encode("utf-8", "replace").decode("utf-8"))
    return escaped
