"""``icp replay``: the command line and the summary table for people."""


from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from icp_core.errors import FieldError, InputError
from icp_core.problems import Problem
from icp_core.report import Text

if TYPE_CHECKING:
    pass


from icp_core.replay.answers import ReplaySummary, SideVerdict
from icp_core.replay.run import Side, replay

# --------------------------------------------------------------------------- the command


def run_replay(args: argparse.Namespace) -> int:
    """``icp replay``: changed filings as JSON lines on stdout, the summary on stderr
    (and in ``--summary FILE``); exit 1 when any filing no longer passes."""
    from icp_core.output import to_data
    from icp_core.streaming import Progress
    from icp_core.summaries import emit

    if args.filings == "-":
        raise InputError([FieldError("", Problem.cannot_read(reason="give a file; standard input is not read"))])
    baseline, candidate = Side.parse(args.baseline), Side.parse(args.candidate)
    run = replay(args.filings, baseline, candidate, processes=args.processes, on=args.on, complete=args.complete,
                 hook_timeout=args.hook_timeout or None, max_line_bytes=args.max_line_bytes,
                 include_unchanged=args.all)
    out = sys.stdout
    max_line_bytes = args.max_line_bytes or 1024 * 1024
    with Progress.over_lines(Path(args.filings), max_line_bytes) as progress:
        run.progress = progress
        try:
            for change in run:
                out.write(json.dumps(to_data(change, args.lang), ensure_ascii=False) + "\n")
        finally:
            out.flush()
    summary = run.summary
    emit(summary_text(summary, args.lang), to_data(summary, args.lang), args.summary)
    return 1 if summary.no_longer_pass else 0


def summary_text(summary: ReplaySummary, lang: str) -> str:
    """The summary table for people: transitions, then the rules that start and stop firing."""
    from icp_core.summaries import TOP_RULES, rules_table

    zh = lang.startswith("zh")
    head = Text(f"icp replay: {summary.filings} filing(s), {summary.changed} changed, {summary.no_longer_pass} no "
                f"longer pass, {summary.input_errors} input error(s)",
                f"icp replay：共 {summary.filings} 份备案，{summary.changed} 份有变化，{summary.no_longer_pass} 份"
                f"不再通过，{summary.input_errors} 份输入有误")
    out = [head.get(lang), f"  baseline  {summary.baseline}", f"  candidate {summary.candidate}",
           ("  基线 → 候选" if zh else "  baseline → candidate") + "          " + ("备案数" if zh else "filings")]
    for t in summary.transitions:
        mark = "  !" if t.baseline is SideVerdict.pass_ and t.candidate is not SideVerdict.pass_ else "   "
        out.append(f"{mark}{t.baseline.value + ' → ' + t.candidate.value:28}{t.filings:>8}")
    for counts, heading in (
        (summary.rules_started, Text("rules that start firing (filings):", "开始触发的规则（备案数）：")),
        (summary.rules_stopped, Text("rules that stop firing (filings):", "不再触发的规则（备案数）：")),
        (summary.documents_added, Text("documents newly asked for (filings):", "新要求的材料（备案数）：")),
        (summary.documents_removed, Text("documents no longer asked for (filings):", "不再要求的材料（备案数）：")),
    ):
        rows = [{"rule": c.name, "filings": c.filings} for c in counts[:TOP_RULES]]
        out += rules_table(rows, heading, lang)
        if len(counts) > TOP_RULES:
            more = len(counts) - TOP_RULES
            out.append(f"  … {more}" + (" 项未列出（见 --summary）" if zh else " more (see --summary)"))
    return "\n".join(out) + "\n"
