"""The Khmer catalog ships compiled and complete: no gettext is needed to run Santisuk, and no
message is left in English for a Khmer reader."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "santisuk" / "locale" / "km" / "LC_MESSAGES"


def _po_entries(path: Path) -> list[dict]:
    """msgctxt/msgid/msgid_plural/msgstr[n] of each entry of a .po file (obsolete ones left out)."""
    entries, current, key = [], {}, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            current["fuzzy"] = True
            continue
        if not line or line.startswith("#"):
            if current and not line:
                entries.append(current)
                current, key = {}, None
            continue
        if line.startswith('"'):
            current[key] += ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        current[key] = ast.literal_eval(value)
    if current:
        entries.append(current)
    return [e for e in entries if e.get("msgid")]


@pytest.fixture(scope="module")
def po_entries():
    return _po_entries(LOCALE / "django.po")


@pytest.fixture(scope="module")
def mo_catalog():
    with (LOCALE / "django.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_every_message_has_a_khmer_translation(po_entries):
    untranslated = [e["msgid"] for e in po_entries if not (e.get("msgstr") or e.get("msgstr[0]"))]
    fuzzy_free = all("fuzzy" not in e for e in po_entries)

    assert len(po_entries) > 500
    assert untranslated == []
    assert fuzzy_free


def test_the_compiled_catalog_matches_its_source(po_entries, mo_catalog):
    for entry in po_entries:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            got = (
                mo_catalog.npgettext(context, entry["msgid"], entry["msgid_plural"], 1)
                if context
                else mo_catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            )
            expected = entry["msgstr[0]"]
        else:
            got = (
                mo_catalog.pgettext(context, entry["msgid"])
                if context
                else mo_catalog.gettext(entry["msgid"])
            )
            expected = entry["msgstr"]
        assert got == expected, f"django.mo is older than django.po for {entry['msgid']!r}"


def test_placeholders_survive_translation(po_entries):
    pattern = re.compile(r"%\((\w+)\)[sdr]")
    for entry in po_entries:
        source = set(pattern.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        target = set(pattern.findall(entry.get("msgstr") or entry.get("msgstr[0]", "")))
        # A Khmer plural has one form, so it may leave out a count the English singular hides.
        assert target <= source and (source - target) <= {"counter"}, entry["msgid"]


def test_django_uses_the_shipped_catalog():
    with translation.override("km"):
        assert translation.gettext("Log out") == "ចាកចេញ"
        assert translation.gettext("This field is required.") == "តម្រូវឱ្យបំពេញវាលនេះ។"
        # One plural form in Khmer: any count takes it.
        many = translation.ngettext("%(counter)s record", "%(counter)s records", 5)
        assert many == "កំណត់ត្រា %(counter)s"
