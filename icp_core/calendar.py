"""The filing authority's calendar: "today" is the date in China (``Asia/Shanghai``).

ICP filings are made to the MIIT and the provincial administrations, whose days are
Beijing time. A rule's outcome can turn on the date (an age, a waiver's ``until``, the
days since real-name verification), so every face that has to pick "today" for a
filing without ``evaluated_on`` (the CLI, ``--batch``, the HTTP service) asks this
function, never the host's clock and zone: a check run at 01:00 in Beijing from a
server in Frankfurt evaluates as of the Beijing day. The core itself never calls it:
rules use the evaluation day they are given.

The zone comes from the system's tz database, or from the ``tzdata`` package (a
dependency) where there is none (Windows, slim containers).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

#: The time zone of the filing authority (China Standard Time, UTC+8, no daylight saving).
AUTHORITY_TIME_ZONE = ZoneInfo("Asia/Shanghai")


def today(now: dt.datetime | None = None) -> dt.date:
    """The date in China at ``now`` (an aware datetime; the current moment by default)."""
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        raise ValueError("give an aware datetime: a naive one has no zone to convert from")
    return moment.astimezone(AUTHORITY_TIME_ZONE).date()
