"""Lake fixtures: two provinces generated and loaded through the ETL with the lake on, each run's
follower waited for (no test leaves one running)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.home import Home
from etl.outcome import Outcome
from etl.pipeline import run
from etl.sources import read_sources, select
from tests.conftest import TODAY, followed
from tonbaeb.generate import generate
from warehouse.rules import load_rules

PROVINCES = ("58", "75")
DISTRICTS = ["5801", "5802", "7501", "7502"]
# The standard per district and fiscal year, as `tonbaeb sql` answers it on one province.
MEETING_STANDARD = (
    "select district_code, fiscal_year, count(*) filter (where meets_standard) as meeting, "
    "count(*) as clubs from club_year_compliance group by all order by all"
)


@dataclass(frozen=True)
class Generated:
    """Generated submissions, and the people in them (what must never reach the lake)."""

    sources: Path
    names: frozenset[str]
    citizen_ids: frozenset[str]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    inbox = tmp_path_factory.mktemp("lake") / "inbox"
    result = generate(
        inbox,
        list(PROVINCES),
        [2567, 2568],
        fmt="csv",
        messy_share=0,
        invalid_share=0,
        clubs_per_district=(3, 4),
        districts=DISTRICTS,
        today=TODAY,
    )
    names, ids = set(), set()
    for path in inbox.glob("*/members.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                names.add(row["full_name"])
                if row["citizen_id"]:
                    ids.add(row["citizen_id"])
    return Generated(result.sources, frozenset(names), frozenset(ids))


def lake_on(home: Home) -> Home:
    """The home with the lake enabled."""
    home.secure()
    (home.root / "settings.toml").write_text("[lake]\nenabled = true\n", encoding="utf-8")
    return home


Load = Callable[..., list[Outcome]]


@pytest.fixture(scope="session")
def load(generated: Generated) -> Load:
    """Run the ETL on the generated sources (of one province, and with a rules file, if given),
    then wait for the lake's follower (`waited=False`: leave it running)."""

    def loading(
        home: Home, province: str | None = None, rules: Path | None = None, waited: bool = True
    ) -> list[Outcome]:
        sources = select(read_sources(generated.sources), province, None)
        outcomes = run(home, sources, load_rules(rules), today=TODAY, workers=1)
        if waited:
            followed()
        return outcomes

    return loading


@pytest.fixture(scope="module")
def lake_home(tmp_path_factory: pytest.TempPathFactory, load: Load) -> Iterator[Home]:
    """Both provinces loaded once, the lake on; tests of this module only read it."""
    home = lake_on(Home(tmp_path_factory.mktemp("lake-home") / "home"))
    assert {o.status for o in load(home)} == {"loaded"}
    yield home


@pytest.fixture
def fresh_lake_home(tmp_path: Path, load: Load) -> Home:
    """Both provinces loaded, the lake on, for a test that publishes again or breaks the lake."""
    home = lake_on(Home(tmp_path / "home"))
    assert {o.status for o in load(home)} == {"loaded"}
    return home


@pytest.fixture
def stricter_rules(tmp_path: Path) -> Path:
    """The shipped rules with a new version that asks 99 meetings a year: no club meets it."""
    shipped = Path(__file__).resolve().parents[2] / "warehouse" / "rules" / "standard.toml"
    text = shipped.read_text(encoding="utf-8")
    text = text.replace('version = "2559.2"', 'version = "lake-test.1"', 1)
    text = text.replace("meetings_min = 3 ", "meetings_min = 99 ", 1)
    target = tmp_path / "stricter.toml"
    target.write_text(text, encoding="utf-8")
    assert "lake-test.1" in text and "meetings_min = 99" in text
    return target
