"""Sending a district's data, step by step, for the logged-in user; each step audited.

Who may send for which district (`allowed`), an upload checked, kept and dry-run (`receive`), the
kept upload loaded (`send`) or forgotten (`cancel`), its dry run's rejected rows (`rejected`), the
district's entry workbook (`template`). The page's callbacks only say in words what these answer.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

import geothai
import polars as pl

from core.texts import N_
from dashboard import cache, context, uploads
from dashboard.pages.submit import removals
from etl import dry_run, template, upload
from etl.sources import Source
from warehouse.queries.submission import district_records
from warehouse.rules import load_rules

MAX_CONTENTS = upload.MAX_BYTES * 4 // 3 + 4096  # the base64 data URL of the largest accepted file


@dataclass(frozen=True)
class Received:
    """An upload checked, kept under `token` and dry-run."""

    name: str
    token: str
    result: dry_run.Preview


@dataclass(frozen=True)
class Sent:
    """What sending a kept upload came to: `outcome` names it ("expired", "not_allowed",
    "ack_needed", "reason_needed" or "busy": the upload waits, if kept; "held", "locked",
    "failed" or "loaded": it is gone), with the loaded district's rows, and the load's message
    (of a loaded one: the approved years it kept as published)."""

    outcome: str
    district: str = ""
    loaded: int = 0
    rejected: int = 0
    message: str = ""


def allowed(district: object) -> str | None:
    """The district this user may send for: an officer's own; for a director, the one chosen if in the province."""
    scope = context.scope()
    wanted = scope.district_code if scope.role == "officer" else context.text(district)
    if wanted is None or not scope.may_submit(wanted):
        return None
    place = geothai.district(wanted)
    return wanted if place is not None and place.province_code == wanted[:2] else None


def receive(district: str, filename: object, contents: str) -> Received:
    """Check an upload for a district this user may send for, keep it, and dry-run it (nothing is
    saved to the warehouse); raises upload.Refused (audited) for a file that cannot be taken."""
    name = filename if isinstance(filename, str) and filename else "upload"
    data = None
    try:
        data = _decoded(name, contents)
        files = upload.check(name, data)
    except upload.Refused as refused:
        # The file's fingerprint, as submit_upload's; of the data URL's text when it was not
        # decoded (too large, or not base64).
        sent = data if data is not None else contents.partition(",")[2].encode()
        context.audit(
            "submit_refused",
            f"{district} file={refused.name[:80]} {_fingerprint(sent)}"
            + (" sent=base64" if data is None else "")
            + f" why={refused.english[:120]}",
        )
        raise
    [(name, content)] = files.items()
    # Audited before it is read: a file that makes the reader fail is on record too.
    context.audit("submit_upload", f"{district} file={name[:80]} {_fingerprint(content)}")
    token = uploads.keep(context.home(), context.scope(), district, name, content)
    result = dry_run.dry_run(
        context.home(),
        Source(district[:2], district, f"upload:{name}"),
        files,
        load_rules(None),
        context.now().date(),
    )
    read, loaded, rejected = result.rows
    context.audit(
        "submit_dry_run",
        f"{district} sha256={result.content_sha256} read={read} loaded={loaded} rejected={rejected} "
        f"shrinks={len(result.shrinks)} failure={'yes' if result.failure else 'no'}",
    )
    return Received(name, token, result)


def send(token: object, accept: object, reason: object) -> Sent:
    """Load the kept upload through the pipeline (archived, same lock, one atomic publish).

    What the dry run warned of (sheets cut, clubs removed or losing rows) is sent only when
    acknowledged, and clubs are removed only with a reason; both checked here, audited."""
    home, scope = context.home(), context.scope()
    pending = uploads.find(home, scope, token)
    if pending is None:
        return Sent("expired")
    if not scope.may_submit(pending.district):
        return Sent("not_allowed")
    files = upload.check(pending.name, pending.data)
    source, rules, today = (
        Source(pending.province, pending.district, f"upload:{pending.name}"),
        load_rules(None),
        context.now().date(),
    )
    checked = dry_run.dry_run(home, source, files, rules, today)
    why = removals.given(reason)
    if checked.warnings and accept is not True:
        return Sent("ack_needed")
    if checked.removals and not why:
        return Sent("reason_needed")
    try:
        outcome = dry_run.submit(
            home,
            source,
            files,
            rules,
            today,
            scope.username,
            accept_shrink=accept is True,
            accept_removal=accept is True and bool(checked.removals),
        )
    except dry_run.Busy:
        context.audit("submit_busy", f"{pending.district} sha256={pending.sha256}")
        return Sent("busy")
    context.audit(
        "submit_load",
        f"{pending.district} sha256={pending.sha256} status={outcome.status} read={outcome.rows_read} "
        f"loaded={outcome.rows_loaded} rejected={outcome.rows_rejected}",
    )
    if checked.removals and outcome.status == "loaded":
        removed = ",".join(sorted({f"{r.club_id}:{r.kind}" for r in checked.removals}))[:500]
        context.audit(
            "submit_removal",
            f"{pending.district} sha256={pending.sha256} removed={removed} reason={why}",
        )
    uploads.drop(home, token)
    if outcome.status != "loaded":
        kind = outcome.status if outcome.status in ("held", "locked") else "failed"
        return Sent(kind, message=outcome.message)
    kept = outcome.message if outcome.locked_years else ""
    return Sent("loaded", pending.district, outcome.rows_loaded, outcome.rows_rejected, kept)


def cancel(token: object) -> None:
    """Forget the kept upload (audited if there was one); nothing was saved."""
    pending = uploads.find(context.home(), context.scope(), token)
    if pending is not None:
        uploads.drop(context.home(), token)
        context.audit("submit_cancel", f"{pending.district} sha256={pending.sha256}")


def rejected(token: object) -> tuple[str, pl.DataFrame] | None:
    """The kept upload's district and its dry run's rejected rows (audited), if this user may send it and any were."""
    home, scope = context.home(), context.scope()
    pending = uploads.find(home, scope, token)
    if pending is None or not scope.may_submit(pending.district):
        return None
    files = upload.check(pending.name, pending.data)
    source = Source(pending.province, pending.district, f"upload:{pending.name}")
    result = dry_run.dry_run(home, source, files, load_rules(None), context.now().date())
    if result.rejected.is_empty():
        return None
    context.audit(
        "export_rejected_rows",
        f"{pending.district} dry_run sha256={pending.sha256} rows={result.rejected.height}",
    )
    return pending.district, result.rejected


def entry_workbook(district: str) -> bytes:
    """The district's entry workbook, pre-filled with its last published records; audited."""
    home, scope = context.home(), context.scope()

    def build() -> tuple[bytes, int]:
        records = district_records(home, scope, district)
        return template.workbook(district[:2], district, records), records[
            "members"
        ].height if records else -1

    # Kept like the other exports: per scope and published version, bounded.
    content, members = cache.download(
        home, scope, district[:2], "template.xlsx", (district,), build
    )
    records = members >= 0
    context.audit(
        "export_template",
        f"{district} prefilled={'yes' if records else 'no'} members={max(members, 0)}",
    )
    return content


def _fingerprint(content: bytes) -> str:
    """A file as the audit names it: its SHA-256 and size."""
    return f"sha256={hashlib.sha256(content).hexdigest()} bytes={len(content)}"


def _decoded(name: str, contents: str) -> bytes:
    """The bytes of a dcc.Upload data URL; refused when too large or not base64."""
    if len(contents) > MAX_CONTENTS:
        raise upload.too_large(name)
    _header, _, body = contents.partition(",")
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as error:
        raise upload.Refused(name, N_("the upload is not complete")) from error
