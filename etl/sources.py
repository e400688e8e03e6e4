"""The sources file: which district's submission comes from where (contract section 6)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import geothai

from etl.errors import SourcesError


@dataclass(frozen=True)
class Source:
    """One district's submission location."""

    province: str
    district: str
    uri: str  # an absolute path or an http(s) URL

    @property
    def is_url(self) -> bool:
        """Whether the submission is fetched over HTTP(S)."""
        return self.uri.startswith(("http://", "https://"))


def read_sources(path: Path) -> list[Source]:
    """Every [[source]] of the file, checked against the DOPA codes; raises SourcesError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SourcesError(f"{path}: no such sources file") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SourcesError(f"{path}: not a valid TOML file: {error}") from error
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{path}: no [[source]] tables")
    sources: list[Source] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: [[source]] #{number}"
        province = str(entry.get("province", "")).strip()
        district = str(entry.get("district", "")).strip()
        uri = str(entry.get("uri", "")).strip()
        if not uri:
            raise SourcesError(f"{where}: uri is missing")
        if geothai.province(province) is None:
            raise SourcesError(f"{where}: province {province!r} is not a DOPA province code")
        found = geothai.district(district)
        if found is None or found.province_code != province:
            raise SourcesError(f"{where}: district {district!r} is not a district of {province}")
        if district in seen:
            raise SourcesError(f"{where}: district {district} is listed twice")
        seen.add(district)
        if not uri.startswith(("http://", "https://")):
            uri = str((path.parent / uri).resolve())
        sources.append(Source(province, district, uri))
    return sources


def select(sources: list[Source], province: str | None, district: str | None) -> list[Source]:
    """The sources matching --province and --district."""
    return [
        s
        for s in sources
        if (province is None or s.province == province)
        and (district is None or s.district == district)
    ]
