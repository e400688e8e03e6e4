"""How far a run trusts its sources: bytes per source, time per download, memory and time to
read one, how much may vanish."""

from __future__ import annotations

from dataclasses import dataclass, field

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """Limits of one ETL run (the command line's --max-source-mb, --download-timeout,
    --max-shrink, --accept-shrink, --max-club-loss, --accept-removal and --accept-replace)."""

    max_bytes: int = 200 * MB  # per source: a file, the files of a folder, or a download
    download_seconds: float = 120.0  # wall clock for a whole download, however slowly it comes
    parse_mb: int = 3072  # address space of the child process reading one source (etl.isolated)
    parse_seconds: float = 300.0  # wall clock for reading one source in that child
    max_shrink: float = 0.5  # a sheet may lose at most this share of the rows it had published
    accept_shrink: frozenset[str] = field(default_factory=frozenset)  # districts published anyway
    accept_replace: frozenset[str] = field(
        default_factory=frozenset
    )  # pulls published over a newer upload
    max_club_loss: float = (
        0.5  # a staying club may lose at most this share of its members or a year's meetings
    )
    accept_removal: frozenset[str] = field(
        default_factory=frozenset
    )  # districts whose removals are meant
    accept_locked: frozenset[str] = field(
        default_factory=frozenset
    )  # districts whose approved years are replayed anyway (a rebuild: it was published)
    replay_kept: tuple[tuple[str, tuple[int, ...]], ...] = ()  # a rebuild: (district, years it
    # kept as approved when it was first loaded), kept again

    def describe_bytes(self) -> str:
        """The size limit as a person reads it."""
        return f"{self.max_bytes / MB:g} MB"
