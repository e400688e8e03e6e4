"""What an ETL run shows a person: a progress bar on a terminal, then a table per district."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from etl.pipeline import Outcome

STYLES = {"loaded": "green", "unchanged": "dim", "failed": "bold red"}


@contextmanager
def progress(total: int) -> Iterator[Callable[[Outcome], None]]:
    """A callback to call once per finished district; draws a bar only on a terminal."""
    console = Console(file=sys.stderr)
    if not console.is_terminal:
        yield lambda _outcome: None
        return
    columns = (
        TextColumn("[bold]ETL"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda outcome: bar.update(
            task, advance=1, description=f"{outcome.source.district} {outcome.status}"
        )


def print_outcomes(outcomes: list[Outcome]) -> None:
    """One row per district: rows read / loaded / rejected and its status."""
    table = Table(title="tonbaeb etl run")
    for header in ("province", "district", "read", "loaded", "rejected", "status", "message"):
        justify = "right" if header in ("read", "loaded", "rejected") else "left"
        table.add_column(header, justify=justify)
    for o in outcomes:
        table.add_row(
            o.source.province,
            o.source.district,
            f"{o.rows_read:,}",
            f"{o.rows_loaded:,}",
            f"{o.rows_rejected:,}",
            f"[{STYLES.get(o.status, '')}]{o.status}",
            o.message,
        )
    loaded = sum(o.status == "loaded" for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    table.caption = f"{loaded} loaded, {len(outcomes) - loaded - failed} unchanged, {failed} failed"
    Console(width=160).print(table)
