from django.utils.translation import get_language


def local_name(obj, field: str = "name") -> str:
    """The name to show: the Khmer one on Khmer pages when there is one, else the Latin one."""
    khmer = getattr(obj, f"{field}_km", "")
    if khmer and (get_language() or "").startswith("km"):
        return khmer
    return getattr(obj, f"{field}_en", "")
