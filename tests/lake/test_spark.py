"""THE PROOF: a Spark-API engine reads the lake unchanged and gets the warehouse's answers.

PySpark's own DataFrame API (pyspark-client) over Spark Connect, against a Sail server
(pysail) started here on loopback; Sail reads Iceberg tables by their location, offline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pysail.spark import SparkConnectServer
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from core.home import Home
from lake import catalog
from lake.commit import versions
from tests.lake.conftest import MEETING_STANDARD, PROVINCES, Load
from warehouse.publish import current
from warehouse.query import run_query


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    server = SparkConnectServer("127.0.0.1", 0)
    server.start(background=True)
    _host, port = server.listening_address
    # Under pytest-xdist the main module has neither a spec nor a file, which PySpark takes for
    # its own doctests: it then imports its test utilities, which look for a Spark installation
    # (SPARK_HOME) that a Spark Connect client does not need. An empty one will do.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPARK_HOME", str(tmp_path_factory.mktemp("spark-home")))
        session = SparkSession.builder.remote(f"sc://127.0.0.1:{port}").getOrCreate()
        try:
            yield session
        finally:
            session.stop()
            server.stop()


def warehouse_answers(home: Home) -> dict[str, list[dict[str, Any]]]:
    """Per province, `tonbaeb sql` of the standard per district and fiscal year."""
    return {p: json.loads(run_query(home, p, MEETING_STANDARD, "json")) for p in PROVINCES}


def spark_answers(
    spark: SparkSession, location: str, snapshot: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The same, computed by Spark from the lake's club_year_compliance (at a snapshot, if given)."""
    reader = spark.read.format("iceberg")
    if snapshot is not None:
        reader = reader.option("snapshot-id", snapshot)
    rows = (
        reader.load(location)
        .groupBy("province_code", "district_code", "fiscal_year")
        .agg(
            F.count(F.when(F.col("meets_standard"), 1)).alias("meeting"),
            F.count(F.lit(1)).alias("clubs"),
        )
        .orderBy("province_code", "district_code", "fiscal_year")
        .collect()
    )
    found: dict[str, list[dict[str, Any]]] = {p: [] for p in PROVINCES}
    for row in rows:
        found[row["province_code"]].append(
            {k: row[k] for k in ("district_code", "fiscal_year", "meeting", "clubs")}
        )
    return found


def snapshot_of(home: Home, province: str, version: str) -> int:
    """The club_year_compliance snapshot that committed this version of the province."""
    table = catalog.opened(home).load_table("tonbaeb.club_year_compliance")
    found = [
        s.snapshot_id
        for s in table.metadata.snapshots
        if versions(table, s.snapshot_id).get(province) == version
    ]
    return found[-1]  # an overwrite commits a delete, then the append that holds the rows


def test_spark_over_sail_reads_the_warehouse_answers_and_travels_back(
    spark: SparkSession, fresh_lake_home: Home, load: Load, stricter_rules: Path
) -> None:
    home = fresh_lake_home
    location = catalog.opened(home).load_table("tonbaeb.club_year_compliance").location()
    before = warehouse_answers(home)
    assert any(r["meeting"] for r in before["75"])
    assert spark_answers(spark, location) == before

    assert {o.status for o in load(home, "75", stricter_rules)} == {"loaded"}  # a second publish
    after = warehouse_answers(home)
    assert current(home, "75").version == "v000002"  # type: ignore[union-attr]
    assert all(r["meeting"] == 0 for r in after["75"]) and after["58"] == before["58"]
    assert spark_answers(spark, location) == after
    earlier = snapshot_of(home, "75", "v000001")
    assert spark_answers(spark, location, earlier)["75"] == before["75"]
    # pyiceberg travels the same way
    table = catalog.opened(home).load_table("tonbaeb.club_year_compliance")
    old = table.scan(snapshot_id=earlier, row_filter="province_code == '75'").to_arrow()
    assert sum(old["meets_standard"].to_pylist()) == sum(r["meeting"] for r in before["75"])
