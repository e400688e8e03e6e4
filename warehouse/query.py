"""`tonbaeb sql`: one read-only query against one tenant's published warehouse."""

from __future__ import annotations

import json

import duckdb
import polars as pl

from warehouse import sql
from warehouse.connection import reading
from warehouse.home import Home, checked_province


class QueryFailed(Exception):
    """The query could not run (syntax, unknown relation, or an attempted write)."""


def run_query(home: Home, province: str, query: str, fmt: str = "csv") -> str:
    """The query's result as CSV, JSON (a list of objects) or a text table."""
    with reading(home, checked_province(province)) as (con, _version):
        try:
            frame = sql.frame(con, query)
        except duckdb.Error as error:
            raise QueryFailed(str(error).splitlines()[0]) from error
    if fmt == "csv":
        return frame.write_csv()
    if fmt == "json":
        return json.dumps(frame.to_dicts(), ensure_ascii=False, default=str, indent=1) + "\n"
    with pl.Config(tbl_rows=50, tbl_cols=30, fmt_str_lengths=60):
        return f"{frame}\n"
