"""Pure map builders: loaded boundaries and a polars frame in, a Plotly figure out.

Plotly's geo traces (Choropleth, Scattergeo) fetch topojson from cdn.plot.ly even
when GeoJSON is given (plotly.js issue #6767), which an offline server and the CSP
(connect-src 'self') forbid. So an area is a go.Scatter polygon (fill "toself",
hover on the fill) on hidden lon/lat axes drawn to scale, and the colour bar comes
from a hidden marker trace. Nothing is fetched from anywhere.

Each area's trace carries its code as customdata: Dash passes a trace's customdata
in clickData when its fill is clicked, so a click anywhere inside an area names it.
Club points carry [district_code, club_id]. The colour scale is cividis (made for
colour-blind readers); areas without data are hatched. Names are escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl
from plotly.colors import sample_colorscale

from dashboard import i18n
from dashboard.figures import BLUE, FONT, GREEN, GREY, LEGEND, ORANGE, VERMILLION, empty, safe

if TYPE_CHECKING:
    from warehouse.geo import Areas, Ring

COLOURS = "Cividis"
EDGE = "#ffffff"
OUTLINE = "#8a939c"
PLAIN = "#eef1f4"
HIGHLIGHT = "#cfe3f3"
NO_DATA = {"shape": "/", "fgcolor": "#aab2ba", "bgcolor": "#f4f5f7", "size": 6, "solidity": 0.25}
HEIGHTS = {"district": 560, "province": 780}  # pixels: the country is tall and narrow
COMMANDS = {
    "district": "tonbaeb geo load tha_adm2_districts.geojson",
    "province": "tonbaeb geo load tha_adm1_provinces.geojson",
}


def measure_label(measure: str, lang: str) -> str:
    """What a map measure is called: the share meeting the standard, or a criterion's pass rate."""
    if measure.endswith("_rate"):
        return i18n.criterion(measure.removesuffix("_rate"), lang)
    return i18n.t("meets_share", lang)


def map_title(level: str, measure: str, lang: str) -> str:
    """The title of an area map."""
    if measure == "meets_share":
        return i18n.t("by_province" if level == "province" else "by_district", lang)
    key = "map_rate_by_province" if level == "province" else "map_rate_by_district"
    return i18n.t(key, lang, criterion=measure_label(measure, lang))


def no_boundaries(title: str, lang: str, level: str = "district") -> go.Figure:
    """What a map shows when no boundaries are loaded: how to load them."""
    return empty(title, lang, f"{i18n.t('map_none', lang)}: {COMMANDS[level]}")


def area_map(areas: Areas, values: pl.DataFrame, measure: str, lang: str) -> go.Figure:
    """Areas coloured by a 0-1 share (`values`: area_code, clubs, clubs_meeting_standard, ...)."""
    measure = (
        measure if isinstance(measure, str) and measure in _measures(values) else "meets_share"
    )
    title = map_title(areas.level, measure, lang)
    if not areas:
        return no_boundaries(title, lang, areas.level)
    rows = (
        {r["area_code"]: r for r in values.iter_rows(named=True)} if not values.is_empty() else {}
    )
    label = measure_label(measure, lang)
    shares = {code: row[measure] for code, row in rows.items() if row.get(measure) is not None}
    fills = dict(zip(shares, sample_colorscale(COLOURS, list(shares.values())), strict=True)) if shares else {}
    traces = []
    missing = False
    for code, rings in areas.shapes.items():
        row = rows.get(code)
        value = shares.get(code)
        name = i18n.area_name(code, lang)
        if row is None or value is None:
            missing = True
            traces.append(
                _area(
                    rings,
                    name,
                    f"<b>{safe(name)}</b><br>{safe(i18n.t('map_no_data', lang))}",
                    pattern=NO_DATA,
                )
            )
            continue
        shown = f"{safe(label)}: {i18n.percent(value, lang)}<br>{safe(_counts(row, measure, lang))}"
        text = f"<b>{safe(name)}</b><br>{shown}"
        traces.append(
            _area(rings, name, text, fill=fills[code], code=code)
        )
    figure = _figure(traces)
    _colour_bar(figure, areas, label)
    if missing:
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=safe(i18n.t("map_no_data", lang)),
                marker={"symbol": "square", "size": 14, "color": "#d5d9de"},
                showlegend=True,
            )
        )
    return _finish(figure, areas, title, lang)


def outline_map(areas: Areas, lang: str, title: str, highlight: str | None = None) -> go.Figure:
    """Areas drawn plainly (the highlighted one tinted), each naming itself on hover and click."""
    if not areas:
        return no_boundaries(title, lang, areas.level)
    traces = []
    for code, rings in areas.shapes.items():
        name = i18n.area_name(code, lang)
        traces.append(
            _area(
                rings,
                name,
                f"<b>{safe(name)}</b>",
                fill=HIGHLIGHT if code == highlight else PLAIN,
                code=code,
                edge=OUTLINE,
            )
        )
    figure = _figure(traces)
    return _finish(figure, areas, title, lang)


def club_map(areas: Areas, clubs: pl.DataFrame, district: str, lang: str) -> go.Figure:
    """A district's clubs as points over its province's districts, zoomed to the district."""
    title = i18n.t("map_clubs", lang)
    figure = outline_map(areas, lang, title, highlight=district)
    if not areas:
        return figure
    add_clubs(figure, clubs, lang)
    return focus(figure, areas, district)


def plan_map(
    areas: Areas, exemplars: pl.DataFrame, pairs: pl.DataFrame, uncovered: pl.DataFrame, lang: str
) -> go.Figure:
    """An expansion plan over the province's districts: exemplars, the networks they mentor
    (each pair joined by a line) and the networks in need left uncovered.

    `exemplars`: district_code, club_id, name, lon, lat, located_by, mentees; `pairs`: the
    exemplar_* and mentee_* columns of a plan's pairs; `uncovered`: district_code, club_id,
    name, lon, lat, located_by.
    """
    figure = outline_map(areas, lang, i18n.t("plan_map", lang))
    if not areas:
        return figure
    ends = ("exemplar_lon", "exemplar_lat", "mentee_lon", "mentee_lat")
    both = pl.all_horizontal(pl.col(c).is_not_null() for c in ends)
    links = pairs.filter(both).select(
        from_lon="exemplar_lon", from_lat="exemplar_lat", to_lon="mentee_lon", to_lat="mentee_lat"
    )
    add_links(figure, links, i18n.t("plan_link", lang), GREY)
    mentees = pairs.select(
        district_code="mentee_district",
        club_id="mentee_club",
        name="mentee_name",
        lon="mentee_lon",
        lat="mentee_lat",
        located_by="mentee_located_by",
        mentor="exemplar_name",
    ).unique(["district_code", "club_id"], maintain_order=True)
    mentee_text = [
        _point_text(r, i18n.t("plan_mentored_by", lang, name=r["mentor"] or "-"))
        for r in mentees.iter_rows(named=True)
    ]
    add_points(figure, mentees, mentee_text, i18n.t("plan_mentee", lang), "circle", ORANGE)
    uncovered_text = [
        _point_text(r, i18n.t("plan_not_covered", lang)) for r in uncovered.iter_rows(named=True)
    ]
    add_points(figure, uncovered, uncovered_text, i18n.t("plan_not_covered", lang), "x", VERMILLION)
    exemplar_text = [
        _point_text(r, i18n.t("plan_mentors", lang, n=r["mentees"]))
        for r in exemplars.iter_rows(named=True)
    ]
    add_points(figure, exemplars, exemplar_text, i18n.t("plan_exemplar", lang), "star", BLUE, 16)
    return figure


def _point_text(row: dict[str, object], role: str) -> str:
    """A plan point's hover: the club's id and name, then its part in the plan (escaped).

    Whether the place is approximate shows in the mark (hollow), not in every hover: a
    province's plan has hundreds of points and the page states it once.
    """
    return f"<b>{safe(row['club_id'])} {safe(row['name'])}</b><br>{safe(role)}"


def add_clubs(figure: go.Figure, clubs: pl.DataFrame, lang: str) -> go.Figure:
    """Club points (district_code, club_id, name, meets_standard, lon, lat, located_by).

    Meeting and not meeting differ in colour and in shape; a point placed around its
    district's centre (no coordinates of its own) is drawn hollow.
    """
    if clubs.is_empty():
        return figure
    for meets, symbol, colour, key in (
        (True, "circle", GREEN, "map_meets"),
        (False, "x", VERMILLION, "map_not_meets"),
    ):
        status = clubs.filter(pl.col("meets_standard") == meets)
        hover = [_club_text(r, lang) for r in status.iter_rows(named=True)]
        add_points(figure, status, hover, i18n.t(key, lang), symbol, colour)
    return figure


def add_points(
    figure: go.Figure,
    clubs: pl.DataFrame,
    hover: Sequence[str],
    name: str,
    symbol: str,
    colour: str,
    size: int = 11,
) -> go.Figure:
    """Club points (district_code, club_id, lon, lat, located_by) under one legend entry.

    `hover` holds each row's hover text, already escaped. A point placed around its
    district's centre (no coordinates of its own) is drawn hollow; a click names the club.
    """
    if clubs.is_empty():
        return figure
    shown = safe(name)
    figure.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=shown,
            legendgroup=shown,
            marker={"symbol": symbol, "color": colour, "size": size},
        )
    )
    texts = clubs.with_columns(pl.Series("hover", list(hover), pl.String))
    for spread in (False, True):
        part = texts.filter((pl.col("located_by") == "district") == spread)
        if part.is_empty():
            continue
        figure.add_trace(
            go.Scatter(
                x=part["lon"].to_list(),
                y=part["lat"].to_list(),
                mode="markers",
                name=shown,
                legendgroup=shown,
                showlegend=False,
                marker={
                    "symbol": f"{symbol}-open" if spread else symbol,
                    "color": colour,
                    "size": size,
                    "line": {"width": 2 if spread else 1, "color": colour},
                },
                customdata=[
                    [d, c] for d, c in zip(part["district_code"], part["club_id"], strict=True)
                ],
                hovertext=part["hover"].to_list(),
                hoverinfo="text",
            )
        )
    return figure


def add_links(figure: go.Figure, links: pl.DataFrame, name: str, colour: str = BLUE) -> go.Figure:
    """Straight lines from (from_lon, from_lat) to (to_lon, to_lat), with one legend entry."""
    if links.is_empty():
        return figure
    xs: list[float | None] = []
    ys: list[float | None] = []
    for row in links.iter_rows(named=True):
        xs += [row["from_lon"], row["to_lon"], None]
        ys += [row["from_lat"], row["to_lat"], None]
    figure.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=safe(name),
            line={"color": colour, "width": 2},
            hoverinfo="skip",
        )
    )
    return figure


def focus(figure: go.Figure, areas: Areas, code: str, margin: float = 0.15) -> go.Figure:
    """Zoom the map to one area (and a margin around it), if it is there."""
    rings = areas.shapes.get(code)
    if not rings:
        return figure
    (west, south), (east, north) = _bounds([rings])
    pad = margin * max(east - west, north - south)
    figure.update_xaxes(range=[west - pad, east + pad])
    figure.update_yaxes(range=[south - pad, north + pad])
    return figure


def clicked(click: object) -> list[str]:
    """What a map click names: [area code], or [district_code, club_id] for a club; else []."""
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points and isinstance(points[0], dict) else {}
    custom = point.get("customdata")
    if (
        not isinstance(custom, list)
        or not 1 <= len(custom) <= 2
        or not all(isinstance(c, str) for c in custom)
    ):
        return []
    return list(custom)


def _measures(values: pl.DataFrame) -> set[str]:
    return {c for c in values.columns if c == "meets_share" or c.endswith("_rate")}


def _counts(row: dict[str, object], measure: str, lang: str) -> str:
    if measure == "meets_share":
        return i18n.t(
            "map_meeting_of", lang, meeting=row["clubs_meeting_standard"], clubs=row["clubs"]
        )
    return i18n.t("map_of_clubs", lang, clubs=row["clubs"])


def _club_text(row: dict[str, object], lang: str) -> str:
    status = i18n.t("map_meets" if row["meets_standard"] else "map_not_meets", lang)
    where = i18n.t("map_spread" if row["located_by"] == "district" else "map_own_place", lang)
    score = row.get("score")
    shown = (
        f" · {i18n.t('score', lang)} {float(score):.0f}" if isinstance(score, int | float) else ""
    )  # type: ignore[arg-type]
    name = f"{safe(row['club_id'])} {safe(row['name'])}"
    return f"<b>{name}</b><br>{safe(status)}{safe(shown)}<br>{safe(where)}"


def _figure(traces: list[dict[str, object]]) -> go.Figure:
    """A figure of area traces that `_area` built: thousands of coordinates each, not validated
    one by one again (plotly's `_validate` switch halves a national map's build; pinned plotly)."""
    return go.Figure(data=traces, _validate=False)


def _area(
    rings: Sequence[Ring],
    name: str,
    text: str,
    *,
    fill: str | None = None,
    pattern: dict[str, object] | None = None,
    code: str | None = None,
    edge: str = EDGE,
) -> dict[str, object]:
    """One area as a filled polygon (rings joined by gaps): hover and click work anywhere on it."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        xs += [p[0] for p in ring] + [None]
        ys += [p[1] for p in ring] + [None]
    trace: dict[str, object] = {
        "type": "scatter",
        "x": xs[:-1],
        "y": ys[:-1],
        "mode": "lines",
        "fill": "toself",
        "line": {"color": edge, "width": 1},
        "hoveron": "fills",
        "hoverinfo": "text",
        "text": text,
        "name": safe(name),
        "showlegend": False,
    }
    if fill:
        trace["fillcolor"] = fill
    if pattern:
        trace["fillpattern"] = pattern
    if code:
        trace["customdata"] = [code]  # what a click anywhere on the fill names (see `clicked`)
    return trace


def _colour_bar(figure: go.Figure, areas: Areas, label: str) -> None:
    """A hidden one-point trace whose colour bar is the map's legend, titled in the UI language."""
    (west, south), _ne = _bounds(areas.shapes.values())
    figure.add_trace(
        go.Scatter(
            x=[west],
            y=[south],
            mode="markers",
            hoverinfo="skip",
            showlegend=False,
            marker={
                "color": [0],
                "cmin": 0,
                "cmax": 1,
                "colorscale": COLOURS,
                "opacity": 0,
                "showscale": True,
                "colorbar": {
                    "title": {"text": safe(label), "side": "top"},
                    "tickformat": ".0%",
                    "thickness": 12,
                    "len": 0.7,
                    "outlinewidth": 0,
                },
            },
        )
    )


def _finish(figure: go.Figure, areas: Areas, title: str, lang: str) -> go.Figure:
    """Hidden axes drawn to scale at the map's latitude, the title, and the credit in a corner."""
    (_west, south), (_east, north) = _bounds(areas.shapes.values())
    stretch = 1 / math.cos(math.radians((south + north) / 2))
    figure.update_xaxes(visible=False, showgrid=False, zeroline=False)
    figure.update_yaxes(
        visible=False, showgrid=False, zeroline=False, scaleanchor="x", scaleratio=stretch
    )
    if areas.credit:  # on two lines from the left edge, so a phone's narrow map shows all of it
        credit = "<br>".join(safe(part) for part in i18n.attribution(areas.credit, lang).split(" · "))
        figure.add_annotation(
            text=credit,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            align="left",
            yshift=-4,
            showarrow=False,
            font={"size": 9, "color": "#6c757d"},
        )
    figure.update_layout(
        title={"text": safe(title), "x": 0, "font": {"size": 15}},
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        height=HEIGHTS.get(areas.level, HEIGHTS["district"]),
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="closest",
        dragmode="pan",
        legend=LEGEND,  # the figure's bottom edge, below the credit
        separators=".,",
    )
    return figure


def _bounds(areas: object) -> tuple[tuple[float, float], tuple[float, float]]:
    xs = [p[0] for rings in areas for ring in rings for p in ring]  # type: ignore[attr-defined]
    ys = [p[1] for rings in areas for ring in rings for p in ring]  # type: ignore[attr-defined]
    return (min(xs), min(ys)), (max(xs), max(ys))
