"""The country borders under the offline maps."""

import re

from django.test import override_settings

from santisuk.geo import borders


def _bbox(rings):
    lons = [lon for ring in rings for lon, _lat in ring]
    lats = [lat for ring in rings for _lon, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def test_cambodia_and_its_neighbours_are_read_from_the_installed_atlas():
    rings = borders.country_rings()
    assert set(rings) == {borders.CAMBODIA, *borders.NEIGHBOURS}
    west, south, east, north = _bbox(rings[borders.CAMBODIA])
    # Cambodia lies between about 102.3°E and 107.6°E, 10.4°N and 14.7°N.
    assert 102.0 < west < 102.6 and 107.3 < east < 107.9
    assert 9.9 < south < 10.8 and 14.4 < north < 14.9
    # The mainland is one closed ring of many points.
    assert max(len(ring) for ring in rings[borders.CAMBODIA]) > 100


def test_paths_follow_the_map_projection_and_stay_near_the_map():
    def project(lat, lon):  # 100 px per degree, north up
        return (lon - 102.0) * 100, (15.0 - lat) * 100

    svg = str(borders.border_paths(project, 600, 500))
    country = re.search(r'class="map-country" d="([^"]+)"', svg).group(1)
    points = [tuple(map(float, p.split(","))) for p in re.findall(r"[-\d.]+,[-\d.]+", country)]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    assert 20 < min(xs) < 70 and 530 < max(xs) < 600  # 102.3°E … 107.6°E
    assert 20 < min(ys) < 70 and 420 < max(ys) < 510  # 14.7°N … 10.4°N
    neighbours = re.search(r'class="map-neighbours" d="([^"]+)"', svg).group(1)
    far = [float(v) for v in re.findall(r"-?\d+\.?\d*", neighbours)]
    assert min(far) >= -20 and max(far) <= 620  # Laos, Thailand, Vietnam cut at the edge


def test_without_the_atlas_the_maps_have_no_borders(tmp_path):
    borders.country_rings.cache_clear()
    try:
        with override_settings(WORLD_ATLAS_FILE=tmp_path / "missing.json"):
            assert borders.border_paths(lambda lat, lon: (lon, lat), 10, 10) == ""
    finally:
        borders.country_rings.cache_clear()
