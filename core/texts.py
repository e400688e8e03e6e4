"""Every text a person reads, in Thai and English, from gettext catalogues (core/locale).

A message's id is its English text; Thai is its translation. The language is passed
explicitly, first, as callbacks receive it:

    _(lang, "Overview")
    _(lang, "Showing {shown} of {total} rows", shown=..., total=...)   # {names} filled in
    ngettext(lang, "{n} day late", "{n} days late", days)            # n is the count
    pgettext(lang, "club name", "Club")    # one English text that needs two Thai ones

A table of texts chosen at run time (labels keyed by a code) marks its texts with `N_`
(or `NP_` with a context) so that `pybabel extract` finds them, and translates the one it
picks with `_`:

    STATUSES = {"none": N_("Not proposed"), "rejected": NP_("exemplar status", "Rejected")}
    _(lang, STATUSES[code])

A text with no translation reads as it is (English, or a text that is not a message at all,
such as a name typed by a person). Only the .po files are kept (no compiled .mo to go stale):
each language's is read with Babel the first time a text of it is asked for, once per process
(about 0.1 s for Thai). `python -m core.catalogues` updates and checks the catalogues
(docs/development.md: how to add a translation).
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LANGS = ("th", "en")
SOURCE = "en"  # the language of the message ids
LOCALE_DIR = Path(__file__).resolve().with_name("locale")
DOMAIN = "messages"


def lang_of(value: object) -> str:
    """'en' or 'th' (the default)."""
    return "en" if value == "en" else "th"


class Marked(str):
    """An English text marked by `NP_`: itself, with the context its translation is looked up in."""

    context: str


def N_(text: str, /) -> str:
    """`text`, marked for extraction; translated later with `_(lang, text)`."""
    return text


def NP_(context: str, text: str, /) -> str:
    """`text` in `context`, marked for extraction; `_(lang, text)` later finds it in its context."""
    marked = Marked(text)
    marked.context = context
    return marked


def _(lang: str, text: str, /, **values: object) -> str:
    """`text` in the language, its {placeholders} filled from `values` (when there are any)."""
    found = catalogue(lang).text(getattr(text, "context", None), text)
    return found.format(**values) if values else found


class Said(ValueError):
    """An error whose message is a catalogue text (marked `N_` where it is raised) and its values:
    `str(error)` is the English, `error.said(lang)` the language's (what a page shows)."""

    def __init__(self, text: str, /, **values: object) -> None:
        super().__init__(text.format(**values) if values else text)
        self.text, self.values = text, values

    def said(self, lang: str) -> str:
        """The message in the language."""
        return _(lang, self.text, **self.values)


def pgettext(lang: str, context: str, text: str, /, **values: object) -> str:
    """`text` in `context` (when one English text needs two Thai ones), in the language."""
    found = catalogue(lang).text(context, text)
    return found.format(**values) if values else found


def ngettext(lang: str, singular: str, plural: str, n: object, /, **values: object) -> str:
    """The form for the count `n` in the language (Thai has one), its {n} and other {names} filled
    in (a value n=... shows instead of the count: ngettext(lang, s, p, rows, n=formats.number(rows, lang)))."""
    return catalogue(lang).plural(None, singular, plural, n).format(**({"n": n} | values))


def npgettext(
    lang: str, context: str, singular: str, plural: str, n: object, /, **values: object
) -> str:
    """`ngettext` in `context`."""
    return catalogue(lang).plural(context, singular, plural, n).format(**({"n": n} | values))


@dataclass(frozen=True)
class Catalogue:
    """One language's translations: (context, msgid) to the text, or to its plural forms."""

    texts: dict[tuple[str | None, str], str]
    forms: dict[tuple[str | None, str], tuple[str, ...]]
    form_of: Callable[[int], int]

    def text(self, context: str | None, text: str) -> str:
        found = self.texts.get((context, text))
        return str(text) if found is None else found  # str(): a plain text, not a Marked one

    def plural(self, context: str | None, singular: str, plural: str, n: object) -> str:
        forms = self.forms.get((context, singular))
        if forms is None:
            return singular if n == 1 else plural
        try:
            index = self.form_of(int(n))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            index = self.form_of(2)  # not a number ("?"): the form of many
        return forms[index] if index < len(forms) else forms[-1]


def po_path(lang: str) -> Path:
    """The language's catalogue."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def catalogue(lang: str) -> Catalogue:
    """The language's translations, read once from its .po file (a missing one: no translations).

    Fuzzy and empty translations are left out (the text reads as its English id).
    """
    from babel.messages.pofile import read_po  # here: importing this module stays cheap

    lang = lang_of(lang)
    path = po_path(lang)
    if not path.is_file():
        return Catalogue({}, {}, lambda n: int(n != 1))
    with path.open("rb") as file:
        read = read_po(file, locale=lang, domain=DOMAIN)
    texts: dict[tuple[str | None, str], str] = {}
    forms: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for message in read:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            strings = tuple(message.string or ())
            if strings and all(strings):
                forms[(message.context, message.id[0])] = strings
        elif isinstance(message.string, str) and message.string:
            texts[(message.context, message.id)] = message.string
    form_of = gettext.c2py(read.plural_expr)
    return Catalogue(texts, forms, form_of)
