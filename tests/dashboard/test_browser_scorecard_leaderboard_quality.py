"""The director's and the national role's views in headless Chromium, at 1440×900 and on a 390×844 phone:
the scorecard (sort, drill-down, A4 landscape print, Excel), the leaderboard that decides, data quality
by period, and the national province picker. One browser session walks them; screenshots in test-artifacts/."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import openpyxl
import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import (
    ROWS,
    body_text,
    click,
    console_problems,
    pick,
    settled,
    shot,
    sign_in,
    wait_text,
)
from tests.dashboard.support import table_of

pytestmark = pytest.mark.browser
DESKTOP, PHONE = (1440, 900), (390, 844)


def sized(browser: webdriver.Chrome, size: tuple[int, int]) -> None:
    browser.set_window_size(*size)
    WebDriverWait(browser, 10).until(
        lambda d: abs(d.execute_script("return window.innerWidth") - size[0]) <= 20
    )


def part(browser: webdriver.Chrome, element_id: str, name: str) -> None:
    """A screenshot of the page scrolled to one element (beside the page's own)."""
    settled(browser)
    browser.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView({block: 'start'});", element_id
    )
    WebDriverWait(browser, 10).until(
        lambda d: (
            abs(
                d.execute_script(
                    "return document.getElementById(arguments[0]).getBoundingClientRect().top",
                    element_id,
                )
            )
            < 60
            or d.execute_script(
                "return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2"
            )
        )
    )
    shot(browser, name)


def pdf_pages(browser: webdriver.Chrome) -> list[tuple[float, float]]:
    """The page sizes (points) of the page printed as the browser would print it, CSS page size honoured."""
    printed = browser.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    data = base64.b64decode(printed["data"])
    return [
        (float(w), float(h))
        for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    ]


def test_director_scorecard_sorts_drills_down_prints_and_downloads(
    browser: webdriver.Chrome, base_url: str, downloads: Path
) -> None:
    sign_in(browser, base_url, "director62")
    sized(browser, DESKTOP)
    browser.get(f"{base_url}/scorecard?fy=2568")
    wait_text(browser, "ตารางคะแนนมาตรฐาน · กำแพงเพชร · ปีงบประมาณ 2568")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "table.scorecard tbody tr")
    )
    wait_text(browser, "ทั้งจังหวัด")
    wait_text(browser, "ต้องเร่งรัด")
    settled(browser)
    shot(browser, "scorecard-th-1440")
    # The first click on a criterion sorts best first, and the sort is in the URL.
    click(browser, By.PARTIAL_LINK_TEXT, "เผยแพร่")
    WebDriverWait(browser, 30).until(lambda d: "sort=-publicity_rate" in d.current_url)
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "th[aria-sort='descending']")
    )
    # Printed: one A4 landscape page (842 × 595 points), navbar and buttons left out.
    pages = pdf_pages(browser)
    assert pages and all(abs(w - 841.9) < 2 and abs(h - 595.3) < 2 for w, h in pages), pages
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = browser.execute_script(
        "return [document.querySelector('#app-nav'), document.querySelector('#scorecard-download-button')]"
        ".map(e => e.getClientRects().length)"
    )
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert hidden == [0, 0]  # not drawn at all
    browser.execute_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    click(browser, By.ID, "scorecard-print")
    assert (
        browser.execute_script("return window.printed") == 1
    )  # the print button asks the browser to print
    click(browser, By.ID, "scorecard-download-button")
    WebDriverWait(browser, 30).until(
        lambda _d: any(p.name.startswith("tonbaeb-scorecard") for p in downloads.iterdir())
    )
    sheet = openpyxl.load_workbook(
        next(p for p in downloads.iterdir() if p.name.startswith("tonbaeb-scorecard"))
    ).active
    table = table_of(sheet)
    assert table[0][1] == "อำเภอ" and table[3][1] == "ทั้งจังหวัด"
    assert sheet.cell(row=1, column=1).value == "ตารางคะแนนมาตรฐาน"  # the title block first
    # Drill down: a district's name opens its page.
    click(browser, By.LINK_TEXT, "คลองขลุง")
    WebDriverWait(browser, 30).until(lambda d: "/district?district=6205" in d.current_url)
    wait_text(browser, "ชมรม × เกณฑ์ทั้งเก้า")
    assert console_problems(browser) == []


def test_leaderboard_counts_pages_and_keeps_its_sort_in_the_url(
    browser: webdriver.Chrome, base_url: str
) -> None:
    sign_in(browser, base_url, "director62")  # on its own: xdist may run it on another worker
    sized(browser, DESKTOP)
    browser.get(f"{base_url}/leaderboard?fy=2568")
    wait_text(browser, "พบ 7 ชมรม")
    wait_text(browser, "1 ถึง 7 จาก 7")  # the grid's own paging panel, right
    for header in ("การเข้าประชุม", "ผ่านติดต่อกัน (ปี)", "ขั้นที่ 5–7 (ข้อ)"):
        assert header in body_text(browser)
    wait_text(browser, "คะแนนต้นแบบ (ถ่วงน้ำหนัก")  # the exemplars page's rule, named here too
    names = browser.find_elements(By.CSS_SELECTOR, ".ag-pinned-left-cols-container [col-id='name']")
    assert names and all(
        n.get_attribute("title") == n.text for n in names if n.text
    )  # full name on hover
    shot(browser, "leaderboard-th-1440")
    click(browser, By.CSS_SELECTOR, ".ag-header-cell[col-id='score'] .ag-header-cell-label")
    WebDriverWait(browser, 30).until(lambda d: "sort=-score" in d.current_url)
    browser.refresh()
    wait_text(browser, "พบ 7 ชมรม")

    def scores(d: webdriver.Chrome) -> list[float]:
        cells = d.find_elements(By.CSS_SELECTOR, f"{ROWS} [col-id='score']")
        return [float(c.text) for c in cells if c.text]

    WebDriverWait(
        browser, 30, ignored_exceptions=[StaleElementReferenceException, ValueError]
    ).until(lambda d: len(scores(d)) == 7)
    assert scores(browser) == sorted(scores(browser), reverse=True)
    assert browser.find_elements(
        By.CSS_SELECTOR, ".ag-header-cell[col-id='score'][aria-sort='descending']"
    )
    assert console_problems(browser) == []


def test_quality_by_period_on_a_phone(browser: webdriver.Chrome, base_url: str) -> None:
    sign_in(browser, base_url, "director62")  # on its own: xdist may run it on another worker
    sized(browser, PHONE)
    browser.get(f"{base_url}/quality?fy=2568")
    wait_text(browser, "การส่งข้อมูลรายอำเภอ รายปีงบประมาณ")
    wait_text(browser, "ข้อมูลย้อนหลัง")
    wait_text(browser, "ยังไม่ได้ส่ง")
    settled(browser)
    shot(browser, "quality-th-390")
    part(browser, "quality-periods", "quality-periods-th-390")
    browser.get(f"{base_url}/scorecard?fy=2568")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "table.scorecard tbody tr")
    )
    settled(browser)
    # The wide table scrolls inside its card; the page itself does not scroll sideways.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE[0] + 1
    shot(browser, "scorecard-th-390")
    part(browser, "scorecard-table", "scorecard-table-th-390")
    assert console_problems(browser) == []


def test_national_opens_one_province_pages_on_the_country_and_sees_the_league_table(
    browser: webdriver.Chrome, base_url: str
) -> None:
    sign_in(browser, base_url, "national")
    sized(browser, DESKTOP)
    browser.get(f"{base_url}/quality")
    wait_text(browser, "คุณภาพข้อมูล · ทั้งประเทศ (มีข้อมูล 2 จาก 77 จังหวัด)")
    rows = browser.find_elements(By.CSS_SELECTOR, ".country-view tbody tr")
    assert [r.find_element(By.TAG_NAME, "a").text for r in rows] == ["กรุงเทพมหานคร", "กำแพงเพชร"]
    click(browser, By.LINK_TEXT, "กรุงเทพมหานคร")  # a province's name opens the page for it
    WebDriverWait(browser, 30).until(lambda d: "province=10" in d.current_url)
    wait_text(browser, "คุณภาพข้อมูล · กรุงเทพมหานคร")
    pick(browser, "app-province", "กำแพงเพชร")  # the picker above chooses another
    WebDriverWait(browser, 30).until(lambda d: "province=62" in d.current_url)
    wait_text(browser, "คุณภาพข้อมูล · กำแพงเพชร")
    browser.get(f"{base_url}/scorecard?fy=2568")
    wait_text(browser, "อันดับจังหวัด")
    WebDriverWait(browser, 30).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "table.scorecard tbody tr")) == 2
    )
    wait_text(browser, "กรุงเทพมหานคร")
    settled(browser)
    shot(browser, "scorecard-national-th-1440")
    click(browser, By.LINK_TEXT, "กำแพงเพชร")
    WebDriverWait(browser, 30).until(lambda d: "province=62" in d.current_url)
    wait_text(browser, "ตารางคะแนนมาตรฐาน · กำแพงเพชร")
    assert console_problems(browser) == []
