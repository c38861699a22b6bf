"""Normalisation of what people type or what a source file holds: codes and names.

Shared by the model (``search_name``), the reference loader, the look-up and the form field, so
that a code or a name is compared the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters some source files put inside Khmer names (word-break hints). They change
# nothing on screen but defeat every comparison, so they are dropped.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")


def normalise_code(text: object) -> str:
    """What a user typed as a code, in ASCII digits with spaces removed.

    Khmer digits (០-៩) and any other Unicode decimal digits become ASCII digits, so that
    "១២ ០១" and "1201" are the same code. Anything that is not a digit is kept as it is, so the
    caller can tell a code from a name with :func:`is_code_query`.
    """
    out = []
    for char in unicodedata.normalize("NFC", str(text)).translate(INVISIBLE):
        if char.isspace():
            continue
        if char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    # Dropping a space can bring two combining marks together; normalise again so that the
    # result is stable when normalised twice.
    return unicodedata.normalize("NFC", "".join(out))


def is_code_query(text: str) -> bool:
    """True when ``text`` (already normalised) can be a code or the start of one."""
    return 0 < len(text) <= 8 and text.isascii() and text.isdigit()


def normalise_name(text: object) -> str:
    """A name as stored: Unicode NFC, no invisible characters, single spaces, no padding."""
    text = unicodedata.normalize("NFC", str(text)).translate(INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def search_key(text: object) -> str:
    """The form of a Latin name that search compares: case-folded, with spaces and punctuation
    removed, because romanisations differ in both ("Siemreap" / "Siem Reap", "Ta  Bun")."""
    folded = normalise_name(text).casefold()
    # Letters, digits and combining marks (Khmer vowel signs are marks) are kept.
    return "".join(char for char in folded if unicodedata.category(char)[0] in "LNM")
