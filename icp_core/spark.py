"""Re-checking filings on Spark: a DataFrame of filings in, a DataFrame of answers out.

Needs ``icp-core[spark]`` (pyspark 4, pyarrow; Java 17+) on the driver and on every
worker machine, with the same plugins installed::

    from icp_core.spark import check_filings

    filings = spark.read.text("s3://bucket/filings/*.jsonl")          # one JSON filing a row
    results = check_filings(filings, "value", allow=["icp-national", "icp-province-beijing"],
                            profile="policies/beijing-console.yaml", on=dt.date(2026, 12, 1))
    results.where("not passed").write.parquet("s3://bucket/recheck-2026-12-01")

The filing column is a JSON string (as ``icp check --batch`` reads a line) or a struct in
the model's shape (``spark.read.json`` of the same lines; a null field is a field left
out). Each row is checked as ``icp check FILE --format json`` checks a file, through
``mapInArrow``, by one :class:`~icp_core.engine.Engine` per Python worker process, built
on first use and kept (:mod:`icp_core.recheck`, shared with ``--batch``). Plugins and the
profile are given by name: the profile file is read on the driver and its text sent to
the workers, which need not have it.

Every row is answered and the job never fails on input: a row that cannot be read (not
JSON, a wrong field, null) is an error row whose ``error`` names the field paths, as
``--batch`` error lines do. A wrong profile or profile parameter is the caller's mistake
and fails :func:`check_filings` on the driver, before any task runs.

The result's schema (:func:`result_schema`) is stable:

==========  ==================================  ==============================================
column      type                                value
==========  ==================================  ==============================================
*id*        the id column's type                the input row's id column, when one is named
verdict     string                              ``pass``, ``incomplete``, ``not_covered``,
                                                ``fail``, ``error``; null for an error row
passed      boolean, not null                   verdict is ``pass`` (false for an error row)
rule_ids    array<string>                       the findings' rule ids, sorted, each once
coverage    array<struct<scope, status,         every scope of the filing and who covered it
            plugin, install: string>>           (``Coverage``)
report      string (JSON)                       the report, as ``icp check --format json``
error       string (JSON)                       null, or ``{"error": "input", "errors":
                                                [{"path", "code", "message", …}]}``, or
                                                ``{"error": "internal", "message"}``
==========  ==================================  ==============================================
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from icp_core.convert import DEFAULT_LIMITS, Limits
from icp_core.recheck import Answer, RecheckOptions, answer

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructField, StructType

#: The result columns after the id column, in order.
RESULT_COLUMNS = ("verdict", "passed", "rule_ids", "coverage", "report", "error")
_COVERAGE_FIELDS = ("scope", "status", "plugin", "install")


def result_schema(id_field: StructField | None = None) -> StructType:
    """The Spark schema of :func:`check_filings`' result (the id column first, if any)."""
    from pyspark.sql.types import ArrayType, BooleanType, StringType, StructField, StructType

    coverage = StructType([StructField(name, StringType()) for name in _COVERAGE_FIELDS])
    fields = [
        StructField("verdict", StringType()),
        StructField("passed", BooleanType(), nullable=False),
        StructField("rule_ids", ArrayType(StringType(), containsNull=False)),
        StructField("coverage", ArrayType(coverage, containsNull=False)),
        StructField("report", StringType()),
        StructField("error", StringType()),
    ]
    return StructType(([id_field] if id_field is not None else []) + fields)


def check_filings(filings: DataFrame, column: str = "filing", *, id_column: str | None = None,
                  allow: Sequence[str] | str | None = None, profile: str | Path | None = None,
                  on: dt.date | None = None, hook_timeout: float | None = 10.0, complete: bool = False,
                  lang: str = "en", limits: Limits = DEFAULT_LIMITS) -> DataFrame:
    """Check every filing of ``filings[column]``; one result row per input row.

    :param column: a string column of JSON filings, or a struct column in the model's shape.
    :param id_column: a column to carry into the result (the filing's key in your store).
    :param allow: the plugin distributions to load (a list, or ``"a,b"`` as ``--allow``).
    :param profile: a deployment profile file, read here; its ``plugins`` apply when
        ``allow`` is not given.
    :param on: the evaluation day; else each filing's ``evaluated_on``, else today in China.
    :param hook_timeout: seconds a plugin hook may run (``None`` or 0: no guard thread).
    :param complete: missing facts are input errors, as ``--complete``.
    :param lang: ``en`` or ``zh``, for the messages in ``report`` and ``error``.
    :param limits: bounds on one filing (its JSON text's size, nesting, list lengths).
    :returns: a DataFrame of :func:`result_schema`; lazy, like any Spark transformation.
    """
    from pyspark.sql.types import StringType, StructType

    kind = filings.schema[column].dataType
    if not isinstance(kind, (StringType, StructType)):
        raise TypeError(f"check_filings: column {column!r} is {kind.simpleString()}; expected a string of JSON "
                        "or a struct in the filing's shape")
    options = RecheckOptions(allow=allow, profile=str(profile) if profile is not None else None,
                             hook_timeout=hook_timeout, on=on, complete=complete, lang=lang,
                             limits=limits).with_profile_text()
    options.engine()  # here, on the driver: a wrong profile or parameter fails now, not in every task
    id_field = filings.schema[id_column] if id_column is not None else None
    selected = filings.select(*([id_column] if id_column is not None else []), column)
    check = functools.partial(_check_batches, options, column, id_column)
    return selected.mapInArrow(check, result_schema(id_field))


def _check_batches(options: RecheckOptions, column: str, id_column: str | None,
                   batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
    """In a Python worker: each Arrow batch of filings becomes a batch of answers."""
    import pyarrow as pa

    for batch in batches:
        answers = [answer(_plain(value) if isinstance(value, dict) else value, options)
                   for value in batch.column(column).to_pylist()]
        columns = _answer_columns(pa, answers)
        if id_column is not None:
            columns = {id_column: batch.column(id_column), **columns}
        yield pa.RecordBatch.from_pydict(columns)


def _answer_columns(pa: Any, answers: list[Answer]) -> dict[str, Any]:
    coverage_type = pa.struct([(name, pa.string()) for name in _COVERAGE_FIELDS])
    reports = [found.report for found in answers]
    return {
        "verdict": pa.array([r.verdict.value if r else None for r in reports], pa.string()),
        "passed": pa.array([found.passed for found in answers], pa.bool_()),
        "rule_ids": pa.array([sorted({f.rule_id for f in r.findings}) if r else None for r in reports],
                             pa.list_(pa.string())),
        "coverage": pa.array([[{"scope": c.scope, "status": c.status.value, "plugin": c.plugin,
                                "install": c.install} for c in r.coverage] if r else None for r in reports],
                             pa.list_(coverage_type)),
        "report": pa.array([found.json() if found.report else None for found in answers], pa.string()),
        "error": pa.array([None if found.report else found.json() for found in answers], pa.string()),
    }


def _plain(value: Any) -> Any:
    """A struct row as the data a JSON filing would be: a null field is a field left out
    (a struct has every field of its schema, each row fills a few), and a map (Arrow gives
    a list of key-value pairs) is a mapping."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        if value and all(isinstance(item, tuple) and len(item) == 2 for item in value):
            return {key: _plain(item) for key, item in value if item is not None}
        return [_plain(item) for item in value]
    return value
