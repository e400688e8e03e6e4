"""An upload sent from the dashboard publishes, and a follower process commits it to the national
lake afterwards: the web worker neither imports pyiceberg nor commits anything itself."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

import pytest

from core.home import Home
from lake import catalog, follow, status
from tests.conftest import waiting_follower
from tests.submit.support import Client, prefilled, send, upload_file
from warehouse.publish import current

LAKE_WRITERS = ("pyiceberg", "lake.catalog", "lake.commit", "lake.info")


def test_an_upload_starts_a_follower_and_the_worker_commits_nothing(
    home_copy: Home, client_for: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = home_copy
    (home.root / "settings.toml").write_text("[lake]\nenabled = true\n", encoding="utf-8")
    before = current(home, "62").version  # type: ignore[union-attr]
    assert [(c.version, c.state) for c in follow.catch_up(home)] == [(before, "committed")]
    client = client_for("director62")
    _text, token = upload_file(client, "6201.xlsx", prefilled(home, "6201"), district="6201")

    imported: list[str] = []
    plain = builtins.__import__

    def watched(
        name: str,
        globals: Mapping[str, object] | None = None,
        locals: Mapping[str, object] | None = None,
        fromlist: Sequence[str] | None = (),
        level: int = 0,
    ) -> ModuleType:
        wanted = [name] + [f"{name}.{part}" for part in fromlist or ()]
        refused = [w for w in wanted if w.startswith(LAKE_WRITERS)]
        if refused:  # (raising, not hanging on the lake's lock the test holds)
            imported.extend(refused)
            raise ImportError(f"the web worker imports {refused}")
        module: Any = plain(name, globals, locals, fromlist, level)
        return module  # type: ignore[no-any-return]

    with catalog.writing(home):  # a follower waits for the lake until the test lets it go
        with monkeypatch.context() as patch:
            patch.setattr(builtins, "__import__", watched)
            assert "บันทึกข้อมูลอำเภอเมืองกำแพงเพชรแล้ว" in send(client, token)
        published = current(home, "62").version  # type: ignore[union-attr]
        assert published != before
        follower = waiting_follower(home, "62")
        assert status.held(home)["62"] == status.Held("62", before, None)
    assert imported == []  # the worker did not as much as import the lake's writers
    assert follower.wait() == 0
    assert status.held(home)["62"] == status.Held("62", published, None)
