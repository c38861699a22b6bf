"""Public notices: drafted, approved by a second person, published; every version kept."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.elections.choices import NoticeStatus
from santisuk.elections.models import Notice, NoticeVersion

TEXT_FIELDS = ("title_en", "title_km", "body_en", "body_km")


@transaction.atomic
def notice_create(*, actor: Any, incidents=(), **fields: Any) -> Notice:
    notice = Notice(drafted_by=actor, status=NoticeStatus.DRAFT, **fields)
    notice.full_clean()
    notice.save()
    if incidents:
        notice.incidents.set(incidents)
    event_record(name="election_notice.drafted", obj=notice)
    return notice


@transaction.atomic
def notice_update(*, notice: Notice, actor: Any, incidents=None, **fields: Any) -> Notice:
    """An edit makes a new draft; a published text stays public until the new one is
    published, and the one who edits becomes the drafter (a second person must approve)."""
    changed = any(getattr(notice, k) != v for k, v in fields.items())
    for key, value in fields.items():
        setattr(notice, key, value)
    if changed:
        if notice.status != NoticeStatus.DRAFT:
            notice.version += 1
        notice.status = NoticeStatus.DRAFT
        notice.drafted_by = actor
        notice.approved_by = None
    notice.full_clean()
    notice.save()
    if incidents is not None:
        notice.incidents.set(incidents)
    event_record(name="election_notice.edited", obj=notice, data={"version": notice.version})
    return notice


@transaction.atomic
def notice_approve(*, notice: Notice, actor: Any) -> Notice:
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("Only a draft can be approved."))
    if notice.drafted_by_id == actor.pk:
        raise ValidationError(_("A notice must be approved by someone other than its drafter."))
    notice.status = NoticeStatus.APPROVED
    notice.approved_by = actor
    notice.full_clean()
    notice.save()
    event_record(name="election_notice.approved", obj=notice, data={"version": notice.version})
    return notice


@transaction.atomic
def notice_publish(*, notice: Notice, actor: Any) -> NoticeVersion:
    if notice.status != NoticeStatus.APPROVED:
        raise ValidationError(_("A notice is published only after a second person approved it."))
    notice.status = NoticeStatus.PUBLISHED
    notice.full_clean()
    notice.save()
    version = NoticeVersion(
        notice=notice,
        version=notice.version,
        published_at=timezone.now(),
        approved_by=notice.approved_by,
        **{k: getattr(notice, k) for k in TEXT_FIELDS},
    )
    version.full_clean()
    version.save()
    event_record(name="election_notice.published", obj=notice, data={"version": notice.version})
    return version


def published_versions():
    """The latest published version of each notice, newest first (the public page)."""
    latest = {}
    for version in NoticeVersion.objects.select_related("notice").order_by("-published_at", "-pk"):
        latest.setdefault(version.notice_id, version)
    return list(latest.values())
