"""What a page shows first for the year in progress and, for the national role, for the whole
country: every year picker offers the fiscal year today is in (the fixtures' clock: 24 Nov 2026,
FY 2570), and chosen before any club result of it, a page says where its submissions stand
instead of "no data"; a page that shows one province at a time opens, for the national role,
on the loaded provinces with the country's coverage, each linking to the page for it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dashboard.support import first_view

OFFERED = '"label": "FY 2570 (2026–27)", "value": 2570'
BEGUN = "FY 2570 (2026–27) has begun: 0 of 11 districts have sent · due "
NO_DATA = "No data you may see yet"
ONE_PROVINCE_PAGES = ["/district", "/quality", "/exemplars", "/plan", "/approval"]


@pytest.mark.parametrize(
    ("path", "search"),
    [
        ("/scorecard", ""),
        ("/leaderboard", ""),
        ("/district", "district=6205&"),
        ("/exemplars", ""),
        ("/plan", ""),
        ("/approval", ""),
    ],
)
def test_the_year_in_progress_is_offered_and_says_who_has_sent(
    client_as: Any, path: str, search: str
) -> None:
    client = client_as("director62")
    first = first_view(client, path, f"?{search}lang=en")
    assert OFFERED in first  # offered, though nothing of it is loaded
    assert '"value": 2568, "clearable"' in first  # the page opens on the newest year ended
    chosen = first_view(client, path, f"?{search}fy=2570&lang=en")
    assert BEGUN in chosen and "No club results for FY 2570 (2026–27) yet" in chosen
    assert NO_DATA not in chosen
    if path == "/district":  # the district's own line
        assert "Khlong Khlung: not sent yet · " in chosen


def test_the_quality_page_offers_the_year_in_progress_before_it_is_due(client_as: Any) -> None:
    client = client_as("director62")
    assert OFFERED in first_view(client, "/quality", "?lang=en")
    chosen = first_view(client, "/quality", "?fy=2570&lang=en")
    assert "FY 2570 (2026–27) is in progress: its submissions are judged once it is due" in chosen
    assert "FY 2570 (2026–27) has begun: 0 of 11 districts have sent" in chosen
    assert NO_DATA not in chosen


def test_the_national_overview_offers_the_year_in_progress_for_the_whole_country(
    client_as: Any,
) -> None:
    client = client_as("national")
    assert OFFERED in first_view(client, "/", "?lang=en")
    chosen = first_view(client, "/", "?fy=2570&lang=en")
    assert "Whole country (2 of 77 provinces)" in chosen
    # Kamphaeng Phet's 11 districts and Bangkok's 50
    assert "FY 2570 (2026–27) has begun: 0 of 61 districts have sent · due " in chosen


@pytest.mark.parametrize("path", ONE_PROVINCE_PAGES)
def test_the_national_role_opens_on_the_country_s_provinces_not_a_bare_picker(
    client_as: Any, path: str
) -> None:
    page = first_view(client_as("national"), path, "?lang=en")
    assert "Whole country (2 of 77 provinces)" in page
    assert "2 of 77 provinces loaded" in page and "Provinces · FY 2568 (2024–25)" in page
    for province in ("62", "10"):  # each opens this page for the province
        assert f"{path}?province={province}&fy=2568&lang=en" in page
    assert "Kamphaeng Phet" in page and "Bangkok" in page
    chosen = first_view(client_as("national"), path, "?province=62&lang=en")
    assert "2 of 77 provinces loaded" not in chosen and "Kamphaeng Phet" in chosen


def test_the_country_s_provinces_show_the_year_asked_for_in_thai(client_as: Any) -> None:
    page = first_view(client_as("national"), "/quality", "?fy=2567&lang=th")
    assert "ทั้งประเทศ (มีข้อมูล 2 จาก 77 จังหวัด)" in page
    assert "/quality?province=62&fy=2567&lang=th" in page
