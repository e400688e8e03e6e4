"""What every map shares: titles, the empty state, an area's polygon, the frame drawn to scale, zoom and clicks.

Plotly's geo traces (Choropleth, Scattergeo) fetch topojson from cdn.plot.ly even
when GeoJSON is given (plotly.js issue #6767), which an offline server and the CSP
(connect-src 'self') forbid. So an area is a go.Scatter polygon (fill "toself",
hover on the fill) on hidden lon/lat axes drawn to scale. Nothing is fetched from anywhere.

Each area's trace carries its code as customdata: Dash passes a trace's customdata
in clickData when its fill is clicked, so a click anywhere inside an area names it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.texts import N_, _
from dashboard import terms
from dashboard.figures import FONT, TEMPLATE, Figure, empty, safe

if TYPE_CHECKING:
    from warehouse.geo import Areas, Ring

EDGE = "#ffffff"
OUTLINE = "#8a939c"
PLAIN = "#eef1f4"
HIGHLIGHT = "#cfe3f3"
NO_DATA = {"shape": "/", "fgcolor": "#aab2ba", "bgcolor": "#f4f5f7", "size": 6, "solidity": 0.25}
HEIGHTS = {"district": 560, "province": 780}  # pixels: the country is tall and narrow
# Under the map (Plotly moves the map up to make room), its title on a row of its own above the swatches.
MAP_LEGEND = {
    "orientation": "h",
    "yref": "paper",
    "y": 0,
    "yanchor": "top",
    "x": 0,
    "xanchor": "left",
    "title": {"side": "top left"},
}
COMMANDS = {
    "district": "tonbaeb geo load tha_adm2_districts.geojson",
    "province": "tonbaeb geo load tha_adm1_provinces.geojson",
}


def measure_label(measure: str, lang: str) -> str:
    """What a map measure is called: the share meeting the standard, or a criterion's pass rate."""
    if measure.endswith("_rate"):
        return terms.criterion(measure.removesuffix("_rate"), lang)
    return _(lang, "Meet the standard")


def map_title(level: str, measure: str, lang: str) -> str:
    """The title of an area map."""
    if measure == "meets_share":
        return (
            _(lang, "Share of clubs meeting the standard, by province")
            if level == "province"
            else _(lang, "Share of clubs meeting the standard, by district")
        )
    key = (
        N_("Pass rate of {criterion}, by province")
        if level == "province"
        else N_("Pass rate of {criterion}, by district")
    )
    return _(lang, key, criterion=measure_label(measure, lang))


def no_boundaries(title: str, lang: str, level: str = "district") -> Figure:
    """What a map shows when no boundaries are loaded: how to load them."""
    return empty(title, lang, f"{_(lang, 'No boundaries loaded yet')}: {COMMANDS[level]}")


def new_figure(traces: list[dict[str, object]]) -> Figure:
    """A figure of area traces that `area` built (thousands of coordinates each), its layout still
    to come (`finish`)."""
    return {"data": traces, "layout": {}}


def area(
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


def finish(figure: Figure, areas: Areas, title: str, lang: str) -> Figure:
    """Hidden axes drawn to scale at the map's latitude, the title with the credit under it, the legend below.

    The credit goes between the title and the map, and the legend below the map, where Plotly
    makes room for its rows: neither can cover the other, however many rows a narrow map needs.
    """
    (west, south), (east, north) = bounds(areas.shapes.values())
    stretch = 1 / math.cos(math.radians((south + north) / 2))
    pad = SIDE_ROOM * (east - west)  # room at the sides for the names of the areas at the edge
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    layout = figure["layout"]  # a legend's title, if it has one
    annotations = list(layout.get("annotations", ()))
    top = 50
    if areas.credit:  # on two lines from the left edge, so a phone's narrow map shows all of it
        credit = "<br>".join(
            safe(part) for part in terms.attribution(areas.credit, lang).split(" · ")
        )
        annotations.append(
            {
                "text": credit,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1,
                "xanchor": "left",
                "yanchor": "bottom",
                "align": "left",
                "yshift": 4,
                "showarrow": False,
                "font": {"size": 9, "color": "#6c757d"},
            }
        )
        top = 80
    spec: dict[str, object] = {
        "template": TEMPLATE,
        "xaxis": hidden | {"range": [west - pad, east + pad]},
        "yaxis": hidden | {"scaleanchor": "x", "scaleratio": stretch},
        "title": {
            "text": safe(title),
            "x": 0,
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 14},
            "font": {"size": 15},
        },
        "font": {"family": FONT, "size": 13},
        "margin": {"l": 10, "r": 10, "t": top, "b": 10},
        "height": HEIGHTS.get(areas.level, HEIGHTS["district"]),
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hovermode": "closest",
        "dragmode": "pan",
        "legend": MAP_LEGEND,
        "separators": ".,",
    }
    if annotations:
        spec["annotations"] = annotations
    return {"data": figure["data"], "layout": _merged(layout, spec)}


def _merged(base: dict[str, object], more: dict[str, object]) -> dict[str, object]:
    """`base` with `more` written over it, dicts merged key by key (as Plotly's updates do)."""
    merged = dict(base)
    for key, value in more.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = _merged(old, value)
        else:
            merged[key] = value
    return merged


def focus(figure: Figure, areas: Areas, code: str, margin: float = 0.15) -> Figure:
    """Zoom the map to one area (and a margin around it), if it is there."""
    rings = areas.shapes.get(code)
    if not rings:
        return figure
    (west, south), (east, north) = bounds([rings])
    pad = margin * max(east - west, north - south)
    layout = figure["layout"]
    layout["xaxis"] = layout.get("xaxis", {}) | {"range": [west - pad, east + pad]}
    layout["yaxis"] = layout.get("yaxis", {}) | {"range": [south - pad, north + pad]}
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


def bounds(areas: object) -> tuple[tuple[float, float], tuple[float, float]]:
    """(west, south), (east, north) of some areas' rings."""
    xs = [p[0] for rings in areas for ring in rings for p in ring]  # type: ignore[attr-defined]
    ys = [p[1] for rings in areas for ring in rings for p in ring]  # type: ignore[attr-defined]
    return (min(xs), min(ys)), (max(xs), max(ys))


def label_point(rings: Sequence[Ring]) -> tuple[float, float]:
    """Where an area's name goes: the centroid of its largest ring (shoelace formula)."""
    best, where = 0.0, None
    for ring in rings:
        twice = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
            cross = x0 * y1 - x1 * y0
            twice, cx, cy = twice + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
        if abs(twice) > best:
            best, where = abs(twice), (cx / (3 * twice), cy / (3 * twice))
    if where is None:  # degenerate rings: the mean of their points
        xs, ys = [p[0] for r in rings for p in r], [p[1] for r in rings for p in r]
        where = (sum(xs) / len(xs), sum(ys) / len(ys))
    return where


SIDE_ROOM = 0.06  # of the map's width, left free at each side
LABEL_WIDTH = 330  # pixels: the narrowest map (a phone's) the names are placed for
LABEL_SIZES = (10, 8)  # font sizes tried, the larger first
Box = tuple[float, float, float, float]  # west, south, east, north


def place_labels(
    points: Sequence[tuple[float, float]], names: Sequence[str], sizes: Sequence[float]
) -> list[tuple[float, float, int] | None]:
    """Where each area's name goes so no two names overlap on a map `LABEL_WIDTH` pixels wide:
    at its label point, else just above or below it, else smaller; None where none fits (the
    area still names itself on hover). `sizes`: each area's extent, the larger placed first."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if not points:
        return []
    span = (max(xs) - min(xs)) or 1.0
    middle = (max(ys) + min(ys)) / 2
    per_pixel = span * 1.2 / LABEL_WIDTH  # degrees of longitude a pixel shows
    per_pixel_y = per_pixel * math.cos(math.radians(middle))  # latitude is drawn to scale
    placed: list[Box] = []
    where: list[tuple[float, float, int] | None] = [None] * len(points)
    for n in sorted(range(len(points)), key=lambda i: -sizes[i]):
        letters = sum(1 for c in names[n] if unicodedata.category(c) != "Mn")
        for font in LABEL_SIZES:
            half_w = letters * font * 0.55 * per_pixel / 2
            half_h = font * 0.75 * per_pixel_y
            x, y = points[n]
            found: Box | None = None
            for dy in (0.0, 2.2 * half_h, -2.2 * half_h):
                box = (x - half_w, y + dy - half_h, x + half_w, y + dy + half_h)
                if not any(_overlap(box, b) for b in placed):
                    found = box
                    break
            if found is not None:
                placed.append(found)
                where[n] = ((found[0] + found[2]) / 2, (found[1] + found[3]) / 2, font)
                break
    return where


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def extent(rings: Sequence[Ring]) -> float:
    """An area's size for ordering its label: the width plus height of its rings' bounds."""
    xs = [p[0] for ring in rings for p in ring]
    ys = [p[1] for ring in rings for p in ring]
    return (max(xs) - min(xs)) + (max(ys) - min(ys)) if xs else 0.0
