"""Every label in Thai and English, and numbers, dates and fiscal years for each language."""

from __future__ import annotations

from datetime import date, datetime

import geothai

from etl.schemas import ACTIVITY_KINDS, MEETING_KINDS, NETWORK_TYPES, ROLES

LANGS = ("th", "en")
THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
CRITERIA = {
    "committee": ("4.1 คณะกรรมการ", "4.1 Committee"),
    "rules": ("4.2 กฎระเบียบ", "4.2 Written rules"),
    "meetings": ("4.3 ประชุม ≥3 ครั้ง ≥70%", "4.3 ≥3 meetings at ≥70%"),
    "capacity": ("4.4 พัฒนาศักยภาพ ≥2", "4.4 Capacity building ≥2"),
    "problem_partner": ("4.5 แก้ปัญหา/ภาคี", "4.5 Problems & partners"),
    "forum": ("เวทีประชาคม", "Community forum"),
    "evaluation": ("เวทีประเมินผล", "Evaluation forum"),
    "knowledge": ("สรุปองค์ความรู้", "Knowledge summary"),
    "publicity": ("เผยแพร่", "Publicity"),
}
NETWORK_EN = {
    "cdv_club": "CD volunteer club",
    "cdv_leader_club": "CD volunteer leaders' club",
    "women": "Women's network",
    "savings": "Savings groups network",
    "otop": "OTOP network",
    "other": "Other",
}
TEXT: dict[str, tuple[str, str]] = {
    "app": ("ต้นแบบ", "tonbaeb"),
    "overview": ("ภาพรวม", "Overview"),
    "leaderboard": ("จัดอันดับชมรม", "Leaderboard"),
    "quality": ("คุณภาพข้อมูล", "Data quality"),
    "club": ("ชมรม", "Club"),
    "district": ("อำเภอ", "District"),
    "province": ("จังหวัด", "Province"),
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "clubs": ("ชมรม/เครือข่าย", "Clubs"),
    "meets_share": ("ผ่านมาตรฐาน", "Meet the standard"),
    "members": ("สมาชิก", "Members"),
    "meetings_held": ("การประชุม", "Meetings held"),
    "mean_attendance": ("ผู้เข้าประชุมเฉลี่ย", "Mean attendance"),
    "change": ("เทียบปีก่อน", "vs year before"),
    "by_district": ("สัดส่วนชมรมที่ผ่านมาตรฐาน รายอำเภอ", "Share of clubs meeting the standard, by district"),
    "by_criterion": ("อัตราผ่านรายเกณฑ์", "Pass rate of each criterion"),
    "trend": ("แนวโน้มการผ่านมาตรฐาน รายปีงบประมาณ", "Share meeting the standard by fiscal year"),
    "freshness": ("ความทันสมัยของข้อมูล รายอำเภอ", "Data freshness by district"),
    "map_placeholder": ("แผนที่: โหลดขอบเขตด้วยคำสั่ง tonbaeb geo load", "Map: load boundaries with tonbaeb geo load"),
    "no_data": ("ยังไม่มีข้อมูลที่ท่านมีสิทธิ์เห็น", "No data you may see yet"),
    "error": ("เกิดข้อผิดพลาด โปรดลองใหม่", "Something went wrong; please try again"),
    "logout": ("ออกจากระบบ", "Sign out"),
    "search": ("ค้นหาชื่อหรือรหัสชมรม", "Search club name or id"),
    "all": ("ทั้งหมด", "All"),
    "meets": ("ผ่าน", "Meets"),
    "not_meets": ("ไม่ผ่าน", "Does not meet"),
    "download": ("ดาวน์โหลด Excel", "Download Excel"),
    "rank": ("อันดับ", "Rank"),
    "name": ("ชื่อชมรม", "Club"),
    "network_type": ("ประเภทเครือข่าย", "Network type"),
    "score": ("คะแนน", "Score"),
    "years_meeting": ("ผ่านติดต่อกัน (ปี)", "Years in a row"),
    "attendance": ("การเข้าประชุม", "Attendance"),
    "score_change": ("เปลี่ยนจากปีก่อน", "Change"),
    "criteria_by_year": ("ผลรายเกณฑ์ รายปีงบประมาณ", "Criteria by fiscal year"),
    "meeting_timeline": ("การประชุมและสัดส่วนผู้เข้าร่วม (เส้น 70%)", "Meetings and attendance (70% line)"),
    "activities": ("กิจกรรม", "Activities"),
    "governance": ("การบริหาร", "Governance"),
    "member_list": ("รายชื่อสมาชิก", "Members"),
    "records_hidden": ("รายละเอียดระดับบันทึกเห็นได้เฉพาะอำเภอของท่าน", "Records are visible to the club's own district only"),
    "batches": ("รอบการนำเข้า", "Load batches"),
    "rejected": ("แถวที่ถูกปฏิเสธ", "Rejected rows"),
    "last_loaded": ("นำเข้าล่าสุด", "Last loaded"),
    "status": ("สถานะ", "Status"),
    "rows_read": ("แถวที่อ่าน", "Rows read"),
    "rows_loaded": ("นำเข้า", "Loaded"),
    "rows_rejected": ("ปฏิเสธ", "Rejected"),
    "choose_district": ("เลือกอำเภอ", "Choose a district"),
    "choose_province": ("เลือกจังหวัด", "Choose a province"),
    "pass": ("ผ่าน", "pass"),
    "fail": ("ไม่ผ่าน", "fail"),
    "source": ("แฟ้ม", "File"),
    "sheet": ("แผ่นงาน", "Sheet"),
    "row": ("แถว", "Row"),
    "column": ("คอลัมน์", "Column"),
    "value": ("ค่า", "Value"),
    "message": ("ข้อความ", "Message"),
    "reason": ("สาเหตุ", "Reason"),
    "held_on": ("วันที่", "Date"),
    "kind": ("ประเภท", "Kind"),
    "title": ("ชื่อกิจกรรม", "Title"),
    "partner": ("องค์กรภาคี", "Partner"),
    "present": ("ผู้เข้าร่วม", "Present"),
    "on_roll": ("สมาชิก ณ วันนั้น", "On the roll"),
    "full_name": ("ชื่อ-สกุล", "Name"),
    "role": ("ตำแหน่ง", "Role"),
    "joined_on": ("วันที่เข้า", "Joined"),
    "left_on": ("วันที่พ้น", "Left"),
    "not_found": ("ไม่พบชมรมนี้ในขอบเขตของท่าน", "No such club in your scope"),
    "national": ("ทั้งประเทศ", "Whole country"),
    "signed_in_as": ("ผู้ใช้", "Signed in as"),
}


def lang_of(value: str | None) -> str:
    """'en' or 'th' (the default)."""
    return "en" if value == "en" else "th"


def t(key: str, lang: str) -> str:
    """A label in the language."""
    th, en = TEXT[key]
    return en if lang == "en" else th


def criterion(key: str, lang: str) -> str:
    """A criterion's short label."""
    th, en = CRITERIA[key]
    return en if lang == "en" else th


def network(key: str | None, lang: str) -> str:
    """A network type's name."""
    if key is None:
        return ""
    return NETWORK_EN.get(key, key) if lang == "en" else NETWORK_TYPES.get(key, key)


def kind_label(key: str | None, lang: str) -> str:
    """A meeting, activity or role kind's name."""
    if key is None:
        return ""
    for table in (MEETING_KINDS, ACTIVITY_KINDS, ROLES):
        if key in table:
            return key.replace("_", " ") if lang == "en" else table[key]
    return key


def fiscal_year(year: int, lang: str) -> str:
    """'ปีงบประมาณ 2568' or 'FY 2568 (2024–25)'."""
    if lang == "en":
        return f"FY {year} ({year - 544}–{str(year - 543)[2:]})"
    return f"ปีงบประมาณ {year}"


def number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """A number with thousands separators; '–' when missing."""
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def percent(value: float | None, lang: str, digits: int = 0) -> str:
    """A 0-1 share as a percentage."""
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def day(value: date | datetime | None, lang: str) -> str:
    """A date: '15 มี.ค. 2559' in Thai, '15 Mar 2016' in English."""
    if value is None:
        return "–"
    if lang == "en":
        return value.strftime("%-d %b %Y")
    return f"{value.day} {THAI_MONTHS[value.month - 1]} {value.year + 543}"


def district_name(code: str, lang: str) -> str:
    """A district's name from the DOPA list."""
    found = geothai.district(code)
    if found is None:
        return code
    return found.name_en if lang == "en" else found.name_th


def province_name(code: str, lang: str) -> str:
    """A province's name from the DOPA list."""
    found = geothai.province(code)
    if found is None:
        return code
    return found.name_en if lang == "en" else found.name_th
