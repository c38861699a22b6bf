"""The normalised plate: the documented folding rules, checked on examples and on any text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
