from django.db import migrations

from santisuk.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_fewer_indexes")]

    operations = [
        # The case list's search: a reference or a word of the narrative, any case.
        trigram_indexes(
            "cases_case",
            {
                "cases_case_reference_trgm": "UPPER(reference)",
                "cases_case_narrative_trgm": "UPPER(narrative)",
            },
        )
    ]
