"""Area maps: districts (or, nationally, provinces) coloured by a share in classes, or by its change
from last year, with the district names on the map; and plain outlines to draw points over."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from core import formats
from core.texts import _, ngettext
from dashboard.figures import Figure, safe
from dashboard.maps.base import (
    HIGHLIGHT,
    NO_DATA,
    OUTLINE,
    PLAIN,
    area,
    extent,
    finish,
    label_point,
    map_title,
    measure_label,
    new_figure,
    no_boundaries,
    place_labels,
)
from dashboard.maps.legend import add_legend, change_classes, ink, share_classes

if TYPE_CHECKING:
    from warehouse.geo import Areas


def area_map(
    areas: Areas, values: pl.DataFrame, measure: str, lang: str, before: pl.DataFrame | None = None
) -> Figure:
    """Areas coloured by a 0-1 share in classes (`values`: area_code, clubs, clubs_meeting_standard, ...);
    with `before` (the same of the year before), by the change from that year in fixed steps."""
    measure = (
        measure if isinstance(measure, str) and measure in _measures(values) else "meets_share"
    )
    label = measure_label(measure, lang)
    title = map_title(areas.level, measure, lang)
    if before is not None:
        title = _(lang, "{measure}: change from last year (percentage points)", measure=label)
    if not areas:
        return no_boundaries(title, lang, areas.level)
    rows = (
        {r["area_code"]: r for r in values.iter_rows(named=True)} if not values.is_empty() else {}
    )
    shares = {code: row[measure] for code, row in rows.items() if row.get(measure) is not None}
    if before is not None:
        prior = (
            {r["area_code"]: r.get(measure) for r in before.iter_rows(named=True)}
            if not before.is_empty()
            else {}
        )
        shown = {
            code: share - prior[code]
            for code, share in shares.items()
            if prior.get(code) is not None
        }
    else:
        shown = shares
    classes = (
        (change_classes(lang) if before is not None else share_classes(list(shown.values()), lang))
        if shown
        else None
    )
    traces, fills = [], {}
    for code, rings in areas.shapes.items():
        name = formats.area_name(code, lang)
        value = shown.get(code)
        if value is None or classes is None:
            note = (
                _(lang, "No data for the year before")
                if before is not None and code in shares
                else _(lang, "No data")
            )
            traces.append(
                area(rings, name, f"<b>{safe(name)}</b><br>{safe(note)}", pattern=NO_DATA)
            )
            continue
        row = rows[code]
        now = f"{safe(label)}: {formats.percent(shares[code], lang)}"
        change = (
            f"<br>{safe(_(lang, 'Change from last year'))}: {formats.points(value, lang)}"
            if before is not None
            else ""
        )
        text = f"<b>{safe(name)}</b><br>{now}{change}<br>{safe(_counts(row, measure, lang))}"
        fills[code] = classes.colour(value)
        traces.append(area(rings, name, text, fill=fills[code], code=code))
    figure = new_figure(traces)
    missing = len(shown) < len(areas.shapes)
    if classes is not None:
        legend_title = _(lang, "Change from last year") if before is not None else label
        add_legend(figure, classes, legend_title, _(lang, "No data") if missing else None)
    if areas.level == "district":
        add_names(figure, areas, lang, fills)
    return finish(figure, areas, title, lang)


def outline_map(areas: Areas, lang: str, title: str, highlight: str | None = None) -> Figure:
    """Areas drawn plainly (the highlighted one tinted), each naming itself on hover and click."""
    if not areas:
        return no_boundaries(title, lang, areas.level)
    traces = []
    for code, rings in areas.shapes.items():
        name = formats.area_name(code, lang)
        fill = HIGHLIGHT if code == highlight else PLAIN
        traces.append(area(rings, name, f"<b>{safe(name)}</b>", fill=fill, code=code, edge=OUTLINE))
    figure = new_figure(traces)
    if areas.level == "district":
        add_names(figure, areas, lang)
    return finish(figure, areas, title, lang)


def add_names(
    figure: Figure, areas: Areas, lang: str, fills: dict[str, str] | None = None
) -> Figure:
    """Each district's name near its centre, placed so no two overlap (maps.base.place_labels)
    and drawn past the map's edge rather than cut; light on dark fills; hover and clicks pass
    through. A name that fits nowhere is left to the area's hover."""
    codes = list(areas.shapes)
    names = [formats.area_name(code, lang) for code in codes]
    where = place_labels(
        [label_point(areas.shapes[c]) for c in codes],
        names,
        [extent(areas.shapes[c]) for c in codes],
    )
    shown = [(code, name, at) for code, name, at in zip(codes, names, where, strict=True) if at]
    figure["data"].append(
        {
            "type": "scatter",
            "x": [at[0] for _c, _n, at in shown],
            "y": [at[1] for _c, _n, at in shown],
            "mode": "text",
            "text": [safe(name) for _c, name, _at in shown],
            "textfont": {
                "size": [at[2] for _c, _n, at in shown],
                "color": [ink((fills or {}).get(code, PLAIN)) for code, _n, _at in shown],
            },
            "cliponaxis": False,
            "hoverinfo": "skip",
            "showlegend": False,
            "name": "",
        }
    )
    return figure


def _measures(values: pl.DataFrame) -> set[str]:
    return {c for c in values.columns if c == "meets_share" or c.endswith("_rate")}


def _counts(row: dict[str, object], measure: str, lang: str) -> str:
    if measure == "meets_share":
        return _(
            lang,
            "{meeting} of {clubs} clubs meet it",
            meeting=row["clubs_meeting_standard"],
            clubs=row["clubs"],
        )
    return ngettext(lang, "of {clubs} club", "of {clubs} clubs", row["clubs"], clubs=row["clubs"])
