"""Follow-up of clubs that fail the standard (exemplars/followups.py): who may record an action,
for which club and year, that each is audited, the failing clubs still without one, whether a
followed club met the standard the next year, and the province's targets."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from exemplars import followups
from exemplars.followups import FollowupError
from tests.dashboard.conftest import NOW, call
from tests.dashboard.support import first_view
from warehouse import queries

DIRECTOR = Scope("director62", "director", "62")
OFFICER = Scope("officer6205", "officer", "62", "6205")
OTHER_OFFICER = Scope("officer6201", "officer", "62", "6201")
DIRECTOR_10 = Scope("director10", "director", "10")
NATIONAL = Scope("national", "national", None)
AT = NOW.timestamp()


def failing(home: Home, district: str, year: int) -> list[str]:
    scores = queries.club_scores(home, DIRECTOR, "62")
    return (
        scores.filter(
            (pl.col("district_code") == district)
            & (pl.col("fiscal_year") == year)
            & ~pl.col("meets_standard")
        )
        .sort("club_id")["club_id"]
        .to_list()
    )


@pytest.fixture
def store(two_provinces: Home, tmp_path: Path, state_url: str | None) -> Any:
    """A store of its own (the session's home keeps its store untouched): SQLite's file, then
    (a second run) a PostgreSQL database."""
    home = Home(tmp_path / "home", state_url)
    home.state.mkdir(parents=True)
    con = open_store(home)
    yield con
    con.close()


def test_an_officer_records_for_own_district_only_and_each_action_is_audited(
    two_provinces: Home, store: Any
) -> None:
    club = failing(two_provinces, "6205", 2568)[0]
    made = followups.record(
        store, two_provinces, OFFICER, "6205", club, 2568, "visit", date(2026, 11, 2), "ไปเยี่ยม",
        at=AT,
    )  # fmt: skip
    assert made > 0
    entry = store.execute("select action, detail, username from audit order by id desc").fetchone()
    assert (entry["action"], entry["username"]) == ("followup_record", "officer6205")
    assert f"6205/{club} fy 2568 visit 2026-11-02" in entry["detail"]
    for scope, district in ((OTHER_OFFICER, "6205"), (DIRECTOR_10, "6205"), (NATIONAL, "6205")):
        with pytest.raises(FollowupError, match="not_allowed"):
            followups.record(
                store, two_provinces, scope, district, club, 2568, "visit", date(2026, 11, 2), "",
                at=AT,
            )  # fmt: skip
    with pytest.raises(FollowupError, match="bad_kind"):
        followups.record(
            store, two_provinces, OFFICER, "6205", club, 2568, "<b>", date(2026, 11, 2), "", at=AT
        )
    with pytest.raises(FollowupError, match="not_a_mentor"):  # no plan names 6205-999
        followups.record(
            store, two_provinces, OFFICER, "6205", club, 2568, "mentoring", date(2026, 11, 2), "",
            ("6205", "6205-999"), at=AT,
        )  # fmt: skip
    assert followups.actions(store, two_provinces, DIRECTOR_10, "62", 2568).is_empty()
    assert followups.actions(store, two_provinces, NATIONAL, "62", 2568).height == 1  # reads


def test_a_club_meeting_the_standard_is_not_followed_up(two_provinces: Home, store: Any) -> None:
    scores = queries.club_scores(two_provinces, DIRECTOR, "62")
    meets = scores.filter((pl.col("fiscal_year") == 2568) & pl.col("meets_standard")).row(
        0, named=True
    )
    with pytest.raises(FollowupError, match="meets_standard"):
        followups.record(
            store, two_provinces, DIRECTOR, meets["district_code"], meets["club_id"], 2568,
            "training", date(2026, 11, 2), "", at=AT,
        )  # fmt: skip


def test_failing_clubs_without_action_and_next_years_result(
    two_provinces: Home, store: Any
) -> None:
    before = followups.without_action(store, two_provinces, DIRECTOR, "62", 2567)
    all_failing = {(d, c) for d in ("6201", "6205") for c in failing(two_provinces, d, 2567)}
    assert set(before.select("district_code", "club_id").iter_rows()) == all_failing
    district, club = sorted(all_failing)[0]
    followups.record(
        store, two_provinces, DIRECTOR, district, club, 2567, "training", date(2025, 11, 2), "",
        at=AT,
    )  # fmt: skip
    after = followups.without_action(store, two_provinces, DIRECTOR, "62", 2567)
    assert (district, club) not in set(after.select("district_code", "club_id").iter_rows())
    assert after.height == before.height - 1
    outcome = followups.outcomes(store, two_provinces, DIRECTOR, "62", 2567).row(0, named=True)
    next_year = queries.club_years(two_provinces, DIRECTOR, district, club).filter(
        pl.col("fiscal_year") == 2568
    )
    assert (outcome["club_id"], outcome["actions"]) == (club, 1)
    assert outcome["met_next_year"] == next_year["meets_standard"].item()


def test_only_the_provinces_director_sets_its_targets_and_each_change_is_audited(
    two_provinces: Home, store: Any
) -> None:
    followups.set_target(store, DIRECTOR, "62", 2569, 0.8, at=AT)
    followups.set_target(store, DIRECTOR, "62", 2569, 0.85, at=AT)
    followups.set_target(store, DIRECTOR, "62", 2569, 0.7, "6205", at=AT)
    frame = followups.targets(store, two_provinces, OFFICER, "62")
    assert followups.target_of(frame, 2569) == pytest.approx(0.85)
    assert followups.target_of(frame, 2569, "6205") == pytest.approx(0.7)
    assert followups.target_of(frame, 2570) is None
    last = store.execute(
        "select detail from audit where action = 'target_set' order by id"
    ).fetchall()
    assert [r["detail"] for r in last][1] == "62 fy 2569 target 0.850 (was 0.800)"
    for scope, province, district in (
        (OFFICER, "62", None),
        (DIRECTOR_10, "62", None),
        (NATIONAL, "62", None),
        (DIRECTOR, "62", "1001"),
    ):
        with pytest.raises(FollowupError, match="not_allowed"):
            followups.set_target(store, scope, province, 2569, 0.5, district, at=AT)
    with pytest.raises(FollowupError, match="bad_target"):
        followups.set_target(store, DIRECTOR, "62", 2569, 1.5, at=AT)
    assert (
        followups.targets(store, two_provinces, DIRECTOR_10, "62")["province_code"].to_list() == []
    )


def test_the_club_and_district_pages_show_the_follow_up(
    client_as: Any, two_provinces: Home
) -> None:
    club = failing(two_provinces, "6205", 2568)[0]
    page = first_view(client_as("officer6205"), "/club", f"?district=6205&club={club}&lang=en")
    assert "Follow-up · FY 2568 (2024–25)" in page and "club-followup-save" in page
    national = first_view(client_as("national"), "/club", f"?district=6205&club={club}&lang=en")
    assert "Follow-up" in national and "club-followup-save" not in national  # reads only
    district = first_view(client_as("director62"), "/district", "?district=6205&fy=2568&lang=en")
    assert "Failing clubs without a support action" in district
    assert f"club={club}" in district


def test_the_director_sets_a_target_the_overview_and_scorecard_show_progress(
    client_as: Any, app: Any
) -> None:
    from tests.dashboard.support import as_user, page

    director = client_as("director62")
    with as_user(app, DIRECTOR):
        shown = page("overview").set_target(
            1, "province", 90, {"province": "62", "fy": 2568, "lang": "en"}
        )
    assert "Target set" in str(shown[0])
    with as_user(app, OFFICER):
        refused = page("overview").set_target(
            1, "province", 10, {"province": "62", "fy": 2568, "lang": "en"}
        )
    assert "Only the province's director sets its targets" in str(refused[0])
    overview = first_view(director, "/", "?fy=2568&lang=en")
    share = queries.province_years(app.server.config["TONBAEB_HOME"], DIRECTOR, "62").filter(
        pl.col("fiscal_year") == 2568
    )["meets_share"][0]
    gap = round(100 * (0.9 - share))
    assert (
        f"Target FY 2568 (2024–25): 90% · now {round(100 * share)}% · {gap} points to go"
        in overview
    )
    scorecard = first_view(director, "/scorecard", "?fy=2568&lang=en")
    assert "Target FY 2568 (2024–25): 90%" in scorecard
    assert "targets-save" not in first_view(client_as("officer6205"), "/", "?fy=2568&lang=en")


def dependency(client: Any, output: str) -> dict[str, Any]:
    return next(d for d in client.get("/_dash-dependencies").json if output in d["output"])


@pytest.mark.parametrize(
    ("user", "district"),
    [("officer6201", "6205"), ("director10", "6205"), ("national", "6205"), ("admin62", "6205")],
)
def test_a_forged_follow_up_request_records_nothing(
    client_as: Any, two_provinces: Home, user: str, district: str
) -> None:
    """The club page's save callback, posted with another district's club in its state."""
    club = failing(two_provinces, district, 2568)[0]
    store = open_store(two_provinces)
    before = store.execute("select count(*) from club_followups").fetchone()[0]
    client = client_as(user)
    response = call(
        client,
        dependency(client, "club-followup-feedback.children"),
        {
            "club-followup-save.n_clicks": 1,
            "club-followup-kind.value": "visit",
            "club-followup-day.date": "2026-11-02",
            "club-followup-note.value": "forged",
            "club-state.data": {"district": district, "club": club, "lang": "en"},
        },
    )
    assert response.status_code in (200, 204)
    assert store.execute("select count(*) from club_followups").fetchone()[0] == before
    store.close()


@pytest.mark.parametrize("user", ["officer6205", "director10", "national", "admin62"])
def test_a_forged_target_request_sets_nothing(
    client_as: Any, two_provinces: Home, user: str
) -> None:
    """The overview's target callback, posted by someone who is not province 62's director."""
    store = open_store(two_provinces)
    before = store.execute("select count(*) from province_targets").fetchone()[0]
    client = client_as(user)
    response = call(
        client,
        dependency(client, "targets-feedback.children"),
        {
            "targets-save.n_clicks": 1,
            "targets-where.value": "province",
            "targets-share.value": 5,
            "overview-state.data": {"province": "62", "fy": 2568, "lang": "en"},
        },
    )
    assert response.status_code in (200, 204)
    assert store.execute("select count(*) from province_targets").fetchone()[0] == before
    store.close()


def test_the_same_request_from_the_districts_officer_records_one_action(
    client_as: Any, two_provinces: Home
) -> None:
    """Positive control for the forged requests above: the path does record when allowed."""
    club = failing(two_provinces, "6205", 2568)[-1]
    store = open_store(two_provinces)
    before = store.execute("select count(*) from club_followups").fetchone()[0]
    client = client_as("officer6205")
    response = call(
        client,
        dependency(client, "club-followup-feedback.children"),
        {
            "club-followup-save.n_clicks": 1,
            "club-followup-kind.value": "training",
            "club-followup-day.date": "2026-11-02",
            "club-followup-note.value": "<script>x</script>",
            "club-state.data": {"district": "6205", "club": club, "lang": "en"},
        },
    )
    assert "Recorded" in response.get_data(as_text=True)
    assert store.execute("select count(*) from club_followups").fetchone()[0] == before + 1
    store.close()
