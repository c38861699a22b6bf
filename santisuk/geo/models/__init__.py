from santisuk.geo.models.area import Area

__all__ = ["Area"]
