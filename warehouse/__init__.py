"""The analytic warehouse: one DuckDB file per province, published atomically."""
