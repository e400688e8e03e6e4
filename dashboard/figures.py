"""Pure figure builders: a polars frame in, a Plotly figure out; empty frame -> labelled empty figure.

Colours are the Okabe-Ito palette, readable by colour-blind people. Any text that
came from a spreadsheet is escaped before Plotly sees it (Plotly renders some HTML
tags in labels and hovers).
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import polars as pl

from dashboard import i18n

BLUE, ORANGE, GREEN, VERMILLION, SKY, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#999999"
FONT = "Sarabun, 'Noto Sans Thai', sans-serif"


def safe(text: object) -> str:
    """Text from a spreadsheet made inert for Plotly labels and hovers."""
    return html.escape("" if text is None else str(text))


def _layout(figure: go.Figure, title: str, **extra: object) -> go.Figure:
    figure.update_layout(
        title={"text": safe(title), "x": 0, "font": {"size": 16}},
        font={"family": FONT},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.2},
        **extra,
    )
    return figure


def empty(title: str, lang: str) -> go.Figure:
    """A figure that says there is nothing to show."""
    figure = _layout(go.Figure(), title)
    figure.add_annotation(text=safe(i18n.t("no_data", lang)), showarrow=False, font={"size": 14, "color": GREY})
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


def share_by_district(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars: share of clubs meeting the standard in each district."""
    title = i18n.t("by_district", lang)
    if frame.is_empty():
        return empty(title, lang)
    frame = frame.sort("meets_share")
    names = [safe(i18n.district_name(c, lang)) for c in frame["district_code"]]
    figure = go.Figure(
        go.Bar(
            x=frame["meets_share"].to_list(),
            y=names,
            orientation="h",
            marker_color=BLUE,
            customdata=list(zip(frame["clubs"].to_list(), frame["clubs_meeting_standard"].to_list(), strict=True)),
            hovertemplate="%{y}: %{x:.0%} (%{customdata[1]} / %{customdata[0]})<extra></extra>",
            name=safe(i18n.t("meets_share", lang)),
        )
    )
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    return _layout(figure, title, height=max(300, 28 * frame.height + 80))


def criteria_rates(row: dict[str, float | None], lang: str, compare: dict[str, float | None] | None = None, names: tuple[str, str] = ("", "")) -> go.Figure:
    """Pass rate of each of the nine criteria (optionally against another scope)."""
    title = i18n.t("by_criterion", lang)
    if not row:
        return empty(title, lang)
    keys = list(i18n.CRITERIA)
    labels = [safe(i18n.criterion(k, lang)) for k in keys]
    figure = go.Figure(
        go.Bar(x=[row.get(f"{k}_rate") for k in keys], y=labels, orientation="h", marker_color=GREEN, name=safe(names[0]) or None,
               hovertemplate="%{y}: %{x:.0%}<extra></extra>")
    )
    if compare:
        figure.add_trace(go.Bar(x=[compare.get(f"{k}_rate") for k in keys], y=labels, orientation="h", marker_color=GREY,
                                name=safe(names[1]), hovertemplate="%{y}: %{x:.0%}<extra></extra>"))
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title, height=380, barmode="group", showlegend=bool(compare))


def trend(frame: pl.DataFrame, lang: str, by: str | None = None) -> go.Figure:
    """Share meeting the standard over fiscal years (one line per `by` value)."""
    title = i18n.t("trend", lang)
    if frame.is_empty():
        return empty(title, lang)
    figure = go.Figure()
    palette = [BLUE, ORANGE, GREEN, VERMILLION, SKY, "#CC79A7", "#F0E442", GREY]
    groups = frame.partition_by(by, maintain_order=True) if by else [frame]
    for n, part in enumerate(groups):
        name = i18n.province_name(part[by][0], lang) if by else i18n.t("meets_share", lang)
        figure.add_trace(
            go.Scatter(
                x=[str(y) for y in part["fiscal_year"]],
                y=part["meets_share"].to_list(),
                mode="lines+markers",
                name=safe(name),
                line={"color": palette[n % len(palette)]},
                hovertemplate="%{x}: %{y:.0%}<extra>" + safe(name) + "</extra>",
            )
        )
    figure.update_yaxes(tickformat=".0%", range=[0, 1])
    figure.update_xaxes(title=safe(i18n.t("fiscal_year", lang)), type="category")
    return _layout(figure, title, height=340, showlegend=by is not None)


def meeting_timeline(frame: pl.DataFrame, lang: str, threshold: float = 0.7) -> go.Figure:
    """Each meeting's attendance share against the threshold line."""
    title = i18n.t("meeting_timeline", lang)
    if frame.is_empty():
        return empty(title, lang)
    share = (frame["present"] / frame["on_roll"]).fill_nan(None).to_list()
    colours = [GREEN if s is not None and s >= threshold else VERMILLION for s in share]
    figure = go.Figure(
        go.Bar(
            x=frame["held_on"].to_list(),
            y=share,
            marker_color=colours,
            customdata=list(zip(frame["meeting_id"].map_elements(safe, return_dtype=pl.String).to_list(), frame["present"].to_list(), frame["on_roll"].to_list(), strict=True)),
            hovertemplate="%{customdata[0]} %{x|%d/%m/%Y}: %{y:.0%} (%{customdata[1]}/%{customdata[2]})<extra></extra>",
            name=safe(i18n.t("attendance", lang)),
        )
    )
    figure.add_hline(y=threshold, line_dash="dash", line_color=GREY, annotation_text="70%")
    figure.update_yaxes(tickformat=".0%", range=[0, 1.05])
    return _layout(figure, title, height=320)


def activities_by_kind(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Activities per kind and fiscal year."""
    title = i18n.t("activities", lang)
    if frame.is_empty():
        return empty(title, lang)
    counts = frame.group_by("fiscal_year", "kind").len().sort("fiscal_year")
    figure = go.Figure()
    palette = [BLUE, ORANGE, GREEN, VERMILLION, SKY, GREY]
    for n, part in enumerate(counts.partition_by("kind", maintain_order=True)):
        figure.add_trace(go.Bar(x=[str(y) for y in part["fiscal_year"]], y=part["len"].to_list(), name=safe(i18n.kind_label(part["kind"][0], lang)), marker_color=palette[n % len(palette)]))
    figure.update_xaxes(type="category", title=safe(i18n.t("fiscal_year", lang)))
    return _layout(figure, title, height=320, barmode="stack")
