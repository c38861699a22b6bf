"""Workflows on the master person index: records, identifiers and two-person merges.

Other modules hold links to people (case roles, ID card applications, host reports). When two
records are merged those links must follow the kept record, and come back when the merge is
reversed. A module registers its movers here:

    MERGE_HOOKS.append("santisuk.cases.services.person_links_merge")
    MERGE_REVERSE_HOOKS.append("santisuk.cases.services.person_links_unmerge")

Each is called as ``hook(source, target, snapshot)`` inside the merge's transaction. A merge hook
writes what it moved into ``snapshot`` under its own key (JSON-serialisable values only); the
reverse hook reads the same key back. Reverse hooks run in the opposite order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.geo.models import Area
from santisuk.people.choices import CAMBODIA, MergeStatus, Sex
from santisuk.people.models import Person, PersonIdentifier, PersonMerge

MERGE_HOOKS: list[str] = []
MERGE_REVERSE_HOOKS: list[str] = []

PERSON_UPDATABLE = (
    "family_name",
    "given_name",
    "name_km",
    "sex",
    "birth_year",
    "birth_date",
    "birth_place",
    "nationality",
)
MIN_REASON_LENGTH = 5


def _identifier(person: Person, data: Mapping[str, Any]) -> PersonIdentifier:
    identifier = PersonIdentifier(
        person=person,
        kind=data.get("kind", ""),
        number=str(data.get("number", "")),
        country=str(data.get("country") or CAMBODIA).upper(),
    )
    identifier.normalise()
    identifier.full_clean()
    identifier.save()
    return identifier


@transaction.atomic
def person_create(
    *,
    family_name: str = "",
    given_name: str = "",
    name_km: str = "",
    sex: str = Sex.UNKNOWN,
    birth_year: int | None = None,
    birth_date: Any = None,
    birth_place: Area | None = None,
    nationality: str = CAMBODIA,
    identifiers: Iterable[Mapping[str, Any]] = (),
    actor: Any = None,
) -> Person:
    person = Person(
        family_name=family_name,
        given_name=given_name,
        name_km=name_km,
        sex=sex or Sex.UNKNOWN,
        birth_year=birth_year,
        birth_date=birth_date,
        birth_place=birth_place,
        nationality=nationality or CAMBODIA,
    )
    person.normalise()
    person.full_clean()
    person.save()
    errors: dict[str, list] = {}
    for index, data in enumerate(identifiers):
        try:
            _identifier(person, data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"identifiers[{index}].{field}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return person


@transaction.atomic
def person_update(*, person: Person, actor: Any = None, **fields: Any) -> Person:
    unknown = set(fields) - set(PERSON_UPDATABLE)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed here.") for name in sorted(unknown)}
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.merged_into_id:
        raise ValidationError(
            _("This record was merged into another one; edit the record that was kept.")
        )
    if "birth_date" in fields and fields["birth_date"] and "birth_year" not in fields:
        fields["birth_year"] = fields["birth_date"].year
    for name, value in fields.items():
        setattr(person, name, value)
    person.normalise()
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_identifier_add(
    *, person: Person, kind: str, number: str, country: str = CAMBODIA, actor: Any = None
) -> PersonIdentifier:
    if person.merged_into_id:
        raise ValidationError(
            _("This record was merged into another one; add the document to the record kept.")
        )
    return _identifier(person, {"kind": kind, "number": number, "country": country})


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {"reason": _("Give a reason of at least %(n)d characters.") % {"n": MIN_REASON_LENGTH}}
        )
    return reason


def _check_mergeable(person: Person, field: str) -> None:
    if person.merged_into_id or not person.is_active:
        raise ValidationError({field: _("This record has already been merged into another one.")})


@transaction.atomic
def person_merge_propose(*, source: Person, target: Person, reason: str, actor: Any) -> PersonMerge:
    """Propose that ``source`` is the same person as ``target``; ``target`` is kept."""
    reason = _check_reason(reason)
    if source.pk == target.pk:
        raise ValidationError({"target": _("A record cannot be merged into itself.")})
    # The caller's copies may be stale: decide on the stored state.
    source = Person.objects.get(pk=source.pk)
    target = Person.objects.get(pk=target.pk)
    _check_mergeable(source, "source")
    _check_mergeable(target, "target")
    merge = PersonMerge(
        source=source,
        target=target,
        reason=reason,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    merge.full_clean()
    merge.save()
    event_record(
        name="person.merge_proposed",
        obj=merge,
        data={"source": source.pk, "target": target.pk, "reason": reason},
    )
    return merge


def _lock_merge(merge: PersonMerge, status: str) -> PersonMerge:
    merge = (
        PersonMerge.objects.select_for_update().select_related("source", "target").get(pk=merge.pk)
    )
    if merge.status != status:
        raise ValidationError(
            {"status": _("This merge is %(status)s.") % {"status": merge.get_status_display()}}
        )
    return merge


def _check_second_person(merge: PersonMerge, actor: Any) -> None:
    if actor is None or actor.pk == merge.proposed_by_id:
        raise ValidationError(
            _("A merge must be decided by another person than the one who proposed it.")
        )


def _run_hooks(names: Iterable[str], source: Person, target: Person, snapshot: dict) -> None:
    for name in names:
        import_string(name)(source, target, snapshot)


@transaction.atomic
def person_merge_approve(*, merge: PersonMerge, actor: Any) -> PersonMerge:
    merge = _lock_merge(merge, MergeStatus.PROPOSED)
    _check_second_person(merge, actor)
    source = Person.objects.select_for_update().get(pk=merge.source_id)
    target = Person.objects.select_for_update().get(pk=merge.target_id)
    _check_mergeable(source, "source")
    _check_mergeable(target, "target")
    identifiers = list(source.identifiers.order_by("pk"))
    snapshot: dict[str, Any] = {
        "source": {"is_active": source.is_active, "merged_into": source.merged_into_id},
        "identifiers": [
            {"id": i.pk, "kind": i.kind, "number": i.number, "country": i.country}
            for i in identifiers
        ],
    }
    for identifier in identifiers:
        identifier.person = target
        identifier.save(update_fields=["person", "updated_at"])
    _run_hooks(MERGE_HOOKS, source, target, snapshot)
    source.merged_into = target
    source.is_active = False
    source.save(update_fields=["merged_into", "is_active", "updated_at"])
    merge.status = MergeStatus.APPROVED
    merge.approved_by = actor
    merge.approved_at = timezone.now()
    merge.snapshot = snapshot
    merge.full_clean()
    merge.save()
    event_record(
        name="person.merged",
        obj=merge,
        data={
            "source": source.pk,
            "target": target.pk,
            "identifiers": [i["id"] for i in snapshot["identifiers"]],
        },
    )
    return merge


@transaction.atomic
def person_merge_reject(*, merge: PersonMerge, actor: Any) -> PersonMerge:
    merge = _lock_merge(merge, MergeStatus.PROPOSED)
    _check_second_person(merge, actor)
    merge.status = MergeStatus.REJECTED
    merge.rejected_by = actor
    merge.rejected_at = timezone.now()
    merge.full_clean()
    merge.save()
    event_record(
        name="person.merge_rejected",
        obj=merge,
        data={"source": merge.source_id, "target": merge.target_id},
    )
    return merge


@transaction.atomic
def person_merge_reverse(*, merge: PersonMerge, actor: Any) -> PersonMerge:
    """Undo an approved merge: the source comes back with the identifiers it had."""
    merge = _lock_merge(merge, MergeStatus.APPROVED)
    source = Person.objects.select_for_update().get(pk=merge.source_id)
    target = Person.objects.select_for_update().get(pk=merge.target_id)
    if source.merged_into_id != target.pk:
        raise ValidationError(
            _("The merged record has changed since; this merge can no longer be reversed.")
        )
    if target.merged_into_id:
        # Later merges are undone first, newest first, so that each snapshot still applies.
        raise ValidationError(
            _("The kept record has since been merged into another one; reverse that merge first.")
        )
    snapshot = merge.snapshot or {}
    _run_hooks(reversed(MERGE_REVERSE_HOOKS), source, target, snapshot)
    ids = [i["id"] for i in snapshot.get("identifiers", [])]
    for identifier in PersonIdentifier.objects.select_for_update().filter(
        pk__in=ids, person=target
    ):
        identifier.person = source
        identifier.save(update_fields=["person", "updated_at"])
    before = snapshot.get("source", {})
    source.merged_into_id = before.get("merged_into")
    source.is_active = before.get("is_active", True)
    source.save(update_fields=["merged_into", "is_active", "updated_at"])
    merge.status = MergeStatus.REVERSED
    merge.reversed_by = actor
    merge.reversed_at = timezone.now()
    merge.full_clean()
    merge.save()
    event_record(
        name="person.merge_reversed",
        obj=merge,
        data={"source": source.pk, "target": target.pk, "identifiers": ids},
    )
    return merge
