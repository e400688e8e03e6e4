"""Pure map builders: loaded boundaries and a polars frame in, a Plotly figure out (base: the
shared frame; legend: colour classes; areas: coloured areas; points: clubs and plans)."""

from __future__ import annotations

from dashboard.maps.areas import add_names, area_map, outline_map
from dashboard.maps.base import (
    COMMANDS,
    HEIGHTS,
    clicked,
    focus,
    map_title,
    measure_label,
    no_boundaries,
)
from dashboard.maps.legend import Classes, change_classes, share_classes
from dashboard.maps.points import add_clubs, add_links, add_points, club_map, plan_map

__all__ = [
    "COMMANDS", "HEIGHTS", "Classes", "add_clubs", "add_links", "add_names", "add_points", "area_map", "change_classes",
    "clicked", "club_map", "focus", "map_title", "measure_label", "no_boundaries", "outline_map", "plan_map",
    "share_classes",
]  # fmt: skip
