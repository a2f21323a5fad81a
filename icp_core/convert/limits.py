"""Bounds on input, so that hostile input fails fast instead of exhausting memory."""

from __future__ import annotations

import datetime as dt

import attrs


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"Limits.{attribute.name} must be at least 1, not {value}")


def _bounded_depth(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    # The YAML composer and our builder recurse once per level: a depth in the
    # thousands would be a RecursionError again, so the setting itself is bounded.
    if not 1 <= value <= MAX_DEPTH_SETTING:
        raise ValueError(f"Limits.max_depth must be between 1 and {MAX_DEPTH_SETTING}, not {value}")


#: The largest ``Limits.max_depth`` a deployment may set.
MAX_DEPTH_SETTING = 200

#: Numbers beyond a signed 64-bit integer (and infinities) are refused: nothing in a
#: filing is that large, and other languages reading our JSON could not hold them.
NUMBER_BOUND = 2**63


@attrs.frozen
class Limits:
    """Bounds on input, so that hostile input fails fast instead of exhausting memory.

    The defaults fit the largest real filings many times over; a platform tunes
    them with ``Limits(...)`` passed to the loaders (``load_filing(..., limits=)``),
    and ``icp check --batch --max-line-bytes``. docs/limits.md lists them all.
    """

    max_bytes: int = attrs.field(default=2 * 1024 * 1024, validator=_positive)  # one file or text
    max_line_bytes: int = attrs.field(default=1024 * 1024, validator=_positive)  # one line of a batch
    max_depth: int = attrs.field(default=24, validator=_bounded_depth)
    max_nodes: int = attrs.field(default=50_000, validator=_positive)  # values, after alias expansion
    max_string: int = attrs.field(default=4096, validator=_positive)  # characters in one value
    max_items: int = attrs.field(default=1000, validator=_positive)  # entries in any one list
    # What one filing may hold, checked before it is structured (a hostile list costs
    # nothing but its parsing). Far above real filings, which have a handful of each.
    max_websites: int = attrs.field(default=100, validator=_positive)
    max_domains_per_website: int = attrs.field(default=100, validator=_positive)
    max_domains: int = attrs.field(default=1000, validator=_positive)  # across the websites of one filing
    max_instances: int = attrs.field(default=200, validator=_positive)
    max_documents: int = attrs.field(default=200, validator=_positive)
    earliest_date: dt.date = dt.date(1900, 1, 1)
    latest_date: dt.date = dt.date(2080, 12, 31)  # domain and licence expiry dates stay well inside

    def list_limit(self, field: str) -> int:
        """The most entries a list named ``field`` may have (``max_items`` for any other list)."""
        attribute = LIST_LIMITS.get(field)
        return getattr(self, attribute) if attribute is not None else self.max_items

    def list_limits(self) -> dict[str, int]:
        """The lists with a limit of their own, by field name (for walks that look up many)."""
        return {field: getattr(self, attribute) for field, attribute in LIST_LIMITS.items()}


#: The model's lists that have a limit of their own, by field name → the ``Limits`` attribute.
LIST_LIMITS = {"websites": "max_websites", "domains": "max_domains_per_website",
               "instances": "max_instances", "documents": "max_documents"}


DEFAULT_LIMITS = Limits()
