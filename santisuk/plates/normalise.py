"""The normalised form of a licence plate: the key a sighting is matched on.

A plate is written many ways: by the issuing office ("ប៉ូលិស 2-1234"), by a patrol officer on a
phone ("police 21234"), by a citizen ("2 - ១២៣៤") and by a camera that reads an O for a 0. The
normalised form makes all of these one string. The rules, applied in this order:

1. Unicode NFKC: full-width and other compatibility forms become their plain letters and digits.
2. The Khmer word ប៉ូលិស ("police") reads as the Latin word POLICE.
3. Khmer digits ០១២៣៤៥៦៧៨៩ become 0123456789 (and so do other Unicode decimal digits).
4. Letters are upper-cased.
5. Cyrillic and Greek capitals that look like Latin ones (А В Е К М Н О Р С Т Х У, Α Β Ε …)
   become those Latin letters: a plate misread or typed on a Cyrillic keyboard still matches.
6. Everything that is not a letter, a digit or a Khmer vowel sign is removed: spaces, dashes of
   every kind, dots, slashes, underscores.
7. Latin letters a camera or a witness confuses with digits become those digits:
   O, Q, D → 0; I, L → 1; Z → 2; S → 5; G → 6; B → 8.

The form is only a key: it is stored next to the plate number as issued, which is what people
read. Applying the rules twice gives the same result as applying them once.
"""

from __future__ import annotations

import unicodedata

KHMER_POLICE = "ប៉ូលិស"
CONFUSABLES = str.maketrans("OQDILZSGB", "000112568")
LOOKALIKES = str.maketrans(
    # Cyrillic capitals, then Greek capitals (the text is upper-cased first).
    "АВЕКМНОРСТХУІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "ABEKMHOPCTXYIJSABEZHIKMNOPTYX",
)

# Rules 4, 6 and 7 for plain ASCII text in one table, applied by a single str.translate: an
# ASCII letter or digit becomes its upper-case, unconfused form, anything else is removed.
ASCII_FOLD = str.maketrans(
    {
        code: (chr(code).upper().translate(CONFUSABLES) if chr(code).isalnum() else None)
        for code in range(128)
    }
)


def _keep(char: str) -> bool:
    category = unicodedata.category(char)
    # Letters and digits carry the plate; Khmer combining vowel signs belong to their letter.
    return category[0] in ("L", "N") or (category[0] == "M" and "\u1780" <= char <= "\u17ff")


def _digit(char: str) -> str:
    value = unicodedata.decimal(char, None)
    return str(value) if value is not None else char


def normalise_plate(text: str) -> str:
    """The normalised form of ``text`` (see the module's rules). "" for text with no letter or
    digit."""
    if not text:
        return ""
    if text.isascii():
        # Most camera readings are plain ASCII: the same rules without the Unicode steps.
        return text.translate(ASCII_FOLD)
    value = unicodedata.normalize("NFKC", text)
    value = value.replace(KHMER_POLICE, "POLICE")
    value = "".join(_digit(c) for c in value)
    value = value.upper().translate(LOOKALIKES)
    value = "".join(c for c in value if _keep(c))
    return value.translate(CONFUSABLES)
