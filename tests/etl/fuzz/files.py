"""A variant's files on disk: written in its layout, then damaged as it says, or an odd source."""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.etl.fuzz.model import write
from tests.etl.fuzz.mutators import Variant


def written(folder: Path, item: Variant) -> str:
    """Write a variant's files (damaged as it says); its uri."""
    odd = item.damage.removeprefix("odd:") if item.damage.startswith("odd:") else ""
    if odd == "empty_clubs_csv":
        item.layout.fmt = "csv"
        next(t for t in item.tables if t.sheet == "clubs").rows = []
    if odd and odd != "empty_clubs_csv":
        return _odd(folder, item, odd)
    uri = write(item.tables, item.layout, folder, item.district)
    if odd == "empty_clubs_csv":
        (folder / uri / "clubs.csv").write_bytes(b"")
        item.expect.status = "loaded"
    if item.damage in ("truncate", "corrupt"):
        path = folder / uri
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        rng = random.Random(item.district)
        target = rng.choice(files)
        data = bytearray(target.read_bytes())
        if item.damage == "truncate":
            data = data[: rng.randrange(max(1, len(data)))]
        else:
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        target.write_bytes(bytes(data))
        item.expect.where = item.expect.where or [target.name]
    return uri


def _odd(folder: Path, item: Variant, odd: str) -> str:
    item.expect.where = ["report.pdf"] if odd == "only_a_pdf" else [item.district]
    path = folder / item.district
    if odd == "empty_folder":
        path.mkdir()
    elif odd == "only_a_pdf":
        path.mkdir()
        (path / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    elif odd in ("empty_workbook", "text_as_workbook"):
        path = folder / f"{item.district}.xlsx"
        path.write_bytes(b"" if odd == "empty_workbook" else "club_id,name\n1,ก\n".encode())
    elif odd == "empty_zip":
        path = folder / f"{item.district}.zip"
        path.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    elif odd == "fifo":
        path = folder / f"{item.district}.xlsx"
        os.mkfifo(path)
    elif odd == "dev_zero":
        path = folder / f"{item.district}.xlsx"
        path.symlink_to("/dev/zero")
    elif odd == "symlink_loop":
        path = folder / f"{item.district}.xlsx"
        path.symlink_to(folder / f"{item.district}-loop.xlsx")
        (folder / f"{item.district}-loop.xlsx").symlink_to(path)
    return path.name
