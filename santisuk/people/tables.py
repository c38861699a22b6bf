import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from santisuk.people.models import Person, PersonMerge


class PersonTable(tables.Table):
    record_number = tables.Column(
        verbose_name=_("Record"),
        accessor="pk",
        linkify=("people:person_detail", {"pk": tables.A("pk")}),
    )
    birth = tables.Column(verbose_name=_("Born"), accessor="birth_display", orderable=False)
    birth_place = tables.Column(verbose_name=_("Place of birth"), orderable=False)
    documents = tables.Column(verbose_name=_("Documents"), empty_values=(), orderable=False)

    class Meta:
        model = Person
        fields = (
            "record_number",
            "family_name",
            "given_name",
            "name_km",
            "sex",
            "birth",
            "birth_place",
            "nationality",
            "documents",
        )
        # Search results come ranked by how well the name matches; keep that order.
        orderable = False

    def render_record_number(self, record):
        return record.record_number

    def render_documents(self, record):
        return ", ".join(i.number for i in record.identifiers.all()) or "—"


class PersonMergeTable(tables.Table):
    class Meta:
        model = PersonMerge
        fields = ("source", "target", "status", "reason", "proposed_by", "proposed_at")
        orderable = False
