"""Every sheet of a district submission, declared once (docs/contract.md#submission).

Extract uses the headers, validate the kinds and required flags, load the
table names, and a test compares these declarations with the warehouse DDL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.texts import N_

NETWORK_TYPES: dict[str, str] = {
    "cdv_club": "ชมรมอาสาพัฒนาชุมชน",
    "cdv_leader_club": "ชมรมผู้นำอาสาพัฒนา",
    "women": "เครือข่ายพัฒนาบทบาทสตรี",
    "savings": "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต",
    "otop": "เครือข่ายผู้ผลิตผู้ประกอบการ OTOP",
    "other": "อื่นๆ",
}
GENDERS: dict[str, str] = {"M": "ชาย", "F": "หญิง", "X": "อื่นๆ"}
ROLES: dict[str, str] = {
    "chair": "ประธาน",
    "vice_chair": "รองประธาน",
    "secretary": "เลขานุการ",
    "treasurer": "เหรัญญิก",
    "committee": "กรรมการ",
    "member": "สมาชิก",
}
MEETING_KINDS: dict[str, str] = {
    "regular": "ประชุมสามัญ",
    "community_forum": "เวทีประชาคม",
    "evaluation_forum": "เวทีประเมินผล",
    "exchange": "เวทีแลกเปลี่ยนเรียนรู้",
}
ACTIVITY_KINDS: dict[str, str] = {
    "capacity_building": "พัฒนาศักยภาพสมาชิก",
    "problem_solving": "แก้ไขปัญหาของชมรม",
    "partner_joint": "ร่วมกับองค์กรภาคี",
    "knowledge_summary": "สรุปองค์ความรู้",
    "publicity": "เผยแพร่ประชาสัมพันธ์",
    "other": "อื่นๆ",
}
GOVERNANCE_KINDS: dict[str, str] = {
    "committee_appointed": "แต่งตั้งคณะกรรมการ",
    "rules_adopted": "มีกฎระเบียบเป็นลายลักษณ์อักษร",
    "plan_adopted": "มีแผนการดำเนินงาน",
}

# Column kinds. "text" is trimmed text; "code" is text of digits (Thai digits
# turned Arabic); "date", "int", "float", "fy" (fiscal year, B.E. or C.E.),
# "citizen_id" (13 digits with checksum) and "enum" (English key or Thai label).
KINDS = ("text", "code", "date", "int", "float", "fy", "enum", "citizen_id")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its English name, Thai label and kind."""

    name: str
    thai: str
    kind: str
    required: bool = False
    values: dict[str, str] | None = None  # enum: English key -> Thai label


@dataclass(frozen=True)
class Sheet:
    """One sheet: names, columns, and the columns that identify a row."""

    name: str
    thai: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # unique within the district submission
    parents: tuple[tuple[str, tuple[str, ...], str], ...] = field(default=())
    # parents: (parent sheet, columns that must match its key, reason code)

    def column(self, name: str) -> Column:
        """The column called `name`."""
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        """English column names, in order."""
        return tuple(c.name for c in self.columns)


CLUBS = Sheet(
    "clubs",
    "ชมรม",
    (
        Column("club_id", "รหัสชมรม", "code", required=True),
        Column("name", "ชื่อชมรม", "text", required=True),
        Column("network_type", "ประเภทเครือข่าย", "enum", True, NETWORK_TYPES),
        Column("subdistrict_code", "รหัสตำบล", "code", required=True),
        Column("founded_on", "วันที่ก่อตั้ง", "date"),
        Column("entered_standard_fy", "ปีที่เข้าสู่ระบบมาตรฐาน", "fy"),
        Column("lat", "ละติจูด", "float"),
        Column("lon", "ลองจิจูด", "float"),
    ),
    key=("club_id",),
)
MEMBERS = Sheet(
    "members",
    "สมาชิก",
    (
        Column("club_id", "รหัสชมรม", "code", required=True),
        Column("member_id", "รหัสสมาชิก", "code", required=True),
        Column("full_name", "ชื่อ-สกุล", "text", required=True),
        Column("citizen_id", "เลขประจำตัวประชาชน", "citizen_id"),
        Column("gender", "เพศ", "enum", False, GENDERS),
        Column("role", "ตำแหน่ง", "enum", True, ROLES),
        Column("joined_on", "วันที่เข้าเป็นสมาชิก", "date", required=True),
        Column("left_on", "วันที่พ้นสภาพ", "date"),
    ),
    key=("club_id", "member_id"),
    parents=(("clubs", ("club_id",), "unknown_club"),),
)
MEETINGS = Sheet(
    "meetings",
    "การประชุม",
    (
        Column("club_id", "รหัสชมรม", "code", required=True),
        Column("meeting_id", "รหัสการประชุม", "code", required=True),
        Column("held_on", "วันที่ประชุม", "date", required=True),
        Column("kind", "ประเภท", "enum", True, MEETING_KINDS),
        Column("attendees", "จำนวนผู้เข้าร่วม", "int"),
    ),
    key=("club_id", "meeting_id"),
    parents=(("clubs", ("club_id",), "unknown_club"),),
)
ATTENDANCE = Sheet(
    "attendance",
    "รายชื่อผู้เข้าประชุม",
    (
        Column("club_id", "รหัสชมรม", "code", required=True),
        Column("meeting_id", "รหัสการประชุม", "code", required=True),
        Column("member_id", "รหัสสมาชิก", "code", required=True),
    ),
    key=("club_id", "meeting_id", "member_id"),
    parents=(
        ("clubs", ("club_id",), "unknown_club"),
        ("meetings", ("club_id", "meeting_id"), "unknown_meeting"),
        ("members", ("club_id", "member_id"), "unknown_member"),
    ),
)
ACTIVITIES = Sheet(
    "activities",
    "กิจกรรม",
    (
        Column("club_id", "รหัสชมรม", "code", required=True),
        Column("activity_id", "รหัสกิจกรรม", "code", required=True),
        Column("held_on", "วันที่จัด", "date", required=True),
        Column("kind", "ประเภทกิจกรรม", "enum", True, ACTIVITY_KINDS),
        Column("title", "ชื่อกิจกรรม", "text", required=True),
        Column("partner_org", "องค์กรภาคี", "text"),
        Column("participants", "จำนวนผู้เข้าร่วม", "int"),
    ),
    key=("club_id", "activity_id"),
    parents=(("clubs", ("club_id",), "unknown_club"),),
)
GOVERNANCE = Sheet(
    "governance",
    "การบริหาร",
    (
        Column("club_id", "รหัสชมรม", "code", required=True),
        Column("kind", "ประเภท", "enum", True, GOVERNANCE_KINDS),
        Column("effective_on", "วันที่มีผล", "date", required=True),
        Column("expires_on", "วันที่สิ้นสุด", "date"),
        Column("document_ref", "เลขที่เอกสาร", "text"),
    ),
    parents=(("clubs", ("club_id",), "unknown_club"),),
)

# Order matters: a sheet's parents come before it.
SHEETS: tuple[Sheet, ...] = (CLUBS, MEMBERS, MEETINGS, ATTENDANCE, ACTIVITIES, GOVERNANCE)
BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}

# Why a row is rejected, by reason code: its English, marked for the catalogues (core/locale has
# the Thai); `_(lang, REASONS[code])` says it in a language.
REASONS: dict[str, str] = {
    "missing_required": N_("a required value is missing"),
    "bad_date": N_("the date cannot be read"),
    "future_date": N_("the date is in the future"),
    "bad_number": N_("not a valid number"),
    "unknown_value": N_("not one of the allowed values"),
    "unknown_code": N_("code unknown to DOPA or not in this district"),
    "unknown_club": N_("no such club in this submission"),
    "unknown_meeting": N_("no such meeting of this club"),
    "unknown_member": N_("no such member of this club"),
    # The club, meeting or member it refers to is in the file, but that row was rejected.
    "parent_rejected": N_("the row it refers to was rejected (fix that row and this one loads)"),
    "duplicate_id": N_("duplicate id (the first row is kept)"),
    "bad_citizen_id": N_("citizen ID is not 13 digits with a valid check digit"),
    "attendance_exceeds_members": N_("more attendees than members on the roll that day"),
    "bad_file": N_("the file cannot be read"),
    "bad_range": N_("value outside the possible range"),
    "bad_value": N_("an error cell (#N/A, #DIV/0!, …) or a formula saved without its value"),
}
