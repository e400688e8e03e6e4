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
from pathlib import PurePosixPath

from core.texts import N_, _
from etl import ods_xml, unpacking

MAX_BYTES = (
    20 * 2**20
)  # one district's submission; the request carrying it is ~4/3 of this (base64)
MAX_EXPANDED = 256 * 2**20
MAX_MEMBERS = 500
KINDS = (".xlsx", ".ods", ".zip")
WORKBOOKS = (".xlsx", ".xlsm", ".ods")


class Refused(Exception):
    """An upload that is not read at all, and why: a catalogue text (marked `N_` where it is
    raised) and its values."""

    def __init__(self, name: str, text: str, /, **values: object) -> None:
        super().__init__(name, text)
        self.name, self.text, self.values = name, text, values

    def said(self, lang: str) -> str:
        """Why, in the language."""
        return _(lang, self.text, **self.values)

    @property
    def english(self) -> str:
        """Why, in English (the audit log's words)."""
        return self.said("en")

    def __str__(self) -> str:
        return f"{self.name}: {self.english}"


def too_large(name: str) -> Refused:
    """The refusal of a file over MAX_BYTES."""
    return Refused(name, N_("the file is larger than {mb} MB"), mb=MAX_BYTES // 2**20)


def check(name: str, data: bytes) -> dict[str, bytes]:
    """The submission's files as the ETL reads them ({file name: bytes}); raises Refused."""
    shown = PurePosixPath(name.replace("\\", "/")).name[:120] or "upload"
    suffix = PurePosixPath(shown.lower()).suffix
    if suffix not in KINDS:
        raise Refused(
            shown, N_("only an .xlsx or .ods workbook or a .zip of CSV files is accepted")
        )
    if len(data) > MAX_BYTES:
        raise too_large(shown)
    if not data:
        raise Refused(shown, N_("the file is empty"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = suffix if suffix in WORKBOOKS else None
            _inspect(shown, archive, unpacking.Budget(MAX_EXPANDED), workbook=workbook)
    except Refused:
        raise
    except unpacking.TooLarge as error:
        raise Refused(
            shown, N_("expands past {mb} MB: a zip bomb"), mb=MAX_EXPANDED // 2**20
        ) from error
    except unpacking.Entities as error:
        raise Refused(
            shown, N_("{file}: XML declares a DOCTYPE or entities"), file=error.file
        ) from error
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as error:
        damaged = {
            ".xlsx": N_("the file is damaged: not a readable xlsx ({error})"),
            ".ods": N_("the file is damaged: not a readable ods ({error})"),
        }.get(suffix, N_("the file is damaged: not a readable zip ({error})"))
        raise Refused(shown, damaged, error=error) from error
    return {shown: data}


def _inspect(
    name: str, archive: zipfile.ZipFile, budget: unpacking.Budget, *, workbook: str | None
) -> None:
    """Check every member of an archive, counting what it inflates to; a workbook inside a
    zip is opened and checked in turn, against the same budget. `workbook`: the kind of
    workbook the archive is (its suffix), None for a zip of files."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refused(name, N_("more than {most} files inside"), most=MAX_MEMBERS)
    for info in members:
        _check_name(name, info)
        if info.is_dir():
            continue
        suffix = PurePosixPath(info.filename).suffix.lower()
        if suffix == ".zip":
            raise Refused(name, N_("{file}: a zip inside the zip"), file=info.filename)
        if workbook or suffix not in WORKBOOKS:
            unpacking.drain(archive, info, budget, name)
            continue
        inner = unpacking.read(archive, info, budget, name)
        with zipfile.ZipFile(io.BytesIO(inner)) as book:
            _inspect(f"{name}/{info.filename}", book, budget, workbook=suffix)
    if workbook == ".ods" and not _is_ods(archive):
        raise Refused(
            name,
            N_("not an OpenDocument spreadsheet (no {content}, or no mimetype {mimetype})"),
            content=ods_xml.CONTENT,
            mimetype=ods_xml.MIMETYPE.decode(),
        )
    if workbook in (".xlsx", ".xlsm") and "xl/workbook.xml" not in archive.namelist():
        raise Refused(name, N_("not an Excel workbook (no xl/workbook.xml)"))


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
        raise Refused(name, N_("{file}: an unsafe name inside the archive"), file=repr(path))
    if stat.S_ISLNK(info.external_attr >> 16):
        raise Refused(name, N_("{file}: a link inside the archive"), file=path)
    if info.flag_bits & 0x1:
        raise Refused(name, N_("{file}: an encrypted file"), file=path)
