"""Cell parsers: the text of one cell -> a value, or ``ValueError`` with a reason a clerk
understands."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def text(max_length: int | None = None) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if max_length is not None and len(value) > max_length:
            raise ValueError(
                _("At most %(limit)d characters (this one has %(length)d).")
                % {"limit": max_length, "length": len(value)}
            )
        return value

    return parse


def integer(value: str) -> int:
    try:
        return int(value.translate(KHMER_DIGITS).replace(",", "").replace(" ", ""))
    except ValueError:
        raise ValueError(_("Not a whole number.")) from None


def decimal(value: str) -> Decimal:
    try:
        return Decimal(value.translate(KHMER_DIGITS).replace(",", "").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(_("Not a number.")) from None


def coordinate(limit: int) -> Callable[[str], Decimal]:
    """Decimal degrees between -``limit`` and ``limit`` (90 for a latitude, 180 for a
    longitude), to six places (about 10 cm)."""

    def parse(value: str) -> Decimal:
        number = decimal(value)
        if not number.is_finite() or not -limit <= number <= limit:
            raise ValueError(_("Between -%(limit)d and %(limit)d.") % {"limit": limit})
        return number.quantize(Decimal("0.000001"))

    return parse


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


def date(value: str) -> datetime.date:
    """YYYY-MM-DD, or DD/MM/YYYY as written on Cambodian forms; Khmer digits accepted."""
    cleaned = value.translate(KHMER_DIGITS).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Not a date; write it as YYYY-MM-DD (for example 2024-02-25)."))


TRUE_WORDS = {"1", "y", "yes", "true", "t", "x", "បាទ", "ចាស", "ពិត"}
FALSE_WORDS = {"0", "n", "no", "false", "f", "ទេ", "មិនពិត"}


def boolean(value: str) -> bool:
    word = value.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("Write yes or no."))


def choice(choices: Any) -> Callable[[str], str]:
    """A value of a ``TextChoices`` (or a list of pairs): its code or its label, any case."""
    pairs = list(getattr(choices, "choices", choices))
    # Codes first, without translating every label for every row of a large file.
    codes = {str(code).casefold(): code for code, _label in pairs}

    def parse(value: str) -> str:
        folded = value.strip().casefold()
        if folded in codes:
            return codes[folded]
        for code, label in pairs:
            if folded in (str(code).casefold(), str(label).casefold()):
                return code
        allowed = ", ".join(str(code) for code, _label in pairs if code != "")
        raise ValueError(_("Not one of the allowed values: %(allowed)s.") % {"allowed": allowed})

    return parse


def lookup(
    model: type[models.Model], field_name: str, *, queryset: Any = None
) -> Callable[[str], models.Model]:
    """The record of ``model`` whose ``field_name`` equals the cell, e.g. a unit by its code."""

    def parse(value: str) -> models.Model:
        qs = queryset if queryset is not None else model._default_manager.all()
        matches = list(qs.filter(**{field_name: value})[:2])
        if not matches:
            raise ValueError(
                _("No %(model)s with %(field)s “%(value)s”.")
                % {
                    "model": model._meta.verbose_name,
                    "field": model._meta.get_field(field_name).verbose_name,
                    "value": value,
                }
            )
        if len(matches) > 1:
            raise ValueError(
                _("More than one %(model)s has %(field)s “%(value)s”.")
                % {
                    "model": model._meta.verbose_name,
                    "field": model._meta.get_field(field_name).verbose_name,
                    "value": value,
                }
            )
        return matches[0]

    return parse
