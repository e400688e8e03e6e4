"""The Sarabun font for the browser: the installed package's TrueType files, cut and packed as WOFF2.

fontpkg-sarabun ships TrueType files with Vietnamese and extended Latin besides Thai
(90 KB each; 37 KB with Brotli). The dashboard writes Thai, basic Latin, digits and
punctuation, so each weight is cut to the characters it has outside the extended Latin,
Vietnamese and Greek blocks, with every layout feature kept (Thai marks need them), and
packed as WOFF2: 22 KB. A character outside the cut falls back to the next font of the
CSS family. Done once per weight per process, on first request (about 0.2 s).
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import fontpkg_sarabun
from fontTools import subset
from fontTools.ttLib import TTFont

FILES = Path(fontpkg_sarabun.ROOT) / "files"
WEIGHTS = ("Regular", "Medium", "SemiBold", "Bold")  # as in assets/tonbaeb.css
LEFT_OUT = ((0x0100, 0x024F), (0x0300, 0x036F), (0x0370, 0x03FF), (0x1E00, 0x1EFF))


@functools.cache
def woff2(weight: str) -> bytes:
    """Sarabun of one weight, cut to the characters the dashboard needs, as WOFF2 bytes."""
    if weight not in WEIGHTS:
        raise KeyError(weight)
    font = TTFont(FILES / f"Sarabun-{weight}.ttf")
    kept = [c for c in font.getBestCmap() if not any(low <= c <= high for low, high in LEFT_OUT)]
    options = subset.Options()
    options.layout_features = ["*"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=kept)
    cutter.subset(font)
    font.flavor = "woff2"
    packed = io.BytesIO()
    font.save(packed)
    return packed.getvalue()
