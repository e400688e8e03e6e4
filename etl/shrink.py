"""The shrink guard: a submission that would cut a sheet the district had published is held.

A reload replaces everything a district had published, so a file that the reader
misunderstood (a sheet left out, a header not matched) would otherwise replace its
data with nothing. `check` is pure: the pipeline and the upload page's dry run both ask it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Verdict:
    """Whether a submission is held, and the sheets it would cut: sheet -> (published, new)."""

    held: bool
    cuts: dict[str, tuple[int, int]] = field(default_factory=dict)

    def counts(self) -> str:
        """The cut sheets' counts, e.g. `clubs 120 → 0, members 800 → 300`."""
        cuts = self.cuts.items()
        return ", ".join(f"{sheet} {before:,} → {after:,}" for sheet, (before, after) in cuts)


def check(published: Mapping[str, int], new: Mapping[str, int], max_shrink: float) -> Verdict:
    """Held when some sheet that had rows published would keep fewer than (1 - max_shrink)
    of them, or none; `new` lacks a sheet the submission does not have."""
    cuts = {
        sheet: (before, new.get(sheet, 0))
        for sheet, before in sorted(published.items())
        if before > 0 and _cut(before, new.get(sheet, 0), max_shrink)
    }
    return Verdict(bool(cuts), cuts)


def _cut(before: int, after: int, max_shrink: float) -> bool:
    return after == 0 or (before - after) > max_shrink * before
