"""The per-class plan of where documents can be (``icp_core.rules.document_fields``) finds exactly
what walking every field of a rule finds, for every bundled rule and for nested cases."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from icp_core.convert import converter
from icp_core.rules import RULE_KINDS, Rule
from icp_core.rules.base import document_keys
from icp_core.rules.document_fields import named_documents
from tests.test_plain_classes import BUNDLED


def _walk_every_field(value: Any, found: list[str]) -> None:
    """The reference: every field of every attrs instance, every mapping value and list item."""
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            if field.metadata.get("documents"):
                found.extend([item] if isinstance(item, str) else [d for d in item or () if isinstance(d, str)])
            else:
                _walk_every_field(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _walk_every_field(item, found)
    elif isinstance(value, (tuple, list)):
        for item in value:
            if not isinstance(item, str):
                _walk_every_field(item, found)


def _rules() -> list[Rule]:
    return [converter.structure(raw, RULE_KINDS[raw["kind"]]) for _, raw in BUNDLED]


def test_every_bundled_rule_names_the_same_documents_as_the_full_walk() -> None:
    rules = _rules()
    named = 0
    for rule in rules:
        expected: list[str] = []
        _walk_every_field(rule, expected)
        assert rule.documents_named() == expected, rule.id
        named += bool(expected)
    assert named > 50  # the comparison covered rules that name documents, nested ones included
    assert any(rule.kind == "change_matrix" and rule.documents_named() for rule in rules)


@attrs.frozen
class _Inner:
    documents: tuple[str, ...] = document_keys(())


@attrs.frozen
class _Outer:
    own: str = document_keys("")
    text: str = "not a document"
    inner: _Inner | None = None
    by_key: dict[str, _Inner] = attrs.Factory(dict)
    anything: Any = None


@pytest.mark.parametrize("value", [
    _Outer("a"),
    _Outer("a", inner=_Inner(("b", "c"))),
    _Outer("a", by_key={"x": _Inner(("d",)), "y": _Inner()}),
    _Outer("a", anything={"deep": [_Inner(("e",)), "not a document", {"deeper": _Inner(("f",))}]}),
    _Outer("a", anything=(_Outer("g", inner=_Inner(("h",))),)),
])
def test_nested_and_untyped_fields_are_found_as_the_full_walk_finds_them(value: _Outer) -> None:
    found: list[str] = []
    named_documents(value, found)
    expected: list[str] = []
    _walk_every_field(value, expected)
    assert found == expected
    assert len(found) >= 1
