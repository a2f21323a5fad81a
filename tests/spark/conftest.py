"""A local ``local[2]`` Spark session for the ``icp_core.spark`` tests (``tox -e spark``).

The tests need ``icp-core[spark]`` and Java 17+. Where pyspark is not installed (the ``py``
environment) each test module skips itself, unless ``ICP_REQUIRE_SPARK=1`` (set by ``tox -e
spark``, which CI runs): there a missing pyspark is an error, so CI never skips them silently.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    # Spark starts its Python workers with PYSPARK_PYTHON (default `python3`, which may not
    # be this environment): they must import icp_core and the plugins installed here.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("icp-filing-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.default.parallelism", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
