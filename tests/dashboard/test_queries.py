"""The scoped query layer: what each role gets, what it never gets, and cache keys that keep scopes apart."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from accounts.scope import Scope
from core.home import Home
from dashboard import cache
from tests.dashboard.conftest import (
    MEMBER_6205,
    SECRET_CLUB_10,
    SECRET_COUNT_10,
    XSS_CLUB,
    publish_province,
)
from warehouse import queries, sql
from warehouse.connection import reading
from warehouse.publish import current

DIRECTOR_62 = Scope("d62", "director", "62")
DIRECTOR_10 = Scope("d10", "director", "10")
OFFICER_6205 = Scope("o6205", "officer", "62", "6205")
NATIONAL = Scope("nat", "national", None)
ADMIN = Scope("adm", "admin", "62")
NOBODY = Scope("", "none", None)


class Audit:
    """Collects audit calls."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str]] = []

    def __call__(self, action: str, detail: str, **fields: object) -> None:
        self.entries.append((action, detail))


def names(frame: pl.DataFrame, column: str = "name") -> list[str]:
    return [] if frame.is_empty() else frame[column].to_list()


def test_officer_gets_member_names_of_own_district_only(two_provinces: Home) -> None:
    audit = Audit()
    own = queries.club_members(two_provinces, OFFICER_6205, "6205", "6205-001", audit)
    other = queries.club_members(two_provinces, OFFICER_6205, "6201", "6201-001", audit)
    assert any(n.startswith(MEMBER_6205) for n in names(own, "full_name"))
    assert other.is_empty()
    assert audit.entries == [("view_members", "6205/6205-001")]


def test_officer_sees_club_scores_of_the_whole_province_but_no_records_of_other_districts(
    two_provinces: Home,
) -> None:
    assert not queries.club_years(two_provinces, OFFICER_6205, "6201", "6201-001").is_empty()
    assert queries.club_meetings(two_provinces, OFFICER_6205, "6201", "6201-001").is_empty()
    assert queries.club_activities(two_provinces, OFFICER_6205, "6201", "6201-001").is_empty()
    assert queries.rejected(two_provinces, OFFICER_6205, "6201").is_empty()
    assert not queries.rejected(two_provinces, OFFICER_6205, "6205").is_empty()


ONE_CLUBS_MEETINGS = """
select m.meeting_id, coalesce(m.attendees, (select count(*) from attendance a where a.district_code = m.district_code
         and a.club_id = m.club_id and a.meeting_id = m.meeting_id), 0) as present,
       (select count(*) from members p where p.district_code = m.district_code and p.club_id = m.club_id
         and p.joined_on <= m.held_on and (p.left_on is null or p.left_on > m.held_on)) as on_roll
from meetings m where m.district_code = ? and m.club_id = ? order by m.held_on, m.meeting_id
"""


def test_each_club_of_a_district_gets_only_its_own_records(two_provinces: Home) -> None:
    """A district's records are read once and kept; each club's page still gets its rows and no other club's."""
    cache.clear()
    seen = set()
    for club in ("6205-001", "6205-002", "6205-003"):
        with reading(two_provinces, "62") as (con, _version):
            expected = sql.frame(con, ONE_CLUBS_MEETINGS, ["6205", club])
            activities = sql.frame(
                con,
                "select activity_id from activities where district_code = '6205' and club_id = ? "
                "order by held_on, activity_id",
                [club],
            )
        meetings = queries.club_meetings(two_provinces, DIRECTOR_62, "6205", club)
        assert not expected.is_empty()
        assert meetings.select("meeting_id", "present", "on_roll").to_dicts() == expected.to_dicts()
        assert names(
            queries.club_activities(two_provinces, DIRECTOR_62, "6205", club), "activity_id"
        ) == names(activities, "activity_id")
        seen.add(tuple(meetings["present"]))
    assert len(seen) == 3, "three clubs, three different attendance records"
    assert sum(k[3] == "district_meetings" for k in cache.entries()) == 1


def test_national_gets_no_member_names_or_records(two_provinces: Home) -> None:
    audit = Audit()
    for district, club in (("6201", "6201-001"), ("1001", "1001-001")):
        assert queries.club_members(two_provinces, NATIONAL, district, club, audit).is_empty()
        assert queries.meeting_attendance(
            two_provinces, NATIONAL, district, club, "2568-01", audit
        ).is_empty()
        assert queries.club_meetings(two_provinces, NATIONAL, district, club).is_empty()
    assert audit.entries == []


def test_national_sees_every_province_from_the_rollups(two_provinces: Home) -> None:
    frame, total = queries.leaderboard(two_provinces, NATIONAL, 2568, limit=None)
    assert set(frame["province_code"]) == {"62", "10"}
    assert total == frame.height == 13
    totals = queries.headline(two_provinces, NATIONAL, None, 2568)
    assert totals["clubs"].item() == 13


@pytest.mark.parametrize("asked", ["10", "1001", None, "../10", "' or 1=1 --"])
def test_director_of_62_gets_nothing_of_province_10_even_if_asked(
    two_provinces: Home, asked: str | None
) -> None:
    home = two_provinces
    frame, _total = queries.leaderboard(home, DIRECTOR_62, 2568, province=asked, limit=None)
    assert not any(n.startswith(SECRET_CLUB_10) for n in names(frame))
    assert queries.club_profile(home, DIRECTOR_62, "1001", "1001-001").is_empty()
    assert queries.club_years(home, DIRECTOR_62, "1001", "1001-001").is_empty()
    assert queries.district_years(home, DIRECTOR_62, "1001").is_empty()
    assert queries.district_clubs(home, DIRECTOR_62, "1001", 2568).is_empty()
    assert queries.rejected(home, DIRECTOR_62, "1001").is_empty()
    assert queries.compare(
        home, DIRECTOR_62, [("1001", "1001-001"), ("1002", "1002-001")]
    ).is_empty()
    years = queries.province_years(home, DIRECTOR_62, asked)
    assert set(years["province_code"]) <= {"62"}
    assert SECRET_COUNT_10 not in years["members"].to_list()
    assert queries.national_years(home, DIRECTOR_62).is_empty()


def test_scopes_that_see_nothing_get_nothing(two_provinces: Home) -> None:
    for scope in (ADMIN, NOBODY, Scope("x", "officer", "62", "1001"), Scope("y", "director", None)):
        assert queries.leaderboard(two_provinces, scope, 2568, limit=None)[1] == 0
        assert queries.province_years(two_provinces, scope, "62").is_empty()
        assert queries.club_members(two_provinces, scope, "6205", "6205-001", Audit()).is_empty()
        assert queries.batches(two_provinces, scope, "62").is_empty()


def test_leaderboard_filters_sorts_and_pages(two_provinces: Home) -> None:
    page, total = queries.leaderboard(
        two_provinces,
        DIRECTOR_62,
        2568,
        district="6205",
        sort=(("name", "asc"),),
        offset=1,
        limit=2,
    )
    assert total == 4 and page.height == 2
    everything, _ = queries.leaderboard(
        two_provinces, DIRECTOR_62, 2568, district="6205", sort=(("name", "asc"),), limit=None
    )
    assert page["club_id"].to_list() == everything["club_id"].to_list()[1:3]
    found, total = queries.leaderboard(two_provinces, DIRECTOR_62, 2568, text="<IMG")
    assert total == 1 and found["name"].item() == XSS_CLUB
    ranked = queries.ranked(two_provinces, DIRECTOR_62, None, 2568)
    assert ranked["rank"].min() == 1 and ranked.sort("rank")["score"].is_sorted(descending=True)


def test_submissions_count_every_district_of_the_province(two_provinces: Home) -> None:
    frame = queries.submissions(two_provinces, DIRECTOR_62, None, datetime(2026, 11, 24))
    assert frame.height == 11  # Kamphaeng Phet has 11 districts
    assert frame.filter(pl.col("received"))["district_code"].to_list() == ["6201", "6205"]
    late = queries.submissions(two_provinces, DIRECTOR_62, None, datetime(2027, 6, 1))
    assert not late["on_time"].any()


def test_two_scopes_asking_the_same_question_get_their_own_cache_entries(
    two_provinces: Home,
) -> None:
    cache.clear()
    director = queries.leaderboard(two_provinces, DIRECTOR_62, 2568, limit=None)[0]
    officer = queries.leaderboard(two_provinces, OFFICER_6205, 2568, limit=None)[0]
    director10 = queries.leaderboard(two_provinces, DIRECTOR_10, 2568, limit=None)[0]
    assert director.height == officer.height == 7 and director10.height == 6
    assert not any(n.startswith(SECRET_CLUB_10) for n in names(officer))
    keys = [k for k in cache.entries() if k[3] == "ranked"]
    assert {k[1] for k in keys} == {DIRECTOR_62.tenant, OFFICER_6205.tenant, DIRECTOR_10.tenant}
    assert all(
        k[0] == str(two_provinces.root) and all(v is not None for _p, v in k[2]) for k in keys
    )


def test_a_new_publish_changes_the_cache_key(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    publish_province(home, "62")
    before = cache.key(
        home, DIRECTOR_62, queries.covered_versions(home, DIRECTOR_62, "62"), "ranked", (2568,)
    )
    first = queries.leaderboard(home, DIRECTOR_62, 2568, limit=None)[1]
    publish_province(home, "62")  # the same rows again: a second version
    after = cache.key(
        home, DIRECTOR_62, queries.covered_versions(home, DIRECTOR_62, "62"), "ranked", (2568,)
    )
    assert before != after and before[:2] == after[:2]
    assert (
        queries.leaderboard(home, DIRECTOR_62, 2568, limit=None)[1] > first
    )  # the new rows, not the cached answer


def test_a_publish_of_one_province_renews_national_answers_and_kept_files(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    publish_province(home, "62")
    publish_province(home, "10")
    made: list[int] = []

    def workbook() -> int:
        made.append(1)
        return len(made)

    total = queries.leaderboard(home, NATIONAL, 2568, limit=None)[1]
    assert (
        cache.download(home, NATIONAL, None, "file", (), workbook)
        == cache.download(home, NATIONAL, None, "file", (), workbook)
        == 1
    )
    publish_province(home, "10")  # the same rows again: a second version, with more rows
    assert (
        queries.leaderboard(home, NATIONAL, 2568, limit=None)[1] > total
    )  # the new rows, not the cached answer
    assert cache.download(home, NATIONAL, None, "file", (), workbook) == 2
    assert (
        cache.download(home, DIRECTOR_62, None, "file", (), workbook) == 3
    )  # another scope, its own entry
    assert (
        cache.download(home, NOBODY, None, "file", (), workbook) == 4
    )  # covers nothing: never kept


def test_national_figures_read_rollups_written_before_a_column_was_added(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    publish_province(home, "62")
    publish_province(home, "10")
    older = current(home, "10").folder / "club_scores.parquet"  # type: ignore[union-attr]
    pl.read_parquet(older).drop("members_end").write_parquet(older)
    frame, total = queries.leaderboard(home, NATIONAL, 2568, limit=None)
    assert (
        total == 13
        and frame.filter(pl.col("province_code") == "10")["members_end"].null_count() == 6
    )
    assert frame.filter(pl.col("province_code") == "62")["members_end"].null_count() == 0


def test_cache_stays_within_its_byte_budget(
    two_provinces: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.clear()
    monkeypatch.setattr(cache, "STORE", cache.Store(budget=3_000))
    versions = queries.covered_versions(two_provinces, DIRECTOR_62, "62")
    for n in range(10):
        cache.remember(two_provinces, DIRECTOR_62, versions, "blob", (n,), lambda: b"x" * 1_000)
    assert cache.weight() <= 3_000
    assert [k[4] for k in cache.entries()] == [(7,), (8,), (9,)]  # least recently used went first
    cache.clear()
