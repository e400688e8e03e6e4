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


class ArrowStream:
    """A polars frame as an Arrow stream that DuckDB can scan (the Arrow PyCapsule interface).

    DuckDB reads a polars frame itself through pyarrow, and importing pyarrow costs ~0.3 s
    of every `tonbaeb etl run` and of each of its workers; this way needs no pyarrow.
    """

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """A fresh stream of the frame each time DuckDB scans it."""
        return self.frame.__arrow_c_stream__(requested_schema)


def frame(con: duckdb.DuckDBPyConnection, query: str, params: object = None) -> pl.DataFrame:
    """A query's result as a polars frame (through Arrow, no Python objects per row)."""
    return con.sql(query, params=params).pl()
