"""The command line at its edges: exit statuses, --home, read-only SQL in csv and json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tonbaeb.cli import main


def etl(home: Path, sources: Path, *extra: str) -> int:
    return main(
        ["etl", "run", "--home", str(home), "--sources", str(sources), "--workers", "1", *extra]
    )


def test_exit_statuses(tmp_path: Path, inbox: Path) -> None:
    home = tmp_path / "home"
    assert etl(home, inbox) == 0
    assert etl(home, inbox) == 0  # unchanged
    assert etl(home, tmp_path / "missing.toml") == 2
    assert etl(home, inbox, "--district", "1001") == 2
    shutil.rmtree(inbox.parent / "6205")
    (inbox.parent / "6205").write_text("not a folder or workbook")
    assert etl(home, inbox) == 1


def test_bad_sources_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nprovince = "62"\ndistrict = "1001"\nuri = "x"\n', encoding="utf-8"
    )
    assert etl(tmp_path / "home", sources) == 2
    assert "1001" in capsys.readouterr().err


def test_sql_answers_in_csv_and_json(
    tmp_path: Path, inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    etl(home, inbox)
    capsys.readouterr()
    query = (
        "select club_id, fiscal_year, meets_standard from club_year_compliance "
        "where club_id = '6205-001' order by 2"
    )
    assert main(["sql", "--home", str(home), "--province", "62", "--format", "csv", query]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "club_id,fiscal_year,meets_standard",
        "6205-001,2559,true",
    ]
    assert main(["sql", "--home", str(home), "--province", "62", "--format", "json", query]) == 0
    assert json.loads(capsys.readouterr().out)[0] == {
        "club_id": "6205-001",
        "fiscal_year": 2559,
        "meets_standard": True,
    }


@pytest.mark.parametrize(
    "query",
    [
        "delete from clubs",
        "create table x as select 1",
        "attach 'anything.duckdb' as other",
        "select * from read_csv('/etc/passwd')",
        "copy clubs to 'out.csv'",
    ],
)
def test_sql_is_read_only_and_stays_in_its_tenant(tmp_path: Path, inbox: Path, query: str) -> None:
    home = tmp_path / "home"
    etl(home, inbox)
    assert main(["sql", "--home", str(home), "--province", "62", query]) == 1
    assert main(["sql", "--home", str(home), "--province", "62", "select count(*) from clubs"]) == 0


def test_sql_for_a_province_with_nothing_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", "--home", str(tmp_path), "--province", "10", "select 1"]) == 2
    assert main(["sql", "--home", str(tmp_path), "--province", "../62", "select 1"]) == 2


@pytest.mark.parametrize("where", ["before", "after"])
def test_home_works_before_and_after_the_subcommand(
    tmp_path: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TONBAEB_HOME", raising=False)
    home = tmp_path / "chosen"
    run = ["etl", "run", "--sources", str(inbox), "--workers", "1"]
    argv = ["--home", str(home), *run] if where == "before" else [*run, "--home", str(home)]
    assert main(argv) == 0
    assert (home / "warehouse" / "62" / "CURRENT").is_file()
    assert not (tmp_path / "data").exists()  # not the default ./data
    query = ["sql", "--province", "62", "select count(*) as n from clubs"]
    argv = ["--home", str(home), *query] if where == "before" else [*query, "--home", str(home)]
    assert main(argv) == 0
    assert not (tmp_path / "data").exists()


def test_every_command_takes_home_before_its_name() -> None:
    from tonbaeb.cli import build_parser

    parser = build_parser()
    for argv in (
        ["users", "list"],
        ["audit", "--province", "62"],
        ["serve"],
        ["geo", "load", "x"],
        ["generate", "--province", "62", "--out", "o"],
        ["demo"],
    ):
        assert parser.parse_args(["--home", "/somewhere", *argv]).home == "/somewhere", argv
        assert parser.parse_args([*argv, "--home", "/else"]).home == "/else", argv


def test_sql_writes_nested_values_as_json_text(
    tmp_path: Path, inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    etl(home, inbox)
    capsys.readouterr()
    query = (
        "select [1, 2] as a_list, {'x': 1, 'y': ['p', 'q']} as a_struct, map([1], ['one']) as a_map, "
        "'ab'::blob as bytes, null::int[] as nothing"
    )
    assert main(["sql", "--home", str(home), "--province", "62", "--format", "csv", query]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "a_list,a_struct,a_map,bytes,nothing"
    assert lines[1] == '"[1, 2]","{""x"": 1, ""y"": [""p"", ""q""]}","{""1"": ""one""}",6162,'
    assert main(["sql", "--home", str(home), "--province", "62", "--format", "json", query]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {
            "a_list": [1, 2],
            "a_struct": {"x": 1, "y": ["p", "q"]},
            "a_map": {"1": "one"},
            "bytes": "6162",
            "nothing": None,
        }
    ]
    assert (
        main(
            [
                "sql",
                "--home",
                str(home),
                "--province",
                "62",
                "--format",
                "csv",
                "select interval 3 day",
            ]
        )
        == 1
    )
    assert "cast it" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["two words", "app<1>", "x" * 65, ""])
def test_a_server_id_that_cannot_go_into_a_header_is_a_usage_error(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--home", str(tmp_path / "home"), "--server-id", name]) == 2
    assert "--server-id" in capsys.readouterr().err
