"""The knowledge record of a selected exemplar: pre-filled from the data, saved (audited), only for
its editors, kept across reloads, and written as a Word document that holds the club's figures."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from accounts.audit import read as read_audit
from accounts.database import Store
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from exemplars import decisions, document, knowledge
from exemplars.knowledge import FIELDS, KnowledgeError
from tests.exemplars.submission import DISTRICT, MODEL, Submission, load, model_club

DIRECTOR = Scope("director62", "director", "62")
OFFICER = Scope("officer6205", "officer", "62", "6205")
FY = 2568
NAME = "ชมรมต้นแบบคลองขลุง"


@pytest.fixture
def loaded(tmp_path: Path, state_url: str | None) -> Iterator[tuple[Home, Store, Path, Submission]]:
    """The model club of the score tests, loaded through the ETL, and the state store."""
    home = Home(tmp_path / "home", state_url)
    sub = Submission()
    model_club(sub, range(2565, 2569))
    folder = tmp_path / "inbox" / DISTRICT
    load(home, folder, sub)
    store = open_store(home)
    yield home, store, folder, sub
    store.close()


def select(home: Home, store: Store) -> None:
    decisions.decide(store, home, OFFICER, "propose", DISTRICT, MODEL, FY, "ต้นแบบ", at=1.0e9)
    decisions.decide(store, home, DIRECTOR, "select", DISTRICT, MODEL, FY, "ต้นแบบ", at=1.0e9)


def test_the_record_is_prefilled_from_the_data_without_member_names(
    loaded: tuple[Home, Store, Path, Submission],
) -> None:
    home, store, _folder, _sub = loaded
    select(home, store)
    fields = knowledge.record(store, home, OFFICER, DISTRICT, MODEL, FY).fields
    assert set(fields) == set(FIELDS)
    assert (
        fields["author"] == ""  # the person who draws the lessons writes their name, not the club's
        and fields["title"] == f"เทคนิคการนำระบบมาตรฐานงานชุมชนมาขับเคลื่อนงาน{NAME}"
    )
    assert fields["place"] == f"{NAME} ตำบลคลองขลุง อำเภอคลองขลุง จังหวัดกำแพงเพชร"
    story = fields["story"]
    assert (
        "ผ่านเกณฑ์มาตรฐานการพัฒนาชุมชนในปีงบประมาณ ๒๕๖๕, ๒๕๖๖, ๒๕๖๗, ๒๕๖๘ รวม ๔ ปี และผ่านติดต่อกัน ๔ ปี"
        in story
    )
    assert "ชมรมมีสมาชิก ๑๑ คน (สิ้นปีก่อน ๑๐ คน) จัดประชุม ๕ ครั้ง ผู้เข้าประชุมเฉลี่ยร้อยละ ๙๐" in story
    assert "ร่วมกับองค์กรภาคี ๒ แห่ง ได้แก่ โรงเรียนบ้านคลองขลุง, ธ.ก.ส. สาขาคลองขลุง" in story
    assert "ด้วยคะแนนต้นแบบ ๙๕.๘ จาก ๑๐๐" in story
    steps = fields["steps"].splitlines()
    assert steps[0].endswith("(ประชุมสามัญ ๓ ครั้ง)") and len(steps) == 12
    assert steps[6] == " - ๔.๓ ประชุม ๕ ครั้ง ผู้เข้าร่วมถึงเกณฑ์ ๕ ครั้ง (ผ่าน)"
    assert steps[-2].startswith("๖. สรุปองค์ความรู้ ๑ ครั้ง ได้แก่ กิจกรรม knowledge_summary")
    assert (fields["assets"], fields["competency"], fields["strategies"], fields["theory"]) == (
        "",
        "",
        "",
        "",
    )
    assert not any("สมาชิก M" in text for text in fields.values())  # members' names never appear


def test_only_the_editors_of_a_selected_exemplar_may_open_it(
    loaded: tuple[Home, Store, Path, Submission],
) -> None:
    home, store, _folder, _sub = loaded
    with pytest.raises(KnowledgeError, match="not_selected"):
        knowledge.record(store, home, DIRECTOR, DISTRICT, MODEL, FY)
    select(home, store)
    for scope in (
        Scope("officer6201", "officer", "62", "6201"),
        Scope("national", "national", None),
        Scope("director10", "director", "10"),
        Scope("admin62", "admin", "62"),
    ):
        with pytest.raises(KnowledgeError, match="not_allowed"):
            knowledge.record(store, home, scope, DISTRICT, MODEL, FY)
    with pytest.raises(KnowledgeError, match="not_selected"):
        knowledge.record(store, home, DIRECTOR, DISTRICT, MODEL, 2567)


def test_saved_text_wins_is_audited_survives_a_reload_and_goes_into_the_docx(
    loaded: tuple[Home, Store, Path, Submission],
) -> None:
    home, store, folder, sub = loaded
    select(home, store)
    fields = knowledge.record(store, home, OFFICER, DISTRICT, MODEL, FY).fields
    fields |= {
        "assets": "๑. ใช้เวทีประชาคมรับฟังความเห็น\n๒. ยึดข้อตกลงร่วมกัน\x07",
        "contact": "๐๕๕-๗๐๕-๐๓๒",
        "author": "นางสาวสมใจ ถอดบทเรียน",
    }
    with pytest.raises(KnowledgeError, match="bad_fields"):
        knowledge.save(store, home, OFFICER, DISTRICT, MODEL, FY, {"assets": "x"}, at=1.0e9)
    knowledge.save(store, home, OFFICER, DISTRICT, MODEL, FY, fields, at=1.0e9, ip="127.0.0.1")
    assert ("knowledge_record_save", "officer6205", f"{DISTRICT}/{MODEL} fy {FY}") in [
        (e["action"], e["username"], e["detail"]) for e in read_audit(store, "62")
    ]
    sub.activity(MODEL, sub.sheets["activities"][0]["held_on"], "other")
    load(home, folder, sub)  # a data reload: the record is in the state store, not the warehouse
    rec = knowledge.record(store, home, DIRECTOR, DISTRICT, MODEL, FY)
    assert rec.fields["contact"] == "๐๕๕-๗๐๕-๐๓๒" and rec.updated_by == "officer6205"

    mark = "ตัวเลขเบื้องต้น: ปีงบประมาณ 2568 ของคลองขลุง ยังไม่ได้รับรอง"
    word = docx.Document(io.BytesIO(document.docx_bytes(rec, mark)))
    text = [p.text for p in word.paragraphs]
    assert (
        text[0] == "แบบบันทึกองค์ความรู้"
        and text[1] == mark  # approved or provisional, under the heading
        and text[2] == "ชื่อผู้ถอดบทเรียน"
        and text[3] == "นางสาวสมใจ ถอดบทเรียน"
    )
    section = word.sections[0]  # A4 portrait, not python-docx's US Letter
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.cm, 1) == 3.0 and round(section.right_margin.cm, 1) == 2.0
    assert "๒. ยึดข้อตกลงร่วมกัน" in text  # the control character is dropped, the line kept
    body = "\n".join(text)
    assert "ชมรมมีสมาชิก ๑๑ คน" in body and "ด้วยคะแนนต้นแบบ ๙๕.๘ จาก ๑๐๐" in body
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:cs")) == fonts.get(qn("w:ascii")) == "TH Sarabun New"
    assert word.core_properties.title == f"เทคนิคการนำระบบมาตรฐานงานชุมชนมาขับเคลื่อนงาน{NAME}"
