"""A file whose callback body is over CALLBACK_LIMIT, sent by Dash's own renderer in headless Chromium:
the body begins as the server expects of the upload's callback, so it reaches the callback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium import webdriver

from dashboard.limits import CALLBACK_LIMIT
from tests.browser import sign_in, upload, wait_text

pytestmark = pytest.mark.browser


def test_the_renderers_large_upload_reaches_its_callback(
    browser: webdriver.Chrome, base_url: str, tmp_path: Path
) -> None:
    large = tmp_path / "6205.xlsx"
    large.write_bytes(
        os.urandom(CALLBACK_LIMIT)
    )  # ~2.7 MiB once in base64: over every other callback's limit
    sign_in(browser, base_url, "officer6205")
    browser.get(f"{base_url}/submit")
    wait_text(browser, "ส่งข้อมูล · กำแพงเพชร")
    upload(browser, large)
    wait_text(browser, "ไม่รับแฟ้มนี้")  # the callback ran: it refused a file that is not a workbook
    wait_text(browser, "แฟ้มเสียหาย")
