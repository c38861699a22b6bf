"""The normalised plate: the documented folding rules, checked on examples and on any text."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from santisuk.plates.ingest import _plain, parse_row
from santisuk.plates.normalise import normalise_plate

KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ប៉ូលិស 2-1234", "P011CE21234"),
        ("police 21234", "P011CE21234"),
        ("POLICE ២-១២៣៤", "P011CE21234"),
        ("2A – 0l23", "2A0123"),  # en dash, small L read as 1
        ("２Ａ-0123", "2A0123"),  # full-width
        ("2A.O123", "2A0123"),  # letter O read as zero
        ("РР 2-1234", "PP21234"),  # Cyrillic Р typed for Latin P
        ("  ", ""),
    ],
)
def test_examples(written, expected):
    assert normalise_plate(written) == expected


@given(st.text())
def test_applying_twice_changes_nothing(text):
    once = normalise_plate(text)
    assert normalise_plate(once) == once


@given(st.text(alphabet="ABCEFHJKMNPRTUVWXY0123456789", min_size=1, max_size=10), st.data())
def test_spacing_dashes_and_case_do_not_matter(plate, data):
    separators = st.sampled_from([" ", "-", "–", "—", ".", "  ", "/"])
    gaps = [data.draw(separators) if data.draw(st.booleans()) else "" for _ in plate]
    written = "".join(c + gap for c, gap in zip(plate, gaps, strict=True))
    assert normalise_plate(written.lower()) == normalise_plate(plate)


@given(st.text(alphabet="0123456789", min_size=1, max_size=10))
def test_khmer_digits_are_latin_digits(digits):
    khmer = digits.translate(str.maketrans("0123456789", KHMER_DIGITS))
    assert normalise_plate(khmer) == normalise_plate(digits) == digits


@given(st.text())
def test_only_letters_and_digits_remain(text):
    assert all(c.isalnum() or "\u1780" <= c <= "\u17ff" for c in normalise_plate(text))


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
