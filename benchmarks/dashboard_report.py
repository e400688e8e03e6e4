"""The Markdown report of benchmarks/dashboard_national.py: summary against the targets, then details."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

TARGET_MS = 150.0
TARGET_RATIO = 2.0
TARGET_BYTES = (
    2_000_000  # MB and KB in this report are decimal, as browsers' network panels count them
)
NOT_CALLBACKS = ("page HTML", "/_dash-layout", "/_dash-dependencies")


@dataclass
class Measured:
    """One request of one page visit: its times in seconds, and the query behind it."""

    user: str
    page: str
    request: str
    fresh: float  # first call on a freshly started server
    after_publish: float  # first call after a new version of the province was published
    warm: list[float]
    warm_server: list[float]  # the same replies, as the server timed itself (Server-Timing)
    query: float | None

    @property
    def is_callback(self) -> bool:
        return self.request not in NOT_CALLBACKS

    @property
    def p50(self) -> float:
        return statistics.median(self.warm)

    @property
    def p95(self) -> float:
        return percentile(self.warm, 95)

    @property
    def server_p95(self) -> float:
        return percentile(self.warm_server, 95)

    @property
    def max(self) -> float:
        return max([self.fresh, self.after_publish, *self.warm])

    @property
    def ratio(self) -> float | None:
        """Server p95 over the query: both without the HTTP client, like for like."""
        return self.server_p95 / self.query if self.query else None

    @property
    def client_ratio(self) -> float | None:
        return self.p95 / self.query if self.query else None

    @property
    def cold_ratio(self) -> float | None:
        return self.after_publish / self.query if self.query else None


def render(
    rows: list[Measured],
    pages: dict[tuple[str, str], dict[str, Any]],
    first_page: dict[str, Any],
    setup: str,
) -> str:
    """The whole report."""
    callbacks = [r for r in rows if r.is_callback]
    with_query = [r for r in callbacks if r.ratio is not None]
    slow = [r for r in callbacks if r.p95 * 1000 >= TARGET_MS]
    slow_cold = [r for r in callbacks if r.after_publish * 1000 >= TARGET_MS]
    far = [r for r in with_query if (r.ratio or 0) > TARGET_RATIO]
    far_client = [r for r in with_query if (r.client_ratio or 0) > TARGET_RATIO]
    far_p50 = [r for r in with_query if r.p50 / (r.query or 1) > TARGET_RATIO]
    lines = [
        "# Dashboard at national scale",
        "",
        setup,
        "",
        "## Summary",
        "",
        "| measure | result | target |",
        "| --- | --- | --- |",
        f"| callbacks measured (pages × roles, row blocks, downloads) | {len(callbacks)} "
        f"({len({r.request.split(' (')[0].split(' #')[0] for r in callbacks})} distinct callbacks) | |",
        f"| slowest callback, warm p95 | {ms(max(r.p95 for r in callbacks))} ms "
        f"({describe(max(callbacks, key=lambda r: r.p95))}) "
        f"| < {TARGET_MS:.0f} ms |",
        f"| callbacks with warm p95 ≥ {TARGET_MS:.0f} ms | {len(slow)} | 0 |",
        f"| callbacks ≥ {TARGET_MS:.0f} ms on the first call after a publish | {len(slow_cold)}"
        + (
            (
                f" (worst {ms(max(r.after_publish for r in slow_cold))} ms, "
                f"{describe(max(slow_cold, key=lambda r: r.after_publish))})"
            )
            if slow_cold
            else ""
        )
        + " | |",
        f"| highest server p95 / query | {max((r.ratio or 0) for r in with_query):.1f}× "
        f"({describe(max(with_query, key=lambda r: r.ratio or 0))}) | ≤ {TARGET_RATIO:.0f}× |",
        (
            f"| callbacks with server p95 / query > {TARGET_RATIO:.0f}× | {len(far)} of "
            f"{len(with_query)} that read data | 0 |"
        ),
        f"| the same with the client's p95 / with the client's p50 | {len(far_client)} / {len(far_p50)} | |",
        f"| fastest request of all (the floor: session, Dash, HTTP), client p50 "
        f"| {ms(min(r.p50 for r in rows))} ms | |",
        f"| highest first call after a publish / query | {max((r.cold_ratio or 0) for r in with_query):.1f}× "
        f"({describe(max(with_query, key=lambda r: r.cold_ratio or 0))}) | |",
    ]
    if pages:
        heaviest = max(pages.items(), key=lambda kv: kv[1]["transferred"])
        over = [k for k, v in pages.items() if v["transferred"] >= TARGET_BYTES]
        lines += [
            (
                f"| heaviest first page load | {mb(heaviest[1]['transferred'])} MB "
                f"(`{heaviest[0][1]}`, {heaviest[0][0]}) | < 2 MB |"
            ),
            f"| page loads ≥ 2 MB | {len(over)} of {len(pages)}"
            + (f": {', '.join(sorted({f'`{k[1]}`' for k in over}))}" if over else "")
            + " | 0 |",
            f"| the first page load on a fresh server (bundles not yet repacked) | {mb(first_page['transferred'])} MB "
            f"(`{first_page['url']}`, {first_page['user']}) | |",
        ]
    lines += [
        "",
        "## Slowest callbacks (warm p95)",
        "",
        *table(sorted(callbacks, key=lambda r: -r.p95)[:15]),
    ]
    lines += [
        "",
        "## Slowest first calls after a publish",
        "",
        *table(sorted(callbacks, key=lambda r: -r.after_publish)[:10]),
    ]
    lines += [
        "",
        "## Highest callback / query ratios (server p95)",
        "",
        *table(sorted(with_query, key=lambda r: -(r.ratio or 0))[:15]),
    ]
    if pages:
        lines += [
            "",
            "## First load of each page (headless Chromium, empty cache, steady state)",
            "",
            "| user | page | requests | transferred | of which Dash JSON | uncompressed | time to settled |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for (user, page), t in pages.items():
            lines.append(
                f"| {user} | `{page}` | {t['requests']} | {t['transferred'] / 1000:,.0f} KB | "
                f"{t['json'] / 1000:,.0f} KB | {t['decoded'] / 1000:,.0f} KB | {t['ms'] / 1000:.1f} s |"
            )
        heaviest_page = max(pages.values(), key=lambda t: t["transferred"])
        lines += [
            "",
            "Heaviest page, request by request:",
            "",
            "| transferred | request |",
            "| ---: | --- |",
        ]
        lines += [
            f"| {n / 1000:,.1f} KB | `{url.split('//', 1)[-1].split('/', 1)[-1][:100]}` |"
            for url, n in heaviest_page["heaviest"][:15]
        ]
    lines += ["", "## Every request", "", *table(rows)]
    return "\n".join(lines)


def table(rows: list[Measured]) -> list[str]:
    """Milliseconds: client-measured unless named server."""
    lines = [
        "| user | page | request | fresh | after publish | p50 | p95 | max | server p95 | query | server p95 / query |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        ratio = f"{r.ratio:.1f}×" if r.ratio is not None else "–"
        query = f"{r.query * 1000:,.1f}" if r.query is not None else "–"
        lines.append(
            f"| {r.user} | `{r.page}` | {r.request} | {ms(r.fresh)} | {ms(r.after_publish)} | "
            f"{ms(r.p50)} | {ms(r.p95)} | {ms(r.max)} | {r.server_p95 * 1000:,.1f} | {query} | {ratio} |"
        )
    return lines


def describe(row: Measured) -> str:
    return f"{row.request}, `{row.page}`, {row.user}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def mb(size: int) -> str:
    return f"{size / 1e6:.2f}"


def percentile(samples: list[float], q: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]
