"""The sign-in and change-password pages' templates and their words (from the catalogues, core/locale)."""

from __future__ import annotations

from core.texts import _


def words(lang: str) -> dict[str, str]:
    """The words of the sign-in and change-password templates (their `t`) in the language."""
    return {
        "title": _(lang, "Sign in to tonbaeb"),
        "heading": _(lang, "tonbaeb · Community Development standard"),
        "username": _(lang, "User name"),
        "password": _(lang, "Password"),
        "submit": _(lang, "Sign in"),
        "change_title": _(lang, "Change your password"),
        "change_intro": _(
            lang,
            "An administrator chose this password: choose your own before going on (at least 12 "
            "characters and hard to guess, e.g. a phrase of unrelated words).",
        ),
        "current": _(lang, "Current password"),
        "new": _(lang, "New password"),
        "again": _(lang, "New password again"),
        "save": _(lang, "Save the new password"),
        "logout": _(lang, "Sign out"),
        # the other language, named in itself
        "switch": "English" if lang == "th" else "ภาษาไทย",
        "other": "en" if lang == "th" else "th",
    }


HEAD = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t.title }}</title>
<link rel="stylesheet" href="/vendor/bootstrap.min.css"><link rel="stylesheet" href="/assets/tonbaeb.css">
</head><body class="login-page">
<main class="container" style="max-width: 26rem; padding-top: 10vh">
"""
LOGIN_PAGE = (
    HEAD
    + """<h1 class="h4 mb-4">{{ t.heading }}</h1>
{% if message %}<div class="alert alert-danger" role="alert">{{ message }}</div>{% endif %}
<form method="post" action="/login?lang={{ lang }}{% if next %}&amp;next={{ next | urlencode }}{% endif %}">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<label class="form-label" for="username">{{ t.username }}</label>
<input class="form-control mb-3" id="username" name="username" autocomplete="username" required autofocus>
<label class="form-label" for="password">{{ t.password }}</label>
<input class="form-control mb-4" id="password" name="password" type="password" autocomplete="current-password" required>
<button class="btn btn-primary w-100" type="submit">{{ t.submit }}</button>
</form>
<p class="mt-4"><a \
href="/login?lang={{ t.other }}{% if next %}&amp;next={{ next | urlencode }}{% endif %}">{{ t.switch }}</a></p>
</main></body></html>"""
)
PASSWORD_PAGE = (
    HEAD
    + """<h1 class="h4 mb-3">{{ t.change_title }}</h1>
<p>{{ t.change_intro }}</p>
{% if message %}<div class="alert alert-danger" role="alert">{{ message }}</div>{% endif %}
<form method="post" action="{{ path }}?lang={{ lang }}">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<label class="form-label" for="current">{{ t.current }}</label>
<input class="form-control mb-3" id="current" name="current" type="password" autocomplete="current-password" required>
<label class="form-label" for="new">{{ t.new }}</label>
<input class="form-control mb-3" id="new" name="new" type="password" \
autocomplete="new-password" minlength="12" required>
<label class="form-label" for="again">{{ t.again }}</label>
<input class="form-control mb-4" id="again" name="again" type="password" \
autocomplete="new-password" minlength="12" required>
<button class="btn btn-primary w-100" type="submit">{{ t.save }}</button>
</form>
<form method="post" action="/logout" class="mt-3"><button class="btn btn-link p-0" \
type="submit">{{ t.logout }}</button></form>
<p class="mt-4"><a href="{{ path }}?lang={{ t.other }}">{{ t.switch }}</a></p>
</main></body></html>"""
)
