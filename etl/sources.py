"""The sources file: where each district's submission comes from (docs/contract.md#sources-file)."""

from __future__ import annotations

import os
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


KEYS = {"province": str, "district": str, "uri": str}


def read_sources(path: Path) -> list[Source]:
    """Every [[source]] of the file, checked before anything runs; raises SourcesError naming
    the entry (its number and district) and what is wrong with it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SourcesError(f"{path}: no such sources file") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SourcesError(f"{path}: not a valid TOML file: {error}") from error
    except (OSError, ValueError) as error:
        raise SourcesError(f"{path}: cannot be read: {error}") from error
    unknown = sorted(set(data) - {"source"})
    if unknown:
        raise SourcesError(f"{path}: unknown key {unknown[0]!r} (only [[source]] tables go here)")
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise SourcesError(f"{path}: `source` must be [[source]] tables, not {_kind(entries)}")
    if not entries:
        raise SourcesError(f"{path}: no [[source]] tables")
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        source = _entry(path, number, entry)
        if source.district in seen:
            raise SourcesError(
                f"{path}: [[source]] #{number} (district {source.district}): "
                f"district {source.district} is listed twice (also #{seen[source.district]})"
            )
        seen[source.district] = number
        sources.append(source)
    return sources


def _entry(path: Path, number: int, entry: object) -> Source:
    """One [[source]] table, checked: its keys, their types, and its DOPA codes."""
    if not isinstance(entry, dict):
        raise SourcesError(f"{path}: [[source]] #{number} is {_kind(entry)}, not a table")
    district = entry.get("district")
    named = f" (district {district})" if isinstance(district, str) else ""
    where = f"{path}: [[source]] #{number}{named}"
    for key in sorted(set(entry) - set(KEYS)):
        raise SourcesError(f"{where}: unknown key {key!r} (expected {', '.join(KEYS)})")
    for key, kind in KEYS.items():
        if key not in entry:
            raise SourcesError(f"{where}: {key} is missing")
        if not isinstance(entry[key], kind):
            raise SourcesError(f"{where}: {key} must be a string, not {_kind(entry[key])}")
    province, district, uri = (entry[key].strip() for key in KEYS)
    if not uri:
        raise SourcesError(f"{where}: uri is empty")
    if geothai.province(province) is None:
        raise SourcesError(f"{where}: province {province!r} is not a DOPA province code")
    found = geothai.district(district)
    if found is None:
        raise SourcesError(f"{where}: district {district!r} is not a DOPA district code")
    if found.province_code != province:
        raise SourcesError(
            f"{where}: district {district} is of province {found.province_code}, not {province}"
        )
    if not uri.startswith(("http://", "https://")):
        # Absolute, not resolved: a symlink loop or a NUL byte fails its district, not the file.
        uri = os.path.normpath(os.path.join(path.parent.absolute(), uri))
    return Source(province, district, uri)


def _kind(value: object) -> str:
    """What a TOML value is, in the file's words."""
    names = {
        dict: "a table",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a float",
    }
    return names.get(type(value), f"a {type(value).__name__}")


def select(sources: list[Source], province: str | None, district: str | None) -> list[Source]:
    """The sources matching --province and --district."""
    return [
        s
        for s in sources
        if (province is None or s.province == province)
        and (district is None or s.district == district)
    ]
