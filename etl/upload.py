"""A file a person uploads, checked before the ETL reads it: kind, size, and what a zip hides.

An upload is an .xlsx workbook, an .ods spreadsheet (LibreOffice's OpenDocument), or a .zip of
CSV files (or of one workbook), at most MAX_BYTES. All are zip archives, so they are opened here
first, without trusting their headers: every member is inflated as a stream and counted
(etl/unpacking.py), a workbook inside the zip included, and the upload is refused when
everything together expands past MAX_EXPANDED bytes (a zip bomb), when there are more than
MAX_MEMBERS, when a name climbs out of the archive (absolute, `..`, a drive letter, a
backslash) or is a link, when a member is encrypted or is itself a zip, when a workbook's XML
declares a DOCTYPE or entities (billion laughs, external entities), and when a workbook lacks
the parts that make it one (an .xlsx its xl/workbook.xml; an .ods its content.xml and its
mimetype). What passes goes to the ETL unchanged; how far its sheets reach is the ETL's to
check (etl/extract.py), in a child process.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from etl import ods_xml, unpacking

MAX_BYTES = (
    20 * 2**20
)  # one district's submission; the request carrying it is ~4/3 of this (base64)
MAX_EXPANDED = 256 * 2**20
MAX_MEMBERS = 500
KINDS = (".xlsx", ".ods", ".zip")
WORKBOOKS = (".xlsx", ".xlsm", ".ods")


@dataclass(frozen=True)
class Refused(Exception):
    """An upload that is not read at all, and why (Thai, English)."""

    name: str
    thai: str
    english: str

    def __str__(self) -> str:
        return f"{self.name}: {self.english}"


def check(name: str, data: bytes) -> dict[str, bytes]:
    """The submission's files as the ETL reads them ({file name: bytes}); raises Refused."""
    shown = PurePosixPath(name.replace("\\", "/")).name[:120] or "upload"
    suffix = PurePosixPath(shown.lower()).suffix
    if suffix not in KINDS:
        raise Refused(
            shown,
            "รับเฉพาะแฟ้ม .xlsx, .ods หรือ .zip ของแฟ้ม CSV",
            "only an .xlsx or .ods workbook or a .zip of CSV files is accepted",
        )
    if len(data) > MAX_BYTES:
        raise Refused(
            shown,
            f"แฟ้มใหญ่เกิน {MAX_BYTES // 2**20} MB",
            f"the file is larger than {MAX_BYTES // 2**20} MB",
        )
    if not data:
        raise Refused(shown, "แฟ้มว่างเปล่า", "the file is empty")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = suffix if suffix in WORKBOOKS else None
            _inspect(shown, archive, unpacking.Budget(MAX_EXPANDED), workbook=workbook)
    except Refused:
        raise
    except unpacking.TooLarge as error:
        raise Refused(
            shown,
            "แฟ้มขยายตัวใหญ่ผิดปกติ (zip bomb)",
            f"expands past {MAX_EXPANDED // 2**20} MB: a zip bomb",
        ) from error
    except unpacking.Entities as error:
        raise Refused(
            shown,
            "สมุดงานมีการประกาศ DOCTYPE/ENTITY ซึ่งไม่อนุญาต",
            f"{error.file}: XML declares a DOCTYPE or entities",
        ) from error
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as error:
        kind = {".xlsx": "สมุดงาน Excel", ".ods": "สเปรดชีต OpenDocument"}.get(suffix, "แฟ้ม zip")
        raise Refused(
            shown,
            f"แฟ้มเสียหาย อ่านเป็น{kind}ไม่ได้",
            f"the file is damaged: not a readable {suffix[1:]} ({error})",
        ) from error
    return {shown: data}


def _inspect(
    name: str, archive: zipfile.ZipFile, budget: unpacking.Budget, *, workbook: str | None
) -> None:
    """Check every member of an archive, counting what it inflates to; a workbook inside a
    zip is opened and checked in turn, against the same budget. `workbook`: the kind of
    workbook the archive is (its suffix), None for a zip of files."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refused(name, "แฟ้ม zip มีแฟ้มย่อยมากเกินไป", f"more than {MAX_MEMBERS} files inside")
    for info in members:
        _check_name(name, info)
        if info.is_dir():
            continue
        suffix = PurePosixPath(info.filename).suffix.lower()
        if suffix == ".zip":
            raise Refused(name, "ไม่รับแฟ้ม zip ซ้อนใน zip", f"{info.filename}: a zip inside the zip")
        if workbook or suffix not in WORKBOOKS:
            unpacking.drain(archive, info, budget, name)
            continue
        inner = unpacking.read(archive, info, budget, name)
        with zipfile.ZipFile(io.BytesIO(inner)) as book:
            _inspect(f"{name}/{info.filename}", book, budget, workbook=suffix)
    if workbook == ".ods" and not _is_ods(archive):
        raise Refused(
            name,
            "ไม่ใช่สเปรดชีต OpenDocument (.ods)",
            "not an OpenDocument spreadsheet "
            f"(no {ods_xml.CONTENT}, or no mimetype {ods_xml.MIMETYPE.decode()})",
        )
    if workbook in (".xlsx", ".xlsm") and "xl/workbook.xml" not in archive.namelist():
        raise Refused(
            name, "ไม่ใช่สมุดงาน Excel (.xlsx)", "not an Excel workbook (no xl/workbook.xml)"
        )


def _is_ods(archive: zipfile.ZipFile) -> bool:
    """content.xml, and a mimetype that begins as an OpenDocument spreadsheet's (as calamine
    reads it); every member was inflated and counted already."""
    names = set(archive.namelist())
    if ods_xml.CONTENT not in names or "mimetype" not in names:
        return False
    with archive.open("mimetype") as member:
        return member.read(len(ods_xml.MIMETYPE)) == ods_xml.MIMETYPE


def _check_name(name: str, info: zipfile.ZipInfo) -> None:
    path = info.filename
    climbs = (
        path.startswith("/")
        or "\\" in path
        or ".." in PurePosixPath(path).parts
        or re.match(r"^[A-Za-z]:", path)
    )
    if climbs or "\x00" in path:
        raise Refused(name, "ชื่อแฟ้มใน zip ไม่ปลอดภัย", f"{path!r}: an unsafe name inside the archive")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise Refused(name, "ไม่รับลิงก์ในแฟ้ม zip", f"{path}: a link inside the archive")
    if info.flag_bits & 0x1:
        raise Refused(name, "ไม่รับแฟ้มที่เข้ารหัส", f"{path}: an encrypted file")
