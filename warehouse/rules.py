"""The versioned rules file: thresholds of the standard, by province and fiscal year."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

DEFAULT_FILE = Path(__file__).parent / "rules" / "standard.toml"
TABLES = ("version", "defaults", "override", "exemplar", "expansion", "scorecard", "checks")
# Threshold key -> kind: "count" (whole number >= 0), "share" (0-1), "roles" (list of roles).
THRESHOLDS: dict[str, str] = {
    "meetings_min": "count",
    "attendance_min": "share",
    "capacity_min": "count",
    "problem_solving_min": "count",
    "partner_joint_min": "count",
    "forum_min": "count",
    "evaluation_min": "count",
    "knowledge_min": "count",
    "publicity_min": "count",
    "committee_roles": "roles",
}
SCOPE_KEYS = ("province", "from_fy", "to_fy")
# The member roles of the contract (etl.schemas.ROLES); warehouse does not import etl.
ROLES = ("chair", "vice_chair", "secretary", "treasurer", "committee", "member")
# Weights of the exemplar score's parts, used when the file's [exemplar] table leaves one out.
EXEMPLAR_DEFAULTS: dict[str, float] = {
    "consecutive_years": 0.30,
    "steps_done": 0.20,
    "attendance": 0.15,
    "partners": 0.10,
    "retention": 0.10,
    "growth": 0.05,
    "trend": 0.10,
}
# The other keys of [exemplar]: how each part is scaled and who may be a candidate.
# Key -> (default, kind, lowest, highest); kind "whole" or "share" (a number 0-1).
EXEMPLAR_SETTINGS: dict[str, tuple[float, str, float, float]] = {
    "scored_years": (3, "whole", 2, 10),
    "partners_full": (6, "whole", 1, 100),
    "growth_full": (0.10, "share", 0.01, 1),
    "trend_full": (2, "whole", 1, 9),
    "due_days": (60, "whole", 0, 366),
    "due_from_fy": (2569, "whole", 2400, 3000),
    "max_rejected_share": (0.05, "share", 0, 1),
}
# Settings of expansion plans (exemplars mentoring neighbouring networks), when left out.
EXPANSION_DEFAULTS: dict[str, int] = {"max_mentees": 3}
# The scorecard's traffic lights (shares 0-1) when the file's [scorecard] table leaves one out.
SCORECARD_DEFAULTS: dict[str, object] = {"version": "scorecard.1", "green": 0.80, "amber": 0.60}
# The checks before sign-off (warehouse/models/checks), when the file's [checks] table leaves
# one out: key -> (default, lowest, highest); `version` names them.
CHECKS_VERSION = "checks.1"
CHECKS_DEFAULTS: dict[str, tuple[float, float, float]] = {
    "members_change_max": (0.5, 0.05, 10.0),  # share of last year's roll gained or lost
    "pattern_meetings_min": (3, 2, 100),  # meetings in a year before a pattern is suspicious
    "participants_ratio_max": (4.0, 1.0, 100.0),  # members' own activities: participants / roll
}
PROVINCE_CODE = re.compile(r"[0-9]{2}")
FIRST_BE_YEAR = 2400  # a fiscal year below this is a C.E. year typed by mistake


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Override:
    """Thresholds that replace the defaults for one province and/or some fiscal years."""

    thresholds: dict[str, Any]
    province: str | None = None
    from_fy: int | None = None
    to_fy: int | None = None

    def applies(self, province: str, fiscal_year: int) -> bool:
        """Whether this override covers the province and fiscal year (B.E.)."""
        return (
            self.province in (None, province)
            and (self.from_fy is None or self.from_fy <= fiscal_year)
            and (self.to_fy is None or fiscal_year <= self.to_fy)
        )


@dataclass(frozen=True)
class Rules:
    """Thresholds of the standard (defaults and overrides), the exemplar score's weights and
    settings, and the expansion settings."""

    version: str
    defaults: dict[str, Any]
    overrides: tuple[Override, ...] = ()
    exemplar: dict[str, float] = field(default_factory=lambda: dict(EXEMPLAR_DEFAULTS))
    exemplar_settings: dict[str, float] = field(
        default_factory=lambda: {k: v[0] for k, v in EXEMPLAR_SETTINGS.items()}
    )
    expansion: dict[str, int] = field(default_factory=lambda: dict(EXPANSION_DEFAULTS))
    scorecard: dict[str, object] = field(default_factory=lambda: dict(SCORECARD_DEFAULTS))
    checks: dict[str, object] = field(
        default_factory=lambda: (
            {"version": CHECKS_VERSION} | {k: v[0] for k, v in CHECKS_DEFAULTS.items()}
        )
    )

    def thresholds(self, province: str, fiscal_year: int) -> dict[str, Any]:
        """Every threshold in force for one province and fiscal year (B.E.)."""
        chosen = dict(self.defaults)
        for override in self.overrides:
            if override.applies(province, fiscal_year):
                chosen.update(override.thresholds)
        return chosen


def load_rules(path: Path | None = None) -> Rules:
    """The checked rules of a TOML file (None: the shipped standard)."""
    path = path or DEFAULT_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RulesError(f"{path}: cannot read the rules file: {error}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RulesError(f"{path}: not valid TOML: {error}") from error
    unknown = sorted(set(data) - set(TABLES))
    if unknown:
        raise RulesError(f"{path}: unknown key {unknown[0]!r} (expected {', '.join(TABLES)})")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise RulesError(f"{path}: 'version' must be a non-empty string")
    defaults = _thresholds(path, "defaults", _table(path, "defaults", data.get("defaults")))
    absent = [key for key in THRESHOLDS if key not in defaults]
    if absent:
        raise RulesError(f"{path}: [defaults] missing {', '.join(absent)}")
    exemplar = _table(path, "exemplar", data.get("exemplar", {}))
    overrides = data.get("override", [])
    if not isinstance(overrides, list):
        raise RulesError(f"{path}: 'override' must be [[override]] tables")
    return Rules(
        version=version.strip(),
        defaults=defaults,
        overrides=tuple(
            _override(path, f"override #{n}", _table(path, f"override #{n}", table))
            for n, table in enumerate(overrides, start=1)
        ),
        exemplar=_exemplar(path, exemplar),
        exemplar_settings=_exemplar_settings(path, exemplar),
        expansion=_expansion(path, _table(path, "expansion", data.get("expansion", {}))),
        scorecard=_scorecard(path, _table(path, "scorecard", data.get("scorecard", {}))),
        checks=_checks(path, _table(path, "checks", data.get("checks", {}))),
    )


def rules_rows(rules: Rules, province: str, fiscal_years: Iterable[int]) -> pl.DataFrame:
    """Rows of `rules_in_force` (its columns, in order) for one province and some years."""
    rows = []
    for year in sorted(set(fiscal_years)):
        chosen = rules.thresholds(province, year)
        rows.append(
            {"province_code": province, "fiscal_year": year, "rules_version": rules.version}
            | {key: chosen[key] for key in THRESHOLDS}
            | {"committee_roles": list(chosen["committee_roles"])}
        )
    kinds: dict[str, pl.DataType | type[pl.DataType]] = {
        "count": pl.Int32,
        "share": pl.Float64,
        "roles": pl.List(pl.String),
    }
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "province_code": pl.String,
        "fiscal_year": pl.Int32,
        "rules_version": pl.String,
    }
    schema |= {key: kinds[kind] for key, kind in THRESHOLDS.items()}
    return pl.DataFrame(rows, schema=schema)


def exemplar_rows(rules: Rules, province: str) -> pl.DataFrame:
    """The one `exemplar_rules` row (its columns, in order) of a province and these rules."""
    row: dict[str, object] = {"province_code": province, "rules_version": rules.version}
    row |= {f"{key}_weight": value for key, value in rules.exemplar.items()}
    row |= rules.exemplar_settings
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "province_code": pl.String,
        "rules_version": pl.String,
    }
    schema |= {f"{key}_weight": pl.Float64 for key in EXEMPLAR_DEFAULTS}
    schema |= {
        key: pl.Int32 if kind == "whole" else pl.Float64
        for key, (_default, kind, _low, _high) in EXEMPLAR_SETTINGS.items()
    }
    return pl.DataFrame([row], schema=schema)


def _table(path: Path, where: str, value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RulesError(f"{path}: [{where}] must be a table")
    return value


def _thresholds(path: Path, where: str, table: dict[str, Any]) -> dict[str, Any]:
    """Checked threshold values of a table; a list of roles becomes a tuple."""
    checked: dict[str, Any] = {}
    for key, value in table.items():
        kind = THRESHOLDS.get(key)
        problem = f"{path}: [{where}] {key}"
        if kind is None:
            raise RulesError(f"{path}: [{where}] unknown key {key!r}")
        if kind == "count":
            if not _whole(value) or value < 0:
                raise RulesError(f"{problem} must be a whole number >= 0, not {value!r}")
            checked[key] = value
        elif kind == "share":
            if not _number(value) or not 0 <= value <= 1:
                raise RulesError(f"{problem} must be a share between 0 and 1, not {value!r}")
            checked[key] = float(value)
        else:
            if not isinstance(value, list) or not all(role in ROLES for role in value):
                raise RulesError(f"{problem} must be a list of roles among {', '.join(ROLES)}")
            checked[key] = tuple(dict.fromkeys(value))
    return checked


def _override(path: Path, where: str, table: dict[str, Any]) -> Override:
    province = table.get("province")
    if province is not None and not (
        isinstance(province, str) and PROVINCE_CODE.fullmatch(province)
    ):
        raise RulesError(f"{path}: [{where}] province must be a 2-digit code in quotes")
    years = {key: table.get(key) for key in ("from_fy", "to_fy")}
    for key, year in years.items():
        if year is not None and (not _whole(year) or year < FIRST_BE_YEAR):
            raise RulesError(f"{path}: [{where}] {key} must be a Buddhist Era year, not {year!r}")
    low, high = years["from_fy"], years["to_fy"]
    if low is not None and high is not None and low > high:
        raise RulesError(f"{path}: [{where}] from_fy {low} is after to_fy {high}")
    thresholds = {k: v for k, v in table.items() if k not in SCOPE_KEYS}
    if not thresholds:
        raise RulesError(f"{path}: [{where}] sets no threshold")
    return Override(_thresholds(path, where, thresholds), province, low, high)


def _exemplar(path: Path, table: Mapping[str, Any]) -> dict[str, float]:
    weights = dict(EXEMPLAR_DEFAULTS)
    for key, value in table.items():
        if key in EXEMPLAR_SETTINGS:
            continue
        if key not in EXEMPLAR_DEFAULTS:
            raise RulesError(f"{path}: [exemplar] unknown key {key!r}")
        if not _number(value) or value < 0:
            raise RulesError(f"{path}: [exemplar] {key} must be a number >= 0, not {value!r}")
        weights[key] = float(value)
    if sum(weights.values()) <= 0:
        raise RulesError(f"{path}: [exemplar] the weights must not all be 0")
    return weights


def _exemplar_settings(path: Path, table: Mapping[str, Any]) -> dict[str, float]:
    settings = {key: default for key, (default, *_rest) in EXEMPLAR_SETTINGS.items()}
    for key, value in table.items():
        if key not in EXEMPLAR_SETTINGS:
            continue
        _default, kind, low, high = EXEMPLAR_SETTINGS[key]
        fits = _whole(value) if kind == "whole" else _number(value)
        if not fits or not low <= value <= high:
            what = "a whole number" if kind == "whole" else "a number"
            raise RulesError(
                f"{path}: [exemplar] {key} must be {what} from {low:g} to {high:g}, not {value!r}"
            )
        settings[key] = value if kind == "whole" else float(value)
    return settings


def _expansion(path: Path, table: Mapping[str, Any]) -> dict[str, int]:
    settings = dict(EXPANSION_DEFAULTS)
    for key, value in table.items():
        if key not in EXPANSION_DEFAULTS:
            raise RulesError(f"{path}: [expansion] unknown key {key!r}")
        if not _whole(value) or value < 1:
            raise RulesError(
                f"{path}: [expansion] {key} must be a whole number >= 1, not {value!r}"
            )
        settings[key] = value
    return settings


def _scorecard(path: Path, table: Mapping[str, Any]) -> dict[str, object]:
    settings = dict(SCORECARD_DEFAULTS)
    for key, value in table.items():
        if key not in SCORECARD_DEFAULTS:
            raise RulesError(f"{path}: [scorecard] unknown key {key!r}")
        if key == "version":
            if not isinstance(value, str) or not value.strip():
                raise RulesError(f"{path}: [scorecard] version must be a non-empty string")
            settings[key] = value.strip()
        elif not _number(value) or not 0 <= value <= 1:
            raise RulesError(
                f"{path}: [scorecard] {key} must be a share between 0 and 1, not {value!r}"
            )
        else:
            settings[key] = float(value)
    if settings["amber"] > settings["green"]:  # type: ignore[operator]
        raise RulesError(
            f"{path}: [scorecard] amber {settings['amber']} is above green {settings['green']}"
        )
    return settings


def _checks(path: Path, table: Mapping[str, Any]) -> dict[str, object]:
    settings: dict[str, object] = {"version": CHECKS_VERSION}
    settings |= {key: default for key, (default, _low, _high) in CHECKS_DEFAULTS.items()}
    for key, value in table.items():
        if key == "version":
            if not isinstance(value, str) or not value.strip():
                raise RulesError(f"{path}: [checks] version must be a non-empty string")
            settings[key] = value.strip()
            continue
        if key not in CHECKS_DEFAULTS:
            raise RulesError(f"{path}: [checks] unknown key {key!r}")
        _default, low, high = CHECKS_DEFAULTS[key]
        if not _number(value) or not low <= value <= high:
            raise RulesError(
                f"{path}: [checks] {key} must be a number from {low:g} to {high:g}, not {value!r}"
            )
        settings[key] = value
    return settings


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
