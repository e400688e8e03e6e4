"""The navbar in headless Chromium at 1280 px wide, in Thai: one line for every role.

Its items (brand, the pages and the workflow menu, the user, the language switch, sign-out) are
compared by their boxes: each crosses the brand's middle line, its text is one line (its text's
boxes share one top) and it ends inside the window. The
workflow menu opens and lists its pages. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import click, console_problems, settled, shot, sign_in

pytestmark = pytest.mark.browser
WIDTH = 1280
# The navbar's items, in the order they show: each must sit on the brand's line.
ITEMS = (
    "#app-nav .navbar-brand, #app-nav .navbar-nav > .nav-item,"
    " #app-nav .navbar-nav > .dropdown > .dropdown-toggle,"
    " #app-user, #app-lang, #app-nav form[action='/logout'] button"
)
BOXES = """
    const lines = e => {  // the distinct tops of the boxes of an element's visible text
        const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), tops = new Set();
        for (let t = walk.nextNode(); t; t = walk.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(t);
            for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
        }
        return tops.size;
    };
    const boxes = [...document.querySelectorAll(arguments[0])].map(e => {
        const r = e.getBoundingClientRect();
        return {text: e.innerText.trim(), top: r.top, bottom: r.bottom, right: r.right, lines: lines(e)};
    });
    return {boxes: boxes, width: document.documentElement.clientWidth,
            bar: document.querySelector('#app-nav nav').getBoundingClientRect().height};
"""


@pytest.fixture(scope="module")
def narrow(browser: webdriver.Chrome) -> Iterator[webdriver.Chrome]:
    """The module's browser at 1280 px wide, back at its usual size afterwards."""
    browser.set_window_size(WIDTH, 900)
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return window.innerWidth") <= WIDTH
    )
    yield browser
    browser.set_window_size(1400, 1000)


@pytest.mark.parametrize("username", ["director62", "officer6205", "national"])
def test_the_navbar_is_one_line_at_1280_px_in_thai(
    narrow: webdriver.Chrome, base_url: str, username: str
) -> None:
    browser = narrow
    sign_in(browser, base_url, username)
    browser.get(f"{base_url}/quality")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#app-nav nav"))
    settled(browser)
    seen: dict[str, Any] = browser.execute_script(BOXES, ITEMS)
    boxes = seen["boxes"]
    assert len(boxes) >= 6, f"the navbar lacks items: {boxes}"
    brand = boxes[0]
    middle = (brand["top"] + brand["bottom"]) / 2
    below = [b["text"] for b in boxes if not b["top"] < middle < b["bottom"]]
    assert below == [], f"{username}'s navbar wraps at {WIDTH} px: {below} leave the brand's line"
    wrapped = [b["text"] for b in boxes if b["lines"] != 1]
    assert wrapped == [], f"{username}'s navbar items wrap at {WIDTH} px: {wrapped}"
    outside = [b["text"] for b in boxes if b["right"] > seen["width"] + 0.5]
    assert outside == [], f"{username}'s navbar runs past the window: {outside}"
    tallest = max(b["bottom"] - b["top"] for b in boxes)
    assert seen["bar"] < 2 * tallest, f"the navbar is {seen['bar']}px high for items of {tallest}px"
    browser.execute_async_script("document.fonts.ready.then(arguments[0])")
    shot(browser, f"navbar-1280-{username}")
    assert console_problems(browser) == []


def test_the_workflow_menu_lists_its_pages_and_marks_the_current_one(
    narrow: webdriver.Chrome, base_url: str
) -> None:
    browser = narrow
    sign_in(browser, base_url, "director62")
    browser.get(f"{base_url}/plan")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "app-workflow"))
    click(browser, By.CSS_SELECTOR, "#app-workflow .dropdown-toggle")
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#app-nav .dropdown-menu").is_displayed()
    )
    menu = browser.find_element(By.CSS_SELECTOR, "#app-nav .dropdown-menu")
    assert [a.text for a in menu.find_elements(By.CSS_SELECTOR, "a")] == [
        "คุณภาพข้อมูล",
        "ชมรมต้นแบบ",
        "แผนขยายผล",
        "ส่งข้อมูล",
        "รับรองข้อมูล",
    ]
    assert (
        "active"
        in (menu.find_element(By.LINK_TEXT, "แผนขยายผล").get_attribute("class") or "").split()
    )
    toggle = browser.find_element(By.CSS_SELECTOR, "#app-workflow .dropdown-toggle")
    assert (
        toggle.text == "การดำเนินงาน" and "active" in (toggle.get_attribute("class") or "").split()
    )
    shot(browser, "navbar-1280-workflow-open")
    assert console_problems(browser) == []
