"""What stops a whole district batch. Caught in the pipeline and nowhere deeper."""

from __future__ import annotations


class BatchError(Exception):
    """A district's batch cannot go on; its previous data stays published."""


class BadFile(BatchError):
    """A source file that cannot be read at all."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


class FetchFailed(BatchError):
    """A source that cannot be fetched (missing path, HTTP error, timeout)."""


class SourcesError(ValueError):
    """A sources file that is not usable (a usage error: exit status 2)."""
