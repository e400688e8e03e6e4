"""A map's colour classes: quantiles of the year's shares, or fixed steps of the change from last
year, each shown in the legend as a swatch with its range (a colour bar cannot be read off a map).

Shares use cividis (made for colour-blind readers); changes run from vermillion (worse) through
grey (about the same) to blue (better), the Okabe-Ito ends.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from plotly.colors import sample_colorscale

from core import formats
from core.texts import _
from dashboard.figures import Figure, safe

COLOURS = "Cividis"
MOST = 5  # classes of a share map
CHANGE_STEPS = (
    -0.10,
    -0.03,
    0.03,
    0.10,
)  # change in points (0-1): worse, a little worse, same, better, much better
CHANGE_COLOURS = ("#b34700", "#f0a46e", "#d5d9de", "#7fb8de", "#0a5c99")
NO_DATA_SWATCH = "#d5d9de"


@dataclass(frozen=True)
class Classes:
    """Colour classes, half-open: class i holds values from edges[i] (inclusive) up to, not
    including, edges[i + 1]; the last class also holds its upper edge. A value is classed as it
    is shown (rounded to `digits` decimals of the 0-1 value), so its hover and its class agree."""

    edges: tuple[float, ...]  # len(colours) + 1 values, the outer two may be infinite
    colours: tuple[str, ...]
    labels: tuple[str, ...]
    digits: int = 2

    def index(self, value: float) -> int:
        """The number of the class a value falls in."""
        shown = round(value, self.digits)
        for n, upper in enumerate(self.edges[1:-1]):
            if shown < upper:
                return n
        return len(self.colours) - 1

    def colour(self, value: float) -> str:
        """The colour of the class a value falls in."""
        return self.colours[self.index(value)]

    def label(self, value: float) -> str:
        """The label of the class a value falls in."""
        return self.labels[self.index(value)]


def range_labels(
    edges: tuple[float, ...], lang: str, write: Callable[[float], str], unit: str = ""
) -> list[str]:
    """Each class's range in words, exactly as `Classes` bounds it: "under b", "a to under b",
    "a or more", and the last finite class "a to b" (it holds its upper edge); the unit once."""
    labels = []
    last = len(edges) - 2
    after = f" {unit}" if unit else ""
    for n, (low, high) in enumerate(pairwise(edges)):
        if math.isinf(low):
            labels.append(_(lang, "under {b}", b=write(high) + after))
        elif math.isinf(high):
            labels.append(_(lang, "{a} or more", a=write(low) + after))
        elif n == last:
            labels.append(_(lang, "{a} to {b}", a=write(low), b=write(high) + after))
        else:
            labels.append(_(lang, "{a} to under {b}", a=write(low), b=write(high) + after))
    return labels


def share_classes(values: list[float], lang: str) -> Classes:
    """Up to five classes of about as many areas each, edges at whole percents chosen from the data."""
    ordered = sorted(values)
    low, high = math.floor(100 * ordered[0]) / 100, math.ceil(100 * ordered[-1]) / 100
    if low == high:
        return Classes(
            (low, high), tuple(sample_colorscale(COLOURS, [0.5])), (formats.percent(low, lang),)
        )
    inner = sorted({round(_quantile(ordered, n / MOST), 2) for n in range(1, MOST)})
    edges = (low, *(e for e in inner if low < e < high), high)
    count = len(edges) - 1
    colours = sample_colorscale(
        COLOURS, [n / (count - 1) if count > 1 else 0.5 for n in range(count)]
    )
    labels = range_labels(edges, lang, lambda v: formats.percent(v, lang))
    return Classes(edges, tuple(colours), tuple(labels))


def change_classes(lang: str) -> Classes:
    """Five fixed steps of the change from last year, in signed percentage points."""
    edges = (-math.inf, *CHANGE_STEPS, math.inf)
    labels = range_labels(edges, lang, lambda v: formats.signed(100 * v, lang), unit=_(lang, "pts"))
    return Classes(edges, CHANGE_COLOURS, tuple(labels), digits=3)


def add_legend(figure: Figure, classes: Classes, title: str, missing: str | None = None) -> Figure:
    """One legend swatch per class (and for areas without data), in a row under the legend's title."""
    entries = [*zip(classes.labels, classes.colours, strict=True)]
    if missing:
        entries.append((missing, NO_DATA_SWATCH))
    for label, colour in entries:
        figure["data"].append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "name": safe(label),
                "legendgroup": "classes",
                "marker": {"symbol": "square", "size": 14, "color": colour},
                "showlegend": True,
                "hoverinfo": "skip",
            }
        )
    legend = figure["layout"].get("legend", {})
    figure["layout"]["legend"] = legend | {"title": legend.get("title", {}) | {"text": safe(title)}}
    return figure


def ink(colour: str) -> str:
    """Text colour readable on a fill: white on dark fills, near-black on light ones."""
    text = colour.strip()
    red: float
    green: float
    blue: float
    if text.startswith("#") and len(text) == 7:
        red, green, blue = (int(text[i : i + 2], 16) for i in (1, 3, 5))
    elif text.startswith("rgb"):
        red, green, blue = (
            float(v) for v in text[text.index("(") + 1 : text.index(")")].split(",")[:3]
        )
    else:
        return "#1d2327"
    return "#ffffff" if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128 else "#1d2327"


def _quantile(ordered: list[float], q: float) -> float:
    """The q-quantile of sorted values, interpolated between neighbours."""
    at = q * (len(ordered) - 1)
    below = int(at)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (at - below)
