"""What a director, an officer and the national role see, in headless Chromium at a desktop and
a phone width, in Thai and English: legends that read as their classes are bounded, addresses that
keep their district on reload, the whole country with its coverage and the year in progress,
empty states that say what is true, the links each role can use, the officer's landing page,
names never cut, the printed scorecard.

One browser for the module; screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from core.home import Home
from dashboard import maps
from tests.browser import (
    body_text,
    click,
    console_problems,
    pick,
    settled,
    shot,
    sign_in,
    wait_text,
)
from tests.dashboard.support import DIRECTOR
from warehouse import queries

pytestmark = pytest.mark.browser
DESKTOP, PHONE = (1440, 900), (375, 812)
NO_DATA_TH = "ยังไม่มีข้อมูลที่ท่านมีสิทธิ์เห็น"
LEGEND = "return [...document.querySelectorAll(arguments[0] + ' .legend .traces .legendtext')].map(t => t.textContent)"
CUT = """return [...document.querySelectorAll(arguments[0])]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.textContent)"""


def at_width(browser: webdriver.Chrome, size: tuple[int, int]) -> None:
    browser.set_window_size(*size)
    WebDriverWait(browser, 10).until(
        lambda d: abs(d.execute_script("return window.innerWidth") - size[0]) < 40
    )


def workflow_menu(browser: webdriver.Chrome) -> list[str]:
    """The workflow menu's entries, as the menu shows them once opened (on a phone, the navbar
    unfolded from its toggler first)."""
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "app-workflow"))
    if browser.find_element(By.ID, "app-toggler").is_displayed():
        click(browser, By.ID, "app-toggler")
        WebDriverWait(browser, 10).until(
            lambda d: d.find_element(
                By.CSS_SELECTOR, "#app-workflow .dropdown-toggle"
            ).is_displayed()
        )
    click(browser, By.CSS_SELECTOR, "#app-workflow .dropdown-toggle")
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#app-nav .dropdown-menu").is_displayed()
    )
    menu = browser.find_element(By.CSS_SELECTOR, "#app-nav .dropdown-menu")
    return [a.text for a in menu.find_elements(By.CSS_SELECTOR, "a")]


def legend(browser: webdriver.Chrome, graph: str, expected: set[str]) -> list[str]:
    """The legend's entries, once the graph shows one of the expected entries."""
    WebDriverWait(browser, 30).until(
        lambda d: expected & set(d.execute_script(LEGEND, f"#{graph}")),
        message=f"{graph}'s legend never showed {expected}",
    )
    return list(browser.execute_script(LEGEND, f"#{graph}"))


def test_the_maps_legends_read_as_their_classes_are_bounded(
    browser: webdriver.Chrome, base_url: str, two_provinces: Home
) -> None:
    """The change view's darkest class is "under -10 pts" (a district that fell 18.8 points is in
    it), and the share view's classes each state their bounds once, in Thai and in English."""
    sign_in(browser, base_url, "director62")
    year = max(queries.fiscal_years(two_provinces, DIRECTOR, "62"))
    values = queries.area_values(two_provinces, DIRECTOR, "62", year)
    for size, lang, missing in (
        (PHONE, "th", "ไม่มีข้อมูล"),
        (DESKTOP, "th", "ไม่มีข้อมูล"),
        (DESKTOP, "en", "No data"),
    ):
        at_width(browser, size)
        browser.get(f"{base_url}/?lang={lang}")
        shares = maps.share_classes(values["meets_share"].to_list(), lang)
        shown = legend(browser, "overview-map", set(shares.labels))
        assert shown == [*shares.labels, missing], shown
        click(browser, By.CSS_SELECTOR, "#overview-map-view input[value='change']")
        change = maps.change_classes(lang)
        shown = legend(browser, "overview-map", set(change.labels))
        assert shown == [*change.labels, missing], shown
    assert shown[0] == "under -10 pts" and shown[2] == "-3 to under +3 pts"
    shot(browser, "finish-overview-legend-change-en")
    assert console_problems(browser) == []


NATIONAL_MENU = {
    "th": ["คุณภาพข้อมูล", "ชมรมต้นแบบ", "แผนขยายผล", "รับรองข้อมูล"],
    "en": ["Data quality", "Exemplars", "Expansion plan", "Data sign-off"],
}


def test_a_district_address_keeps_its_district_and_whole_country_says_how_much(
    browser: webdriver.Chrome, base_url: str
) -> None:
    """The national role opens a district by its address: the address stays (a reload shows the
    same district); "whole country" says how many provinces it holds; no link to send data, at
    both widths and in both languages; the year in progress is offered and says who has sent."""
    sign_in(browser, base_url, "national")
    at_width(browser, DESKTOP)
    wait_text(browser, "ทั้งประเทศ (มีข้อมูล 2 จาก 77 จังหวัด)")
    assert workflow_menu(browser) == NATIONAL_MENU["th"]
    at_width(browser, PHONE)
    browser.get(f"{base_url}/?lang=en")
    wait_text(browser, "Whole country (2 of 77 provinces)")
    assert workflow_menu(browser) == NATIONAL_MENU["en"]
    for size, lang, name in (
        (DESKTOP, "th", "คลองขลุง"),
        (DESKTOP, "en", "Khlong Khlung"),
        (PHONE, "th", "คลองขลุง"),
    ):
        at_width(browser, size)
        browser.get(f"{base_url}/district?district=6205&lang={lang}")
        wait_text(browser, name)
        settled(browser)
        assert "district=6205" in browser.current_url, browser.current_url
        browser.refresh()
        wait_text(browser, name)
        settled(browser)
        assert "district=6205" in browser.current_url, browser.current_url
    at_width(browser, DESKTOP)
    browser.get(f"{base_url}/scorecard?lang=en")
    wait_text(browser, "Whole country (2 of 77 provinces)")
    pick(browser, "scorecard-fy", "FY 2570 (2026–27)")  # offered though nothing of it is in
    WebDriverWait(browser, 30).until(lambda d: "fy=2570" in d.current_url)
    wait_text(browser, "FY 2570 (2026–27) has begun: 0 of 61 districts have sent · due ")
    assert "No data you may see yet" not in body_text(browser)
    assert console_problems(browser) == []


def test_empty_states_say_what_to_do_or_that_nothing_happened_yet(
    browser: webdriver.Chrome, base_url: str
) -> None:
    """Compare before a club is chosen asks for clubs; a district address without a district
    lists the districts; a year without decisions says so: never "no data you may see"."""
    sign_in(browser, base_url, "director62")
    for size in (DESKTOP, PHONE):
        at_width(browser, size)
        browser.get(f"{base_url}/compare")
        wait_text(browser, "เลือกชมรมสองถึงสี่ชมรมด้านบนเพื่อเปรียบเทียบ")
        assert NO_DATA_TH not in body_text(browser)
        browser.get(f"{base_url}/district")
        WebDriverWait(browser, 30).until(
            lambda d: len(d.find_elements(By.CSS_SELECTOR, "#district-list a")) == 2
        )
        assert NO_DATA_TH not in body_text(browser)
        assert "คลองขลุง" in browser.find_element(By.ID, "district-list").text
    click(browser, By.LINK_TEXT, "คลองขลุง")
    WebDriverWait(browser, 30).until(lambda d: "district=6205" in d.current_url)
    browser.get(f"{base_url}/exemplars?fy=2567")
    wait_text(browser, "ยังไม่มีการเสนอหรือตัดสินในปีงบประมาณนี้")
    browser.get(f"{base_url}/compare?lang=en")
    wait_text(browser, "Choose two to four clubs above to compare them")
    assert console_problems(browser) == []


def test_the_officer_lands_on_their_district_and_sees_the_link_to_send_data(
    browser: webdriver.Chrome, base_url: str
) -> None:
    sign_in(browser, base_url, "officer6205")
    at_width(browser, DESKTOP)
    WebDriverWait(browser, 30).until(lambda d: "/district?district=6205" in d.current_url)
    wait_text(browser, "คลองขลุง")
    assert "ส่งข้อมูล" in workflow_menu(browser)
    at_width(browser, PHONE)
    browser.get(f"{base_url}/district?district=6205&lang=en")
    wait_text(browser, "Khlong Khlung")
    assert "Send data" in workflow_menu(browser)


def test_the_printed_scorecard_drops_screen_hints_and_gains_a_header_and_footer(
    browser: webdriver.Chrome, base_url: str
) -> None:
    """On paper: no "click a district's name", no rules-file jargon, no sort arrows, no
    underlined links; a header naming the page, province and year, and a footer with the data's
    date, the print date and the source."""
    sign_in(browser, base_url, "director62")
    at_width(browser, DESKTOP)
    browser.get(f"{base_url}/scorecard?fy=2568&sort=-meets_share")
    wait_text(browser, "คลิกชื่ออำเภอ")
    assert "ข้อมูล ณ" not in body_text(browser)  # the footer is for paper only
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        browser.execute_script("window.dispatchEvent(new Event('beforeprint'))")
        shown = body_text(browser)
        assert "คลิกชื่ออำเภอ" not in shown and "เกณฑ์สีจากไฟล์กฎ" not in shown
        assert "▼" not in browser.find_element(By.CSS_SELECTOR, ".scorecard thead").text
        assert "ตารางคะแนนมาตรฐาน · กำแพงเพชร · ปีงบประมาณ 2568" in shown
        foot = browser.find_element(By.CSS_SELECTOR, ".print-foot").text
        assert "ข้อมูล ณ" in foot and "พิมพ์เมื่อ" in foot and "ที่มา:" in foot
        assert re.search(r"25[0-9][0-9]", foot.split("พิมพ์เมื่อ")[1]), foot  # Buddhist Era
        underlined = browser.execute_script(
            """return [...document.querySelectorAll('.scorecard a')]
                .filter(a => getComputedStyle(a).textDecorationLine !== 'none').length"""
        )
        assert underlined == 0
        shot(browser, "finish-scorecard-print")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def drawn(browser: webdriver.Chrome, graph: str) -> None:
    """Wait until the graph is drawn, the fonts are in and every other graph has drawn too."""
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f"{graph} .main-svg"),
        message=f"{graph} never drew",
    )
    settled(browser)
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script(
            "return document.fonts.status === 'loaded' && [...document.querySelectorAll"
            "('.dash-graph')].every(g => g.querySelector('.main-svg'))"
        ),
        message="a graph never drew",
    )


OUTSIDE = """
const graph = document.querySelector(arguments[0] + ' .main-svg').getBoundingClientRect();
return [...document.querySelectorAll(arguments[0] + ' ' + arguments[1])]
    .map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([s, r]) => r.width && (r.left < graph.left - 1 || r.right > graph.right + 1))
    .map(([s]) => s)"""
OVERLAPPING = """
const boxes = [...document.querySelectorAll(arguments[0] + ' ' + arguments[1])]
    .map(t => [t.textContent, t.getBoundingClientRect()]).filter(([s, r]) => r.width);
const found = [];
boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
  if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1)
    found.push(a + ' / ' + b);
}));
return found"""


def test_names_fit_their_boxes_at_a_phone_and_a_desktop_width(
    browser: webdriver.Chrome, base_url: str
) -> None:
    """Map names neither cut nor overlapping; the district page's grid names its clubs in full
    view with upright criteria; its rank says it is the province's; the exemplar chart's names
    stay inside it; leaderboard places are not cut; the club page's meetings are bars, not hairs."""
    sign_in(browser, base_url, "director62")
    for size, tag in ((PHONE, "phone"), (DESKTOP, "desktop")):
        at_width(browser, size)
        browser.get(f"{base_url}/")
        drawn(browser, "#overview-map")
        WebDriverWait(browser, 30).until(
            lambda d: len(d.find_elements(By.CSS_SELECTOR, "#overview-map .textpoint text")) > 5
        )
        assert browser.execute_script(OUTSIDE, "#overview-map", ".textpoint text") == []
        assert browser.execute_script(OVERLAPPING, "#overview-map", ".textpoint text") == []
        shot(browser, f"finish-overview-{tag}")
        for lang in ("en", "th"):  # Thai last: the screenshot is the Thai page
            browser.get(f"{base_url}/district?district=6205&lang={lang}")
            drawn(browser, "#district-grid")
            assert browser.execute_script(OUTSIDE, "#district-grid", ".ytick text") == []
            assert browser.execute_script(OVERLAPPING, "#district-grid", ".xtick text") == []
            cut = browser.execute_script(CUT, "#district-clubs th, #district-clubs td")
            assert cut == [], cut
            heads = browser.find_element(By.CSS_SELECTOR, "#district-clubs thead").text
            assert ("อันดับในจังหวัด" if lang == "th" else "Rank in the province") in heads
        browser.execute_script("window.scrollTo(0, 0)")
        shot(browser, f"finish-district-{tag}")
        browser.get(f"{base_url}/exemplars?fy=2568")
        drawn(browser, "#exemplars-figure")
        assert browser.execute_script(OUTSIDE, "#exemplars-figure", ".ytick text") == []
        browser.get(f"{base_url}/leaderboard?fy=2568")
        WebDriverWait(browser, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".ag-cell[col-id='name']")
        )
        settled(browser)
        places = ".ag-cell[col-id='district'], .ag-cell[col-id='network']"
        if tag == "desktop":  # a phone draws the columns scrolled to only
            assert len(browser.find_elements(By.CSS_SELECTOR, places)) >= 2
        cut = browser.execute_script(CUT, places)
        assert cut == [], cut
        browser.get(f"{base_url}/club?district=6205&club=6205-003")
        drawn(browser, "#club-timeline")
        widths = browser.execute_script(
            """return [...document.querySelectorAll('#club-timeline .point path')]
                .map(p => p.getBoundingClientRect().width)"""
        )
        assert widths and min(widths) >= 3, widths  # each meeting a bar a person can see
    assert console_problems(browser) == []
