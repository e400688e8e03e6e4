"""The catalogues' check: up to date with the code, and every Thai message translated."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from core import catalogues
from core.texts import LOCALE_DIR


def test_the_committed_catalogues_are_up_to_date_and_translated() -> None:
    assert catalogues.problems() == []


def test_the_check_fails_on_a_missing_or_wrong_thai_translation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy)
    po = copy / "th" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    for old, new in (
        ('msgid "Overview"\nmsgstr "ภาพรวม"', 'msgid "Overview"\nmsgstr ""'),  # untranslated
        (
            'msgid "Mentor: {name}"\nmsgstr "พี่เลี้ยง: {name}"',
            'msgid "Mentor: {name}"\nmsgstr "พี่เลี้ยง: {nmae}"',
        ),
        ('msgid "Exchange forum"\n', '#, fuzzy\nmsgid "Exchange forum"\n'),
    ):
        assert old in text, old
        text = text.replace(old, new)
    text += '\nmsgid "A message the code no longer has"\nmsgstr "ข้อความเก่า"\n'
    po.write_text(text, encoding="utf-8")
    assert catalogues.main(["check", "--locale-dir", str(copy)]) == 1
    said = capsys.readouterr().err
    assert "th: 1 message(s) with no translation: 'Overview'" in said
    assert "th: 1 fuzzy translation(s) to review: 'Exchange forum'" in said
    assert "th: 1 translation(s) with other {placeholders}: 'Mentor: {name}'" in said
    assert (
        "th/messages.po is out of date: no longer in the code 'A message the code no longer has'"
        in said
    )
    assert "en/" not in said and "messages.pot" not in said


def test_extraction_finds_calls_inside_f_strings_and_translators_comments() -> None:
    source = b"""
from core.texts import N_, NP_, _, ngettext, pgettext
x = f"{_(lang, 'Inside')} and {pgettext(lang, 'ctx', 'Contextual')}"
# TRANSLATORS: a note
y = ngettext(lang, "{n} thing", "{n} things", n)
z = _(lang, variable)  # not a literal: nothing to extract
w = [N_("Marked"), NP_("kind", "Marked")]
"""
    keywords = {
        "_": (2,),
        "pgettext": ((2, "c"), 3),
        "ngettext": (2, 3),
        "N_": None,
        "NP_": ((1, "c"), 2),
    }
    found = [(name, strings, comments) for _line, name, strings, comments in catalogues.extract(
        io.BytesIO(source), keywords, ["TRANSLATORS:"], {}
    )]  # fmt: skip
    assert found == [
        ("_", (None, "Inside"), []),
        ("pgettext", (None, "ctx", "Contextual"), []),
        ("ngettext", (None, "{n} thing", "{n} things", None), ["TRANSLATORS: a note"]),
        ("_", (None, None), []),
        ("N_", ("Marked",), []),
        ("NP_", ("kind", "Marked"), []),
    ]
