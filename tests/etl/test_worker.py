"""ETL worker processes are set up before they load polars."""

from __future__ import annotations

from etl.pipeline import worker_pool


def polars_threads() -> int:
    import polars as pl  # in the worker, after its setup

    return pl.thread_pool_size()


def test_each_worker_runs_polars_on_one_thread() -> None:
    with worker_pool(2) as pool:
        assert [pool.submit(polars_threads).result() for _ in range(2)] == [1, 1]
