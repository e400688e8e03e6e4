"""A district's last published records in the contract's columns, to pre-fill its entry workbook.

Records and member names are personal data: only for a scope that may read the district's
records (`Scope.may_read_records`: the province's director, the district's officer). Not
cached; the caller writes each read to the audit log.
"""

from __future__ import annotations

import polars as pl

from accounts.scope import Scope
from core.home import Home
from warehouse.queries.base import district_of, read

SHEET_QUERIES = {
    "clubs": """select club_id, name, network_type, subdistrict_code, founded_on,
                       entered_standard_fy::varchar as entered_standard_fy,
                       lat::varchar as lat, lon::varchar as lon
                from clubs where district_code = ? order by club_id""",
    "members": """select club_id, member_id, full_name, null::varchar as citizen_id, gender, role, joined_on, left_on
                  from members where district_code = ? order by club_id, member_id""",
    "meetings": """select club_id, meeting_id, held_on, kind, attendees::varchar as attendees
                   from meetings where district_code = ? order by club_id, held_on, meeting_id""",
    "attendance": """select club_id, meeting_id, member_id
                     from attendance where district_code = ? order by club_id, meeting_id, member_id""",
    "activities": """select club_id, activity_id, held_on, kind, title, partner_org,
                            participants::varchar as participants
                     from activities where district_code = ? order by club_id, held_on, activity_id""",
    "governance": """select club_id, kind, effective_on, expires_on, document_ref
                     from governance where district_code = ? order by club_id, record_number""",
}


def district_records(home: Home, scope: Scope, district: str) -> dict[str, pl.DataFrame] | None:
    """Each sheet's published rows of the district (None: not allowed, or nothing published)."""
    found = district_of(home, scope, district)
    if found is None or not scope.may_read_records(found[0]):
        return None
    code, published = found
    frames = {sheet: read(home, published, query, [code]) for sheet, query in SHEET_QUERIES.items()}
    return frames if not frames["clubs"].is_empty() else None
