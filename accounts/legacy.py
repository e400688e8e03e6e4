"""The store's migrations from before Alembic: SQLite files numbered by `pragma user_version`.

A store at the last of them (LAST) has the schema of Alembic's baseline and is stamped at it
unchanged; an older one first takes the steps it lacks (accounts.schema.upgrade does both).
Only SQLite stores ever had these numbers, so the steps are SQLite's own SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import Connection

from accounts.audit import chain_hash
from accounts.names import normal_name
from accounts.throttle import account_key

AUDIT_CHAINED = 3  # the step that chained the audit log; later ones must not re-seal its head


class NameClash(RuntimeError):
    """Accounts whose names become one when normalised: the store is left as it was."""


def normalise_user_names(con: Connection) -> None:
    """Rename each account to its normal name (names made before names were normalised).

    Its sessions and usual places follow; its failed sign-ins are forgotten; the audit log and
    decisions keep the name they were written with. Refuses if two accounts would become one.
    """
    stored: defaultdict[str, list[str]] = defaultdict(list)
    for (username,) in con.exec_driver_sql("select username from users order by username"):
        stored[normal_name(username)].append(username)
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
    con.exec_driver_sql("pragma defer_foreign_keys = on")  # users and sessions change together
    for new, [old] in stored.items():
        if new != old:
            for table in ("users", "sessions", "login_places"):
                con.exec_driver_sql(
                    f"update {table} set username = ? where username = ?",
                    (new, old),
                )
            con.exec_driver_sql("delete from login_throttle where key = ?", (account_key(old),))


def chain_unsealed(con: Connection) -> None:
    """Chain audit entries written before the log had hashes."""
    previous = ""
    rows = con.exec_driver_sql("select * from audit order by id").mappings().all()
    for row in rows:
        digest = row["hash"]
        if digest is None:
            digest = chain_hash(previous, dict(row))
            con.exec_driver_sql("update audit set hash = ? where id = ?", (digest, row["id"]))
        previous = digest
        con.exec_driver_sql(
            "insert into audit_head (one, last_id, hash) values (1, ?, ?)"
            " on conflict (one) do update set last_id = excluded.last_id, hash = excluded.hash",
            (row["id"], previous),
        )


STEPS: tuple[str | Callable[[Connection], None], ...] = (
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
    normalise_user_names,
)
LAST = len(STEPS)


def version(con: Connection) -> int:
    """The store's step number (0: none taken, or not a SQLite store of that time)."""
    return int(con.exec_driver_sql("pragma user_version").scalar() or 0)


def take_missing_steps(con: Connection) -> None:
    """The steps an older store lacks, in the caller's transaction (then stamp the baseline)."""
    start = version(con)
    for number, step in enumerate(STEPS[start:], start=start + 1):
        if callable(step):
            step(con)
        else:
            for statement in step.split(";"):
                if statement.strip():
                    con.exec_driver_sql(statement)
        con.exec_driver_sql(f"pragma user_version = {number}")
    if start < AUDIT_CHAINED:
        chain_unsealed(con)  # entries written before the log was chained
