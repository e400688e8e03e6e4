"""The login page, cookies, expiry, logout and headers, through Flask's test client."""

from __future__ import annotations

import os
import re

import flask
import pytest

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts import throttle, users
from accounts.guard import SESSION_COOKIE, current_scope
from accounts.store import open_store
from accounts.web import install
from core.home import Home
from tests.accounts.conftest import Clock

PASSWORD = "long-enough-1"


@pytest.fixture
def server(home: Home, clock: Clock) -> flask.Flask:
    app = flask.Flask(__name__)
    install(app, home, clock=clock, idle_minutes=30)
    store = open_store(home)
    users.add_user(store, "dir62", "director", "62", None, PASSWORD)
    users.add_user(store, "gone", "director", "62", None, PASSWORD)
    users.disable_user(store, "gone")

    @app.route("/")
    def index() -> str:
        return f"hello {current_scope().username}"

    @app.route("/_dash-update-component", methods=["POST"])
    def update() -> str:
        return "secret data"

    return app


def sign_in(
    client: flask.testing.FlaskClient, username: str, password: str, query: str = ""
) -> flask.Response:
    page = client.get(f"/login{query}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return client.post(
        f"/login{query}", data={"username": username, "password": password, "csrf_token": token}
    )


def test_login_page_is_thai_with_an_english_switch(server: flask.Flask) -> None:
    client = server.test_client()
    assert "เข้าสู่ระบบ" in client.get("/login").get_data(as_text=True)
    assert "Sign in" in client.get("/login?lang=en").get_data(as_text=True)


@pytest.mark.parametrize(
    ("username", "password"),
    [("dir62", "wrong-password"), ("nobody", PASSWORD), ("gone", PASSWORD)],
)
def test_bad_logins_get_one_generic_message(
    server: flask.Flask, username: str, password: str
) -> None:
    response = sign_in(server.test_client(), username, password)
    assert response.status_code == 401
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)
    assert SESSION_COOKIE not in response.headers.get("Set-Cookie", "")


def test_repeated_failures_make_even_the_right_password_wait(server: flask.Flask) -> None:
    client = server.test_client()
    for _ in range(throttle.ACCOUNT_FREE + 1):
        sign_in(client, "dir62", "wrong-password")
    response = sign_in(client, "dir62", PASSWORD)
    assert response.status_code == 401 and "โปรดรอสักครู่" in response.get_data(as_text=True)


def test_session_cookie_flags_and_scope(server: flask.Flask) -> None:
    client = server.test_client()
    response = sign_in(client, "dir62", PASSWORD)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/").get_data(as_text=True) == "hello dir62"


def test_secure_cookie_over_https(server: flask.Flask) -> None:
    client = server.test_client()
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/login",
        base_url="https://localhost",
        data={"username": "dir62", "password": PASSWORD, "csrf_token": token},
    )
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in client.get("/", base_url="https://localhost").headers


def test_idle_sessions_expire(server: flask.Flask, clock: Clock) -> None:
    client = server.test_client()
    sign_in(client, "dir62", PASSWORD)
    clock.now += 29 * 60
    assert client.get("/").status_code == 200
    clock.now += 31 * 60
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_ends_the_session_on_the_server(server: flask.Flask) -> None:
    client = server.test_client()
    sign_in(client, "dir62", PASSWORD)
    token = client.get_cookie(SESSION_COOKIE).value  # type: ignore[union-attr]
    client.post("/logout")
    other = server.test_client()
    other.set_cookie(SESSION_COOKIE, token)
    assert other.get("/").status_code == 302


def test_callbacks_without_a_session_get_401_and_no_data(server: flask.Flask) -> None:
    response = server.test_client().post("/_dash-update-component", json={})
    assert response.status_code == 401
    assert "secret" not in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(server: flask.Flask) -> None:
    response = server.test_client().post("/login", data={"username": "dir62", "password": PASSWORD})
    assert response.status_code == 400


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_no_open_redirect_after_login(server: flask.Flask, target: str) -> None:
    response = sign_in(server.test_client(), "dir62", PASSWORD, f"?next={target}")
    assert response.headers["Location"].startswith("/?")


def test_security_headers_on_every_response(server: flask.Flask) -> None:
    for response in (server.test_client().get("/login"), server.test_client().get("/")):
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
