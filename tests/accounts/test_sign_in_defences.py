"""Sign-in defences, through the real dashboard app's test client: throttling and enumeration,
passwords, the forced change, CSRF, `next=`, logout, headers and the trusted proxy."""

from __future__ import annotations

import io
import os
import re
import threading
import time
from typing import Any

import flask.testing
import pytest

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts import audit, passwords, throttle, users
from accounts.guard import PRESESSION_COOKIE
from accounts.store import open_store
from core.home import Home
from tests.accounts.conftest import Clock
from tonbaeb.cli import main

PASSWORD = "riverside-lantern-quarry"
GENERIC = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"


@pytest.fixture
def app(home: Home, clock: Clock) -> Any:
    from dashboard.app import create_app

    store = open_store(home)
    for name in ("dir62", "gone"):
        users.add_user(store, name, "director", "62", None, PASSWORD)
    users.disable_user(store, "gone")
    return create_app(home, clock=clock, trusted_proxies=("10.9.9.9",))


def sign_in(
    client: flask.testing.FlaskClient,
    username: str,
    password: str,
    *,
    ip: str = "127.0.0.1",
    query: str = "",
    headers: dict[str, str] | None = None,
) -> Any:
    environ = {"REMOTE_ADDR": ip}
    page = client.get(f"/login{query}", environ_base=environ, headers=headers).get_data(
        as_text=True
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = {"username": username, "password": password, "csrf_token": token}
    return client.post(f"/login{query}", data=form, environ_base=environ, headers=headers)


def test_strangers_cannot_keep_the_director_out_of_their_usual_place(
    app: Any, clock: Clock
) -> None:
    office = app.server.test_client()
    assert (
        sign_in(office, "dir62", PASSWORD, ip="192.0.2.10").status_code == 302
    )  # a usual place now
    attacker = app.server.test_client()
    for _ in range(40):  # each one after the wait, so each is counted
        clock.now += throttle.CAP_SECONDS
        assert sign_in(attacker, "dir62", "guess", ip="198.51.100.66").status_code == 401
    clock.now += 1
    # A stranger's address with the right password still waits the whole (capped) delay ...
    assert (
        sign_in(app.server.test_client(), "dir62", PASSWORD, ip="198.51.100.77").status_code == 401
    )
    # ... the usual place, at most KNOWN_CAP_SECONDS after the attacker's last try.
    clock.now += throttle.KNOWN_CAP_SECONDS
    assert sign_in(app.server.test_client(), "dir62", PASSWORD, ip="192.0.2.10").status_code == 302


def test_the_failure_count_is_forgotten_when_it_expires_and_on_success(
    app: Any, clock: Clock
) -> None:
    client = app.server.test_client()
    for _ in range(5):
        sign_in(client, "dir62", "guess", ip="198.51.100.1")
        clock.now += 60
    clock.now += throttle.FORGET_SECONDS + 1
    sign_in(client, "dir62", "guess", ip="198.51.100.1")  # one new failure: no wait yet
    assert sign_in(client, "dir62", PASSWORD, ip="198.51.100.2").status_code == 302
    store = open_store(app.server.config["TONBAEB_HOME"])
    assert users.locks(store, "62", clock.now) == []  # cleared by the success


@pytest.mark.parametrize("step", [0, 1])
def test_unknown_wrong_throttled_and_disabled_get_the_same_answer(app: Any, step: int) -> None:
    client = app.server.test_client()
    for _ in range(throttle.ACCOUNT_FREE):
        sign_in(client, "dir62", "guess", ip="198.51.100.3")
    answers = {
        "unknown": sign_in(client, "nobody", PASSWORD, ip="198.51.100.4"),
        "wrong": sign_in(client, "dir62" if step else "gone", "guess", ip="198.51.100.4"),
        "throttled": sign_in(client, "dir62", PASSWORD, ip="198.51.100.4"),
        "disabled": sign_in(client, "gone", PASSWORD, ip="198.51.100.4"),
    }
    bodies = {re.sub(r'value="[^"]+"', "", a.get_data(as_text=True)) for a in answers.values()}
    assert {a.status_code for a in answers.values()} == {401} and len(bodies) == 1
    assert GENERIC in bodies.pop()
    assert not any("Server-Timing" in a.headers for a in answers.values())


def test_unknown_wrong_throttled_and_disabled_do_the_same_work(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each kind of failed sign-in runs exactly one Argon2 verification, at the cost of a real
    account's hash: the work is counted here (times vary with the machine; they are measured in
    benchmarks/hardening.py). Before, a locked account answered at once, some 60 times sooner."""
    from argon2 import PasswordHasher, extract_parameters

    from dashboard.app import create_app

    store = open_store(home)
    for name in ("dir62", "gone"):
        users.add_user(store, name, "director", "62", None, PASSWORD)
    users.disable_user(store, "gone")
    real = extract_parameters(
        store.execute("select password_hash from users where username = 'dir62'").fetchone()[0]
    )
    app = create_app(home)
    client = app.server.test_client()
    for _ in range(throttle.ACCOUNT_FREE + 12):  # dir62 now waits about an hour
        throttle.failed(store, "dir62", "198.51.100.5", time.time(), counted=True)
    verified: list[object] = []
    original = PasswordHasher.verify

    def counted(self: PasswordHasher, hash: str, password: str) -> bool:
        verified.append(extract_parameters(hash))
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    kinds = {
        "unknown": ("nobody", PASSWORD),
        "wrong": ("gone", "guess"),
        "throttled": ("dir62", PASSWORD),
        "disabled": ("gone", PASSWORD),
    }
    page = client.get("/login", environ_base={"REMOTE_ADDR": "198.51.100.6"}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    work = {}
    for kind, (name, password) in kinds.items():
        verified.clear()
        answer = client.post(
            "/login",
            data={"username": name, "password": password, "csrf_token": token},
            environ_base={"REMOTE_ADDR": "198.51.100.6"},
        )
        assert answer.status_code == 401
        work[kind] = list(verified)
    assert work == {kind: [real] for kind in kinds}, work


def test_a_director_sees_and_clears_the_provinces_locks(
    app: Any, home: Home, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    client = app.server.test_client()
    clock.now = time.time()  # the command reads the real clock
    for _ in range(throttle.ACCOUNT_FREE + 1):
        sign_in(client, "dir62", "guess", ip="198.51.100.8")
    assert main(["users", "locks", "--province", "62", "--home", str(home.root)]) == 0
    assert "dir62\tfailures=3" in capsys.readouterr().out
    assert main(["users", "locks", "--province", "10", "--home", str(home.root)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["users", "unlock", "dir62", "--home", str(home.root)]) == 0
    assert sign_in(client, "dir62", PASSWORD, ip="198.51.100.8").status_code == 302


def test_a_login_storm_waits_for_hashing_slots_while_pages_answer(app: Any) -> None:
    client = app.server.test_client()
    assert sign_in(client, "dir62", PASSWORD).status_code == 302
    slots = passwords.cores()
    for _ in range(slots):
        passwords.HASHING.acquire()
    answers: list[int] = []
    try:
        storm = threading.Thread(
            target=lambda: answers.append(
                sign_in(app.server.test_client(), "dir62", "x").status_code
            )
        )
        storm.start()
        assert client.get("/_dash-layout").status_code == 200  # a page answers meanwhile
        storm.join(timeout=0.5)
        assert storm.is_alive() and answers == []  # the sign-in waits for a hashing slot
    finally:
        for _ in range(slots):
            passwords.HASHING.release()
    storm.join(timeout=30)
    assert answers == [401]


def test_hashes_run_on_threads_that_give_way_to_pages() -> None:
    here = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    there = passwords.hashing(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
    assert there == min(19, here + passwords.NICENESS) > here
    assert passwords.verify(passwords.hash_password("a long test phrase"), "a long test phrase")


@pytest.mark.parametrize(
    "weak", ["12345678", "password1234", "dir62dir62dir62", "aaaaaaaaaaaaaaaa"]
)
def test_short_or_common_passwords_are_refused(home: Home, weak: str) -> None:
    with pytest.raises(users.AccountError, match=r"characters|guess"):
        users.add_user(open_store(home), "dir62", "director", "62", None, weak)


def test_an_account_made_by_an_administrator_must_change_its_password(
    home: Home, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dashboard.app import create_app

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        main(
            [
                "users",
                "add",
                "off",
                "--role",
                "officer",
                "--province",
                "62",
                "--district",
                "6205",
                "--password-stdin",
                "--home",
                str(home.root),
            ]
        )
        == 0
    )
    client = create_app(home).server.test_client()
    assert sign_in(client, "off", PASSWORD).status_code == 302
    page = client.get("/?lang=en")
    assert page.status_code == 302 and page.headers["Location"].startswith("/account/password")
    assert client.post("/_dash-update-component", json={}).status_code == 403
    assert client.get("/_dash-layout").status_code == 403
    form = client.get("/account/password?lang=en").get_data(as_text=True)
    assert "Change your password" in form
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    weak = client.post(
        "/account/password",
        data={"csrf_token": token, "current": PASSWORD, "new": "12345678", "again": "12345678"},
    )
    assert weak.status_code == 400 and client.get("/").status_code == 302
    said = weak.get_data(as_text=True)  # the page is in Thai: so is why the password was refused
    assert "รหัสผ่านต้องมีอย่างน้อย 12 ตัวอักษร" in said and "characters" not in said
    english = client.post(
        "/account/password?lang=en",
        data={
            "csrf_token": token,
            "current": PASSWORD,
            "new": "password1234",
            "again": "password1234",
        },
    )
    assert "too easy to guess" in english.get_data(as_text=True)
    new = "harbour-violet-sandstone-9"
    done = client.post(
        "/account/password",
        data={"csrf_token": token, "current": PASSWORD, "new": new, "again": new},
    )
    assert done.status_code == 302 and client.get("/_dash-layout").status_code == 200
    assert done.headers["Location"] == "/district?district=6205&lang=th"  # the officer's landing
    assert sign_in(create_app(home).server.test_client(), "off", new).status_code == 302


@pytest.mark.parametrize(
    "target", ["/club\r\nSet-Cookie: x=1", "/x\x00", "/\x1b[2J", "/a\tb", "/ok\u2028"]
)
def test_control_characters_in_next_fall_back_to_the_start_page(
    app: Any, home: Home, target: str
) -> None:
    from urllib.parse import quote

    response = sign_in(app.server.test_client(), "dir62", PASSWORD, query=f"?next={quote(target)}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/?lang=")
    assert open_store(home).execute("select count(*) from sessions").fetchone()[0] == 1


def test_the_sign_in_token_is_bound_to_its_pre_session(app: Any) -> None:
    mine, other = app.server.test_client(), app.server.test_client()
    page = mine.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    other.get("/login")  # a pre-session of its own, with a token that is not this one
    refused = other.post(
        "/login", data={"username": "dir62", "password": PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 400
    forged = app.server.test_client()
    forged.set_cookie(PRESESSION_COOKIE, "x" * 32, path="/login")
    assert (
        forged.post(
            "/login", data={"username": "dir62", "password": PASSWORD, "csrf_token": "x" * 32}
        ).status_code
        == 400
    )
    assert (
        mine.post(
            "/login", data={"username": "dir62", "password": PASSWORD, "csrf_token": token}
        ).status_code
        == 302
    )


def test_logout_is_a_post_and_the_navbar_posts_it(app: Any) -> None:
    client = app.server.test_client()
    sign_in(client, "dir62", PASSWORD)
    assert client.get("/logout").status_code == 405
    assert (
        client.get("/_dash-layout").status_code == 200
    )  # a link or an image cannot sign anyone out
    navbar = _navbar(client)
    assert re.search(
        r'"action": "/logout"[^{}]*"method": "POST"|"method": "POST"[^{}]*"action": "/logout"',
        navbar,
    )
    assert '"href": "/logout"' not in navbar
    assert client.post("/logout").status_code == 302
    assert client.get("/_dash-layout").status_code == 401


def _navbar(client: flask.testing.FlaskClient) -> str:
    import json

    from tests.dashboard.conftest import call

    deps = client.get("/_dash-dependencies").json
    router = next(d for d in deps if "_pages_content.children" in d["output"])
    page = call(
        client, router, {"_pages_location.pathname": "/", "_pages_location.search": ""}
    ).json
    return json.dumps(
        page["response"]["_pages_content"]["children"]["props"]["children"][0]
    )  # the page's header


def test_production_serves_no_reload_hash_nor_source_maps_and_sends_permissions_policy(
    app: Any,
) -> None:
    client = app.server.test_client()
    sign_in(client, "dir62", PASSWORD)
    assert client.get("/_reload-hash").status_code == 404
    assert (
        client.get("/_dash-component-suites/dash/dcc/dash_core_components.js.map").status_code
        == 404
    )
    for path in ("/login", "/", "/_dash-layout"):
        assert "camera=()" in client.get(path).headers["Permissions-Policy"]


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(
    app: Any, home: Home
) -> None:
    proxy = "10.9.9.9"
    for _ in range(
        throttle.ADDRESS_FREE + 5
    ):  # one client behind the proxy fails a lot, under many names
        sign_in(
            app.server.test_client(),
            f"n{_}",
            "guess",
            ip=proxy,
            headers={"X-Forwarded-For": "203.0.113.50"},
        )
    # ... another client behind the same proxy is not slowed down by it
    other = app.server.test_client()
    assert (
        sign_in(
            other, "dir62", PASSWORD, ip=proxy, headers={"X-Forwarded-For": "203.0.113.51"}
        ).status_code
        == 302
    )
    place = open_store(home).execute("select ip from sessions").fetchone()[0]
    assert place == "203.0.113.51"
    # an untrusted peer's X-Forwarded-For is ignored
    spoof = app.server.test_client()
    assert (
        sign_in(
            spoof, "dir62", PASSWORD, ip="198.51.100.9", headers={"X-Forwarded-For": "203.0.113.51"}
        ).status_code
        == 302
    )
    assert {r[0] for r in open_store(home).execute("select ip from sessions")} == {
        "203.0.113.51",
        "198.51.100.9",
    }
    audit.record(
        open_store(home), users.scope_for(open_store(home), "dir62"), "probe", "", "x"
    )  # still callable as before


def test_the_director_clears_locks_of_the_province_on_a_page(
    app: Any, home: Home, clock: Clock
) -> None:
    store = open_store(home)
    users.add_user(store, "off6205", "officer", "62", "6205", PASSWORD)
    users.add_user(store, "dir10", "director", "10", None, PASSWORD)
    director, officer, other = (app.server.test_client() for _ in range(3))
    for client, name in ((director, "dir62"), (officer, "off6205"), (other, "dir10")):
        assert sign_in(client, name, PASSWORD).status_code == 302
    for _ in range(throttle.ACCOUNT_FREE + 1):
        sign_in(app.server.test_client(), "off6205", "guess", ip="198.51.100.12")
    assert officer.get("/account/locks").status_code == 404
    page = other.get("/account/locks?lang=en").get_data(as_text=True)
    assert "off6205" not in page and "No account is being delayed" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is None  # nothing to clear in province 10
    page = director.get("/account/locks?lang=en").get_data(as_text=True)
    assert "off6205" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert (
        other.post("/account/locks", data={"csrf_token": token, "username": "off6205"}).status_code
        == 400
    )
    assert (
        director.post(
            "/account/locks", data={"csrf_token": token, "username": "off6205"}
        ).status_code
        == 302
    )
    assert "off6205" not in director.get("/account/locks").get_data(as_text=True)
    assert (
        sign_in(app.server.test_client(), "off6205", PASSWORD, ip="198.51.100.12").status_code
        == 302
    )
    [entry] = [e for e in audit.read(store, "62") if e["action"] == "unlock_account"]
    assert entry["username"] == "dir62" and entry["detail"] == "off6205"
