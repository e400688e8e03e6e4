"""Maps: scoped places queries, pure builders, the map callbacks with and without boundaries."""

from __future__ import annotations

import json
from typing import Any

import dash
import plotly.graph_objects as go
import polars as pl
import pytest

from accounts.scope import Scope
from core import formats
from core.home import Home
from core.texts import _
from dashboard import maps, shell, terms
from tests.dashboard.conftest import OWN_PLACE, XSS_CLUB, call, publish_province
from tests.dashboard.support import as_user, component, page, serving
from warehouse import geo, queries

DIRECTOR = Scope("director62", "director", "62")
OFFICER = Scope("officer6205", "officer", "62", "6205")
DIRECTOR_10 = Scope("director10", "director", "10")
NATIONAL = Scope("national", "national", None)
ADMIN = Scope("admin62", "admin", "62")
STATE = {"province": "62", "district": "6205", "fy": 2568, "lang": "th"}


def area_traces(figure: go.Figure) -> list[Any]:
    return [t for t in figure.data if t.fill == "toself"]


@pytest.fixture(scope="module")
def bare_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """Province 62 published, and no boundaries loaded."""
    home = Home(tmp_path_factory.mktemp("bare") / "home")
    publish_province(home, "62")
    return home


# --- the places queries, within each scope -----------------------------------------------------


def test_club_locations_use_own_coordinates_else_the_district_point(two_provinces: Home) -> None:
    frame = queries.club_locations(
        two_provinces, OFFICER, "62"
    )  # club scores are province-level: any officer of 62
    assert frame.columns == ["district_code", "club_id", "lon", "lat", "located_by"]
    assert frame.height == 7
    own = frame.filter(pl.col("club_id") == OWN_PLACE[0]).row(0, named=True)
    assert (own["lon"], own["lat"], own["located_by"]) == (OWN_PLACE[1], OWN_PLACE[2], "club")
    spread = frame.filter(pl.col("located_by") == "district")
    assert spread.height == 6 and spread.select(pl.struct("lon", "lat").n_unique()).item() == 6
    point = geo.district_points(two_provinces).filter(code="6201").row(0, named=True)
    near = spread.filter(district_code="6201")
    assert ((near["lon"] - point["lon"]).abs().max() or 0) < point["radius"]


def test_club_locations_stay_in_scope(two_provinces: Home) -> None:
    assert queries.club_locations(two_provinces, DIRECTOR_10, "62").is_empty()
    assert queries.club_locations(two_provinces, ADMIN, "62").is_empty()
    assert queries.club_locations(two_provinces, DIRECTOR, "../10").is_empty()
    assert queries.club_locations(two_provinces, NATIONAL, "10").height == 6


def test_area_shapes_follow_the_scope(two_provinces: Home) -> None:
    assert list(queries.area_shapes(two_provinces, DIRECTOR, None).shapes)[:2] == ["6201", "6202"]
    assert (
        len(queries.area_shapes(two_provinces, DIRECTOR, "10").shapes) == 11
    )  # a director's own province, always
    assert len(queries.area_shapes(two_provinces, NATIONAL, None).shapes) == 77
    assert next(iter(queries.area_shapes(two_provinces, NATIONAL, "10").shapes)) == "1001"
    assert not queries.area_shapes(two_provinces, ADMIN, "62")
    assert not queries.area_shapes(two_provinces, NATIONAL, "50")  # nothing published there


def test_area_values_carry_every_measure(two_provinces: Home) -> None:
    frame = queries.area_values(two_provinces, DIRECTOR, "62", 2568)
    assert frame["area_code"].to_list() == ["6201", "6205"]
    assert set(queries.MEASURES) <= set(frame.columns)
    assert queries.area_values(two_provinces, NATIONAL, None, 2568)["area_code"].to_list() == [
        "10",
        "62",
    ]
    assert queries.area_values(two_provinces, ADMIN, "62", 2568).is_empty()


# --- the pure builders ------------------------------------------------------------------------


def test_without_boundaries_a_map_says_how_to_load_them() -> None:
    figure = go.Figure(maps.area_map(geo.Areas("district"), pl.DataFrame(), "meets_share", "th"))
    note = figure.layout.annotations[0].text
    assert (
        _("th", "No boundaries loaded yet") in note
        and "tonbaeb geo load tha_adm2_districts.geojson" in note
    )
    national = go.Figure(maps.area_map(geo.Areas("province"), pl.DataFrame(), "meets_share", "en"))
    assert "tha_adm1_provinces.geojson" in national.layout.annotations[0].text


def test_area_map_colours_areas_with_data_and_hatches_the_rest(two_provinces: Home) -> None:
    areas = geo.district_areas(two_provinces, "62")
    values = queries.area_values(two_provinces, DIRECTOR, "62", 2568)
    figure = go.Figure(maps.area_map(areas, values, "meets_share", "en"))
    traces = area_traces(figure)
    assert len(traces) == 11
    with_data = {t.customdata[0]: t for t in traces if t.customdata}
    assert sorted(with_data) == ["6201", "6205"]
    assert with_data["6205"].fillcolor.startswith("rgb(") and with_data["6205"].hoveron == "fills"
    share = values.filter(area_code="6205")["meets_share"].item()
    assert (
        f"Khlong Khlung</b><br>Meet the standard: {formats.percent(share, 'en')}"
        in with_data["6205"].text
    )
    hatched = [t for t in traces if not t.customdata]
    assert len(hatched) == 9 and all(t.fillpattern.shape == "/" for t in hatched)
    assert figure.layout.title.text == "Share of clubs meeting the standard, by district"
    swatches = [
        t for t in figure.data if t.legendgroup == "classes"
    ]  # the legend is in classes, not a colour bar
    assert figure.layout.legend.title.text == "Meet the standard"
    classes = maps.share_classes(values["meets_share"].to_list(), "en")
    assert [t.name for t in swatches] == [*classes.labels, "No data"]
    assert with_data["6205"].fillcolor == classes.colour(share)
    names = next(t for t in figure.data if t.mode == "text")  # district names on the map
    assert "Khlong Khlung" in names.text and len(names.text) == 11
    assert figure.layout.annotations[0].text.startswith("Boundaries ©")
    assert len(figure.to_json()) < 150_000  # what the browser receives for this map


def test_share_classes_are_quantiles_at_whole_percents_and_change_steps_are_fixed() -> None:
    shares = [0.10, 0.12, 0.15, 0.20, 0.22, 0.25, 0.30, 0.33, 0.41, 0.48]
    classes = maps.share_classes(shares, "th")
    assert classes.edges[0] == 0.10 and classes.edges[-1] == 0.48 and len(classes.colours) == 5
    assert all(abs(100 * e - round(100 * e)) < 1e-9 for e in classes.edges)  # whole percents
    counts = [sum(classes.colour(v) == c for v in shares) for c in classes.colours]
    assert counts == [2, 2, 2, 2, 2]  # as many areas in each class
    assert maps.share_classes([0.4, 0.4], "th").labels == ("40%",)


def test_legend_labels_state_each_class_bound_exactly_once() -> None:
    """Half-open classes: a bound belongs to the class above it (the last class holds its top),
    and the labels say so; a value is classed as its hover shows it."""
    classes = maps.share_classes([0.10, 0.12, 0.15, 0.20, 0.22, 0.25, 0.30, 0.33, 0.41, 0.48], "en")
    assert classes.edges == (0.10, 0.14, 0.21, 0.27, 0.35, 0.48)
    assert classes.labels == (
        "10% to under 14%",
        "14% to under 21%",
        "21% to under 27%",
        "27% to under 35%",
        "35% to 48%",
    )
    assert [classes.label(v) for v in (0.10, 0.1399, 0.14, 0.2099, 0.21, 0.35, 0.48)] == [
        "10% to under 14%",
        "14% to under 21%",  # shown as 14%: classed as 14%
        "14% to under 21%",
        "21% to under 27%",
        "21% to under 27%",
        "35% to 48%",
        "35% to 48%",
    ]
    change = maps.change_classes("en")
    assert change.labels == (
        "under -10 pts",
        "-10 to under -3 pts",
        "-3 to under +3 pts",
        "+3 to under +10 pts",
        "+10 pts or more",
    )
    cases = {
        -0.188: 0,  # ไทรงาม fell 18.8 points: the darkest class, "under -10"
        -0.10: 1,
        0.55 - 0.65: 1,  # -0.0999999...: shown as -10.0, classed as -10
        -0.031: 1,
        -0.03: 2,
        0.0: 2,
        0.0294: 2,  # shown as +2.9
        0.0296: 3,  # shown as +3.0
        0.03: 3,
        0.0994: 3,
        0.10: 4,
        0.5: 4,
    }
    assert {v: change.index(v) for v in cases} == cases
    thai = maps.change_classes("th")
    assert thai.labels[0] == "ต่ำกว่า -10 จุด" and thai.labels[2] == "-3 ถึงต่ำกว่า +3 จุด"
    assert thai.labels[4] == "+10 จุดขึ้นไป"


def test_the_change_view_colours_each_district_by_its_change_from_last_year(
    two_provinces: Home,
) -> None:
    areas = geo.district_areas(two_provinces, "62")
    now = queries.area_values(two_provinces, DIRECTOR, "62", 2568)
    before = queries.area_values(two_provinces, DIRECTOR, "62", 2567)
    figure = go.Figure(maps.area_map(areas, now, "meets_share", "th", before))
    assert figure.layout.title.text == "ผ่านมาตรฐาน: เปลี่ยนจากปีก่อน (จุดร้อยละ)"
    coloured = {t.customdata[0]: t for t in area_traces(figure) if t.customdata}
    for code in ("6201", "6205"):
        change = (
            now.filter(area_code=code)["meets_share"].item()
            - before.filter(area_code=code)["meets_share"].item()
        )
        assert coloured[code].fillcolor == maps.change_classes("th").colour(change)
        assert f"เปลี่ยนจากปีก่อน: {formats.points(change, 'th')}" in coloured[code].text


def test_a_criterion_can_be_mapped_and_an_unknown_measure_falls_back(two_provinces: Home) -> None:
    areas = geo.district_areas(two_provinces, "62")
    values = queries.area_values(two_provinces, DIRECTOR, "62", 2568)
    figure = go.Figure(maps.area_map(areas, values, "committee_rate", "th"))
    assert figure.layout.title.text == "อัตราผ่านเกณฑ์ 4.1 คณะกรรมการ รายอำเภอ"
    assert "4.1 คณะกรรมการ:" in next(t.text for t in area_traces(figure) if t.customdata)
    forged = go.Figure(maps.area_map(areas, values, "<script>", "th"))
    assert forged.layout.title.text == _("th", "Share of clubs meeting the standard, by district")


def test_national_map_is_small_enough(two_provinces: Home) -> None:
    figure = go.Figure(
        maps.area_map(
            geo.province_areas(two_provinces),
            queries.area_values(two_provinces, NATIONAL, None, 2568),
            "meets_share",
            "th",
        )
    )
    assert len(area_traces(figure)) == 77
    assert len(figure.to_json()) < 250_000


def test_club_map_escapes_names_and_marks_approximate_places(two_provinces: Home) -> None:
    points = queries.district_club_points(two_provinces, DIRECTOR, "6205", 2568)
    figure = go.Figure(maps.club_map(geo.district_areas(two_provinces, "62"), points, "6205", "th"))
    clubs = [t for t in figure.data if t.mode == "markers" and t.customdata]
    assert sum(len(t.x) for t in clubs) == 4
    shown = json.dumps([t.hovertext for t in clubs], ensure_ascii=False)
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown and XSS_CLUB not in shown
    own = next(t for t in clubs if list(t.x) == [OWN_PLACE[1]])
    assert not own.marker.symbol.endswith("-open")  # its own coordinates: a solid mark
    assert (
        sum(len(t.x) for t in clubs if t.marker.symbol.endswith("-open")) == 3
    )  # placed around the district point
    legend = [
        t.name
        for t in figure.data
        if t.showlegend is not False and t.mode == "markers" and not t.customdata
    ]
    assert set(legend) <= {"ผ่านมาตรฐาน", "ไม่ผ่านมาตรฐาน"} and legend
    west, east = figure.layout.xaxis.range
    assert (
        west < OWN_PLACE[1] < east and east - west < 1.5
    )  # zoomed to the district, not the province


def test_links_are_one_trace_with_gaps() -> None:
    figure: dict[str, Any] = {"data": [], "layout": {}}
    links = pl.DataFrame(
        {"from_lon": [1.0, 2.0], "from_lat": [1.0, 2.0], "to_lon": [3.0, 4.0], "to_lat": [3.0, 4.0]}
    )
    maps.add_links(figure, links, "<b>แผน</b>")
    assert go.Figure(figure).data[0].x == (1.0, 3.0, None, 2.0, 4.0, None)
    assert figure["data"][0]["name"] == "&lt;b&gt;แผน&lt;/b&gt;"


@pytest.mark.parametrize(
    ("click", "named"),
    [
        ({"points": [{"customdata": ["6205"]}]}, ["6205"]),
        ({"points": [{"customdata": ["6205", "6205-001"]}]}, ["6205", "6205-001"]),
        ({"points": [{"customdata": [1, 2]}]}, []),
        ({"points": [{"customdata": ["a", "b", "c"]}]}, []),
        ({"points": []}, []),
        ("6205", []),
        (None, []),
    ],
)
def test_what_a_click_names(click: object, named: list[str]) -> None:
    assert maps.clicked(click) == named


# --- the callbacks -----------------------------------------------------------------------------


def test_overview_map_and_its_click_through(app: Any) -> None:
    overview = page("overview")
    with as_user(app, DIRECTOR):
        figure = go.Figure(overview.show_map(STATE, "capacity_rate"))
        assert len(area_traces(figure)) == 11 and "4.4" in figure.layout.title.text
        assert (
            overview.open_area({"points": [{"customdata": ["6205"]}]}, STATE)
            == "/district?district=6205&fy=2568&lang=th"
        )
        assert overview.open_area({"points": [{"customdata": ["1001"]}]}, STATE) is dash.no_update
        assert overview.open_area({"points": [{"customdata": ["10"]}]}, STATE) is dash.no_update
    with as_user(app, NATIONAL):
        country = go.Figure(overview.show_map({"fy": 2568, "lang": "en"}, "meets_share"))
        assert len(area_traces(country)) == 77
        assert (
            overview.open_area({"points": [{"customdata": ["62"]}]}, {"fy": 2568, "lang": "en"})
            == "/?province=62&fy=2568&lang=en"
        )
        assert (
            overview.open_area({"points": [{"customdata": ["50"]}]}, {"fy": 2568}) is dash.no_update
        )


def test_overview_map_card_offers_every_measure(app: Any, two_provinces: Home) -> None:
    card = str(page("overview").map_card(queries.area_shapes(two_provinces, DIRECTOR, "62"), "en"))
    assert "overview-map-measure" in card
    assert (
        all(terms.criterion(k, "en") in card for k in terms.CRITERIA)
        and "Click a district to open it" in card
    )


def test_overview_map_without_boundaries(app: Any, bare_home: Home) -> None:
    del app  # Dash imports the page modules when it builds the app
    assert geo.folder(bare_home) is None and not geo.loaded(bare_home)
    overview = page("overview")
    with serving(bare_home, DIRECTOR):
        figure = go.Figure(overview.show_map(STATE, "meets_share"))
        card = str(overview.map_card(queries.area_shapes(bare_home, DIRECTOR, "62"), "th"))
        footer = shell.attribution("")
    assert "tonbaeb geo load" in figure.layout.annotations[0].text
    assert (
        _("th", "No boundaries loaded yet") in card
        and "tonbaeb geo load tha_adm2_districts.geojson" in card
    )
    assert "overview-map-measure" not in card
    assert footer == _("th", shell.ATTRIBUTION)


def test_district_map_and_its_click_through(app: Any) -> None:
    district = page("district")
    with as_user(app, DIRECTOR):
        figure = go.Figure(district.show_map(STATE))
        assert sum(len(t.x) for t in figure.data if t.mode == "markers" and t.customdata) == 4
        club = {"points": [{"customdata": ["6205", "6205-001"]}]}
        assert district.open_clicked(club, STATE) == "/club?district=6205&club=6205-001&lang=th"
        assert (
            district.open_clicked({"points": [{"customdata": ["6201"]}]}, STATE)
            == "/district?district=6201&fy=2568&lang=th"
        )
        assert (
            district.open_clicked({"points": [{"customdata": ["1001", "1001-001"]}]}, STATE)
            is dash.no_update
        )


def test_district_map_card_without_boundaries(app: Any, bare_home: Home) -> None:
    del app  # Dash imports the page modules when it builds the app
    card = str(page("district").map_card(queries.area_shapes(bare_home, DIRECTOR, "62"), "en"))
    assert (
        "No boundaries loaded yet" in card and "tonbaeb geo load tha_adm2_districts.geojson" in card
    )


def test_footer_credits_the_loaded_boundaries(app: Any) -> None:
    with as_user(app, DIRECTOR):
        footer = shell.attribution("?lang=en")
        thai = shell.attribution("")
    assert (
        "Royal Thai Survey Department" in footer
        and "CC BY 3.0 IGO" in footer
        and "GeoThai" in footer
    )
    assert (
        "กรมแผนที่ทหาร" in thai and "CC BY 3.0 IGO" in thai and "Survey" not in thai
    )  # in Thai, licences as named


def test_the_map_callbacks_answer_over_http_within_the_scope(client_as: Any) -> None:
    """The route the forged-request test replays: the maps really draw, and only the user's own areas."""
    client = client_as("director62")
    dependencies = {d["output"]: d for d in client.get("/_dash-dependencies").json}
    for state in (
        {"province": "62", "fy": 2568},
        {"province": "10", "district": "1001", "fy": 2568},
    ):
        values = {"overview-state.data": state, "overview-map-measure.value": "meets_share"}
        figure = call(client, dependencies["overview-map.figure"], values).json["response"][
            "overview-map"
        ]["figure"]
        codes = sorted(t["customdata"][0] for t in figure["data"] if t.get("customdata"))
        assert codes == ["6201", "6205"]  # 62's districts with data, whatever the state asks for
        assert sum(t.get("fill") == "toself" for t in figure["data"]) == 11
    router = next(d for o, d in dependencies.items() if "_pages_content.children" in o)
    where = {
        "_pages_location.pathname": "/district",
        "_pages_location.search": "?province=62&district=6205&fy=2568",
    }
    page = call(client, router, where).json["response"]["_pages_content"]["children"]
    figure = component(page, "district-map")["props"][
        "figure"
    ]  # the district's map comes with its page
    clubs = [
        c for t in figure["data"] if t.get("mode") == "markers" for c in t.get("customdata") or []
    ]
    assert sorted(c[1] for c in clubs) == ["6205-001", "6205-002", "6205-003", "6205-004"]


def test_names_placed_on_a_map_never_overlap_and_the_larger_area_keeps_its_place() -> None:
    from dashboard.maps.base import place_labels

    points = [(100.0, 16.0), (100.0, 16.0), (100.0, 16.0), (100.0, 16.0), (101.0, 17.0)]
    names = ["อำเภอใหญ่", "อำเภอเล็ก", "อำเภอที่สาม", "อำเภอที่สี่", "ไกลออกไป"]
    where = place_labels(points, names, [5.0, 1.0, 0.5, 0.2, 1.0])
    assert where[0] == (100.0, 16.0, 10)  # the largest area's name at its own point
    assert where[4] is not None and where[4][:2] == (101.0, 17.0)
    assert where[1] is not None and where[1][1] != 16.0  # moved above or below
    boxes = [w for w in where if w is not None]
    assert len({(round(x, 6), round(y, 6)) for x, y, _f in boxes}) == len(boxes)
    assert None in where  # four names on one point: one is left to the hover
