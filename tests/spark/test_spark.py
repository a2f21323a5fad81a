"""``icp_core.spark.check_filings`` on a local[2] session: the same answers as ``Engine.check``,
error rows instead of failed jobs, struct input like JSON input, options by name, and no
personal data in clear."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from icp_core.convert import read_file
from icp_core.engine import Engine
from icp_core.errors import InputError, PolicyError
from icp_core.loading import load_filing
from icp_core.output import to_data
from icp_core.spark import RESULT_COLUMNS, check_filings, result_schema
from icp_core.testing import filing_data, merge, mobile, resident_id

if os.environ.get("ICP_REQUIRE_SPARK") != "1":  # see conftest.py
    pytest.importorskip("pyspark", reason="icp-core[spark] is not installed (tox -e spark runs these tests)")

ROOT = Path(__file__).resolve().parents[2]
ON = dt.date(2026, 12, 1)


def examples() -> dict[str, dict[str, Any]]:
    """The bundled example filings as JSON data (files that are not filings left out)."""
    found = {}
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data = json.loads(json.dumps(read_file(path)[0], default=str))
        try:
            load_filing(data)
        except InputError:
            continue  # an original filing for transfers
        found[path.name] = data
    return found


def rows_by_name(frame: Any) -> dict[str, Any]:
    return {row["name"]: row for row in frame.collect()}


def json_frame(spark: Any, filings: dict[str, str | None]) -> Any:
    return spark.createDataFrame(list(filings.items()), "name string, filing string")


@pytest.fixture(scope="module")
def example_filings() -> dict[str, dict[str, Any]]:
    found = examples()
    assert len(found) > 40
    return found


def test_examples_as_json_get_the_engines_answers(spark: Any, example_filings: dict[str, dict[str, Any]]) -> None:
    frame = json_frame(spark, {name: json.dumps(data, ensure_ascii=False) for name, data in example_filings.items()})
    results = check_filings(frame, "filing", id_column="name", on=ON)
    assert results.schema == result_schema(frame.schema["name"])
    rows = rows_by_name(results)
    assert set(rows) == set(example_filings)

    engine = Engine.from_entry_points()
    verdicts = set()
    for name, data in example_filings.items():
        expected = engine.check(load_filing(data), on=ON)
        row = rows[name]
        verdicts.add(row["verdict"])
        assert row["verdict"] == expected.verdict.value, name
        assert row["passed"] is expected.passed
        assert row["rule_ids"] == sorted({f.rule_id for f in expected.findings}), name
        assert [(c["scope"], c["status"], c["plugin"]) for c in row["coverage"]] == \
            [(c.scope, c.status.value, c.plugin) for c in expected.coverage]
        assert json.loads(row["report"]) == to_data(expected), name
        assert row["error"] is None
    assert "pass" in verdicts and len(verdicts) > 1  # the examples are not all alike: the comparison means something


def test_rows_that_cannot_be_read_become_error_rows_and_the_job_succeeds(spark: Any) -> None:
    good = filing_data("beijing")
    wrong_field = merge(filing_data("beijing"), {"subject": {"type": "company"}})
    frame = json_frame(spark, {
        "good": json.dumps(good, ensure_ascii=False),
        "malformed": '{"province": "beijing", "subject": ',
        "wrong_field": json.dumps(wrong_field, ensure_ascii=False),
        "unknown_key": json.dumps({**good, "websitez": []}, ensure_ascii=False),
        "not_an_object": "[1, 2]",
        "null": None,
    })
    rows = rows_by_name(check_filings(frame, "filing", id_column="name", on=ON))

    assert rows["good"]["verdict"] == "pass" and rows["good"]["error"] is None
    errors = {name: json.loads(row["error"]) for name, row in rows.items() if name != "good"}
    for name, row in rows.items():
        if name != "good":  # failed closed: no verdict, not passed, no report
            assert (row["verdict"], row["passed"], row["rule_ids"], row["report"]) == (None, False, None, None), name
            assert errors[name]["error"] == "input"
    assert [(e["path"], e["code"]) for e in errors["wrong_field"]["errors"]] == [("subject.type", "not_one_of")]
    assert "'company' is not one of" in errors["wrong_field"]["errors"][0]["message"]
    assert [e["path"] for e in errors["unknown_key"]["errors"]] == ["websitez"]
    assert errors["malformed"]["errors"][0]["code"] == "not_json"
    assert errors["not_an_object"]["errors"][0]["code"] == "not_mapping_at_top"
    assert errors["null"]["errors"] == [{"path": "", "code": "null_filing", "message": "no filing: the value is null",
                                         "line": None, "column": None}]


def test_messages_come_in_the_language_asked(spark: Any) -> None:
    wrong_field = merge(filing_data("beijing"), {"subject": {"type": "company"}})
    frame = json_frame(spark, {"wrong": json.dumps(wrong_field, ensure_ascii=False),
                               "fails": json.dumps(merge(filing_data("beijing"), {"province": "tianjin"}))})
    rows = rows_by_name(check_filings(frame, "filing", id_column="name", on=ON, lang="zh"))
    assert "不是以下取值之一" in json.loads(rows["wrong"]["error"])["errors"][0]["message"]
    findings = json.loads(rows["fails"]["report"])["findings"]
    assert findings and all(any("\u4e00" <= ch <= "\u9fff" for ch in f["message"]) for f in findings)


def test_struct_input_gets_the_same_answers_as_json_input(spark: Any, example_filings: dict[str, dict[str, Any]],
                                                          tmp_path: Path) -> None:
    from pyspark.sql import functions as F

    texts = {name: json.dumps(data, ensure_ascii=False) for name, data in list(example_filings.items())[::4]}
    # (A wrong type cannot be in a typed struct; a wrong value and a misspelt key can.)
    texts["wrong_field"] = json.dumps(merge(filing_data("beijing"), {"subject": {"type": "company"}, "websites": [
        {**filing_data("beijing")["websites"][0], "domains": [{"name": "example.cn", "expirs_on": "2027-01-01"}]}]}))
    lines = tmp_path / "filings.jsonl"
    lines.write_text("\n".join(texts.values()) + "\n", "utf-8")
    schema = spark.read.json(str(lines)).schema  # the union of every filing's fields, as a table of filings has
    from_json = json_frame(spark, texts)
    as_struct = from_json.select("name", F.from_json("filing", schema).alias("filing"))
    assert as_struct.schema["filing"].dataType.simpleString().startswith("struct<")

    by_json = rows_by_name(check_filings(from_json, "filing", id_column="name", on=ON))
    by_struct = rows_by_name(check_filings(as_struct, "filing", id_column="name", on=ON))
    assert set(by_struct) == set(texts)
    for name in texts:
        assert by_struct[name].asDict() == by_json[name].asDict(), name
    paths = [e["path"] for e in json.loads(by_struct["wrong_field"]["error"])["errors"]]
    assert "subject.type" in paths and "websites[0].domains[0].expirs_on" in paths


def test_a_null_struct_is_an_error_row(spark: Any) -> None:
    frame = spark.createDataFrame([("none", None)], "name string, filing struct<province: string>")
    row = check_filings(frame, "filing", id_column="name").collect()[0]
    assert (row["passed"], json.loads(row["error"])["errors"][0]["code"]) == (False, "null_filing")


def test_plugins_and_profile_given_by_name_decide_like_the_cli(spark: Any, tmp_path: Path) -> None:
    beijing = json.dumps(filing_data("beijing"), ensure_ascii=False)
    guangdong = json.dumps(filing_data("guangdong"), ensure_ascii=False)
    frame = json_frame(spark, {"beijing": beijing, "guangdong": guangdong})

    every_plugin = rows_by_name(check_filings(frame, "filing", id_column="name", on=ON))
    assert every_plugin["beijing"]["verdict"] == every_plugin["guangdong"]["verdict"] == "pass"

    # The province left out of the allow-list: not covered, failed closed, the scope named.
    allow = ["icp-national", "icp-instance-ecs"]
    rows = rows_by_name(check_filings(frame, "filing", id_column="name", on=ON, allow=",".join(allow)))
    assert (rows["beijing"]["verdict"], rows["beijing"]["passed"]) == ("not_covered", False)
    assert {"scope": "province.beijing", "status": "not_allowed"}.items() <= \
        next(c for c in rows["beijing"]["coverage"] if c["scope"] == "province.beijing").asDict().items()
    expected = Engine.from_entry_points(allow).check(load_filing(json.loads(beijing)), on=ON)
    assert json.loads(rows["beijing"]["report"]) == to_data(expected)

    # A profile by its file, which the workers need not have: its text goes with the job.
    profile = tmp_path / "console.yaml"
    shutil.copy(ROOT / "policies" / "beijing-console.yaml", profile)
    results = check_filings(frame, "filing", id_column="name", on=ON, profile=profile)
    profile.unlink()  # before any task runs (the DataFrame is lazy)
    rows = rows_by_name(results)
    assert rows["beijing"]["verdict"] == "pass"
    assert json.loads(rows["beijing"]["report"])["profile"] == "beijing-console"
    assert rows["guangdong"]["verdict"] == "not_covered"  # outside what the console serves
    assert next(c for c in rows["guangdong"]["coverage"] if c["scope"] == "province.guangdong")["status"] == \
        "not_served"


def test_a_wrong_profile_or_column_fails_on_the_driver(spark: Any, tmp_path: Path) -> None:
    frame = json_frame(spark, {"beijing": json.dumps(filing_data("beijing"))})
    profile = tmp_path / "bad.yaml"
    profile.write_text("name: bad\nrules:\n  national.domain.real_name_sync_delay:\n    params: {days: -3}\n", "utf-8")
    with pytest.raises(PolicyError, match="days"):
        check_filings(frame, "filing", profile=profile)
    with pytest.raises(TypeError, match="'name' is int; expected a string"):
        check_filings(frame.selectExpr("length(filing) as name"), "name")


def test_no_personal_data_in_clear_in_any_result(spark: Any, example_filings: dict[str, dict[str, Any]]) -> None:
    someone = resident_id("beijing", "19920101", "417")
    phone = mobile("beijing", "7788")
    texts = {name: json.dumps(data, ensure_ascii=False) for name, data in example_filings.items()}
    texts["id_as_type"] = json.dumps(merge(filing_data("beijing"), {"subject": {"type": someone}}))
    texts["id_as_key"] = json.dumps({**filing_data("beijing"), someone: phone})
    texts["bad_phone"] = json.dumps(merge(filing_data("beijing"), {"subject": {"administrator": {
        "mobile": phone + "9", "id_number": someone[:-1] + "X"}}}))
    secrets = {someone, phone, someone[:-1] + "X", phone + "9"} | set(personal_values(example_filings))
    rows = check_filings(json_frame(spark, texts), "filing", id_column="name", on=ON).collect()
    assert len(rows) == len(texts) and sum(row["error"] is not None for row in rows) >= 2
    output = json.dumps([row.asDict(recursive=True) for row in rows], ensure_ascii=False)
    assert not [secret for secret in secrets if secret in output]


def personal_values(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in
                ([item] if key in ("id_number", "mobile") and isinstance(item, str) else personal_values(item))]
    if isinstance(value, list):
        return [found for item in value for found in personal_values(item)]
    return []


def test_the_result_columns_are_the_documented_ones() -> None:
    assert [f.name for f in result_schema().fields] == list(RESULT_COLUMNS)
