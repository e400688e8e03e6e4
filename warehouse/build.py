"""Applies the schema to a warehouse database."""

from __future__ import annotations

import duckdb

from warehouse import sql


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table the warehouse needs, if missing."""
    for path in sql.schema_files():
        con.execute(path.read_text(encoding="utf-8"))
