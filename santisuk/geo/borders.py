"""Country borders under the offline maps: Cambodia and its neighbours from Natural Earth
(public domain) as packaged by world-atlas (TopoJSON, installed by the setup command; see
``settings.WORLD_ATLAS_FILE``), drawn as SVG paths in whatever projection a map uses. Without
the file the maps are drawn as before, on a plain background."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

CAMBODIA = "116"  # ISO 3166 numeric codes, as world-atlas names its countries
NEIGHBOURS = ("764", "418", "704")  # Thailand, Laos, Vietnam

Ring = list[tuple[float, float]]  # (longitude, latitude)


@functools.cache
def country_rings() -> dict[str, list[Ring]]:
    """The rings (outer borders and islands) of Cambodia and its neighbours, or {} when the
    file is not installed."""
    try:
        topology = json.loads(settings.WORLD_ATLAS_FILE.read_text(encoding="utf-8"))
    except OSError:
        return {}
    (scale_x, scale_y), (move_x, move_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs: list[Ring] = []
    for arc in topology["arcs"]:  # quantised, each position a delta from the one before
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    rings: dict[str, list[Ring]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if code != CAMBODIA and code not in NEIGHBOURS:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings[code] = [_ring(arcs, indexes) for polygon in polygons for indexes in polygon]
    return rings


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    ring: Ring = []
    for index in indexes:
        # A negative index is the arc ~index walked backwards; arcs share their end points.
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def border_paths(
    project: Callable[[float, float], tuple[float, float]], width: float, height: float
) -> SafeString:
    """SVG paths of the neighbours' land (pale) and Cambodia (lighter, outlined) for a map of
    ``width`` × ``height`` whose ``project(latitude, longitude)`` gives (x, y). Points far
    outside the map are pulled to its edge, so a page carries no more of a neighbour than
    shows."""
    rings = country_rings()
    if not rings:
        return mark_safe("")
    margin = 20

    def path(country_rings: list[Ring]) -> str:
        parts = []
        for ring in country_rings:
            points = []
            for lon, lat in ring:
                x, y = project(lat, lon)
                point = (
                    round(min(max(x, -margin), width + margin), 1),
                    round(min(max(y, -margin), height + margin), 1),
                )
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) > 2:
                parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
        return "".join(parts)

    neighbours = "".join(path(rings[code]) for code in NEIGHBOURS if code in rings)
    cambodia = path(rings.get(CAMBODIA, []))
    return format_html(
        '<path class="map-neighbours" d="{}" fill="#e6e2d6" stroke="#c9c2ae" '
        'stroke-width="0.6"/><path class="map-country" d="{}" fill="#fbfaf6" stroke="#8a8372" '
        'stroke-width="1"><title>{}</title></path>',
        neighbours,
        cambodia,
        _("Cambodia"),
    )
