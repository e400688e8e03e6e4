"""The two ranking rules, named on both pages that rank clubs (leaderboard and exemplars)."""

from __future__ import annotations

from dash import html

from dashboard import i18n

RULES = ("leaderboard", "exemplars")


def rules(lang: str, page: str) -> html.Div:
    """Both rules in words, this page's first, saying that the two pages rank differently."""
    ordered = sorted(RULES, key=lambda name: name != page)
    return html.Div(
        [
            html.Strong(i18n.t("rules_differ", lang), className="d-block"),
            html.Ul(
                [
                    html.Li(i18n.t(f"rule_{name}", lang), id=f"{page}-rule-{name}")
                    for name in ordered
                ],
                className="mb-0",
            ),
        ],
        className="ranking-rules small text-muted mb-3",
    )
