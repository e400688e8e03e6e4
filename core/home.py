"""Where everything lives inside one tonbaeb home folder (docs/contract.md#home)."""

from __future__ import annotations

import os
import re
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROVINCE_CODE = re.compile(r"^[0-9]{2}$")


class UnknownProvince(ValueError):
    """A province code that is not two digits (and so can never name a folder)."""


def checked_province(code: str) -> str:
    """The code itself, if it can safely name a tenant; raises otherwise."""
    if not isinstance(code, str) or not PROVINCE_CODE.match(code):
        raise UnknownProvince(f"not a province code: {code!r}")
    return code


@dataclass(frozen=True)
class Home:
    """One home folder; two homes never share anything."""

    root: Path
    state_url: str | None = (
        None  # the state store's address (TONBAEB_STATE_URL); see accounts.store
    )

    @property
    def archive(self) -> Path:
        """Sources kept unchanged, by content hash."""
        return self.root / "archive"

    @property
    def state(self) -> Path:
        """Application state (accounts, sessions, audit, decisions): not the warehouse."""
        return self.root / "state"

    @property
    def geo(self) -> Path:
        """Loaded boundaries, adjacency and label points."""
        return self.root / "geo"

    def tenant(self, province: str) -> Path:
        """The folder of one province's warehouse versions."""
        return self.root / "warehouse" / checked_province(province)

    def provinces(self) -> list[str]:
        """Provinces that have a published warehouse, sorted."""
        base = self.root / "warehouse"
        if not base.is_dir():
            return []
        return sorted(
            p.name
            for p in base.iterdir()
            if PROVINCE_CODE.match(p.name) and (p / "CURRENT").is_file()
        )

    def tenant_key(self, province: str) -> bytes:
        """The per-tenant secret used to hash citizen IDs; made on first use."""
        return self.secret(f"{checked_province(province)}.key")

    def secret(self, name: str, size: int = 32) -> bytes:
        """A random secret kept in HOME/secrets/NAME (0600, folder 0700); made on first use, never replaced."""
        path = Path(self.root) / "secrets" / name
        if not path.exists():
            self.secure()
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(size))
            try:
                os.link(tmp, path)  # first writer wins; never overwrite a key
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        return path.read_bytes()

    def settings(self, section: str) -> dict[str, Any]:
        """One [section] of the optional HOME/settings.toml; {} when the file is missing or not
        TOML, or the section is missing or not a table (each setting then takes its default)."""
        try:
            found = tomllib.loads((Path(self.root) / "settings.toml").read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            return {}
        table = found.get(section)
        return table if isinstance(table, dict) else {}

    def secure(self) -> None:
        """Make the home folder (0700) if needed; its owner alone may enter it, whatever is inside."""
        root = Path(self.root)
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if root.stat().st_mode & 0o077:
            root.chmod(0o700)


def home_from(value: str | os.PathLike[str] | None, state_url: str | None = None) -> Home:
    """The home named by --home, else TONBAEB_HOME, else ./data (its store at `state_url`)."""
    chosen = value or os.environ.get("TONBAEB_HOME") or "data"
    return Home(Path(chosen).resolve(), state_url or None)
