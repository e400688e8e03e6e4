"""Data quality by period: districts × fiscal years, one judgement per row, Thai names for people,
the overdue workbook, and a demo that has a late and an incomplete district to show."""

from __future__ import annotations

import base64
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl

from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from dashboard.pages.quality import periods as quality_tables
from etl.pipeline import run as run_etl
from etl.sources import read_sources
from exemplars import followups
from tests.dashboard.support import as_user, page, table_of, table_rows
from tonbaeb import demo, demo_followups, demo_history
from warehouse import queries
from warehouse.rules import load_rules

DIRECTOR_62 = Scope("director62", "director", "62")
NOW = datetime(2026, 11, 24, 9, 0)  # the dashboard fixtures' clock


def test_every_district_and_due_year_has_a_cell(two_provinces: Home) -> None:
    frame = queries.submission_years(two_provinces, DIRECTOR_62, "62", NOW)
    assert frame.height == 11 * 2 and sorted(set(frame["fiscal_year"])) == [2567, 2568]
    loaded = frame.filter(pl.col("district_code").is_in(["6201", "6205"]))
    assert set(loaded["status"]) == {"history"} and loaded["received"].all()
    assert set(frame.filter(~pl.col("district_code").is_in(["6201", "6205"]))["status"]) == {
        "not_received"
    }
    assert queries.due_years(
        queries.district_submissions(two_provinces, DIRECTOR_62, "62"), NOW
    ) == [2568, 2567]


def test_no_row_says_received_next_to_not_submitted(app: Any) -> None:
    with as_user(app, DIRECTOR_62):
        for year in (2568, 2567):
            frame = queries.submissions(
                app.server.config["TONBAEB_HOME"], DIRECTOR_62, "62", NOW, year
            )
            assert frame["fiscal_year"].unique().to_list() == [year]
            shown = page("quality").submission_table(frame, "th")
            for cells in table_rows(shown):
                assert not (cells[2] == "✓" and "ยังไม่ได้ส่ง" in cells[5]), cells
                assert not (cells[2] == "✗" and cells[5] in ("–", "None")), cells


def test_people_read_sheets_columns_reasons_and_file_names_in_thai(app: Any) -> None:
    with as_user(app, DIRECTOR_62):
        shown = str(page("quality").show_rejected({"district": "6205", "lang": "th"}))
        sent = page("quality").download(1, {"district": "6205", "lang": "th", "fy": 2568})
    assert (
        "สมาชิก" in shown
        and "joined_on" not in shown
        and "bad_date" not in shown
        and "inbox/" not in shown
    )
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    assert book.sheetnames == ["ต้นเหตุ", "แถวที่ถูกปฏิเสธ"]  # the root causes first, then every row
    for sheet in book.worksheets:
        values = [c for row in table_of(sheet)[1:] for c in row]
        assert "members" not in values and "bad_date" not in values and "joined_on" not in values
    assert "6205.xlsx" in [c.value for c in book["แถวที่ถูกปฏิเสธ"]["A"]]


def test_the_year_selector_chooses_the_year_and_the_grid_marks_it(app: Any) -> None:
    with as_user(app, DIRECTOR_62):
        layout = str(page("quality").layout(fy="2567"))
        moved = page("quality").choose_year(2568, "?fy=2567&lang=th", {"fy": 2567})
        grid = str(page("quality").show_periods({"province": "62", "fy": 2567, "lang": "th"}))
    assert "quality-fy" in layout and "ปีงบประมาณ 2567" in layout
    assert moved == "?fy=2568&lang=th"
    assert "qp-chosen" in grid and "ยังไม่ได้ส่ง" in grid and "ข้อมูลย้อนหลัง" in grid


def test_the_demo_has_a_late_and_an_incomplete_district_in_the_last_ended_year(
    tmp_path: Path, app: Any
) -> None:
    today = date(2026, 12, 2)
    assert (
        demo_history.last_ended_fy(today) == 2569
        and demo_history.default_years(today) == "2564-2569"
    )
    assert demo_history.last_ended_fy(date(2026, 9, 30)) == 2568
    home, inbox = Home(tmp_path / "home"), tmp_path / "inbox"
    late, incomplete = demo_history.chosen(["7501", "7502", "7503"])
    demo.generate_inbox(
        inbox, "75", list(range(2564, 2570)), incomplete, today, late
    )  # the demo's own years
    rules = load_rules(None)
    run_etl(home, read_sources(inbox / "sources.toml"), rules, today=today)
    assert demo_history.backdate(home, "75", 2569, late, rules, today)
    assert not demo_history.backdate(home, "75", 2569, late, rules, today)  # once
    director = Scope("director75", "director", "75")
    frame = queries.submission_years(home, director, "75", datetime(2026, 12, 2, 12))
    last = {
        r["district_code"]: r
        for r in frame.filter(pl.col("fiscal_year") == 2569).iter_rows(named=True)
    }
    assert last[late]["days_late"] == 2 and last[late]["complete"]
    assert not last[incomplete]["complete"] and last[incomplete]["on_time"]
    assert last["7501"]["status"] == "complete"
    overdue = quality_tables.overdue_rows(frame, 2569, "th")
    assert sorted(r["district"] for r in overdue) == sorted(["อัมพวา", "บางคนที"])
    assert {r["problem"] for r in overdue} == {"ช้า 2 วัน", "ไม่ครบ"}
    # The year in progress: the first third of the other districts (7501) have sent it so far.
    now = queries.year_status(home, director, "75", 2570, datetime(2026, 12, 2, 12))
    assert now.filter(pl.col("sent"))["district_code"].to_list() == ["7501"]
    assert now.filter(~pl.col("sent"))["days_left"].to_list() == [362, 362]  # due 29 Nov 2027
    # Targets and follow-ups, once.
    assert demo_followups.plant(home, "75", "7501", 2569, "director75", today)
    assert not demo_followups.plant(home, "75", "7501", 2569, "director75", today)
    store = open_store(home)
    frame = followups.targets(store, home, director, "75")
    assert followups.target_of(frame, 2570) == 0.85 and followups.target_of(frame, 2569) == 0.8
    done = followups.actions(store, home, director, "75", 2569)
    waiting = followups.without_action(store, home, director, "75", 2569, "7501")
    assert 0 < done.height <= 3 and set(done["district_code"]) == {"7501"}
    assert not set(done["club_id"]) & set(waiting["club_id"])
