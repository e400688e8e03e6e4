"""The club page's follow-up: when the club fails the standard in its latest fiscal year, the support
actions recorded for it (visit, training, mentoring by an exemplar of the expansion plan) and, for
its district's officer and the province's director, a form to record one (exemplars/followups.py
checks who may, on the server). When it met the standard after a followed-up year, it says so.

Read from the state store: the club page is kept under the province's follow-up stamp
(dashboard/targets_view.py `stamp`), so a new action shows at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, dcc, hooks, html
from dash.development.base_component import Component

from core import formats
from core.texts import N_, _
from dashboard import context
from dashboard.components import card, error_message, labelled, message
from exemplars import followups
from exemplars.followups import FollowupError
from warehouse import queries

SECTION = "club-followup"
KIND = "club-followup-kind"
DAY = "club-followup-day"
MENTOR = "club-followup-mentor"
NOTE = "club-followup-note"
SAVE = "club-followup-save"
FEEDBACK = "club-followup-feedback"
LIST = "club-followup-list"
STATE = "club-state"  # the club page's Store
KIND_WORDS = {
    "visit": N_("Visit"),
    "training": N_("Training"),
    "mentoring": N_("Mentoring by an exemplar"),
}
REFUSALS = {
    "bad_kind": N_("Choose what was done"),
    "bad_date": N_("Give the day it was done (not a day still to come)"),
    "note_too_long": N_("The note is too long"),
    "not_allowed": N_("You may not record actions for this club"),
    "unknown_club": N_("No such club, or it is outside what you may see"),
    "meets_standard": N_("The club meets the standard this year: nothing to follow up"),
    "not_a_mentor": N_("Choose an exemplar of the province's expansion plan of this year"),
}


def failing_year(state: dict[str, Any]) -> int | None:
    """The club's latest fiscal year, if it failed the standard then (what a follow-up is for)."""
    years = queries.club_years(context.home(), context.scope(), state["district"], state["club"])
    if years.is_empty():
        return None
    latest = years.row(-1, named=True)
    return None if latest["meets_standard"] else int(latest["fiscal_year"])


def followup_card(state: dict[str, Any]) -> Component:
    """The follow-up card (nothing when the club met the standard and was never followed up)."""
    lang, scope = state["lang"], context.scope()
    year = failing_year(state)
    if year is None:
        return outcome(state)
    body: list[Any] = [html.Div(action_list(state, year), id=LIST)]
    if followups.may_record(scope, state["district"]):
        body.append(form(state, year))
    title = _(lang, "Follow-up · {year}", year=formats.fiscal_year(year, lang))
    return html.Div(card(title, body), id=SECTION, className="mb-3")


def action_list(state: dict[str, Any], year: int) -> Component:
    """The actions recorded for the club in the year, oldest first."""
    lang = state["lang"]
    done = followups.actions(
        context.store(), context.home(), context.scope(), state["district"][:2], year
    )
    mine = done.filter(pl.col("club_id") == state["club"]) if done.height else done
    mine = mine.filter(pl.col("district_code") == state["district"]) if mine.height else mine
    if mine.is_empty():
        return message(_(lang, "No support action recorded yet"), "warning")
    items = []
    for r in mine.iter_rows(named=True):
        mentor = f" · {r['mentor_club']}" if r["mentor_club"] else ""
        items.append(
            html.Li(
                f"{formats.day(date.fromisoformat(r['done_on']), lang)} · "
                f"{_(lang, KIND_WORDS[r['kind']])}{mentor} · {r['note'] or '–'} ({r['username']})"
            )
        )
    return html.Ul(items, className="small mb-2")


def form(state: dict[str, Any], year: int) -> object:
    """Kind, day, mentor (for mentoring), note, and the button."""
    lang = state["lang"]
    exemplars = followups.mentors(context.store(), context.scope(), state["district"][:2], year)
    return html.Div(
        [
            dbc.Row(
                [
                    labelled(
                        _(lang, "What was done"),
                        dcc.Dropdown(
                            id=KIND,
                            options=[
                                {"label": _(lang, w), "value": k} for k, w in KIND_WORDS.items()
                            ],
                            value="visit",
                            clearable=False,
                        ),
                        md=4,
                    ),
                    labelled(
                        _(lang, "Day"),
                        dcc.DatePickerSingle(
                            id=DAY, max_date_allowed=context.now().date().isoformat()
                        ),
                        md=3,
                    ),
                    labelled(
                        _(lang, "Mentor (exemplar of the plan)"),
                        dcc.Dropdown(
                            id=MENTOR,
                            options=[{"label": c, "value": f"{d}/{c}"} for d, c in exemplars],
                            placeholder=_(lang, "Only for mentoring"),
                        ),
                        md=5,
                    ),
                ],
                className="g-2 mb-2",
            ),
            dcc.Textarea(
                id=NOTE,
                className="form-control mb-2",
                placeholder=_(lang, "Note"),
                maxLength=followups.MAX_NOTE,
            ),
            dbc.Button(_(lang, "Record the action"), id=SAVE, color="primary", size="sm"),
            html.Div(id=FEEDBACK, className="mt-2"),
        ]
    )


def outcome(state: dict[str, Any]) -> Component:
    """After a followed-up year: whether the club then met the standard."""
    lang = state["lang"]
    years = queries.club_years(context.home(), context.scope(), state["district"], state["club"])
    if years.height < 2:
        return html.Div()
    latest = years.row(-1, named=True)
    before = int(latest["fiscal_year"]) - 1
    done = followups.outcomes(
        context.store(), context.home(), context.scope(), state["district"][:2], before
    )
    mine = (
        done.filter(
            (pl.col("district_code") == state["district"]) & (pl.col("club_id") == state["club"])
        )
        if done.height
        else done
    )
    if mine.is_empty():
        return html.Div()
    row = mine.row(0, named=True)
    text = _(
        lang,
        "Followed up in {before} ({n} actions): met the standard in {year}",
        before=formats.fiscal_year(before, lang),
        n=row["actions"],
        year=formats.fiscal_year(before + 1, lang),
    )
    return html.Div(message(text, "success"), id=SECTION, className="mb-3")


@hooks.callback(
    Output(FEEDBACK, "children"),
    Output(LIST, "children"),
    Output(NOTE, "value"),
    Input(SAVE, "n_clicks"),
    State(KIND, "value"),
    State(DAY, "date"),
    State(MENTOR, "value"),
    State(NOTE, "value"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update, dash.no_update))
def save(
    clicks: object, kind: object, day: object, mentor: object, note: object, data: object
) -> object:
    """Record the action (the server checks who may, for which club, in which year); say so."""
    scope, home, s = context.state(data)
    if not clicks or not s["district"] or not s["club"]:
        return dash.no_update, dash.no_update, dash.no_update
    lang, today = s["lang"], context.now().date()
    year = failing_year(s)  # from the warehouse, never from the browser
    try:
        done_on = date.fromisoformat(context.text(day) or "")
    except ValueError:
        done_on = None
    chosen = (context.text(mentor) or "").split("/")
    try:
        if year is None:
            raise FollowupError("meets_standard")
        if done_on is None or done_on > today:
            raise FollowupError("bad_date")
        followups.record(
            context.store(),
            home,
            scope,
            s["district"],
            s["club"],
            year,
            str(kind),
            done_on,
            note if isinstance(note, str) else "",
            (chosen[0], chosen[1]) if len(chosen) == 2 else None,
            at=context.now().timestamp(),
            ip=context.ip(),
        )
    except FollowupError as error:
        refusal = _(lang, REFUSALS[error.code])
        return dbc.Alert(refusal, color="warning", className="mb-0"), dash.no_update, dash.no_update
    done = dbc.Alert(_(lang, "Recorded"), color="success", className="mb-0")
    return done, action_list(s, year), ""
