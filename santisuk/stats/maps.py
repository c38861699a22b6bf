"""Cases per commune, drawn without map tiles.

The gazetteer has codes and names but no coordinates or boundaries, so the map is a tile grid:
one square per commune, one row per district, one block per province, each square shaded by its
number of cases. Where cases carry a GPS point, a second drawing places them as proportional
circles on longitude and latitude axes (no base layer). Both are SVG made here, so the page works
on a network without internet.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Round
from django.utils.safestring import SafeString, mark_safe

from santisuk.geo.borders import border_paths
from santisuk.geo.models import Area

# Sequential shades, light to dark; 0 cases stays white.
SHADES = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
# Cambodia's extent with a margin, for the point drawing.
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 102.2, 107.8, 10.3, 14.8


@dataclass
class CommuneCell:
    code: str
    name_en: str
    name_km: str
    count: int = 0


@dataclass
class DistrictRow:
    code: str
    name_en: str
    name_km: str
    communes: list[CommuneCell] = field(default_factory=list)


@dataclass
class ProvinceBlock:
    code: str
    name_en: str
    name_km: str
    districts: list[DistrictRow] = field(default_factory=list)
    total: int = 0
    imprecise: int = 0  # cases placed only at district or province level


def commune_counts(cases: QuerySet) -> tuple[list[ProvinceBlock], list[CommuneCell], int]:
    """Blocks of the provinces that have cases, every commune of them with its count; the
    communes with cases, most first; the number of cases with no place."""
    by_place = {row["place"]: row["n"] for row in cases.values("place").annotate(n=Count("pk"))}
    places = Area.objects.in_bulk([pk for pk in by_place if pk is not None])
    commune_count: dict[int, int] = defaultdict(int)
    imprecise: dict[int, int] = defaultdict(int)
    provinces: set[int] = set()
    no_place = by_place.get(None, 0)
    for pk, n in by_place.items():
        area = places.get(pk)
        if area is None:
            continue
        provinces.add(area.province_id)
        if area.level == "village":
            commune_count[area.parent_id] += n
        elif area.level == "commune":
            commune_count[area.pk] += n
        else:
            imprecise[area.province_id] += n

    blocks = []
    with_cases = []
    areas = Area.objects.filter(
        province_id__in=provinces, level__in=("province", "district", "commune")
    ).order_by("code")
    block_of: dict[int, ProvinceBlock] = {}
    district_of: dict[int, DistrictRow] = {}
    for area in areas:
        if area.level == "province":
            block = ProvinceBlock(area.code, area.name_en, area.name_km)
            block.imprecise = imprecise.get(area.pk, 0)
            block.total = block.imprecise
            block_of[area.pk] = block
            blocks.append(block)
        elif area.level == "district" and area.province_id in block_of:
            row = DistrictRow(area.code, area.name_en, area.name_km)
            district_of[area.pk] = row
            block_of[area.province_id].districts.append(row)
        elif area.level == "commune" and area.parent_id in district_of:
            # A commune retired from the gazetteer still shows when cases point at it.
            count = commune_count.get(area.pk, 0)
            if area.valid_to is not None and not count:
                continue
            cell = CommuneCell(area.code, area.name_en, area.name_km, count)
            district_of[area.parent_id].communes.append(cell)
            block_of[area.province_id].total += count
            if count:
                with_cases.append(cell)
    with_cases.sort(key=lambda cell: (-cell.count, cell.code))
    return blocks, with_cases, no_place


def shade(count: int, largest: int) -> str:
    if count <= 0 or largest <= 0:
        return "#ffffff"
    # Square-root classes: a few busy communes should not wash out the rest.
    index = min(int(math.sqrt(count / largest) * len(SHADES)), len(SHADES) - 1)
    return SHADES[index]


def legend(largest: int) -> list[tuple[str, str]]:
    """(colour, range) of each shade for the page's legend."""
    if largest <= 0:
        return []
    items = []
    low = 1
    for index, colour in enumerate(SHADES):
        high = math.floor(largest * ((index + 1) / len(SHADES)) ** 2)
        if index == len(SHADES) - 1:
            high = largest
        if high >= low:
            items.append((colour, f"{low}–{high}" if high > low else f"{low}"))
            low = high + 1
    return items


def tile_grid(block: ProvinceBlock, largest: int, language_km: bool = False) -> SafeString:
    size, gap, label_width = 14, 2, 170
    longest = max([len(d.communes) for d in block.districts] + [1])
    width = label_width + longest * (size + gap) + 4
    height = len(block.districts) * (size + gap) + 4
    name = "name_km" if language_km else "name_en"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart tile-map" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(getattr(block, name))}" font-family="sans-serif" font-size="11">'
    ]
    for row_index, district in enumerate(block.districts):
        y = row_index * (size + gap) + 2
        label = getattr(district, name) or district.name_en
        parts.append(
            f'<text x="{label_width - 6}" y="{y + size - 3}" text-anchor="end">'
            f"{escape(label[:28])}</text>"
        )
        for column, cell in enumerate(district.communes):
            x = label_width + column * (size + gap)
            text = f"{cell.code} {getattr(cell, name) or cell.name_en}: {cell.count}"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{size}" height="{size}" '
                f'fill="{shade(cell.count, largest)}" stroke="#9aa5b1" stroke-width="0.5">'
                f"<title>{escape(text)}</title></rect>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above


def point_counts(cases: QuerySet) -> list[dict[str, Any]]:
    """Cases with a GPS point, gathered on a grid of about one kilometre (0.01°)."""
    return list(
        cases.filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(lat=Round("latitude", 2), lon=Round("longitude", 2))
        .values("lat", "lon")
        .annotate(n=Count("pk"))
        .order_by("-n")[:5000]
    )


def point_map(points: list[dict[str, Any]], width: int = 720) -> SafeString:
    height = round(width * (LAT_MAX - LAT_MIN) / (LON_MAX - LON_MIN))
    largest = max([p["n"] for p in points] + [1])

    def project(lat: float, lon: float) -> tuple[float, float]:
        x = (lon - LON_MIN) / (LON_MAX - LON_MIN) * width
        return x, (LAT_MAX - lat) / (LAT_MAX - LAT_MIN) * height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart point-map" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" '
        'font-size="10">',
        f'<rect width="{width}" height="{height}" fill="#eef4f8" stroke="#c8ced6"/>',
        border_paths(project, width, height),
    ]
    for lon in range(103, 108):
        x = (lon - LON_MIN) / (LON_MAX - LON_MIN) * width
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#e3e8ee"/>'
            f'<text x="{x + 2:.1f}" y="{height - 4}" fill="#7b8794">{lon}°E</text>'
        )
    for lat in range(11, 15):
        y = (LAT_MAX - lat) / (LAT_MAX - LAT_MIN) * height
        parts.append(
            f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#e3e8ee"/>'
            f'<text x="2" y="{y - 2:.1f}" fill="#7b8794">{lat}°N</text>'
        )
    for point in points:
        lat, lon = float(point["lat"]), float(point["lon"])
        x, y = project(lat, lon)
        radius = 2 + 12 * math.sqrt(point["n"] / largest)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#1f5f99" '
            f'fill-opacity="0.55" stroke="#08519c"><title>{lat:.2f}, {lon:.2f}: '
            f"{point['n']}</title></circle>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers, and the borders' escaped title
