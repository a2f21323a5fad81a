"""Filings per second: ``icp_core.spark`` on ``local[2]`` against ``icp check --batch --processes 2``.

Both check the same generated JSON Lines file (the bundled example filings, cycled) with
every installed plugin, and write every answer: the batch its JSON lines to a file, Spark
its result DataFrame as Parquet. Each side runs ``--rounds`` times (default 2), interleaved;
the better run counts. Not timed: the answers are then compared: both must give each
verdict to as many filings (and none may be an input error).

    uv run --all-packages --extra spark python bench/spark.py              # 20,000 filings, ~2-4 min
    uv run --all-packages --extra spark python bench/spark.py --n 1000000  # the full figure (~1 h here)

Spark needs Java 17+. Its start-up (a JVM, then a Python worker per core building its
engine, warmed on a few filings) is reported apart from the job; the batch's times include
its whole command (its two processes building their engines).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ON = "2026-12-01"


def example_lines() -> list[dict[str, Any]]:
    from icp_core.convert import read_file
    from icp_core.errors import InputError
    from icp_core.loading import load_filing

    found = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data = json.loads(json.dumps(read_file(path)[0], default=str))
        try:
            load_filing(data)
        except InputError:
            continue  # not a filing (an original filing for transfers)
        found.append(data)
    return found


def generate(path: Path, count: int) -> None:
    """``count`` filings: the bundled examples, cycled, as ``bench/run.py``'s batch section
    does. (Numbering their names would make them differ, but names are checked: digits
    turn most of them into failures, which is not the mix a store of filings holds.)"""
    lines = [json.dumps(data, ensure_ascii=False) + "\n" for data in example_lines()]
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            out.write(lines[index % len(lines)])


def run_batch(source: Path, out: Path) -> float:
    cmd = [sys.executable, "-m", "icp_core.cli", "check", "--batch", str(source), "--format", "json",
           "--processes", "2", "--on", ON]
    with out.open("w") as handle:
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, stdout=handle, stderr=subprocess.PIPE, text=True, check=False)
        wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"icp check --batch failed: exit {proc.returncode}: {proc.stderr[-500:]}")
    return wall


def spark_session(partitions: int, max_partition_bytes: int) -> Any:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("icp-bench-spark")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", str(partitions))
               # a few splits per core, so that both cores work to the end of the file
               .config("spark.sql.files.maxPartitionBytes", str(max_partition_bytes))
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return session


def warm_up(session: Any, source: Path) -> None:
    """Start the Python workers (one a core) and build their engines on a few filings."""
    from icp_core.spark import check_filings

    with source.open(encoding="utf-8") as handle:
        first = [(next(handle),) for _ in range(100)]
    check_filings(session.createDataFrame(first, "value string").repartition(2), "value").collect()


def run_spark(session: Any, source: Path, out: Path) -> float:
    import datetime as dt

    from icp_core.spark import check_filings

    start = time.perf_counter()
    filings = session.read.text(str(source))
    results = check_filings(filings, "value", on=dt.date.fromisoformat(ON))
    results.write.mode("overwrite").parquet(str(out))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="filings to generate (default 20,000)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each side, interleaved (default 2)")
    args = parser.parse_args(argv)
    print(f"icp-filing Spark bench — Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"{args.n:,} filings; load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="icp-bench-spark-") as tmp:
        source = Path(tmp) / "filings.jsonl"
        generate(source, args.n)
        size = source.stat().st_size
        print(f"generated {size / 2**20:,.1f} MiB of JSON Lines")

        start = time.perf_counter()
        session = spark_session(2, max(1 << 20, size // 8))
        warm_up(session, source)
        started = time.perf_counter() - start
        print(f"Spark start: {started:.1f} s (JVM, local[2], a Python worker and its engine per core)")

        batch_times: list[float] = []
        spark_times: list[float] = []
        for _ in range(args.rounds):
            batch_times.append(run_batch(source, Path(tmp) / "batch.jsonl"))
            print(f"  icp check --batch --processes 2: {batch_times[-1]:.1f} s")
            spark_times.append(run_spark(session, source, Path(tmp) / "spark.parquet"))
            print(f"  Spark local[2] (read, check, write Parquet): {spark_times[-1]:.1f} s")

        batch_verdicts = Counter()
        with (Path(tmp) / "batch.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                batch_verdicts[json.loads(line).get("verdict", "input error")] += 1
        rows = session.read.parquet(str(Path(tmp) / "spark.parquet"))
        spark_verdicts = Counter({(r["verdict"] or "input error"): r["count"]
                                  for r in rows.groupBy("verdict").count().collect()})
        session.stop()
    if batch_verdicts != spark_verdicts or sum(batch_verdicts.values()) != args.n or batch_verdicts["input error"]:
        raise RuntimeError(f"the answers differ: batch {dict(batch_verdicts)}, Spark {dict(spark_verdicts)}")
    print(f"verdicts (both): {dict(sorted(batch_verdicts.items()))}")

    batch_rate, spark_rate = args.n / min(batch_times), args.n / min(spark_times)
    print(f"\n{'':36}{'filings/s':>12}")
    print(f"{'icp check --batch --processes 2':36}{batch_rate:>12,.0f}")
    print(f"{'Spark local[2], job':36}{spark_rate:>12,.0f}   ({spark_rate / batch_rate:.2f}x the batch)")
    print(f"{'Spark local[2], with session start':36}{args.n / (min(spark_times) + started):>12,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
