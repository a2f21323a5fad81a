"""The compiled fast path of structuring agrees with the detailed path: on any input it
either gives up (and the detailed path decides) or gives the very object the detailed
path gives. Valid filings take it; what it refuses is refused with the detailed errors."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp_core.convert import DEFAULT_LIMITS, Limits, converter, read_file
from icp_core.convert.compiled import fast_structure
from icp_core.convert.structuring import structure_detailed
from icp_core.errors import InputError
from icp_core.loading import load_filing
from icp_core.model import ChangeRequest, Filing, OriginalFiling, TransferRequest
from icp_core.testing import filing_data

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _example_filings() -> list[dict[str, Any]]:
    found = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        data, _ = read_file(path)
        if "subject" in data:
            found.append(json.loads(json.dumps(data, ensure_ascii=False, default=str)))  # as a backend sends it
    return found


EXAMPLE_FILINGS = _example_filings()
BASES = EXAMPLE_FILINGS + [filing_data(p, t) for p in ("beijing", "guangdong", "xizang")
                           for t in ("enterprise", "individual")]

#: Limits a deployment might set, tight enough that valid filings cross them.
LIMITS = [DEFAULT_LIMITS, Limits(max_depth=3), Limits(max_depth=4), Limits(max_depth=5), Limits(max_depth=6),
          Limits(max_nodes=40), Limits(max_nodes=120), Limits(max_string=8), Limits(max_items=1),
          Limits(max_websites=1), Limits(max_domains=1), Limits(max_domains=2), Limits(max_domains_per_website=1),
          Limits(max_instances=1), Limits(max_documents=1),
          Limits(earliest_date=dt.date(2024, 1, 1), latest_date=dt.date(2026, 12, 31))]

ODD_VALUES: list[Any] = [
    None, "", " ", "\u3000", "\u200b", "\t\n", "a\x00b", "\u202eevil", "x" * 5000, "ok", "王", "123", "-",
    -1, -0.5, 0, 1, 1.5, 2**70, float("nan"), float("inf"), True, False,
    "2024-02-30", "2024-13-01", "2024-01-01", "20240101", "1800-01-01", "2099-01-01", dt.date(2024, 5, 1),
    dt.datetime(2024, 5, 1, 12, 0), Decimal("-1"), Decimal("12.5"),
    "beijing", "Beijing", "北京", "京", "11", 11, "enterprise", "Enterprise", "ENTERPRISE ", "individua",
    "resident_id_card", "ecs", "ECS", "subscription", {}, [], ["a"], [""], [{}], [None], {"x": 1}, ("a", "b"),
    "example.com.cn", "EXAMPLE.com.cn.",
]


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in nested data: keys of mappings, indexes of lists."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid filing with up to three changes: a value replaced, a key removed or added,
    a list item repeated (the same domain twice …)."""
    data: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(_places(data)))
        action = draw(st.sampled_from(["replace", "replace", "remove", "add", "repeat"]))
        if not path:
            continue
        parent, last = _at(data, path[:-1]), path[-1]
        if action == "replace":
            parent[last] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif action == "remove" and isinstance(parent, dict):
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "Name", "websites", "name", 1]))] = draw(st.sampled_from(ODD_VALUES))
        elif action == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


def _agree(data: Any, cls: type, limits: Limits) -> tuple[Any, Any]:
    """Both paths on ``data``; the fast one may give up, but never disagree."""
    fast = fast_structure(data, cls, limits)
    try:
        detailed: Any = structure_detailed(data, cls, limits=limits)
    except InputError:
        detailed = None
    if fast is not None:
        assert detailed is not None, f"the fast path accepted what the detailed path refuses: {data!r}"
        assert fast == detailed
        assert converter.unstructure(fast) == converter.unstructure(detailed)
    return fast, detailed


@pytest.mark.parametrize("data", [*EXAMPLE_FILINGS, filing_data("beijing")], ids=lambda d: str(d.get("province")))
def test_every_valid_filing_takes_the_fast_path_and_gets_the_same_filing(data: dict[str, Any]) -> None:
    fast, detailed = _agree(data, Filing, DEFAULT_LIMITS)
    assert detailed is not None
    assert fast is not None, "a valid filing fell back to the detailed path"


def test_unstructured_model_objects_take_the_fast_path_too() -> None:
    # Data from Python (converter.unstructure) holds enum members and dates, not their text.
    filing = load_filing(EXAMPLE_FILINGS[0])
    assert fast_structure(converter.unstructure(filing), Filing, DEFAULT_LIMITS) == filing


@given(mutated(), st.sampled_from(LIMITS))
def test_fast_and_detailed_paths_agree_on_mutated_filings(data: dict[str, Any], limits: Limits) -> None:
    _agree(data, Filing, limits)


@given(st.sampled_from(BASES), st.sampled_from(LIMITS))
def test_fast_and_detailed_paths_agree_under_tight_limits(data: dict[str, Any], limits: Limits) -> None:
    fast, _detailed = _agree(data, Filing, limits)
    if limits == DEFAULT_LIMITS:
        assert fast is not None


@pytest.mark.parametrize(("data", "cls"), [
    ({"to": "new_name", "new_name": "星河新名称有限公司", "documents": ["business_license"]}, ChangeRequest),
    ({"to": "new_name", "new_name": "12345"}, ChangeRequest),  # a name without letters: refused
    ({"to": "enterprise", "names_related": "yes"}, ChangeRequest),
    ({"original": {"subject_type": "enterprise", "subject_name": "星河", "website_administrator_names": ["李"]}},
     TransferRequest),
    ({"original": {"website_administrator_names": ["李", "   "]}}, TransferRequest),
    ({"subject_name": "星河", "websites_accessible": True}, OriginalFiling),
])
def test_other_requests_agree(data: dict[str, Any], cls: type) -> None:
    fast, detailed = _agree(data, cls, DEFAULT_LIMITS)
    assert (fast is None) == (detailed is None)


def test_refused_input_keeps_the_detailed_errors() -> None:
    data = copy.deepcopy(EXAMPLE_FILINGS[0])
    data["websites"][0]["domains"].append(dict(data["websites"][0]["domains"][0]))
    data["subject"]["name"] = "   "
    assert fast_structure(data, Filing, DEFAULT_LIMITS) is None
    with pytest.raises(InputError) as raised:
        load_filing(data)
    with pytest.raises(InputError) as detailed:
        structure_detailed(data, Filing)
    assert [(e.path, e.message) for e in raised.value.errors] == [(e.path, e.message) for e in detailed.value.errors]
    assert any(e.path.startswith("websites[0].domains[") for e in raised.value.errors)
