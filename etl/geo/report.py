"""What `tonbaeb geo load` prints: what matched, what did not (with properties), what derived."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.geo import GeoLoad

SHOWN_MISSING = 20
SHOWN_PROPERTIES = 300  # characters of a feature's properties printed per line


def describe(load: GeoLoad) -> str:
    """A plain-text account of one load."""
    plural = {"province": "provinces", "district": "districts"}[load.level]
    how = {h: sum(m.how == h for m in load.matches) for h in ("code", "name", "place")}
    matched = sum(m.code is not None for m in load.matches)
    lines = [
        f"{load.source}",
        f"  {load.features} features of {plural} (sha256 {load.sha256[:12]}…)",
        f"  matched {matched}: {how['code']} by code, {how['name']} by name, "
        f"{how['place']} by name and place",
    ]
    if load.unmatched:
        lines.append(f"  NOT matched {len(load.unmatched)} (left out):")
        for item in load.unmatched:
            properties = json.dumps(item["properties"], ensure_ascii=False)
            if len(properties) > SHOWN_PROPERTIES:
                properties = properties[:SHOWN_PROPERTIES] + "…"
            lines.append(f"    feature {item['index']}: {item['reason']}  {properties}")
    for code, indices in sorted(load.joined.items()):
        lines.append(f"  joined features {', '.join(map(str, indices))} into {code}")
    if load.repaired:
        lines.append(f"  repaired {load.repaired} invalid geometries")
    if load.missing:
        shown = ", ".join(load.missing[:SHOWN_MISSING]) + (
            " …" if len(load.missing) > SHOWN_MISSING else ""
        )
        lines.append(f"  {len(load.missing)} DOPA {plural} have no feature in this file: {shown}")
    if load.version is None:
        lines.append("  nothing loaded: no feature matched a DOPA code")
        return "\n".join(lines)
    if not load.coverage_valid:
        lines.append(
            "  note: the areas overlap or their shared edges do not match (not a clean coverage)"
        )
    counts = load.counts
    derived = (
        f"  web geometry: {counts['source_vertices']:,} -> {counts['web_vertices']:,} vertices, "
        f"{counts['web_bytes']:,} bytes"
    )
    if load.level == "district":
        derived += f"; {counts['adjacent_pairs']:,} neighbouring pairs; {counts['points']:,} points"
    lines += [derived, f"  published as geo version {load.version}"]
    return "\n".join(lines)
