"""Choosing exemplar clubs (ต้นแบบ) and planning their spread to neighbouring networks.

The workflow's state (decisions, plans, knowledge records) lives in the application-state
store, never in the warehouse, so a data reload cannot lose it.
"""


class Refused(Exception):
    """Something the workflow did not do; `code` says why (a key of the UI's messages)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
