from django import template

register = template.Library()

KHMER = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


@register.filter
def khmer_digits(value) -> str:
    """Write the digits of ``value`` in Khmer script (for the Khmer half of a notice)."""
    return str(value).translate(KHMER)
