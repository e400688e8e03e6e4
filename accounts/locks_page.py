"""`/account/locks`: the director sees the province's accounts whose failed sign-ins are counted, and clears them."""

from __future__ import annotations

from datetime import datetime

import flask
import werkzeug

from accounts import audit, users
from accounts.guard import SESSION_COOKIE, current_guard, token, token_ok
from accounts.texts import HEAD
from core.texts import _

LOCKS_PATH = "/account/locks"
PAGE = (
    HEAD.replace("max-width: 26rem", "max-width: 48rem")
    + """<h1 class="h4 mb-3">{{ t.title }}</h1>
{% if not locks %}<p>{{ t.none }}</p>{% else %}
<table class="table"><thead><tr><th>{{ t.account }}</th><th>{{ t.failures }}</th>\
<th>{{ t.last }}</th><th>{{ t.wait }}</th><th></th></tr></thead><tbody>
{% for lock in locks %}<tr><td>{{ lock.key }}</td><td>{{ lock.failures }}</td>\
<td>{{ lock.last }}</td><td>{{ lock.wait }}</td>
<td><form method="post" action="{{ path }}?lang={{ lang }}"><input type="hidden" name="csrf_token" value="{{ csrf }}">
<input type="hidden" name="username" value="{{ lock.key }}"><button \
class="btn btn-sm btn-outline-primary" type="submit">{{ t.clear }}</button></form></td></tr>
{% endfor %}</tbody></table>{% endif %}
<p><a href="/?lang={{ lang }}">{{ t.back }}</a></p>
</main></body></html>"""
)

bp = flask.Blueprint("account_locks", __name__)


def _words(lang: str) -> dict[str, str]:
    """The page template's words (its `t`) in the language."""
    return {
        "title": _(lang, "Failed sign-ins of the province's accounts"),
        "none": _(lang, "No account is being delayed"),
        "account": _(lang, "Account"),
        "failures": _(lang, "Failures"),
        "last": _(lang, "Last failure"),
        "wait": _(lang, "Wait (s)"),
        "clear": _(lang, "Clear"),
        "back": _(lang, "Back"),
    }


@bp.route(LOCKS_PATH, methods=["GET", "POST"])
def locks() -> werkzeug.Response:
    """The page; only a director (of one province) may open it, and clears only that province's accounts."""
    guard = current_guard()
    scope = flask.g.get("scope")
    if scope is None or scope.role != "director" or not scope.province_code:
        return flask.make_response("not found", 404)
    lang = "en" if flask.request.args.get("lang") == "en" else "th"
    session = flask.request.cookies.get(SESSION_COOKIE, "")
    if flask.request.method == "POST":
        name = flask.request.form.get("username", "")
        own = {u.username for u in users.list_users(guard.store, scope.province_code)}
        if not token_ok(guard, "locks", session) or name not in own:
            return flask.make_response("refused", 400)
        store = guard.store
        with store.transaction():  # the counter is cleared with its audit entry, or not at all
            if users.unlock(store, name):
                audit.record(store, scope, "unlock_account", name, guard.client_ip(), account=name)
        return flask.redirect(f"{LOCKS_PATH}?lang={lang}")
    now = guard.clock()
    rows = [
        {
            "key": lock.key,
            "failures": lock.failures,
            "wait": max(0, round(lock.retry_at - now)),
            "last": datetime.fromtimestamp(lock.last_failure_at).isoformat(
                sep=" ", timespec="seconds"
            ),
        }
        for lock in users.locks(guard.store, scope.province_code, now)
    ]
    body = flask.render_template_string(
        PAGE,
        lang=lang,
        t=_words(lang),
        locks=rows,
        path=LOCKS_PATH,
        csrf=token(guard, "locks", session),
    )
    return flask.make_response(body)
