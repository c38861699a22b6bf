from santisuk.org.models.officer import Officer
from santisuk.org.models.unit import Unit

__all__ = ["Officer", "Unit"]
