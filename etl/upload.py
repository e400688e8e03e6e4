"""A file a person uploads, checked before the ETL reads it: kind, size, and what a zip hides.

An upload is an .xlsx workbook or a .zip of CSV files, at most MAX_BYTES. Both are zip
archives, so both are opened here first, without trusting their headers: every member is
inflated as a stream and counted, and the upload is refused when the members together
expand past MAX_EXPANDED bytes (a zip bomb), when there are more than MAX_MEMBERS, when a
name climbs out of the archive (absolute, `..`, a drive letter, a backslash) or is a link,
when a member is encrypted or is itself a zip, and when a workbook's XML declares a DOCTYPE
or entities (billion laughs, external entities). What passes goes to the ETL unchanged.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

MAX_BYTES = (
    20 * 2**20
)  # one district's submission; the request carrying it is ~4/3 of this (base64)
MAX_EXPANDED = 256 * 2**20
MAX_MEMBERS = 500
CHUNK = 1 << 16
ENTITY = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
KINDS = (".xlsx", ".zip")


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
            "รับเฉพาะแฟ้ม .xlsx หรือ .zip ของแฟ้ม CSV",
            "only an .xlsx workbook or a .zip of CSV files is accepted",
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
            _inspect(shown, archive, workbook=suffix == ".xlsx")
    except Refused:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as error:
        kind = "สมุดงาน Excel" if suffix == ".xlsx" else "แฟ้ม zip"
        raise Refused(
            shown,
            f"แฟ้มเสียหาย อ่านเป็น{kind}ไม่ได้",
            f"the file is damaged: not a readable {suffix[1:]} ({error})",
        ) from error
    return {shown: data}


def _inspect(name: str, archive: zipfile.ZipFile, *, workbook: bool) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refused(name, "แฟ้ม zip มีแฟ้มย่อยมากเกินไป", f"more than {MAX_MEMBERS} files inside")
    total = 0
    for info in members:
        _check_name(name, info)
        if info.is_dir():
            continue
        inner = PurePosixPath(info.filename)
        if inner.suffix.lower() == ".zip":
            raise Refused(name, "ไม่รับแฟ้ม zip ซ้อนใน zip", f"{info.filename}: a zip inside the zip")
        xml = workbook and inner.suffix.lower() in (".xml", ".rels", ".vml")
        total = _inflate(name, archive, info, total, xml)
    if workbook and "xl/workbook.xml" not in archive.namelist():
        raise Refused(
            name, "ไม่ใช่สมุดงาน Excel (.xlsx)", "not an Excel workbook (no xl/workbook.xml)"
        )


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


def _inflate(
    name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, xml: bool
) -> int:
    """Inflate one member as a stream (headers are not trusted); the running total of bytes."""
    tail = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                return total
            total += len(chunk)
            if total > MAX_EXPANDED:
                raise Refused(
                    name,
                    "แฟ้มขยายตัวใหญ่ผิดปกติ (zip bomb)",
                    f"expands past {MAX_EXPANDED // 2**20} MB: a zip bomb",
                )
            if xml and ENTITY.search(tail + chunk):
                raise Refused(
                    name,
                    "สมุดงานมีการประกาศ DOCTYPE/ENTITY ซึ่งไม่อนุญาต",
                    f"{info.filename}: XML declares a DOCTYPE or entities",
                )
            tail = chunk[-32:]
