"""The data-quality page's "last nightly load" card, from the newest run summary (etl/runs.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dash import html

from accounts.scope import Scope
from core.home import Home
from dashboard import i18n
from dashboard.components import card
from etl.runs import STATUSES, latest

TEXT = {
    "title": ("การโหลดข้อมูลครั้งล่าสุด", "Last data load"),
    "none": ("ยังไม่มีการโหลดข้อมูลตามรอบ", "No load has run yet (tonbaeb etl run)"),
    "when": ("เริ่ม {when} · ใช้เวลา {seconds} วินาที", "Started {when} · took {seconds} s"),
    "loaded": ("โหลดแล้ว", "Loaded"),
    "failed": ("ไม่สำเร็จ", "Failed"),
    "held": ("พักไว้", "Held"),
    "unchanged": ("ไม่เปลี่ยนแปลง", "Unchanged"),
    "reason": ("สาเหตุล่าสุดที่ไม่สำเร็จ ({district}): {reason}", "Last failure ({district}): {reason}"),
}


def _t(key: str, lang: str, **values: object) -> str:
    th, en = TEXT[key]
    return (en if lang == "en" else th).format(**values)


def run_card(home: Home, scope: Scope, province: str, lang: str) -> Any:
    """When the last run touching the province began, what became of its districts, and why one failed."""
    summary = latest(home, province)
    if summary is None:
        return card(_t("title", lang), html.P(_t("none", lang), className="text-muted mb-0"))
    entry = summary["provinces"][province]
    started = datetime.fromisoformat(summary["started_at"]).astimezone()
    lines: list[Any] = [
        html.P(_t("when", lang, when=f"{started:%Y-%m-%d %H:%M}", seconds=summary["seconds"]))
    ]
    items = []
    for status in STATUSES:
        districts = entry.get(status, [])
        names = ", ".join(i18n.district_name(d, lang) for d in districts[:12])
        more = " …" if len(districts) > 12 else ""
        items.append(
            html.Li(
                f"{_t(status, lang)}: {len(districts)}" + (f" ({names}{more})" if districts else "")
            )
        )
    lines.append(html.Ul(items, className="mb-2"))
    failure = entry.get("last_failure")
    if failure and scope.may_read_records(failure["district"]):
        district = i18n.district_name(failure["district"], lang)
        lines.append(
            html.P(
                _t("reason", lang, district=district, reason=failure["reason"]),
                className="text-danger mb-0",
            )
        )
    return card(_t("title", lang), lines)
