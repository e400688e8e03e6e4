"""The sign-in and change-password pages' words (Thai first, English) and templates."""

from __future__ import annotations

TEXT = {
    "th": {
        "title": "เข้าสู่ระบบ ต้นแบบ",
        "heading": "ต้นแบบ · ระบบติดตามมาตรฐานการพัฒนาชุมชน",
        "username": "ชื่อผู้ใช้",
        "password": "รหัสผ่าน",
        "submit": "เข้าสู่ระบบ",
        "invalid": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง (หากลองผิดหลายครั้ง โปรดรอสักครู่แล้วลองใหม่)",
        "expired": "หมดเวลาการใช้งาน โปรดเข้าสู่ระบบอีกครั้ง",
        "switch": "English",
        "other": "en",
        "change_title": "เปลี่ยนรหัสผ่าน",
        "change_intro": "รหัสผ่านนี้ผู้ดูแลระบบเป็นผู้ตั้ง โปรดตั้งรหัสผ่านใหม่ของท่านก่อนใช้งาน"
        " (อย่างน้อย 12 ตัวอักษร และเดายาก เช่น วลีจากคำที่ไม่เกี่ยวกัน)",
        "current": "รหัสผ่านปัจจุบัน",
        "new": "รหัสผ่านใหม่",
        "again": "รหัสผ่านใหม่อีกครั้ง",
        "save": "บันทึกรหัสผ่านใหม่",
        "mismatch": "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน",
        "refused": "ไม่สามารถเปลี่ยนรหัสผ่านได้",
        "wait": "ใส่รหัสผ่านปัจจุบันผิดหลายครั้ง โปรดรอสักครู่แล้วลองใหม่",
        "invalid_form": "แบบฟอร์มหมดอายุ โปรดลองอีกครั้ง",
        "logout": "ออกจากระบบ",
    },
    "en": {
        "title": "Sign in to tonbaeb",
        "heading": "tonbaeb · Community Development standard",
        "username": "User name",
        "password": "Password",
        "submit": "Sign in",
        "invalid": "Wrong user name or password (after several tries, wait a moment and try again)",
        "expired": "Your session ended. Please sign in again.",
        "switch": "ภาษาไทย",
        "other": "th",
        "change_title": "Change your password",
        "change_intro": "An administrator chose this password: choose your own before going on"
        " (at least 12 characters and hard to guess, e.g. a phrase of unrelated words).",
        "current": "Current password",
        "new": "New password",
        "again": "New password again",
        "save": "Save the new password",
        "mismatch": "The two new passwords differ",
        "refused": "The password was not changed",
        "wait": "Too many wrong current passwords: wait a moment, then try again",
        "invalid_form": "The form expired; please try again",
        "logout": "Sign out",
    },
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
