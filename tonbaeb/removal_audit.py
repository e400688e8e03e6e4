"""The audit of `etl run --accept-removal`: one entry per district whose removals were accepted.

Like the upload page's `submit_removal`, each entry names the clubs removed, what went with them
and the reason given with --reason; the one acting is the user running the command (the OS
account: the nightly run has no account of the app), from "cli".
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from contextlib import closing

from accounts import audit
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from etl.outcome import Outcome

ACTION = "etl_accept_removal"
ROLE = "shell"  # a person at the server's command line, not an account of the app


def record(home: Home, outcomes: Iterable[Outcome], accepted: set[str], reason: str) -> None:
    """Audit each outcome of a district in `accepted`: what it removed (none if it was not
    loaded, or removed nothing), its status and the reason."""
    mine = [o for o in outcomes if o.source.district in accepted]
    if not mine:
        return
    user = getpass.getuser()
    with closing(open_store(home)) as store:
        for outcome in mine:
            district = outcome.source.district
            clubs = ",".join(sorted({club for club, _text in outcome.removed}))
            what = "; ".join(text for _club, text in outcome.removed)
            audit.record(
                store,
                Scope(user, ROLE, outcome.source.province, district),
                ACTION,
                f"{district} status={outcome.status} removed={clubs or 'none'} reason={reason}",
                "cli",
                district=district,
                status=outcome.status,
                clubs=clubs,
                removed=what[:4000],
                reason=reason,
            )
