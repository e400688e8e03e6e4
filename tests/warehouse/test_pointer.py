"""A CURRENT pointer is re-read whenever it was replaced, however quickly, and only then."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warehouse import pointer


def replace(path: Path, text: str) -> None:
    """As a writer publishes: a new file renamed over the pointer."""
    tmp = path.with_name("CURRENT.tmp")
    tmp.write_text(text + "\n", encoding="ascii")
    os.replace(tmp, path)


def test_each_replacement_is_seen_at_once(tmp_path: Path) -> None:
    path = tmp_path / "CURRENT"
    assert pointer.read(path) is None
    for n in range(1, 40):  # same length, within the same clock tick: told apart by the new file
        replace(path, f"v{n:06d}")
        assert pointer.read(path) == f"v{n:06d}"
    path.unlink()
    assert pointer.read(path) is None


def test_an_unchanged_pointer_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "CURRENT"
    replace(path, "v000001")
    assert pointer.read(path) == "v000001"
    opened: list[Path] = []
    real = Path.read_text
    monkeypatch.setattr(
        Path, "read_text", lambda self, *a, **k: opened.append(self) or real(self, *a, **k)
    )
    assert [pointer.read(path) for _ in range(5)] == ["v000001"] * 5 and opened == []
    replace(path, "v000002")
    assert pointer.read(path) == "v000002" and opened == [path]
