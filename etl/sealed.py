"""Archived source files sealed with AES-256-GCM under a key of their province.

A sealed file is `TBS1` + the province (2 ASCII digits) + the key's number (4 bytes) + a
random 96-bit nonce + the ciphertext and its tag; the header and the file's SHA-256 (its
name in the archive) are authenticated, so a file cannot be altered or swapped for another.
Keys live in HOME/secrets/archive/PROVINCE/NNNN.key (0600): the highest number seals,
any kept number opens. `rotate` adds a key, re-seals the province's files, then removes
the older keys.
"""

from __future__ import annotations

import os
import secrets
import struct
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"TBS1"
HEADER = struct.Struct(">4s2sI")
NONCE_BYTES = 12


class SealError(ValueError):
    """A sealed file that cannot be opened: no such key, or altered."""


class Keyring:
    """One province's archive keys."""

    def __init__(self, secrets_dir: Path, province: str) -> None:
        if not (len(province) == 2 and province.isdigit()):
            raise SealError(f"not a province code: {province!r}")
        self.province = province
        self.folder = secrets_dir / "archive" / province

    def numbers(self) -> list[int]:
        """The kept keys' numbers, oldest first."""
        if not self.folder.is_dir():
            return []
        return sorted(int(p.stem) for p in self.folder.glob("*.key") if p.stem.isdigit())

    def key(self, number: int) -> bytes:
        """One key's 32 bytes; raises SealError if it is not kept."""
        try:
            return (self.folder / f"{number:04d}.key").read_bytes()
        except FileNotFoundError as error:
            raise SealError(
                f"archive key {number} of province {self.province} is missing"
            ) from error

    def current(self) -> int:
        """The number of the key that seals (made on first use)."""
        numbers = self.numbers()
        return numbers[-1] if numbers else self.add()

    def add(self) -> int:
        """Make the next key (first writer wins); its number."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        number = (self.numbers() or [0])[-1] + 1
        tmp = self.folder / f".{number:04d}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(AESGCM.generate_key(bit_length=256))
        try:
            os.link(tmp, self.folder / f"{number:04d}.key")
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
        return number


def seal(keys: Keyring, digest: str, data: bytes) -> bytes:
    """The sealed form of a file whose SHA-256 is `digest`."""
    number = keys.current()
    header = HEADER.pack(MAGIC, keys.province.encode(), number)
    nonce = secrets.token_bytes(NONCE_BYTES)
    return header + nonce + AESGCM(keys.key(number)).encrypt(nonce, data, header + digest.encode())


def is_sealed(blob: bytes) -> bool:
    """Whether the bytes are a sealed file (archives made before sealing hold plain files)."""
    return blob[:4] == MAGIC


def province_of(blob: bytes) -> str:
    """The province whose key sealed the file."""
    return HEADER.unpack_from(blob)[1].decode("ascii")


def open_sealed(secrets_dir: Path, digest: str, blob: bytes) -> bytes:
    """The file's bytes; raises SealError if its key is missing or it was altered."""
    if len(blob) < HEADER.size + NONCE_BYTES or not is_sealed(blob):
        raise SealError("not a sealed archive file")
    _, province, number = HEADER.unpack_from(blob)
    keys = Keyring(secrets_dir, province.decode("ascii", "replace"))
    header, nonce = blob[: HEADER.size], blob[HEADER.size : HEADER.size + NONCE_BYTES]
    try:
        return AESGCM(keys.key(number)).decrypt(
            nonce, blob[HEADER.size + NONCE_BYTES :], header + digest.encode()
        )
    except InvalidTag as error:
        raise SealError(
            f"archive file {digest[:12]}… was altered or is not what its name says"
        ) from error


def rotate(
    secrets_dir: Path,
    province: str,
    files: Iterable[tuple[str, Path]],
    write: Callable[[Path, bytes], None],
) -> int:
    """Seal every (digest, path) of the province with a new key, then drop the older keys; files re-sealed."""
    keys = Keyring(secrets_dir, province)
    old = keys.numbers()
    keys.add()
    count = 0
    for digest, path in files:
        blob = path.read_bytes()
        if is_sealed(blob) and province_of(blob) != province:
            continue  # the same file, archived first by another province: its key seals it
        data = open_sealed(secrets_dir, digest, blob) if is_sealed(blob) else blob
        write(path, seal(keys, digest, data))
        count += 1
    for number in old:
        (keys.folder / f"{number:04d}.key").unlink(missing_ok=True)
    return count
