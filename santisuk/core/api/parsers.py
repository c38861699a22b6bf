"""Request bodies the API accepts."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class StrictJSONParser(JSONParser):
    """JSON whose strings are all real text. JSON may spell a lone UTF-16 surrogate
    ("\\udc80"), which Python decodes into a string that can be neither stored nor sent back;
    such a body is refused here with a 400 instead of failing later with a server error."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError(_("The body holds text that is not valid Unicode.")) from exc
        return data
