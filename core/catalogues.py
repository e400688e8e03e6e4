"""The catalogues' upkeep: `python -m core.catalogues update` and `python -m core.catalogues check`.

`update` runs, in the repository's root, `pybabel extract` (every message of the code into
core/locale/messages.pot) then `pybabel update` (each language's .po brought up to it: new
messages come in untranslated, or fuzzy with a guess; gone ones go); both read their options
from pyproject.toml's [tool.babel.*] tables. Then translate what is new or fuzzy in
core/locale/th/LC_MESSAGES/messages.po.

`check` (one of tasks.py's CHECKS) fails when `update` would change messages.pot or a .po
(beyond their dates), when a Thai message has no translation or a fuzzy one, or when a
translation's {placeholders} differ from its English id's.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
import shutil
import string
import sys
import tempfile
import tokenize
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from core.texts import DOMAIN, LANGS, LOCALE_DIR, SOURCE

ROOT = LOCALE_DIR.parent.parent  # the repository, whose pyproject.toml configures pybabel
DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.MULTILINE)
Key = tuple[str | None, str]  # (context, msgid)


def extract(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str | None, ...], list[str]]]:
    """pybabel's extraction method for our modules (pyproject.toml: [tool.babel.extractors]).

    It finds the gettext calls by the module's syntax tree: inside f-strings too, and alike on
    every Python (Babel's own tokenising extractor sees into f-strings only from Python 3.12).
    A call's positional arguments are its string literals (None for anything else), for
    pybabel to pick the message and context by the keywords' specs; a comment just above a
    call that starts with a tag (TRANSLATORS:) goes with its message.
    """
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT and token.line.strip().startswith("#")
    }
    calls: list[tuple[int, int, str, list[ast.expr]]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else func.attr
            if isinstance(func, ast.Attribute)
            else None
        )
        if name is not None and name in keywords:
            calls.append((node.lineno, node.col_offset, name, node.args))
    for lineno, _column, name, args in sorted(calls, key=lambda call: call[:2]):
        strings = tuple(
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
            for a in args
        )
        above: list[str] = []
        line = lineno - 1
        while line in comments:
            above.insert(0, comments[line])
            line -= 1
        tagged = next((n for n, c in enumerate(above) if c.startswith(tuple(comment_tags))), None)
        yield lineno, name, strings, [] if tagged is None else above[tagged:]


def pybabel(*argv: str) -> None:
    """One pybabel command, run in the repository's root (where pyproject.toml gives its options)."""
    with contextlib.chdir(ROOT):
        CommandLineInterface().run(["pybabel", "--quiet", *argv])


def update(locale_dir: Path = LOCALE_DIR) -> None:
    """`pybabel extract` into the template, then `pybabel update` of every language's catalogue."""
    template = locale_dir / f"{DOMAIN}.pot"
    pybabel("extract", f"--output-file={template}")
    pybabel("update", f"--input-file={template}", f"--output-dir={locale_dir}")


def problems(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """What is wrong with the catalogues in `locale_dir` (nothing: up to date and translated)."""
    template = locale_dir / f"{DOMAIN}.pot"
    if not template.is_file():
        return [f"{template} is missing"]
    found = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh_dir = Path(scratch)
        fresh = fresh_dir / template.name
        pybabel("extract", f"--output-file={fresh}")
        wanted = _keys(_read(fresh))
        kept = _keys(_read(template))
        if wanted != kept:
            found.append(f"{template.name} is out of date: {_differ(wanted, kept)}")
        elif not _same(fresh, template):
            found.append(f"{template.name} is out of date (where its messages are, or their order)")
        catalogs = {}
        for lang in LANGS:
            po = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
            if not po.is_file():
                found.append(f"{po} is missing")
                continue
            copy = fresh_dir / lang / "LC_MESSAGES" / po.name
            copy.parent.mkdir(parents=True)
            shutil.copyfile(po, copy)
            catalogs[lang] = po, copy, _read(po)
        if catalogs:
            pybabel("update", f"--input-file={fresh}", f"--output-dir={fresh_dir}")
        for lang, (po, copy, catalog) in catalogs.items():
            have = _keys(catalog) | {_key(m) for m in catalog.obsolete.values()}
            if have != wanted or catalog.obsolete:
                obsolete = {_key(m) for m in catalog.obsolete.values()}
                found.append(f"{lang}/{po.name} is out of date: {_differ(wanted, have, obsolete)}")
            elif not _same(po, copy):
                found.append(
                    f"{lang}/{po.name} is out of date (where its messages are, or their order)"
                )
            if lang != SOURCE:
                found += _untranslated(lang, catalog)
    return found


def _untranslated(lang: str, catalog: Catalog) -> list[str]:
    """A translated language's messages with no translation, a fuzzy one, or other {placeholders}."""
    empty, fuzzy, fields = [], [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        ids = message.id if isinstance(message.id, tuple | list) else [message.id]
        if not all(strings):
            empty.append(_key(message))
        elif message.fuzzy:
            fuzzy.append(_key(message))
        elif any(
            _fields(s or "") != _fields(ids[-1]) for s in strings
        ):  # the plural id's, for plurals
            fields.append(_key(message))
    found = []
    if empty:
        found.append(f"{lang}: {len(empty)} message(s) with no translation: {_shown(empty)}")
    if fuzzy:
        found.append(f"{lang}: {len(fuzzy)} fuzzy translation(s) to review: {_shown(fuzzy)}")
    if fields:
        found.append(
            f"{lang}: {len(fields)} translation(s) with other {{placeholders}}: {_shown(fields)}"
        )
    return found


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _key(message: Message) -> Key:
    return (message.context, message.id[0] if isinstance(message.id, tuple | list) else message.id)


def _keys(catalog: Catalog) -> set[Key]:
    return {_key(m) for m in catalog if m.id}


def _differ(wanted: set[Key], have: set[Key], obsolete: set[Key] = frozenset()) -> str:  # type: ignore[assignment]
    parts = [
        f"{what} {_shown(keys)}"
        for what, keys in (
            ("missing", wanted - have),
            ("no longer in the code", (have - wanted) - obsolete),
            ("obsolete", obsolete),
        )
        if keys
    ]
    return "; ".join(parts)


def _shown(keys: Iterable[Key], most: int = 8) -> str:
    listed = sorted(keys, key=lambda k: (k[1], k[0] or ""))
    texts = [repr(text) if context is None else f"{text!r} ({context})" for context, text in listed]
    more = f" … and {len(texts) - most} more" if len(texts) > most else ""
    return ", ".join(texts[:most]) + more


def _fields(text: str) -> set[str]:
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"(unbalanced braces)"}


def _same(a: Path, b: Path) -> bool:
    """The two catalogues are the same but for their dates."""
    return DATES.sub(b"", a.read_bytes()) == DATES.sub(b"", b.read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m core.catalogues", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=("update", "check"))
    parser.add_argument(
        "--locale-dir", type=Path, default=LOCALE_DIR, help="the catalogues (tests use a copy)"
    )
    args = parser.parse_args(argv)
    locale_dir = args.locale_dir.resolve()
    if args.command == "update":
        update(locale_dir)
        print(
            f"updated; translate what is new or fuzzy in {locale_dir / 'th' / 'LC_MESSAGES' / DOMAIN}.po"
        )
        return 0
    found = problems(locale_dir)
    for problem in found:
        print(f"catalogues: {problem}", file=sys.stderr)
    if found:
        print(
            "catalogues: run `python -m core.catalogues update`, translate in th/LC_MESSAGES/messages.po, "
            "then commit the catalogues (docs/development.md: how to add a translation)",
            file=sys.stderr,
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
