"""Password hashing with Argon2id."""

from __future__ import annotations

import os
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's second recommended option (64 MiB, 3 passes); tests may ask for less.
STRONG = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
MIN_LENGTH = 8


def hasher() -> PasswordHasher:
    """The hasher in use (TONBAEB_FAST_HASH=1 lowers the cost, for tests only)."""
    return FAST if os.environ.get("TONBAEB_FAST_HASH") == "1" else STRONG


def hash_password(password: str) -> str:
    """An Argon2id hash string ($argon2id$...)."""
    return hasher().hash(password)


def verify(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash."""
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than the current ones."""
    return hasher().check_needs_rehash(password_hash)



@cache
def dummy_hash() -> str:
    """A hash to verify against for unknown users, so they take as long as known ones."""
    return hasher().hash("a password nobody has")
