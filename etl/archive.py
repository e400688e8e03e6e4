"""Pull a source's bytes and keep them unchanged, by content hash, before parsing."""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from etl.errors import FetchFailed
from etl.sources import Source

HTTP_TIMEOUT = 60
MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Pulled:
    """A source's files as fetched, and the hash that names the whole submission."""

    source: Source
    files: dict[str, bytes]
    content_sha256: str

    @property
    def size(self) -> int:
        """Bytes of all its files."""
        return sum(len(data) for data in self.files.values())


def pull(source: Source) -> Pulled:
    """Fetch a workbook, a folder of CSVs, or an http(s) URL; raises FetchFailed."""
    if source.is_url:
        files = {_url_name(source.uri): _download(source.uri)}
    else:
        files = _read_local(Path(source.uri))
    return Pulled(source, files, submission_sha256(files))


def submission_sha256(files: dict[str, bytes]) -> str:
    """One hash for a submission: of its one file, or of the sorted manifest of a folder."""
    if len(files) == 1:
        return hashlib.sha256(next(iter(files.values()))).hexdigest()
    manifest = sorted((name, hashlib.sha256(data).hexdigest()) for name, data in files.items())
    return hashlib.sha256(json.dumps(manifest).encode()).hexdigest()


def archive(root: Path, pulled: Pulled) -> Path:
    """Store every file unchanged under its own hash, plus a manifest; returns the manifest."""
    manifest = {}
    for name, data in pulled.files.items():
        digest = hashlib.sha256(data).hexdigest()
        _write_once(root / digest[:2] / digest, data)
        manifest[name] = digest
    body = json.dumps(
        {"source": pulled.source.uri, "district": pulled.source.district, "files": manifest},
        ensure_ascii=False,
        sort_keys=True,
        indent=1,
    ).encode("utf-8")
    path = root / "submissions" / f"{pulled.content_sha256}.json"
    _write_once(path, body)
    return path


def _write_once(path: Path, data: bytes) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # Unique per write: two sources may hold the same file, archived by two threads at once.
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _read_local(path: Path) -> dict[str, bytes]:
    try:
        if path.is_dir():
            files = {
                p.name: p.read_bytes()
                for p in sorted(path.iterdir())
                if p.is_file() and not p.name.startswith((".", "~$"))
            }
            if not files:
                raise FetchFailed(f"{path}: the folder is empty")
            return files
        return {path.name: path.read_bytes()}
    except FileNotFoundError as error:
        raise FetchFailed(f"{path}: no such file or folder") from error
    except OSError as error:
        raise FetchFailed(f"{path}: cannot be read: {error.strerror}") from error


def _download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "tonbaeb-etl"})
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            data: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FetchFailed(f"{url}: HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise FetchFailed(f"{url}: cannot be fetched: {error}") from error
    if len(data) > MAX_BYTES:
        raise FetchFailed(f"{url}: larger than {MAX_BYTES} bytes")
    return data


def _url_name(url: str) -> str:
    name = PurePosixPath(url.split("?", 1)[0].split("#", 1)[0]).name
    return name or "submission"
