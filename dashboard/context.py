"""What a callback may know about the request: the home and the user, both from the server."""

from __future__ import annotations

import logging

import flask

from accounts import audit
from accounts.scope import Scope
from accounts.web import client_ip, current_scope
from warehouse.home import Home

LOG = logging.getLogger("tonbaeb.dashboard")


def home() -> Home:
    """The home folder this server serves."""
    return flask.current_app.extensions["tonbaeb_guard"].home  # type: ignore[no-any-return]


def scope() -> Scope:
    """The logged-in user's scope (a scope that sees nothing when there is none)."""
    return current_scope()


def audit_as_user(action: str) -> None:
    """Write an audit entry for the current user and request."""
    guard = flask.current_app.extensions["tonbaeb_guard"]
    audit.record(guard.store, current_scope(), action.split(" ", 1)[0], action, client_ip())
