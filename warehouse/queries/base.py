"""Reading one province's published warehouse, or its published roll-up files, for a scope.

A question resolves the published version of each province it covers once (`chosen`,
`readable`, `covering`, `everywhere` give `Published` versions), reads exactly those versions
(`read`, `rollups`) and names its answer by them (`answer`), so a publish landing during a
question never mixes two versions and `CURRENT` is read once per question.

The warehouse keeps no answers. `answer` hands each one, with what it depends on (the scope, the
versions, the question's name and parameters), to the keeper given to `keep_answers_with`: the
dashboard gives its one cache (dashboard/cache.py) when that is imported. Without one (the
command line) each answer is computed when asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import polars as pl

from accounts.scope import Scope
from core.home import PROVINCE_CODE, Home
from warehouse import sql
from warehouse.connection import NotPublished, reading
from warehouse.publish import Published, current

T = TypeVar("T")
Versions = tuple[tuple[str, str], ...]  # ((province, version), ...): what an answer was read from
# (district, fiscal year) pairs approved now (warehouse/approvals.approved_pairs): what a national
# view keeps of the figures when it shows approved figures only; None: every figure
Approved = frozenset[tuple[str, int]] | None
# keeper(home, scope, versions, name, params, compute) -> the answer, kept or computed
Keeper = Callable[[Home, Scope, Versions, str, tuple[object, ...], Callable[[], Any]], Any]

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


def computed(
    _home: Home,
    _scope: Scope,
    _versions: Versions,
    _name: str,
    _params: tuple[object, ...],
    compute: Callable[[], T],
) -> T:
    """The keeper of a process that keeps no answers: each is computed when asked."""
    return compute()


_KEEPER: list[Keeper] = [computed]


def keep_answers_with(keeper: Keeper) -> None:
    """Let `keeper` keep every answer from now on (the dashboard's cache, dashboard/cache.py)."""
    _KEEPER[0] = keeper


def answer(
    home: Home,
    scope: Scope,
    published: Published | Sequence[Published],
    name: str,
    params: tuple[object, ...],
    compute: Callable[[], T],
) -> T:
    """`compute()`, the answer to question `name` with `params` for `scope`, read from `published`.

    Given to the keeper with everything it depends on: the keeper may answer with what it kept.
    Personal data (member and attendance lists) never comes through here.
    """
    return _KEEPER[0](home, scope, versions(published), name, params, compute)


def versions(published: Published | Iterable[Published]) -> Versions:
    """((province, version), ...) of resolved versions."""
    found = (published,) if isinstance(published, Published) else published
    return tuple((p.province, p.version) for p in found)


def read(home: Home, published: Published, query: str, params: object = None) -> pl.DataFrame:
    """A query's result on that version of the province (empty when nothing is published)."""
    try:
        with reading(home, published.province, published) as (con, _version):
            return sql.frame(con, query, params)
    except NotPublished:
        return pl.DataFrame()


def rollups(published: Sequence[Published], name: str, columns: Sequence[str] = ()) -> pl.DataFrame:
    """A roll-up file published beside each of those versions, all read in one go.

    Only rows of those provinces; missing files are left out. The columns are those of
    any file (or `columns`); a file written before a column was added has it as nulls.
    """
    paths = [p.folder / name for p in published if (p.folder / name).is_file()]
    if not paths:
        return pl.DataFrame()
    schema: dict[str, pl.DataType] = {}
    for path in paths:
        for column, dtype in pl.read_parquet_schema(path).items():
            schema.setdefault(column, dtype)
    scan = pl.scan_parquet(paths, schema=schema, missing_columns="insert")
    frame = (scan.select(columns) if columns else scan).collect()
    return frame.filter(pl.col("province_code").is_in([p.province for p in published]))


def approved_only(frame: pl.DataFrame, approved: Approved) -> pl.DataFrame:
    """The rows of a frame with district_code and fiscal_year whose pair is in `approved` (all of
    them when `approved` is None): the one filter of approved figures."""
    if approved is None or frame.is_empty():
        return frame
    pairs = pl.DataFrame(
        sorted(approved), schema={"district_code": pl.String, "fiscal_year": pl.Int64}, orient="row"
    )
    kept = frame.join(
        pairs,
        left_on=["district_code", pl.col("fiscal_year").cast(pl.Int64)],
        right_on=["district_code", "fiscal_year"],
        how="semi",
    )
    return kept


def provinces(home: Home, scope: Scope) -> list[str]:
    """Published provinces this user may see (none for a scope that sees nothing)."""
    if not scope.sees_warehouse:
        return []
    return [p for p in home.provinces() if scope.may_read_province(p)]


def everywhere(home: Home, scope: Scope) -> tuple[Published, ...]:
    """The current version of every province this user may see (resolved now, once each)."""
    found = (current(home, p) for p in provinces(home, scope))
    return tuple(p for p in found if p is not None)


def readable(home: Home, scope: Scope, province: object) -> Published | None:
    """The current version of a province this user may read (None: not readable or not published)."""
    if not is_province(province) or not scope.may_read_province(str(province)):
        return None
    return current(home, str(province))


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


def chosen(home: Home, scope: Scope, asked: object = None) -> Published | None:
    """The province to show, at its current version: the user's own; for national, the one asked for."""
    if scope.role in ("director", "officer"):
        return readable(home, scope, scope.province_code)
    if scope.role == "national" and is_province(asked):
        return readable(home, scope, asked)
    return None


def chosen_province(home: Home, scope: Scope, asked: object = None) -> str | None:
    """The province to show: the user's own; for national, the one asked for if published."""
    found = chosen(home, scope, asked)
    return found.province if found else None


def district_of(home: Home, scope: Scope, district: object) -> tuple[str, Published] | None:
    """A well-formed district of a province this user may read, and that province's current version."""
    if not is_district(district):
        return None
    found = readable(home, scope, str(district)[:2])
    return (str(district), found) if found else None


def readable_district(home: Home, scope: Scope, district: object) -> str | None:
    """The district itself if it is well-formed, published and its province readable; else None."""
    found = district_of(home, scope, district)
    return found[0] if found else None


def covering(home: Home, scope: Scope, province: object) -> tuple[Published, ...]:
    """The versions a question about `province` covers: the chosen province's, or every one's
    (national, None)."""
    found = chosen(home, scope, province)
    if found:
        return (found,)
    return everywhere(home, scope) if scope.role == "national" and province is None else ()


def published_at(home: Home, scope: Scope, province: object) -> datetime | None:
    """When the data a question about `province` covers was published (its newest version's
    file, written once); None when it covers nothing."""
    return max(
        (datetime.fromtimestamp(p.path.stat().st_mtime) for p in covering(home, scope, province)),
        default=None,
    )


def covered(home: Home, scope: Scope, province: object) -> tuple[str, ...]:
    """The provinces a question about `province` covers (`covering`'s provinces)."""
    return tuple(p.province for p in covering(home, scope, province))


def covered_versions(home: Home, scope: Scope, province: object) -> Versions:
    """The versions a question about `province` covers, as a cache key names them."""
    return versions(covering(home, scope, province))
