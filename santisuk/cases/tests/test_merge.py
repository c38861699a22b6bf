import datetime

import pytest

from santisuk.cases.services import arrest_record, case_party_add
from santisuk.people.services import (
    person_merge_approve,
    person_merge_propose,
    person_merge_reverse,
)

pytestmark = pytest.mark.django_db


def test_merge_moves_case_links_and_reversal_brings_them_back(
    make_case, make_person, pp_clerk, pp_chief
):
    kept, duplicate = make_person("SOK", "DARA"), make_person("SOK", "DARAH")
    case = make_case()
    arrest = arrest_record(case=case, person=duplicate, arrested_on=datetime.date(2025, 3, 2))
    other = make_case()
    case_party_add(case=other, person=kept, role="witness")
    case_party_add(case=other, person=duplicate, role="witness")
    merge = person_merge_propose(
        source=duplicate, target=kept, reason="Same ID card photo", actor=pp_clerk
    )
    person_merge_approve(merge=merge, actor=pp_chief)
    arrest.refresh_from_db()
    assert arrest.person == kept
    assert case.parties.get().person == kept
    assert other.parties.count() == 1
    person_merge_reverse(merge=merge, actor=pp_chief)
    arrest.refresh_from_db()
    assert arrest.person == duplicate
    assert case.parties.get().person == duplicate
    assert set(other.parties.values_list("person", flat=True)) == {kept.pk, duplicate.pk}
