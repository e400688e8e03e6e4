"""Club: profile, criteria by fiscal year, meetings against the 70% line, activities, the roll,
and for those allowed the records behind every figure and the member list (audited).

The layout draws every section itself (one answer of the pages router, the URL's meeting
included), except the member list: personal data, drawn (and audited) only when its fold
is opened. The other callback is a click on the timeline, which puts a meeting in the URL."""

from __future__ import annotations

import html as html_text
from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import N_, _, pgettext
from dashboard import cache, context, figures, sign_off, targets_view, terms
from dashboard.components import (
    breadcrumbs,
    card,
    choose_club,
    error_message,
    folded,
    graph,
    href,
    message,
    section,
    table,
)
from dashboard.pages import served
from dashboard.pages.club import followup
from dashboard.urls import LOCATION, with_params
from warehouse import queries

HEAD = "club-head"
CRITERIA = "club-criteria"
HISTORY = "club-history"
TIMELINE = "club-timeline"
MEETINGS = "club-meetings"
MEETING = "club-meeting"
KINDS = "club-kinds"
PARTNERS = "club-partners"
ACTIVITIES = "club-activities"
GOVERNANCE = "club-governance"
MEMBERS = "club-members"
MEMBERS_FOLD = "club-members-list"
STATE = "club-state"


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """Everything about one club that this user may see."""
    state = context.view(query)
    lang, scope = state["lang"], context.scope()
    if not state["district"] and not state["club"]:
        return choose_club(lang)
    if (
        not state["district"]
        or not state["club"]
        or queries.club_profile(context.home(), scope, state["district"], state["club"]).is_empty()
    ):
        return message(
            _(lang, "No such club, or it is outside what you may see")
        )  # one message, not a page of empty cards
    may_read = scope.may_read_records(state["district"])
    return html.Div(
        [
            dcc.Store(id=STATE, data=state),
            section(HEAD, show_head(state)),
            show_mark(state),
            card(_(lang, "Criteria by fiscal year"), section(CRITERIA, show_criteria(state))),
            followup.followup_card(state),
            card("", graph(HISTORY, figure=show_history(state))),
            *(
                records(state)
                if may_read
                else [
                    message(
                        _(
                            lang,
                            "Records are visible to the province's director and the "
                            "club's own district officer only",
                        )
                    )
                ]
            ),
        ]
    )


def records(state: dict[str, Any]) -> list[object]:
    """The records behind the figures, drawn with the page (only for those who may read them: the
    meeting's attendance and the member list are audited as they are drawn)."""
    lang = state["lang"]
    return [
        dbc.Row(
            [
                dbc.Col(card("", graph(TIMELINE, figure=show_timeline(state))), lg=7),
                dbc.Col(
                    card(
                        _(lang, "Meetings"),
                        html.Div(section(MEETINGS, show_meetings(state)), className="scroll-box"),
                    ),
                    lg=5,
                ),
            ],
            className="g-3",
        ),
        # personal (an attendance list): only drawn, and the page then not kept, when one is chosen
        html.Div(
            section(MEETING, show_meeting(state) if state["meeting"] else None),
            id="club-meeting-anchor",
        ),
        dbc.Row(
            [
                dbc.Col(card("", graph(KINDS, figure=show_kinds(state))), lg=6),
                dbc.Col(card("", graph(PARTNERS, figure=show_partners(state))), lg=6),
            ],
            className="g-3 mb-3",
        ),
        # The records behind the figures: long lists, folded until opened.
        folded(
            _(lang, "Activities"),
            section(ACTIVITIES, show_activities(state)),
            "club-activities-list",
        ),
        folded(
            _(lang, "Governance documents"),
            section(GOVERNANCE, show_governance(state)),
            "club-governance-list",
        ),
        folded(pgettext(lang, "list", "Members"), section(MEMBERS), MEMBERS_FOLD),
    ]


@context.guarded(error_message)
@cache.cached("club.head")
def show_head(data: object) -> object:
    """Breadcrumbs province -> district -> club, and the club's profile."""
    scope, home, s = context.state(data)
    return profile(
        queries.club_profile(home, scope, s["district"], s["club"]),
        s["lang"],
        scope.role == "national",
    )


def profile(frame: pl.DataFrame, lang: str, national: bool) -> object:
    """The club's name, id, network type, district and founding, with breadcrumbs."""
    if frame.is_empty():
        return message(_(lang, "No such club in your scope"))
    info = frame.row(0, named=True)
    district, province = info["district_code"], info["province_code"]
    facts = [
        info["club_id"],
        terms.network(info["network_type"], lang),
        formats.subdistrict_name(info["subdistrict_code"], lang),
        f"{_(lang, 'Founded')} {formats.day(info['founded_on'], lang)}",
    ]
    return html.Div(
        [
            breadcrumbs(
                [
                    (
                        formats.province_name(province, lang),
                        href("/", lang, province=province if national else None),
                    ),
                    (
                        formats.district_name(district, lang),
                        href("/district", lang, district=district),
                    ),
                    (str(info["name"]), None),
                ]
            ),
            html.H1(str(info["name"]), className="h3", id="club-name"),
            html.P(" · ".join(str(f) for f in facts), className="text-muted"),
        ]
    )


@context.guarded(error_message)
def show_mark(data: object) -> Any:
    """The club's district's sign-off state of the year shown: the URL's, else the club's newest."""
    scope, home, s = context.state(data)
    years = queries.club_years(home, scope, s["district"], s["club"])
    if years.is_empty():
        return None
    shown = [int(y) for y in years["fiscal_year"]]
    year = s["fy"] if s["fy"] in shown else max(shown)
    return sign_off.district_mark(s["district"], year, s["lang"])


@context.guarded(error_message)
@cache.cached("club.criteria")
def show_criteria(data: object) -> object:
    """The nine criteria, score and attendance per fiscal year."""
    scope, home, s = context.state(data)
    frame = queries.club_years(home, scope, s["district"], s["club"])
    columns = [
        ("fiscal_year", N_("Fiscal year")),
        ("score", N_("Score")),
        ("meets_standard", N_("Meet the standard")),
        *terms.CRITERIA.items(),
        ("qualifying_meetings", N_("Qualifying meetings")),
        ("attendance_rate", N_("Attendance")),
    ]
    return table(frame, columns, s["lang"])


@context.guarded(figures.failed)
@cache.cached("club.history")
def show_history(data: object) -> object:
    """Members on the roll and score over the fiscal years."""
    scope, home, s = context.state(data)
    return figures.club_history(
        queries.club_years(home, scope, s["district"], s["club"]), s["lang"]
    )


@context.guarded(figures.failed)
@cache.cached("club.timeline")
def show_timeline(data: object) -> object:
    """Each meeting's attendance against the 70% line."""
    scope, home, s = context.state(data)
    return figures.meeting_timeline(
        queries.club_meetings(home, scope, s["district"], s["club"]), s["lang"]
    )


@context.guarded(error_message)
@cache.cached("club.meetings")
def show_meetings(data: object) -> object:
    """The meetings behind the timeline; each opens its attendance."""
    scope, home, s = context.state(data)
    return meeting_table(queries.club_meetings(home, scope, s["district"], s["club"]), s)


def meeting_table(frame: pl.DataFrame, s: dict[str, Any]) -> object:
    """Meetings with date, kind, present, roll and share; the id links to the meeting."""
    if frame.is_empty():
        return message(_(s["lang"], "No data you may see yet"))
    targets = [
        href("/club", s["lang"], district=s["district"], club=s["club"], meeting=m)
        for m in frame["meeting_id"]
    ]
    columns = [
        ("meeting_id", N_("Meeting")),
        ("held_on", N_("Date")),
        ("kind", N_("Kind")),
        ("present", N_("Present")),
        ("on_roll", N_("On the roll")),
        ("share", N_("Share")),
    ]
    return table(frame, columns, s["lang"], links={"meeting_id": targets})


@cache.personal
@context.guarded(error_message)
def show_meeting(data: object) -> object:
    """Who attended the chosen meeting (personal data; audited)."""
    scope, home, s = context.state(data)
    if not s["meeting"]:
        return None
    frame = queries.meeting_attendance(
        home, scope, s["district"], s["club"], s["meeting"], context.audit
    )
    body = table(
        frame, [("member_id", N_("ID")), ("full_name", N_("Name")), ("role", N_("Role"))], s["lang"]
    )
    return card(f"{_(s['lang'], 'Attendees')} · {s['meeting']}", body)


@context.guarded(figures.failed)
@cache.cached("club.kinds")
def show_kinds(data: object) -> object:
    """Activities by kind and fiscal year."""
    scope, home, s = context.state(data)
    return figures.activities_by_kind(
        queries.club_activities(home, scope, s["district"], s["club"]), s["lang"]
    )


@context.guarded(figures.failed)
@cache.cached("club.partners")
def show_partners(data: object) -> object:
    """Activities with each partner organisation."""
    scope, home, s = context.state(data)
    return figures.activities_by_partner(
        queries.club_activities(home, scope, s["district"], s["club"]), s["lang"]
    )


@context.guarded(error_message)
@cache.cached("club.activities")
def show_activities(data: object) -> object:
    """The activities behind the two figures."""
    scope, home, s = context.state(data)
    columns = [
        ("activity_id", N_("ID")),
        ("held_on", N_("Date")),
        ("kind", N_("Kind")),
        ("title", N_("Title")),
        ("partner_org", N_("Partner")),
        ("participants", N_("Participants")),
    ]
    return table(queries.club_activities(home, scope, s["district"], s["club"]), columns, s["lang"])


@context.guarded(error_message)
@cache.cached("club.governance")
def show_governance(data: object) -> object:
    """Committee, rules and plan documents behind criteria 4.1 and 4.2."""
    scope, home, s = context.state(data)
    columns = [
        ("kind", N_("Kind")),
        ("effective_on", N_("In force from")),
        ("expires_on", N_("Until")),
        ("document_ref", N_("Document")),
    ]
    return table(queries.club_governance(home, scope, s["district"], s["club"]), columns, s["lang"])


@hooks.callback(
    Output(MEMBERS, "children"),
    Input(f"{MEMBERS_FOLD}-fold", "active_item"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def open_members(opened: object, data: object) -> object:
    """The member list as its fold opens (each opening is a viewing, audited); nothing when it closes."""
    return show_members(data) if opened == MEMBERS_FOLD else dash.no_update


@cache.personal
@context.guarded(error_message)
def show_members(data: object) -> object:
    """The member list (personal data; audited)."""
    scope, home, s = context.state(data)
    columns = [
        ("member_id", N_("ID")),
        ("full_name", N_("Name")),
        ("role", N_("Role")),
        ("joined_on", N_("Joined")),
        ("left_on", N_("Left")),
    ]
    return table(
        queries.club_members(home, scope, s["district"], s["club"], context.audit),
        columns,
        s["lang"],
    )


@hooks.callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(TIMELINE, "clickData"),
    State(LOCATION, "search"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def open_meeting(click: object, search: object) -> object:
    """A click on a meeting's bar opens its attendance."""
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points and isinstance(points[0], dict) else {}
    custom = point.get("customdata")
    meeting = (
        context.text(html_text.unescape(str(custom[0])))
        if isinstance(custom, list) and custom
        else None
    )
    return with_params(search, meeting=meeting) if meeting else dash.no_update


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/club",
        name="Club",
        order=4,
        layout=served(__name__, "/club", layout, kept=True, stamp=targets_view.stamp),
    )
