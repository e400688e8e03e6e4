"""The expansion plan in headless Chromium: the director proposes a plan, sees it on the map and in
the table, takes a pair out, pairs a network by hand, downloads the workbook, opens a club from
the map and switches to English; an officer sees the same plan read-only.

Province 62's selected exemplar is 6201-001; its networks in need are 6201-002 and, across the
district border, 6205-002 (named like a spreadsheet formula). The exemplars browser test may
have selected 6205-003 too, in which case 6205-002 may first go to that nearer exemplar: the
steps below hold either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from accounts.scope import Scope
from tests.browser import (
    body_text,
    click,
    click_at,
    console_problems,
    pixel,
    plot_ready,
    settled,
    shot,
    sign_in,
    wait_text,
)
from tests.dashboard.conftest import CLUB_6201, FORMULA_CLUB
from tests.dashboard.support import table_of
from warehouse import queries

pytestmark = pytest.mark.browser
FAR_ROW = "plan-pair-6205-6205-002"
NEAR_ROW = "plan-pair-6201-6201-002"


def row_text(browser: webdriver.Chrome, row: str, *wanted: str) -> str:
    """A pairs-table row's text once it holds every wanted piece (found anew: Dash redraws it)."""

    def found(driver: webdriver.Chrome) -> str | bool:
        try:
            text = driver.find_element(By.ID, row).text
        except (NoSuchElementException, StaleElementReferenceException):
            return False
        return text if all(w in text for w in wanted) else False

    return WebDriverWait(browser, 30).until(found, message=f"{row} never held {wanted}")  # type: ignore[no-any-return]


def said(browser: webdriver.Chrome, text: str) -> None:
    """Wait for the success message of the last change."""
    WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: any(text in e.text for e in d.find_elements(By.ID, "plan-done")),
        message=f"never confirmed {text!r}",
    )
    settled(browser)


def choose(browser: webdriver.Chrome, select: str, value: str) -> None:
    """Pick an option of a select once the server has offered it."""
    offered = (
        "return Array.from(document.querySelectorAll(`#${arguments[0]} option`))"
        ".some(o => o.value === arguments[1])"
    )
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(offered, select, value))
    Select(browser.find_element(By.ID, select)).select_by_value(value)
    settled(browser)


def test_the_director_plans_adjusts_and_downloads_and_an_officer_reads(
    browser: webdriver.Chrome, base_url: str, downloads: Path, two_provinces: Any
) -> None:
    sign_in(browser, base_url, "director62")
    browser.get(f"{base_url}/plan?fy=2568")
    wait_text(browser, "แผนขยายผล · กำแพงเพชร")
    limit = browser.find_element(By.ID, "plan-limit")
    limit.clear()
    limit.send_keys("3")
    click(browser, By.ID, "plan-propose")
    said(browser, "จัดทำแผนใหม่แล้ว: 2 คู่")
    row_text(browser, NEAR_ROW, f"{CLUB_6201} 1", f"{CLUB_6201} 2", "ระบบเสนอ")
    row_text(browser, FAR_ROW, FORMULA_CLUB, "คลองขลุง")
    plot_ready(browser, "plan-map", fills=11)
    WebDriverWait(browser, 30).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#plan-map .scatterlayer .point")) >= 3
    )
    assert "คู่พี่เลี้ยง" in browser.find_element(By.ID, "plan-map").text  # the pairs' legend
    browser.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
    shot(browser, "plan-director-th")

    click(browser, By.CSS_SELECTOR, f"#{FAR_ROW} button")
    said(browser, "นำ 6205-002 ออกจากแผนแล้ว")
    WebDriverWait(browser, 30).until(lambda d: not d.find_elements(By.ID, FAR_ROW))
    click(
        browser, By.CSS_SELECTOR, "#plan-uncovered-list-fold .accordion-button"
    )  # the long list is folded
    WebDriverWait(
        browser, 30, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    ).until(lambda d: "มีต้นแบบในระยะที่ยังรับได้" in d.find_element(By.CLASS_NAME, "plan-uncovered").text)
    choose(browser, "plan-exemplar", "6201/6201-001")
    choose(browser, "plan-network", "6205/6205-002")
    click(browser, By.ID, "plan-pair")
    said(browser, "จับคู่แล้ว: 6201-001 → 6205-002")
    far = row_text(browser, FAR_ROW, f"{CLUB_6201} 1", FORMULA_CLUB, "จับคู่เอง")
    assert "เครือข่ายที่ยังไม่ผ่านมาตรฐานทุกแห่งมีพี่เลี้ยงแล้ว" in body_text(browser)
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})",
        browser.find_element(By.ID, "plan-feedback"),
    )
    shot(browser, "plan-pairs-th")

    click(browser, By.ID, "plan-download-button")
    WebDriverWait(browser, 30).until(
        lambda _d: any(p.suffix == ".xlsx" for p in downloads.iterdir())
    )
    book = openpyxl.load_workbook(next(p for p in downloads.iterdir() if p.suffix == ".xlsx"))
    rows = table_of(book["แผนขยายผล"])
    header, pairs = rows[0], {r[5]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert "ระยะทาง (กม.)" in header and set(pairs) == {"6201-002", "6205-002"}
    assert pairs["6205-002"]["ชมรมต้นแบบ"] == f"{CLUB_6201} 1"
    assert pairs["6205-002"]["เครือข่าย"] == "'" + FORMULA_CLUB  # written as text
    assert pairs["6205-002"]["ที่มา"] == "จับคู่เอง"
    km = pairs["6205-002"]["ระยะทาง (กม.)"]
    assert isinstance(km, int | float) and 10 < km < 60 and f"{km:.1f}" in far  # as shown

    locations = queries.club_locations(two_provinces, Scope("d", "director", "62"), "62")
    exemplar = locations.filter(club_id="6201-001").row(0, named=True)
    click_at(browser, pixel(browser, "plan-map", exemplar["lon"], exemplar["lat"]))
    WebDriverWait(browser, 30).until(
        lambda d: "/club?" in d.current_url and "club=6201-001" in d.current_url
    )
    wait_text(browser, f"{CLUB_6201} 1")
    browser.back()
    wait_text(browser, "แผนขยายผล · กำแพงเพชร")
    row_text(browser, FAR_ROW, "จับคู่เอง")

    click(browser, By.ID, "app-lang")
    wait_text(browser, "Expansion plan · Kamphaeng Phet")
    row_text(browser, FAR_ROW, "By hand", "Khlong Khlung")
    wait_text(browser, "Pairs in the plan")
    assert console_problems(browser) == []

    sign_in(browser, base_url, "officer6205")
    browser.get(f"{base_url}/plan?fy=2568")
    wait_text(browser, "ดูได้อย่างเดียว พัฒนาการจังหวัดเป็นผู้จัดทำและแก้ไขแผน")
    row_text(browser, FAR_ROW, f"{CLUB_6201} 1", FORMULA_CLUB)
    assert not browser.find_elements(By.ID, "plan-propose")
    assert not browser.find_elements(By.CSS_SELECTOR, ".plan-pairs button")
    shot(browser, "plan-officer-th")
    assert console_problems(browser) == []
