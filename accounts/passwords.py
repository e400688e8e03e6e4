"""Password hashing with Argon2id, a bound on hashes at once, and the strength rule."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from core.texts import N_, Said

# RFC 9106's second recommended option (64 MiB, 3 passes); tests may ask for less.
STRONG = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn: 0 (guessed at once) .. 4 (very unguessable); 3 = about 10^8 guesses or more
CHECKED_LENGTH = 100  # zxcvbn looks at this many characters (its cost grows with the length)


def cores() -> int:
    """Cores this process may run on (its affinity, which a container's limit narrows)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# A login storm makes logins wait for each other, not pages: one hash per core at a time per worker,
# each on a thread of lower priority, so a page's thread gets the CPU first.
HASHING = threading.BoundedSemaphore(cores())
# More than the worker's own; on a busy core, a page's thread (0) gets about ten times the share
# of a hashing thread.
NICENESS = 10
T = TypeVar("T")
_POOL: tuple[int, ThreadPoolExecutor] | None = None
_POOL_LOCK = threading.Lock()


def _give_way() -> None:
    """Lower this thread's priority (Linux keeps it per thread; argon2's own threads inherit it)."""
    try:
        thread = threading.get_native_id()
        os.setpriority(
            os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + NICENESS)
        )
    except (AttributeError, OSError):
        pass  # elsewhere hashes run at the normal priority, still bounded by HASHING


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or _POOL[0] != os.getpid():  # a forked worker starts threads of its own
            _POOL = (os.getpid(), ThreadPoolExecutor(cores(), "hashing", initializer=_give_way))
        return _POOL[1]


def hashing(work: Callable[[], T]) -> T:
    """Run password work in a hashing slot, on a low-priority thread; wait for its answer."""
    with HASHING:
        return _pool().submit(work).result()


class WeakPassword(Said):
    """A password refused by the strength rule; the message says why (`said(lang)`)."""


def hasher() -> PasswordHasher:
    """The hasher in use (TONBAEB_FAST_HASH=1 lowers the cost, for tests only)."""
    return FAST if os.environ.get("TONBAEB_FAST_HASH") == "1" else STRONG


def hash_password(password: str) -> str:
    """An Argon2id hash string ($argon2id$...)."""
    return hashing(lambda: hasher().hash(password))


def verify(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash."""

    def check() -> bool:
        try:
            return hasher().verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return hashing(check)


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than the current ones."""
    return hasher().check_needs_rehash(password_hash)


def check_strength(password: str, user_inputs: tuple[str, ...] = ()) -> None:
    """Raise WeakPassword unless the password has MIN_LENGTH characters and zxcvbn scores it MIN_SCORE."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(N_("a password has at least {n} characters"), n=MIN_LENGTH)
    result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=[u for u in user_inputs if u])
    if result["score"] < MIN_SCORE:
        raise WeakPassword(
            N_("the password is too easy to guess: use a longer phrase of unrelated words")
        )


def dummy_hash() -> str:
    """A hash to verify against for unknown users, so they take as long as known ones (same parameters)."""
    return _dummy(hasher())


@cache
def _dummy(chosen: PasswordHasher) -> str:
    return chosen.hash("a password nobody has")
