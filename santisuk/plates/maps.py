"""The offline map: points drawn as SVG over the country borders (``santisuk.geo.borders``), no
tiles and nothing fetched from the network, so it works on an air-gapped network."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from santisuk.geo.borders import border_paths

# Cambodia's bounding box with a margin (degrees).
BOUNDS = (9.8, 102.2, 14.8, 107.8)  # south, west, north, east
WIDTH, HEIGHT = 560, 500
MIN_WINDOW = 1.5  # degrees, about 165 km


def project(lat: float, lon: float, bounds=BOUNDS) -> tuple[float, float]:
    south, west, north, east = bounds
    x = (lon - west) / (east - west) * WIDTH
    y = (north - lat) / (north - south) * HEIGHT
    return round(x, 1), round(y, 1)


def svg_points(points: list[tuple[float, float, str, int]]) -> SafeString:
    """An SVG of (latitude, longitude, label, weight) points; the dot grows with the weight.
    A small cluster (all within a degree) is zoomed to fit, to a window of at least
    ``MIN_WINDOW`` degrees: there are no streets to show, and the borders or the coast give a
    place its bearings."""
    points = [p for p in points if p[0] is not None and p[1] is not None]
    bounds = BOUNDS
    if points:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        if max(lats) - min(lats) < 1 and max(lons) - min(lons) < 1:
            span = max(max(lats) - min(lats), max(lons) - min(lons))
            pad = max(span * 0.2, (MIN_WINDOW - span) / 2)
            bounds = (min(lats) - pad, min(lons) - pad, max(lats) + pad, max(lons) + pad)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="{}" class="map-point"><title>{}</title></circle>',
        (
            (*project(lat, lon, bounds), min(4 + weight, 16), label)
            for lat, lon, label, weight in points
        ),
    )
    return format_html(
        '<svg class="offline-map" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'style="display:block;width:100%;max-width:{}px;margin:0 auto" '
        'xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#eef4f8"/>'
        "{}<style>.map-point{{fill:#b3261e;fill-opacity:.7;stroke:#fff}}</style>{}</svg>",
        WIDTH,
        HEIGHT,
        "map",
        WIDTH,
        border_paths(lambda lat, lon: project(lat, lon, bounds), WIDTH, HEIGHT),
        dots,
    )
