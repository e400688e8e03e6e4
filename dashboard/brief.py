"""`/brief?province=CODE[&district=CODE][&fy=Y][&lang=en]`: a one-to-two-page A4 PDF to take to the
meeting: the year's figures, what changed, why behind, where this fiscal year stands, follow-ups
of failing clubs and the exemplars, with the data's date, the print date, the source and the
figures' sign-off (a province: how many districts are approved; a district: its year's state),
provisional figures marked so.

The province and district in the address are only wishes: the logged-in user's scope decides
(accounts/guard.py). A province the user is not shown, or a district outside it, is refused
(403), never drawn; every brief served is audited (export_brief).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import flask
import polars as pl

from accounts.guard import current_guard, current_scope
from accounts.scope import Scope
from core import formats
from core.home import Home
from core.texts import N_, _, ngettext
from dashboard import context, sign_off, targets_view, terms
from dashboard.brief_pdf import Brief, Section, Table, pdf
from dashboard.this_year import headline, timing
from exemplars import decisions, followups
from warehouse import approvals, queries

PATH = "/brief"
SHOWN = 10  # clubs named per list


class Refused(Exception):
    """A brief this user may not have (the province or district is not theirs to see)."""


def install(server: flask.Flask) -> None:
    """Serve /brief (behind login like every page: accounts/web.py)."""

    @server.route(PATH)
    def brief() -> flask.Response:
        args = flask.request.args
        lang = "en" if args.get("lang") == "en" else "th"
        try:
            content, name, detail = build(
                context.home(),
                current_scope(),
                args.get("province"),
                args.get("district"),
                context.integer(args.get("fy")),
                lang,
                context.now(),
            )
        except Refused:
            return flask.make_response(_(lang, "This brief is not yours to see"), 403)
        context.audit("export_brief", detail)
        response = flask.make_response(content)
        response.headers["Content-Type"] = "application/pdf"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def build(
    home: Home,
    scope: Scope,
    province: object,
    district: object,
    fy: int | None,
    lang: str,
    now: datetime,
) -> tuple[bytes, str, str]:
    """(PDF bytes, file name, audit detail) of the brief the scope may have; Refused otherwise."""
    asked = province if isinstance(province, str) and province else None
    if asked is None and isinstance(district, str) and district:
        asked = district[:2]  # a district's brief names its province
    shown = queries.chosen_province(home, scope, asked)
    if shown is None or (asked is not None and asked != shown):
        raise Refused(asked)
    code = None
    if district not in (None, ""):
        code = queries.readable_district(home, scope, district)
        if code is None or code[:2] != shown:
            raise Refused(district)
    years = queries.fiscal_years(home, scope, shown)
    if not years:
        raise Refused(shown)  # nothing published the user may see
    ended = [y for y in years if formats.fiscal_year_end(y) < now.date()]
    year = fy if fy in years else max(ended or years)  # as pages open: not a year half done
    brief = gather(home, scope, shown, code, year, lang, now)
    name = f"tonbaeb-brief-{code or shown}-{year}.pdf"
    return pdf(brief), name, f"province={shown} district={code or '-'} fy={year}"


def gather(
    home: Home, scope: Scope, province: str, district: str | None, fy: int, lang: str, now: datetime
) -> Brief:
    """Everything the brief shows, worded in `lang`."""
    place = (
        formats.district_name(district, lang) if district else formats.province_name(province, lang)
    )
    title = _(lang, "Brief: {place} · {year}", place=place, year=formats.fiscal_year(fy, lang))
    loads = queries.freshness(home, scope, province)
    as_of = loads["last_loaded"].drop_nulls().max() if loads.height else None
    versions = queries.covered_versions(home, scope, province)
    source = _(
        lang,
        "Source: tonbaeb warehouse of {province}, version {version}",
        province=formats.province_name(province, lang),
        version=versions[0][1] if versions else "–",
    )
    meta = [
        " · ".join(
            [
                _(
                    lang,
                    "Data as of {when}",
                    when=formats.moment(as_of, lang) if isinstance(as_of, datetime) else "–",
                ),
                _(lang, "Printed {when}", when=formats.moment(now, lang)),
            ]
        ),
        source,
    ]
    signed, provisional = sign_off_line(home, province, district, fy, lang)
    meta.append(signed)
    sections = [
        changed_section(home, scope, province, district, fy, lang),
        behind_section(home, scope, province, district, fy, lang),
        this_year_section(home, scope, province, district, lang, now),
        followups_section(home, scope, province, district, fy, lang),
        exemplars_section(home, scope, province, district, fy, lang),
    ]
    target = target_line(home, scope, province, district, fy, lang)
    if target:
        meta.append(target)
    footer = f"{title} · {_(lang, 'Printed {when}', when=formats.day(now, lang))}"
    shown = figures(home, scope, province, district, fy, lang)
    if provisional:
        shown = [(f"{label} · {_(lang, 'provisional')}", v, c) for label, v, c in shown]
    return Brief(lang, title, meta, shown, sections, footer)


def sign_off_line(
    home: Home, province: str, district: str | None, fy: int, lang: str
) -> tuple[str, bool]:
    """The sign-off of the brief's figures in one line, and whether any of them are provisional:
    a district's year's state; a province's districts approved of all."""
    store = context.store()
    year = formats.fiscal_year(fy, lang)
    if district:
        state = approvals.year_state(store, district, fy).state
        words = _(lang, sign_off.STATES.get(state, state))
        if state != "approved":
            words = _(lang, "{state}: the figures are provisional and may change", state=words)
        return _(lang, "Sign-off of {year}: {state}", year=year, state=words), state != "approved"
    table = approvals.statuses(store, home, province, fy)
    done, total = int((table["state"] == "approved").sum()), table.height
    words = (
        sign_off.approved_words(done, total, lang)
        if done == total
        else _(
            lang,
            "Approved: {done} of {total} districts; the others' figures are provisional",
            done=formats.number(done, lang),
            total=formats.number(total, lang),
        )
    )
    return _(lang, "Sign-off of {year}: {state}", year=year, state=words), done < total


def figures(
    home: Home, scope: Scope, province: str, district: str | None, fy: int, lang: str
) -> list[tuple[str, str, str]]:
    """(label, value, change from last year) of the headline figures."""
    frame = (
        queries.district_years(home, scope, district)
        if district
        else queries.province_years(home, scope, province)
    )
    now = frame.filter(pl.col("fiscal_year") == fy)
    if now.is_empty():
        return []
    row = now.row(0, named=True)
    before = frame.filter(pl.col("fiscal_year") == fy - 1)
    last = before.row(0, named=True) if before.height else {}

    def change(key: str, share: bool = False) -> str:
        if key not in last or last[key] is None or row[key] is None:
            return ""
        delta = row[key] - last[key]
        shown = formats.points(delta, lang) if share else formats.signed(delta, lang)
        return _(lang, "{change} from last year", change=shown)

    return [
        (_(lang, "Clubs"), formats.number(row["clubs"], lang), change("clubs")),
        (
            _(lang, "Meet the standard"),
            f"{formats.number(row['clubs_meeting_standard'], lang)} "
            f"({formats.percent(row['meets_share'], lang)})",
            change("meets_share", share=True),
        ),
        (_(lang, "Members"), formats.number(row["members"], lang), change("members")),
        (_(lang, "Meetings"), formats.number(row["meetings_held"], lang), change("meetings_held")),
    ]


def _names(frame: pl.DataFrame, lang: str, with_district: bool) -> list[str]:
    items = [
        f"{r['name']} ({formats.district_name(r['district_code'], lang)})"
        if with_district
        else str(r["name"])
        for r in frame.head(SHOWN).iter_rows(named=True)
    ]
    if frame.height > SHOWN:
        more = frame.height - SHOWN
        items.append(
            ngettext(lang, "and {n} more", "and {n} more", more, n=formats.number(more, lang))
        )
    return items or [_(lang, "None")]


def changed_section(
    home: Home, scope: Scope, province: str, district: str | None, fy: int, lang: str
) -> Section:
    """Clubs that started / stopped meeting the standard; the criteria that moved most."""
    section = Section(_(lang, "What changed since {year}", year=formats.fiscal_year(fy - 1, lang)))
    changes = queries.standard_changes(home, scope, province, fy, district=district)
    moves = queries.criteria_moves(home, scope, province, fy, district=district)
    if moves.is_empty():
        section.paragraphs.append(_(lang, "Nothing to compare: there is no earlier fiscal year"))
        return section
    for change, label in (
        ("started", N_("Started meeting the standard ({n})")),
        ("stopped", N_("Stopped meeting the standard ({n})")),
    ):
        found = changes.filter(pl.col("change") == change) if changes.height else changes
        section.lists.append(
            (_(lang, label, n=found.height), _names(found, lang, district is None))
        )
    section.tables.append(
        Table(
            [
                _(lang, "Criterion"),
                formats.fiscal_year(fy - 1, lang),
                formats.fiscal_year(fy, lang),
                _(lang, "Change (points)"),
            ],
            [
                [
                    _(lang, terms.CRITERIA[r["criterion"]]),
                    formats.percent(r["before"], lang),
                    formats.percent(r["now"], lang),
                    formats.points(r["move"], lang),
                ]
                for r in moves.head(5).iter_rows(named=True)
            ],
            numeric=frozenset({1, 2, 3}),
        )
    )
    return section


def behind_section(
    home: Home, scope: Scope, province: str, district: str | None, fy: int, lang: str
) -> Section:
    """A district: its gaps against the province, ranked by the clubs each would lift.
    A province: its districts furthest behind, lowest share first."""
    if district is None:
        section = Section(_(lang, "Districts furthest behind"))
        years = queries.district_year(home, scope, province, fy)
        if years.is_empty():
            section.paragraphs.append(_(lang, "No data you may see yet"))
            return section
        late = set(sign_off.provisional(years["district_code"].to_list(), fy))
        rows = [
            [
                _marked(
                    formats.district_name(r["district_code"], lang),
                    r["district_code"] in late,
                    lang,
                ),
                formats.number(r["clubs"], lang),
                formats.percent(r["meets_share"], lang),
                formats.points(r["meets_share_change"], lang)
                if r["meets_share_change"] is not None
                else "–",
            ]
            for r in years.sort("meets_share", "district_code").head(8).iter_rows(named=True)
        ]
        heads = [_(lang, "District"), _(lang, "Clubs"), _(lang, "Meet the standard")]
        section.tables.append(
            Table([*heads, _(lang, "Change (points)")], rows, numeric=frozenset({1, 2, 3}))
        )
        return section
    section = Section(_(lang, "Why behind the province"))
    gaps = queries.district_gaps(home, scope, district, fy)
    if gaps.is_empty():
        section.paragraphs.append(_(lang, "Not behind the province on any criterion this year"))
        return section
    failures = queries.criterion_failures(home, scope, district, fy)
    rows = []
    for r in gaps.head(6).iter_rows(named=True):
        lifted = failures.filter((pl.col("criterion") == r["criterion"]) & pl.col("lifts"))
        rows.append(
            [
                _(lang, terms.CRITERIA[r["criterion"]]),
                formats.percent(r["district"], lang),
                formats.percent(r["province"], lang),
                formats.number(r["lifts"], lang),
                ", ".join(_names(lifted, lang, False)) if lifted.height else "–",
            ]
        )
    section.paragraphs.append(
        _(
            lang,
            "Ranked by the clubs that meeting this one criterion would bring to the "
            "standard (clubs failing only it), then by the gap.",
        )
    )
    section.tables.append(
        Table(
            [
                _(lang, "Criterion"),
                _(lang, "District"),
                _(lang, "Province"),
                _(lang, "Would lift"),
                _(lang, "Clubs failing only it"),
            ],
            rows,
            numeric=frozenset({1, 2, 3}),
        )
    )
    return section


def _marked(name: str, provisional: bool, lang: str) -> str:
    """A district's name, marked when its figures are provisional."""
    return f"{name} · {_(lang, 'provisional')}" if provisional else name


def this_year_section(
    home: Home, scope: Scope, province: str, district: str | None, lang: str, now: datetime
) -> Section:
    """The fiscal year in progress: who has sent, due date, days left or late."""
    current = formats.fiscal_year_of(now.date())
    section = Section(_(lang, "This fiscal year"))
    frame = approvals.with_approval(
        context.store(), queries.year_status(home, scope, province, current, now)
    )
    if frame.is_empty():
        section.paragraphs.append(_(lang, "No data you may see yet"))
        return section
    section.paragraphs.append(headline(frame, lang, now.date()))
    shown = frame.filter(pl.col("district_code") == district) if district else frame
    rows: list[list[Any]] = [
        [
            formats.district_name(r["district_code"], lang),
            formats.yes_no(bool(r["sent"]), lang),
            formats.day(r["sent_at"], lang) if r["sent_at"] else "–",
            formats.day(r["due_on"], lang),
            timing(r, lang),
            sign_off.mark(int(bool(r["approved"])), 1, lang),
        ]
        for r in shown.iter_rows(named=True)
    ]
    if district is None and len(rows) > 12:  # a big province: the districts not yet sent
        unsent = [r for r, sent in zip(rows, shown["sent"], strict=True) if not sent]
        section.paragraphs.append(
            _(lang, "Not sent yet: {districts}", districts=", ".join(r[0] for r in unsent))
        )
        return section
    section.tables.append(
        Table(
            [
                _(lang, "District"),
                _(lang, "Sent"),
                _(lang, "When"),
                _(lang, "Due"),
                _(lang, "Days left or late"),
                _(lang, "Sign-off"),
            ],
            rows,
        )
    )
    return section


def target_line(
    home: Home, scope: Scope, province: str, district: str | None, fy: int, lang: str
) -> str | None:
    """Progress to the year's target (the district's, else the province's), in one line."""
    targets = followups.targets(current_guard().store, home, scope, province)
    target = followups.target_of(targets, fy, district) if district else None
    target = target if target is not None else followups.target_of(targets, fy)
    frame = (
        queries.district_years(home, scope, district)
        if district
        else queries.province_years(home, scope, province)
    )
    now = frame.filter(pl.col("fiscal_year") == fy) if frame.height else frame
    share = float(now["meets_share"][0]) if now.height else None
    return targets_view.progress_line(lang, target, share, fy)


def followups_section(
    home: Home, scope: Scope, province: str, district: str | None, fy: int, lang: str
) -> Section:
    """Failing clubs of the year with no support action yet; last year's followed clubs and
    whether they then met the standard."""
    store = current_guard().store
    section = Section(_(lang, "Follow-up of clubs that fail"))
    waiting = followups.without_action(store, home, scope, province, fy, district)
    section.lists.append(
        (
            _(lang, "Failing clubs without a support action ({n})", n=waiting.height),
            _names(waiting, lang, district is None) if waiting.height else [_(lang, "None")],
        )
    )
    before = followups.outcomes(store, home, scope, province, fy - 1, district)
    if before.height:
        met = int(before["met_next_year"].fill_null(False).sum())
        section.paragraphs.append(
            _(
                lang,
                "Followed up in {before}: {n} clubs, {met} of them met the standard in {year}",
                before=formats.fiscal_year(fy - 1, lang),
                n=before.height,
                met=met,
                year=formats.fiscal_year(fy, lang),
            )
        )
    return section


def exemplars_section(
    home: Home, scope: Scope, province: str, district: str | None, fy: int, lang: str
) -> Section:
    """The exemplars the director selected for the year."""
    section = Section(_(lang, "Exemplars selected"))
    chosen = decisions.selected_exemplars(current_guard().store, home, scope, province, fy)
    if district:
        chosen = chosen.filter(pl.col("district_code") == district)
    if chosen.is_empty():
        section.paragraphs.append(_(lang, "No exemplar selected for this year yet"))
        return section
    scores = queries.club_scores(home, scope, province)
    names = scores.select("district_code", "club_id", "name").unique(["district_code", "club_id"])
    named = chosen.join(names, on=["district_code", "club_id"], how="left").with_columns(
        pl.col("name").fill_null(pl.col("club_id"))
    )
    section.lists.append(("", _names(named, lang, district is None)))
    return section
