"""Backup while the app writes, restore into an empty home, rebuild: the same warehouse results and state."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tarfile
import threading
from pathlib import Path

from accounts import audit
from accounts.scope import Scope
from accounts.store import open_store
from accounts.users import add_user
from core.home import Home
from tonbaeb.cli import main
from warehouse import approvals
from warehouse.connection import reading
from warehouse.rules import DEFAULT_FILE

TONBAEB = str(Path(sys.executable).with_name("tonbaeb"))
DIRECTOR = Scope("director62", "director", "62")
STATE_TABLES = (
    "users",
    "audit",
    "exemplar_decisions",
    "expansion_plans",
    "expansion_pairs",
    "knowledge_records",
    "approval_events",
)
COMPLIANCE = "select * exclude (rules_version) from club_year_compliance order by all"


def etl(home: Home, sources: Path, *more: str) -> None:
    done = subprocess.run(
        [TONBAEB, "etl", "run", "--home", str(home.root), "--sources", str(sources), *more],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def warehouse_rows(home: Home) -> dict[str, list[tuple[object, ...]]]:
    with reading(home, "62") as (con, _version):
        return {
            "compliance": con.execute(COMPLIANCE).fetchall(),
            "rules": con.execute(
                "select distinct district_code, rules_version from club_year_compliance order by all"
            ).fetchall(),
            "loads": con.execute(
                "select district_code, content_sha256, status from load_batches order by started_at"
            ).fetchall(),
            "members": con.execute(
                "select district_code, club_id, member_id, person_key from members order by all"
            ).fetchall(),
        }


def state_rows(home: Home) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(home.state / "app.sqlite")
    try:
        return {
            t: con.execute(f"select * from {t} order by rowid").fetchall() for t in STATE_TABLES
        }
    finally:
        con.close()


def test_backup_restore_rebuild_gives_the_same_results(
    two_districts: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    home = Home(tmp_path / "home")
    etl(home, two_districts)
    # A second submission of 6205 (one meeting fewer), loaded under a rules file of another version.
    meetings = two_districts.parent / "6205" / "meetings.csv"
    meetings.write_text(
        "".join(
            line
            for line in meetings.read_text(encoding="utf-8").splitlines(True)
            if ",MT4," not in line
        ),
        encoding="utf-8",
    )
    rules = tmp_path / "stricter.toml"
    rules.write_text(
        DEFAULT_FILE.read_text(encoding="utf-8").replace(
            'version = "', 'version = "backup-test-', 1
        ),
        encoding="utf-8",
    )
    etl(home, two_districts, "--district", "6205", "--rules", str(rules))
    store = open_store(home)
    add_user(store, "director62", "director", "62", None, "a-long-password-62")
    # Workflow rows as the app writes them (the fixture's clubs are no exemplar candidates).
    store.execute(
        "insert into exemplar_decisions values (1, '62', '6205', '6205-001', 2559, 'propose', "
        "'ประชุมสม่ำเสมอ', 'director62', 'director', 1.0)"
    )
    store.execute("insert into expansion_plans values (1, '62', 2559, 3, 'director62', 2.0, null)")
    store.execute(
        "insert into expansion_pairs values (1, '6205', '6205-001', '6201', '6201-002', 4.2, "
        "'proposed', 'director62', 2.0)"
    )
    audit.record(store, DIRECTOR, "plan_propose", "2559", "127.0.0.1")
    # FY 2559 of both districts approved as history: locked, after both loads changed it.
    approvals.approve_history(store, home, DIRECTOR, "62", 2560, at=3.0)
    before = warehouse_rows(home)
    assert len({r[1] for r in before["rules"]}) == 2  # two rules versions in force

    # The app keeps writing while the backup is taken.
    stop = threading.Event()

    def write() -> None:
        writer = open_store(home)
        for n in range(5000):
            if stop.is_set():
                break
            audit.record(writer, DIRECTOR, "view_members", f"6205/6205-00{n % 4}", "127.0.0.1")
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert main(["backup", "--home", str(home.root), str(tmp_path / "b.tar")]) == 0
    finally:
        stop.set()
        thread.join(timeout=60)
    assert "citizen-ID" in capsys.readouterr().err
    with tarfile.open(tmp_path / "b.tar") as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "state/app.sqlite" in names and "secrets/62.key" in names
    assert "archive/history/62.json" in names and any(
        n.startswith("rules/") and n.endswith(".toml") for n in names
    )

    restored = Home(tmp_path / "restored")
    assert main(["restore", "--home", str(restored.root), str(tmp_path / "b.tar")]) == 0
    assert (restored.root / "secrets" / "62.key").stat().st_mode & 0o077 == 0
    assert (restored.root / "secrets" / "62.key").read_bytes() == (
        home.root / "secrets" / "62.key"
    ).read_bytes()
    backed_up = state_rows(restored)
    live = state_rows(home)
    for table in STATE_TABLES:  # the backup is a consistent moment of the live store
        assert backed_up[table] == live[table][: len(backed_up[table])], table
    assert (
        sqlite3.connect(restored.state / "app.sqlite")
        .execute("pragma integrity_check")
        .fetchone()[0]
        == "ok"
    )
    assert (
        main(["restore", "--home", str(restored.root), str(tmp_path / "b.tar")]) == 2
    )  # never over a home

    assert main(["rebuild", "--home", str(restored.root)]) == 0
    after = warehouse_rows(restored)
    assert after["compliance"] == before["compliance"] and after["compliance"]
    assert after["rules"] == before["rules"]
    assert [r[:2] for r in after["loads"]] == [r[:2] for r in before["loads"]]
    assert after["members"] == before["members"]  # the same secrets: the same person keys
    assert backed_up == state_rows(restored)  # a rebuild never touches the state store
    # Every approval, and so every lock, is kept; the replay was not locked out by them.
    restored_store = open_store(restored)
    assert sorted(approvals.approved_years(restored_store, "62")) == ["6201", "6205"]
    restored_store.close()


def test_a_backup_altered_after_it_was_made_is_refused(two_districts: Path, tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    etl(home, two_districts)
    assert main(["backup", "--home", str(home.root), str(tmp_path / "b.tar")]) == 0
    with tarfile.open(tmp_path / "b.tar") as tar, tarfile.open(tmp_path / "bad.tar", "w") as bad:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "secrets/62.key":
                data = bytes(32)
            member.size = len(data)
            bad.addfile(member, __import__("io").BytesIO(data))
    done = subprocess.run(
        [TONBAEB, "restore", "--home", str(tmp_path / "r"), str(tmp_path / "bad.tar")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "secrets/62.key does not match its hash" in done.stderr
