"""In headless Chromium, at a desktop (1440×900) and a phone (390×844) width:
the phone's menu opens and closes, no chart has Plotly's toolbar, the map credit fits, nothing
scrolls sideways; empty and wrong states say one clear thing; and every page (enumerated from
Dash's page registry, so pages added later are walked too) shows no Latin-letter UI text in Thai
mode, for the director, an officer and the national role, dropdowns opened.

One browser session walks everything; screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import dash
import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import (
    OPEN_DROPDOWNS,
    body_text,
    click,
    console_problems,
    open_dropdown,
    settled,
    shot,
    sign_in,
    wait_text,
)
from tests.dashboard.conftest import ACCOUNTS, DISTRICTS, _province_rows

pytestmark = pytest.mark.browser
DESKTOP, PHONE = (1440, 900), (390, 844)
# What a page needs in its address to show content (pages not listed are walked bare).
QUERIES = {
    "/district": "district=6205",
    "/club": "district=6205&club=6205-003",
    "/compare": "clubs=6205/6205-003,6201/6201-002",
    "/knowledge": "district=6201&club=6201-001&fy=2568",
    "/knowledge/print": "district=6201&club=6201-001&fy=2568",
}
LATIN = re.compile(r"[A-Za-z0-9_./:=+()<>\"'-]*[A-Za-z][A-Za-z0-9_./:=+()<>\"'-]*")
# Latin text a Thai page may show: product and format names, the language switch, the names of
# sources and licences in the boundaries' credit, the founding record's own English terms.
ALLOWED = {
    "OTOP", "Excel", "Word", "docx", "(.docx)", "English", "Ctrl+P)", "(Ctrl+P)",
    "UN", "OCHA", "HDX", "(COD-AB,", "COD-AB", "CC", "BY", "IGO", "(CC", "BY-IGO)", "GeoThai", "4.0)", "3.0",
    "(Knowledge", "Assets)", "(Core", "Competency)",
    ".xlsx", ".ods", ".zip", "(CSV)", "MB)",  # file formats and units on the upload page
    "(PDF)",  # the meeting brief's format
}  # fmt: skip
SOURCE_FILE = re.compile(
    r"^[0-9]{4}\.(xlsx|csv|zip)$"
)  # a district's file as it sent it (data, not UI)
VERSIONED = re.compile(r"^scorecard\.[0-9]+$")  # the rules file's version of the scorecard lights


# The fixture's free text (what a district typed), as opposed to codes the UI must put into words
# (sheet and column names, kinds, statuses), which are not allowed through.
FREE_TEXT = (
    "name",
    "title",
    "partner_org",
    "document_ref",
    "full_name",
    "raw_value",
    "club_id",
    "meeting_id",
    "activity_id",
    "member_id",
)


def data_words() -> set[str]:
    """Every Latin word of the fixture's free text (club names, ids, titles, partners) and the user names."""
    words = set(ACCOUNTS)
    for province in DISTRICTS:
        for rows in _province_rows(province).values():
            for row in rows:
                for field in FREE_TEXT:
                    if isinstance(value := row.get(field), str):
                        words |= set(LATIN.findall(value)) | set(value.split())
    return words


def foreign(text: str, allowed: set[str]) -> set[str]:
    """Latin-letter words of a text that are neither data, codes (with digits) nor allowed names."""
    found = set()
    for word in LATIN.findall(text):
        bare = word.strip("()\"'.,:")
        if (
            word in allowed
            or bare in allowed
            or (any(ch.isdigit() for ch in word) and bare.upper() == bare)
        ):
            continue
        if SOURCE_FILE.match(bare) or VERSIONED.match(bare):
            continue
        if any(word in w or bare in w for w in allowed if len(bare) > 1):
            continue
        found.add(word)
    return found


@pytest.fixture(scope="module")
def sized(browser: webdriver.Chrome) -> Iterator[webdriver.Chrome]:
    """The module's browser, back at its usual size afterwards."""
    yield browser
    browser.set_window_size(1400, 1000)


def at_width(browser: webdriver.Chrome, size: tuple[int, int]) -> None:
    browser.set_window_size(*size)
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return window.innerWidth") <= size[0]
    )


def opened(browser: webdriver.Chrome) -> bool | None:
    """Whether the phone's menu is open (True), closed (False), or still sliding (None)."""
    classes = (browser.find_element(By.ID, "app-collapse").get_attribute("class") or "").split()
    if "collapsing" in classes:
        return None
    return "show" in classes and browser.find_element(By.ID, "app-collapse").is_displayed()


def graphs_drawn(browser: webdriver.Chrome, least: int = 1) -> int:
    """Wait until Dash is idle and at least `least` Plotly figures are drawn; their number."""
    settled(browser)
    WebDriverWait(browser, 30).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg")) >= least
    )
    return len(browser.find_elements(By.CSS_SELECTOR, ".js-plotly-plot"))


def test_phone_menu_toolbar_credit_and_no_sideways_scroll(
    sized: webdriver.Chrome, base_url: str
) -> None:
    browser = sized
    sign_in(browser, base_url, "director62")
    for size, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        at_width(browser, size)
        browser.get(f"{base_url}/?fy=2568")
        wait_text(browser, "ภาพรวม · กำแพงเพชร")
        drawn = graphs_drawn(browser, 4)
        assert browser.find_elements(By.CSS_SELECTOR, ".modebar") == [], (
            "a chart shows Plotly's toolbar"
        )
        menu = browser.find_element(By.ID, "app-collapse")
        toggler = browser.find_element(By.ID, "app-toggler")
        if name == "desktop":
            assert (
                menu.is_displayed() and not toggler.is_displayed()
            )  # links in the bar, no toggler
        else:
            assert toggler.is_displayed() and not menu.is_displayed()  # closed until asked for
            click(browser, By.ID, "app-toggler")
            WebDriverWait(browser, 10).until(
                lambda d: opened(d) is True, message="the menu never opened"
            )
            assert "จัดอันดับชมรม" in browser.find_element(By.ID, "app-collapse").text
            shot(browser, "finish-menu-open-phone")
            click(browser, By.ID, "app-toggler")
            WebDriverWait(browser, 10).until(
                lambda d: opened(d) is False, message="the menu never closed"
            )
        wide = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert wide <= 1, f"the page scrolls sideways by {wide}px at {size}"
        credit = WebDriverWait(browser, 30).until(
            lambda d: d.execute_script(
                """const map = document.getElementById('overview-map');
                   const note = [...map.querySelectorAll('.annotation-text')]
                       .find(t => t.textContent.includes('กรมแผนที่ทหาร'));
                   if (!note) return null;
                   const box = map.getBoundingClientRect(), r = note.getBoundingClientRect();
                   return [r.left - box.left, box.right - r.right];"""
            ),
            message="the map never showed its credit in Thai",
        )
        assert min(credit) >= 0, f"the map credit is cut off at {size}: {credit}"
        titles = WebDriverWait(browser, 30).until(
            lambda d, drawn=drawn: (
                (
                    found := d.execute_script(
                        "return [...document.querySelectorAll('.js-plotly-plot .gtitle')].map(t => t.textContent)"
                    )
                )
                and len(found) >= drawn
                and found
            ),
            message="a chart has no title",
        )
        assert all(titles)
        browser.execute_script("window.scrollTo(0, 0)")
        shot(browser, f"finish-overview-{name}")
        if name == "desktop":  # the map's change-from-last-year view
            click(browser, By.CSS_SELECTOR, "#overview-map-view input[value='change']")
            WebDriverWait(browser, 30).until(
                lambda d: "เปลี่ยนจากปีก่อน (จุดร้อยละ)" in d.find_element(By.ID, "overview-map").text
            )
            legend = browser.find_element(By.CSS_SELECTOR, "#overview-map .legend").text
            assert "-3 ถึงต่ำกว่า +3 จุด" in legend and "ต่ำกว่า -10 จุด" in legend, legend
            shot(browser, "finish-overview-map-change-desktop")
        browser.get(f"{base_url}/club?district=6205&club=6205-003")
        wait_text(browser, "ชมรมอาสาคลองขลุง")
        graphs_drawn(browser, 3)
        height = browser.execute_script("return document.body.scrollHeight")
        assert height < (6000 if name == "phone" else 3600), (
            f"the club page is {height}px high at {size}"
        )
        ticks = browser.execute_script(
            "return [...document.querySelectorAll('#club-timeline .xtick text')].map(t => t.textContent)"
        )
        assert ticks and all(
            re.fullmatch(r"\S+ 25\d\d", t) and not re.search(r"[A-Za-z]", t) for t in ticks
        ), ticks
        shot(browser, f"finish-club-{name}")
    assert console_problems(browser) == []


def test_empty_and_wrong_states_say_one_thing(sized: webdriver.Chrome, base_url: str) -> None:
    browser = sized
    sign_in(browser, base_url, "director62")
    at_width(browser, PHONE)
    browser.get(f"{base_url}/club")
    wait_text(browser, "เลือกชมรม")
    assert (
        browser.find_element(By.ID, "choose-club-link")
        .get_attribute("href")
        .endswith("/leaderboard?lang=th")
    )
    browser.get(f"{base_url}/knowledge")
    wait_text(browser, "ไปหน้าคัดเลือกต้นแบบ")
    browser.get(f"{base_url}/club?district=6205&club=no-such-club")
    wait_text(browser, "ไม่พบชมรมนี้ หรือชมรมนี้อยู่นอกขอบเขต")
    settled(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".card") == []  # one message, no empty cards
    shot(browser, "finish-club-not-found-phone")
    browser.get(f"{base_url}/nowhere")
    wait_text(browser, "ไม่พบหน้านี้")
    assert "404" not in body_text(browser) and "Page not found" not in body_text(browser)
    browser.get(f"{base_url}/compare?clubs=6205/6205-001")
    settled(browser)
    dropdown = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "compare-clubs"))
    ActionChains(browser).move_to_element(dropdown).click().perform()
    select_all = WebDriverWait(browser, 10).until(
        lambda d: next(
            (
                b
                for b in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-action-button")
                if b.text == "เลือกทั้งหมด"
            ),
            None,
        )
    )
    select_all.click()
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 30).until(lambda d: "limited=1" in d.current_url)
    wait_text(browser, "เปรียบเทียบได้ครั้งละไม่เกิน 4 ชมรม")
    assert (
        browser.current_url.split("clubs=")[1].split("&")[0].count("%2C") == 3
    )  # four clubs kept, and said
    shot(browser, "finish-compare-limit-phone")
    assert console_problems(browser) == []


def open_dropdowns(browser: webdriver.Chrome) -> str:
    """Open each dropdown of the page in turn; the text its menu showed (search box placeholders too)."""
    seen = []
    for n in range(len(browser.find_elements(By.CSS_SELECTOR, OPEN_DROPDOWNS))):
        if not open_dropdown(browser, n):
            continue
        seen.append(body_text(browser))
        seen += [
            e.get_attribute("placeholder") or ""
            for e in browser.find_elements(By.CSS_SELECTOR, "input[placeholder]")
        ]
        browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    return "\n".join(seen)


@pytest.mark.parametrize("username", ["director62", "officer6205", "national"])
def test_every_page_in_thai_has_no_latin_ui_text(
    sized: webdriver.Chrome, base_url: str, username: str
) -> None:
    browser = sized
    at_width(browser, DESKTOP)
    sign_in(browser, base_url, username)
    allowed = ALLOWED | data_words()
    paths = sorted({page["path"] for page in dash.page_registry.values()})
    assert {"/", "/club", "/plan", "/404"} <= set(paths)
    problems: dict[str, set[str]] = {}
    for path in paths:
        query = "&".join(
            q for q in (QUERIES.get(path, ""), "province=62" if username == "national" else "") if q
        )
        browser.get(f"{base_url}{path}?{query}")
        WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#app-nav nav"))
        settled(browser)
        text = body_text(browser) + "\n" + open_dropdowns(browser)
        titles = browser.execute_script(
            "return [...document.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent).join('\\n')"
        )
        if bad := foreign(text + "\n" + titles, allowed):
            problems[path] = bad
    shot(browser, f"finish-walk-{username}")
    assert problems == {}, f"Latin UI text in Thai mode for {username}: {problems}"
    assert console_problems(browser) == []
