"""``docs/rule-kinds.md`` says true things: every rule id it names is declared by a bundled
plugin, and every item of the bundled plugins' sections that it marks covered names one."""

from __future__ import annotations

import re
from pathlib import Path

from icp_core.plugins import find_plugins
from icp_core.provinces import Province
from icp_core.scopes import all_scopes
from icp_core.vocabulary import INDUSTRIES

DOC = Path(__file__).resolve().parents[1] / "docs" / "rule-kinds.md"
BUNDLED = ("icp-national", "icp-province-beijing", "icp-province-tianjin", "icp-instance-ecs", "icp-industry-news")

#: The first word of a rule id is its plugin's scope key (``beijing``, ``ecs``, ``national``).
SCOPE_KEYS = {scope.split(".")[-1] for scope in all_scopes(t.key for t in INDUSTRIES)}
_NAMED = re.compile(r"`([a-z0-9_]+(?:\.[a-z0-9_]+)+)`|\bid: ([a-z0-9_]+(?:\.[a-z0-9_]+)+)")


def bundled_rule_ids() -> set[str]:
    ids: set[str] = set()
    for spec in find_plugins(list(BUNDLED)):
        policy = spec.load_policy()
        assert policy is not None, spec.label
        ids |= {rule.id for rule in policy.compiled}
    return ids


def named_rule_ids(text: str) -> set[str]:
    found = {a or b for a, b in _NAMED.findall(text)}
    return {name for name in found if name.split(".")[0] in SCOPE_KEYS}


def test_every_rule_id_the_page_names_is_declared_by_a_bundled_plugin() -> None:
    named = named_rule_ids(DOC.read_text("utf-8"))
    assert named, "the page names no rule id: the pattern is wrong"
    assert sorted(named - bundled_rule_ids()) == []


def test_every_item_of_the_bundled_sections_is_mapped_to_its_rules() -> None:
    text = DOC.read_text("utf-8")
    section = text[text.index("### 2.13"):text.index("## 3. Gaps")]
    rows = [line for line in section.splitlines() if re.match(r"^\| (BJ|TJ|92) [RDCTB]\d+ \|", line)]
    items = [row.split("|")[1].strip() for row in rows]
    expected = ([f"BJ R{n}" for n in range(1, 5)] + [f"BJ D{n}" for n in range(1, 4)]
                + [f"BJ C{n}" for n in range(1, 5)] + [f"BJ T{n}" for n in range(1, 4)]
                + [f"TJ R{n}" for n in range(1, 6)] + [f"TJ D{n}" for n in range(1, 4)]
                + [f"TJ C{n}" for n in range(1, 4)] + [f"TJ T{n}" for n in range(1, 4)]
                + [f"92 B{n}" for n in range(1, 5)])
    assert items == expected
    declared = bundled_rule_ids()
    for row in rows:
        cells = [cell.strip() for cell in row.split("|")[1:-1]]
        ids = named_rule_ids(cells[2])
        assert ids, f"{cells[0]} is marked covered ({cells[3]}) but names no rule"
        assert ids <= declared, f"{cells[0]}: {sorted(ids - declared)} not declared"


def test_the_checklist_counts_match_for_the_bundled_provinces() -> None:
    """The per-province checklist agrees with the item table (Beijing and Tianjin: 14 items)."""
    text = DOC.read_text("utf-8")
    for name, code in (("Beijing", "5.3.1"), ("Tianjin", "5.3.5")):
        row = next(line for line in text.splitlines() if line.startswith(f"| {name} | {code} |"))
        assert row.split("|")[3].strip() == "14"
    assert Province.beijing.section == "5.3.1" and Province.tianjin.section == "5.3.5"
