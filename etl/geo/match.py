"""Which DOPA province or district each feature of a boundaries file is.

A feature is matched by its code first: a plain DOPA code (`code: "6205"`), an OCHA
P-code (`ADM2_PCODE: "TH6205"`, `ADM1_PCODE: "TH62"`) or an ISO 3166-2 code
(geoBoundaries `shapeISO: "TH-62"`). Failing that, by name (Thai or English, as
geothai compares them), within its province when the feature names one. A district
name that fits several provinces (there are ten such names) is placed by the
province that contains the feature, when provinces were loaded before. Anything
else is reported as not matched, never dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import geothai

from core.formats import arabic_digits
from etl.geo.read import Feature, GeoUnreadable

CODE = re.compile(r"^(?:TH-?)?([0-9]{2}|[0-9]{4}|[0-9]{6})$")
CODE_KEYS = ("code", "ADM3_PCODE", "ADM2_PCODE", "ADM1_PCODE", "shapeISO", "pcode", "province_code")
DISTRICT_NAMES = ("ADM2_TH", "ADM2_EN", "ADM2_NAME", "NAME_2")
PROVINCE_NAMES = (
    "ADM1_TH",
    "ADM1_EN",
    "ADM1_NAME",
    "NAME_1",
    "province_name_th",
    "province_name_en",
)
SUBDISTRICT_KEYS = ("ADM3_PCODE", "ADM3_TH", "ADM3_EN")
GENERIC_NAMES = ("name_th", "name_en", "NAME_TH", "NAME_EN", "shapeName", "name", "NAME")
SHAPE_TYPES = {"ADM1": "province", "ADM2": "district", "ADM3": "subdistrict"}
LEVEL_WORDS = re.compile(
    r"\s+(province|district|changwat|amphoe|khet)$|^(changwat|amphoe|khet)\s+", re.I
)
Locate = Callable[[int], str | None]  # a feature's index -> the province containing it, if known


@dataclass(frozen=True)
class Match:
    """What one feature was matched to (code and how), or why it was not (reason)."""

    index: int
    code: str | None
    how: str | None = None  # "code", "name" or "place"
    reason: str | None = None


def match_features(features: list[Feature], locate: Locate) -> tuple[str, list[Match]]:
    """The file's level ("province" or "district") and each feature's match, in file order."""
    level = file_level(features)
    matches = []
    for feature in features:
        hint = level_hint(feature)
        if hint is not None and hint != level:
            matches.append(Match(feature.index, None, reason=f"a {hint} in a {level} file"))
        elif level == "district":
            matches.append(_district(feature, locate))
        else:
            matches.append(_province(feature))
    return level, matches


def file_level(features: list[Feature]) -> str:
    """The level most features declare; when none declares one, the level more names fit."""
    hints = Counter(h for h in (level_hint(f) for f in features) if h is not None)
    if hints:
        level = hints.most_common(1)[0][0]
    else:
        as_districts = sum(_district(f, lambda _i: None).code is not None for f in features)
        level = (
            "district"
            if as_districts >= sum(_province(f).code is not None for f in features)
            else "province"
        )
    if level == "subdistrict":
        raise GeoUnreadable(
            "a subdistrict (ADM3) file: load the province (ADM1) or district (ADM2) file"
        )
    return level


def level_hint(feature: Feature) -> str | None:
    """The level a feature's own properties declare (codes, P-code keys, shapeType), if any."""
    props = feature.properties
    shape_type = SHAPE_TYPES.get(str(props.get("shapeType", "")).upper())
    codes = _codes(props)
    if any(k in props for k in SUBDISTRICT_KEYS) or any(len(c) == 6 for c in codes):
        return "subdistrict"
    if shape_type:
        return shape_type
    if any(k in props for k in DISTRICT_NAMES) or any(len(c) == 4 for c in codes):
        return "district"
    if any(k in props for k in PROVINCE_NAMES) or any(len(c) == 2 for c in codes):
        return "province"
    return None


def _district(feature: Feature, locate: Locate) -> Match:
    props = feature.properties
    codes = _codes(props)
    for code in codes:
        if len(code) == 4 and geothai.district(code) is not None:
            return Match(feature.index, code, "code")
    province = _province_of(props, codes)
    names = _names(props, (*DISTRICT_NAMES, *GENERIC_NAMES))
    if province:
        found = sorted(
            {
                d.code
                for d in geothai.districts(province)
                for n in names
                if geothai.is_district(d, n)
            }
        )
    else:
        found = sorted({code for n in names for code in _district_names().get(n, ())})
    if len(found) > 1:
        place = locate(feature.index)
        placed = [c for c in found if c[:2] == place]
        if len(placed) == 1:
            return Match(feature.index, placed[0], "place")
        return Match(
            feature.index,
            None,
            reason=f"the name fits {len(found)} districts ({', '.join(found)})"
            + ("" if place else "; load the provinces file first to place it"),
        )
    if found:
        return Match(feature.index, found[0], "name")
    where = f" in province {province}" if province else ""
    return Match(feature.index, None, reason=f"no DOPA district{where} has this code or name")


def _province(feature: Feature) -> Match:
    props = feature.properties
    for code in _codes(props):
        if len(code) == 2 and geothai.province(code) is not None:
            return Match(feature.index, code, "code")
    names = _names(props, (*PROVINCE_NAMES, *GENERIC_NAMES))
    found = sorted(
        {p.code for p in geothai.provinces() for n in names if geothai.is_province(p, n)}
    )
    if len(found) == 1:
        return Match(feature.index, found[0], "name")
    return Match(feature.index, None, reason="no DOPA province has this code or name")


def _province_of(props: dict[str, object], codes: list[str]) -> str | None:
    """The province a district feature names: a province code, its district code's, or a name."""
    for code in codes:
        if geothai.province(code[:2]) is not None:
            return code[:2]
    names = _names(props, PROVINCE_NAMES)
    found = {p.code for p in geothai.provinces() for n in names if geothai.is_province(p, n)}
    return found.pop() if len(found) == 1 else None


@cache
def _district_names() -> dict[str, list[str]]:
    """Every district's Thai and English name (compared form) -> the codes bearing it."""
    index: dict[str, list[str]] = {}
    for province in geothai.provinces():
        for d in geothai.districts(province.code):
            for name in {geothai.normalize(d.name_th), geothai.normalize(d.name_en)}:
                index.setdefault(name, []).append(d.code)
    return index


def _codes(props: dict[str, object]) -> list[str]:
    """DOPA-shaped codes among the code properties (P-code and ISO prefixes removed)."""
    found = []
    for key in CODE_KEYS:
        value = props.get(key)
        if isinstance(value, bool) or value is None:
            continue
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        matched = CODE.match(arabic_digits(text.strip().upper()))
        if matched:
            found.append(matched.group(1))
    return found


def _names(props: dict[str, object], keys: Iterable[str]) -> list[str]:
    """Names under those keys in geothai's compared form ("Amphoe", "Province" and such removed)."""
    names = []
    for key in keys:
        value = props.get(key)
        if isinstance(value, str) and value.strip():
            name = geothai.normalize(LEVEL_WORDS.sub("", value.strip()))
            if name:
                names.append(name)
    return names
