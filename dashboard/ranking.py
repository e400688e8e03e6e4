"""The two ranking rules, named on both pages that rank clubs (leaderboard and exemplars)."""

from __future__ import annotations

from dash import html

from core.texts import _
from dashboard import terms

RULES = ("leaderboard", "exemplars")


def rules(lang: str, page: str) -> html.Div:
    """Both rules in words, this page's first, saying that the two pages rank differently."""
    ordered = sorted(RULES, key=lambda name: name != page)
    return html.Div(
        [
            html.Strong(_(lang, "These two pages rank by different rules:"), className="d-block"),
            html.Ul(
                [
                    html.Li(_(lang, terms.RANKING_RULES[name]), id=f"{page}-rule-{name}")
                    for name in ordered
                ],
                className="mb-0",
            ),
        ],
        className="ranking-rules small text-muted mb-3",
    )
