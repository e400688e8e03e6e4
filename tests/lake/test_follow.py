"""The lake follows a publish in a process of its own: a run returns with its version published
before the lake holds it. A lake that fails never blocks nor undoes a publish, is reported, and is
caught up by the next follower or `tonbaeb lake catch-up`; `tonbaeb lake rebuild` makes the lake
again from the published warehouses."""

from __future__ import annotations

import io
import json
import shutil
import signal
import zipfile
from pathlib import Path

import pytest

from core.home import Home
from dashboard.pages.quality import run_summary
from etl import dry_run, runs, upload
from etl.sources import Source
from lake import catalog, follow, status
from lake.commit import versions
from tests.conftest import TODAY, followed, waiting_follower
from tests.lake.conftest import PROVINCES, Generated, Load, lake_on
from tonbaeb.cli import main
from warehouse.publish import current
from warehouse.query import run_query
from warehouse.rules import load_rules


def lake_meeting(home: Home, province: str) -> int:
    """Club-years of the province meeting the standard, as the lake's current snapshot has them."""
    table = catalog.opened(home).load_table("tonbaeb.club_year_compliance")
    rows = table.scan(row_filter=f"province_code == '{province}'").to_arrow()
    return sum(rows["meets_standard"].to_pylist())


def warehouse_meeting(home: Home, province: str) -> int:
    query = "select count(*) filter (where meets_standard) as n from club_year_compliance"
    return int(json.loads(run_query(home, province, query, "json"))[0]["n"])


def test_a_failing_lake_neither_blocks_the_publish_and_is_caught_up_next_run(
    fresh_lake_home: Home, load: Load, stricter_rules: Path
) -> None:
    home = fresh_lake_home
    lake = home.root / "lake"
    lake.rename(home.root / "lake.away")
    lake.write_text("not a folder: every write into the lake fails\n", encoding="utf-8")
    outcomes = load(home, "75", stricter_rules, waited=False)
    assert followed() == [1]  # the follower failed to commit
    assert {o.status for o in outcomes} == {"loaded"}  # the warehouse published all the same
    assert current(home, "75").version == "v000002"  # type: ignore[union-attr]
    assert warehouse_meeting(home, "75") == 0
    held = status.held(home)["75"]
    assert held.version == "v000001" and held.failure and "FileExistsError" in held.failure

    summary = json.loads(runs.record(home, outcomes, 1.8e9, 1.8e9 + 60).read_text("utf-8"))
    assert summary["lake"]["75"] == {
        "published_version": "v000002",
        "lake_version": "v000001",
        "behind": True,
        "failure": held.failure,
    }

    [line] = runs.lake_behind(home, ["58", "75"])  # what `etl run` prints on standard error
    assert line.startswith(
        "the national lake holds v000001 of province 75, not the published v000002 "
        "(its last commit failed: FileExistsError"
    )
    assert line.endswith("; `tonbaeb lake catch-up` or the next run catches it up")
    shown = str(run_summary.lake_line(home, "75", "en"))  # on the data-quality page
    assert "holds version v000001, the warehouse published v000002" in shown
    assert "FileExistsError" in shown and "text-warning" in shown

    lake.unlink()
    (home.root / "lake.away").rename(lake)
    assert lake_meeting(home, "75") > 0  # still the version before
    assert {o.status for o in load(home, "75", stricter_rules)} == {"unchanged"}
    assert status.held(home)["75"] == status.Held("75", "v000002", None)
    assert lake_meeting(home, "75") == 0
    assert "up to date (version v000002)" in str(run_summary.lake_line(home, "75", "en"))


def test_rebuild_after_a_restore_that_brought_no_lake(
    fresh_lake_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    home = fresh_lake_home
    expected = {p: warehouse_meeting(home, p) for p in PROVINCES}
    shutil.rmtree(home.root / "lake")  # the catalog (state) is back, the lake's files are not
    assert main(["lake", "rebuild", "--home", str(home.root)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"province {p} v000001: committed" for p in PROVINCES
    ]
    assert {p: lake_meeting(home, p) for p in PROVINCES} == expected
    table = catalog.opened(home).load_table("tonbaeb.clubs")
    assert len(table.metadata.snapshots) == 1  # both provinces at once; new tables: no delete


def test_a_home_turning_the_lake_on_is_caught_up_by_its_next_run(
    tmp_path: Path, load: Load
) -> None:
    home = Home(tmp_path / "home")
    assert {o.status for o in load(home)} == {"loaded"}
    assert not (home.root / "lake").exists() and not status.held(home)
    lake_on(home)
    assert {o.status for o in load(home)} == {"unchanged"}
    assert {p: h.version for p, h in status.held(home).items()} == {p: "v000001" for p in PROVINCES}
    assert {p: lake_meeting(home, p) for p in PROVINCES} == {
        p: warehouse_meeting(home, p) for p in PROVINCES
    }


def test_snapshots_expire_with_the_warehouse_retention(
    fresh_lake_home: Home, load: Load, stricter_rules: Path
) -> None:
    home = fresh_lake_home
    with (home.root / "settings.toml").open("a", encoding="utf-8") as settings:
        settings.write("\n[retention]\nversions = 1\n")
    assert {o.status for o in load(home, "75", stricter_rules)} == {"loaded"}  # 75: v000002
    table = catalog.opened(home).load_table("tonbaeb.club_year_compliance")
    second = {f.removeprefix("file://") for f in table.inspect.files()["file_path"].to_pylist()}
    again = stricter_rules.with_name("again.toml")
    again.write_text(
        stricter_rules.read_text("utf-8").replace("lake-test.1", "lake-test.2"), "utf-8"
    )
    assert {o.status for o in load(home, "75", again)} == {"loaded"}  # 75: v000003

    table = catalog.opened(home).load_table("tonbaeb.club_year_compliance")
    kept = [versions(table, s.snapshot_id) for s in table.metadata.snapshots]
    # the first commit holds 58's newest version: it stays; 75's v000002 alone: expired
    assert {"58": "v000001", "75": "v000001"} in kept and {"75": "v000003"} in kept
    assert all(k.get("75") != "v000002" for k in kept)
    folder = Path(table.location().removeprefix("file://"))
    on_disk = {str(p) for p in folder.glob("data/**/*.parquet")}
    used = {f.removeprefix("file://") for f in table.inspect.all_files()["file_path"].to_pylist()}
    assert on_disk == used  # the files only the expired snapshots used are gone
    gone = {f for f in second if "province_code=75" in f}
    assert gone and not gone & on_disk


def test_backup_restore_rebuild_makes_the_lake_again(
    fresh_lake_home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = fresh_lake_home
    expected = {p: warehouse_meeting(home, p) for p in PROVINCES}
    assert main(["backup", "--home", str(home.root), str(tmp_path / "b.tar")]) == 0
    restored = Home(tmp_path / "restored")
    assert main(["restore", "--home", str(restored.root), str(tmp_path / "b.tar")]) == 0
    assert status.enabled(restored) and not (restored.root / "lake").exists()
    assert main(["rebuild", "--home", str(restored.root)]) == 0
    capsys.readouterr()
    assert main(["lake", "info", "--format", "json", "--home", str(restored.root)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(p["province"], p["behind"], p["failure"]) for p in found["provinces"]] == [
        (p, False, None) for p in PROVINCES
    ]
    assert all(t["metadata_location"].startswith(restored.root.as_uri()) for t in found["tables"])
    assert {p: lake_meeting(restored, p) for p in PROVINCES} == expected


def test_an_upload_submitted_is_committed_to_the_lake_by_its_follower(
    fresh_lake_home: Home, generated: Generated
) -> None:
    home = fresh_lake_home
    folder = generated.sources.parent / "7501"
    meetings = (folder / "meetings.csv").read_text("utf-8").rstrip("\n").splitlines()
    club = meetings[1].split(",")[0]
    added = f"{club},UPLOADED1,2024-11-05,regular,"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.glob("*.csv")):
            text = path.read_text("utf-8")
            if path.name == "meetings.csv":
                text = text.rstrip("\n") + "\n" + added + "\n"
            archive.writestr(path.name, text)
    files = upload.check("7501.zip", buffer.getvalue())
    source = Source("75", "7501", "upload:7501.zip")
    outcome = dry_run.submit(home, source, files, load_rules(None), TODAY, "director75")
    assert outcome.status == "loaded", outcome.message
    assert current(home, "75").version == "v000002"  # type: ignore[union-attr]
    assert followed() == [0]
    assert status.held(home)["75"] == status.Held("75", "v000002", None)
    table = catalog.opened(home).load_table("tonbaeb.meetings")
    ids = table.scan(row_filter="district_code == '7501'").to_arrow()["meeting_id"].to_pylist()
    assert "UPLOADED1" in ids


def test_a_run_returns_published_and_its_follower_commits_after_it(
    fresh_lake_home: Home, load: Load, stricter_rules: Path
) -> None:
    home = fresh_lake_home
    with catalog.writing(home):  # the follower waits for the lake until the test lets it go
        outcomes = load(home, "75", stricter_rules, waited=False)
        assert {o.status for o in outcomes} == {"loaded"}
        assert current(home, "75").version == "v000002"  # type: ignore[union-attr]
        assert warehouse_meeting(home, "75") == 0
        follower = waiting_follower(home, "75")
        assert status.held(home)["75"] == status.Held("75", "v000001", None)
        assert lake_meeting(home, "75") > 0  # the lake still holds the version before
        shown = str(run_summary.lake_line(home, "75", "en"))  # on the data-quality page
        assert "being brought up to date: it holds version v000001" in shown
        assert "text-muted" in shown
        [line] = runs.lake_behind(home, ["58", "75"], follower.pid)  # what `etl run` prints
        assert line.startswith(
            f"the national lake is being brought up to date in the background (process "
            f"{follower.pid}, province 75; it writes to {home.root / 'runs' / 'lake.log'})"
        )
        summary = runs.record(home, outcomes, 1.8e9, 1.8e9 + 60, follower=follower.pid)
        assert json.loads(summary.read_text("utf-8"))["lake_follower"] == follower.pid
    assert follower.wait() == 0
    assert status.held(home)["75"] == status.Held("75", "v000002", None)
    assert lake_meeting(home, "75") == 0
    log = (home.root / "runs" / "lake.log").read_text("utf-8")
    assert log.splitlines()[-1] == "province 75 v000002: committed"
    assert runs.lake_behind(home, ["58", "75"], follower.pid) == []


def test_lake_catch_up_says_what_it_did_per_province(
    fresh_lake_home: Home, load: Load, stricter_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = fresh_lake_home
    before = follow.started()
    assert {o.status for o in load(home, waited=False)} == {"unchanged"}
    assert follow.started() == before  # the lake holds it all: no follower started
    command = ["lake", "catch-up", "--home", str(home.root)]
    assert main(command) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"province {p} v000001: held" for p in PROVINCES
    ]

    lake = home.root / "lake"
    lake.rename(home.root / "lake.away")
    lake.write_text("not a folder\n", encoding="utf-8")
    load(home, "75", stricter_rules)  # published; its follower failed
    assert main(command) == 1
    held, failed = capsys.readouterr().out.splitlines()
    assert held == "province 58 v000001: held"
    assert failed.startswith("province 75 v000002: failed: FileExistsError")

    lake.unlink()
    (home.root / "lake.away").rename(lake)
    assert main([*command, "--province", "75"]) == 0
    assert capsys.readouterr().out.splitlines() == ["province 75 v000002: committed"]
    assert lake_meeting(home, "75") == 0

    with catalog.writing(home):  # a follower killed before it commits
        load(home, "58", stricter_rules, waited=False)
        [follower] = follow.started()
        follower.kill()
        assert follower.wait() == -signal.SIGKILL
    assert current(home, "58").version == "v000002"  # the publish stands
    assert status.held(home)["58"] == status.Held("58", "v000001", None)
    runs_folder = home.root / "runs"
    runs_folder.rename(home.root / "runs.away")
    runs_folder.write_text("not a folder: no follower's log can be opened\n", encoding="utf-8")
    assert follow.start(home, ["58"]) is None  # no follower, no exception: the failure is kept
    failure = status.held(home)["58"].failure
    assert failure and failure.startswith("the follower could not be started: FileExistsError")
    runs_folder.unlink()
    (home.root / "runs.away").rename(runs_folder)
    assert main(command) == 0
    assert capsys.readouterr().out.splitlines() == [
        "province 58 v000002: committed",
        "province 75 v000002: held",
    ]
    assert lake_meeting(home, "58") == 0

    off = Home(home.root.parent / "off")
    off.secure()
    assert main(["lake", "catch-up", "--home", str(off.root)]) == 1
    assert "the lake is not enabled" in capsys.readouterr().err
