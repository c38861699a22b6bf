"""The ingest's fast path for the usual camera row agrees with the full validation."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from santisuk.plates.ingest import _plain, parse_row

_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-200, 200),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=70),
    st.sampled_from(
        [
            "camera",
            "CAMERA ",
            "patrol",
            "CAM-1",
            " CAM-2 ",
            "2026-11-20T21:05:00+07:00",
            "2026-11-20 21:05:00",
            "2099-01-01T00:00:00+00:00",
            "2A-1234",
            "ប៉ូលិស 2-1234",
            "a" * 64,
            "A" * 64,
            "11.55",
            "",
        ]
    ),
)


_VALID = {
    "source": st.sampled_from(["camera", "camera", "Camera", ""]),
    "device_id": st.sampled_from(["CAM-1", " CAM-2 "]),
    "captured_at": st.sampled_from(["2026-11-20T21:05:00+07:00", "2026-11-20T14:05:00Z"]),
    "plate_text": st.sampled_from(["2A-1234", "police 2-1234", "ប៉ូលិស 2-1234"]),
    "latitude": st.sampled_from([11.55, 11, -90]),
    "longitude": st.sampled_from([104.92, 105, 180]),
    "venue_name": st.sampled_from(["Golden Lucky Casino", ""]),
    "image_sha256": st.sampled_from(["ab" * 32, "AB" * 32]),
}


def _mostly(valid):
    return st.integers(0, 7).flatmap(lambda pick: valid if pick else _values)


@given(
    st.fixed_dictionaries(
        # Mostly valid fields, so that many rows take the fast path.
        {name: _mostly(valid) for name, valid in _VALID.items()},
        optional={"speed": _values},
    )
)
@settings(max_examples=300)
def test_the_fast_path_of_the_ingest_accepts_only_what_the_full_validation_accepts(row):
    latest = datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
    fast = _plain(row, latest)
    if fast is None:
        return
    assert fast == tuple(parse_row(row, latest).values())
