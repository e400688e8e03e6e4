"""The newer-upload guard: a pulled source does not silently replace a district's upload.

A district that sent its data on the upload page after its pulled source last changed has
published something newer than that source; the nightly pull would otherwise load the old
file over it minutes later. Such a pull is held (its district's upload stays published) and
says so, until the source changes again or a person passes `--accept-replace DISTRICT`.

When a source last changed: a local file's modification time (the newest of a folder's);
for a URL, which says nothing reliable, the same content pulled before the upload counts
as unchanged since then, and content never pulled before as newer.
"""

from __future__ import annotations

import duckdb

from etl import load


def stale(
    con: duckdb.DuckDBPyConnection, batches: list[load.Batch], accepted: frozenset[str]
) -> dict[str, str]:
    """Per pulled district that would replace a newer upload: why it is held, in one line."""
    pulled = [b for b in batches if b.channel == "pulled" and b.district not in accepted]
    uploads = load.last_uploads(con, [b.district for b in pulled])
    held = {}
    for batch in pulled:
        if batch.district not in uploads:
            continue
        uploaded_at, by = uploads[batch.district]
        if batch.source_changed_at is not None:
            older = batch.source_changed_at < uploaded_at
            since = f"the source last changed {batch.source_changed_at:%Y-%m-%d %H:%M}"
        else:
            older = load.pulled_before(con, batch.district, batch.content_sha256, uploaded_at)
            since = "the source holds what was pulled before then"
        if older:
            held[batch.district] = (
                f"{batch.district} was sent on the upload page by {by or 'someone'} at "
                f"{uploaded_at:%Y-%m-%d %H:%M}, after {since}; the upload stays published "
                f"(update the source, or --accept-replace {batch.district} publishes it)"
            )
    return held
