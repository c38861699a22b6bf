"""The venue index finds the same venue as comparing the point with every venue."""

from hypothesis import given, settings
from hypothesis import strategies as st

from santisuk.plates.geometry import VenueIndex, VenuePoint, haversine_m

lat = st.floats(min_value=11.50, max_value=11.60)
lon = st.floats(min_value=104.85, max_value=104.95)
venues = st.lists(
    st.tuples(lat, lon, st.integers(min_value=5, max_value=5000)), min_size=1, max_size=30
)


def _brute(points, la, lo):
    inside = [
        (haversine_m(la, lo, v.latitude, v.longitude), v.pk)
        for v in points
        if haversine_m(la, lo, v.latitude, v.longitude) <= v.radius_m
    ]
    return min(inside)[1] if inside else None


@settings(max_examples=200, deadline=None)
@given(venues, lat, lon)
def test_index_matches_brute_force(raw, la, lo):
    points = [VenuePoint(i, f"v{i}", a, b, r, None) for i, (a, b, r) in enumerate(raw)]
    found = VenueIndex(points).at(la, lo)
    assert (found.pk if found else None) == _brute(points, la, lo)


def test_haversine_phnom_penh_to_siem_reap():
    # Wat Phnom to Angkor Wat: about 233 km as the crow flies.
    assert 225_000 < haversine_m(11.5765, 104.9230, 13.4125, 103.8670) < 240_000
