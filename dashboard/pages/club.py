"""Club: profile, criteria by year, and the records behind them for those allowed to see them."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from dashboard import context, exports, figures, i18n
from dashboard.components import breadcrumbs, href, message, table
from warehouse import queries

dash.register_page(__name__, path="/club", name="Club", order=3)


def layout(district: str | None = None, club: str | None = None, lang: str | None = None, **_query: str) -> html.Div:
    """Everything about one club that this user may see."""
    lang = i18n.lang_of(lang)
    scope, home = context.scope(), context.home()
    if not district or not club or len(district) != 4 or not district.isdigit():
        return message(i18n.t("not_found", lang))
    profile = queries.club_profile(home, scope, district, club)
    if profile.is_empty():
        return message(i18n.t("not_found", lang))
    info = profile.row(0, named=True)
    years = queries.club_years(home, scope, district, club)
    sections: list[object] = [
        breadcrumbs(
            [
                (i18n.province_name(district[:2], lang), href("/", lang)),
                (i18n.district_name(district, lang), href("/district", lang, district=district)),
                (str(info["name"]), None),
            ]
        ),
        html.H1(str(info["name"]), className="h3"),
        html.P(f"{info['club_id']} · {i18n.network(info['network_type'], lang)} · {i18n.district_name(district, lang)}", className="text-muted"),
        dbc.Card(dbc.CardBody([html.H2(i18n.t("criteria_by_year", lang), className="h6"), _criteria(years, lang)]), className="mb-3"),
    ]
    if scope.may_read_records(district):
        meetings = queries.club_records(home, scope, district, club, "meetings")
        activities = queries.club_records(home, scope, district, club, "activities")
        governance = queries.club_records(home, scope, district, club, "governance")
        members = queries.club_members(home, scope, district, club, context.audit_as_user)
        sections += [
            dbc.Row(
                [
                    dbc.Col(dbc.Card(dbc.CardBody(dcc.Graph(figure=figures.meeting_timeline(meetings, lang)))), lg=6),
                    dbc.Col(dbc.Card(dbc.CardBody(dcc.Graph(figure=figures.activities_by_kind(activities, lang)))), lg=6),
                ],
                className="g-3 mb-3",
            ),
            _records("club-meetings", i18n.t("meetings_held", lang), meetings, [("meeting_id", "ID"), ("held_on", "held_on"), ("kind", "kind"), ("present", "present"), ("on_roll", "on_roll")], lang),
            _records("club-activities", i18n.t("activities", lang), activities, [("activity_id", "ID"), ("held_on", "held_on"), ("kind", "kind"), ("title", "title"), ("partner_org", "partner")], lang),
            _records("club-governance", i18n.t("governance", lang), governance, [("kind", "kind"), ("effective_on", "held_on"), ("expires_on", "left_on"), ("document_ref", "source")], lang),
            _records("club-members", i18n.t("member_list", lang), members, [("member_id", "ID"), ("full_name", "full_name"), ("role", "role"), ("joined_on", "joined_on"), ("left_on", "left_on")], lang),
        ]
    else:
        sections.append(message(i18n.t("records_hidden", lang)))
    return html.Div(sections)


def _criteria(years: pl.DataFrame, lang: str) -> object:
    if years.is_empty():
        return message(i18n.t("no_data", lang))
    rows = [
        {"fy": i18n.fiscal_year(r["fiscal_year"], lang), "score": round(r["score"], 1), "meets": i18n.t("meets" if r["meets_standard"] else "not_meets", lang), "attendance": i18n.percent(r["attendance_rate"], lang)}
        | {k: exports.PASS if r[k] else exports.FAIL for k in i18n.CRITERIA}
        for r in years.iter_rows(named=True)
    ]
    columns = [("fy", i18n.t("fiscal_year", lang)), ("score", i18n.t("score", lang)), ("meets", i18n.t("meets_share", lang))]
    columns += [(k, i18n.criterion(k, lang)) for k in i18n.CRITERIA] + [("attendance", i18n.t("attendance", lang))]
    return table("club-criteria", pl.DataFrame(rows), columns, height=260)


def _records(component_id: str, title: str, frame: pl.DataFrame, columns: list[tuple[str, str]], lang: str) -> dbc.Card:
    if frame.is_empty():
        body: object = message(i18n.t("no_data", lang))
    else:
        shown = frame.with_columns(
            *(pl.col(c).map_elements(lambda d: i18n.day(d, lang), return_dtype=pl.String) for c, _ in columns if frame.schema.get(c) == pl.Date),
            *(pl.col(c).map_elements(lambda k: i18n.kind_label(k, lang), return_dtype=pl.String) for c, _ in columns if c in ("kind", "role")),
        )
        body = table(component_id, shown, [(c, i18n.t(label, lang) if label in i18n.TEXT else label) for c, label in columns], height=360)
    return dbc.Card(dbc.CardBody([html.H2(title, className="h6"), body]), className="mb-3")
