"""Rows written in bulk (``audit.bulk_sql``) arrive as they were given, however they are sent."""

import pytest
from django.db import connection

from santisuk.audit.bulk_sql import CopyText, copy_text, insert_rows
from santisuk.audit.chain import chain_open, verify
from santisuk.audit.choices import ChangeAction
from santisuk.audit.models import ChangeEntry
from santisuk.audit.services import change_entries
from santisuk.cases.models import Case

pytestmark = pytest.mark.django_db

# What COPY's text format must escape, and what it need not.
AWKWARD = "tab\there, new\nline, back\\slash, \\N, ភ្នំពេញ, \"quoted\", 'single', \r"


def test_rows_made_ahead_as_copy_text_arrive_as_given():
    chain = chain_open(ChangeEntry)
    values = {"narrative": AWKWARD, "count": 3, "missing": None, "place": ["12", 1.5]}
    rows = chain.seal(
        change_entries(
            model=Case, items=[(n, AWKWARD, values) for n in (1, 2)], action=ChangeAction.CREATE
        )
    )
    sent = copy_text(rows)
    if connection.vendor == "postgresql":
        assert isinstance(sent, CopyText) and len(sent) == 2
    else:
        assert sent is rows  # SQLite takes the rows themselves
    assert insert_rows(ChangeEntry, chain.fields, sent, converted=True) == 2
    written = list(ChangeEntry.objects.filter(content_type="cases.case").order_by("id"))
    assert [e.object_id for e in written] == ["1", "2"]
    assert {e.object_repr for e in written} == {AWKWARD}
    assert [e.after for e in written] == [values, values]
    assert verify(ChangeEntry).intact
