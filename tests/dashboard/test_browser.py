"""A person in headless Chromium: log in, visit every page, drill down, filter, download, switch language.

Each page is checked for what a person would see, for Content-Security-Policy
violations and severe console errors, and saved as a screenshot in Thai under
test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import (
    ROWS,
    body_text,
    click,
    console_problems,
    no_alert,
    settled,
    shot,
    sign_in,
    wait_rows,
    wait_text,
)
from tests.dashboard.conftest import FORMULA_CLUB, MEMBER_6205, XSS_CLUB, XSS_PARTNER
from tests.dashboard.support import table_of

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def director(browser: webdriver.Chrome, base_url: str) -> webdriver.Chrome:
    sign_in(browser, base_url, "director62")
    wait_text(browser, "ภาพรวม · กำแพงเพชร")
    browser.get_log("browser")  # start each test with an empty console
    return browser


def test_overview_in_thai(director: webdriver.Chrome, base_url: str) -> None:
    browser = director
    browser.get(f"{base_url}/")
    wait_text(browser, "ภาพรวม · กำแพงเพชร")
    wait_text(browser, "ผ่านมาตรฐาน")
    wait_text(browser, "ปีงบประมาณ 2568")
    wait_text(browser, "อัตราผ่านรายเกณฑ์")
    wait_text(browser, "คลองขลุง")
    settled(browser)
    assert "director62" in body_text(browser)
    shot(browser, "overview-th")
    assert console_problems(browser) == []


def test_leaderboard_pages_filters_sorts_and_downloads(
    director: webdriver.Chrome, base_url: str, downloads: Path
) -> None:
    browser = director
    browser.get(f"{base_url}/leaderboard?fy=2568&district=6205")
    # The grid draws a loading row first and replaces it: read the rows once they are the district's.
    WebDriverWait(browser, 30, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: (
            (rows := d.find_elements(By.CSS_SELECTOR, ROWS))
            and all("คลองขลุง" in r.text for r in rows)
        )
    )
    assert XSS_CLUB in body_text(browser)
    shot(browser, "leaderboard-th")
    search = browser.find_element(By.ID, "leaderboard-text")
    search.send_keys("HYPERLINK" + Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda d: "q=HYPERLINK" in d.current_url)
    wait_rows(browser, lambda n: n == 1)
    wait_text(browser, FORMULA_CLUB)
    click(browser, By.ID, "leaderboard-download-button")
    WebDriverWait(browser, 30).until(
        lambda _d: any(p.suffix == ".xlsx" for p in downloads.iterdir())
    )
    book = openpyxl.load_workbook(next(p for p in downloads.iterdir() if p.suffix == ".xlsx"))
    sheet = book.active
    table = table_of(sheet)
    assert len(table) == 2 and table[1][1] == "'" + FORMULA_CLUB
    top = int(sheet.auto_filter.ref.split(":")[0][1:])
    assert sheet.cell(row=top + 1, column=2).data_type == "s"  # text, never a formula
    browser.back()
    WebDriverWait(browser, 30).until(lambda d: "q=HYPERLINK" not in d.current_url)
    wait_rows(browser, lambda n: n > 1)
    assert console_problems(browser) == []


def test_drill_down_overview_district_club_meeting(
    director: webdriver.Chrome, base_url: str
) -> None:
    browser = director
    browser.get(f"{base_url}/?fy=2568")
    wait_text(browser, "ภาพรวม · กำแพงเพชร")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.LINK_TEXT, "คลองขลุง"))
    click(browser, By.LINK_TEXT, "คลองขลุง")
    wait_text(browser, "ชมรม × เกณฑ์ทั้งเก้า")
    wait_text(browser, "อัตราผ่านรายเกณฑ์: อำเภอเทียบจังหวัด")
    settled(browser)
    shot(browser, "district-th")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.LINK_TEXT, XSS_CLUB))
    click(browser, By.LINK_TEXT, XSS_CLUB)
    wait_text(browser, "การประชุมและสัดส่วนผู้เข้าร่วม")
    wait_text(browser, "รายชื่อสมาชิก")
    click(
        browser, By.CSS_SELECTOR, "#club-members-list-fold .accordion-button"
    )  # the long lists are folded
    wait_text(browser, MEMBER_6205)
    assert "คลองขลุง" in browser.find_element(By.CSS_SELECTOR, ".breadcrumb").text
    settled(browser)
    shot(browser, "club-th")
    click(browser, By.LINK_TEXT, "2568-01")
    wait_text(browser, "ผู้เข้าประชุม · 2568-01")
    browser.back()
    WebDriverWait(browser, 30).until(lambda d: "meeting=" not in d.current_url)
    assert console_problems(browser) == []


def test_untrusted_names_show_as_text_and_run_nothing(
    director: webdriver.Chrome, base_url: str
) -> None:
    browser = director
    browser.get(f"{base_url}/club?district=6205&club=6205-001")
    wait_text(browser, XSS_CLUB)
    wait_text(browser, XSS_PARTNER)
    settled(browser)
    assert no_alert(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "img[src='x']") == []
    assert all(
        "alert(1)" not in (s.get_attribute("innerHTML") or "")
        for s in browser.find_elements(By.TAG_NAME, "script")
    )
    assert console_problems(browser) == []


def test_quality_and_compare_pages(director: webdriver.Chrome, base_url: str) -> None:
    browser = director
    browser.get(f"{base_url}/quality?district=6205")
    wait_text(browser, "การส่งข้อมูลรายอำเภอ")
    wait_text(browser, "วันที่ไม่ถูกต้อง")
    wait_text(browser, "อ่านวันที่ไม่ได้")  # rejected rows by reason, in words
    wait_text(browser, "แถวต่อหน้า")  # the grids' paging in Thai
    wait_text(browser, "2 / 11")
    settled(browser)
    shot(browser, "quality-th")
    browser.get(f"{base_url}/compare?clubs=6205/6205-003,6201/6201-002")
    wait_text(browser, "ชมรมอาสาคลองขลุง")
    wait_text(browser, "6201-002")
    settled(browser)
    shot(browser, "compare-th")
    assert console_problems(browser) == []


def test_language_switch_keeps_the_page(director: webdriver.Chrome, base_url: str) -> None:
    browser = director
    browser.get(f"{base_url}/?fy=2568")
    wait_text(browser, "ภาพรวม · กำแพงเพชร")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "app-lang"))
    click(browser, By.ID, "app-lang")
    wait_text(browser, "Overview · Kamphaeng Phet")
    wait_text(browser, "FY 2568 (2024–25)")
    assert "fy=2568" in browser.current_url and "lang=en" in browser.current_url
    settled(browser)
    shot(browser, "overview-en")
    assert console_problems(browser) == []


def test_the_navbar_button_signs_out_with_a_post(browser: webdriver.Chrome, base_url: str) -> None:
    sign_in(browser, base_url, "officer6205")
    wait_text(browser, "ออกจากระบบ")
    button = browser.find_element(By.XPATH, "//form[@action='/logout']/button")
    button.click()
    WebDriverWait(browser, 30).until(lambda d: "/login" in d.current_url)
    browser.get(f"{base_url}/leaderboard")
    WebDriverWait(browser, 30).until(seen.presence_of_element_located((By.ID, "username")))
    assert console_problems(browser) == []


def test_officer_sees_no_records_of_another_district(
    browser: webdriver.Chrome, base_url: str
) -> None:
    sign_in(browser, base_url, "officer6205")
    browser.get(f"{base_url}/club?district=6201&club=6201-001")
    wait_text(browser, "รายละเอียดระดับบันทึกเห็นได้เฉพาะ")
    settled(browser)
    assert "สมศรี" not in body_text(browser)
    browser.get(f"{base_url}/leaderboard?province=10")
    wait_rows(browser, lambda n: n > 0)
    assert "ชมรมลับจังหวัดสิบ" not in body_text(browser)
    assert console_problems(browser) == []


def test_national_sees_the_country_by_province(browser: webdriver.Chrome, base_url: str) -> None:
    sign_in(browser, base_url, "national")
    browser.get(f"{base_url}/")
    wait_text(browser, "ภาพรวม · ทั้งประเทศ")
    wait_text(browser, "สัดส่วนชมรมที่ผ่านมาตรฐาน รายจังหวัด")
    wait_text(browser, "กรุงเทพมหานคร")
    settled(browser)
    shot(browser, "overview-national-th")
    assert console_problems(browser) == []
