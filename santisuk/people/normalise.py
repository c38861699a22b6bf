"""Normal forms used to compare names and document numbers.

Latin names are case-folded and split into tokens; Khmer names are brought to NFC and stripped
of spaces and invisible joiners, because the same name is typed with or without a space between
family and given name and with stray zero-width spaces (common in Khmer word processing).
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width space, non-joiner, joiner, word joiner, byte-order mark, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")
_LATIN_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_ASCII_TOKEN = re.compile(r"[a-z]+")
# Spaces, dashes of every kind (a hyphen typed in a word processor is U+2010), dots, slashes.
_IDENTIFIER_DROP = re.compile(r"[\s\-./_\u2010-\u2015\u2212]+")
_ALPHA3 = re.compile(r"^[A-Z]{3}$")


def has_khmer(text: str) -> bool:
    return bool(_KHMER.search(text or ""))


def latin_tokens(text: str) -> list[str]:
    """Case-folded words of a Latin name; accents are dropped (ĐỖ → do) so that a name typed
    without them still matches."""
    text = text or ""
    if text.isascii():  # most names: nothing to unfold or drop (a million-row import's rows)
        return _ASCII_TOKEN.findall(text.lower())
    # Compatibility forms (𝐀, ﬁ) are unfolded before case-folding, and again after it.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d")
    return [t for t in _LATIN_TOKEN.findall(stripped) if not has_khmer(t)]


def latin_key(*parts: str) -> str:
    """The stored search form: tokens joined by single spaces with a space at each end, so that
    "starts a word" is the SQL ``LIKE '% tok%'`` on any database."""
    tokens = [t for part in parts for t in latin_tokens(part)]
    return f" {' '.join(tokens)} " if tokens else ""


def khmer_key(text: str) -> str:
    # Dropping invisible characters and spaces first lets NFC compose what they separated.
    text = "".join((text or "").translate(_INVISIBLE).split())  # split(): every isspace()
    return unicodedata.normalize("NFC", text)


def identifier_number(value: str) -> str:
    """Document numbers are compared without spaces, dashes, dots or slashes, in capitals."""
    text = value or ""
    if text.isascii() and text.isdigit():  # already in its normal form
        return text
    # Upper-casing and dropping separators can make new NFKC compositions; repeat to a fixed point.
    for _round in range(4):
        new = _IDENTIFIER_DROP.sub("", unicodedata.normalize("NFKC", text)).upper()
        if new == text:
            break
        text = new
    return text


def is_alpha3(value: str) -> bool:
    return bool(_ALPHA3.match(value or ""))
