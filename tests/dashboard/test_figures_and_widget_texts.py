"""Figures and widget texts, without a browser: figure options and axes, one colour per level,
Thai widget texts filled into every page's layout, names instead of codes, the knowledge page's
empty state."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import dash
import dash_ag_grid as dag
import plotly.graph_objects as go
import polars as pl
from dash import dcc, html
from plotly.io.json import to_json_plotly

from core import formats
from core.texts import N_
from dashboard import components, figures, terms, widgets
from tests.dashboard.support import DIRECTOR, as_user, drawn


def test_no_graph_has_the_toolbar_and_legends_sit_below_axis_titles() -> None:
    assert components.graph("x").config["displayModeBar"] is False
    figure = go.Figure(figures.compare_lines(
        pl.DataFrame({"district_code": ["6205"] * 2, "club_id": ["6205-001"] * 2, "name": ["ก"] * 2,
                      "fiscal_year": [2567, 2568], "score": [55.5, 88.8]}),
        "th", "score", N_("Score"),
    ))  # fmt: skip
    assert figure.layout.legend.yref == "container" and figure.layout.legend.yanchor == "bottom"
    assert list(figure.layout.yaxis.tickvals) == [0, 20, 40, 60, 80, 100]


def test_the_club_history_score_axis_ticks_at_round_numbers() -> None:
    frame = pl.DataFrame(
        {"fiscal_year": [2567, 2568], "members_end": [10, 12], "score": [66.7, 88.9]}
    )
    figure = go.Figure(figures.club_history(frame, "th"))
    assert list(figure.layout.yaxis2.tickvals) == [0, 20, 40, 60, 80, 100]


def test_a_district_and_its_province_keep_their_colours_in_every_chart() -> None:
    trend = go.Figure(
        figures.trend(
            pl.DataFrame(
                {
                    "series": ["6205", "6205", "62", "62"],
                    "fiscal_year": [2567, 2568] * 2,
                    "meets_share": [0.2, 0.3, 0.4, 0.5],
                }
            ),
            "th",
        )
    )
    colours = {line.name: line.line.color for line in trend.data}
    bars = go.Figure(
        figures.criteria_compare(
            pl.DataFrame({"criterion": ["committee"], "district": [0.5], "province": [0.6]}),
            "th",
            "6205",
        )
    )
    assert colours == {bar.name: bar.marker.color for bar in bars.data}
    assert colours["คลองขลุง"] == figures.LEVEL_COLOURS["district"]
    assert colours["กำแพงเพชร"] == figures.LEVEL_COLOURS["province"]


def test_the_trend_leaves_out_the_year_in_progress_and_says_so() -> None:
    frame = pl.DataFrame(
        {"series": ["62"] * 3, "fiscal_year": [2568, 2569, 2570], "meets_share": [0.6, 0.7, 0.02]}
    )
    figure = go.Figure(figures.trend(frame, "th", in_progress=2570))
    assert [list(line.y) for line in figure.data] == [[0.6, 0.7]]  # no fall to 2 % drawn
    assert [a.text for a in figure.layout.annotations] == ["ปีงบประมาณ 2570 ยังไม่สิ้นสุด: จะแสดงเมื่อสิ้นปี"]
    ended = go.Figure(
        figures.trend(frame.filter(pl.col("fiscal_year") < 2570), "th", in_progress=2570)
    )
    assert not ended.layout.annotations and [list(x.y) for x in ended.data] == [[0.6, 0.7]]
    only = go.Figure(
        figures.trend(frame.filter(pl.col("fiscal_year") == 2570), "en", in_progress=2570)
    )
    assert not only.data and "FY 2570 (2026–27) has not ended" in only.layout.annotations[0].text
    nothing = go.Figure(figures.trend(pl.DataFrame(), "en", in_progress=2570))  # no columns at all
    assert not nothing.data and "No data" in nothing.layout.annotations[0].text


def test_the_meeting_timeline_ticks_in_thai_months_and_buddhist_years() -> None:
    ticks = figures.month_ticks([date(2020, 11, 5), date(2021, 1, 20), date(2022, 9, 30)], "th")
    assert ticks["ticktext"][0] == "พ.ย. 2563" and len(ticks["tickvals"]) <= 8
    assert all(not any("a" <= ch.lower() <= "z" for ch in text) for text in ticks["ticktext"])
    assert figures.month_ticks([date(2021, 1, 1)], "en")["ticktext"] == ["Jan 2021"]


def test_widget_texts_are_filled_in_thai_into_any_page_layout() -> None:
    def layout(**_query: Any) -> html.Div:
        return html.Div(
            [
                dcc.Dropdown(id="d", options=[]),
                dag.AgGrid(id="g", dashGridOptions={"pagination": True}),
            ]
        )

    thai = widgets.localised(layout)(lang="th")
    dropdown, grid = thai.children
    assert (
        dropdown.labels["select_all"] == "เลือกทั้งหมด"
        and "{num_selected}" in dropdown.labels["selected_count"]
    )
    assert (
        grid.dashGridOptions["localeText"]["page"] == "หน้า"
        and grid.dashGridOptions["pagination"] is True
    )
    english = widgets.localised(layout)(lang="en")
    assert getattr(english.children[0], "labels", None) is None
    wrapped = widgets.localised(layout)
    assert widgets.localised(wrapped) is wrapped  # wrapping twice (another app built) wraps once


def test_every_registered_page_is_framed_and_its_widgets_speak_thai(app: Any) -> None:
    assert all(getattr(p["layout"], "framed", False) for p in dash.page_registry.values())
    assert any(p["path"] == "/404" for p in dash.page_registry.values())
    leaderboard = next(p for p in dash.page_registry.values() if p["path"] == "/leaderboard")[
        "layout"
    ]
    with as_user(app, DIRECTOR):  # a kept page: its localised words are what is kept
        for _ in range(2):
            assert "เลือกทั้งหมด" in json.dumps(
                json.loads(to_json_plotly(leaderboard(lang="th"))), ensure_ascii=False
            )
        assert "เลือกทั้งหมด" not in to_json_plotly(leaderboard(lang="en"))


def test_names_not_codes_and_the_boundaries_credit_in_thai() -> None:
    assert formats.subdistrict_name("620101", "th") == "ตำบลในเมือง"
    assert formats.subdistrict_name("620101", "en") == "Nai Mueang subdistrict"
    assert formats.subdistrict_name("999999", "th") == "999999"
    from etl.geo import ATTRIBUTION, CREDIT

    assert "กรมแผนที่ทหาร" in terms.attribution(
        ATTRIBUTION, "th"
    ) and "กรมการปกครอง" in terms.attribution(CREDIT, "th")
    assert terms.attribution(ATTRIBUTION, "en") == ATTRIBUTION
    assert (
        terms.attribution("ขอบเขตจากผู้ดูแล", "th") == "ขอบเขตจากผู้ดูแล"
    )  # a text loaded by hand stays
    assert terms.kind("director", "th") == "พัฒนาการจังหวัด"


def test_every_figure_a_page_draws_is_valid_for_plotly(client_as: Any) -> None:
    """Figures are built as plain dicts, unchecked: Plotly's own schema checks each one here
    (`go.Figure` raises on a property or value it does not know)."""
    client = client_as("director62")
    found = []
    for path, search in (
        ("/", "?fy=2568"),
        ("/district", "?district=6205&fy=2568"),
        ("/club", "?district=6205&club=6205-003&fy=2568"),
        ("/club", "?district=6205&club=6205-001&fy=2568"),
    ):
        stack = [drawn(client, path, search)]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                if node.get("type") == "Graph" and "figure" in node.get("props", {}):
                    found.append(node["props"]["figure"])
                stack.extend(node.values())
    for figure in found:
        checked = go.Figure(figure)
        assert checked.data or checked.layout.annotations  # something drawn, or why not
    assert len(found) >= 10  # the maps, bars, grids and lines of the three pages
