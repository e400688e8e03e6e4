"""User names: one spelling per account, one script per name, no look-alike of another account.

A name is stored and looked up NFKC-normalised and case-folded, so `Dir64`, `DIR64` and the
full-width `ＤＩＲ６４` are all the account `dir64`. A new name must be written in one script
(digits and . _ - @ belong to every script), and must not look like an existing one: two names
look alike when their skeletons are equal, each character replaced by one member of its class in
Unicode's confusables.txt (UTS #39, as the confusable_homoglyphs package ships it), so Cyrillic
`dіr64` and Latin `dir64` are one name to the eye and to this module.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict

SHARED_SCRIPTS = frozenset({"COMMON", "INHERITED"})  # digits, punctuation, combining marks
DIRECTION_MARKS = str.maketrans(
    "", "", "\u200e\u200f"
)  # the data wraps right-to-left glyphs in them


def normal_name(name: str) -> str:
    """The name as stored and looked up: NFKC, case-folded, without outer spaces."""
    folded = unicodedata.normalize("NFKC", name.strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


def scripts(name: str) -> list[str]:
    """The scripts a name is written in (Latin, Cyrillic, Thai ...), besides the shared characters."""
    from confusable_homoglyphs import categories

    return sorted({categories.alias(char) for char in name} - SHARED_SCRIPTS)


def skeleton(name: str) -> str:
    """What a name looks like: each character replaced by its confusable class's representative."""
    prototypes = _prototypes()
    text = unicodedata.normalize("NFD", name)
    for _ in range(3):  # a representative of several characters (`rn` for `m`) is mapped in turn
        mapped = unicodedata.normalize("NFD", "".join(prototypes.get(char, char) for char in text))
        if mapped == text:
            break
        text = mapped
    return text


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's class representative.

    The package's table lists confusables.txt both ways (a character with its prototype, a
    prototype with all its characters), so a class is a star around its prototype: the member
    with the most neighbours, or, in a class of two, the longer, then an ASCII one, then the lower.
    """
    from confusable_homoglyphs.confusables import confusables_data

    neighbours: defaultdict[str, set[str]] = defaultdict(set)
    for text, glyphs in confusables_data.items():
        for glyph in glyphs:
            one, other = text.translate(DIRECTION_MARKS), glyph["c"].translate(DIRECTION_MARKS)
            neighbours[one].add(other)
            neighbours[other].add(one)
    prototypes = {}
    for member, others in neighbours.items():
        hub = max(
            [member, *others], key=lambda m: (len(neighbours[m]), len(m), m.isascii(), -ord(m[0]))
        )
        if len(member) == 1 and member != hub:
            prototypes[member] = hub
    return prototypes
