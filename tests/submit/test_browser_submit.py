"""A district officer in headless Chromium sends data: template, errors, fix, submit, new figures.

The officer downloads the pre-filled entry workbook, adds a club and an activity with
mistakes (with openpyxl, as Excel would save them), uploads it and reads the dry run's
errors in Thai, fixes them, uploads again, submits, and finds the new club on the
district page. Runs on a home of its own (this test publishes).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from tests.browser import (
    body_text,
    click,
    console_problems,
    downloaded,
    shot,
    sign_in,
    upload,
    wait_text,
)

pytestmark = pytest.mark.browser
NEW_CLUB = "ชมรมทดสอบส่งข้อมูลใหม่"


def fill(template: Path, target: Path, *, fixed: bool) -> Path:
    """The officer's edits: a new club and a new activity; with a bad subdistrict and a bad date unless fixed."""
    book = openpyxl.load_workbook(template)
    clubs = book["ชมรม"]
    row = clubs.max_row + 1
    for column, value in zip(
        "ABCDF",
        ("6205-901", NEW_CLUB, "ชมรมอาสาพัฒนาชุมชน", "620501" if fixed else "999999", "2568"),
        strict=True,
    ):
        clubs[f"{column}{row}"] = value
    activities = book["กิจกรรม"]
    first_club = clubs["A2"].value
    row = activities.max_row + 1
    for column, value in zip(
        "ABCDEG",
        (
            first_club,
            "A-NEW-1",
            "15/03/2568" if fixed else "32/13/2568",
            "พัฒนาศักยภาพสมาชิก",
            "อบรมการทำบัญชี",
            "30",
        ),
        strict=True,
    ):
        activities[f"{column}{row}"] = value
    book.save(target)
    return target


def test_officer_sends_fixes_and_sees_the_new_figures(
    browser: webdriver.Chrome, base_url: str, downloads: Path, tmp_path: Path
) -> None:
    sign_in(browser, base_url, "officer6205")
    browser.get(f"{base_url}/submit")
    wait_text(browser, "ส่งข้อมูล · กำแพงเพชร")
    browser.get_log("browser")
    click(browser, By.ID, "submit-template-button")
    template = downloaded(downloads)
    assert template.name == "tonbaeb-template-6205.xlsx"

    upload(browser, fill(template, tmp_path / "with-errors.xlsx", fixed=False))
    wait_text(browser, "ผลการทดลองนำเข้า (ยังไม่บันทึก) · with-errors.xlsx")
    wait_text(browser, "ถูกปฏิเสธ 2 แถว")
    # the rejected rows are a grid, drawn by the browser after the answer: wait for its rows
    wait_text(browser, "รหัสไม่มีในทะเบียน DOPA หรือไม่อยู่ในอำเภอนี้")
    text = body_text(browser)
    assert "รหัสไม่มีในทะเบียน DOPA หรือไม่อยู่ในอำเภอนี้" in text and "999999" in text
    assert "อ่านวันที่ไม่ได้" in text and "32/13/2568" in text
    shot(browser, "submit-dry-run-errors")

    upload(browser, fill(template, tmp_path / "fixed.xlsx", fixed=True))
    wait_text(browser, "ผลการทดลองนำเข้า (ยังไม่บันทึก) · fixed.xlsx")
    wait_text(browser, "ถูกปฏิเสธ 0 แถว")
    assert "ไม่มีแถวที่ถูกปฏิเสธ" in body_text(browser)
    click(browser, By.ID, "submit-send")
    wait_text(browser, "บันทึกข้อมูลอำเภอคลองขลุงแล้ว")
    shot(browser, "submit-done")

    click(browser, By.LINK_TEXT, "ดูหน้าอำเภอ")
    wait_text(browser, NEW_CLUB)
    assert console_problems(browser) == []
