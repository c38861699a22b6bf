"""Request bodies the API accepts: JSON, forms and multipart forms whose text is real text.

JSON may spell a lone UTF-16 surrogate ("\\udc80"), which Python decodes into a string that can
be neither stored nor sent back, and any body may carry NUL characters, which PostgreSQL refuses
even in a lookup. Both would surface later as a server error; the parsers refuse such a body
at once with a 400 that says why."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser


def check_text(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(_("The body holds a NUL character, which no field accepts."))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError(_("The body holds text that is not valid Unicode.")) from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key)
            check_text(item)
    elif isinstance(value, list | tuple):
        for item in value:
            check_text(item)


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_text(data)
        return data


class StrictFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_text(dict(data.lists()))
        return data


class StrictMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        check_text(dict(result.data.lists()))
        return result
