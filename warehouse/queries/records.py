"""Records behind a club's scores: meetings, activities, governance, and personal data.

Only a director of the province or the officer of the club's own district may read
records (`Scope.may_read_records`). Member lists and attendance lists are personal
data: each read is written to the audit log through the `audit(action, detail)`
callback the caller passes, and they are never given to the keeper of answers (`answer`).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from accounts.scope import Scope
from core.home import Home
from warehouse.publish import Published
from warehouse.queries.base import answer, district_of, is_text, read

Audit = Callable[..., None]  # audit(action, detail, **fields)

DISTRICT_MEETINGS = """
select m.club_id, m.meeting_id, m.held_on, m.fiscal_year, m.kind,
       coalesce(m.attendees, a.listed, 0) as present,
       (select count(*) from members p
         where p.district_code = m.district_code and p.club_id = m.club_id
           and p.joined_on <= m.held_on and (p.left_on is null or p.left_on > m.held_on)) as on_roll
from meetings m
left join (select club_id, meeting_id, count(*) as listed from attendance
           where district_code = $district group by all) a
  on a.club_id = m.club_id and a.meeting_id = m.meeting_id
where m.district_code = $district
order by m.club_id, m.held_on, m.meeting_id
"""
DISTRICT_ACTIVITIES = """
select club_id, activity_id, held_on, fiscal_year, kind, title, partner_org, participants
from activities where district_code = $district order by club_id, held_on, activity_id
"""
DISTRICT_GOVERNANCE = """
select club_id, record_number, kind, effective_on, expires_on, document_ref
from governance where district_code = $district order by club_id, effective_on, record_number
"""
CLUB_MEMBERS = """
select member_id, full_name, gender, role, joined_on, left_on
from members where district_code = ? and club_id = ? order by member_id
"""
ATTENDANCE = """
select a.member_id, p.full_name, p.role
from attendance a
left join members p on p.district_code = a.district_code and p.club_id = a.club_id
                   and p.member_id = a.member_id
where a.district_code = ? and a.club_id = ? and a.meeting_id = ?
order by a.member_id
"""


def _records_district(
    home: Home, scope: Scope, district: str, club_id: str
) -> tuple[str, Published] | None:
    found = district_of(home, scope, district)
    if found is None or not is_text(club_id) or not scope.may_read_records(found[0]):
        return None
    return found


def _district_records(
    home: Home, scope: Scope, found: tuple[str, Published], name: str, query: str
) -> pl.DataFrame:
    """One kind of the district's records (no names), read once per version (an answer for the scope)."""
    district, published = found
    return answer(
        home,
        scope,
        published,
        name,
        (district,),
        lambda: read(home, published, query, {"district": district}),
    )


def _club_records(
    home: Home, scope: Scope, district: str, club_id: str, name: str, query: str
) -> pl.DataFrame:
    found = _records_district(home, scope, district, club_id)
    if found is None:
        return pl.DataFrame()
    frame = _district_records(home, scope, found, name, query)
    if frame.is_empty():
        return frame
    return frame.filter(pl.col("club_id") == club_id).drop("club_id")


def club_meetings(home: Home, scope: Scope, district: str, club_id: str) -> pl.DataFrame:
    """The club's meetings with attendance and the roll on each day (records; no names)."""
    frame = _club_records(home, scope, district, club_id, "district_meetings", DISTRICT_MEETINGS)
    if frame.is_empty():
        return frame
    return frame.with_columns(
        pl.when(pl.col("on_roll") > 0).then(pl.col("present") / pl.col("on_roll")).alias("share")
    )


def club_activities(home: Home, scope: Scope, district: str, club_id: str) -> pl.DataFrame:
    """The club's activities: date, kind, title, partner, participants (records)."""
    return _club_records(home, scope, district, club_id, "district_activities", DISTRICT_ACTIVITIES)


def club_governance(home: Home, scope: Scope, district: str, club_id: str) -> pl.DataFrame:
    """The club's governance documents: kind, in force from and to, document number (records)."""
    return _club_records(home, scope, district, club_id, "district_governance", DISTRICT_GOVERNANCE)


def club_members(
    home: Home, scope: Scope, district: str, club_id: str, audit: Audit
) -> pl.DataFrame:
    """The member list (personal data), for the director or the district's officer; audited."""
    found = _records_district(home, scope, district, club_id)
    if found is None:
        return pl.DataFrame()
    code, published = found
    frame = read(home, published, CLUB_MEMBERS, [code, club_id])
    if not frame.is_empty():  # written once the club is found: never an id only the browser sent
        audit("view_members", f"{code}/{club_id}", district=code, club=club_id, rows=frame.height)
    return frame


def meeting_attendance(
    home: Home, scope: Scope, district: str, club_id: str, meeting_id: str, audit: Audit
) -> pl.DataFrame:
    """Who attended one meeting (personal data), for the director or the district's officer; audited."""
    found = _records_district(home, scope, district, club_id)
    if found is None or not is_text(meeting_id):
        return pl.DataFrame()
    code, published = found
    frame = read(home, published, ATTENDANCE, [code, club_id, meeting_id])
    if not frame.is_empty():  # written once the meeting is found
        audit(
            "view_attendance",
            f"{code}/{club_id}/{meeting_id}",
            district=code,
            club=club_id,
            meeting=meeting_id,
            rows=frame.height,
        )
    return frame
