"""A GeoJSON FeatureCollection from a file or an http(s) URL, feature by feature."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.download import download
from etl.errors import FetchFailed


class GeoUnreadable(ValueError):
    """A boundaries file that cannot be used at all (exit status 2)."""


@dataclass(frozen=True)
class Feature:
    """One feature as found in the file: its position, properties and GeoJSON geometry."""

    index: int
    properties: dict[str, Any]
    geometry: dict[str, Any] | None


@dataclass(frozen=True)
class GeoFile:
    """A boundaries file as read: where from, its hash, and its features in file order."""

    source: str
    sha256: str
    features: list[Feature]


def read_geojson(uri: str) -> GeoFile:
    """The features of a GeoJSON FeatureCollection at a path or URL; raises GeoUnreadable."""
    is_url = uri.startswith(("http://", "https://"))
    source = uri if is_url else str(Path(uri).resolve())
    try:
        data = download(uri) if is_url else Path(uri).read_bytes()
    except FetchFailed as error:
        raise GeoUnreadable(str(error)) from error
    except OSError as error:
        raise GeoUnreadable(f"{uri}: cannot be read: {error.strerror or error}") from error
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise GeoUnreadable(f"{uri}: not a GeoJSON file ({error})") from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise GeoUnreadable(f"{uri}: not a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise GeoUnreadable(f"{uri}: the FeatureCollection has no features")
    return GeoFile(
        source, hashlib.sha256(data).hexdigest(), [_feature(n, f) for n, f in enumerate(features)]
    )


def _feature(index: int, raw: object) -> Feature:
    raw = raw if isinstance(raw, dict) else {}
    properties = raw.get("properties")
    geometry = raw.get("geometry")
    return Feature(
        index,
        properties if isinstance(properties, dict) else {},
        geometry if isinstance(geometry, dict) else None,
    )
