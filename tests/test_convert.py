"""Reading input: every problem reported at once, with its path and position; hostile YAML refused."""

from __future__ import annotations

import datetime as dt

import pytest

from icp_core.convert import Limits, parse_text
from icp_core.errors import InputError
from icp_core.loading import load_filing
from icp_core.model import SubjectType
from icp_core.provinces import Province
from icp_core.testing import filing_data, merge


def errors_of(source: object, **kwargs: object) -> dict[str, str]:
    with pytest.raises(InputError) as caught:
        load_filing(source, **kwargs)  # type: ignore[arg-type]
    return {e.path: e.message for e in caught.value.errors}


def test_a_complete_filing_loads_from_a_mapping() -> None:
    filing = load_filing(filing_data("tianjin"))
    assert filing.province is Province.tianjin
    assert filing.subject.type is SubjectType.enterprise
    assert filing.websites[0].domains[0].real_name_verified_on == dt.date(2026, 10, 8)


@pytest.mark.parametrize("given", ["北京", "北京市", "11", "110000", 11, "Beijing", "beijing"])
def test_provinces_are_accepted_by_key_chinese_name_and_code(given: object) -> None:
    assert load_filing(merge(filing_data("beijing"), {"province": given})).province is Province.beijing


def test_every_error_is_reported_at_once_with_its_path() -> None:
    data = merge(filing_data(), {
        "province": "atlantis",
        "subject": {"type": "company", "administrator": {"age": "forty"}},
        "websites": [{"domains": [{"name": "a.cn"}, {"name": 42, "colour": "blue"}]}],
    })
    found = errors_of(data)
    assert "unknown province" in found["province"]
    assert "enterprise, individual" in found["subject.type"]
    assert "whole number" in found["subject.administrator.age"]
    assert "text" in found["websites[0].domains[1].name"]
    assert found["websites[0].domains[1].colour"].startswith("unknown key; accepted here: name, registrar,")


def test_missing_required_fields_are_named() -> None:
    data = filing_data()
    del data["province"]
    data["websites"][0]["domains"] = [{"registrar": "x"}]
    found = errors_of(data)
    assert found["province"] == "required field is missing"
    assert found["websites[0].domains[0].name"] == "required field is missing"


def test_yaml_errors_carry_line_and_column() -> None:
    text = "province: beijing\nsubject:\n  type: enterprise\n  nickname: x\n"
    with pytest.raises(InputError) as caught:
        load_filing(text)
    (error,) = caught.value.errors
    assert (error.path, error.line, error.column) == ("subject.nickname", 4, 3)


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(InputError, match="duplicate key"):
        parse_text("province: beijing\nprovince: tianjin\n")


@pytest.mark.parametrize("text", [
    "subject: !!python/object/apply:os.system ['echo hacked']\n",
    "subject: !!python/name:os.system\n",
    "subject: !custom {a: 1}\n",
])
def test_tags_that_would_construct_objects_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="not allowed"):
        parse_text(text)


def test_merge_keys_are_refused() -> None:
    with pytest.raises(InputError, match="merge keys"):
        parse_text("base: &b {a: 1}\nother:\n  <<: *b\n")


def test_an_alias_bomb_stops_at_the_node_limit() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    with pytest.raises(InputError, match="aliases count"):
        parse_text("\n".join(lines), limits=Limits(max_nodes=10_000))


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(InputError, match="nested deeper"):
        parse_text("a: " + "[" * 40 + "]" * 40, limits=Limits(max_depth=20))


@pytest.mark.parametrize("text, message", [("", "empty"), ("province: [beijing\n", "not valid YAML"),
                                           ("- 1\n- 2\n", "expected a mapping")])
def test_empty_truncated_and_non_mapping_documents(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_filing(text)


def test_non_utf8_file(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "filing.yaml"
    path.write_bytes("province: 北京\n".encode("gbk"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_filing(path)


def test_absurd_values_are_named() -> None:
    data = merge(filing_data(), {
        "subject": {"administrator": {"age": -3, "birth_date": "2099-01-01"}},
        "websites": [merge(filing_data()["websites"][0], {"name": "evil\u202ename"})],
    })
    found = errors_of(data)
    assert "negative" in found["subject.administrator.age"]
    assert "outside" in found["subject.administrator.birth_date"]
    assert "bidirectional" in found["websites[0].name"]


def test_size_limits_apply_to_strings_and_lists() -> None:
    domain = filing_data()["websites"][0]["domains"][0]
    data = merge(filing_data(), {"websites": [merge(filing_data()["websites"][0], {
        "name": "x" * 5000, "domains": [domain] * 20})]})
    assert "longer than" in errors_of(data)["websites[0].name"]
    # Lists are bounded before anything is structured: that error comes alone, and fast.
    assert errors_of(data, limits=Limits(max_domains_per_website=10)) == {"websites[0].domains": "more than 10 items"}
    industries = merge(data, {"websites": [merge(data["websites"][0], {"name": "x", "industries": ["news"] * 20})]})
    assert errors_of(industries, limits=Limits(max_items=10)) == {"websites[0].industries": "more than 10 items"}


def test_booleans_are_not_guessed_from_text() -> None:
    data = merge(filing_data(), {"subject": {"administrator": {"is_legal_representative": "false"}}})
    assert "true or false" in errors_of(data)["subject.administrator.is_legal_representative"]


def test_input_errors_never_show_id_numbers_in_clear() -> None:
    data = merge(filing_data(), {"subject": {"administrator": {"age": "110101199003071234"}}})
    with pytest.raises(InputError) as caught:
        load_filing(data)
    assert "110101199003071234" not in str(caught.value)


def test_a_missing_top_level_field_in_a_file_points_at_the_document() -> None:
    with pytest.raises(InputError) as caught:
        load_filing("subject:\n  type: enterprise\nevaluated_on: 2026-12-01\n")
    (error,) = caught.value.errors
    assert (error.path, error.message, error.line) == ("province", "required field is missing", 1)


def test_a_filing_unstructured_by_the_converter_loads_back() -> None:
    """Python callers (and the peers bench) turn a Filing into plain data with the one
    converter and send it as JSON: sets must come out as lists, which input accepts."""
    import json

    from icp_core.convert import converter
    from icp_core.loading import load_filing
    from icp_core.testing import make_filing

    filing = make_filing("beijing", add_documents=["authenticity_statement", "domain_certificate"])
    data = converter.unstructure(filing)
    assert data["documents"] == sorted(filing.documents)
    assert load_filing(json.loads(json.dumps(data, ensure_ascii=False))) == filing
