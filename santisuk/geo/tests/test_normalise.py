import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from santisuk.geo.normalise import (
    is_code_query,
    normalise_code,
    normalise_name,
    search_key,
)

KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"
codes = st.text(alphabet="0123456789", min_size=1, max_size=8)


def to_khmer(code: str) -> str:
    return "".join(KHMER_DIGITS[int(digit)] for digit in code)


@given(codes)
def test_khmer_digits_are_the_same_code(code):
    assert normalise_code(to_khmer(code)) == code
    assert is_code_query(normalise_code(to_khmer(code)))


@given(codes, st.lists(st.sampled_from([" ", "\u00a0", "\t", "\u200b"]), max_size=4), st.data())
def test_spaces_anywhere_are_ignored(code, spaces, data):
    text = list(code)
    for space in spaces:
        text.insert(data.draw(st.integers(0, len(text))), space)
    mixed = "".join(
        to_khmer(char) if char.isdigit() and data.draw(st.booleans()) else char for char in text
    )
    assert normalise_code(mixed) == code


@given(st.text())
def test_normalise_code_is_idempotent(text):
    once = normalise_code(text)
    assert normalise_code(once) == once


@given(st.text(alphabet=st.characters(categories=["L", "M", "N", "Zs"]), max_size=30))
def test_names_are_nfc_single_spaced_and_stable(text):
    name = normalise_name(text)
    assert name == unicodedata.normalize("NFC", name)
    assert "  " not in name and name == name.strip()
    assert normalise_name(name) == name
    assert search_key(name) == search_key(name.upper()) or not name.isascii()


def test_a_name_is_not_a_code():
    assert not is_code_query(normalise_code("Siem Reap"))
    assert not is_code_query(normalise_code("123456789"))  # longer than a village code
    assert not is_code_query("")


def test_search_key_ignores_case_spaces_and_punctuation():
    assert search_key("Siem Reap") == search_key("SIEMREAP") == "siemreap"
    assert search_key("Rolea B'ier") == "roleabier"
    assert search_key('Kaoh Thum "Ka "') == "kaohthumka"
