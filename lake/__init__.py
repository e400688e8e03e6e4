"""The national lake: each province's published relations committed to Apache Iceberg tables (docs/lake.md)."""
