"""The scorecard: its numbers against club_year_compliance (a query written here, independently),
its lights from the rules file, its sort from the URL, its workbook, and its page for each role."""

from __future__ import annotations

import base64
import io
from typing import Any

import openpyxl
import pytest

from accounts.scope import Scope
from core.home import Home
from tests.dashboard.conftest import CRITERIA, SECRET_CLUB_10
from tests.dashboard.support import as_user, page, table_of
from warehouse import queries
from warehouse.connection import reading

DIRECTOR_62 = Scope("director62", "director", "62")
NATIONAL = Scope("national", "national", None)
# Pass rates written from the compliance rows themselves, not from the roll-ups the scorecard reads.
BY_DISTRICT = """
select district_code, fiscal_year, count(*) as clubs,
       sum(case when meets_standard then 1 else 0 end) * 1.0 / count(*) as meets_share,
       {rates}
from club_year_compliance where province_code = ? group by district_code, fiscal_year
"""
BY_PROVINCE = """
select province_code, fiscal_year, count(*) as clubs,
       sum(case when meets_standard then 1 else 0 end) * 1.0 / count(*) as meets_share,
       {rates}
from club_year_compliance group by province_code, fiscal_year
"""
RATES = ", ".join(
    f"sum(case when {c} then 1 else 0 end) * 1.0 / count(*) as {c}_rate" for c in CRITERIA
)


def compliance(home: Home, province: str, query: str) -> dict[tuple[str, int], dict[str, Any]]:
    with reading(home, province) as (con, _version):
        cursor = con.execute(query.format(rates=RATES), [province] if "?" in query else [])
        names = [d[0] for d in cursor.description]
        return {(r[0], r[1]): dict(zip(names, r, strict=True)) for r in cursor.fetchall()}


def test_district_rates_and_changes_are_those_of_club_year_compliance(two_provinces: Home) -> None:
    truth = compliance(two_provinces, "62", BY_DISTRICT)
    frame = queries.scorecard(two_provinces, DIRECTOR_62, "62", 2568)
    assert sorted(frame["area_code"]) == ["6201", "6205"]
    for row in frame.iter_rows(named=True):
        now, before = truth[(row["area_code"], 2568)], truth[(row["area_code"], 2567)]
        assert row["clubs"] == now["clubs"]
        for measure in ("meets_share", *(f"{c}_rate" for c in CRITERIA)):
            assert row[measure] == pytest.approx(now[measure]), measure
            assert row[f"{measure}_change"] == pytest.approx(now[measure] - before[measure]), (
                measure
            )
    best = max(frame.iter_rows(named=True), key=lambda r: r["meets_share"])
    assert best["rank"] == 1
    whole = queries.scorecard_whole(two_provinces, DIRECTOR_62, "62", 2568).row(0, named=True)
    clubs = sum(truth[(d, 2568)]["clubs"] for d in ("6201", "6205"))
    assert whole["clubs"] == clubs
    assert whole["committee_rate"] == pytest.approx(
        sum(
            truth[(d, 2568)]["committee_rate"] * truth[(d, 2568)]["clubs"] for d in ("6201", "6205")
        )
        / clubs
    )


def test_national_scorecard_ranks_provinces_with_their_compliance_rates(
    two_provinces: Home,
) -> None:
    frame = queries.scorecard(two_provinces, NATIONAL, None, 2568)
    assert sorted(frame["area_code"]) == ["10", "62"]
    for row in frame.iter_rows(named=True):
        truth = compliance(two_provinces, row["area_code"], BY_PROVINCE)
        now, before = truth[(row["area_code"], 2568)], truth[(row["area_code"], 2567)]
        assert row["meets_share"] == pytest.approx(now["meets_share"])
        assert row["publicity_rate"] == pytest.approx(now["publicity_rate"])
        assert row["meets_share_change"] == pytest.approx(
            now["meets_share"] - before["meets_share"]
        )
    ranks = frame.sort("rank")["meets_share"].to_list()
    assert ranks == sorted(ranks, reverse=True)
    country = queries.scorecard_whole(two_provinces, NATIONAL, None, 2568).row(0, named=True)
    assert country["clubs"] == int(frame["clubs"].sum())
    # A director asking for the country, or for another province, gets nothing of it.
    assert queries.scorecard(two_provinces, DIRECTOR_62, None, 2568)["area_code"].to_list() == [
        "6201",
        "6205",
    ]
    assert queries.scorecard(two_provinces, Scope("d10", "director", "10"), "62", 2568)[
        "area_code"
    ].to_list() == ["1001", "1002"]


def test_lights_come_from_the_rules_file() -> None:
    lights = queries.scorecard_lights()
    assert (lights["green"], lights["amber"]) == (0.80, 0.60) and lights["version"] == "scorecard.1"
    assert [queries.light(v, 0.8, 0.6) for v in (0.8, 0.7999, 0.6, 0.59, None)] == [
        "green",
        "amber",
        "amber",
        "red",
        None,
    ]


def test_scorecard_table_sorts_from_the_url_and_links_down(app: Any, two_provinces: Home) -> None:
    frame = queries.scorecard(two_provinces, DIRECTOR_62, "62", 2568)
    worst_first = frame.sort("publicity_rate")["area_code"].to_list()
    with as_user(app, DIRECTOR_62):
        shown = str(
            page("scorecard").show_table(
                {"province": "62", "fy": 2568, "lang": "th", "sort": "publicity_rate"}
            )
        )
        best_first = str(
            page("scorecard").show_table(
                {"province": "62", "fy": 2568, "lang": "th", "sort": "-publicity_rate"}
            )
        )
    names = {"6201": "เมืองกำแพงเพชร", "6205": "คลองขลุง"}
    order = sorted(names.values(), key=shown.index)
    assert order == [names[c] for c in worst_first]
    assert sorted(names.values(), key=best_first.index) == [names[c] for c in reversed(worst_first)]
    assert "/district?district=6205&fy=2568" in shown and "ทั้งจังหวัด" in shown
    assert "▲" in shown or "▼" in shown or "= " in shown
    assert "เกณฑ์สีจากไฟล์กฎ ฉบับ scorecard.1" in shown
    for symbol in ("●", "◐", "○"):
        assert symbol in shown  # the legend names every light by shape, not colour alone


def test_scorecard_workbook_has_numbers_with_formats_and_is_audited(
    app: Any, two_provinces: Home
) -> None:
    with as_user(app, NATIONAL):
        sent = page("scorecard").download(1, {"fy": 2568, "lang": "en", "sort": "-meets_share"})
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"]))).active
    table = table_of(sheet)
    top = int(sheet.auto_filter.ref.split(":")[0][1:])  # the headers' row, under the title block
    share = table[0].index("Meet the standard (%)") + 1
    assert sheet.cell(row=top + 1, column=share).number_format == "0.0%"
    shares = [row[share - 1] for row in table[1:3]]
    assert shares == sorted(shares, reverse=True) and all(isinstance(v, float) for v in shares)
    whole = "Whole country (2 of 77 provinces)"  # with how much of it is loaded
    assert [row[1] for row in table[1:]] == ["Kamphaeng Phet", "Bangkok", whole] or [
        row[1] for row in table[1:]
    ] == ["Bangkok", "Kamphaeng Phet", whole]  # each province named, then the whole
    assert ("Province", whole) in [(r[0].value, r[1].value) for r in sheet.iter_rows(max_row=top)]
    assert SECRET_CLUB_10 not in str([c.value for row in sheet.iter_rows() for c in row])


def test_national_without_a_province_gets_the_league_table_and_a_picker(app: Any) -> None:
    with as_user(app, NATIONAL):
        layout = str(page("scorecard").layout())
        table = str(page("scorecard").show_table({"fy": 2568, "lang": "th"}))
    assert "app-province" in layout and "อันดับจังหวัด" in layout
    assert "ทั้งประเทศ (มีข้อมูล 2 จาก 77 จังหวัด)" in layout.split("print-title")[0][-300:]
    assert "กำแพงเพชร" in table and "กรุงเทพมหานคร" in table
    assert "/scorecard?province=62&fy=2568" in table
