"""In headless Chromium, on a home of this module's own: an officer submits their district's year
(confirming first), the director approves every submitted district at once, the matrix says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser import click, console_problems, settled, sign_in, wait_text
from tests.dashboard.support import unsigned_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return unsigned_app(Path(tmp_path_factory.mktemp("approval-browser")))


def test_submit_then_approve_all(browser: Any, base_url: str) -> None:
    sign_in(browser, base_url, "officer6205")
    browser.get(f"{base_url}/approval?fy=2568&lang=en")
    wait_text(browser, "Submit or sign off")
    Select(browser.find_element(By.ID, "approval-district")).select_by_value("6205")
    settled(browser)
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#approval-action input[value='submit']")
    )
    click(browser, By.ID, "approval-submit")
    wait_text(browser, "Tick the box to confirm first")
    click(browser, By.ID, "approval-confirm")
    click(browser, By.ID, "approval-submit")
    wait_text(browser, "Submitted for sign-off")
    sign_in(browser, base_url, "director62")
    browser.get(f"{base_url}/approval?fy=2568&lang=en")
    wait_text(browser, "Approve all submitted")
    click(browser, By.ID, "approval-bulk-confirm")
    click(browser, By.ID, "approval-bulk")
    wait_text(browser, "Approved: Khlong Khlung")
    matrix = browser.find_element(By.CSS_SELECTOR, ".approval-matrix").text
    assert "Approved" in matrix and "director62" in matrix
    assert console_problems(browser) == []
