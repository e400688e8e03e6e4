"""What the data says about a selected exemplar, written as the knowledge record's pre-filled
text in Thai (numbers in Thai digits, as the founding record writes them). No member names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geothai
import polars as pl

from core import formats

NETWORK_TH = {
    "cdv_club": "ชมรมอาสาพัฒนาชุมชน", "cdv_leader_club": "ชมรมผู้นำอาสาพัฒนา",
    "women": "เครือข่ายพัฒนาบทบาทสตรี", "savings": "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต",
    "otop": "เครือข่ายผู้ผลิตผู้ประกอบการ OTOP", "other": "เครือข่ายองค์กรชุมชน",
}  # fmt: skip


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


def thai_number(value: float | int, digits: int = 0) -> str:
    """A number written with Thai digits, as the founding record writes them."""
    return formats.thai_digits(f"{value:,.{digits}f}")


def thai_year(year: int) -> str:
    """A Buddhist Era year in Thai digits (no thousands separator)."""
    return formats.thai_digits(str(int(year)))


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
    years = (
        facts.years
        if not facts.years.is_empty()
        else pl.DataFrame(schema={"fiscal_year": pl.Int32, "meets_standard": pl.Boolean})
    )
    met = [int(year) for year in years.filter(pl.col("meets_standard"))["fiscal_year"]]
    rows = years.filter(pl.col("fiscal_year") == fy)
    this_year = rows.row(0, named=True) if rows.height else {}
    first = facts.profile.get("entered_standard_fy") or min(years["fiscal_year"].to_list() or [fy])
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
        "author": "",  # the officer who draws the lessons writes their own name
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
