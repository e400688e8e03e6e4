"""`tonbaeb approval ...`: the user's role and scope enforced as in the app."""

from __future__ import annotations

import pytest

from core.home import Home
from tonbaeb.cli import main


def approval(home: Home, *args: str) -> int:
    return main(["approval", *args, "--home", str(home.root), "--province", "62"])


def test_status_submit_approve_return_reopen(
    loaded: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    year = ["--fiscal-year", "2560"]
    officer = ["--district", "6205", *year, "--user", "officer6205"]
    director = ["--district", "6205", *year, "--user", "director62"]
    assert approval(loaded, "submit", *officer) == 0
    assert approval(loaded, "approve", "--district", "6205", *year, "--user", "officer6205") == 1
    assert "Your role may not do this" in capsys.readouterr().err
    assert approval(loaded, "submit", "--district", "6205", *year, "--user", "officer6201") == 1
    assert "Not your district" in capsys.readouterr().err
    assert approval(loaded, "approve", "--district", "6205", *year, "--user", "director10") == 1
    assert "Not your province" in capsys.readouterr().err
    assert approval(loaded, "approve", "--district", "6205", *year, "--user", "national") == 1
    assert approval(loaded, "return", *director) == 1
    assert "Give a reason" in capsys.readouterr().err
    assert approval(loaded, "approve", *director) == 0
    assert approval(loaded, "reopen", *director) == 1  # no reason
    capsys.readouterr()
    assert approval(loaded, "status", *year) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("district\tfiscal_year\tstate")
    assert "6205\t2560\tapproved\tdirector62" in "\n".join(out)
    assert "6201\t2560\tdraft" in "\n".join(out)
    assert approval(loaded, "reopen", *director, "--reason", "แก้ไข") == 0
    assert approval(loaded, "approve", "--district", "6205", "--all", *year, "--user", "x") == 2
    assert approval(loaded, "submit", *officer, "--user", "nobody") == 1


def test_bulk_and_history(loaded: Home, capsys: pytest.CaptureFixture[str]) -> None:
    for district in ("6205", "6201"):
        user = f"officer{district}"
        args = ["--district", district, "--fiscal-year", "2560", "--user", user]
        assert approval(loaded, "submit", *args) == 0
    bulk = ["--fiscal-year", "2560", "--all"]
    assert approval(loaded, "approve", *bulk, "--user", "officer6205") == 1
    capsys.readouterr()
    assert approval(loaded, "approve", *bulk, "--user", "director62") == 0
    assert capsys.readouterr().out.strip() == "approve: 6201, 6205"
    assert approval(loaded, "approve", *bulk, "--history", "--user", "director62") == 0
    assert capsys.readouterr().out.strip() == "approve: 6201 2559, 6205 2559"
    assert approval(loaded, "status") == 0
    assert capsys.readouterr().out.count("approved") == 4
