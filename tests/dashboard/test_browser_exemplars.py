"""In headless Chromium: an officer proposes an exemplar with a reason, the director selects it,
the history shows both, the knowledge record pre-fills, saves, downloads as .docx and prints."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from exemplars.prefill import thai_number
from tests.browser import (
    body_text,
    click,
    console_problems,
    no_alert,
    settled,
    shot,
    sign_in,
    wait_text,
)
from tests.dashboard.conftest import XSS_CLUB

pytestmark = pytest.mark.browser
CLUB_NAME = "ชมรมอาสาคลองขลุง"  # 6205-003, a candidate of FY 2568 in the fixture
CLUB = "6205/6205-003"


def text_of(browser: webdriver.Chrome, css: str, *wanted: str) -> str:
    """An element's text once it holds every wanted piece (found anew: Dash re-renders it)."""

    def found(driver: webdriver.Chrome) -> str | bool:
        try:
            text = driver.find_element(By.CSS_SELECTOR, css).text
        except (NoSuchElementException, StaleElementReferenceException):
            return False
        return text if all(w in text for w in wanted) else False

    return WebDriverWait(browser, 30).until(found, message=f"{css} never held {wanted}")  # type: ignore[no-any-return]


def decide(browser: webdriver.Chrome, action_label: str, reason: str) -> None:
    """Choose the club, the action and write the reason, then record it."""
    offered = (
        "return Array.from(document.querySelectorAll('#exemplars-club option'))"
        ".some(o => o.value === arguments[0])"
    )
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(offered, CLUB))
    Select(browser.find_element(By.ID, "exemplars-club")).select_by_value(CLUB)
    settled(browser)
    click(
        browser,
        By.XPATH,
        f"//div[@id='exemplars-action']//label[normalize-space()='{action_label}']",
    )
    box = browser.find_element(By.ID, "exemplars-reason")
    box.clear()
    box.send_keys(reason)
    click(browser, By.ID, "exemplars-submit")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "exemplars-decided"))
    settled(browser)


def test_propose_select_and_the_knowledge_record(
    browser: webdriver.Chrome,
    base_url: str,
    downloads: Path,
) -> None:
    sign_in(browser, base_url, "officer6205")
    browser.get(f"{base_url}/exemplars?fy=2568")
    wait_text(browser, "ชมรมต้นแบบ · กำแพงเพชร")
    wait_text(browser, CLUB_NAME)
    wait_text(browser, "วิธีคิดคะแนนต้นแบบ")
    assert XSS_CLUB in body_text(browser) and no_alert(browser)  # a candidate's name, shown as text
    decide(browser, "เสนอชื่อ", "ประชุมสม่ำเสมอและมีภาคีหลากหลาย")
    wait_text(browser, "บันทึกแล้ว: เสนอชื่อ · 6205-003")
    text_of(browser, ".exemplars-history", "ประชุมสม่ำเสมอและมีภาคีหลากหลาย", "officer6205")
    shot(browser, "exemplars-officer-th")
    assert console_problems(browser) == []

    sign_in(browser, base_url, "director62")
    browser.get(f"{base_url}/exemplars?fy=2568&district=6205")
    wait_text(browser, CLUB_NAME)
    decide(browser, "คัดเลือกเป็นต้นแบบ", "ผ่านมาตรฐานต่อเนื่อง เหมาะเป็นต้นแบบของอำเภอ")
    history = text_of(
        browser, ".exemplars-history", "ผ่านมาตรฐานต่อเนื่อง", "ประชุมสม่ำเสมอ", "director62"
    )
    assert history.index("ผ่านมาตรฐานต่อเนื่อง") < history.index("ประชุมสม่ำเสมอ")  # newest first
    text_of(browser, "#exemplars-row-6205-6205-003", "คัดเลือกเป็นต้นแบบ", "แบบบันทึกองค์ความรู้")
    browser.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
    shot(browser, "exemplars-director-th")

    click(browser, By.CSS_SELECTOR, "#exemplars-row-6205-6205-003 a[href^='/knowledge']")
    wait_text(browser, f"แบบบันทึกองค์ความรู้ · {CLUB_NAME}")
    title = browser.find_element(By.ID, "knowledge-field-title").get_attribute("value") or ""
    story = browser.find_element(By.ID, "knowledge-field-story").get_attribute("value") or ""
    steps = browser.find_element(By.ID, "knowledge-field-steps").get_attribute("value") or ""
    assert CLUB_NAME in title
    assert (
        f"มีสมาชิก {thai_number(10)} คน" in story
        and "ผ่านเกณฑ์มาตรฐานการพัฒนาชุมชนในปีงบประมาณ ๒๕๖๗, ๒๕๖๘" in story
    )
    assert "๗. เผยแพร่ประชาสัมพันธ์ผลการดำเนินงาน ๑ ครั้ง" in steps
    assert (
        browser.find_element(By.ID, "knowledge-field-assets").get_attribute("value") or ""
    ) == ""
    assets = browser.find_element(By.ID, "knowledge-field-assets")
    assets.send_keys("ใช้เวทีประชาคมรับฟังความเห็นของสมาชิก")
    click(browser, By.ID, "knowledge-save")
    wait_text(browser, "บันทึกแล้ว โดย director62")
    browser.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
    shot(browser, "knowledge-th")

    click(browser, By.ID, "knowledge-docx-button")
    WebDriverWait(browser, 30).until(
        lambda _d: any(p.suffix == ".docx" for p in downloads.iterdir())
    )
    saved = next(p for p in downloads.iterdir() if p.suffix == ".docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert text.startswith("แบบบันทึกองค์ความรู้")
    assert CLUB_NAME in text and f"มีสมาชิก {thai_number(10)} คน" in text
    assert "ใช้เวทีประชาคมรับฟังความเห็นของสมาชิก" in text

    click(browser, By.ID, "knowledge-print-link")
    WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: (
            "ใช้เวทีประชาคมรับฟังความเห็นของสมาชิก"
            in "".join(e.text for e in d.find_elements(By.ID, "knowledge-printable"))
        ),
        message="the printable page never showed the saved record",
    )
    printable = browser.find_element(By.ID, "knowledge-printable").text
    assert (
        printable.startswith("แบบบันทึกองค์ความรู้")
        and CLUB_NAME in printable
        and "แก่นความรู้ (Core Competency)" in printable
    )
    settled(browser)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(
            By.ID, "app-nav"
        ).is_displayed()  # the print styles hide the shell
        assert browser.find_element(By.ID, "knowledge-printable").is_displayed()
        browser.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
        shot(browser, "knowledge-print-th")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert console_problems(browser) == []
