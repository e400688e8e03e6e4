"""Club points on a map: a district's clubs, and an expansion plan (exemplars, the networks they
mentor joined by lines, the networks in need left uncovered).

Club points carry [district_code, club_id] as customdata, so a click names the club; meeting and
not meeting differ in colour and shape; a point placed around its district's centre (no
coordinates of its own) is drawn hollow. Names are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from core.texts import N_, _, ngettext
from dashboard.figures import BLUE, GREEN, GREY, ORANGE, VERMILLION, Figure, safe
from dashboard.maps.areas import outline_map
from dashboard.maps.base import focus

if TYPE_CHECKING:
    from warehouse.geo import Areas


def club_map(areas: Areas, clubs: pl.DataFrame, district: str, lang: str) -> Figure:
    """A district's clubs as points over its province's districts, zoomed to the district."""
    title = _(lang, "Where the district's clubs are")
    figure = outline_map(areas, lang, title, highlight=district)
    if not areas:
        return figure
    add_clubs(figure, clubs, lang)
    return focus(figure, areas, district)


def plan_map(
    areas: Areas, exemplars: pl.DataFrame, pairs: pl.DataFrame, uncovered: pl.DataFrame, lang: str
) -> Figure:
    """An expansion plan over the province's districts: exemplars, the networks they mentor
    (each pair joined by a line) and the networks in need left uncovered.

    `exemplars`: district_code, club_id, name, lon, lat, located_by, mentees; `pairs`: the
    exemplar_* and mentee_* columns of a plan's pairs; `uncovered`: district_code, club_id,
    name, lon, lat, located_by.
    """
    figure = outline_map(areas, lang, _(lang, "The plan on the map"))
    if not areas:
        return figure
    ends = ("exemplar_lon", "exemplar_lat", "mentee_lon", "mentee_lat")
    both = pl.all_horizontal(pl.col(c).is_not_null() for c in ends)
    links = pairs.filter(both).select(
        from_lon="exemplar_lon", from_lat="exemplar_lat", to_lon="mentee_lon", to_lat="mentee_lat"
    )
    add_links(figure, links, _(lang, "Mentoring pair"), GREY)
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
        _point_text(r, _(lang, "Mentor: {name}", name=r["mentor"] or "-"))
        for r in mentees.iter_rows(named=True)
    ]
    add_points(figure, mentees, mentee_text, _(lang, "Mentored network"), "circle", ORANGE)
    uncovered_text = [
        _point_text(r, _(lang, "Network in need, uncovered"))
        for r in uncovered.iter_rows(named=True)
    ]
    add_points(
        figure, uncovered, uncovered_text, _(lang, "Network in need, uncovered"), "x", VERMILLION
    )
    exemplar_text = [
        _point_text(r, ngettext(lang, "mentors {n} network", "mentors {n} networks", r["mentees"]))
        for r in exemplars.iter_rows(named=True)
    ]
    add_points(figure, exemplars, exemplar_text, _(lang, "Exemplar"), "star", BLUE, 16)
    return figure


def _point_text(row: dict[str, object], role: str) -> str:
    """A plan point's hover: the club's id and name, then its part in the plan (escaped).

    Whether the place is approximate shows in the mark (hollow), not in every hover: a
    province's plan has hundreds of points and the page states it once.
    """
    return f"<b>{safe(row['club_id'])} {safe(row['name'])}</b><br>{safe(role)}"


def add_clubs(figure: Figure, clubs: pl.DataFrame, lang: str) -> Figure:
    """Club points (district_code, club_id, name, meets_standard, lon, lat, located_by).

    Meeting and not meeting differ in colour and in shape; a point placed around its
    district's centre (no coordinates of its own) is drawn hollow.
    """
    if clubs.is_empty():
        return figure
    for meets, symbol, colour, key in (
        (True, "circle", GREEN, N_("Meets the standard")),
        (False, "x", VERMILLION, N_("Does not meet the standard")),
    ):
        status = clubs.filter(pl.col("meets_standard") == meets)
        hover = [_club_text(r, lang) for r in status.iter_rows(named=True)]
        add_points(figure, status, hover, _(lang, key), symbol, colour)
    return figure


def add_points(
    figure: Figure,
    clubs: pl.DataFrame,
    hover: Sequence[str],
    name: str,
    symbol: str,
    colour: str,
    size: int = 11,
) -> Figure:
    """Club points (district_code, club_id, lon, lat, located_by) under one legend entry.

    `hover` holds each row's hover text, already escaped. A point placed around its
    district's centre (no coordinates of its own) is drawn hollow; a click names the club.
    """
    if clubs.is_empty():
        return figure
    shown = safe(name)
    traces: list[dict[str, object]] = [
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "name": shown,
            "legendgroup": shown,
            "marker": {"symbol": symbol, "color": colour, "size": size},
        }
    ]
    texts = clubs.with_columns(pl.Series("hover", list(hover), pl.String))
    for spread in (False, True):
        part = texts.filter((pl.col("located_by") == "district") == spread)
        if part.is_empty():
            continue
        traces.append(
            {
                "type": "scatter",
                "x": part["lon"].to_list(),
                "y": part["lat"].to_list(),
                "mode": "markers",
                "name": shown,
                "legendgroup": shown,
                "showlegend": False,
                "marker": {
                    "symbol": f"{symbol}-open" if spread else symbol,
                    "color": colour,
                    "size": size,
                    "line": {"width": 2 if spread else 1, "color": colour},
                },
                "customdata": [
                    [d, c] for d, c in zip(part["district_code"], part["club_id"], strict=True)
                ],
                "hovertext": part["hover"].to_list(),
                "hoverinfo": "text",
            }
        )
    figure["data"].extend(traces)
    return figure


def add_links(figure: Figure, links: pl.DataFrame, name: str, colour: str = BLUE) -> Figure:
    """Straight lines from (from_lon, from_lat) to (to_lon, to_lat), with one legend entry."""
    if links.is_empty():
        return figure
    xs: list[float | None] = []
    ys: list[float | None] = []
    for row in links.iter_rows(named=True):
        xs += [row["from_lon"], row["to_lon"], None]
        ys += [row["from_lat"], row["to_lat"], None]
    figure["data"].append(
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "lines",
            "name": safe(name),
            "line": {"color": colour, "width": 2},
            "hoverinfo": "skip",
        }
    )
    return figure


def _club_text(row: dict[str, object], lang: str) -> str:
    status = (
        _(lang, "Meets the standard")
        if row["meets_standard"]
        else _(lang, "Does not meet the standard")
    )
    where = (
        _(lang, "Approximate: placed around the district's centre (no coordinates given)")
        if row["located_by"] == "district"
        else _(lang, "The club's own coordinates")
    )
    score = row.get("score")
    shown = f" · {_(lang, 'Score')} {float(score):.0f}" if isinstance(score, int | float) else ""
    name = f"{safe(row['club_id'])} {safe(row['name'])}"
    return f"<b>{name}</b><br>{safe(status)}{safe(shown)}<br>{safe(where)}"
