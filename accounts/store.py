"""The application-state store: accounts, sessions, audit and decisions.

A SQLite file in WAL mode under HOME/state, apart from the analytic warehouse:
reloading data never touches it, and several server processes can write to it
at once (SQLite serialises writers; busy_timeout makes them wait, not fail).
"""

from __future__ import annotations

import sqlite3

from accounts import audit
from warehouse.home import Home

MIGRATIONS: tuple[str, ...] = (
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
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in script.split(";"):
                if statement.strip():
                    con.execute(statement)
            con.execute(f"pragma user_version = {number}")
        if version < len(MIGRATIONS):
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
        con = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=wait_seconds, isolation_level=None)
        try:
            con.execute("begin immediate")
            con.execute("select count(*) from users").fetchone()
            con.execute("rollback")
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return True
