"""The knowledge record (แบบบันทึกองค์ความรู้) of a selected exemplar, as the founding Khlong Khlung
record lays it out: pre-filled from what the data knows (`exemplars.prefill`), completed by the
officer, saved in the application-state store (never the warehouse), and written out as a Thai
Word document (`exemplars.document`) or a printable page.

Only the province's director and the officer of the club's district may read or edit a record
(it is built from the club's records). It holds the club's name and figures, never members' names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from accounts import audit
from accounts.database import Store
from accounts.scope import Scope
from core.home import Home
from exemplars import Refused, decisions
from exemplars.prefill import Facts, prefill
from warehouse import queries

# The record's fields in the founding record's order, with its own Thai labels.
FIELDS: dict[str, str] = {
    "author": "ชื่อผู้ถอดบทเรียน",
    "contact": "เบอร์โทรที่สามารถติดต่อได้",
    "title": "ชื่อเรื่อง",
    "problem": "เป็นการแก้ไขปัญหาเกี่ยวกับ",
    "place": "สถานที่เกิดเหตุการณ์",
    "story": "เนื้อเรื่อง",
    "steps": "ขั้นตอนการดำเนินงาน",
    "assets": "บันทึกขุมความรู้ (Knowledge Assets)",
    "competency": "แก่นความรู้ (Core Competency)",
    "strategies": "กลยุทธ์ในการทำงาน",
    "theory": "แนวคิดทฤษฎีที่สอดคล้องกับแก่นความรู้",
}
HEADING = "แบบบันทึกองค์ความรู้"
MAX_FIELD = 10_000


class KnowledgeError(Refused):
    """A record that may not be read or saved; `code` says why (not_allowed, not_selected, ...)."""


@dataclass(frozen=True)
class Record:
    """A knowledge record: its fields (saved text over what the data pre-fills) and who saved it."""

    district: str
    club_id: str
    fiscal_year: int
    club_name: str
    fields: dict[str, str]
    updated_by: str | None = None
    updated_at: float | None = None


def may_edit(scope: Scope, district: str) -> bool:
    """The province's director and the district's officer write the record."""
    return scope.role in ("director", "officer") and scope.may_read_records(district)


def record(
    store: Store,
    home: Home,
    scope: Scope,
    district: str,
    club_id: str,
    fiscal_year: int,
) -> Record:
    """The record of a selected exemplar for this user. Raises KnowledgeError when refused."""
    found = queries.readable_district(home, scope, district)
    if found is None or not may_edit(scope, found) or not isinstance(fiscal_year, int):
        raise KnowledgeError("not_allowed")
    if decisions.club_status(store, home, scope, found, club_id, fiscal_year).state != "selected":
        raise KnowledgeError("not_selected")
    facts = _facts(home, scope, found, club_id, fiscal_year)
    fields = prefill(facts)
    row = store.execute(
        "select fields, updated_by, updated_at from knowledge_records "
        "where province_code = :province and district_code = :district and club_id = :club"
        " and fiscal_year = :year",
        {"province": found[:2], "district": found, "club": club_id, "year": fiscal_year},
    ).fetchone()
    if row is None:
        return Record(found, club_id, fiscal_year, facts.name, fields)
    saved = json.loads(row["fields"])
    fields |= {k: v for k, v in saved.items() if k in FIELDS and isinstance(v, str)}
    return Record(
        found, club_id, fiscal_year, facts.name, fields, row["updated_by"], row["updated_at"]
    )


def save(
    store: Store,
    home: Home,
    scope: Scope,
    district: str,
    club_id: str,
    fiscal_year: int,
    fields: dict[str, Any],
    *,
    at: float,
    ip: str | None = None,
) -> Record:
    """Save the record's fields as written (audited); the record now. Raises KnowledgeError."""
    if set(fields) != set(FIELDS) or not all(isinstance(v, str) for v in fields.values()):
        raise KnowledgeError("bad_fields")
    if any(len(v) > MAX_FIELD for v in fields.values()):
        raise KnowledgeError("too_long")
    current = record(store, home, scope, district, club_id, fiscal_year)  # checks who and what
    text = json.dumps({k: fields[k].strip() for k in FIELDS}, ensure_ascii=False)
    with store.transaction():
        store.execute(
            "insert into knowledge_records (province_code, district_code, club_id, fiscal_year, "
            "fields, updated_by, updated_at) values (:province, :district, :club, :year, :fields,"
            " :by, :at) "
            "on conflict (province_code, district_code, club_id, fiscal_year) do update set "
            "fields = excluded.fields, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            {
                "province": current.district[:2],
                "district": current.district,
                "club": club_id,
                "year": fiscal_year,
                "fields": text,
                "by": scope.username,
                "at": at,
            },
        )
        audit.record(
            store,
            scope,
            "knowledge_record_save",
            f"{current.district}/{club_id} fy {fiscal_year}",
            ip,
        )
    return record(store, home, scope, district, club_id, fiscal_year)


def _facts(home: Home, scope: Scope, district: str, club_id: str, fiscal_year: int) -> Facts:
    profile = queries.club_profile(home, scope, district, club_id)
    exemplar = queries.exemplar_club(home, scope, district, club_id, fiscal_year)
    if profile.is_empty() or exemplar.is_empty():
        raise KnowledgeError("unknown_club")
    meetings = queries.club_meetings(home, scope, district, club_id)
    activities = queries.club_activities(home, scope, district, club_id)
    info = profile.row(0, named=True)
    return Facts(
        name=str(info["name"]),
        fiscal_year=fiscal_year,
        profile=info,
        years=queries.club_years(home, scope, district, club_id),
        exemplar=exemplar.row(0, named=True),
        meetings=meetings.filter(pl.col("fiscal_year") == fiscal_year)
        if not meetings.is_empty()
        else meetings,
        activities=activities.filter(pl.col("fiscal_year") == fiscal_year)
        if not activities.is_empty()
        else activities,
    )
