"""Distances on the Earth and the venue a point falls in, without a spatial database."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8
# A degree of latitude is 111 km; a degree of longitude is at least 107 km in Cambodia (up to
# 15° N). Counting 100 km a degree makes a grid cell at least as wide as the largest radius.
METRES_PER_DEGREE = 100_000
MIN_CELL = 0.0005


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class VenuePoint:
    pk: int
    name: str
    latitude: float
    longitude: float
    radius_m: int
    area_id: int | None


class VenueIndex:
    """Venues by grid cell and by folded name, for matching many sightings quickly.

    A cell is as wide as the largest venue radius, so a point inside a venue's circle lies in
    the venue's cell or one of the eight around it; each venue is listed in those nine cells,
    so a point is compared with the venues of its own cell only: a handful, not all of them."""

    def __init__(self, venues: Iterable[VenuePoint]):
        venues = list(venues)
        self.cell = max([MIN_CELL, *(v.radius_m / METRES_PER_DEGREE for v in venues)])
        self.cells: dict[tuple[int, int], list[VenuePoint]] = defaultdict(list)
        self.by_name: dict[str, VenuePoint] = {}
        for venue in venues:
            row, col = self._cell(venue.latitude, venue.longitude)
            # Listed in its own cell and the eight around it: a point looks in one cell only.
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    self.cells[(row + dr, col + dc)].append(venue)
            self.by_name.setdefault(fold_name(venue.name), venue)
        self.cells = dict(self.cells)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self.cell), math.floor(lon / self.cell))

    def at(self, lat: float, lon: float) -> VenuePoint | None:
        """The nearest venue whose radius contains the point."""
        cell = self.cell
        near = self.cells.get((math.floor(lat / cell), math.floor(lon / cell)))
        if not near:
            return None
        best: tuple[float, VenuePoint] | None = None
        for venue in near:
            distance = haversine_m(lat, lon, venue.latitude, venue.longitude)
            if distance <= venue.radius_m and (best is None or distance < best[0]):
                best = (distance, venue)
        return best[1] if best else None

    def named(self, name: str) -> VenuePoint | None:
        return self.by_name.get(fold_name(name)) if name else None


def fold_name(name: str) -> str:
    return " ".join(name.casefold().split())
