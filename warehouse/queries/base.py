"""Reading one province's published warehouse, or its published roll-up files, for a scope."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

import polars as pl

from accounts.scope import Scope
from core.home import PROVINCE_CODE, Home
from warehouse import sql
from warehouse.connection import NotPublished, reading
from warehouse.publish import current
from warehouse.queries.cache import cached

T = TypeVar("T")

DISTRICT_CODE = re.compile(r"^[0-9]{4}$")
CRITERIA = (
    "committee",
    "rules",
    "meetings",
    "capacity",
    "problem_partner",
    "forum",
    "evaluation",
    "knowledge",
    "publicity",
)
MAX_TEXT = 200  # longer identifiers or search text are not a real request


def read(home: Home, province: str, query: str, params: object = None) -> pl.DataFrame:
    """A query's result on the province's current version (empty when nothing is published)."""
    try:
        with reading(home, province) as (con, _version):
            return sql.frame(con, query, params)
    except NotPublished:
        return pl.DataFrame()


def rollups(
    home: Home, names: Sequence[str], name: str, columns: Sequence[str] = ()
) -> pl.DataFrame:
    """A roll-up file published beside each province's current version, all read in one go.

    Only rows of those provinces; missing files are left out. The columns are those of
    any file (or `columns`); a file written before a column was added has it as nulls.
    """
    paths = []
    for province in names:
        published = current(home, province)
        if published is not None and (published.folder / name).is_file():
            paths.append(published.folder / name)
    if not paths:
        return pl.DataFrame()
    schema: dict[str, pl.DataType] = {}
    for path in paths:
        for column, dtype in pl.read_parquet_schema(path).items():
            schema.setdefault(column, dtype)
    scan = pl.scan_parquet(paths, schema=schema, missing_columns="insert")
    frame = (scan.select(columns) if columns else scan).collect()
    return frame.filter(pl.col("province_code").is_in(list(names)))


def is_published(home: Home, province: str) -> bool:
    """Whether the province has a published version."""
    return current(home, province) is not None


def provinces(home: Home, scope: Scope) -> list[str]:
    """Published provinces this user may see (none for a scope that sees nothing)."""
    if not scope.sees_warehouse:
        return []
    return [p for p in home.provinces() if scope.may_read_province(p)]


def is_province(value: object) -> bool:
    """Whether a value can name a province at all."""
    return isinstance(value, str) and bool(PROVINCE_CODE.match(value))


def is_district(value: object) -> bool:
    """Whether a value can name a district at all."""
    return isinstance(value, str) and bool(DISTRICT_CODE.match(value))


def is_text(value: object) -> bool:
    """Whether a value is a plausible identifier or search text."""
    return isinstance(value, str) and 0 < len(value) <= MAX_TEXT


def one_club(frame: pl.DataFrame, district: str, club_id: str) -> pl.DataFrame:
    """The rows of one club (district and club id) in a frame of clubs; an empty frame as it is."""
    if frame.is_empty():
        return frame
    return frame.filter((pl.col("district_code") == district) & (pl.col("club_id") == club_id))


def chosen_province(home: Home, scope: Scope, asked: object = None) -> str | None:
    """The province to show: the user's own; for national, the one asked for if published."""
    if scope.role in ("director", "officer"):
        own = scope.province_code
        return (
            own
            if own is not None and scope.may_read_province(own) and is_published(home, own)
            else None
        )
    if scope.role == "national" and is_province(asked):
        province = str(asked)
        return (
            province if scope.may_read_province(province) and is_published(home, province) else None
        )
    return None


def readable_district(home: Home, scope: Scope, district: object) -> str | None:
    """The district itself if it is well-formed, published and its province readable; else None."""
    if not is_district(district):
        return None
    province = str(district)[:2]
    if not scope.may_read_province(province) or not is_published(home, province):
        return None
    return str(district)


def covered(home: Home, scope: Scope, province: object) -> tuple[str, ...]:
    """The provinces a question about `province` covers: the chosen one, or every one (national, None)."""
    chosen = chosen_province(home, scope, province)
    if chosen:
        return (chosen,)
    return tuple(provinces(home, scope)) if scope.role == "national" and province is None else ()


def kept(
    home: Home,
    scope: Scope,
    province: str | None,
    name: str,
    params: tuple[object, ...],
    compute: Callable[[], T],
    weigh: Callable[[object], int] | None = None,
) -> T:
    """`compute()` (a file made from query results), cached like the scope's answers about `province`.

    It stays until one of the provinces it covers publishes a new version; a scope that
    covers none gets it computed afresh.
    """
    names = covered(home, scope, province)
    return cached(home, scope, names, name, params, compute, weigh) if names else compute()
