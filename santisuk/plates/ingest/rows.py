"""One camera row: the fields, their rules and the clean values (``parse_row``), and a fast
path for the usual row that accepts exactly the same."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import Any

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from santisuk.plates.choices import SightingSource
from santisuk.plates.normalise import ASCII_FOLD, normalise_plate

FIELDS = (
    "source",
    "device_id",
    "captured_at",
    "plate_text",
    "latitude",
    "longitude",
    "venue_name",
    "image_sha256",
)
FIELD_SET = frozenset(FIELDS)
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
UTC = datetime.UTC
SOURCES = frozenset(SightingSource.values)
CAMERA = str(SightingSource.CAMERA)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# A camera clock a little ahead is tolerated; a reading from the future is not a reading.
CLOCK_SKEW = datetime.timedelta(minutes=10)


class RowInvalid(ValueError):
    pass


def _text(data: dict, name: str, limit: int) -> str:
    value = data.get(name)
    if value is None:
        return ""
    value = (value if value.__class__ is str else str(value)).strip()
    if "\x00" in value:
        raise RowInvalid(_("%(field)s: contains a NUL character.") % {"field": name})
    if len(value) > limit:
        raise RowInvalid(
            _("%(field)s: at most %(limit)d characters.") % {"field": name, "limit": limit}
        )
    return value


def _coordinate(data: dict, name: str, limit: int) -> float | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RowInvalid(_("%(field)s: not a number.") % {"field": name}) from None
    if not -limit <= number <= limit or number != number:
        raise RowInvalid(
            _("%(field)s: between -%(limit)d and %(limit)d.") % {"field": name, "limit": limit}
        )
    return number


def _captured_at(data: dict, latest: datetime.datetime) -> datetime.datetime:
    raw_time = _text(data, "captured_at", 40)
    if not raw_time:
        raise RowInvalid(_("captured_at: required."))
    try:
        captured_at = datetime.datetime.fromisoformat(raw_time)
    except ValueError:
        try:
            captured_at = parse_datetime(raw_time)
        except ValueError:
            captured_at = None
    if captured_at is None:
        raise RowInvalid(
            _("captured_at: not a date and time (ISO 8601, e.g. 2026-11-23T21:05:00+07:00).")
        )
    if captured_at.tzinfo is None:  # cameras set to local time
        captured_at = captured_at.replace(tzinfo=LOCAL)
    captured_at = captured_at.astimezone(UTC)
    if captured_at > latest:
        raise RowInvalid(_("captured_at: in the future."))
    return captured_at


def parse_row(data: Any, latest: datetime.datetime | None = None) -> dict[str, Any]:
    """The clean values of one row, or ``RowInvalid`` naming the field and the rule.

    ``latest`` is the latest capture time accepted (now plus the clock skew allowed)."""
    if data.__class__ is not dict:
        raise RowInvalid(
            _("A row must be an object with the fields %(fields)s.") % {"fields": ", ".join(FIELDS)}
        )
    if not FIELD_SET.issuperset(data):
        unknown = sorted(set(data) - FIELD_SET)
        raise RowInvalid(_("Unknown field: %(fields)s.") % {"fields": ", ".join(unknown)})
    source = _text(data, "source", 10).lower() or CAMERA
    if source not in SOURCES:
        raise RowInvalid(
            _("source: must be one of %(values)s.") % {"values": ", ".join(SightingSource.values)}
        )
    device_id = _text(data, "device_id", 64)
    if not device_id and source == CAMERA:
        raise RowInvalid(_("device_id: required for a camera sighting."))
    if latest is None:
        latest = datetime.datetime.now(UTC) + CLOCK_SKEW
    captured_at = _captured_at(data, latest)
    plate_text = _text(data, "plate_text", 40)
    normalised = normalise_plate(plate_text)
    if not normalised:
        raise RowInvalid(_("plate_text: no letter or digit in it."))
    lat, lon = _coordinate(data, "latitude", 90), _coordinate(data, "longitude", 180)
    if (lat is None) != (lon is None):
        raise RowInvalid(_("latitude and longitude: give both or neither."))
    image = _text(data, "image_sha256", 64)
    if image:
        image = image.lower()
        if len(image) != 64 or not SHA256.match(image):
            raise RowInvalid(_("image_sha256: 64 hexadecimal characters."))
    return {
        "source": source,
        "device_id": device_id,
        "captured_at": captured_at,
        "plate_text": plate_text,
        "plate_normalised": normalised[:40],
        "latitude": lat,
        "longitude": lon,
        "venue_name": _text(data, "venue_name", 150),
        "image_sha256": image,
    }


def _plain_number(value: Any, limit: int) -> bool:
    return (value.__class__ is float or value.__class__ is int) and -limit <= value <= limit


def _plain(data: Any, latest: datetime.datetime) -> tuple | None:
    """The clean values of a row as a camera usually sends it (a JSON object of strings and
    numbers), in the order of ``parse_row``'s, checked by the same rules, or None for anything
    else: that goes through ``parse_row``, which accepts or rejects it with the reason. This
    path exists for speed only (the checks are written out, with no call per field); it
    accepts nothing ``parse_row`` would reject and returns the same values."""
    if data.__class__ is not dict or not FIELD_SET.issuperset(data):
        return None
    get = data.get
    source = get("source")
    if source is not None and source != CAMERA:
        return None
    device_id, raw_time, plate_text = get("device_id"), get("captured_at"), get("plate_text")
    venue_name, image = get("venue_name"), get("image_sha256")
    if venue_name is None:
        venue_name = ""
    if image is None:
        image = ""
    if not (
        device_id.__class__ is str
        and raw_time.__class__ is str
        and plate_text.__class__ is str
        and venue_name.__class__ is str
        and image.__class__ is str
    ):
        return None
    device_id, raw_time, plate_text = device_id.strip(), raw_time.strip(), plate_text.strip()
    venue_name, image = venue_name.strip(), image.strip()
    if (
        not device_id
        or not raw_time
        or not plate_text
        or len(device_id) > 64
        or len(raw_time) > 40
        or len(plate_text) > 40
        or len(venue_name) > 150
        or len(image) > 64
        or "\x00" in device_id + raw_time + plate_text + venue_name + image
    ):
        return None
    try:
        captured_at = datetime.datetime.fromisoformat(raw_time)
    except ValueError:
        return None
    if captured_at.tzinfo is None:
        return None
    captured_at = captured_at.astimezone(UTC)
    if captured_at > latest:
        return None
    normalised = plate_text.translate(ASCII_FOLD) if plate_text.isascii() else ""
    if not normalised:
        return None
    lat, lon = get("latitude"), get("longitude")
    if lat is None and lon is None:
        pass
    elif not (_plain_number(lat, 90) and _plain_number(lon, 180)):
        return None
    else:
        lat, lon = float(lat), float(lon)
    if image:
        image = image.lower()
        if len(image) != 64 or not SHA256.match(image):
            return None
    return (
        CAMERA,
        device_id,
        captured_at,
        plate_text,
        normalised[:40],
        lat,
        lon,
        venue_name,
        image,
    )
