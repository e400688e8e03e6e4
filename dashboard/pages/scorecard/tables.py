"""The scorecard as a person reads it: a table of areas × the share meeting the standard and the nine
criteria, each cell a pass rate with its traffic light (a shape and a colour) and the change from the
year before as an arrow with its number; and the same as a workbook.

Lights and arrows carry text as well as colour (● ◐ ○, ▲ ▼), so they read in black and white
and for colour-blind readers.
"""

from __future__ import annotations

from typing import Any, cast

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component, ComponentType

from core import formats
from core.texts import _
from dashboard import exports, province_picker, sign_off, terms
from dashboard.components import aria, href, message
from warehouse import queries

SHAPES = {"green": "●", "amber": "◐", "red": "○"}
MEASURES = (
    queries.SCORECARD_MEASURES
)  # the share meeting the standard, then the nine criteria's rates
SORTS = frozenset({"area", "clubs", "rank", *MEASURES, *(f"{m}_change" for m in MEASURES)})
STEADY = 0.0005  # a change below 0.05 points shows as none


def label(measure: str, lang: str) -> str:
    """A measure's column header: the share meeting the standard, or a criterion."""
    return (
        _(lang, "Meet the standard")
        if measure == "meets_share"
        else terms.criterion(measure.removesuffix("_rate"), lang)
    )


def sort_of(value: object) -> tuple[str, bool]:
    """(column, descending) from the URL's sort ('-meets_share' = highest first); unknown: by rank."""
    text = value if isinstance(value, str) else ""
    column = text.lstrip("-")
    return (column, text.startswith("-")) if column in SORTS else ("rank", False)


def sorted_rows(frame: pl.DataFrame, sort: str | None, lang: str) -> pl.DataFrame:
    """The areas in the order asked for (nulls last, then by area code)."""
    column, descending = sort_of(sort)
    if column == "area":
        names = [formats.area_name(c, lang) for c in frame["area_code"]]
        frame = frame.with_columns(pl.Series("area", names))
    return frame.sort([column, "area_code"], descending=[descending, False], nulls_last=True)


def arrow(change: float | None, lang: str) -> str:
    """'▲ 3.2', '▼ 1.5' or '= 0.0' in points; '–' without a year before."""
    if change is None:
        return "–"
    points = f"{abs(100 * change):.1f}"
    if abs(change) < STEADY:
        return f"= {points}"
    return f"{'▲' if change > 0 else '▼'} {points}"


def cell(
    value: float | None, change: float | None, lights: dict[str, object], lang: str
) -> html.Td:
    """One rate: its light as shape and colour, the percentage, and the change as an arrow."""
    level = _level(value, lights)
    shown = formats.percent(value, lang)
    moved = arrow(change, lang)
    trend = "up" if moved.startswith("▲") else "down" if moved.startswith("▼") else "flat"
    title = (
        f"{_(lang, terms.LIGHTS[level]) if level else ''} · {_(lang, 'vs year before')} {moved} "
        f"{_(lang, 'pts')}"
    )
    return html.Td(
        [
            html.Span(SHAPES.get(level or "", ""), className="sc-shape", **aria("hidden", "true")),
            html.Span(shown, className="sc-rate"),
            html.Span(moved, className=f"sc-change sc-{trend}"),
        ],
        className=f"sc-cell sc-{level or 'none'}",
        title=title,
    )


def _level(value: float | None, lights: dict[str, object]) -> str | None:
    return queries.light(value, float(lights["green"]), float(lights["amber"]))  # type: ignore[arg-type]


def table(
    frame: pl.DataFrame,
    whole: pl.DataFrame,
    state: dict[str, object],
    lights: dict[str, object],
    national: bool,
    tallies: dict[str, tuple[int, int]] | None = None,
    only: bool = False,
) -> Component:
    """The scorecard table: sortable headers (links), each area linking to its page, the whole at
    the foot; a row whose districts are not all approved (`tallies`) marked with its sign-off
    (`only`: the figures shown are of approved districts alone)."""
    lang = str(state["lang"])
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    rows = sorted_rows(frame, state.get("sort"), lang)  # type: ignore[arg-type]
    column, descending = sort_of(state.get("sort"))

    def header(key: str, text: str) -> html.Th:
        # The first click sorts best first (highest); a second click on the same column reverses it.
        first = "" if key in ("area", "rank") else "-"
        wanted = ("" if descending else "-") if key == column else first
        mark = (" ▼" if descending else " ▲") if key == column else ""
        link = dcc.Link(
            [text, html.Span(mark, className="sort-mark no-print")] if mark else text,
            href=href(
                "/scorecard",
                lang,
                province=state.get("province"),
                fy=state.get("fy"),
                sort=f"{wanted}{key}",
                provisional=1 if state.get("provisional") else None,
            ),
        )
        return html.Th(
            link,
            scope="col",
            **(aria("sort", "descending" if descending else "ascending") if key == column else {}),
        )

    head = html.Thead(
        html.Tr(
            [
                header("rank", _(lang, "Rank")),
                header("area", _(lang, "Province") if national else _(lang, "District")),
                header("clubs", _(lang, "Clubs")),
                *(header(m, label(m, lang)) for m in MEASURES),
            ]
        )
    )
    marks = _marks(tallies or {}, lang, only)
    body = [
        _row(r, state, lights, national, mark=marks.get(str(r["area_code"])))
        for r in rows.iter_rows(named=True)
    ]
    foot = [
        _row(r | {"rank": None}, state, lights, national, whole=True, mark=marks.get(WHOLE))
        for r in whole.iter_rows(named=True)
    ]
    return dbc.Table(
        [head, html.Tbody(body), html.Tfoot(foot)],
        bordered=True,
        size="sm",
        responsive=True,
        className="scorecard mb-0",
    )


def _row(
    row: dict[str, object],
    state: dict[str, object],
    lights: dict[str, object],
    national: bool,
    whole: bool = False,
    mark: str | None = None,
) -> html.Tr:
    lang, code = str(state["lang"]), str(row["area_code"])
    if whole:
        name: ComponentType = (
            province_picker.whole_country(lang) if national else _(lang, "Whole province")
        )
    elif national:
        name = dcc.Link(
            formats.province_name(code, lang),
            href=href(
                "/scorecard",
                lang,
                province=code,
                fy=state.get("fy"),
                provisional=1 if state.get("provisional") else None,
            ),
        )
    else:
        name = dcc.Link(
            formats.district_name(code, lang),
            href=href("/district", lang, district=code, fy=state.get("fy")),
        )
    rate_cells = [cell(row.get(m), row.get(f"{m}_change"), lights, lang) for m in MEASURES]  # type: ignore[arg-type]
    rank = "" if row.get("rank") is None else str(row["rank"])
    return html.Tr(
        [
            html.Td(rank),
            html.Th(_marked(name, mark) if mark else name, scope="row"),
            html.Td(formats.number(cast(int | None, row.get("clubs")), lang)),
            *rate_cells,
        ],
        className="sc-whole" if whole else None,
    )


WHOLE = ""  # the whole province's (or country's) row among the tallies


def tallies(
    frame: pl.DataFrame,
    counts: dict[str, tuple[int, int]],
    approved: frozenset[tuple[str, int]],
    fiscal_year: int,
    national: bool,
) -> dict[str, tuple[int, int]]:
    """Per area shown, and for the whole (WHOLE): (districts approved, districts with data) of
    the year; `counts` per province (queries.scorecard_approved_counts)."""
    found: dict[str, tuple[int, int]] = {
        WHOLE: (sum(a for a, _t in counts.values()), sum(t for _a, t in counts.values()))
    }
    for code in frame["area_code"].to_list() if "area_code" in frame.columns else []:
        area = str(code)
        found[area] = (
            counts.get(area, (0, 0)) if national else (int((area, fiscal_year) in approved), 1)
        )
    return found


def _marks(tallies: dict[str, tuple[int, int]], lang: str, only: bool) -> dict[str, str]:
    """The rows marked on the page: those whose districts are not all approved."""
    return {
        area: sign_off.mark(done, total, lang, only=only)
        for area, (done, total) in tallies.items()
        if done < total
    }


def _marked(name: ComponentType, mark: str) -> list[Any]:
    """An area's name with its sign-off (its figures not all approved)."""
    return [name, html.Small(f" · {mark}", className="sc-provisional")]


def legend(lights: dict[str, object], lang: str) -> html.Div:
    """What the shapes, colours and arrows mean, with the thresholds and their version."""
    green, amber = float(lights["green"]), float(lights["amber"])  # type: ignore[arg-type]
    parts = [
        html.Span(
            [
                html.Span(SHAPES["green"], className="sc-shape"),
                _(lang, "Good"),
                f" ≥ {100 * green:.0f}%",
            ],
            className="sc-green sc-key",
        ),
        html.Span(
            [
                html.Span(SHAPES["amber"], className="sc-shape"),
                _(lang, "Fair"),
                f" {100 * amber:.0f}–{100 * green:.0f}%",
            ],
            className="sc-amber sc-key",
        ),
        html.Span(
            [
                html.Span(SHAPES["red"], className="sc-shape"),
                _(lang, "Needs attention"),
                f" < {100 * amber:.0f}%",
            ],
            className="sc-red sc-key",
        ),
        html.Span(_(lang, "▲ ▼ change from the year before (points)"), className="sc-key"),
        html.Span(
            _(lang, "Thresholds from the rules file, version {version}", version=lights["version"]),
            className="sc-key text-muted no-print",  # for whoever keeps the rules, not on paper
        ),
    ]
    return html.Div(parts, className="sc-legend small mb-2")


def columns(lang: str, national: bool) -> list[dict[str, str]]:
    """Workbook columns: rank, area, clubs, then each measure's rate (%) and its change (points)."""
    cols = [
        {"field": "rank", "headerName": _(lang, "Rank")},
        {"field": "area", "headerName": _(lang, "Province") if national else _(lang, "District")},
        {"field": "clubs", "headerName": _(lang, "Clubs")},
        {"field": "sign_off", "headerName": _(lang, "Sign-off")},
    ]
    for m in MEASURES:
        cols.append({"field": m, "headerName": label(m, lang), "format": "percent"})
        cols.append({"field": f"{m}_light", "headerName": f"{label(m, lang)} · {_(lang, 'Level')}"})
        cols.append(
            {
                "field": f"{m}_change",
                "headerName": f"{label(m, lang)} · {_(lang, 'Change (points)')}",
                "format": "points",
            }
        )
    return cols


def rows(
    frame: pl.DataFrame,
    whole: pl.DataFrame,
    lights: dict[str, object],
    lang: str,
    national: bool,
    tallies: dict[str, tuple[int, int]] | None = None,
    only: bool = False,
) -> list[dict[str, object]]:
    """Workbook rows in the page's order: rates as numbers 0-1, changes in points, lights in
    words, each row's sign-off ("Approved", "Provisional", how many districts are approved)."""
    out: list[dict[str, object]] = []
    for row, is_whole in [
        *((r, False) for r in frame.iter_rows(named=True)),
        *((r, True) for r in whole.iter_rows(named=True)),
    ]:
        code = str(row["area_code"])
        area = (
            (province_picker.whole_country(lang) if national else _(lang, "Whole province"))
            if is_whole
            else formats.area_name(code, lang)
        )
        cells: dict[str, object] = {
            "rank": None if is_whole else row.get("rank"),
            "area": area,
            "clubs": row.get("clubs"),
            "sign_off": _sign_off(tallies, WHOLE if is_whole else code, lang, only),
        }
        for m in MEASURES:
            level = _level(row.get(m), lights)
            change = row.get(f"{m}_change")
            cells |= {
                m: row.get(m),
                f"{m}_light": _(lang, terms.LIGHTS[level]) if level else None,
                f"{m}_change": None if change is None else round(100 * float(change), 1),
            }
        out.append(cells)
    return out


def _sign_off(
    tallies: dict[str, tuple[int, int]] | None, area: str, lang: str, only: bool
) -> str | None:
    found = (tallies or {}).get(area)
    return None if found is None or found[1] == 0 else sign_off.mark(*found, lang, only=only)


def workbook(
    frame: pl.DataFrame,
    whole: pl.DataFrame,
    state: dict[str, object],
    lights: dict[str, object],
    national: bool,
    title: exports.Title | None = None,
    tallies: dict[str, tuple[int, int]] | None = None,
    only: bool = False,
) -> bytes:
    """The scorecard as an .xlsx (text cells escaped as exports.workbook does), each row with
    its sign-off."""
    lang = str(state["lang"])
    ordered = sorted_rows(frame, state.get("sort"), lang)  # type: ignore[arg-type]
    return exports.workbook(
        rows(ordered, whole, lights, lang, national, tallies, only),
        columns(lang, national),
        _(lang, "Scorecard"),
        title,
        lang,
    )
