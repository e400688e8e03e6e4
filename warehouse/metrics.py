"""Materialises the standard per club and year for the districts a load touched, and roll-ups."""

from __future__ import annotations

import io

import duckdb
import polars as pl

from warehouse import sql
from warehouse.rules import Rules, exemplar_rows, rules_rows

EXPECTATIONS = sql.ROOT / "models" / "expectations"
RULES_VIEW = "metrics_rules_wanted"
# Per-club models materialised for the districts a load touches, in order: each may read
# the ones before it. Each is one SELECT in models/NAME.sql taking $districts (a list of
# district codes) and returning rows of those districts only.
CLUB_MODELS = ("club_year_compliance", "district_year_submissions", "club_year_exemplar")
EXEMPLAR_VIEW = "metrics_exemplar_wanted"
SUMMARIES = ("district_year_summary", "province_year_summary")
ROLLUPS = {
    "province_year_summary.parquet": "select * from province_year_summary "
    "where province_code = $province order by fiscal_year",
    "district_year_summary.parquet": "select * from district_year_summary "
    "where province_code = $province order by district_code, fiscal_year",
}


def refresh_districts(
    con: duckdb.DuckDBPyConnection,
    province: str,
    districts: list[str],
    rules: Rules,
    *,
    summaries: bool = True,
) -> int:
    """Rows of club_year_compliance written for some districts of a province, after recomputing.

    Runs inside the caller's transaction, if any. Only these districts' (club, year) rows
    change; each model runs once for all of them (its fixed cost is paid once, not once per
    district). The province's roll-ups are rebuilt too unless `summaries` is False (a caller
    loading many districts may then call `refresh_summaries` once at the end).
    """
    ensure_rules(con, province, districts, rules)
    ensure_exemplar_rules(con, province, rules)
    written = {}
    for model in CLUB_MODELS:
        con.execute(
            f"delete from {model} where list_contains($districts, district_code)",
            {"districts": districts},
        )
        inserted = con.execute(
            f"insert into {model} by name " + sql.text(model), {"districts": districts}
        ).fetchone()
        written[model] = int(inserted[0]) if inserted else 0
    if summaries:
        refresh_summaries(con, province)
    return written["club_year_compliance"]


def refresh_district(
    con: duckdb.DuckDBPyConnection,
    province: str,
    district: str,
    rules: Rules,
    *,
    summaries: bool = True,
) -> int:
    """Rows of club_year_compliance written for one district (`refresh_districts` of one)."""
    return refresh_districts(con, province, [district], rules, summaries=summaries)


def refresh_summaries(con: duckdb.DuckDBPyConnection, province: str) -> None:
    """Rebuild district_year_summary and province_year_summary of one province."""
    for table in SUMMARIES:
        con.execute(f"delete from {table} where province_code = ?", [province])
        con.execute(f"insert into {table} by name " + sql.text(table), {"province": province})


def ensure_rules(
    con: duckdb.DuckDBPyConnection, province: str, districts: list[str], rules: Rules
) -> range:
    """The fiscal years the districts reach, after (re)writing their rules_in_force rows."""
    reach = con.execute(sql.text("district_fiscal_years"), {"districts": districts}).fetchone()
    first, latest = reach or (None, None)
    if first is None or latest is None:
        return range(0)
    years = range(first, latest + 1)
    con.execute(
        "delete from rules_in_force where province_code = ? and fiscal_year between ? and ?",
        [province, first, latest],
    )
    con.register(RULES_VIEW, sql.ArrowStream(rules_rows(rules, province, years)))
    try:
        con.execute(f"insert into rules_in_force by name select * from {RULES_VIEW}")
    finally:
        con.unregister(RULES_VIEW)
    return years


def ensure_exemplar_rules(con: duckdb.DuckDBPyConnection, province: str, rules: Rules) -> None:
    """(Re)write the province's exemplar_rules row for this rules version."""
    con.execute(
        "delete from exemplar_rules where province_code = ? and rules_version = ?",
        [province, rules.version],
    )
    con.register(EXEMPLAR_VIEW, sql.ArrowStream(exemplar_rows(rules, province)))
    try:
        con.execute(f"insert into exemplar_rules by name select * from {EXEMPLAR_VIEW}")
    finally:
        con.unregister(EXEMPLAR_VIEW)


def rollup_files(con: duckdb.DuckDBPyConnection, province: str) -> dict[str, bytes]:
    """Parquet bytes of the province's roll-ups and club scores (no personal data)."""
    queries = ROLLUPS | {"club_scores.parquet": sql.text("club_scores")}
    files = {}
    for name, query in queries.items():
        buffer = io.BytesIO()
        pl.DataFrame(con.sql(query, params={"province": province})).write_parquet(buffer)
        files[name] = buffer.getvalue()
    return files


def expectation_queries() -> dict[str, str]:
    """Checks (name -> SQL) that must return zero rows on any warehouse."""
    paths = sorted(EXPECTATIONS.glob("*.sql"))
    return {path.stem: path.read_text(encoding="utf-8") for path in paths}


expectations = expectation_queries  # the earlier name, still used by callers
