"""A district officer in headless Chromium sends data: template, errors, fix, submit, new figures.

The officer downloads the pre-filled entry workbook, adds a club and an activity with
mistakes (with openpyxl, as Excel would save them), uploads it and reads the dry run's
errors in Thai, fixes them, uploads again, submits, and finds the new club on the
district page. Runs on a home of its own (this test publishes).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from werkzeug.serving import make_server

from tests.dashboard.test_browser import (
    body_text,
    click,
    console_problems,
    settled,
    shot,
    sign_in,
    wait_text,
)

pytestmark = pytest.mark.browser
NEW_CLUB = "ชมรมทดสอบส่งข้อมูลใหม่"


@pytest.fixture
def base_url(submit_app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, submit_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(tmp_path: Path, downloads: Path) -> Iterator[webdriver.Chrome]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        "--lang=th-TH",
        f"--user-data-dir={tmp_path / 'chrome'}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def downloaded(folder: Path, timeout: float = 30) -> Path:
    """The one finished download in the folder (bounded wait on the file itself)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == ".xlsx"]
        if done and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)  # polling a file's arrival, not synchronising with the page
    raise AssertionError(f"nothing downloaded into {folder}")


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


def upload(browser: webdriver.Chrome, path: Path) -> None:
    settled(browser)
    browser.find_element(By.CSS_SELECTOR, "#submit-upload input[type=file]").send_keys(str(path))


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
