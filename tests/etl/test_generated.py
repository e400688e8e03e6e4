"""End to end on generated data for a real province, messy and with invalid rows."""

from __future__ import annotations

from pathlib import Path

from core.home import Home
from etl.pipeline import run
from etl.sources import read_sources
from tests.conftest import TODAY
from tonbaeb.generate import generate
from warehouse import metrics
from warehouse.connection import reading
from warehouse.publish import current
from warehouse.rules import load_rules


def test_generated_province_loads_with_balanced_counts(tmp_path: Path, home: Home) -> None:
    result = generate(
        tmp_path / "inbox",
        ["62"],
        [2567, 2568],
        fmt="mixed",
        messy_share=0.3,
        invalid_share=0.02,
        clubs_per_district=(4, 6),
        today=TODAY,
        workers=1,
    )
    sources = read_sources(result.sources)
    outcomes = run(home, sources, load_rules(None), today=TODAY, workers=2)
    assert [o.status for o in outcomes] == ["loaded"] * 11
    assert sum(o.rows_read for o in outcomes) == sum(result.rows.values())
    assert sum(o.rows_rejected for o in outcomes) >= result.invalid_rows
    with reading(home, "62") as (con, _version):
        unbalanced = con.execute(
            "select * from load_sheets where rows_read != rows_loaded + rows_rejected"
        ).fetchall()
        assert unbalanced == []
        for name, query in metrics.expectations().items():
            assert con.execute(query).fetchall() == [], name
        shares = [
            s for (s,) in con.execute("select meets_share from district_year_summary").fetchall()
        ]
        assert max(shares) > 0 and len(set(shares)) > 3  # districts differ
    before = current(home, "62")
    assert {o.status for o in run(home, sources, load_rules(None), today=TODAY, workers=1)} == {
        "unchanged"
    }
    assert current(home, "62") == before
