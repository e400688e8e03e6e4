"""Growing delays after failed sign-ins, per account name and per client address.

No lockout an attacker controls: after a few free failures each further one doubles the
wait before the next try is looked at (capped). A name that does not exist is throttled
exactly like one that does, so the answers never differ. From an address the account signed
in from before (its usual places) the address's counter does not apply and the account's waits
at most KNOWN_CAP_SECONDS, however many failures strangers caused there (an office NAT, or a
proxy not named with --trusted-proxy, puts everyone behind it on one address). Counters are
forgotten FORGET_SECONDS after their last failure, and the account's counter is cleared on a
successful sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.database import Store

ACCOUNT_FREE = 3  # failures before the first delay
ADDRESS_FREE = 10
BASE_SECONDS = 1.0
CAP_SECONDS = 15 * 60
KNOWN_CAP_SECONDS = 5.0
FORGET_SECONDS = 60 * 60
KEY_LENGTH = 120
SHARED_ACCOUNTS = 5  # distinct accounts signed in from one address before it looks like a proxy
SHARED_DAYS = 30


@dataclass(frozen=True)
class Lock:
    """One throttled key: an account name or an address, its failures and when it may try again."""

    key: str
    failures: int
    last_failure_at: float
    retry_at: float


def account_key(username: str) -> str:
    """The counter of an account name (existing or not)."""
    return "user:" + username[:KEY_LENGTH]


def address_key(ip: str) -> str:
    """The counter of a client address."""
    return "ip:" + ip[:KEY_LENGTH]


def delay(failures: int, free: int, cap: float) -> float:
    """Seconds to wait after `failures` failures: 0 for the free ones, then 1, 2, 4 ... up to cap."""
    if failures < free:
        return 0.0
    return float(min(cap, BASE_SECONDS * 2 ** min(failures - free, 30)))


def _row(store: Store, key: str, now: float) -> tuple[int, float]:
    row = store.execute(
        "select failures, last_failure_at from login_throttle where key = :key", {"key": key}
    ).fetchone()
    if row is None or now - row["last_failure_at"] > FORGET_SECONDS:
        return 0, 0.0
    return int(row["failures"]), float(row["last_failure_at"])


def retry_at(store: Store, username: str, ip: str, known: bool, now: float) -> float:
    """When the next try of this name from this address may be looked at (<= now: at once).

    `known`: one of the account's usual places, where the address's counter is not looked at.
    """
    failures, last = _row(store, account_key(username), now)
    account = last + delay(failures, ACCOUNT_FREE, KNOWN_CAP_SECONDS if known else CAP_SECONDS)
    if known:
        return account
    failures, last = _row(store, address_key(ip), now)
    address = last + delay(failures, ADDRESS_FREE, CAP_SECONDS)
    return max(account, address)


def failed(store: Store, username: str, ip: str, now: float, counted: bool) -> None:
    """Note a failed try; `counted=False` (a try refused while waiting) only forgets stale counters.

    Both kinds write the same rows, so a refused try costs what a wrong password costs.
    """
    for key in (account_key(username), address_key(ip)):
        store.execute(
            "insert into login_throttle (key, failures, last_failure_at)"
            " values (:key, :failures, :now) on conflict (key) do update set"
            " failures = case"
            "   when excluded.last_failure_at - login_throttle.last_failure_at > :forget"
            "   then excluded.failures else login_throttle.failures + excluded.failures end,"
            " last_failure_at = case when excluded.failures > 0 then excluded.last_failure_at"
            "   else login_throttle.last_failure_at end",
            {"key": key, "failures": 1 if counted else 0, "now": now, "forget": FORGET_SECONDS},
        )
    store.execute(
        "delete from login_throttle where last_failure_at < :before",
        {"before": now - FORGET_SECONDS},
    )


def succeeded(store: Store, username: str, ip: str, now: float) -> None:
    """Clear the account's counter and remember the address as one of its usual places."""
    store.execute("delete from login_throttle where key = :key", {"key": account_key(username)})
    store.execute(
        "insert into login_places (username, ip, last_ok_at) values (:username, :ip, :now)"
        " on conflict (username, ip) do update set last_ok_at = excluded.last_ok_at",
        {"username": username, "ip": ip[:KEY_LENGTH], "now": now},
    )


def known_place(store: Store, username: str, ip: str) -> bool:
    """Whether the account signed in successfully from this address before."""
    row = store.execute(
        "select 1 from login_places where username = :username and ip = :ip",
        {"username": username, "ip": ip[:KEY_LENGTH]},
    )
    return row.fetchone() is not None


def shared_addresses(store: Store, now: float) -> list[tuple[str, int]]:
    """Addresses that SHARED_ACCOUNTS or more accounts signed in from in the last SHARED_DAYS, busiest first."""
    rows = store.execute(
        "select ip, count(distinct username) as accounts from login_places"
        " where last_ok_at >= :since group by ip having count(distinct username) >= :least"
        " order by accounts desc, ip",
        {"since": now - SHARED_DAYS * 86400, "least": SHARED_ACCOUNTS},
    )
    return [(row["ip"], int(row["accounts"])) for row in rows]


def proxy_warning(store: Store, trusted_proxies: tuple[str, ...], now: float) -> str | None:
    """One line for `tonbaeb serve` when many accounts share an address and no proxy is trusted; else None."""
    shared = shared_addresses(store, now)
    if trusted_proxies or not shared:
        return None
    ip, accounts = shared[0]
    others = f" (and {len(shared) - 1} more such addresses)" if len(shared) > 1 else ""
    return (
        f"warning: {accounts} accounts signed in from {ip} in the last {SHARED_DAYS} days{others}."
        f" If that is a reverse proxy, start with --trusted-proxy {ip}: without it the per-address"
        " sign-in throttle counts everyone behind the proxy as one client (and sessions and the audit"
        " log see only its address); with it the client is the address the proxy forwarded for"
        " (X-Forwarded-For)."
    )


def locks(store: Store, usernames: list[str], now: float) -> list[Lock]:
    """The live counters of these accounts (by name), for the director to see."""
    found = []
    for name in usernames:
        failures, last = _row(store, account_key(name), now)
        if failures:
            found.append(
                Lock(name, failures, last, last + delay(failures, ACCOUNT_FREE, CAP_SECONDS))
            )
    return found


def clear(store: Store, username: str) -> bool:
    """Clear an account's counter; whether there was one."""
    return (
        store.execute(
            "delete from login_throttle where key = :key", {"key": account_key(username)}
        ).rowcount
        > 0
    )
