"""What each ETL worker process sets before anything imports polars.

Two workers on two cores, each with a polars thread per core, spend more time
handing work between threads than they win: one thread each loaded the
national benchmark ~9% faster (32.2 s against 35.4 s) with less CPU. This module
imports nothing heavy, so the pool can run `setup` before polars is loaded.
"""

from __future__ import annotations

import os


def setup() -> None:
    """One polars thread per worker: the workers themselves use the cores; and the worker's
    reading child started (etl.isolated), its imports overlapping the worker's own."""
    os.environ["POLARS_MAX_THREADS"] = "1"
    from etl import isolated  # standard library only: polars is not imported here

    isolated.warm()
