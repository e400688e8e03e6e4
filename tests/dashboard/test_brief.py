"""The meeting brief (/brief): a PDF that renders, whose text extracts as the same Thai it was
given (pdftotext), whose pages are drawn as images (pdftoppm), and that refuses a province or
district the user may not see (the address is only a wish: the session decides)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from core import formats

POPPLER = "poppler-utils (pdftotext, pdftoppm): tasks.py installs it"


def test_poppler_is_installed() -> None:
    assert shutil.which("pdftotext") and shutil.which("pdftoppm"), POPPLER


def text_of(pdf: bytes, folder: Path, name: str) -> str:
    """The PDF's text as pdftotext reads it (in drawing order), under Unicode compatibility:
    a PDF maps glyphs, not clusters, to text, so sara am (ำ) drawn as nikhahit and sara aa reads
    as ํา, which NFKC makes the same text (dashboard/brief_pdf.py, thai_text_map)."""
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftotext", "-raw", str(path), str(folder / f"{name}.txt")], check=True)
    return nfkc((folder / f"{name}.txt").read_text(encoding="utf-8"))


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def pages_of(pdf: bytes, folder: Path, name: str) -> list[Path]:
    """The PDF's pages drawn as PNG images (96 dpi)."""
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "96", "-png", str(path), str(folder / name)], check=True)
    return sorted(folder.glob(f"{name}-*.png"))


def test_a_province_brief_renders_in_thai_with_its_date_and_source(
    client_as: Any, tmp_path: Path
) -> None:
    response = client_as("director62").get("/brief?province=62&fy=2568")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert "tonbaeb-brief-62-2568.pdf" in response.headers["Content-Disposition"]
    pdf = response.get_data()
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf, tmp_path, "province")
    for thai in (
        f"สรุปสำหรับการประชุม: {formats.province_name('62', 'th')}",
        "ปีงบประมาณ 2568",
        "อะไรเปลี่ยนไปเทียบกับปีงบประมาณ 2567",
        "อำเภอที่ตามหลังมากที่สุด",
        "ปีงบประมาณปัจจุบัน",
        "ข้อมูล ณ",
        "พิมพ์เมื่อ",
        "ที่มา:",
        "ผ่านมาตรฐาน",
        "การติดตามชมรมที่ไม่ผ่านมาตรฐาน",
        "ชมรมต้นแบบที่คัดเลือกแล้ว",
        formats.district_name("6201", "th"),
    ):
        assert nfkc(thai) in text, thai
    pages = pages_of(pdf, tmp_path, "province")
    assert 1 <= len(pages) <= 2  # one to two A4 pages


def test_a_district_brief_names_its_gaps(client_as: Any, tmp_path: Path) -> None:
    response = client_as("officer6205").get("/brief?province=62&district=6205&fy=2568&lang=en")
    assert response.status_code == 200
    text = text_of(response.get_data(), tmp_path, "district")
    assert nfkc(f"Brief: {formats.district_name('6205', 'en')}") in text
    assert "Why behind the province" in text or "Not behind the province" in text


@pytest.mark.parametrize(
    ("user", "query"),
    [
        ("director62", "province=10"),  # another province
        ("director62", "province=62&district=1001"),  # a district of another province
        ("director62", "province=62&district=62x1"),  # not a district at all
        ("officer6205", "province=10&district=1001"),
        ("director10", "province=62"),
    ],
)
def test_a_forged_province_or_district_is_refused(client_as: Any, user: str, query: str) -> None:
    response = client_as(user).get(f"/brief?{query}")
    assert response.status_code == 403
    assert not response.get_data().startswith(b"%PDF")


def test_no_brief_without_signing_in(app: Any) -> None:
    response = app.server.test_client().get("/brief?province=62")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
