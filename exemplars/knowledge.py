"""The knowledge record (แบบบันทึกองค์ความรู้) of a selected exemplar, as the founding Khlong Khlung
record lays it out: pre-filled from what the data knows, completed by the officer, saved in the
application-state store (never the warehouse), and written out as a Thai Word document.

Only the province's director and the officer of the club's district may read or edit a record
(it is built from the club's records). It holds the club's name and figures, never members' names.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

import docx
import geothai
import polars as pl
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from accounts import audit
from accounts.scope import Scope
from exemplars import decisions
from warehouse import queries
from warehouse.home import Home

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
FONT = "TH Sarabun New"
MAX_FIELD = 10_000
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NETWORK_TH = {
    "cdv_club": "ชมรมอาสาพัฒนาชุมชน", "cdv_leader_club": "ชมรมผู้นำอาสาพัฒนา",
    "women": "เครือข่ายพัฒนาบทบาทสตรี", "savings": "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต",
    "otop": "เครือข่ายผู้ผลิตผู้ประกอบการ OTOP", "other": "เครือข่ายองค์กรชุมชน",
}  # fmt: skip


class KnowledgeError(Exception):
    """A record that may not be read or saved; `code` says why (not_allowed, not_selected, ...)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


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
    store: sqlite3.Connection,
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
        "where province_code = ? and district_code = ? and club_id = ? and fiscal_year = ?",
        [found[:2], found, club_id, fiscal_year],
    ).fetchone()
    if row is None:
        return Record(found, club_id, fiscal_year, facts.name, fields)
    saved = json.loads(row["fields"])
    fields |= {k: v for k, v in saved.items() if k in FIELDS and isinstance(v, str)}
    return Record(
        found, club_id, fiscal_year, facts.name, fields, row["updated_by"], row["updated_at"]
    )


def save(
    store: sqlite3.Connection,
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
    store.execute("begin immediate")
    try:
        store.execute(
            "insert into knowledge_records (province_code, district_code, club_id, fiscal_year, "
            "fields, updated_by, updated_at) values (?, ?, ?, ?, ?, ?, ?) "
            "on conflict (province_code, district_code, club_id, fiscal_year) do update set "
            "fields = excluded.fields, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            [
                current.district[:2],
                current.district,
                club_id,
                fiscal_year,
                text,
                scope.username,
                at,
            ],
        )
        audit.record(
            store,
            scope,
            "knowledge_record_save",
            f"{current.district}/{club_id} fy {fiscal_year}",
            ip,
        )
        store.execute("commit")
    except BaseException:
        store.execute("rollback")
        raise
    return record(store, home, scope, district, club_id, fiscal_year)


@dataclass(frozen=True)
class Facts:
    """What the data knows about the club, for the pre-filled text (no member names)."""

    name: str
    fiscal_year: int
    profile: dict[str, Any]
    years: pl.DataFrame  # club_year_compliance by year
    exemplar: dict[str, Any]
    meetings: pl.DataFrame  # the year's meetings: kind, present, on_roll
    activities: pl.DataFrame  # the year's activities: kind, title, partner_org


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


def thai_number(value: float | int, digits: int = 0) -> str:
    """A number written with Thai digits, as the founding record writes them."""
    return f"{value:,.{digits}f}".translate(THAI_DIGITS)


def thai_year(year: int) -> str:
    """A Buddhist Era year in Thai digits (no thousands separator)."""
    return str(int(year)).translate(THAI_DIGITS)


def _count(frame: pl.DataFrame, kind: str) -> int:
    return 0 if frame.is_empty() else frame.filter(pl.col("kind") == kind).height


def _titles(frame: pl.DataFrame, kind: str) -> str:
    if frame.is_empty():
        return ""
    titles = list(dict.fromkeys(str(t) for t in frame.filter(pl.col("kind") == kind)["title"]))
    return f" ได้แก่ {', '.join(titles)}" if titles else ""


def _place(facts: Facts) -> tuple[str, str, str]:
    """Subdistrict, district and province names (Thai, DOPA)."""
    code = str(facts.profile["subdistrict_code"])
    sub = next((s.name_th for s in geothai.subdistricts(code[:4]) if s.code == code), code)
    district = geothai.district(code[:4])
    province = geothai.province(code[:2])
    return (
        sub,
        district.name_th if district else code[:4],
        province.name_th if province else code[:2],
    )


def prefill(facts: Facts) -> dict[str, str]:
    """The record's fields as far as the data knows them; the rest are left for the officer."""
    name, fy, e = facts.name, facts.fiscal_year, facts.exemplar
    sub, district, province = _place(facts)
    n, y = thai_number, thai_year
    years = facts.years
    met = (
        [int(y) for y in years.filter(pl.col("meets_standard"))["fiscal_year"]]
        if not years.is_empty()
        else []
    )
    this_year = (
        years.filter(pl.col("fiscal_year") == fy).row(0, named=True) if not years.is_empty() else {}
    )
    first = facts.profile.get("entered_standard_fy") or (
        int(years["fiscal_year"].min()) if not years.is_empty() else fy
    )  # type: ignore[arg-type]
    partners = _partners(facts.activities)
    story = [
        f"{name} เป็น{NETWORK_TH.get(str(facts.profile['network_type']), 'เครือข่ายองค์กรชุมชน')} "
        f"ในพื้นที่ตำบล{sub} อำเภอ{district} จังหวัด{province} "
        f"เข้าสู่ระบบมาตรฐานการพัฒนาชุมชนตั้งแต่ปีงบประมาณ {y(first)}",
        f"ผ่านเกณฑ์มาตรฐานการพัฒนาชุมชนในปีงบประมาณ {', '.join(y(year) for year in met) or '-'} "
        f"รวม {n(len(met))} ปี "
        f"และผ่านติดต่อกัน {n(e['streak_years'])} ปีจนถึงปีงบประมาณ {y(fy)}",
        f"ในปีงบประมาณ {y(fy)} ชมรมมีสมาชิก {n(e['members_end'])} คน "
        f"(สิ้นปีก่อน {n(e['members_start'])} คน) "
        f"จัดประชุม {n(this_year.get('meetings_held') or 0)} ครั้ง "
        f"ผู้เข้าประชุมเฉลี่ยร้อยละ {n(100 * (e['attendance_rate'] or 0))} "
        f"และมีการประชุมที่ผู้เข้าร่วมถึงเกณฑ์ {n(this_year.get('qualifying_meetings') or 0)} ครั้ง",
        f"จัดกิจกรรม {n(facts.activities.height)} ครั้ง ร่วมกับองค์กรภาคี {n(len(partners))} แห่ง"
        + (f" ได้แก่ {', '.join(partners)}" if partners else ""),
        f"ได้รับคัดเลือกเป็นชมรมต้นแบบของจังหวัด{province} ปีงบประมาณ {y(fy)} "
        f"ด้วยคะแนนต้นแบบ {n(e['exemplar_score'], 1)} จาก ๑๐๐",
    ]
    return {
        "author": name,
        "contact": "",
        "title": f"เทคนิคการนำระบบมาตรฐานงานชุมชนมาขับเคลื่อนงาน{name}",
        "problem": f"การขับเคลื่อนงาน{name}ให้มีประสิทธิภาพเพิ่มขึ้น",
        "place": f"{name} ตำบล{sub} อำเภอ{district} จังหวัด{province}",
        "story": "\n".join(story),
        "steps": "\n".join(_steps(facts, this_year, partners)),
        "assets": "",
        "competency": "",
        "strategies": "",
        "theory": "",
    }


def _partners(activities: pl.DataFrame) -> list[str]:
    if activities.is_empty():
        return []
    named = activities.filter(
        (pl.col("kind") == "partner_joint") & pl.col("partner_org").is_not_null()
    )
    return list(dict.fromkeys(str(p).strip() for p in named["partner_org"]))


def _steps(facts: Facts, year: dict[str, Any], partners: list[str]) -> list[str]:
    """The seven steps of the founding record, each with what the data shows for the year."""
    n, m, a = thai_number, facts.meetings, facts.activities

    def passed(key: str) -> str:
        return "ผ่าน" if year.get(key) else "ยังไม่ผ่าน"

    partner_text = f" ({', '.join(partners)})" if partners else ""
    return [
        f"๑. ประชุมชมรมเพื่อสร้างความรู้ความเข้าใจการนำระบบมาตรฐานการพัฒนาชุมชนมาปรับใช้ "
        f"(ประชุมสามัญ {n(_count(m, 'regular'))} ครั้ง)",
        f"๒. แลกเปลี่ยนเรียนรู้ร่วมกันระหว่างสมาชิกและเจ้าหน้าที่ "
        f"(เวทีแลกเปลี่ยนเรียนรู้ {n(_count(m, 'exchange'))} ครั้ง)",
        f"๓. เวทีประชาคมให้สมาชิกวิเคราะห์ตนเองและวางแผนการดำเนินงาน "
        f"(เวทีประชาคม {n(_count(m, 'community_forum'))} ครั้ง; เกณฑ์: {passed('forum')})",
        "๔. ดำเนินกิจกรรมที่มาจากการแลกเปลี่ยนเรียนรู้และการมีส่วนร่วมของสมาชิก",
        f" - ๔.๑ แต่งตั้งคณะกรรมการและปฏิบัติงานตามหน้าที่ ({passed('committee')})",
        f" - ๔.๒ มีกฎระเบียบเป็นลายลักษณ์อักษรและเป็นที่ยอมรับร่วมกัน ({passed('rules')})",
        f" - ๔.๓ ประชุม {n(year.get('meetings_held') or 0)} ครั้ง ผู้เข้าร่วมถึงเกณฑ์ "
        f"{n(year.get('qualifying_meetings') or 0)} ครั้ง ({passed('meetings')})",
        f" - ๔.๔ พัฒนาศักยภาพสมาชิก {n(_count(a, 'capacity_building'))} ครั้ง ({passed('capacity')})",
        f" - ๔.๕ แก้ไขปัญหาของชมรม {n(_count(a, 'problem_solving'))} ครั้ง "
        f"ร่วมกับองค์กรภาคี {n(_count(a, 'partner_joint'))} ครั้ง{partner_text} "
        f"({passed('problem_partner')})",
        f"๕. เวทีประเมินผลกิจกรรมตามแผนงาน (เวทีประเมินผล {n(_count(m, 'evaluation_forum'))} ครั้ง)",
        f"๖. สรุปองค์ความรู้ {n(_count(a, 'knowledge_summary'))} ครั้ง{_titles(a, 'knowledge_summary')}",
        f"๗. เผยแพร่ประชาสัมพันธ์ผลการดำเนินงาน {n(_count(a, 'publicity'))} ครั้ง"
        f"{_titles(a, 'publicity')}",
    ]


def docx_bytes(rec: Record) -> bytes:
    """The record as a Word document in Thai (TH Sarabun New, for Thai script too)."""
    document = docx.Document()
    _thai_styles(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold(heading.add_run(HEADING), size=20)
    for key, label in FIELDS.items():
        _bold(document.add_paragraph().add_run(label))
        lines = [line for line in rec.fields.get(key, "").splitlines() if line.strip()] or ["-"]
        for line in lines:
            document.add_paragraph(_clean(line))
    props = document.core_properties
    props.title = _clean(rec.fields.get("title", ""))[:250]
    props.author = "ต้นแบบ (tonbaeb)"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _clean(text: str) -> str:
    """Text without the control characters XML cannot hold."""
    return NOT_XML.sub("", text)


def _bold(run: Any, size: int | None = None) -> None:
    run.bold = True
    run.font.cs_bold = True
    if size:
        run.font.size = Pt(size)
        _cs_size(run.element.get_or_add_rPr(), size)


def _thai_styles(document: Any) -> None:
    """Every paragraph in TH Sarabun New 16 pt, Latin and complex-script (Thai) runs alike."""
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(16)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    _cs_size(rpr, 16)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _cs_size(rpr: Any, points: int) -> None:
    """The complex-script size (w:szCs, in half-points) beside w:sz."""
    for old in rpr.findall(qn("w:szCs")):
        rpr.remove(old)
    size = OxmlElement("w:szCs")
    size.set(qn("w:val"), str(points * 2))
    rpr.insert_element_before(
        size,
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    )
