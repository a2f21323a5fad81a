"""Impact replay: the same stored filings checked under two policies, and what changes.

``icp replay --baseline A --candidate B FILINGS.jsonl`` (and ``replay()`` from Python,
``POST /v1/replay`` over HTTP). Each side is a deployment profile, a plugin folder that
need not be installed (``icp_core.plugin_folders``), or both, over the installed
plugins. Every filing is checked by both sides in one pass over the file: each worker
process holds the two engines and answers a compact :class:`ReplayChange` per line;
the parent writes the changed ones in input order and counts transitions and rules in
a :class:`ReplayTally`, so memory stays flat however long the file.
"""

from icp_core.replay.answers import (
    Count,
    ReplayChange,
    ReplayError,
    ReplayFailure,
    ReplaySummary,
    ReplayTally,
    SideVerdict,
    Transition,
)
from icp_core.replay.command import run_replay, summary_text
from icp_core.replay.run import Replay, Side, compare, replay

__all__ = [
    "Count",
    "Replay",
    "ReplayChange",
    "ReplayError",
    "ReplayFailure",
    "ReplaySummary",
    "ReplayTally",
    "Side",
    "SideVerdict",
    "Transition",
    "compare",
    "replay",
    "run_replay",
    "summary_text",
]
