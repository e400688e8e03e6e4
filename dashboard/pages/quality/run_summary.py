"""The data-quality page's "last nightly load" card, from the newest run summary (etl/runs.py),
and whether the national lake holds the province's published version (lake/status.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dash import html
from sqlalchemy.exc import SQLAlchemyError

from accounts.database import Store
from accounts.scope import Scope
from core import formats
from core.home import Home
from core.texts import NP_, _, ngettext
from dashboard.components import card
from etl.runs import STATUSES, latest
from lake import status as lake_status
from warehouse.publish import current

STATUS_WORDS = {  # etl.runs.STATUSES
    "loaded": NP_("nightly load", "Loaded"),
    "failed": NP_("nightly load", "Failed"),
    "held": NP_("nightly load", "Held"),
    "locked": NP_("nightly load", "Locked (approved year)"),
    "unchanged": NP_("nightly load", "Unchanged"),
}


def run_card(home: Home, scope: Scope, province: str, lang: str, store: Store | None = None) -> Any:
    """When the last run touching the province began, what became of its districts, and why one
    failed (the lake's state read through `store`, the server's, when given)."""
    summary = latest(home, province)
    if summary is None:
        return card(
            _(lang, "Last data load"),
            html.P(_(lang, "No load has run yet (tonbaeb etl run)"), className="text-muted mb-0"),
        )
    entry = summary["provinces"][province]
    started = datetime.fromisoformat(summary["started_at"]).astimezone()
    lines: list[Any] = [
        html.P(
            _(
                lang,
                "Started {when} · took {seconds} s",
                when=started.strftime("%Y-%m-%d %H:%M"),
                seconds=summary["seconds"],
            )
        )
    ]
    items = []
    for status in STATUSES:
        districts = entry.get(status, [])
        if status == "locked" and not districts:
            continue  # runs before the year lock, and runs that locked nothing
        names = ", ".join(formats.district_name(d, lang) for d in districts[:12])
        more = " …" if len(districts) > 12 else ""
        items.append(
            html.Li(
                f"{_(lang, STATUS_WORDS[status])}: {len(districts)}"
                + (f" ({names}{more})" if districts else "")
            )
        )
    lines.append(html.Ul(items, className="mb-2"))
    for district, removed in sorted(entry.get("removed", {}).items()):  # --accept-removal
        lines.append(
            html.P(
                ngettext(
                    lang,
                    "{district}: {n} removal published on purpose (clubs {clubs})",
                    "{district}: {n} removals published on purpose (clubs {clubs})",
                    len(removed),
                    district=formats.district_name(district, lang),
                    clubs=", ".join(sorted({r["club_id"] for r in removed})),
                ),
                className="text-warning mb-2",
            )
        )
    failure = entry.get("last_failure")
    if failure and scope.may_read_records(failure["district"]):
        district = formats.district_name(failure["district"], lang)
        lines.append(
            html.P(
                _(
                    lang,
                    "Last failure ({district}): {reason}",
                    district=district,
                    reason=failure["reason"],
                ),
                className="text-danger mb-0",
            )
        )
    lake = lake_line(home, province, lang, store)
    if lake is not None:
        lines.append(lake)
    return card(_(lang, "Last data load"), lines)


def lake_line(home: Home, province: str, lang: str, store: Store | None = None) -> Any:
    """Whether the national lake holds the province's published version (None: the lake is off);
    read through the server's `store` when given."""
    if not lake_status.enabled(home):
        return None
    published = current(home, province)
    try:
        held = lake_status.held(home, store).get(province, lake_status.Held(province, None))
    except (SQLAlchemyError, OSError):
        held = lake_status.Held(province, None)
    if published is None or held.version == published.version:
        return html.P(
            _(lang, "National lake: up to date (version {version})", version=held.version or "-"),
            className="text-muted mt-2 mb-0",
        )
    if not held.failure:  # a follower is committing it (lake/follow.py)
        return html.P(
            _(
                lang,
                "The national lake is being brought up to date: it holds version {held}, the "
                "warehouse published {published}",
                held=held.version or "-",
                published=published.version,
            ),
            className="text-muted mt-2 mb-0",
        )
    text = _(
        lang,
        "The national lake is behind: it holds version {held}, the warehouse published {published}; "
        "the next load (or tonbaeb lake catch-up) catches it up",
        held=held.version or "-",
        published=published.version,
    )
    text += " · " + _(lang, "why: {reason}", reason=held.failure)
    return html.P(text, className="text-warning mt-2 mb-0")
