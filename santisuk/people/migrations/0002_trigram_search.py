from django.db import migrations

from santisuk.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        # ``people.selectors.persons_named``: the start of a word anywhere in the stored forms.
        trigram_indexes(
            "people_person",
            {
                "people_person_search_name_trgm": "search_name",
                "people_person_search_name_km_trgm": "search_name_km",
            },
        )
    ]
