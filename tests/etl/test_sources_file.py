"""sources.toml is checked before anything runs: exit 2 naming the entry, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonbaeb.cli import main

GOOD = '[[source]]\nprovince = "62"\ndistrict = "6205"\nuri = "6205"\n'


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('source = "6205"\n', "`source` must be [[source]] tables, not a string"),
        ("source = [1, 2]\n", "[[source]] #1 is an integer, not a table"),
        (GOOD + "source2 = 1\n", "[[source]] #1 (district 6205): unknown key 'source2'"),
        ('title = "x"\n' + GOOD, "unknown key 'title'"),
        ("", "no [[source]] tables"),
        ('[source]\nprovince = "62"\n', "`source` must be [[source]] tables, not a table"),
        (
            '[[source]]\nprovince = 62\ndistrict = "6205"\nuri = "x"\n',
            "[[source]] #1 (district 6205): province must be a string, not an integer",
        ),
        (
            '[[source]]\nprovince = "62"\ndistrict = 6205\nuri = "x"\n',
            "[[source]] #1: district must be a string, not an integer",
        ),
        (
            '[[source]]\nprovince = "62"\ndistrict = "6205"\nuri = ["a"]\n',
            "uri must be a string, not an array",
        ),
        (
            '[[source]]\nprovince = "62"\ndistrict = "6205"\n',
            "[[source]] #1 (district 6205): uri is missing",
        ),
        ('[[source]]\ndistrict = "6205"\nuri = "x"\n', "province is missing"),
        (
            '[[source]]\nprovince = "62"\ndistrict = "6205"\nuri = "x"\nurl = "y"\n',
            "unknown key 'url'",
        ),
        (
            GOOD + GOOD.replace('uri = "6205"', 'uri = "other"'),
            "[[source]] #2 (district 6205): district 6205 is listed twice (also #1)",
        ),
        (
            '[[source]]\nprovince = "99"\ndistrict = "6205"\nuri = "x"\n',
            "province '99' is not a DOPA province code",
        ),
        (
            '[[source]]\nprovince = "62"\ndistrict = "6299"\nuri = "x"\n',
            "district '6299' is not a DOPA district code",
        ),
        (
            '[[source]]\nprovince = "62"\ndistrict = "1001"\nuri = "x"\n',
            "district 1001 is of province 10, not 62",
        ),
        ('[[source]]\nprovince = "62"\ndistrict = "6205"\nuri = "  "\n', "uri is empty"),
        (GOOD + "[[source]\n", "not a valid TOML file"),
    ],
)
def test_a_bad_sources_file_exits_2_naming_the_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, said: str
) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(text, encoding="utf-8")
    home = tmp_path / "home"
    assert main(["etl", "run", "--home", str(home), "--sources", str(sources)]) == 2
    err = capsys.readouterr().err
    assert said in err
    assert len(err.strip().splitlines()) == 1
    assert not (home / "warehouse").exists()  # nothing ran


def test_a_sources_file_that_is_not_text_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_bytes(b"\xff\xfe\x00garbage")
    assert main(["etl", "run", "--home", str(tmp_path / "home"), "--sources", str(sources)]) == 2
    assert "not a valid TOML file" in capsys.readouterr().err
    assert main(["etl", "run", "--home", str(tmp_path / "home"), "--sources", str(tmp_path)]) == 2
    assert "cannot be read" in capsys.readouterr().err
