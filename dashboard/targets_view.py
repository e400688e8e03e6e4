"""Progress to the province's targets (exemplars/followups.py): the share of clubs meeting the
standard the director aims at in a fiscal year, for the province and per district, against where
it stands; and, for the director, the form that sets one (the overview's callback).

Targets live in the state store: a page showing them is kept under `stamp` too (served(...,
stamp=targets_view.stamp)), so a new target or action is seen at once, and a new day's page
counts its days left afresh.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from core import formats
from core.texts import _
from dashboard import context
from dashboard.components import district_options, labelled, message
from exemplars import followups
from warehouse import queries

WHERE = "targets-where"
SHARE = "targets-share"
SAVE = "targets-save"
FEEDBACK = "targets-feedback"
PROGRESS = "targets-progress"


def progress_line(lang: str, target: float | None, share: float | None, year: int) -> str | None:
    """'Target FY 2569: 85% · now 71% · 14 points to go' (None without a target)."""
    if target is None:
        return None
    name = formats.fiscal_year(year, lang)
    if share is None:
        return _(lang, "Target {year}: {target}", year=name, target=formats.percent(target, lang))
    if share >= target:
        return _(
            lang,
            "Target {year}: {target} · now {share} · reached",
            year=name,
            target=formats.percent(target, lang),
            share=formats.percent(share, lang),
        )
    return _(
        lang,
        "Target {year}: {target} · now {share} · {gap} points to go",
        year=name,
        target=formats.percent(target, lang),
        share=formats.percent(share, lang),
        gap=formats.number(round(100 * (target - share)), lang),
    )


def stamp(state: dict[str, Any]) -> object:
    """What the province's follow-ups and targets are now, and today's date (days left to a due
    date change with it): part of a kept page's key."""
    province = state["province"] or (state["district"] or "")[:2] or context.scope().province_code
    return (context.now().date().isoformat(), *followups.stamp(context.store(), province))


def progress(province: str, fy: int, lang: str) -> Any:
    """The province's and its districts' targets of the year against their shares now."""
    scope, home = context.scope(), context.home()
    targets = followups.targets(context.store(), home, scope, province)
    mine = targets.filter(pl.col("fiscal_year") == fy) if targets.height else targets
    if mine.is_empty():
        return message(_(lang, "No target set for {year}", year=formats.fiscal_year(fy, lang)))
    whole = queries.province_years(home, scope, province)
    now = whole.filter(pl.col("fiscal_year") == fy) if whole.height else whole
    share = float(now["meets_share"][0]) if now.height else None
    parts: list[Any] = []
    line = progress_line(lang, followups.target_of(targets, fy), share, fy)
    if line:
        parts.append(html.P(html.Strong(line), className="mb-2 target-line"))
    districts = mine.filter(pl.col("district_code") != followups.WHOLE_PROVINCE)
    if districts.height:
        shares = queries.district_year(home, scope, province, fy)
        by_district = (
            dict(zip(shares["district_code"], shares["meets_share"], strict=True))
            if shares.height
            else {}
        )
        rows = [
            html.Tr(
                [
                    html.Th(formats.district_name(r["district_code"], lang), scope="row"),
                    html.Td(formats.percent(r["target"], lang)),
                    html.Td(formats.percent(by_district.get(r["district_code"]), lang)),
                ]
            )
            for r in districts.iter_rows(named=True)
        ]
        head = html.Thead(
            html.Tr(
                [html.Th(_(lang, "District")), html.Th(_(lang, "Target")), html.Th(_(lang, "Now"))]
            )
        )
        parts.append(dbc.Table([head, html.Tbody(rows)], size="sm", className="mb-0"))
    return html.Div(parts)


def form(province: str, lang: str) -> Any:
    """Where (the province or one district), the share in percent, and the button."""
    whole = {"label": formats.province_name(province, lang), "value": "province"}
    options = [whole, *district_options(province, lang)]
    return html.Div(
        [
            dbc.Row(
                [
                    labelled(
                        _(lang, "Target for"),
                        dcc.Dropdown(id=WHERE, options=options, value="province", clearable=False),
                        md=6,
                    ),
                    labelled(
                        _(lang, "Share meeting the standard (%)"),
                        dcc.Input(
                            id=SHARE,
                            type="number",
                            min=0,
                            max=100,
                            step=1,
                            className="form-control",
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dbc.Button(_(lang, "Set the target"), id=SAVE, color="primary", size="sm"),
                        md=3,
                        className="align-self-end",
                    ),
                ],
                className="g-2 mt-2",
            ),
            html.Div(id=FEEDBACK, className="mt-2"),
        ],
        className="no-print",
    )


def province_line(province: str | None, fy: int, lang: str) -> Any:
    """The province's progress to its target of the year in one line (the scorecard's), or None."""
    if province is None:
        return None
    scope, home = context.scope(), context.home()
    targets = followups.targets(context.store(), home, scope, province)
    whole = queries.province_years(home, scope, province)
    now = whole.filter(pl.col("fiscal_year") == fy) if whole.height else whole
    share = float(now["meets_share"][0]) if now.height else None
    line = progress_line(lang, followups.target_of(targets, fy), share, fy)
    return html.P(html.Strong(line), className="mb-2 target-line") if line else None
