"""The application-state store: accounts, sessions, audit and decisions.

A SQLite file in WAL mode under HOME/state, apart from the analytic warehouse:
reloading data never touches it, and several server processes can write to it
at once (SQLite serialises writers; busy_timeout makes them wait, not fail).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable

from accounts import audit
from accounts.names import normal_name
from accounts.throttle import account_key
from core.home import Home

AUDIT_CHAINED = 3  # the migration that chained the audit log; later ones must not re-seal its head


class NameClash(RuntimeError):
    """Accounts whose names become one when normalised: the store is left as it was."""


def normalise_user_names(con: sqlite3.Connection) -> None:
    """Rename each account to its normal name (names made before names were normalised).

    Its sessions and usual places follow; its failed sign-ins are forgotten; the audit log and
    decisions keep the name they were written with. Refuses if two accounts would become one.
    """
    stored: defaultdict[str, list[str]] = defaultdict(list)
    for row in con.execute("select username from users order by username"):
        stored[normal_name(row["username"])].append(row["username"])
    clashes = [
        " and ".join(map(repr, old)) + f" are both {new!r}"
        for new, old in stored.items()
        if len(old) > 1
    ]
    if clashes:
        raise NameClash(
            f"user names that differ only in case or width are one name now: {'; '.join(clashes)}."
            " Rename or delete all but one of each (sqlite3 HOME/state/app.sqlite), then start again."
        )
    con.execute("pragma defer_foreign_keys = on")  # users and sessions change in one transaction
    for new, [old] in stored.items():
        if new != old:
            con.execute("update users set username = ? where username = ?", [new, old])
            con.execute("update sessions set username = ? where username = ?", [new, old])
            con.execute("update login_places set username = ? where username = ?", [new, old])
            con.execute("delete from login_throttle where key = ?", [account_key(old)])


MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    """
    create table users (
        username text primary key,
        role text not null,
        province_code text,
        district_code text,
        password_hash text not null,
        disabled integer not null default 0,
        failed_logins integer not null default 0,
        locked_until real not null default 0,
        created_at real not null,
        password_changed_at real not null
    );
    create table sessions (
        token_hash text primary key,
        username text not null references users(username),
        created_at real not null,
        last_seen_at real not null,
        ip text,
        user_agent text
    );
    create table audit (
        id integer primary key,
        at real not null,
        username text,
        role text,
        province_code text,
        action text not null,
        detail text,
        ip text
    );
    create index audit_by_province on audit (province_code, at);
    create table login_failures (
        ip text not null,
        at real not null
    );
    create index login_failures_by_ip on login_failures (ip, at);
    """,
    # The exemplar workflow (ต้นแบบ): decisions about candidate clubs, expansion plans that
    # pair exemplars with neighbouring networks, and knowledge records. Data reloads never
    # touch these; rows are appended or edited only through the workflow.
    """
    create table exemplar_decisions (
        id integer primary key,
        province_code text not null,
        district_code text not null,
        club_id text not null,
        fiscal_year integer not null,
        action text not null,
        reason text not null,
        username text not null,
        role text not null,
        at real not null
    );
    create index exemplar_decisions_by_club
        on exemplar_decisions (province_code, fiscal_year, district_code, club_id, id);
    create table expansion_plans (
        id integer primary key,
        province_code text not null,
        fiscal_year integer not null,
        max_mentees integer not null,
        created_by text not null,
        created_at real not null,
        note text
    );
    create index expansion_plans_by_province on expansion_plans (province_code, fiscal_year, id);
    create table expansion_pairs (
        plan_id integer not null references expansion_plans(id),
        exemplar_district text not null,
        exemplar_club text not null,
        mentee_district text not null,
        mentee_club text not null,
        distance_km real,
        origin text not null,
        added_by text not null,
        added_at real not null,
        primary key (plan_id, mentee_district, mentee_club)
    );
    create table knowledge_records (
        province_code text not null,
        district_code text not null,
        club_id text not null,
        fiscal_year integer not null,
        fields text not null,
        updated_by text not null,
        updated_at real not null,
        primary key (province_code, district_code, club_id, fiscal_year)
    );
    """,
    # Hardening (issue 13): growing delays instead of lockouts, each account's usual places,
    # passwords an administrator chose, and the audit log as a hash chain with structured fields.
    """
    create table login_throttle (
        key text primary key,
        failures integer not null,
        last_failure_at real not null
    );
    create table login_places (
        username text not null,
        ip text not null,
        last_ok_at real not null,
        primary key (username, ip)
    );
    drop table login_failures;
    alter table users add column must_change_password integer not null default 0;
    alter table audit add column fields text not null default '{}';
    alter table audit add column hash text;
    create table audit_head (
        one integer primary key check (one = 1),
        last_id integer not null,
        hash text not null
    );
    """,
    # Look-alike names (accounts/names.py): user names are stored NFKC-normalised and case-folded.
    normalise_user_names,
    # Follow-ups of clubs that fail and the province's targets (issue 26, exemplars/followups.py).
    """
    create table if not exists club_followups (
        id integer primary key,
        province_code text not null,
        district_code text not null,
        club_id text not null,
        fiscal_year integer not null,
        kind text not null,
        done_on text not null,
        mentor_district text,
        mentor_club text,
        note text not null,
        username text not null,
        role text not null,
        at real not null
    );
    create index if not exists club_followups_by_year
        on club_followups (province_code, fiscal_year, district_code, club_id);
    create table if not exists province_targets (
        province_code text not null,
        district_code text not null,
        fiscal_year integer not null,
        target real not null,
        username text not null,
        at real not null,
        primary key (province_code, district_code, fiscal_year)
    );
    """,
)


def open_store(home: Home) -> sqlite3.Connection:
    """A connection to the store, created and migrated if needed."""
    home.state.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = home.state / "app.sqlite"
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)  # accounts, sessions and the audit log: the owner only
    con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    con.row_factory = sqlite3.Row
    con.execute("pragma journal_mode = wal")
    con.execute("pragma busy_timeout = 30000")
    con.execute("pragma foreign_keys = on")
    con.execute("pragma synchronous = normal")
    _migrate(con)
    return con


def _migrate(con: sqlite3.Connection) -> None:
    con.execute("begin immediate")
    try:
        version = con.execute("pragma user_version").fetchone()[0]
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            if callable(step):
                step(con)
            else:
                for statement in step.split(";"):
                    if statement.strip():
                        con.execute(statement)
            con.execute(f"pragma user_version = {number}")
        if version < AUDIT_CHAINED:
            audit.chain_unsealed(con)  # entries written before the log was chained
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def writable(home: Home, wait_seconds: float = 2.0) -> bool:
    """Whether the store can take a write within `wait_seconds` (for /healthz); writes nothing."""
    path = home.state / "app.sqlite"
    if not path.is_file():
        return False
    try:
        con = sqlite3.connect(
            f"file:{path}?mode=rw", uri=True, timeout=wait_seconds, isolation_level=None
        )
        try:
            con.execute("begin immediate")
            con.execute("select count(*) from users").fetchone()
            con.execute("rollback")
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return True
