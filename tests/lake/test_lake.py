"""The lake of two loaded provinces: its tables and partitions, nothing personal in it, and the
same answers as `tonbaeb sql` read through pyiceberg with DuckDB and through `tonbaeb lake info`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from core.home import Home
from lake import catalog
from tests.lake.conftest import MEETING_STANDARD, PROVINCES, Generated
from tonbaeb.cli import main
from warehouse.publish import current
from warehouse.queries.lake import RELATIONS
from warehouse.query import run_query


def sql_answer(home: Home, province: str, query: str) -> list[dict[str, Any]]:
    """`tonbaeb sql --format json` on one province's published warehouse."""
    rows: list[dict[str, Any]] = json.loads(run_query(home, province, query, "json"))
    return rows


def test_every_table_is_partitioned_by_province_and_year(lake_home: Home) -> None:
    opened = catalog.opened(lake_home)
    assert sorted(t for _ns, t in opened.list_tables("tonbaeb")) == sorted(
        r.name for r in RELATIONS
    )
    for relation in RELATIONS:
        table = opened.load_table(f"tonbaeb.{relation.name}")
        assert tuple(f.name for f in table.spec().fields) == relation.partition
        files = table.inspect.files()["file_path"].to_pylist()
        folders = [f.split("/data/", 1)[1].split("/")[:-1] for f in files]
        assert {f[0] for f in folders} == {f"province_code={p}" for p in PROVINCES}
        if "fiscal_year" in relation.partition:
            assert {f[1] for f in folders} >= {"fiscal_year=2567", "fiscal_year=2568"}
        else:
            assert {len(f) for f in folders} == {1}
        snapshot = table.current_snapshot()
        assert snapshot is not None and snapshot.summary is not None
        assert snapshot.summary["tonbaeb.provinces"] == "58,75"  # one run: one commit for both
        for province in PROVINCES:
            assert snapshot.summary[f"tonbaeb.warehouse-version.{province}"] == "v000001"
            assert snapshot.summary[f"tonbaeb.rules-version.{province}"] == "2559.2"
            batches = snapshot.summary[f"tonbaeb.load-batches.{province}"].split(",")
            assert len(batches) == 2 and all(b.startswith(province) for b in batches)


def lake_text(home: Home) -> tuple[str, str]:
    """Everything in the lake's files as text: the raw bytes of every file, and the decoded
    values of every Parquet file and of every manifest's column bounds (both compressed)."""
    raw, decoded = [], []
    folder = catalog.local(home)
    assert folder is not None
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw.append(path.read_bytes().decode("utf-8", "replace"))
        if path.suffix == ".parquet":
            decoded.append(
                json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False)
            )
    opened = catalog.opened(home)
    for _ns, name in opened.list_tables("tonbaeb"):
        files = opened.load_table(f"tonbaeb.{name}").inspect.all_files()
        for column in ("lower_bounds", "upper_bounds"):
            for bounds in files[column].to_pylist():
                decoded += [v.decode("utf-8", "replace") for _k, v in bounds or []]
    return "\n".join(raw), "\n".join(decoded)


def test_nothing_personal_is_in_the_lake(lake_home: Home, generated: Generated) -> None:
    raw, decoded = lake_text(lake_home)
    assert len(generated.names) > 20 and len(generated.citizen_ids) > 20
    keys = {
        row["person_key"]
        for p in PROVINCES
        for row in sql_answer(
            lake_home, p, "select person_key from members where person_key is not null"
        )
    }
    assert len(keys) > 20
    club = sql_answer(lake_home, "75", "select name from clubs order by club_id limit 1")[0]["name"]
    assert club in decoded  # the check reads what the files hold: a club's name is there
    for text in (raw, decoded):
        found = [v for v in generated.names | generated.citizen_ids | keys if v in text]
        assert found == []


def test_duckdb_through_pyiceberg_gives_the_warehouse_answers(lake_home: Home) -> None:
    table = catalog.opened(lake_home).load_table("tonbaeb.club_year_compliance")
    con = duckdb.connect()
    table.scan().to_duckdb("club_year_compliance", connection=con)
    for province in PROVINCES:
        query = MEETING_STANDARD.replace(
            "from club_year_compliance",
            f"from club_year_compliance where province_code = '{province}'",
        )
        lake = [
            dict(zip(("district_code", "fiscal_year", "meeting", "clubs"), row, strict=True))
            for row in con.sql(query).fetchall()
        ]
        answer = sql_answer(lake_home, province, MEETING_STANDARD)
        assert lake == answer and answer and any(r["meeting"] for r in answer)
    counts = catalog.opened(lake_home).load_table("tonbaeb.members_by_club_year").scan().to_arrow()
    for province in PROVINCES:
        ends = sql_answer(
            lake_home, province, "select sum(members_end)::integer as n from club_year_compliance"
        )
        mine = [
            m
            for p, m in zip(
                counts["province_code"].to_pylist(), counts["members"].to_pylist(), strict=True
            )
            if p == province
        ]
        assert sum(mine) == ends[0]["n"] > 0


def test_lake_info_names_each_table_and_each_provinces_version(
    lake_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lake", "info", "--format", "json", "--home", str(lake_home.root)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["catalog_uri"] == f"sqlite:///{lake_home.state / 'app.sqlite'}"
    assert found["warehouse"] == (lake_home.root / "lake").as_uri()
    assert {t["table"] for t in found["tables"]} == {f"tonbaeb.{r.name}" for r in RELATIONS}
    for table in found["tables"]:
        assert Path(table["metadata_location"].removeprefix("file://")).is_file()
        assert isinstance(table["snapshot_id"], int)
    assert found["provinces"] == [
        {
            "province": p,
            "published_version": current(lake_home, p).version,  # type: ignore[union-attr]
            "lake_version": "v000001",
            "behind": False,
            "failure": None,
        }
        for p in PROVINCES
    ]
    assert main(["lake", "info", "--home", str(lake_home.root)]) == 0
    assert "province 75: lake v000001, published v000001 (up to date)" in capsys.readouterr().out
