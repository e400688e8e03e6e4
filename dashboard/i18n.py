"""Every label in Thai and English, and numbers, dates and fiscal years for each language.

Thai shows Buddhist Era years and Thai month names; English shows the Common Era.
A fiscal year is named by the B.E. year in which it ends (FY 2568 = Oct 2024 - Sep 2025).
"""

from __future__ import annotations

from datetime import date, datetime

import geothai

from etl.schemas import BY_NAME, REASONS

LANGS = ("th", "en")
THAI_MONTHS = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CRITERIA: dict[str, tuple[str, str]] = {
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
KINDS: dict[str, tuple[str, str]] = {
    # network types
    "cdv_club": ("ชมรมอาสาพัฒนาชุมชน", "CD volunteer club"),
    "cdv_leader_club": ("ชมรมผู้นำอาสาพัฒนา", "CD volunteer leaders' club"),
    "women": ("เครือข่ายพัฒนาบทบาทสตรี", "Women's network"),
    "savings": ("เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต", "Savings groups network"),
    "otop": ("เครือข่ายผู้ผลิตผู้ประกอบการ OTOP", "OTOP producers' network"),
    "other": ("อื่นๆ", "Other"),
    # meetings
    "regular": ("ประชุมสามัญ", "Regular meeting"),
    "community_forum": ("เวทีประชาคม", "Community forum"),
    "evaluation_forum": ("เวทีประเมินผล", "Evaluation forum"),
    "exchange": ("เวทีแลกเปลี่ยนเรียนรู้", "Exchange forum"),
    # activities
    "capacity_building": ("พัฒนาศักยภาพสมาชิก", "Capacity building"),
    "problem_solving": ("แก้ไขปัญหาของชมรม", "Problem solving"),
    "partner_joint": ("ร่วมกับองค์กรภาคี", "With partners"),
    "knowledge_summary": ("สรุปองค์ความรู้", "Knowledge summary"),
    "publicity": ("เผยแพร่ประชาสัมพันธ์", "Publicity"),
    # governance
    "committee_appointed": ("แต่งตั้งคณะกรรมการ", "Committee appointed"),
    "rules_adopted": ("มีกฎระเบียบเป็นลายลักษณ์อักษร", "Written rules adopted"),
    "plan_adopted": ("มีแผนการดำเนินงาน", "Work plan adopted"),
    # member roles
    "chair": ("ประธาน", "Chair"),
    "vice_chair": ("รองประธาน", "Vice chair"),
    "secretary": ("เลขานุการ", "Secretary"),
    "treasurer": ("เหรัญญิก", "Treasurer"),
    "committee": ("กรรมการ", "Committee member"),
    "member": ("สมาชิก", "Member"),
    # batch status
    "loaded": ("นำเข้าแล้ว", "loaded"),
    "failed": ("ล้มเหลว", "failed"),
    "unchanged": ("ไม่เปลี่ยนแปลง", "unchanged"),
    "held": ("ระงับไว้", "held"),
    # roles of users
    "national": ("ส่วนกลาง", "national"),
    "director": ("พัฒนาการจังหวัด", "director"),
    "officer": ("เจ้าหน้าที่อำเภอ", "officer"),
    "admin": ("ผู้ดูแลระบบ", "admin"),
}
NETWORK_TYPES = ("cdv_club", "cdv_leader_club", "women", "savings", "otop", "other")
TEXT: dict[str, tuple[str, str]] = {
    "app": ("ต้นแบบ", "tonbaeb"),
    "overview": ("ภาพรวม", "Overview"),
    "workflow": ("การดำเนินงาน", "Workflow"),  # the navbar's menu of the workflow pages
    "leaderboard": ("จัดอันดับชมรม", "Leaderboard"),
    "quality": ("คุณภาพข้อมูล", "Data quality"),
    "compare": ("เปรียบเทียบชมรม", "Compare clubs"),
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
    "points": ("จุด", "pts"),
    "by_district": (
        "สัดส่วนชมรมที่ผ่านมาตรฐาน รายอำเภอ",
        "Share of clubs meeting the standard, by district",
    ),
    "by_province": (
        "สัดส่วนชมรมที่ผ่านมาตรฐาน รายจังหวัด",
        "Share of clubs meeting the standard, by province",
    ),
    "by_criterion": (
        "อัตราผ่านรายเกณฑ์ (เกณฑ์ใดไม่ผ่านมากที่สุด)",
        "Pass rate of each criterion (which fails most)",
    ),
    "district_vs_province": (
        "อัตราผ่านรายเกณฑ์: อำเภอเทียบจังหวัด",
        "Pass rate of each criterion: district against province",
    ),
    "trend": ("แนวโน้มการผ่านมาตรฐาน รายปีงบประมาณ", "Share meeting the standard by fiscal year"),
    "freshness": ("ความทันสมัยของข้อมูล รายอำเภอ", "Data freshness by district"),
    "no_data": ("ยังไม่มีข้อมูลที่ท่านมีสิทธิ์เห็น", "No data you may see yet"),
    "error": ("เกิดข้อผิดพลาด โปรดลองใหม่อีกครั้ง", "Something went wrong; please try again"),
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
    "clubs_by_criteria": ("ชมรม × เกณฑ์ทั้งเก้า", "Clubs × the nine criteria"),
    "meeting_timeline": (
        "การประชุมและสัดส่วนผู้เข้าร่วม เทียบเส้น 70%",
        "Meetings and attendance against the 70% line",
    ),
    "activities_by_kind": ("กิจกรรมตามประเภท รายปีงบประมาณ", "Activities by kind and fiscal year"),
    "activities_by_partner": ("กิจกรรมร่วมกับองค์กรภาคี", "Activities with partners"),
    "roll_over_time": ("สมาชิกและคะแนน รายปีงบประมาณ", "Members and score by fiscal year"),
    "activities": ("กิจกรรม", "Activities"),
    "meetings": ("การประชุม", "Meetings"),
    "qualifying_meetings": ("ประชุมที่ผ่านเกณฑ์", "Qualifying meetings"),
    "governance": ("เอกสารการบริหาร", "Governance documents"),
    "member_list": ("รายชื่อสมาชิก", "Members"),
    "attendance_list": ("ผู้เข้าประชุม", "Attendees"),
    "records_hidden": (
        "รายละเอียดระดับบันทึกเห็นได้เฉพาะพัฒนาการจังหวัดและเจ้าหน้าที่อำเภอของชมรม",
        "Records are visible to the province's director and the club's own district officer only",
    ),
    "batches": ("รอบการนำเข้า", "Load batches"),
    "sheets": ("แถวรายแผ่นงาน (รอบล่าสุด)", "Rows per sheet (latest batch)"),
    "rejected": ("แถวที่ถูกปฏิเสธ", "Rejected rows"),
    "by_reason": ("แถวที่ถูกปฏิเสธตามสาเหตุ", "Rejected rows by reason"),
    "districts": ("จำนวนอำเภอ", "Districts"),
    "most_in": ("มากที่สุดที่อำเภอ", "Most in"),
    "submissions": ("การส่งข้อมูลรายอำเภอ", "Submissions by district"),
    "completeness": ("ครบถ้วน", "Complete"),
    "received": ("ส่งแล้ว", "Received"),
    "days_late": ("ล่าช้า (วัน)", "Days late"),
    "timeliness": ("ทันเวลา", "On time"),
    "last_loaded": ("นำเข้าล่าสุด", "Last loaded"),
    "status": ("สถานะ", "Status"),
    "rows_read": ("แถวที่อ่าน", "Rows read"),
    "rows_loaded": ("นำเข้า", "Loaded"),
    "rows_rejected": ("ปฏิเสธ", "Rejected"),
    "choose_district": ("เลือกอำเภอ", "Choose a district"),
    "choose_province": ("เลือกจังหวัด", "Choose a province"),
    "choose_clubs": ("เลือกชมรม 2–4 ชมรม", "Choose two to four clubs"),
    "yes": ("ใช่", "yes"),
    "no": ("ไม่", "no"),
    "source": ("แฟ้ม", "File"),
    "sheet": ("แผ่นงาน", "Sheet"),
    "row": ("แถว", "Row"),
    "column": ("คอลัมน์", "Column"),
    "value": ("ค่า", "Value"),
    "message": ("ข้อความ", "Message"),
    "reason": ("สาเหตุ", "Reason"),
    "rows": ("จำนวนแถว", "Rows"),
    "held_on": ("วันที่", "Date"),
    "kind": ("ประเภท", "Kind"),
    "title": ("ชื่อกิจกรรม", "Title"),
    "partner": ("องค์กรภาคี", "Partner"),
    "participants": ("ผู้เข้าร่วม", "Participants"),
    "present": ("ผู้เข้าร่วม", "Present"),
    "on_roll": ("สมาชิก ณ วันนั้น", "On the roll"),
    "share": ("สัดส่วน", "Share"),
    "full_name": ("ชื่อ-สกุล", "Name"),
    "role": ("ตำแหน่ง", "Role"),
    "gender": ("เพศ", "Gender"),
    "joined_on": ("วันที่เข้า", "Joined"),
    "left_on": ("วันที่พ้น", "Left"),
    "effective_on": ("มีผลตั้งแต่", "In force from"),
    "expires_on": ("สิ้นสุด", "Until"),
    "document_ref": ("เลขที่เอกสาร", "Document"),
    "meeting": ("การประชุม", "Meeting"),
    "not_found": ("ไม่พบชมรมนี้ในขอบเขตของท่าน", "No such club in your scope"),
    "national": ("ทั้งประเทศ", "Whole country"),
    "signed_in_as": ("ผู้ใช้", "Signed in as"),
    "open_club": ("คลิกชื่อชมรมเพื่อดูรายละเอียด", "Click a club's name to open it"),
    "founded_on": ("ก่อตั้ง", "Founded"),
    "subdistrict": ("ตำบล", "Subdistrict"),
    "threshold": ("เกณฑ์ 70%", "70% line"),
    "pass": ("ผ่าน", "pass"),
    "fail": ("ไม่ผ่าน", "fail"),
    "rows_of": ("แสดง {shown} จาก {total} แถว", "Showing {shown} of {total} rows"),
    "attendance_count": ("{n} คน", "{n} people"),
    # --- maps -------------------------------------------------------------------------------
    "map_none": ("ยังไม่ได้โหลดขอบเขตการปกครอง", "No boundaries loaded yet"),
    "map": ("แผนที่", "Map"),
    "map_measure": ("แสดงบนแผนที่", "Show on the map"),
    "map_load_how": ("ผู้ดูแลระบบโหลดขอบเขตได้ด้วยคำสั่ง", "An administrator can load them with"),
    "map_rate_by_district": (
        "อัตราผ่านเกณฑ์ {criterion} รายอำเภอ",
        "Pass rate of {criterion}, by district",
    ),
    "map_rate_by_province": (
        "อัตราผ่านเกณฑ์ {criterion} รายจังหวัด",
        "Pass rate of {criterion}, by province",
    ),
    "map_no_data": ("ไม่มีข้อมูล", "No data"),
    "map_meeting_of": ("ผ่าน {meeting} จาก {clubs} ชมรม", "{meeting} of {clubs} clubs meet it"),
    "map_of_clubs": ("จาก {clubs} ชมรม", "of {clubs} clubs"),
    "map_click_district": ("คลิกที่อำเภอเพื่อเปิดหน้าอำเภอ", "Click a district to open it"),
    "map_click_province": (
        "คลิกที่จังหวัดเพื่อเปิดภาพรวมของจังหวัด",
        "Click a province to open its overview",
    ),
    "map_clubs": ("ที่ตั้งชมรมในอำเภอ", "Where the district's clubs are"),
    "map_click_club": (
        "คลิกที่จุดเพื่อเปิดหน้าชมรม · จุดโปร่ง = ตำแหน่งโดยประมาณ",
        "Click a point to open its club · hollow marks: approximate place",
    ),
    "map_meets": ("ผ่านมาตรฐาน", "Meets the standard"),
    "map_not_meets": ("ไม่ผ่านมาตรฐาน", "Does not meet the standard"),
    "map_spread": (
        "ตำแหน่งโดยประมาณ: วางรอบจุดกลางอำเภอ (ชมรมไม่ได้ระบุพิกัด)",
        "Approximate: placed around the district's centre (no coordinates given)",
    ),
    "map_own_place": ("พิกัดที่ชมรมระบุ", "The club's own coordinates"),
    # (maps: add labels above this line)
    #
    #
    # --- exemplars: candidates and the workflow ----------------------------------------------
    "exemplars": ("ชมรมต้นแบบ", "Exemplars"),
    "exemplar_score": ("คะแนนต้นแบบ", "Exemplar score"),
    "candidates": (
        "ชมรมที่เข้าเกณฑ์คัดเลือกเป็นต้นแบบ เรียงตามคะแนนต้นแบบ",
        "Candidates, ranked by exemplar score",
    ),
    "candidates_note": (
        "คะแนนต้นแบบ = ผลรวมของ น้ำหนัก × คะแนนส่วนย่อย (0–1) × 100 ÷ ผลรวมน้ำหนัก คลิกชื่อชมรมเพื่อดูรายละเอียด",
        "Exemplar score = sum of weight × part (0–1) × 100 ÷ sum of weights. Click a club to open it.",
    ),
    "parts_figure": ("คะแนนต้นแบบแยกตามส่วนย่อย", "Exemplar score split into its parts"),
    "how_scored": ("วิธีคิดคะแนนต้นแบบ", "How the exemplar score is made"),
    "part": ("ส่วนย่อย", "Part"),
    "measures": ("วัดจาก", "Measures"),
    "weight": ("น้ำหนัก", "Weight"),
    "max_points": ("คะแนนเต็ม", "Full points"),
    "part_streak": ("ผ่านมาตรฐานต่อเนื่อง", "Years in a row"),
    "part_steps": ("ขั้นตอนที่ 5–7", "Steps 5–7"),
    "part_attendance": ("การเข้าประชุม", "Attendance"),
    "part_partners": ("ภาคีเครือข่าย", "Partners"),
    "part_retention": ("การคงอยู่ของสมาชิก", "Retention"),
    "part_growth": ("สมาชิกเพิ่มขึ้น", "Growth"),
    "part_trend": ("แนวโน้ม", "Trend"),
    "measures_streak": (
        "จำนวนปีที่ผ่านมาตรฐานติดต่อกันจนถึงปีนี้ (เต็มที่ {n} ปี)",
        "Years in a row meeting the standard up to this one (full at {n})",
    ),
    "measures_steps": (
        "สัดส่วนของเวทีประเมินผล สรุปองค์ความรู้ และเผยแพร่ ที่ทำในปีนี้",
        "Share of evaluation forum, knowledge summary and publicity done this year",
    ),
    "measures_attendance": (
        "สัดส่วนผู้เข้าประชุมเฉลี่ยของปีนี้",
        "Mean attendance rate of the year's meetings",
    ),
    "measures_partners": (
        "จำนวนองค์กรภาคีที่ไม่ซ้ำกันในช่วง {years} ปี (เต็มที่ {n} แห่ง)",
        "Distinct partner organisations over {years} years (full at {n})",
    ),
    "measures_retention": (
        "สัดส่วนสมาชิกสิ้นปีก่อนที่ยังอยู่ถึงสิ้นปีนี้",
        "Share of last year-end's roll still on the roll at this year-end",
    ),
    "measures_growth": (
        "จำนวนสมาชิกที่เพิ่มขึ้นจากสิ้นปีก่อน (เต็มที่ +{share})",
        "Roll growth since last year-end (full at +{share})",
    ),
    "measures_trend": (
        "จำนวนเกณฑ์ที่ผ่านเพิ่มจากปีก่อน (คงที่ = ครึ่งหนึ่ง, +{n} = เต็ม)",
        "Criteria gained since the year before (none = half, +{n} = full)",
    ),
    "exemplar_status": ("สถานะ", "Status"),
    "status_none": ("ยังไม่ได้เสนอ", "Not proposed"),
    "status_proposed": ("เสนอชื่อแล้ว", "Proposed"),
    "status_shortlisted": ("อยู่ในบัญชีรายชื่อ", "Shortlisted"),
    "status_selected": ("คัดเลือกเป็นต้นแบบ", "Selected"),
    "status_rejected": ("ไม่คัดเลือก", "Rejected"),
    "action_propose": ("เสนอชื่อ", "Propose"),
    "action_shortlist": ("ขึ้นบัญชีรายชื่อ", "Shortlist"),
    "action_select": ("คัดเลือกเป็นต้นแบบ", "Select"),
    "action_reject": ("ไม่คัดเลือก", "Reject"),
    "action_withdraw": ("ถอนการเสนอชื่อ", "Withdraw"),
    "action_reopen": ("ยกเลิกการตัดสินใจล่าสุด", "Reopen (undo the last decision)"),
    "decide": ("บันทึกการเสนอชื่อ / การตัดสินใจ", "Propose or decide"),
    "decide_club": ("ชมรม", "Club"),
    "decide_action": ("การดำเนินการ", "Action"),
    "decide_reason": ("เหตุผล (จำเป็นต้องระบุ)", "Reason (required)"),
    "decide_submit": ("บันทึก", "Record"),
    "decide_nothing": ("ขณะนี้ไม่มีชมรมที่ท่านดำเนินการได้", "There is nothing you may decide now"),
    "decided": ("บันทึกแล้ว: {action} · {club}", "Recorded: {action} · {club}"),
    "refused_bad_action": ("โปรดเลือกการดำเนินการ", "Choose an action"),
    "refused_no_reason": ("โปรดระบุเหตุผล", "Please give a reason"),
    "refused_reason_too_long": ("เหตุผลยาวเกินไป", "The reason is too long"),
    "refused_not_allowed": ("ท่านไม่มีสิทธิ์ดำเนินการนี้กับชมรมนี้", "You may not do this to this club"),
    "refused_not_proposer": ("ถอนได้เฉพาะผู้เสนอชื่อ", "Only whoever proposed may withdraw"),
    "refused_wrong_state": (
        "ดำเนินการนี้ไม่ได้ในสถานะปัจจุบันของชมรม",
        "Not possible in the club's current status",
    ),
    "refused_not_candidate": (
        "ชมรมนี้ไม่อยู่ในเกณฑ์คัดเลือกของปีนี้",
        "This club is not a candidate this year",
    ),
    "refused_unknown_club": ("ไม่พบชมรมนี้ในปีงบประมาณนี้", "No such club this fiscal year"),
    "history": ("ประวัติการเสนอชื่อและการตัดสินใจ", "History of proposals and decisions"),
    "when": ("เมื่อ", "When"),
    "by": ("โดย", "By"),
    "strong": (
        "ชมรมที่ดูโดดเด่นแต่ยังไม่เข้าเกณฑ์คัดเลือก และเหตุผล",
        "Strong-looking clubs that are not candidates, and why",
    ),
    "why": ("เหตุผล", "Why"),
    "reason_not_meeting_standard": ("ยังไม่ผ่านมาตรฐานในปีนี้", "does not meet the standard this year"),
    "reason_no_knowledge_summary": (
        "ยังไม่ได้สรุปองค์ความรู้ในปีนี้ (ยังถ่ายทอดให้ผู้อื่นไม่ได้)",
        "has not summarised its knowledge this year (cannot teach yet)",
    ),
    "reason_no_publicity": (
        "ยังไม่ได้เผยแพร่ผลการดำเนินงานในปีนี้",
        "has not publicised its results this year",
    ),
    "reason_district_incomplete": (
        "ข้อมูลปีงบประมาณ {year} ของอำเภอ{district}ยังไม่ครบถ้วน: {why}",
        "{district}'s FY {year} submission is incomplete: {why}",
    ),
    "reason_district_late": (
        "อำเภอ{district}ส่งข้อมูลปีงบประมาณ {year} ล่าช้า {days} วัน",
        "{district}'s FY {year} submission arrived {days} days late",
    ),
    "why_not_submitted": ("ยังไม่ได้ส่งหลังสิ้นปีงบประมาณ", "not sent since the year ended"),
    "why_missing_sheets": ("ขาดแผ่นงาน {sheets}", "missing sheets {sheets}"),
    "why_no_records": ("ไม่มีข้อมูลการประชุมหรือกิจกรรมของปีนั้น", "no meetings or activities of that year"),
    "why_too_many_rejected": (
        "แถวถูกปฏิเสธ {share} ของที่อ่าน",
        "{share} of the rows read were rejected",
    ),
    "why_late": ("ล่าช้า {days} วัน", "{days} days late"),
    "choose_fiscal_year": ("เลือกปีงบประมาณ", "Choose a fiscal year"),
    "national_read_only": ("ส่วนกลางดูได้อย่างเดียว", "National: read only"),
    # (exemplars: add labels above this line)
    #
    #
    # --- expansion plan ----------------------------------------------------------------------
    "plan": ("แผนขยายผล", "Expansion plan"),
    "plan_how": (
        "ชมรมต้นแบบแต่ละแห่งเป็นพี่เลี้ยงให้เครือข่ายที่ยังไม่ผ่านมาตรฐาน ในอำเภอเดียวกันหรืออำเภอที่มีเขตติดกัน ไม่เกิน {limit} เครือข่าย "
        "แผนที่เสนอครอบคลุมเครือข่ายให้มากที่สุดก่อน แล้วจึงเลือกเครือข่ายประเภทเดียวกัน เกณฑ์ที่ต้นแบบช่วยได้มากกว่า และระยะทางที่ใกล้กว่า",
        "Each exemplar mentors at most {limit} networks that do not meet the standard, in its "
        "own district or a district sharing a border with it. A proposed plan covers as many "
        "networks as it can first, then prefers the same network type, more criteria the "
        "exemplar can help with, and shorter distances.",
    ),
    "plan_no_boundaries": (
        "ยังไม่ได้โหลดขอบเขตอำเภอ จึงไม่ทราบว่าอำเภอใดติดกัน ต้นแบบจึงจับคู่ได้เฉพาะเครือข่ายในอำเภอเดียวกัน",
        "No district boundaries are loaded, so no district is known to border another: "
        "exemplars are paired within their own district only.",
    ),
    "plan_no_exemplars": (
        "ยังไม่มีชมรมที่คัดเลือกเป็นต้นแบบใน{year} คัดเลือกต้นแบบก่อนที่หน้าชมรมต้นแบบ แล้วจึงจัดทำแผนขยายผล",
        "No exemplars are selected for {year} yet. Select them on the Exemplars page first, then plan their spread.",
    ),
    "plan_open_exemplars": ("ไปที่หน้าชมรมต้นแบบ", "Open the Exemplars page"),
    "plan_none_director": (
        "ยังไม่มีแผนของปีนี้ กำหนดจำนวนเครือข่ายสูงสุดต่อต้นแบบ แล้วกด เสนอแผนใหม่",
        "No plan for this year yet: set the most networks per exemplar and press Propose a new plan.",
    ),
    "plan_not_yet_made": ("ยังไม่มีแผน", "No plan yet"),
    "plan_none": (
        "พัฒนาการจังหวัดยังไม่ได้จัดทำแผนของปีนี้",
        "The province's director has not made a plan for this year yet.",
    ),
    "plan_read_only": (
        "ดูได้อย่างเดียว พัฒนาการจังหวัดเป็นผู้จัดทำและแก้ไขแผน",
        "Read only: the province's director makes and changes the plan.",
    ),
    "plan_exemplars": ("ชมรมต้นแบบ", "Exemplars"),
    "plan_in_need": ("เครือข่ายที่ยังไม่ผ่านมาตรฐาน", "Networks in need"),
    "plan_within_reach": ("อยู่ในระยะของต้นแบบ", "Within an exemplar's reach"),
    "plan_covered": ("มีพี่เลี้ยงแล้ว", "Covered"),
    "plan_uncovered": ("ยังไม่มีพี่เลี้ยง", "Uncovered"),
    "plan_now_meeting": ("ผ่านมาตรฐานแล้ว (ปีงบประมาณ {year})", "Now meet the standard (FY {year})"),
    "plan_made": (
        "แผน{year} จัดทำโดย {by} เมื่อ {at} · ต้นแบบละไม่เกิน {limit} เครือข่าย",
        "Plan for {year}, made by {by} on {at} · at most {limit} networks per exemplar",
    ),
    "plan_limit": ("จำนวนเครือข่ายสูงสุดต่อต้นแบบ", "Most networks per exemplar"),
    "plan_propose": ("เสนอแผนใหม่", "Propose a new plan"),
    "plan_propose_note": (
        "แผนใหม่จะแทนแผนที่แสดงอยู่ (แผนเดิมยังเก็บไว้ในระบบ) คู่ที่จับเองในแผนเดิมไม่ถูกนำมาด้วย",
        "A new plan replaces the one shown (earlier plans are kept); pairs set by hand are not carried over.",
    ),
    "plan_proposed": ("จัดทำแผนใหม่แล้ว: {pairs} คู่", "New plan made: {pairs} pairs"),
    "plan_map": ("แผนที่แผนขยายผล", "The plan on the map"),
    "plan_exemplar": ("ชมรมต้นแบบ", "Exemplar"),
    "plan_mentee": ("เครือข่ายที่ต้นแบบดูแล", "Mentored network"),
    "plan_not_covered": ("เครือข่ายที่ยังไม่มีพี่เลี้ยง", "Network in need, uncovered"),
    "plan_link": ("คู่พี่เลี้ยง", "Mentoring pair"),
    "plan_mentors": ("ดูแล {n} เครือข่าย", "mentors {n} networks"),
    "plan_mentored_by": ("พี่เลี้ยง: {name}", "Mentor: {name}"),
    "plan_pairs": ("คู่พี่เลี้ยงในแผน", "Pairs in the plan"),
    "plan_col_exemplar": ("ชมรมต้นแบบ", "Exemplar"),
    "plan_col_exemplar_id": ("รหัสต้นแบบ", "Exemplar ID"),
    "plan_col_mentee_id": ("รหัสเครือข่าย", "Network ID"),
    "plan_col_exemplar_district": ("อำเภอของต้นแบบ", "Exemplar's district"),
    "plan_col_exemplar_type": ("ประเภทของต้นแบบ", "Exemplar's type"),
    "plan_col_mentee": ("เครือข่าย", "Network"),
    "plan_col_mentee_district": ("อำเภอของเครือข่าย", "Network's district"),
    "plan_col_mentee_type": ("ประเภทของเครือข่าย", "Network's type"),
    "plan_col_same_type": ("ประเภทเดียวกัน", "Same type"),
    "plan_col_helped": ("เกณฑ์ที่ต้นแบบช่วยได้", "Criteria the exemplar can help with"),
    "plan_col_distance_km": ("ระยะทาง (กม.)", "Distance (km)"),
    "plan_col_origin": ("ที่มา", "Origin"),
    "plan_col_outcome": ("ผลปีงบประมาณ {year}", "FY {year}"),
    "plan_col_notes": ("หมายเหตุ", "Notes"),
    "plan_col_failed": ("เกณฑ์ที่ยังไม่ผ่าน", "Criteria not passed"),
    "plan_col_why": ("เหตุที่ยังไม่มีพี่เลี้ยง", "Why uncovered"),
    "plan_col_remove": ("นำออก", "Remove"),
    "plan_origin_proposed": ("ระบบเสนอ", "Proposed"),
    "plan_origin_manual": ("จับคู่เอง", "By hand"),
    "plan_now_meets": ("ผ่านแล้ว", "Now meets"),
    "plan_not_yet": ("ยังไม่ผ่าน", "Not yet"),
    "plan_why_out_of_reach": (
        "ไม่มีต้นแบบในอำเภอเดียวกันหรืออำเภอที่ติดกัน",
        "No exemplar in its district or a bordering one",
    ),
    "plan_why_full": ("ต้นแบบที่อยู่ในระยะดูแลครบจำนวนแล้ว", "Every exemplar within reach is full"),
    "plan_why_room": (
        "มีต้นแบบในระยะที่ยังรับได้: จับคู่เองหรือเสนอแผนใหม่",
        "An exemplar within reach has room: pair by hand or propose again",
    ),
    "plan_note_exemplar_not_selected": (
        "ต้นแบบนี้ไม่ได้อยู่ในสถานะคัดเลือกแล้ว",
        "The exemplar is no longer selected",
    ),
    "plan_note_mentee_not_in_need": (
        "เครือข่ายนี้ไม่ได้อยู่ในกลุ่มที่ยังไม่ผ่านมาตรฐานของปีนี้แล้ว (ข้อมูลเปลี่ยน)",
        "The network is no longer in need this year (the data changed)",
    ),
    "plan_uncovered_title": (
        "เครือข่ายที่ยังไม่มีพี่เลี้ยง และเหตุผล",
        "Networks in need without an exemplar, and why",
    ),
    "plan_all_covered": (
        "เครือข่ายที่ยังไม่ผ่านมาตรฐานทุกแห่งมีพี่เลี้ยงแล้ว",
        "Every network in need has an exemplar",
    ),
    "plan_removed": ("นำ {club} ออกจากแผนแล้ว", "{club} taken out of the plan"),
    "plan_hand": ("จับคู่ด้วยตนเอง", "Pair by hand"),
    "plan_hand_note": (
        "เลือกได้เฉพาะคู่ที่เป็นไปตามหลักเกณฑ์: เครือข่ายในอำเภอเดียวกันหรืออำเภอที่ติดกัน และต้นแบบที่ยังดูแลไม่ครบจำนวน "
        "เครือข่ายที่มีพี่เลี้ยงอยู่แล้วจะย้ายมาอยู่กับต้นแบบที่เลือก",
        "Only pairs that keep the rules are offered: a network in the exemplar's district or a bordering one, and an "
        "exemplar with room. A network that already has an exemplar moves to the one chosen.",
    ),
    "plan_hand_exemplar": ("ชมรมต้นแบบ (ที่ยังรับได้)", "Exemplar (with room)"),
    "plan_hand_network": ("เครือข่าย (อยู่ในระยะ)", "Network (within reach)"),
    "plan_hand_submit": ("จับคู่", "Pair"),
    "plan_paired": ("จับคู่แล้ว: {exemplar} → {network}", "Paired: {exemplar} → {network}"),
    "plan_option": (
        "{name} · {district} · {km} · ช่วยได้ {helped} เกณฑ์",
        "{name} · {district} · {km} · helps with {helped} criteria",
    ),
    "plan_option_same": ("ประเภทเดียวกัน", "same type"),
    "plan_option_moves": ("ย้ายจาก {club}", "moves from {club}"),
    "plan_km": ("{km} กม.", "{km} km"),
    "plan_sheet_pairs": ("แผนขยายผล", "plan"),
    "plan_sheet_uncovered": ("ยังไม่มีพี่เลี้ยง", "uncovered"),
    "plan_refused_not_allowed": (
        "เฉพาะพัฒนาการจังหวัดเท่านั้นที่จัดทำและแก้ไขแผนได้",
        "Only the province's director may make or change its plan",
    ),
    "plan_refused_no_data": ("ไม่มีข้อมูลของปีนี้", "No data for this year"),
    "plan_refused_bad_limit": (
        "จำนวนเครือข่ายสูงสุดต่อต้นแบบต้องเป็น 1–{max}",
        "The most networks per exemplar must be 1–{max}",
    ),
    "plan_refused_no_exemplars": (
        "ยังไม่มีชมรมที่คัดเลือกเป็นต้นแบบของปีนี้",
        "No exemplars are selected for this year",
    ),
    "plan_refused_too_large": (
        "แผนใหญ่เกินกว่าจะคำนวณในครั้งเดียว ลองลดจำนวนต่อต้นแบบ",
        "Too large to plan at once; try fewer networks per exemplar",
    ),
    "plan_refused_no_plan": ("ยังไม่มีแผน โปรดเสนอแผนก่อน", "No plan yet: propose one first"),
    "plan_refused_not_exemplar": (
        "ชมรมนี้ไม่ได้คัดเลือกเป็นต้นแบบของปีนี้",
        "This club is not an exemplar selected for this year",
    ),
    "plan_refused_not_in_need": (
        "เครือข่ายนี้ไม่ได้อยู่ในกลุ่มที่ยังไม่ผ่านมาตรฐานของปีนี้",
        "This network is not in need this year",
    ),
    "plan_refused_out_of_reach": (
        "เครือข่ายนี้อยู่นอกอำเภอของต้นแบบและอำเภอที่ติดกัน",
        "This network is outside the exemplar's district and the districts bordering it",
    ),
    "plan_refused_full": (
        "ต้นแบบนี้ดูแลครบจำนวนที่แผนกำหนดแล้ว",
        "This exemplar already mentors as many networks as the plan allows",
    ),
    "plan_refused_not_in_plan": ("เครือข่ายนี้ไม่อยู่ในแผนแล้ว", "This network is no longer in the plan"),
    "plan_refused_choose": ("โปรดเลือกต้นแบบและเครือข่าย", "Choose an exemplar and a network"),
    # (plan: add labels above this line)
    #
    #
    # --- knowledge record --------------------------------------------------------------------
    "knowledge_record": ("แบบบันทึกองค์ความรู้", "Knowledge record"),
    "knowledge_open": ("แบบบันทึกองค์ความรู้", "Knowledge record"),
    "knowledge_note": (
        "ข้อความส่วนหนึ่งเติมจากข้อมูลในระบบ แก้ไขได้ ช่องที่ว่างไว้ให้เจ้าหน้าที่เขียน แล้วกดบันทึก",
        (
            "Part of the text is filled in from the data and can be edited; the empty fields are "
            "for the officer to write. Then save."
        ),
    ),
    "knowledge_save": ("บันทึกแบบฟอร์ม", "Save the record"),
    "knowledge_saved": ("บันทึกแล้ว โดย {by} เมื่อ {at}", "Saved by {by} at {at}"),
    "knowledge_docx": ("ดาวน์โหลด Word (.docx)", "Download Word (.docx)"),
    "knowledge_print": ("หน้าสำหรับพิมพ์", "Printable page"),
    "knowledge_print_hint": (
        "สั่งพิมพ์จากเบราว์เซอร์ (Ctrl+P) ฉบับที่พิมพ์คือฉบับที่บันทึกไว้ล่าสุด",
        "Print from the browser (Ctrl+P); what prints is the record as last saved",
    ),
    "knowledge_saved_version": (
        "ดาวน์โหลดและหน้าพิมพ์ใช้ฉบับที่บันทึกไว้ล่าสุด",
        "The download and the printable page use the record as last saved",
    ),
    "knowledge_not_allowed": (
        "แบบบันทึกองค์ความรู้ดูและแก้ไขได้เฉพาะพัฒนาการจังหวัดและเจ้าหน้าที่อำเภอของชมรม",
        "Only the province's director and the club's district officer may see and edit the knowledge record",
    ),
    "knowledge_not_selected": (
        "จัดทำแบบบันทึกองค์ความรู้ได้เฉพาะชมรมที่คัดเลือกเป็นต้นแบบของปีนั้นแล้ว",
        "A knowledge record is made only for a club selected as an exemplar that year",
    ),
    "knowledge_bad_fields": ("บันทึกไม่สำเร็จ โปรดลองใหม่", "Not saved; please try again"),
    "knowledge_too_long": ("ข้อความบางช่องยาวเกินไป", "Some fields are too long"),
    "field_author": ("ชื่อผู้ถอดบทเรียน", "Who drew the lessons"),
    "field_contact": ("เบอร์โทรที่สามารถติดต่อได้", "Contact telephone"),
    "field_title": ("ชื่อเรื่อง", "Title"),
    "field_problem": ("เป็นการแก้ไขปัญหาเกี่ยวกับ", "The problem it addresses"),
    "field_place": ("สถานที่เกิดเหตุการณ์", "Place"),
    "field_story": ("เนื้อเรื่อง", "The story"),
    "field_steps": ("ขั้นตอนการดำเนินงาน", "Steps taken"),
    "field_assets": ("บันทึกขุมความรู้ (Knowledge Assets)", "Knowledge assets"),
    "field_competency": ("แก่นความรู้ (Core Competency)", "Core competency"),
    "field_strategies": ("กลยุทธ์ในการทำงาน", "Working strategies"),
    "field_theory": ("แนวคิดทฤษฎีที่สอดคล้องกับแก่นความรู้", "Related theory"),
    # (knowledge record: add labels above this line)
    # submissions held by the shrink guard (etl.shrink)
    "held_submissions": ("ข้อมูลที่ระงับไว้ ไม่ได้เผยแพร่", "Submissions held back"),
    "held_help": (
        "ข้อมูลที่ส่งมาจะทำให้แผ่นงานที่เผยแพร่แล้วลดลงเกินกำหนดหรือหายไปทั้งหมด จึงยังคงแสดงข้อมูลเดิม "
        "ตรวจแฟ้มกับอำเภอ หากถูกต้องให้นำเข้าอีกครั้งด้วย --accept-shrink รหัสอำเภอ",
        "These submissions would cut a published sheet by more than the limit, or to nothing, so the "
        "previous data stays published. Check the file with the district; if it is right, load it "
        "again with --accept-shrink DISTRICT",
    ),
    "held_cuts": ("แผ่นงานที่ลดลง (เดิม → ใหม่)", "Sheets cut (published → new)"),
    "held_at": ("เวลาที่ระงับ", "Held at"),
    "no_held": ("ไม่มีข้อมูลที่ระงับไว้", "No submission is held"),
    # the upload page (/submit)
    "submit": ("ส่งข้อมูล", "Send data"),
    "submit_not_allowed": (
        "เฉพาะเจ้าหน้าที่อำเภอ (อำเภอของตน) และพัฒนาการจังหวัดเท่านั้นที่ส่งข้อมูลได้",
        "Only a district's officer (their own district) and the province's director may send data",
    ),
    "submit_template": (
        "ดาวน์โหลดแบบฟอร์มนำเข้าข้อมูล (มีข้อมูลล่าสุดเติมไว้)",
        "Download the entry workbook (pre-filled)",
    ),
    "submit_template_help": (
        "กรอกหรือแก้ไขข้อมูลในแบบฟอร์ม แล้วนำแฟ้มมาวางด้านล่าง ระบบจะตรวจให้ก่อนบันทึกจริง",
        "Fill in or update the workbook, then drop it below: it is checked before anything is saved",
    ),
    "submit_drop": (
        "ลากแฟ้ม .xlsx, .ods หรือ .zip (CSV) มาวางที่นี่ หรือคลิกเพื่อเลือกแฟ้ม (ไม่เกิน {mb} MB)",
        "Drop an .xlsx, an .ods (LibreOffice) or a .zip of CSV files here, or click to choose one (at most {mb} MB)",
    ),
    "submit_refused": ("ไม่รับแฟ้มนี้: {why}", "This file is refused: {why}"),
    "submit_unreadable": (
        "อ่านแฟ้มไม่ได้ ไม่มีข้อมูลใดถูกบันทึก: {why}",
        "The file cannot be read; nothing was saved: {why}",
    ),
    "submit_dry_run": (
        "ผลการทดลองนำเข้า (ยังไม่บันทึก) · {name}",
        "Dry run (nothing saved yet) · {name}",
    ),
    "submit_totals": (
        "อ่าน {read} แถว · นำเข้าได้ {loaded} แถว · ถูกปฏิเสธ {rejected} แถว",
        "{read} rows read · {loaded} would load · {rejected} rejected",
    ),
    "submit_before": ("ข้อมูลเดิม", "Published now"),
    "submit_after": ("หลังส่ง", "After sending"),
    "submit_shrink": (
        "คำเตือน: แฟ้มนี้จะลดข้อมูลที่อำเภอเคยส่งไว้มาก",
        "Warning: this file would cut the district's published data",
    ),
    "submit_shrink_row": (
        "{sheet}: จาก {before} เหลือ {after} แถว",
        "{sheet}: from {before} to {after} rows",
    ),
    "submit_warning": (
        "คำเตือน: แฟ้มนี้จะทำให้ข้อมูลที่เผยแพร่แล้วหายไป",
        "Warning: this file would take away published data",
    ),
    "submit_removes_clubs": (
        "ชมรมที่จะถูกลบ {n} ชมรม พร้อมข้อมูลทั้งหมดของชมรม:",
        "{n} club(s) would be removed, with everything of theirs:",
    ),
    "submit_club_losses": (
        "ชมรมที่จะเสียสมาชิกหรือการประชุมของปีงบประมาณส่วนใหญ่:",
        "Clubs that would lose most of their members or of a year's meetings:",
    ),
    "submit_loses_standard": (
        "ชมรมที่จะไม่ผ่านเกณฑ์มาตรฐานเพราะข้อมูลหายไป (ไม่ใช่เพราะข้อมูลใหม่):",
        "Clubs that would stop meeting the standard because rows are lost (not because of new data):",
    ),
    "submit_acknowledge": (
        "ข้าพเจ้าได้อ่านคำเตือนนี้แล้ว และตั้งใจส่งข้อมูลนี้แทนข้อมูลเดิม",
        "I have read this warning and mean to replace the published data",
    ),
    "submit_removal_reason": (
        "เหตุผลที่ลบชมรม (จำเป็น บันทึกไว้ในประวัติการใช้งาน)",
        "Why these clubs are removed (required, kept in the audit log)",
    ),
    "submit_ack_needed": (
        "โปรดอ่านคำเตือนและยืนยันก่อนส่งข้อมูล",
        "Read the warning and confirm it before sending",
    ),
    "submit_reason_needed": (
        "โปรดระบุเหตุผลที่ลบชมรมก่อนส่งข้อมูล",
        "Give the reason the clubs are removed before sending",
    ),
    "submit_standard": ("ชมรมที่ผ่านเกณฑ์มาตรฐาน", "Clubs meeting the standard"),
    "submit_clubs": ("ชมรม", "Clubs"),
    "submit_meeting": ("ผ่านเกณฑ์", "Meeting the standard"),
    "submit_rejected": ("แถวที่ถูกปฏิเสธ", "Rejected rows"),
    "submit_none_rejected": ("ไม่มีแถวที่ถูกปฏิเสธ", "No row is rejected"),
    "submit_download_rejected": ("ดาวน์โหลดแถวที่ถูกปฏิเสธเพื่อแก้ไข", "Download the rejected rows to fix"),
    "submit_send": ("ยืนยันส่งข้อมูล", "Submit"),
    "submit_cancel": ("ยกเลิก", "Cancel"),
    "submit_cancelled": ("ยกเลิกแล้ว ไม่มีข้อมูลใดถูกบันทึก", "Cancelled; nothing was saved"),
    "submit_done": (
        "บันทึกข้อมูลอำเภอ{district}แล้ว: นำเข้า {loaded} แถว ถูกปฏิเสธ {rejected} แถว",
        "District {district} is saved: {loaded} rows loaded, {rejected} rejected",
    ),
    "submit_failed": (
        "บันทึกไม่สำเร็จ ข้อมูลเดิมยังอยู่: {why}",
        "Not saved; the published data stays: {why}",
    ),
    "submit_held": ("ระงับไว้ ยังไม่เผยแพร่: {why}", "Held, not published: {why}"),
    "submit_busy": (
        "อำเภอนี้มีการส่งข้อมูลอื่นกำลังบันทึกอยู่ โปรดรอสักครู่แล้วลองใหม่",
        "Another submission of this district is being saved; please try again in a moment",
    ),
    "submit_expired": (
        "ไม่พบแฟ้มที่ส่ง (หมดเวลา หรือเป็นของผู้ใช้อื่น) โปรดส่งแฟ้มใหม่",
        "The upload is gone (expired or not yours); please upload again",
    ),
    "submit_view_district": ("ดูหน้าอำเภอ", "Open the district page"),
    "channel": ("ช่องทาง", "Channel"),
    "channel_pulled": ("ดึงจากแหล่งข้อมูล", "pulled"),
    "channel_uploaded": ("ส่งผ่านระบบโดย {who}", "uploaded by {who}"),
    # (issue 11: phones, widgets, empty states, maps; add labels above the knowledge-record line)
    "code": ("รหัส", "ID"),
    "page_not_found": ("ไม่พบหน้านี้", "Page not found"),
    "page_not_found_note": ("ที่อยู่นี้ไม่ใช่หน้าใดของระบบ", "This address is not a page of the dashboard"),
    "back_to_overview": ("กลับไปหน้าภาพรวม", "Back to the overview"),
    "choose_club": ("เลือกชมรม", "Choose a club"),
    "choose_club_note": (
        "เลือกชมรมจากรายการ หรือเปิดจากหน้าจัดอันดับชมรม",
        "Pick a club from the list, or open one from the leaderboard",
    ),
    "open_leaderboard": ("ไปหน้าจัดอันดับชมรม", "Open the leaderboard"),
    "knowledge_choose": (
        "ไปหน้าคัดเลือกต้นแบบ (แบบบันทึกมีเฉพาะชมรมที่คัดเลือกเป็นต้นแบบ)",
        "Open the exemplars (a record exists only for a selected exemplar)",
    ),
    "club_not_found": (
        "ไม่พบชมรมนี้ หรือชมรมนี้อยู่นอกขอบเขตที่ท่านมีสิทธิ์เห็น",
        "No such club, or it is outside what you may see",
    ),
    "compare_limit": (
        "เปรียบเทียบได้ครั้งละไม่เกิน 4 ชมรม จึงแสดง 4 ชมรมแรกที่เลือก",
        "At most four clubs at a time: the first four chosen are shown",
    ),
    "show_list": ("แสดงรายการ ({n})", "Show the list ({n})"),
    "map_view": ("ค่าที่แสดง", "Values"),
    "map_view_level": ("ปีที่เลือก", "The chosen year"),
    "map_view_change": ("เปลี่ยนจากปีก่อน", "Change from last year"),
    "map_change_title": (
        "{measure}: เปลี่ยนจากปีก่อน (จุดร้อยละ)",
        "{measure}: change from last year (percentage points)",
    ),
    "map_no_change": ("ไม่มีข้อมูลปีก่อน", "No data for the year before"),
    "map_fell_more": ("ลดลงมากกว่า {n} {unit}", "Down more than {n} {unit}"),
    "map_fell": ("ลดลง {a}–{b} {unit}", "Down {a}–{b} {unit}"),
    "map_same": ("ทรงตัว (±{n} {unit})", "About the same (±{n} {unit})"),
    "map_rose": ("เพิ่มขึ้น {a}–{b} {unit}", "Up {a}–{b} {unit}"),
    "map_rose_more": ("เพิ่มขึ้นมากกว่า {n} {unit}", "Up more than {n} {unit}"),
    "subdistrict_of": ("ตำบล{name}", "{name} subdistrict"),
}
# Scorecard, leaderboard, data quality by period and national navigation (dash-views).
VIEWS_TEXT: dict[str, tuple[str, str]] = {
    "scorecard": ("ตารางคะแนนมาตรฐาน", "Scorecard"),
    "scorecard_districts": (
        "อัตราผ่านเกณฑ์แต่ละข้อของทุกอำเภอ และส่วนที่ผ่านมาตรฐาน เทียบปีก่อน · คลิกชื่ออำเภอเพื่อดูรายละเอียด · คลิกหัวคอลัมน์เพื่อเรียง",
        (
            "Each district's pass rate of every criterion and share meeting the standard, against "
            "the year before · a district's name opens it · a header sorts"
        ),
    ),
    "scorecard_provinces": (
        "อันดับจังหวัด: อัตราผ่านเกณฑ์แต่ละข้อ และส่วนที่ผ่านมาตรฐาน เทียบปีก่อน · คลิกชื่อจังหวัดเพื่อดูรายอำเภอ",
        (
            "League table of provinces: each criterion's pass rate and the share meeting the "
            "standard, against the year before · a province's name opens its districts"
        ),
    ),
    "print": ("พิมพ์ (A4 แนวนอน)", "Print (A4 landscape)"),
    "light": ("ระดับ", "Level"),
    "light_green": ("ดี", "Good"),
    "light_amber": ("พอใช้", "Fair"),
    "light_red": ("ต้องเร่งรัด", "Needs attention"),
    "scorecard_arrows": ("▲ ▼ เปลี่ยนจากปีก่อน (จุด)", "▲ ▼ change from the year before (points)"),
    "scorecard_rules": (
        "เกณฑ์สีจากไฟล์กฎ ฉบับ {version}",
        "Thresholds from the rules file, version {version}",
    ),
    "whole_province": ("ทั้งจังหวัด", "Whole province"),
    "change_points": ("เปลี่ยนจากปีก่อน (จุด)", "Change (points)"),
    "choose_province_hint": ("เลือกจังหวัดที่ต้องการดู", "Choose the province to show"),
    "found_clubs": ("พบ {n} ชมรม", "{n} clubs found"),
    "club_id": ("รหัสชมรม", "Club ID"),
    "steps_done": ("ขั้นที่ 5–7 (ข้อ)", "Steps 5–7 done"),
    "rule_leaderboard": (
        (
            "อันดับในหน้านี้: คะแนนมาตรฐาน (ร้อยละของเกณฑ์ 9 ข้อที่ผ่าน) มากก่อน "
            "ถ้าเท่ากันดูการเข้าประชุม แล้วจำนวนปีที่ผ่านมาตรฐานติดต่อกัน แล้วขั้นที่ 5–7 ที่ทำได้"
        ),
        (
            "Ranked here by the standard score (share of the nine criteria passed), ties broken "
            "by attendance, then years in a row meeting the standard, then steps 5–7 done"
        ),
    ),
    "rule_exemplars": (
        (
            "หน้าคัดเลือกต้นแบบ: คะแนนต้นแบบ (ถ่วงน้ำหนัก: ผ่านติดต่อกัน ขั้นที่ 5–7 "
            "การเข้าประชุม ภาคี การคงอยู่ การเติบโต แนวโน้ม) "
            "เฉพาะชมรมที่อำเภอส่งข้อมูลครบและตรงเวลา"
        ),
        (
            "Exemplars page: the exemplar score (weighted: years in a row, steps 5–7, attendance, "
            "partners, retention, growth, trend), only clubs whose district submitted completely "
            "and on time"
        ),
    ),
    "rules_differ": ("สองหน้านี้จัดอันดับด้วยกฎต่างกัน:", "These two pages rank by different rules:"),
    "fy_grid": ("การส่งข้อมูลรายอำเภอ รายปีงบประมาณ", "Submissions by district and fiscal year"),
    "on_time_short": ("ตรงเวลา", "on time"),
    "late_days": ("ช้า {n} วัน", "{n} days late"),
    "incomplete": ("ไม่ครบ", "incomplete"),
    "complete_short": ("ครบ", "complete"),
    "not_received": ("ยังไม่ได้ส่ง", "not received"),
    "not_due": ("ยังไม่ถึงกำหนด", "not yet due"),
    "history_year": ("ข้อมูลย้อนหลัง", "history"),
    "rows_rejected_short": ("ปฏิเสธ {n} แถว", "{n} rows rejected"),
    "overdue_download": (
        "ดาวน์โหลดอำเภอที่ส่งช้าหรือไม่ครบ (Excel)",
        "Download late and incomplete districts (Excel)",
    ),
    "due_on": ("กำหนดส่ง", "Due"),
    "submitted_on": ("ส่งเมื่อ", "Submitted"),
    "problem": ("ปัญหา", "Problem"),
}
TEXT |= VIEWS_TEXT
# Rejected rows by root cause: the dry run, the data quality page and their downloads.
REJECTED_TEXT: dict[str, tuple[str, str]] = {
    "cause": ("ต้นเหตุ", "Root cause"),
    "cause_self": ("แถวนี้", "this row"),
    "cause_at": ("{sheet} แถว {row}", "{sheet} row {row}"),
    "cause_fallen": ("1 ช่อง → {rows} แถว", "1 cell → {rows} rows"),
    "cause_fallen_header": ("ช่องต้นเหตุ → แถวที่ถูกปฏิเสธ", "Cell → rows rejected"),
    "rejected_causes": ("ต้นเหตุ: แก้ช่องเหล่านี้ก่อน", "Root causes: fix these cells first"),
    "rejected_causes_note": (
        "ถูกปฏิเสธ {rows} แถว จากต้นเหตุ {causes} ช่อง แถวที่อ้างถึงชมรม การประชุม หรือสมาชิกที่ถูกปฏิเสธ จะถูกปฏิเสธตามไปด้วย",
        (
            "{rows} rows rejected from {causes} cells: a row that refers to a rejected club, "
            "meeting or member is rejected with it"
        ),
    ),
    "rejected_every_row": ("แถวที่ถูกปฏิเสธทั้งหมด (เรียงตามต้นเหตุ)", "Every rejected row (by root cause)"),
    "rejected_more": (
        "ตารางแสดง {shown} จาก {total} แถว ทุกแถวอยู่ในแฟ้มที่ดาวน์โหลด",
        "The grid holds {shown} of {total} rows; the download has them all",
    ),
    "sheet_causes": ("ต้นเหตุ", "causes"),
    "sheet_rejected": ("แถวที่ถูกปฏิเสธ", "rejected"),
    "batch": ("รอบการนำเข้า", "Load batch"),
    "batch_option": (
        "{when} · {status} · ถูกปฏิเสธ {rows} แถว",
        "{when} · {status} · {rows} rows rejected",
    ),
    "download_batch": (
        "ดาวน์โหลดแถวที่ถูกปฏิเสธของรอบนี้ (Excel)",
        "Download this batch's rejected rows (Excel)",
    ),
    "submit_sent_rejected": (
        "ชุดที่ส่งมีแถวที่ถูกปฏิเสธ {rows} แถว ดาวน์โหลดไปแก้ไขได้ (ดูได้ที่หน้าคุณภาพข้อมูลด้วย)",
        "{rows} rows of this submission were rejected: download them to fix (they are on the data quality page too)",
    ),
    "submit_sent_download": (
        "ดาวน์โหลดแถวที่ถูกปฏิเสธของชุดที่ส่ง",
        "Download the submission's rejected rows",
    ),
    "open_quality": ("ดูหน้าคุณภาพข้อมูล", "Open data quality"),
}
TEXT |= REJECTED_TEXT


def lang_of(value: object) -> str:
    """'en' or 'th' (the default)."""
    return "en" if value == "en" else "th"


def t(key: str, lang: str, **values: object) -> str:
    """A label in the language (with {placeholders} filled)."""
    th, en = TEXT[key]
    text = en if lang == "en" else th
    return text.format(**values) if values else text


def criterion(key: str, lang: str) -> str:
    """A criterion's short label."""
    th, en = CRITERIA.get(key, (key, key))
    return en if lang == "en" else th


def kind(key: str | None, lang: str) -> str:
    """The name of a network type, meeting, activity, governance kind, member or user role."""
    if key is None:
        return ""
    th, en = KINDS.get(key, (key, key))
    return en if lang == "en" else th


# The grid's own words (AG Grid's localeText keys): paging, loading and the filter menus, in Thai.
GRID_TH = {
    "page": "หน้า",
    "of": "จาก",
    "to": "ถึง",
    "more": "เพิ่มเติม",
    "next": "ถัดไป",
    "last": "สุดท้าย",
    "first": "แรก",
    "previous": "ก่อนหน้า",
    "firstPage": "หน้าแรก",
    "previousPage": "หน้าก่อน",
    "nextPage": "หน้าถัดไป",
    "lastPage": "หน้าสุดท้าย",
    "pageSizeSelectorLabel": "แถวต่อหน้า:",
    "pageLastRowUnknown": "?",
    "loadingOoo": "กำลังโหลด...",
    "loadingError": "โหลดไม่สำเร็จ",
    "noRowsToShow": "ไม่มีข้อมูล",
    "filterOoo": "กรอง...",
    "searchOoo": "ค้นหา...",
    "selectAll": "เลือกทั้งหมด",
    "blanks": "(ว่าง)",
    "equals": "เท่ากับ",
    "notEqual": "ไม่เท่ากับ",
    "blank": "ว่าง",
    "notBlank": "ไม่ว่าง",
    "empty": "เลือกเงื่อนไข",
    "lessThan": "น้อยกว่า",
    "greaterThan": "มากกว่า",
    "lessThanOrEqual": "น้อยกว่าหรือเท่ากับ",
    "greaterThanOrEqual": "มากกว่าหรือเท่ากับ",
    "inRange": "ระหว่าง",
    "inRangeStart": "ตั้งแต่",
    "inRangeEnd": "ถึง",
    "contains": "มีคำว่า",
    "notContains": "ไม่มีคำว่า",
    "startsWith": "ขึ้นต้นด้วย",
    "endsWith": "ลงท้ายด้วย",
    "before": "ก่อน",
    "after": "หลัง",
    "andCondition": "และ",
    "orCondition": "หรือ",
    "applyFilter": "ใช้",
    "resetFilter": "ล้างค่า",
    "clearFilter": "ล้าง",
    "cancelFilter": "ยกเลิก",
    "textFilter": "กรองข้อความ",
    "numberFilter": "กรองตัวเลข",
    "dateFilter": "กรองวันที่",
}


# Dash 4's dropdown words (dcc.Dropdown `labels`), in Thai; "{num_selected}" is filled in by the dropdown.
DROPDOWN_TH = {
    "select_all": "เลือกทั้งหมด",
    "deselect_all": "ไม่เลือกทั้งหมด",
    "selected_count": "เลือกแล้ว {num_selected} รายการ",
    "search": "ค้นหา",
    "clear_search": "ล้างคำค้น",
    "clear_selection": "ล้างที่เลือก",
    "no_options_found": "ไม่พบตัวเลือก",
}


def dropdown_text(lang: str) -> dict[str, str] | None:
    """The dropdown's own words in the language (None: its built-in English)."""
    return DROPDOWN_TH if lang == "th" else None


# The boundaries' default attribution and map credit (etl.geo), as a Thai reader reads them; names of
# sources and licences stay as they are published.
GEO_TH = {
    "Boundaries: Royal Thai Survey Department, via UN OCHA / Humanitarian Data Exchange "
    "(COD-AB Thailand, 2022), CC BY 3.0 IGO; simplified. Codes and names: Department of "
    "Provincial Administration via GeoThai/data, CC BY 4.0.": "ขอบเขตพื้นที่: กรมแผนที่ทหาร ผ่าน UN OCHA / HDX "
    "(COD-AB, 2565) สัญญาอนุญาต CC BY 3.0 IGO ปรับให้เรียบ · "
    "รหัสและชื่อพื้นที่: กรมการปกครอง ผ่าน GeoThai สัญญาอนุญาต CC BY 4.0",
    "Boundaries © RTSD / OCHA HDX (CC BY-IGO), simplified · Names: DOPA / GeoThai (CC BY 4.0)": (
        "ขอบเขต © กรมแผนที่ทหาร / OCHA HDX (CC BY-IGO) ปรับให้เรียบ · ชื่อ: กรมการปกครอง / "
        "GeoThai (CC BY 4.0)"
    ),
}


def attribution(text: str | None, lang: str) -> str:
    """A boundaries attribution or credit in the language (a text loaded by hand stays as given)."""
    if not text:
        return ""
    return GEO_TH.get(text, text) if lang == "th" else text


def month_year(value: date, lang: str) -> str:
    """'ม.ค. 2564' in Thai (B.E.), 'Jan 2021' in English: a date axis's tick."""
    if lang == "en":
        return f"{EN_MONTHS[value.month - 1]} {value.year}"
    return f"{THAI_MONTHS[value.month - 1]} {value.year + 543}"


def grid_text(lang: str) -> dict[str, str]:
    """The grid's own words in the language (its built-in English when empty)."""
    return GRID_TH if lang == "th" else {}


def rejection(code: str, lang: str) -> str:
    """Why the ETL rejected a row, in words (its reason codes' catalogue); an unknown code as it is."""
    th, en = REASONS.get(code, (code, code))
    return en if lang == "en" else th


def network(key: str | None, lang: str) -> str:
    """A network type's name."""
    return kind(key, lang)


def fiscal_year(year: int, lang: str) -> str:
    """'ปีงบประมาณ 2568' or 'FY 2568 (2024–25)'."""
    if lang == "en":
        return f"FY {year} ({year - 544}–{str(year - 543)[2:]})"
    return f"ปีงบประมาณ {year}"


def fiscal_year_short(year: int, lang: str) -> str:
    """'2568' in Thai, 'FY 2568' in English (axis ticks)."""
    return f"FY {year}" if lang == "en" else str(year)


def number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """A number with thousands separators; '–' when missing."""
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def percent(value: float | None, lang: str, digits: int = 0) -> str:
    """A 0-1 share as a percentage; '–' when missing."""
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def points(delta: float | None, lang: str) -> str:
    """A change of a share, in percentage points: '+3.2 จุด' / '+3.2 pts'."""
    return "–" if delta is None else f"{100 * delta:+.1f} {t('points', lang)}"


def signed(delta: float | None, lang: str, digits: int = 0) -> str:
    """A signed change of a count or score."""
    return "–" if delta is None else f"{delta:+,.{digits}f}"


def day(value: date | datetime | None, lang: str) -> str:
    """A date: '15 มี.ค. 2559' in Thai, '15 Mar 2016' in English."""
    if value is None:
        return "–"
    if lang == "en":
        return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {THAI_MONTHS[value.month - 1]} {value.year + 543}"


def moment(value: datetime | None, lang: str) -> str:
    """A date and time of day."""
    if value is None:
        return "–"
    return f"{day(value, lang)} {value.hour:02d}:{value.minute:02d}"


def district_name(code: str | None, lang: str) -> str:
    """A district's name from the DOPA list (the code itself when unknown)."""
    found = geothai.district(code or "")
    if found is None:
        return code or ""
    return found.name_en if lang == "en" else found.name_th


def province_name(code: str | None, lang: str) -> str:
    """A province's name from the DOPA list (the code itself when unknown)."""
    found = geothai.province(code or "")
    if found is None:
        return code or ""
    return found.name_en if lang == "en" else found.name_th


def subdistrict_name(code: str | None, lang: str) -> str:
    """'ตำบลในเมือง' / 'Nai Mueang subdistrict' from the DOPA list (the code itself when unknown)."""
    found = geothai.subdistrict(code or "")
    if found is None:
        return code or ""
    return t("subdistrict_of", lang, name=found.name_en if lang == "en" else found.name_th)


def area_name(code: str | None, lang: str) -> str:
    """A province (2 digits) or district (4 digits) name."""
    return province_name(code, lang) if code and len(code) == 2 else district_name(code, lang)


def yes_no(value: bool | None, lang: str) -> str:
    """'ใช่'/'ไม่' or 'yes'/'no'."""
    return "–" if value is None else t("yes" if value else "no", lang)


def sheet_name(sheet: str | None, lang: str) -> str:
    """A submission sheet's name as the contract's Thai headers say it ('activities' -> 'กิจกรรม')."""
    found = BY_NAME.get(sheet or "")
    return (sheet or "") if found is None or lang == "en" else found.thai


def column_name(sheet: str | None, column: str | None, lang: str) -> str:
    """A sheet's column as its Thai header ('held_on' -> its Thai name); unknown ones as they are."""
    found = BY_NAME.get(sheet or "")
    if found is None or column is None or lang == "en":
        return column or ""
    return next((c.thai for c in found.columns if c.name == column), column)


def file_name(source: str | None) -> str:
    """The file a source names, without the server's folders ('inbox/62/6205.xlsx' -> '6205.xlsx')."""
    text = (source or "").rstrip("/")
    return text.rsplit("/", 1)[-1] if text else ""
