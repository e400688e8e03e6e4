"""core.texts: messages by their English, in Thai or English, with contexts and counts."""

from __future__ import annotations

import pytest

from core.texts import N_, NP_, _, catalogue, lang_of, ngettext, npgettext, pgettext
from dashboard import terms


def test_a_message_in_each_language_with_its_values() -> None:
    assert _("th", "Overview") == "ภาพรวม" and _("en", "Overview") == "Overview"
    assert _("th", "Mentor: {name}", name="ก") == "พี่เลี้ยง: ก"
    assert _("en", "Mentor: {name}", name="A") == "Mentor: A"
    assert _("th", "{n} selected") == "{n} selected"  # no values: braces as they are


def test_a_text_that_is_no_message_reads_as_it_is() -> None:
    assert _("th", "ขอบเขตจากผู้ดูแล") == "ขอบเขตจากผู้ดูแล"
    assert _("en", "no such message") == "no such message"
    assert _("xx", "Overview") == "ภาพรวม"  # any language but English is Thai, as lang_of says
    assert lang_of("en") == "en" and lang_of(None) == "th" and lang_of("fr") == "th"


def test_one_english_text_with_two_thai_ones_by_context() -> None:
    assert _("th", "Club") == "ชมรม" and pgettext("th", "club name", "Club") == "ชื่อชมรม"
    assert pgettext("en", "club name", "Club") == "Club"
    assert _("th", NP_("club name", "Club")) == "ชื่อชมรม"  # a marked text keeps its context
    assert _("th", N_("Club")) == "ชมรม"
    assert type(_("en", NP_("club name", "Club"))) is str


def test_counts_take_the_language_s_plural_form() -> None:
    one, many = "{n} day late", "{n} days late"
    assert ngettext("en", one, many, 1) == "1 day late"
    assert ngettext("en", one, many, 3) == "3 days late"
    assert ngettext("th", one, many, 1) == ngettext("th", one, many, 3).replace("3", "1")
    assert ngettext("th", one, many, 3) == "ช้า 3 วัน"
    assert ngettext("en", one, many, "?") == "? days late"  # not a number: the form of many
    shown = ngettext("en", "1 cell → {rows} row", "1 cell → {rows} rows", 1234, rows="1,234")
    assert shown == "1 cell → 1,234 rows"
    assert npgettext("en", "nothing", one, many, 2) == "2 days late"


def test_every_label_of_the_codes_has_its_thai() -> None:
    tables = {
        name: table
        for name, table in vars(terms).items()
        if name.isupper()
        and isinstance(table, dict)
        and all(isinstance(v, str) for v in table.values())
    }
    assert {"CRITERIA", "EXEMPLAR_STATUSES", "PLAN_REFUSALS", "GRID", "REASONS"} <= set(tables)
    same = {"?"}  # AG Grid's unknown last row reads the same in Thai
    untranslated = [
        (name, key)
        for name, table in tables.items()
        for key, text in table.items()
        if text not in same and _("th", text) == text
    ]
    assert untranslated == []


def test_the_catalogue_is_read_once_per_language() -> None:
    assert catalogue("th") is catalogue("th") and catalogue("en") is not catalogue("th")
    assert catalogue("en").texts == {}  # English ids are the English shown


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_widgets_words(lang: str) -> None:
    grid, dropdown = terms.grid_text(lang), terms.dropdown_text(lang)
    if lang == "en":
        assert grid == {} and dropdown is None  # their built-in English
    else:
        assert grid["page"] == "หน้า" and grid["inRangeEnd"] == "ถึง"
        assert (
            dropdown is not None and dropdown["selected_count"] == "เลือกแล้ว {num_selected} รายการ"
        )
