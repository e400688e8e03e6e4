"""The leaderboard decides: tie-breaks as columns and in the rank, best first on a first click, sort in the URL."""

from __future__ import annotations

from typing import Any

from accounts.scope import Scope
from core.home import Home
from tests.dashboard.support import as_user, page
from warehouse import queries

DIRECTOR_62 = Scope("director62", "director", "62")


def test_ties_on_score_are_broken_by_attendance_then_years_then_steps(two_provinces: Home) -> None:
    frame = queries.ranked(two_provinces, DIRECTOR_62, "62", 2568)
    assert {"steps_done", "years_meeting", "attendance_rate"} <= set(frame.columns)
    rows = frame.sort("rank").iter_rows(named=True)
    keys = [(r["score"], r["attendance_rate"], r["years_meeting"], r["steps_done"]) for r in rows]
    assert keys == sorted(keys, reverse=True)
    steps = frame.select("evaluation", "knowledge", "publicity", "steps_done").iter_rows()
    assert all(e + k + p == s for e, k, p, s in steps)
    tied = frame.group_by("score", "attendance_rate", "years_meeting", "steps_done").len()
    assert frame["rank"].n_unique() == tied.height  # equal on every key, equal rank; else apart


def test_first_click_sorts_best_first_and_the_sort_comes_from_the_url(app: Any) -> None:
    leaderboard = page("leaderboard")
    defs = {
        d.get("colId", d["field"]): d
        for d in leaderboard.column_defs("th", False, "-attendance,name")
    }
    assert defs["score"]["sortingOrder"][0] == "desc" and defs["name"]["sortingOrder"][0] == "asc"
    assert (defs["attendance"]["sort"], defs["attendance"]["sortIndex"]) == ("desc", 0)
    assert (defs["name"]["sort"], defs["name"]["sortIndex"]) == ("asc", 1)
    assert defs["name"]["tooltipField"] == "name" and defs["name"]["pinned"] == "left"
    assert list(defs)[:6] == ["rank", "name", "score", "attendance", "years_meeting", "steps_done"]
    model = [
        {"colId": "attendance", "sort": "desc"},
        {"colId": "name", "sort": "asc"},
        {"colId": "nope", "sort": "asc"},
    ]
    assert leaderboard.sort_text(model) == "-attendance,name"
    assert leaderboard.sort_of("-attendance,name,-drop table") == [
        ("attendance", "desc"),
        ("name", "asc"),
    ]


def test_both_ranking_rules_are_named_on_both_pages(app: Any) -> None:
    with as_user(app, DIRECTOR_62):
        board = str(page("leaderboard").layout(fy="2568"))
        exemplars = str(page("exemplars").layout(fy="2568"))
    for shown in (board, exemplars):
        assert "คะแนนมาตรฐาน (ร้อยละของเกณฑ์ 9 ข้อที่ผ่าน)" in shown and "คะแนนต้นแบบ (ถ่วงน้ำหนัก" in shown
    assert board.index("rule-leaderboard") < board.index("rule-exemplars")
    assert exemplars.index("rule-exemplars") < exemplars.index("rule-leaderboard")
