"""Pure figure builders: a polars frame in, a Plotly figure out; an empty frame gives a labelled empty figure.

A figure is the plain dict Dash sends (`{"data": [...], "layout": {...}}`), never a `go.Figure`:
building one copies every trace deeply and checks it against Plotly's schema, and sending it
copies it again, about a quarter of drawing a district page. The tests check every figure
against the schema instead (`go.Figure(figure)`).

Colours are the Okabe-Ito palette, readable by colour-blind people; pass/fail use
bluish green and vermillion with different marks too. Every string that came from a
spreadsheet is escaped before Plotly sees it (Plotly renders some HTML tags in
titles, labels and hovers).
"""

from __future__ import annotations

import html
import math
import unicodedata
from datetime import date
from typing import TYPE_CHECKING, Any

import plotly.io
import polars as pl

from core import formats
from core.texts import N_, _
from dashboard import terms

if TYPE_CHECKING:
    from dash import dcc

BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#999999",
)
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY)
Figure = dict[str, Any]  # {"data": [trace, ...], "layout": {...}}, as Dash sends it
# Plotly's default look, which every figure had as a `go.Figure` (axes, hovers, margins): one
# dict, shared by every figure and never changed.
TEMPLATE = plotly.io.templates["plotly"].to_plotly_json()
FONT = "Sarabun, 'Noto Sans Thai', sans-serif"
# Every graph's options (components.graph): no toolbar over the titles, on phones or desktops.
CONFIG: dcc.Graph.Config = {"displaylogo": False, "responsive": True, "displayModeBar": False}
THRESHOLD = 0.7
# One colour per level wherever a district and its province appear together (bars, lines, maps).
LEVEL_COLOURS = {"district": BLUE, "province": ORANGE}
# A 0-100 score axis ticks at round numbers (an overlaying axis would otherwise align to the other's grid).
SCORE_AXIS = {"range": [0, 105], "tickmode": "array", "tickvals": [0, 20, 40, 60, 80, 100]}
# The legend sits at the bottom of the figure itself, below tick labels and axis titles (never over them).
LEGEND = {
    "orientation": "h",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
    "x": 0,
    "xanchor": "left",
}


def safe(text: object) -> str:
    """Text from a spreadsheet made inert for Plotly titles, labels and hovers."""
    return html.escape("" if text is None else str(text), quote=False)


def _layout_spec(title: str, lang: str, **extra: Any) -> dict[str, Any]:
    """The house layout: title, Sarabun, white background, light grid, legend below."""
    axis = {"gridcolor": "#eceff1", "automargin": True}
    return {
        "template": TEMPLATE,
        "title": {"text": safe(title), "x": 0, "font": {"size": 15}},
        "font": {"family": FONT, "size": 13},
        "margin": extra.pop("margin", {"l": 10, "r": 10, "t": 50, "b": 10}),
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "colorway": list(PALETTE),
        "legend": LEGEND,
        "separators": ".,",
        **extra,
        "xaxis": axis | extra.get("xaxis", {}),
        "yaxis": axis | extra.get("yaxis", {}),
    }


def _figure(traces: list[dict[str, Any]], title: str, lang: str, **layout: Any) -> Figure:
    """One figure from plain trace dicts and the house layout."""
    return {"data": traces, "layout": _layout_spec(title, lang, **layout)}


def empty(title: str, lang: str, note: str | None = None) -> Figure:
    """A figure that says there is nothing to show (or why)."""
    note_spec = {
        "text": safe(note or _(lang, "No data you may see yet")),
        "showarrow": False,
        "font": {"size": 14, "color": "#5b6570"},
        "xref": "paper",
        "yref": "paper",
        "x": 0.5,
        "y": 0.5,
    }
    return _figure(
        [],
        title,
        lang,
        height=260,
        annotations=[note_spec],
        xaxis={"visible": False},
        yaxis={"visible": False},
    )


def failed(title: str = "") -> Figure:
    """What a figure shows when building it failed (logged on the server)."""
    return empty(
        title,
        "th",
        " · ".join(_(lang, "Something went wrong; please try again") for lang in ("th", "en")),
    )


def share_bars(frame: pl.DataFrame, lang: str) -> Figure:
    """Horizontal bars: share of clubs meeting the standard in each area (district or province)."""
    level = (
        N_("Share of clubs meeting the standard, by province")
        if not frame.is_empty() and len(frame["area_code"][0]) == 2
        else N_("Share of clubs meeting the standard, by district")
    )
    title = _(lang, level)
    if frame.is_empty():
        return empty(title, lang)
    frame = frame.sort("meets_share", "area_code", nulls_last=False)
    names = [safe(formats.area_name(c, lang)) for c in frame["area_code"]]
    bars = {
        "type": "bar",
        "x": frame["meets_share"].to_list(),
        "y": names,
        "orientation": "h",
        "marker": {"color": BLUE},
        "customdata": list(
            zip(frame["clubs_meeting_standard"].to_list(), frame["clubs"].to_list(), strict=True)
        ),
        "hovertemplate": "%{y}: %{x:.0%} (%{customdata[0]} / %{customdata[1]})<extra></extra>",
        "name": safe(_(lang, "Meet the standard")),
    }
    return _figure(
        [bars],
        title,
        lang,
        height=max(280, 30 * frame.height + 90),
        showlegend=False,
        xaxis={"tickformat": ".0%", "range": [0, 1]},
    )


def criteria_bars(frame: pl.DataFrame, lang: str) -> Figure:
    """Pass rate of each of the nine criteria, the weakest marked in vermillion."""
    title = _(lang, "Pass rate of each criterion (which fails most)")
    if frame.is_empty():
        return empty(title, lang)
    rates = frame["rate"].to_list()
    lowest = min((r for r in rates if r is not None), default=None)
    bars = {
        "type": "bar",
        "x": rates,
        "y": [safe(terms.criterion(k, lang)) for k in frame["criterion"]],
        "orientation": "h",
        "marker": {
            "color": [VERMILLION if r is not None and r == lowest else GREEN for r in rates]
        },
        "hovertemplate": "%{y}: %{x:.0%}<extra></extra>",
        "name": safe(_(lang, "pass")),
    }
    return _figure(
        [bars],
        title,
        lang,
        height=380,
        showlegend=False,
        xaxis={"tickformat": ".0%", "range": [0, 1]},
        yaxis={"autorange": "reversed"},
    )


def criteria_compare(frame: pl.DataFrame, lang: str, district: str) -> Figure:
    """Pass rate of each criterion in the district against its province."""
    title = _(lang, "Pass rate of each criterion: district against province")
    if frame.is_empty():
        return empty(title, lang)
    labels = [safe(terms.criterion(k, lang)) for k in frame["criterion"]]
    bars = [
        {
            "type": "bar",
            "x": frame[column].to_list(),
            "y": labels,
            "orientation": "h",
            "marker": {"color": colour},
            "name": safe(name),
            "hovertemplate": "%{y}: %{x:.0%}<extra>" + safe(name) + "</extra>",
        }
        for column, name, colour in (
            ("district", formats.district_name(district, lang), LEVEL_COLOURS["district"]),
            ("province", formats.province_name(district[:2], lang), LEVEL_COLOURS["province"]),
        )
    ]
    return _figure(
        bars,
        title,
        lang,
        height=420,
        barmode="group",
        xaxis={"tickformat": ".0%", "range": [0, 1]},
        yaxis={"autorange": "reversed"},
    )


def trend(frame: pl.DataFrame, lang: str, in_progress: int | None = None) -> Figure:
    """Share meeting the standard over fiscal years, one line per series (province or district
    code). The fiscal year `in_progress` (and any later) is left out and said to be: its clubs
    have had part of a year to meet the standard, so its share would read as a collapse."""
    title = _(lang, "Share meeting the standard by fiscal year")
    if frame.is_empty():
        return empty(title, lang)
    note = None
    if (
        in_progress is not None
        and not frame.filter(pl.col("fiscal_year") >= in_progress).is_empty()
    ):
        note = _(
            lang,
            "{year} has not ended: not drawn until it has",
            year=formats.fiscal_year(in_progress, lang),
        )
        frame = frame.filter(pl.col("fiscal_year") < in_progress)
    if frame.is_empty():
        return empty(title, lang, note)
    lines = []
    parts = frame.sort("series", "fiscal_year").partition_by("series", maintain_order=True)
    mixed = (
        len({len(p["series"][0]) for p in parts}) > 1
    )  # a district with its province: colour by level
    for n, part in enumerate(parts):
        code = part["series"][0]
        name = safe(formats.area_name(code, lang))
        colour = (
            LEVEL_COLOURS["district" if len(code) == 4 else "province"]
            if mixed
            else PALETTE[n % len(PALETTE)]
        )
        lines.append(
            {
                "type": "scatter",
                "x": [formats.fiscal_year_short(y, lang) for y in part["fiscal_year"]],
                "y": part["meets_share"].to_list(),
                "mode": "lines+markers",
                "name": name,
                "marker": {
                    "symbol": ("circle", "square", "diamond", "triangle-up")[n % 4],
                    "size": 8,
                },
                "line": {"color": colour},
                "hovertemplate": "%{x}: %{y:.0%}<extra>" + name + "</extra>",
            }
        )
    notes = (
        [{"text": safe(note), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0,
          "y": -0.32, "xanchor": "left", "font": {"size": 12, "color": "#5b6570"}}]
        if note
        else []
    )  # fmt: skip
    return _figure(
        lines,
        title,
        lang,
        height=340,
        yaxis={"tickformat": ".0%", "range": [0, 1.05]},
        xaxis={"title": {"text": safe(_(lang, "Fiscal year"))}, "type": "category"},
        annotations=notes,
        **({"margin": {"l": 10, "r": 10, "t": 50, "b": 70}} if notes else {}),
    )


def criteria_grid(frame: pl.DataFrame, lang: str) -> Figure:
    """Clubs (rows) × the nine criteria (columns), coloured pass / fail."""
    title = _(lang, "Clubs × the nine criteria")
    if frame.is_empty():
        return empty(title, lang)
    keys = list(terms.CRITERIA)
    frame = frame.sort("rank", "club_id")
    z = [[1 if r[k] else 0 for k in keys] for r in frame.iter_rows(named=True)]
    marks = [[_(lang, "pass") if v else _(lang, "fail") for v in row] for row in z]
    rows = list(frame.iter_rows(named=True))
    names = [tick_name(r["club_id"], r["name"], GRID_NAME) for r in rows]
    full = [safe(f"{r['club_id']} {r['name']}") for r in rows]
    cells = {
        "type": "heatmap",
        "z": z,
        "x": [safe(terms.criterion(k, lang)) for k in keys],
        "y": names,
        "text": [[(PASS_MARK if v else FAIL_MARK) for v in row] for row in z],
        "texttemplate": "%{text}",
        "customdata": [
            [[whole, mark] for mark in row] for whole, row in zip(full, marks, strict=True)
        ],
        "colorscale": [[0, VERMILLION], [0.5, VERMILLION], [0.5, GREEN], [1, GREEN]],
        "zmin": 0,
        "zmax": 1,
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": "%{customdata[0]}<br>%{x}: %{customdata[1]}<extra></extra>",
    }
    return _figure(
        [cells],
        title,
        lang,
        height=max(300, 34 * frame.height + 200),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        yaxis={"autorange": "reversed"},
        # Upright: a column is as wide as a line of text, even on a phone; slanted ones overlap.
        xaxis={"side": "top", "tickangle": -90, "tickfont": {"size": 10}},
    )


NAME_CHARACTERS = 20  # of a club's name beside a bar or a row: a phone keeps room for the chart
GRID_NAME = 12  # beside the criteria grid, whose nine columns need the width


def tick_name(club_id: str, name: str | None, limit: int = NAME_CHARACTERS) -> str:
    """A club as an axis names it: its ID, then its name cut to `limit` characters with "…"
    (at a word's end where a space allows, never between a Thai letter and its vowel or tone
    mark); the hover names it in full."""
    text = name or ""
    if len(text) > limit:
        space = text.rfind(" ", limit // 2, limit + 1)  # at a word's end where there is one
        end = space if space > 0 else limit
        while end < len(text) and unicodedata.category(text[end]) == "Mn":
            end += 1
        text = text[:end].rstrip() + "…"
    return safe(f"{club_id} {text}".strip())


PASS_MARK, FAIL_MARK = "✓", "✗"
BAR_DAYS, DAY_MS = 12, 86_400_000  # a meeting's bar: 12 days wide on the date axis


def meeting_timeline(frame: pl.DataFrame, lang: str, threshold: float = THRESHOLD) -> Figure:
    """Each meeting's attendance share against the 70% line (click a bar to open the meeting)."""
    title = _(lang, "Meetings and attendance against the 70% line")
    if frame.is_empty():
        return empty(title, lang)
    share = frame["share"].to_list()
    above = [s is not None and s >= threshold for s in share]
    bars = {
        "type": "bar",
        "x": [d.isoformat() for d in frame["held_on"]],
        "y": share,
        # A date axis makes a bar as thin as the closest two meetings are apart: each is given
        # days of width instead; below the line, white hatching over the vermillion fill.
        "width": [BAR_DAYS * DAY_MS] * frame.height,
        "marker": {
            "color": [GREEN if a else VERMILLION for a in above],
            "line": {"width": 0},
            "pattern": {
                "shape": ["" if a else "/" for a in above],
                "fillmode": "overlay",
                "fgcolor": "#ffffff",
                "solidity": 0.3,
            },
        },
        "customdata": list(
            zip(
                [safe(m) for m in frame["meeting_id"]],
                [safe(terms.kind(k, lang)) for k in frame["kind"]],
                frame["present"].to_list(),
                frame["on_roll"].to_list(),
                [formats.day(d, lang) for d in frame["held_on"]],
                strict=True,
            )
        ),
        "hovertemplate": (
            "%{customdata[4]} · %{customdata[1]}<br>%{y:.0%} "
            "(%{customdata[2]}/%{customdata[3]})<extra>%{customdata[0]}</extra>"
        ),
        "name": safe(_(lang, "Attendance")),
    }
    line = {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": threshold,
        "y1": threshold,
        "line": {"dash": "dash", "color": "#333"},
    }
    label = {
        "text": safe(_(lang, "70% line")),
        "showarrow": False,
        "xref": "x domain",
        "x": 1,
        "xanchor": "right",
        "yref": "y",
        "y": threshold,
        "yanchor": "bottom",
    }
    return _figure(
        [bars],
        title,
        lang,
        height=330,
        showlegend=False,
        shapes=[line],
        annotations=[label],
        yaxis={"tickformat": ".0%", "range": [0, 1.05]},
        xaxis={"type": "date", **month_ticks(frame["held_on"].to_list(), lang)},
    )


def month_ticks(days: list[date], lang: str, most: int = 8) -> dict[str, Any]:
    """A date axis's ticks on the first of months, named 'ม.ค. 2564' (B.E.) in Thai, at most `most` of them."""
    if not days:
        return {}
    first, last = min(days), max(days)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = max(1, math.ceil(months / most))
    ticks = []
    for k in range(0, months, step):
        year, month = divmod(first.month - 1 + k, 12)
        ticks.append(date(first.year + year, month + 1, 1))
    return {
        "tickmode": "array",
        "tickvals": [d.isoformat() for d in ticks],
        "ticktext": [formats.month_year(d, lang) for d in ticks],
    }


def activities_by_kind(frame: pl.DataFrame, lang: str) -> Figure:
    """Activities per kind and fiscal year, stacked."""
    title = _(lang, "Activities by kind and fiscal year")
    if frame.is_empty():
        return empty(title, lang)
    counts = frame.group_by("fiscal_year", "kind").len().sort("kind", "fiscal_year")
    bars = [
        {
            "type": "bar",
            "x": [formats.fiscal_year_short(y, lang) for y in part["fiscal_year"]],
            "y": part["len"].to_list(),
            "name": safe(terms.kind(part["kind"][0], lang)),
            "marker": {"color": PALETTE[n % len(PALETTE)]},
        }
        for n, part in enumerate(counts.partition_by("kind", maintain_order=True))
    ]
    return _figure(
        bars,
        title,
        lang,
        height=330,
        barmode="stack",
        xaxis={"type": "category", "title": {"text": safe(_(lang, "Fiscal year"))}},
    )


def activities_by_partner(frame: pl.DataFrame, lang: str) -> Figure:
    """Activities with each partner organisation (names escaped)."""
    title = _(lang, "Activities with partners")
    partners = frame.filter(pl.col("partner_org").is_not_null()) if not frame.is_empty() else frame
    if partners.is_empty():
        return empty(title, lang)
    counts = partners.group_by("partner_org").len().sort("len", "partner_org")
    bars = {
        "type": "bar",
        "x": counts["len"].to_list(),
        "y": [safe(p) for p in counts["partner_org"]],
        "orientation": "h",
        "marker": {"color": SKY},
        "hovertemplate": "%{y}: %{x}<extra></extra>",
        "name": safe(_(lang, "Activities")),
    }
    return _figure([bars], title, lang, height=max(260, 30 * counts.height + 100), showlegend=False)


def club_history(frame: pl.DataFrame, lang: str) -> Figure:
    """The club's members on the roll (bars) and score (line) per fiscal year."""
    title = _(lang, "Members and score by fiscal year")
    if frame.is_empty():
        return empty(title, lang)
    years = [formats.fiscal_year_short(y, lang) for y in frame["fiscal_year"]]
    traces = [
        {
            "type": "bar",
            "x": years,
            "y": frame["members_end"].to_list(),
            "name": safe(_(lang, "Members")),
            "marker": {"color": SKY},
        },
        {
            "type": "scatter",
            "x": years,
            "y": frame["score"].to_list(),
            "name": safe(_(lang, "Score")),
            "yaxis": "y2",
            "mode": "lines+markers",
            "line": {"color": ORANGE},
            "hovertemplate": "%{x}: %{y:.0f}<extra></extra>",
        },
    ]
    return _figure(
        traces,
        title,
        lang,
        height=320,
        xaxis={"type": "category"},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "automargin": True,
            "title": {"text": safe(_(lang, "Score"))},
            **SCORE_AXIS,
        },
    )


def compare_lines(
    frame: pl.DataFrame, lang: str, column: str, heading: str, share: bool = False
) -> Figure:
    """One line per compared club over fiscal years (score or attendance)."""
    title = _(lang, heading)
    if frame.is_empty():
        return empty(title, lang)
    lines = []
    for n, part in enumerate(
        frame.sort("district_code", "club_id", "fiscal_year").partition_by(
            "district_code", "club_id", maintain_order=True
        )
    ):
        name = safe(f"{part['club_id'][0]} {part['name'][0]}")
        lines.append(
            {
                "type": "scatter",
                "x": [formats.fiscal_year_short(y, lang) for y in part["fiscal_year"]],
                "y": part[column].to_list(),
                "mode": "lines+markers",
                "name": name,
                "line": {"color": PALETTE[n % len(PALETTE)]},
                "marker": {
                    "symbol": ("circle", "square", "diamond", "triangle-up")[n % 4],
                    "size": 8,
                },
                "hovertemplate": "%{x}: %{y"
                + (":.0%" if share else ":.0f")
                + "}<extra>"
                + name
                + "</extra>",
            }
        )
    return _figure(
        lines,
        title,
        lang,
        height=340,
        xaxis={"type": "category", "title": {"text": safe(_(lang, "Fiscal year"))}},
        yaxis={"tickformat": ".0%", "range": [0, 1.05]} if share else SCORE_AXIS,
    )


def exemplar_parts(frame: pl.DataFrame, lang: str, shown: int = 15) -> Figure:
    """Candidates' exemplar scores as stacked bars, a segment per part (its points), best on top.

    The parts are the frame's `{part}_points` columns, in order, with `{part}_part` and `{part}_weight`.
    """
    title = _(lang, "Exemplar score split into its parts")
    if frame.is_empty():
        return empty(title, lang)
    top = frame.head(shown)
    parts = [c.removesuffix("_points") for c in frame.columns if c.endswith("_points")]
    labels = [tick_name(club, name) for name, club in zip(top["name"], top["club_id"], strict=True)]
    full = [
        safe(f"{name} ({club})") for name, club in zip(top["name"], top["club_id"], strict=True)
    ]
    bars = []
    for n, part in enumerate(parts):
        name = safe(_(lang, terms.SCORE_PARTS[part]))
        values = zip(
            top[f"{part}_part"].to_list(), top[f"{part}_weight"].to_list(), full, strict=True
        )
        bars.append(
            {
                "type": "bar",
                "x": top[f"{part}_points"].to_list(),
                "y": labels,
                "orientation": "h",
                "name": name,
                "marker": {"color": PALETTE[n % len(PALETTE)]},
                "customdata": list(values),
                "hovertemplate": "%{customdata[2]}<br>"
                + name
                + ": %{x:.1f} (%{customdata[0]:.0%} × %{customdata[1]:.2f})<extra></extra>",
            }
        )
    return _figure(
        bars,
        title,
        lang,
        height=max(300, 28 * top.height + 160),
        barmode="stack",
        legend=LEGEND | {"traceorder": "normal"},
        xaxis=SCORE_AXIS | {"range": [0, 100]},
        yaxis={"autorange": "reversed"},
    )
