"""An officer in headless Chromium uploads the pre-filled workbook with one club's name blanked:
the warning names the club above the counts, the send button waits for the
acknowledgement and a reason, and only then does the removal go through."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

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


def test_a_removal_waits_for_the_acknowledgement_and_a_reason(
    browser: webdriver.Chrome,
    base_url: str,
    downloads: Path,
    tmp_path: Path,
) -> None:
    sign_in(browser, base_url, "officer6205")
    browser.get(f"{base_url}/submit")
    wait_text(browser, "ส่งข้อมูล · กำแพงเพชร")
    click(browser, By.ID, "submit-template-button")
    book = openpyxl.load_workbook(downloaded(downloads))
    club = book["ชมรม"]["A3"].value
    book["ชมรม"]["B3"] = None  # one careless cell
    book.save(tmp_path / "blank-name.xlsx")

    upload(browser, tmp_path / "blank-name.xlsx")
    wait_text(browser, "ชมรมที่จะถูกลบ 1 ชมรม")
    text = body_text(browser)
    assert club in text and "แถวที่ 3 ของแผ่นงานชมรมถูกปฏิเสธ" in text
    assert text.index("ชมรมที่จะถูกลบ") < text.index("อ่าน ")  # above the counts
    shot(browser, "submit-removal-warning")
    send = browser.find_element(By.ID, "submit-send")
    assert not send.is_enabled()
    browser.find_element(By.CSS_SELECTOR, "label[for=submit-accept-shrink]").click()
    assert not browser.find_element(By.ID, "submit-send").is_enabled()  # a reason is still wanted
    browser.find_element(By.ID, "submit-removal-reason").send_keys("ชมรมยุบตามมติที่ประชุม")
    WebDriverWait(browser, 30).until(lambda b: b.find_element(By.ID, "submit-send").is_enabled())
    click(browser, By.ID, "submit-send")
    wait_text(browser, "บันทึกข้อมูลอำเภอคลองขลุงแล้ว")
    assert console_problems(browser) == []
