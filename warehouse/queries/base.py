"""Reading one province's published warehouse, or its published roll-up files, for a scope."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from accounts.scope import Scope
from warehouse import sql
from warehouse.connection import NotPublished, reading
from warehouse.home import PROVINCE_CODE, Home
from warehouse.publish import current

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


def rollup(home: Home, province: str, name: str) -> pl.DataFrame:
    """A roll-up file published beside the province's current version (empty if missing)."""
    published = current(home, province)
    path: Path | None = published.folder / name if published else None
    if path is None or not path.is_file():
        return pl.DataFrame()
    return pl.read_parquet(path)


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


def chosen_province(home: Home, scope: Scope, asked: object = None) -> str | None:
    """The province to show: the user's own; for national, the one asked for if published."""
    if scope.role in ("director", "officer"):
        own = scope.province_code
        return own if own is not None and scope.may_read_province(own) and own in home.provinces() else None
    if scope.role == "national" and is_province(asked) and asked in provinces(home, scope):
        return asked  # type: ignore[return-value]
    return None


def readable_district(home: Home, scope: Scope, district: object) -> str | None:
    """The district itself if it is well-formed, published and its province readable; else None."""
    if not is_district(district):
        return None
    province = str(district)[:2]
    if province not in provinces(home, scope):
        return None
    return str(district)
