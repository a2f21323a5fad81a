"""The summary that ends a run over many filings (``icp check --batch``, ``icp replay``):
counted as the answers stream past, so that it costs memory by the number of rules,
never by the number of lines; printed on stderr in English or Chinese whether or not
stderr is a terminal (stdout stays one JSON answer a line), and written as JSON to
``--summary FILE`` for a program or a CI job.
"""

from __future__ import annotations

import collections
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from icp_core.report import Text, Verdict

#: How many rules a summary lists, most frequent first.
TOP_RULES = 10


class BatchTally:
    """Counts of a batch: lines by verdict (or ``input``/``internal``), and the filings
    each rule fired on."""

    def __init__(self) -> None:
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.rules: collections.Counter[str] = collections.Counter()

    def add(self, outcome: str, rules: Iterable[str]) -> None:
        self.outcomes[outcome] += 1
        self.rules.update(rules)

    @property
    def all_passed(self) -> bool:
        return all(outcome == Verdict.pass_.value for outcome in self.outcomes)

    def to_data(self) -> dict[str, Any]:
        return {"lines": sum(self.outcomes.values()),
                "verdicts": {verdict.value: self.outcomes[verdict.value] for verdict in Verdict},
                "input": self.outcomes["input"], "internal": self.outcomes["internal"],
                "rules": top_rules(self.rules)}

    def text(self, lang: str) -> str:
        data = self.to_data()
        zh = lang.startswith("zh")
        counts = ("，" if zh else ", ").join(f"{name} {count}" for name, count in data["verdicts"].items())
        head = Text(f"icp: {data['lines']} line(s): {counts}; input errors {data['input']}, "
                    f"internal errors {data['internal']}",
                    f"icp：共 {data['lines']} 行：{counts}；输入错误 {data['input']} 行，"
                    f"内部错误 {data['internal']} 行")
        return "\n".join([head.get(lang), *rules_table(data["rules"], RULES_HEADING, lang)]) + "\n"

    def report(self, lang: str, summary_file: str | None) -> None:
        emit(self.text(lang), self.to_data(), summary_file)


RULES_HEADING = Text("most frequent rules (filings they fired on):", "最常触发的规则（触发的备案数）：")


def top_rules(counts: collections.Counter[str], most: int = TOP_RULES) -> list[dict[str, Any]]:
    """The ``most`` rules with the highest counts, ties by rule id (a stable order)."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:most]
    return [{"rule": rule, "filings": count} for rule, count in ranked]


def rules_table(rows: list[dict[str, Any]], heading: Text, lang: str) -> list[str]:
    if not rows:
        return []
    return [heading.get(lang), *(f"  {row['filings']:>8}  {row['rule']}" for row in rows)]


def emit(text: str, data: Mapping[str, Any], summary_file: str | None) -> None:
    """The summary on stderr, and as JSON in ``summary_file`` when one is given."""
    from icp_core.terminal import printable

    sys.stderr.write(printable(text, keep_newlines=True))
    sys.stderr.flush()
    if summary_file:
        Path(summary_file).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
