"""What the browser tests share (not a test module): headless Chromium as the tests start it, and
what a person does in it: sign in, wait for a text, click, read the console, save a screenshot,
point at a place on a map, choose a file to upload, wait for a download.

The fixtures that start the server and the browser are in the conftest.py of tests/dashboard
(one browser per test module, on the session's two-province home) and of tests/submit (one per
test, on a home of its own).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoAlertPresentException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from tests.dashboard.conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ROWS = ".ag-center-cols-container .ag-row"
FILLS = "path.js-fill"


def chrome(profile: Path, downloads: Path) -> webdriver.Chrome:
    """Debian's headless Chromium in Thai, 1400×1000, its console logged, downloading into `downloads`."""
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
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    return driver


def body_text(browser: webdriver.Chrome) -> str:
    return browser.find_element(By.TAG_NAME, "body").text


def wait_text(browser: webdriver.Chrome, text: str, timeout: float = 30) -> None:
    WebDriverWait(browser, timeout).until(
        lambda d: text in body_text(d), message=f"never saw {text!r}"
    )


def wait_rows(browser: webdriver.Chrome, check: Any, timeout: float = 30) -> list[Any]:
    WebDriverWait(browser, timeout).until(
        lambda d: check(len(d.find_elements(By.CSS_SELECTOR, ROWS)))
    )
    return browser.find_elements(By.CSS_SELECTOR, ROWS)


def settled(browser: webdriver.Chrome) -> None:
    """Wait until no Dash callback is pending."""
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script(
            "return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length === 0"
        )
    )


def click(browser: webdriver.Chrome, by: str, value: str) -> None:
    """Click an element as a person would reach it (scrolled into view, once Dash is idle)."""
    settled(browser)
    element = WebDriverWait(browser, 30).until(seen.element_to_be_clickable((by, value)))
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element
    )


OPEN_DROPDOWNS = "button.dash-dropdown:not([disabled])"
MENU = "[role=listbox], .dash-dropdown-options, .dash-dropdown-content"


def open_dropdown(browser: webdriver.Chrome, n: int) -> bool:
    """Open the page's n-th enabled dropdown; False when there is no such visible dropdown.

    The button is clicked again until it says it is expanded and its menu is in the page: a click
    that lands while Dash re-renders the dropdown (or before its lazily loaded script is ready) is
    lost, and waiting for a menu that click never opened is what made this flaky.
    """

    def opened(d: webdriver.Chrome) -> bool:
        buttons = d.find_elements(By.CSS_SELECTOR, OPEN_DROPDOWNS)
        if n >= len(buttons) or not buttons[n].is_displayed():
            raise LookupError(n)
        if buttons[n].get_attribute("aria-expanded") == "true" and d.find_elements(
            By.CSS_SELECTOR, MENU
        ):
            return True
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[n])
        ActionChains(d).move_to_element(buttons[n]).click().perform()
        return False

    settled(browser)
    try:
        WebDriverWait(
            browser,
            30,
            poll_frequency=1,
            ignored_exceptions=(StaleElementReferenceException, ElementClickInterceptedException),
        ).until(opened)
    except LookupError:
        return False
    return True


def shot(browser: webdriver.Chrome, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def console_problems(browser: webdriver.Chrome) -> list[str]:
    return [
        entry["message"]
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE"
        or "Content Security Policy" in entry["message"]
        or "Refused to" in entry["message"]
    ]


def no_alert(browser: webdriver.Chrome) -> bool:
    try:
        browser.switch_to.alert  # noqa: B018
    except NoAlertPresentException:
        return True
    return False


def sign_in(browser: webdriver.Chrome, base_url: str, username: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{base_url}/")
    WebDriverWait(browser, 30).until(seen.presence_of_element_located((By.ID, "username")))
    assert "เข้าสู่ระบบ" in browser.page_source
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda d: "/login" not in d.current_url)


# --- maps -----------------------------------------------------------------------------------------


def plot_ready(browser: webdriver.Chrome, graph: str, fills: int) -> None:
    """Wait until the graph has drawn at least `fills` filled areas and no callback is pending."""
    WebDriverWait(browser, 30).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, f"#{graph} {FILLS}")) >= fills,
        message=f"{graph} never drew",
    )
    settled(browser)


def pixel(browser: webdriver.Chrome, graph: str, lon: float, lat: float) -> tuple[int, int]:
    """Where a lon/lat point is in the viewport (graph scrolled into view), by the plot's axes."""
    x, y = browser.execute_script(
        """
        const gd = document.querySelector(`#${arguments[0]} .js-plotly-plot`);
        gd.scrollIntoView({block: 'center', behavior: 'instant'});  // Bootstrap scrolls smoothly
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.getBoundingClientRect();
        const x = box.left + xa._offset + xa.l2p(arguments[1]);
        return [x, box.top + ya._offset + ya.l2p(arguments[2])];
        """,
        graph,
        lon,
        lat,
    )
    return round(x), round(y)


def pick(browser: webdriver.Chrome, dropdown: str, label: str) -> None:
    """Choose an option of a Dash dropdown by its text, as a person would."""
    click(browser, By.CSS_SELECTOR, f"#{dropdown}")
    option = WebDriverWait(browser, 30).until(
        lambda d: next(
            (
                o
                for o in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
                if o.text.strip() == label
            ),
            None,
        )
    )
    browser.execute_script("arguments[0].click();", option)


def click_at(browser: webdriver.Chrome, point: tuple[int, int]) -> None:
    """Move the mouse there (so Plotly hovers), then click, as a person would."""
    actions = ActionChains(browser)
    actions.w3c_actions.pointer_action.move_to_location(*point)
    actions.w3c_actions.pointer_action.click()
    actions.perform()


# --- the upload page ------------------------------------------------------------------------------


def upload(browser: webdriver.Chrome, path: Path) -> None:
    """Choose a file in the upload page's file input."""
    settled(browser)
    browser.find_element(By.CSS_SELECTOR, "#submit-upload input[type=file]").send_keys(str(path))


def downloaded(folder: Path, timeout: float = 30) -> Path:
    """The one finished download in the folder (bounded wait on the file itself)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == ".xlsx"]
        if done and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)  # polling a file's arrival, not synchronising with the page
    raise AssertionError(f"nothing downloaded into {folder}")
