"""Finds and reads the warehouse's .sql files by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import polars as pl

ROOT = Path(__file__).parent


@cache
def text(name: str) -> str:
    """The SQL text of `schema/NAME.sql` or `models/NAME.sql`."""
    for folder in ("schema", "models", "queries"):
        path = ROOT / folder / f"{name}.sql"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"no SQL file named {name!r}")


def schema_files() -> list[Path]:
    """DDL files in the order they apply."""
    return sorted((ROOT / "schema").glob("*.sql"))


def frame(con: duckdb.DuckDBPyConnection, query: str, params: object = None) -> pl.DataFrame:
    """A query's result as a polars frame (through Arrow, no Python objects per row)."""
    return con.sql(query, params=params).pl()
