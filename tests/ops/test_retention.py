"""Retention: the newest N versions, plus any version a running reader still holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.home import Home
from warehouse.publish import current, keep_versions, new_version, province_lock, retain

READER = """
import sys
from warehouse.connection import reading
from core.home import Home
home = Home(__import__("pathlib").Path(sys.argv[1]))
with reading(home, "62") as (con, version):
    print(version, flush=True)
    sys.stdin.readline()  # hold it until told
    print(con.execute("select count(*) from marks").fetchone()[0], flush=True)
"""


def publish(home: Home, n: int) -> str:
    with province_lock(home, "62"), new_version(home, "62") as con:
        con.execute("create table if not exists marks (n integer)")
        con.execute("insert into marks values (?)", [n])
    published = current(home, "62")
    assert published is not None
    return published.version


def versions(home: Home) -> list[str]:
    return sorted(p.stem for p in (home.tenant("62") / "versions").glob("v*.duckdb"))


def test_the_newest_versions_are_kept_and_a_held_one_survives_until_released(home: Home) -> None:
    for n in range(1, 4):
        publish(home, n)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(home.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "v000003"
        for n in range(4, 9):
            publish(home, n)
        assert versions(home) == ["v000003", "v000006", "v000007", "v000008"]
        assert reader.stdin is not None
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "3"  # its version still answers, whole
    finally:
        reader.wait(timeout=60)
    assert reader.returncode == 0
    publish(home, 9)
    assert versions(home) == ["v000007", "v000008", "v000009"]
    assert not (home.tenant("62") / "versions" / "v000003").exists()  # its side folder went too


def test_how_many_are_kept_is_a_setting_of_the_home(home: Home) -> None:
    assert keep_versions(home) == 3
    home.root.mkdir(parents=True, exist_ok=True)
    (home.root / "settings.toml").write_text("[retention]\nversions = 5\n", encoding="utf-8")
    assert keep_versions(home) == 5
    for n in range(1, 8):
        publish(home, n)
    assert versions(home) == [f"v00000{n}" for n in range(3, 8)]
    assert retain(home, "62", keep=1) == ["v000003", "v000004", "v000005", "v000006"]
    assert versions(home) == ["v000007"]
