"""A knowledge record as a Word document in Thai: the founding record's heading, whether its
year's figures are approved or provisional (the mark its page and print view show), each field's
Thai label in bold and its text, all in TH Sarabun New (Latin and complex-script runs alike)."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from exemplars.knowledge import FIELDS, HEADING, Record

FONT = "TH Sarabun New"
A4 = (Mm(210), Mm(297))
# The margins of a Thai official letter (ระเบียบงานสารบรรณ): 3 cm left, 2.5 cm top, 2 cm right and bottom.
MARGINS = {
    "left_margin": Cm(3),
    "top_margin": Cm(2.5),
    "right_margin": Cm(2),
    "bottom_margin": Cm(2),
}
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def docx_bytes(rec: Record, mark: str) -> bytes:
    """The record as a Word document in Thai (TH Sarabun New, for Thai script too), `mark`
    (approved or provisional, in words) under its heading, in bold."""
    document = docx.Document()
    _a4(document)
    _thai_styles(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold(heading.add_run(HEADING), size=20)
    signed = document.add_paragraph()
    signed.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold(signed.add_run(_clean(mark)))
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


def _a4(document: Any) -> None:
    """A4 portrait with a Thai letter's margins (python-docx's template is US Letter)."""
    for section in document.sections:
        section.page_width, section.page_height = A4
        for side, length in MARGINS.items():
            setattr(section, side, length)


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
