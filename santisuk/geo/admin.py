from django.contrib import admin

from santisuk.geo.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """Administrators correct the gazetteer here (a unit's type, a misspelt name); the list
    itself comes from ``santisuk load_reference``."""

    list_display = (
        "code",
        "name_en",
        "name_km",
        "level",
        "kind",
        "parent",
        "valid_from",
        "valid_to",
    )
    list_filter = ("level", "kind", ("valid_to", admin.EmptyFieldListFilter))
    search_fields = ("code", "name_en", "name_km", "search_name")
    raw_id_fields = ("parent", "province")
    readonly_fields = ("search_name", "created_at", "updated_at")
    list_select_related = ("parent",)
    ordering = ("code", "valid_from")
