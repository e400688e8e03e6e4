"""The versioned rules file: thresholds of the standard, by province and fiscal year."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

DEFAULT_FILE = Path(__file__).parent / "rules" / "standard.toml"
THRESHOLDS: dict[str, type] = {
    "meetings_min": int,
    "attendance_min": float,
    "capacity_min": int,
    "problem_solving_min": int,
    "partner_joint_min": int,
    "forum_min": int,
    "evaluation_min": int,
    "knowledge_min": int,
    "publicity_min": int,
    "committee_roles": list,
}
ROLES = {"chair", "vice_chair", "secretary", "treasurer", "committee", "member"}


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Rules:
    """Thresholds in force, and the weights of the exemplar score."""

    version: str
    defaults: dict[str, Any]
    overrides: tuple[dict[str, Any], ...] = ()
    exemplar: dict[str, float] = field(default_factory=dict)

    def thresholds(self, province: str, fiscal_year: int) -> dict[str, Any]:
        """Every threshold for one province and fiscal year (B.E.)."""
        chosen = dict(self.defaults)
        for override in self.overrides:
            if override.get("province", province) != province:
                continue
            if not override.get("from_fy", 0) <= fiscal_year <= override.get("to_fy", 9999):
                continue
            chosen.update({k: v for k, v in override.items() if k in THRESHOLDS})
        return chosen


def load_rules(path: Path | None = None) -> Rules:
    """Read and check a rules file (None: the shipped standard)."""
    path = path or DEFAULT_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise RulesError(f"{path}: no such rules file") from error
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{path}: not valid TOML: {error}") from error
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise RulesError(f"{path}: 'version' must be a non-empty string")
    defaults = data.get("defaults", {})
    _check(path, "defaults", defaults, complete=True)
    overrides = data.get("override", [])
    for number, override in enumerate(overrides, start=1):
        _check(path, f"override #{number}", override, complete=False)
    exemplar = {k: float(v) for k, v in data.get("exemplar", {}).items()}
    return Rules(version, defaults, tuple(overrides), exemplar)


def _check(path: Path, where: str, table: dict[str, Any], complete: bool) -> None:
    scope_keys = {"province", "from_fy", "to_fy"} if not complete else set()
    for key, value in table.items():
        if key in scope_keys:
            continue
        if key not in THRESHOLDS:
            raise RulesError(f"{path}: [{where}] unknown key {key!r}")
        wanted = THRESHOLDS[key]
        if wanted is float and isinstance(value, int | float) and not isinstance(value, bool):
            if not 0 <= value <= 1:
                raise RulesError(f"{path}: [{where}] {key} must be between 0 and 1")
            continue
        if wanted is list:
            if not isinstance(value, list) or not set(value) <= ROLES:
                raise RulesError(f"{path}: [{where}] {key} must be a list of roles of {sorted(ROLES)}")
            continue
        if not isinstance(value, wanted) or isinstance(value, bool) or value < 0:
            raise RulesError(f"{path}: [{where}] {key} must be a whole number >= 0")
    if complete:
        absent = [k for k in THRESHOLDS if k not in table]
        if absent:
            raise RulesError(f"{path}: [{where}] missing {', '.join(absent)}")


def rules_rows(rules: Rules, province: str, fiscal_years: Iterable[int]) -> pl.DataFrame:
    """Rows of `rules_in_force` for one province and the given fiscal years."""
    rows = []
    for year in sorted(set(fiscal_years)):
        chosen = rules.thresholds(province, year)
        rows.append(
            {"province_code": province, "fiscal_year": year, "rules_version": rules.version}
            | {k: chosen[k] for k in THRESHOLDS}
        )
    schema = {"province_code": pl.String, "fiscal_year": pl.Int32, "rules_version": pl.String} | {
        k: (pl.List(pl.String) if t is list else pl.Float64 if t is float else pl.Int32)
        for k, t in THRESHOLDS.items()
    }
    return pl.DataFrame(rows, schema=schema)
