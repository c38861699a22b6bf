import json
from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def audit_value(value: Any) -> str:
    """A logged value as stored: text as is, Yes/No, numbers, lists and objects as JSON, a dash
    for nothing."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
