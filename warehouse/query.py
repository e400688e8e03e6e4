"""`tonbaeb sql`: one read-only query against one tenant's published warehouse."""

from __future__ import annotations

import json

import duckdb
import polars as pl

from core.home import Home, checked_province
from warehouse import sql
from warehouse.connection import reading


class QueryFailed(Exception):
    """The query could not run (syntax, unknown relation, or an attempted write)."""


def run_query(home: Home, province: str, query: str, fmt: str = "csv") -> str:
    """The query's result as CSV, JSON (a list of objects) or a text table.

    In CSV, nested values (lists, structs, maps) are JSON text and bytes are hex; a type
    that cannot be shown at all (an interval, a union) is a QueryFailed that says so.
    """
    with reading(home, checked_province(province)) as (con, _version):
        try:
            frame = sql.frame(con, query)
        except duckdb.Error as error:
            raise QueryFailed(str(error).splitlines()[0]) from error
        except pl.exceptions.PolarsError as error:
            raise QueryFailed(
                f"a result column's type cannot be shown ({str(error).splitlines()[0]}); "
                "cast it, e.g. `column::varchar`"
            ) from error
    if fmt == "csv":
        return _flat(frame).write_csv()
    if fmt == "json":
        return json.dumps(frame.to_dicts(), ensure_ascii=False, default=_plain, indent=1) + "\n"
    with pl.Config(tbl_rows=50, tbl_cols=30, fmt_str_lengths=60):
        return f"{frame}\n"


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns as JSON text and binary ones as hex, so that every column fits a CSV cell."""
    flat = []
    for name, dtype in frame.schema.items():
        if dtype.is_nested() or dtype == pl.Binary:
            values = [None if v is None else _text(v) for v in frame[name].to_list()]
            flat.append(pl.Series(name, values, dtype=pl.String))
    return frame.with_columns(flat) if flat else frame


def _text(value: object) -> str:
    """A nested value as JSON text, bytes as hex."""
    if isinstance(value, bytes | bytearray):
        return value.hex()
    return json.dumps(value, ensure_ascii=False, default=_plain)


def _plain(value: object) -> object:
    """A value JSON has no type for: bytes as hex, anything else (dates, decimals) as text."""
    return value.hex() if isinstance(value, bytes | bytearray) else str(value)
