"""The one cache, by the work it saves: queries run, versions resolved, parts drawn, audit entries written.

Nothing here is timed: each test counts what reaches the warehouse (a DuckDB query on a version,
a roll-up file scanned, a `CURRENT` pointer read) or how often a part is drawn.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dash
import polars as pl
import pytest

from accounts.audit import read as read_audit
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from dashboard import cache, context, drawing
from tests.dashboard.conftest import SECRET_MEMBER_6201, publish_province
from tests.dashboard.support import DIRECTOR, OFFICER, as_user, page, serving
from tests.dashboard.support import drawn as routed
from warehouse import pointer, queries
from warehouse.queries import base

DIRECTOR_10 = Scope("director10", "director", "10")
NATIONAL = Scope("national", "national", None)
STATE = {"province": "62", "district": "6205", "fy": 2568, "lang": "th"}
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Work:
    """What reached the warehouse since the test began."""

    queries: int = 0  # cursors opened on a published version
    scans: int = 0  # roll-up files scanned (national answers)
    pointers: list[str] = field(default_factory=list)  # CURRENT files read (or checked)

    @property
    def reads(self) -> int:
        return self.queries + self.scans


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    """Counts queries, roll-up scans and pointer reads, with the cache emptied first."""
    counted = Work()
    reading, scan, read_pointer = base.reading, pl.scan_parquet, pointer.read

    def query(*args: Any, **kwargs: Any) -> Any:
        counted.queries += 1
        return reading(*args, **kwargs)

    def scanned(*args: Any, **kwargs: Any) -> Any:
        counted.scans += 1
        return scan(*args, **kwargs)

    def pointed(path: Path) -> str | None:
        counted.pointers.append(str(path))
        return read_pointer(path)

    monkeypatch.setattr(base, "reading", query)
    monkeypatch.setattr(pl, "scan_parquet", scanned)
    monkeypatch.setattr(pointer, "read", pointed)
    cache.clear()
    yield counted
    cache.clear()


def warehouse_pointers(work: Work) -> list[str]:
    """The provinces whose CURRENT was read (the boundaries' pointer left out)."""
    return [Path(p).parent.name for p in work.pointers if Path(p).parent.parent.name == "warehouse"]


# --- a second identical view does no work -------------------------------------------------------


def test_a_second_identical_page_view_asks_the_warehouse_nothing(
    client_as: Any, work: Work
) -> None:
    client = client_as("director62")
    for path, search in (
        ("/", "?fy=2568"),
        ("/district", "?district=6205&fy=2568"),
        ("/club", "?district=6201&club=6201-001"),
        ("/scorecard", "?fy=2568"),
        ("/leaderboard", "?fy=2568"),
        ("/compare", "?clubs=6205/6205-001,6201/6201-002"),
    ):
        first = json.dumps(routed(client, path, search), ensure_ascii=False)
        asked = work.reads
        assert asked > 0, path
        assert json.dumps(routed(client, path, search), ensure_ascii=False) == first
        assert work.reads == asked, f"{path}: the second view ran {work.reads - asked} queries"


def test_a_second_identical_part_is_not_drawn_again(app: Any, work: Work) -> None:
    overview = page("overview")
    with as_user(app, DIRECTOR):
        overview.show_kpis(STATE)
        overview.show_trend(STATE)
        asked = work.reads
        assert asked > 0
        for _ in range(3):
            overview.show_kpis(dict(STATE))
            overview.show_trend(dict(STATE))
    assert work.reads == asked


def test_parts_of_a_page_share_the_warehouse_answers_they_need(app: Any, work: Work) -> None:
    """The overview's parts read the province's yearly roll-up once, whichever part asks first."""
    overview = page("overview")
    with as_user(app, DIRECTOR):
        overview.show_kpis(STATE)
        asked = work.reads
        overview.show_criteria(STATE)  # another part, another figure: the same roll-up behind it
        overview.show_trend(STATE)
    assert work.reads == asked


# --- another tenant, scope or version misses ----------------------------------------------------


def test_another_scope_or_tenant_does_its_own_work(app: Any, work: Work) -> None:
    board = page("leaderboard")
    block = {"startRow": 0, "endRow": 100, "sortModel": []}
    state = {"province": "62", "fy": 2568, "lang": "th"}
    with as_user(app, DIRECTOR):
        mine = board.rows(block, state)[0]
    asked = work.reads
    with as_user(app, Scope("director62b", "director", "62")):  # the same scope, another person
        assert board.rows(block, state)[0] is mine
    assert work.reads == asked
    with as_user(app, OFFICER):  # the same province seen by its officer: a scope of its own
        officer = board.rows(block, state)[0]
    assert work.reads > asked and officer is not mine and officer["rowData"] == mine["rowData"]
    asked = work.reads
    with as_user(app, DIRECTOR_10):  # another tenant, asking for 62 by the URL: its own province
        other = board.rows(block, state)[0]
    assert work.reads > asked and other["rowData"] != mine["rowData"]
    tenants = {k[1] for k in cache.entries() if k[3] == "drawn:leaderboard.block"}
    assert tenants == {DIRECTOR.tenant, OFFICER.tenant, DIRECTOR_10.tenant}


def test_a_newer_published_version_misses_and_the_older_is_never_served(
    app: Any, tmp_path: Path, work: Work
) -> None:
    home = Home(tmp_path / "home")
    publish_province(home, "10")
    district = next(p for p in dash.page_registry.values() if p["path"] == "/district")
    with serving(home, DIRECTOR_10):
        first = district["layout"](district="1001", fy="2568")
        asked = work.reads
        district["layout"](district="1001", fy="2568")
        assert work.reads == asked
        publish_province(home, "10")
        again = district["layout"](district="1001", fy="2568")
    assert work.reads > asked
    assert again.children[1].children is not first.children[1].children
    versions = {k[2] for k in cache.entries() if k[3] == "page:dashboard.pages.district"}
    assert versions == {(("10", "v000001"),), (("10", "v000002"),)}


# --- personal and audited parts -----------------------------------------------------------------


def test_a_personal_part_is_drawn_and_audited_at_every_view_and_never_kept(
    client_as: Any, two_provinces: Home, work: Work
) -> None:
    client = client_as("director62")
    store = open_store(two_provinces)

    def attendance_entries() -> int:
        return sum(e["action"] == "view_attendance" for e in read_audit(store, "62", limit=1000))

    before = attendance_entries()
    for n in range(1, 4):
        shown = routed(client, "/club", "?district=6201&club=6201-001&meeting=2568-01")
        assert SECRET_MEMBER_6201 in json.dumps(shown, ensure_ascii=False)
        assert attendance_entries() == before + n
    names = {str(k[3]) for k in cache.entries()}
    assert not [n for n in names if n.startswith("page:")]  # the page that showed it: not kept
    assert not [n for n in names if "attendance" in n or "members" in n]  # nor the list itself
    assert "drawn:club.head" not in names  # its parts were drawn with the page, not on their own


def test_a_kept_part_that_audits_without_being_declared_personal_is_refused(
    app: Any, two_provinces: Home, work: Work
) -> None:
    shown: list[int] = []

    @cache.personal
    def members(data: object) -> object:
        context.audit("view_members", "test")
        shown.append(1)
        return "names"

    @cache.cached("test.with_personal")
    def with_personal(data: object) -> object:
        return ["figures", members(data)]

    @cache.cached("test.undeclared")
    def undeclared(data: object) -> object:
        context.audit("view_members", "test undeclared")
        return "names"

    store = open_store(two_provinces)
    before = read_audit(store, "62", limit=1000)
    with as_user(app, DIRECTOR):
        for _ in range(3):
            assert with_personal(STATE) == ["figures", "names"]
        with pytest.raises(drawing.Undeclared):
            undeclared(STATE)
        assert members(STATE) == "names"  # on its own (a callback): drawn and audited too
    after = read_audit(store, "62", limit=1000)
    written = [e["detail"] for e in after[: len(after) - len(before)]]
    assert written == ["test"] * 4 and len(shown) == 4  # never "test undeclared"
    assert not [k for k in cache.entries() if str(k[3]).startswith("drawn:test.")]


# --- the store and its bounds -------------------------------------------------------------------


def test_the_store_stays_within_its_bytes_and_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    store = cache.Store(budget=10_000, entries=4)
    for n in range(10):
        store.put(("k", n), b"x" * 1_000, 1_000)
    assert store.weight() == 4_000 and [k[1] for k in store.entries()] == [6, 7, 8, 9]
    store.put(("big",), b"y" * 3_000, 3_000)
    store.put(("bigger",), b"z" * 6_000, 6_000)
    assert store.weight() <= 10_000 and ("bigger",) in store.entries()
    store.put(("too big",), b"!" * 20_000, 20_000)  # heavier than the whole budget: not kept
    assert ("too big",) not in store.entries() and store.weight() <= 10_000
    assert store.get(("bigger",)) is not None and store.get(("k", 6)) is None


def test_frames_and_pages_are_weighed_by_their_size(
    client_as: Any, monkeypatch: pytest.MonkeyPatch, work: Work
) -> None:
    monkeypatch.setattr(cache, "STORE", cache.Store(budget=2 * 2**20))
    routed(client_as("director62"), "/", "?fy=2568")
    assert 0 < cache.weight() <= 2 * 2**20
    page_entry = next(k for k in cache.entries() if k[3] == "page:dashboard.pages.overview")
    found = cache.STORE.get(page_entry)
    assert found is not None and isinstance(found.value, str) and found.weight == len(found.value)
    assert not gc.is_tracked(found.value)  # text: the cycle collector never walks a kept page
    assert json.loads(found.value)["props"]  # the tree Dash sends, as text
    frame = pl.DataFrame({"x": list(range(10_000))})
    assert cache.weight_of(frame) == frame.estimated_size() and cache.weight_of(b"abc") == 3


# --- the warehouse resolves a version once and keeps nothing itself ------------------------------


def test_a_question_reads_each_current_pointer_once(two_provinces: Home, work: Work) -> None:
    for ask in (
        lambda: queries.province_years(two_provinces, DIRECTOR, "62"),
        lambda: queries.ranked(two_provinces, DIRECTOR, None, 2568),
        lambda: queries.club_profile(two_provinces, DIRECTOR, "6205", "6205-001"),
        lambda: queries.rejected(two_provinces, OFFICER, "6205"),
        lambda: queries.club_meetings(two_provinces, DIRECTOR, "6201", "6201-001"),
    ):
        cache.clear()
        work.pointers.clear()
        ask()
        assert warehouse_pointers(work) == ["62"], work.pointers
    cache.clear()
    work.pointers.clear()
    queries.ranked(two_provinces, NATIONAL, None, 2568)
    assert sorted(warehouse_pointers(work)) == ["10", "62"]


def test_a_part_resolves_the_versions_it_is_kept_by_once_and_its_question_once(
    app: Any, work: Work
) -> None:
    with as_user(app, DIRECTOR):
        page("district").show_trend({"district": "6205", "fy": 2568, "lang": "th"})
        drawn = warehouse_pointers(work)
        work.pointers.clear()
        page("district").show_trend({"district": "6205", "fy": 2568, "lang": "th"})
    assert work.pointers and warehouse_pointers(work) == ["62"]  # the key's versions, nothing else
    assert len(drawn) <= 3  # the key, then each of the two answers behind the trend


def test_the_warehouse_keeps_no_answers_without_the_dashboard() -> None:
    """A process that never imports the dashboard (the command line) computes every answer."""
    code = (
        "import sys, warehouse.queries as q\n"
        "from warehouse.queries import base\n"
        "assert base._KEEPER[0] is base.computed\n"
        "assert not [m for m in sys.modules if m.startswith('dashboard')]\n"
        "import dashboard.cache\n"
        "assert base._KEEPER[0] is dashboard.cache.remember\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
