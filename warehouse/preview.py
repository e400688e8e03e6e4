"""What a district has in a warehouse, asked the same way of the published version and of a dry run.

Rows per record table and clubs meeting the standard per fiscal year, for one district,
on any connection: the published version read-only, or the in-memory database a dry run
loads into. The upload page sets the two side by side (before -> after).
"""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse import sql

RECORD_SHEETS = ("clubs", "members", "meetings", "attendance", "activities", "governance")
STANDARD = """
select fiscal_year, count(*)::integer as clubs,
       (count(*) filter (where meets_standard))::integer as meeting_standard
from club_year_compliance where district_code = ? group by fiscal_year order by fiscal_year
"""


def sheet_rows(con: duckdb.DuckDBPyConnection, district: str) -> dict[str, int]:
    """Rows of each record table that belong to the district."""
    counts = " union all ".join(
        f"select '{table}' as sheet, count(*) as n from {table} where district_code = $district"
        for table in RECORD_SHEETS
    )
    rows = con.execute(counts, {"district": district}).fetchall()
    return {sheet: int(n) for sheet, n in rows}


CLUB_STANDING = """
select c.club_id, c.name, y.fiscal_year, y.meets_standard
from clubs c join club_year_compliance y using (district_code, club_id)
where c.district_code = $district
"""


def standard(con: duckdb.DuckDBPyConnection, district: str) -> pl.DataFrame:
    """Per fiscal year: the district's clubs and how many meet the standard."""
    return sql.frame(con, STANDARD, [district])


def club_standing(con: duckdb.DuckDBPyConnection, district: str) -> pl.DataFrame:
    """Per club of the district and fiscal year: whether it meets the standard (club_id, name,
    fiscal_year, meets_standard)."""
    return sql.frame(con, CLUB_STANDING, {"district": district})
