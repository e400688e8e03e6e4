"""Materialises the standard per club and year, and its roll-ups, one district at a time."""

from __future__ import annotations

import io

import duckdb
from warehouse import sql
from warehouse.rules import Rules, rules_rows

RECORD_YEARS = """
select min(y), max(y) from (
    select fiscal_year as y from meetings where district_code = $district
    union all select fiscal_year from activities where district_code = $district
    union all select entered_standard_fy from clubs where district_code = $district
    union all select year(effective_on) + 544 from governance where district_code = $district
    union all select year(joined_on) + 544 from members where district_code = $district
)
"""
CLUB_SCORES = """
select
    c.province_code, c.district_code, c.club_id, k.name, k.network_type, k.subdistrict_code,
    c.* exclude (province_code, district_code, club_id)
from club_year_compliance as c
join clubs as k on k.district_code = c.district_code and k.club_id = c.club_id
where c.province_code = ?
"""
ROLLUPS = {
    "province_year_summary.parquet": "select * from province_year_summary where province_code = ?",
    "district_year_summary.parquet": "select * from district_year_summary where province_code = ?",
    "club_scores.parquet": CLUB_SCORES,
}


def refresh_district(
    con: duckdb.DuckDBPyConnection, province: str, district: str, rules: Rules
) -> int:
    """Recompute the (club, year) rows of one district; rows written.

    Call `refresh_summaries` for the province afterwards (once, after all its districts).
    """
    _ensure_rules(con, province, district, rules)
    con.execute("delete from club_year_compliance where district_code = ?", [district])
    con.execute(
        "insert into club_year_compliance by name " + sql.text("club_year_compliance"),
        {"district": district, "province": province},
    )
    written = con.execute(
        "select count(*) from club_year_compliance where district_code = ?", [district]
    ).fetchone()
    return int(written[0]) if written else 0


def refresh_summaries(con: duckdb.DuckDBPyConnection, province: str) -> None:
    """Rebuild the district and province roll-ups of one province."""
    for table in ("district_year_summary", "province_year_summary"):
        con.execute(f"delete from {table} where province_code = ?", [province])
        con.execute(f"insert into {table} by name " + sql.text(table), {"province": province})


def rollup_files(con: duckdb.DuckDBPyConnection, province: str) -> dict[str, bytes]:
    """Parquet files of the province's roll-ups and club scores (no personal data)."""
    files = {}
    for name, query in ROLLUPS.items():
        buffer = io.BytesIO()
        sql.frame(con, query, [province]).write_parquet(buffer)
        files[name] = buffer.getvalue()
    return files


def _ensure_rules(con: duckdb.DuckDBPyConnection, province: str, district: str, rules: Rules) -> None:
    """rules_in_force rows for every fiscal year the district's records can reach."""
    low, high = con.execute(RECORD_YEARS, {"district": district}).fetchone() or (None, None)
    years = range(min(low or 2540, 2540), max(high or 2600, 2600) + 1)
    wanted = rules_rows(rules, province, years)
    con.execute("delete from rules_in_force where province_code = ?", [province])
    con.register("wanted_rules", wanted.to_arrow())
    try:
        con.execute("insert into rules_in_force by name select * from wanted_rules")
    finally:
        con.unregister("wanted_rules")


def expectations() -> dict[str, str]:
    """Checks that must return zero rows on any warehouse."""
    text = sql.text("expectations")
    parts = [p.strip() for p in text.split(";") if p.strip()]
    named = {}
    for part in parts:
        first, _, body = part.partition("\n")
        named[first.removeprefix("--").strip()] = body
    return named

