"""The maps in headless Chromium: drawn from this server alone; a click inside an area drills down.

Clicks land on each area's representative point (well inside the polygon, far from its
vertices), computed from the loaded boundaries and turned into pixels by the plot's own axes.
"""

from __future__ import annotations

from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import (
    click_at,
    console_problems,
    pixel,
    plot_ready,
    shot,
    sign_in,
    wait_text,
)
from tests.dashboard.conftest import OWN_PLACE
from warehouse import geo

pytestmark = pytest.mark.browser


def into_view(browser: webdriver.Chrome, graph: str) -> None:
    browser.execute_script(
        "document.getElementById(arguments[0])"
        ".scrollIntoView({block: 'center', behavior: 'instant'})",
        graph,
    )


def point_of(home: Any, district: str) -> tuple[float, float]:
    row = geo.district_points(home).filter(code=district).row(0, named=True)
    return row["lon"], row["lat"]


PARTS = {"title": ".g-gtitle", "credit": ".annotation", "legend": ".legend", "map": ".nsewdrag"}


def overlapping_parts(browser: webdriver.Chrome, graph: str) -> list[str]:
    """Pairs of the map's title, credit, legend and drawing area whose boxes overlap, or that leave the figure."""
    return browser.execute_script(
        """
        const gd = document.querySelector(`#${arguments[0]} .js-plotly-plot`);
        const outer = gd.getBoundingClientRect();
        const boxes = Object.entries(arguments[1]).map(([name, css]) => {
          const el = gd.querySelector(css);
          return [name, el && el.getBoundingClientRect()];
        }).filter(([, box]) => box && box.width > 0);
        const problems = [];
        for (const [name, b] of boxes) {
          if (b.left < outer.left - 1 || b.right > outer.right + 1
              || b.top < outer.top - 1 || b.bottom > outer.bottom + 1)
            problems.push(`${name} outside the figure`);
        }
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          const [n, a] = boxes[i], [m, b] = boxes[j];
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
            problems.push(`${n} over ${m}`);
        }
        return [boxes.length, problems];
        """,
        graph,
        PARTS,
    )


def outside_requests(browser: webdriver.Chrome, base_url: str) -> list[str]:
    names = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    return [n for n in names if not n.startswith(base_url)]


def test_province_map_drills_down_to_a_district_and_a_club(
    browser: webdriver.Chrome, base_url: str, two_provinces: Any
) -> None:
    sign_in(browser, base_url, "director62")
    browser.get(f"{base_url}/?fy=2568")
    wait_text(browser, "ภาพรวม · กำแพงเพชร")
    plot_ready(browser, "overview-map", fills=11)
    wait_text(browser, "คลิกที่อำเภอเพื่อเปิดหน้าอำเภอ")
    target = pixel(browser, "overview-map", *point_of(two_provinces, "6205"))
    click_at(browser, target)
    WebDriverWait(browser, 30).until(
        lambda d: "/district?" in d.current_url and "district=6205" in d.current_url
    )
    wait_text(browser, "ชมรม × เกณฑ์ทั้งเก้า")  # the page's own title
    wait_text(browser, "ที่ตั้งชมรมในอำเภอ")
    plot_ready(browser, "district-map", fills=2)
    WebDriverWait(browser, 30).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#district-map .scatterlayer .point")) >= 4
    )
    into_view(browser, "district-map")
    shot(browser, "district-map-th")
    club, lon, lat = OWN_PLACE
    click_at(browser, pixel(browser, "district-map", lon, lat))
    WebDriverWait(browser, 30).until(
        lambda d: "/club?" in d.current_url and f"club={club}" in d.current_url
    )
    wait_text(browser, "การประชุมและสัดส่วนผู้เข้าร่วม")
    assert outside_requests(browser, base_url) == []
    assert console_problems(browser) == []


def test_hover_names_the_district_in_the_language(
    browser: webdriver.Chrome, base_url: str, two_provinces: Any
) -> None:
    sign_in(browser, base_url, "director62")
    browser.get(f"{base_url}/?fy=2568&lang=en")
    wait_text(browser, "Overview · Kamphaeng Phet")
    plot_ready(browser, "overview-map", fills=11)
    actions = ActionChains(browser)
    actions.w3c_actions.pointer_action.move_to_location(
        *pixel(browser, "overview-map", *point_of(two_provinces, "6205"))
    )
    actions.perform()
    WebDriverWait(browser, 10).until(
        lambda d: (
            "Khlong Khlung" in d.find_element(By.CSS_SELECTOR, "#overview-map .hoverlayer").text
        )
    )
    hover = browser.find_element(By.CSS_SELECTOR, "#overview-map .hoverlayer").text
    assert "Meet the standard" in hover and "clubs meet it" in hover
    assert (
        "Share of clubs meeting the standard, by district"
        in browser.find_element(By.ID, "overview-map").text
    )
    shot(browser, "overview-map-en")
    assert outside_requests(browser, base_url) == []
    assert console_problems(browser) == []


def test_national_map_opens_a_province(
    browser: webdriver.Chrome, base_url: str, two_provinces: Any
) -> None:
    sign_in(browser, base_url, "national")
    browser.get(f"{base_url}/?fy=2568")
    wait_text(browser, "ภาพรวม · ทั้งประเทศ")
    plot_ready(browser, "overview-map", fills=77)
    into_view(browser, "overview-map")
    shot(browser, "overview-national-map-th")
    click_at(
        browser, pixel(browser, "overview-map", *point_of(two_provinces, "6205"))
    )  # inside province 62
    WebDriverWait(browser, 30).until(lambda d: "province=62" in d.current_url)
    wait_text(browser, "ภาพรวม · กำแพงเพชร")
    plot_ready(browser, "overview-map", fills=11)
    assert outside_requests(browser, base_url) == []
    assert console_problems(browser) == []


@pytest.mark.parametrize("width", [1440, 390])
def test_the_maps_title_credit_legend_and_areas_never_cover_each_other(
    browser: webdriver.Chrome, base_url: str, width: int
) -> None:
    """A director prints the map: its legend's rows (many on a phone), the credit and the title stay apart."""
    sign_in(browser, base_url, "director62")
    try:
        browser.set_window_size(width, 900)
        WebDriverWait(browser, 10).until(
            lambda d: abs(d.execute_script("return window.innerWidth") - width) <= 20
        )
        for lang, legend in (("th", "ผ่านมาตรฐาน"), ("en", "Meet the standard")):
            browser.get(f"{base_url}/?fy=2568&lang={lang}")
            plot_ready(browser, "overview-map", fills=11)
            WebDriverWait(browser, 10).until(
                lambda d, legend=legend: (
                    legend in d.find_element(By.CSS_SELECTOR, "#overview-map .legend").text
                )
            )
            into_view(browser, "overview-map")
            assert overlapping_parts(browser, "overview-map") == [4, []], (lang, width)
            shot(browser, f"overview-map-{lang}-{width}")
    finally:
        browser.set_window_size(1400, 1000)
