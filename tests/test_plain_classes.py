"""The fast path of structuring policy rules (``icp_core.convert.plain_classes``) agrees
with the detailed converter: every bundled rule takes it and comes out equal, field by
field and type by type; on wrong input it gives up (the detailed path then names the
problems) or gives the very rule the detailed path gives."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest

from icp_core.convert import converter, read_file
from icp_core.convert.plain_classes import field_types, structure_plain
from icp_core.in_force import PERIOD_KEYS
from icp_core.rules import RULE_KINDS

ROOT = Path(__file__).resolve().parent.parent


def _bundled_rules() -> list[tuple[str, dict[str, Any]]]:
    """Every rule of every bundled policy and fragment, as ``compile_policy`` hands it over."""
    found = []
    paths = sorted(ROOT.glob("plugins/*/*/policy.yaml")) + sorted((ROOT / "icp_core" / "fragments").glob("*.yaml"))
    for path in paths:
        data, _ = read_file(path)
        for index, raw in enumerate(data.get("rules", [])):
            raw = {"cite": data.get("section", "1"), **raw}
            raw = {key: value for key, value in raw.items() if key not in PERIOD_KEYS}
            found.append((f"{path.parent.name}/{path.name} rules[{index}]", raw))
    return found


BUNDLED = _bundled_rules()
#: One rule of each kind the bundled policies use: the base of the wrong-input cases.
ONE_PER_KIND = list({raw["kind"]: (label, raw) for label, raw in BUNDLED}.values())


def _same(fast: Any, detailed: Any) -> None:
    """Equal, and built of the same types all the way down (a tuple is not a list)."""
    assert type(fast) is type(detailed)
    if attrs.has(type(fast)):
        for field in attrs.fields(type(fast)):
            _same(getattr(fast, field.name), getattr(detailed, field.name))
    elif isinstance(fast, dict):
        assert list(fast) == list(detailed)
        for key in fast:
            _same(fast[key], detailed[key])
    elif isinstance(fast, (tuple, list, frozenset)):
        assert len(fast) == len(detailed)
        for a, b in zip(sorted(fast, key=repr), sorted(detailed, key=repr), strict=True):
            _same(a, b)
    else:
        assert fast == detailed


def test_bundled_policies_have_rules_of_many_kinds() -> None:
    assert len(BUNDLED) > 400
    assert len(ONE_PER_KIND) > 25


@pytest.mark.parametrize(("label", "raw"), BUNDLED, ids=[label for label, _ in BUNDLED])
def test_every_bundled_rule_takes_the_fast_path_and_equals_the_detailed_one(label: str, raw: dict[str, Any]) -> None:
    cls = RULE_KINDS[raw["kind"]]
    fast = structure_plain(copy.deepcopy(raw), cls)
    assert fast is not None, f"{label}: a valid rule fell back to the detailed path"
    _same(fast, converter.structure(copy.deepcopy(raw), cls))


ODD_VALUES: list[Any] = [
    None, "", " ", "\u3000", "x", "Error", "error", "warning", "ENTERPRISE", "enterprise", "subject_administrator",
    -1, 0, 3, 1.5, 2**70, True, False, dt.date(2024, 1, 1), [], [""], ["x"], ["enterprise"], [None], [1], ("a",),
    {}, {"x": 1}, {"en": "E", "zh": "中"}, {"en": "", "zh": "中"}, {"en": "{nope}", "zh": "中"},
    [{"en": "E", "zh": "中"}], {"subject_name_matches": ["(a"]},
]


def _detailed(raw: dict[str, Any], cls: type) -> Any:
    try:
        return converter.structure(copy.deepcopy(raw), cls)
    except Exception:
        return None


def _wrong_inputs(raw: dict[str, Any], cls: type) -> list[dict[str, Any]]:
    cases = [{**raw, "unknown_key": 1}, {**raw, "Kind": raw["kind"]}]
    for name in field_types(cls):
        cases.append({key: value for key, value in raw.items() if key != name})
        cases += [{**raw, name: value} for value in ODD_VALUES]
        value = raw.get(name)
        if isinstance(value, dict):  # one level down: a nested part (``when``, a matrix's cells)
            for key in value:
                cases += [{**raw, name: {**value, key: odd}} for odd in ODD_VALUES[:20]]
                cases.append({**raw, name: {**value, key + "_typo": value[key]}})
    return cases


@pytest.mark.parametrize(("label", "raw"), ONE_PER_KIND, ids=[label for label, _ in ONE_PER_KIND])
def test_wrong_input_falls_back_or_gives_what_the_detailed_path_gives(label: str, raw: dict[str, Any]) -> None:
    cls = RULE_KINDS[raw["kind"]]
    fell_back = 0
    for case in _wrong_inputs(raw, cls):
        fast = structure_plain(copy.deepcopy(case), cls)
        detailed = _detailed(case, cls)
        if fast is None:
            fell_back += 1
        else:
            assert detailed is not None, f"{label}: the fast path accepted what the detailed path refuses: {case}"
            _same(fast, detailed)
    assert fell_back > 0  # (an unknown key at least is refused)


def test_not_a_mapping_or_an_unsupported_class_gives_up() -> None:
    cls = RULE_KINDS["informational"]
    assert structure_plain(["kind", "informational"], cls) is None
    assert structure_plain(None, cls) is None

    @attrs.frozen
    class Private:
        _hidden: int  # the key and the argument differ: the detailed path only

    assert structure_plain({"_hidden": 1}, Private) is None
    assert structure_plain({"hidden": 1}, Private) is None
