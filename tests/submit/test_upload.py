"""What etl/upload.py lets through to the ETL, and what it refuses before a byte is parsed."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from etl import extract, unpacking, upload
from tests.submit.support import fixture_zip, zipped


@pytest.mark.parametrize("folder", ["", "6205/", "ส่งข้อมูล/คลองขลุง/"])
def test_a_zip_of_csv_files_reaches_the_etl_unchanged(folder: str) -> None:
    data = fixture_zip(folder)
    files = upload.check("6205.zip", data)
    assert files == {"6205.zip": data}
    sheets = extract.read_submission(files)
    assert sheets["clubs"].frame.height == 6 and sheets["members"].frame.height > 10


def test_the_name_is_reduced_to_its_last_part() -> None:
    assert list(upload.check("C:\\Users\\x\\..\\6205.zip", fixture_zip())) == ["6205.zip"]
    assert list(upload.check("../../etc/6205.zip", fixture_zip())) == ["6205.zip"]


def test_a_zip_bomb_lying_about_its_size_is_refused() -> None:
    """A member whose header claims 10 bytes but inflates to much more: the CRC check stops it."""
    data = bytearray(zipped({"clubs.csv": b"0" * 5_000_000}))
    central = data.rfind(b"PK\x01\x02")
    local = data.find(b"PK\x03\x04")
    for header, offset in ((local, 22), (central, 24)):  # uncompressed size, local and central
        data[header + offset : header + offset + 4] = (10).to_bytes(4, "little")
    with pytest.raises(upload.Refused, match="damaged"):
        upload.check("bomb.zip", bytes(data))


def test_links_and_encrypted_members_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        link = zipfile.ZipInfo("clubs.csv")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(upload.Refused, match="link"):
        upload.check("links.zip", out.getvalue())
    data = bytearray(zipped({"clubs.csv": b"club_id\n"}))
    for signature, offset in (
        (b"PK\x03\x04", 6),
        (b"PK\x01\x02", 8),
    ):  # general purpose flags: bit 0 = encrypted
        at = data.find(signature)
        data[at + offset] |= 1
    with pytest.raises(upload.Refused, match="encrypted"):
        upload.check("secret.zip", bytes(data))


def test_too_many_members_and_a_workbook_without_its_parts(tmp_path: Path) -> None:
    with pytest.raises(upload.Refused, match="more than"):
        upload.check("many.zip", zipped({f"f{n}.csv": b"" for n in range(upload.MAX_MEMBERS + 1)}))
    with pytest.raises(upload.Refused, match="not an Excel workbook"):
        upload.check("fake.xlsx", zipped({"clubs.csv": b"club_id\n"}))


def test_external_entities_are_refused_across_chunk_boundaries() -> None:
    head = b"<?xml version='1.0'?>"
    padding = b" " * (
        unpacking.CHUNK - len(head) - 4
    )  # '<!EN' ends one chunk, 'TITY' starts the next
    book = zipped({"xl/workbook.xml": head + padding + b'<!ENTITY x SYSTEM "file:///etc/passwd">'})
    with pytest.raises(upload.Refused, match="DOCTYPE"):
        upload.check("entity.xlsx", book)
