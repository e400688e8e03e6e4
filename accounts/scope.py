"""Who may see what: a user's scope, decided on the server from the session."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("national", "director", "officer", "admin")


@dataclass(frozen=True)
class Scope:
    """What one logged-in user may see. Built only from the server-side session.

    - national: every province's roll-ups and club scores, no personal data
    - director: one province, everything in it
    - officer: club scores of one province; members and records of one district
    - admin: manages accounts; sees no warehouse data
    """

    username: str
    role: str
    province_code: str | None  # None only for national (and admin of all)
    district_code: str | None = None

    @property
    def sees_warehouse(self) -> bool:
        """Whether this user may read any warehouse data at all (deny by default)."""
        if self.role == "national":
            return True
        if self.role == "director":
            return self.province_code is not None
        if self.role == "officer":
            return (
                self.province_code is not None
                and self.district_code is not None
                and self.district_code[:2] == self.province_code
            )
        return False

    def may_read_province(self, province: str) -> bool:
        """Club-level scores of this province (no personal data)."""
        if not self.sees_warehouse:
            return False
        return self.role == "national" or province == self.province_code

    def may_read_records(self, district: str) -> bool:
        """Members, attendance and other personal or record-level data of a district."""
        if not self.sees_warehouse:
            return False
        if self.role == "director":
            return district[:2] == self.province_code
        if self.role == "officer":
            return district == self.district_code
        return False

    @property
    def sends_data(self) -> bool:
        """May send some district's data (see may_submit)."""
        return self.sees_warehouse and self.role in ("director", "officer")

    def may_submit(self, district: str) -> bool:
        """Send a district's data: its own officer, or the director of its province; nobody else."""
        if not self.sees_warehouse or not isinstance(district, str) or len(district) != 4:
            return False
        if self.role == "director":
            return district[:2] == self.province_code
        if self.role == "officer":
            return district == self.district_code
        return False

    @property
    def tenant(self) -> str:
        """Cache-key part naming what this user may see."""
        return f"{self.role}:{self.province_code or '*'}:{self.district_code or '*'}"
