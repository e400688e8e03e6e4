"""In headless Chromium, on a home of this module's own with nothing signed off: the overview marks
the year's figures provisional in Thai, on screen and on paper (print media)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from tests.browser import console_problems, settled, sign_in, wait_text
from tests.dashboard.support import unsigned_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return unsigned_app(Path(tmp_path_factory.mktemp("provisional-browser")))


def test_the_overview_marks_provisional_figures_in_thai(browser: Any, base_url: str) -> None:
    sign_in(browser, base_url, "director62")
    browser.get(f"{base_url}/?fy=2568")
    wait_text(browser, "ตัวเลขเบื้องต้น ยังไม่รับรอง")
    settled(browser)
    mark = browser.find_element(By.CSS_SELECTOR, ".sign-off-provisional")
    assert mark.is_displayed() and "รับรองแล้ว 0 จาก 2 อำเภอ" in mark.text
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert mark.is_displayed()  # the mark prints (A4) too
        assert not browser.find_element(By.ID, "app-nav").is_displayed()  # as paper shows it
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert console_problems(browser) == []
