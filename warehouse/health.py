"""Is each province's published warehouse readable? (for /healthz; answers names only)."""

from __future__ import annotations

import duckdb

from warehouse.home import Home
from warehouse.publish import current


def failing(home: Home) -> tuple[list[str], list[str]]:
    """(provinces whose CURRENT version opens read-only and answers a trivial query, those that do not)."""
    good, bad = [], []
    for province in home.provinces():
        (good if _readable(home, province) else bad).append(province)
    return good, bad


def _readable(home: Home, province: str) -> bool:
    published = current(home, province)
    if published is None or not published.path.is_file():
        return False
    try:
        # A connection of its own, so a file broken after the pages opened it is still seen.
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"attach '{_quoted(str(published.path))}' as w (read_only)")
            con.execute("select count(*) from w.load_batches").fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return False
    return True


def _quoted(path: str) -> str:
    return path.replace("'", "''")
