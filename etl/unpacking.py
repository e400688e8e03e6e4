"""What a submission may hold once unpacked, counted as it is inflated.

One `Budget` of bytes covers a whole submission: every member of a zip, every part of every
workbook (.xlsx or .ods; a workbook inside a zip included) and every CSV. Members are inflated
as streams (the sizes a zip states may lie) and counted chunk by chunk, so a zip bomb stops at
the budget, never at the end of memory. A workbook's XML may declare no DOCTYPE or entity (billion laughs,
external entities). The upload check (etl/upload.py) and the reader (etl/extract.py) both
unpack through here.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from etl.errors import BadFile

MB = 2**20
CHUNK = 1 << 20
ENTITY = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
XML_PARTS = (".xml", ".rels", ".vml", ".rdf")  # .rdf: an .ods's manifest.rdf


class TooLarge(BadFile):
    """A submission that unpacks to more than its budget."""


class Entities(BadFile):
    """A workbook whose XML declares a DOCTYPE or entities."""


class Budget:
    """Bytes a submission may unpack to, all its parts together."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, where: str, count: int) -> None:
        """Count `count` more unpacked bytes of `where`; raises TooLarge past the budget."""
        self.used += count
        if self.used > self.limit:
            size = f"{self.limit // MB:,} MB" if self.limit % MB == 0 else f"{self.limit:,} bytes"
            raise TooLarge(where, f"unpacks to more than {size}: the limit per submission")


def stream(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, where: str
) -> Iterator[bytes]:
    """A member's inflated bytes, chunk by chunk, counted; an XML part is checked for entities."""
    xml = info.filename.lower().endswith(XML_PARTS)
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            budget.take(where, len(chunk))
            if xml and ENTITY.search(tail + chunk):
                raise Entities(
                    f"{where} {info.filename}",
                    "the XML declares a DOCTYPE or entities, which are not read",
                )
            tail = chunk[-32:]
            yield chunk


def drain(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, where: str) -> None:
    """Inflate a member only to count and check it (its bytes are not kept)."""
    for _chunk in stream(archive, info, budget, where):
        pass


def read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, where: str) -> bytes:
    """A member's inflated bytes, counted."""
    return b"".join(stream(archive, info, budget, where))
