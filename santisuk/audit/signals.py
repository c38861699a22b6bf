"""The automatic change log: every create, update and delete of every model of the santisuk
apps (and every change of their many-to-many links) leaves one entry, so nobody has to
remember to log a write.

A model can opt out with ``audit_log = False`` (high-volume scratch tables), leave fields out
with ``audit_exclude_fields`` and mark extra secrets with ``audit_redact_fields``.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from santisuk.audit.choices import ChangeAction
from santisuk.audit.serialize import diff_keys, redact, snapshot, snapshot_from_row
from santisuk.audit.services import change_record

_BEFORE = "_audit_before"
_M2M_BEFORE = "_audit_m2m_before"
_M2M_ACTIONS = {"pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"}


def audited_models() -> list[type[models.Model]]:
    result = []
    for config in apps.get_app_configs():
        if not config.name.startswith("santisuk.") or config.name == "santisuk.audit":
            continue
        result += [m for m in config.get_models() if getattr(m, "audit_log", True)]
    return result


def _pre_save(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    instance.__dict__[_BEFORE] = None
    if instance._state.adding or instance.pk is None:
        return
    names = [f.attname for f in sender._meta.concrete_fields]
    row = sender._base_manager.using(using).filter(pk=instance.pk).values(*names).first()
    if row is not None:
        before = snapshot_from_row(sender, row)
        if update_fields is not None:
            before = {k: v for k, v in before.items() if k in update_fields}
        instance.__dict__[_BEFORE] = before


def _post_save(sender, instance, created, raw=False, using=None, update_fields=None, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if created or before is None:
        after = snapshot(instance)
        action = ChangeAction.CREATE if created else ChangeAction.UPDATE
        change_record(action=action, obj=instance, before=None, after=redact(sender, after))
        return
    after = snapshot(instance, update_fields)
    changed = diff_keys(sender, before, after)
    if not changed:  # a save that changed nothing is not a change
        return
    change_record(
        action=ChangeAction.UPDATE,
        obj=instance,
        before=redact(sender, {k: before[k] for k in changed}),
        after=redact(sender, {k: after[k] for k in changed}),
    )


def _post_delete(sender, instance, using=None, **kwargs):
    change_record(
        action=ChangeAction.DELETE,
        obj=instance,
        before=redact(sender, snapshot(instance)),
        after=None,
    )


def _m2m_field(model: type[models.Model], through: type[models.Model]) -> models.Field | None:
    for field in model._meta.many_to_many:
        if field.remote_field.through is through:
            return field
    return None


def _linked_ids(obj: models.Model, field: models.Field) -> list[Any]:
    return sorted(getattr(obj, field.name).values_list("pk", flat=True))


def _m2m_changed(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    """Log each changed link as an update of the record that declares the field, with the
    linked ids before and after."""
    if action not in _M2M_ACTIONS:
        return
    if reverse:
        owner_model, field = model, _m2m_field(model, sender)
    else:
        owner_model, field = type(instance), _m2m_field(type(instance), sender)
    if field is None or not getattr(owner_model, "audit_log", True):
        return
    if action.startswith("pre_"):
        if not reverse:
            owners = [instance]
        elif pk_set is not None:
            owners = list(owner_model._base_manager.using(using).filter(pk__in=pk_set))
        else:  # clearing from the other side: every record linked to this one changes
            owners = list(owner_model._base_manager.using(using).filter(**{field.name: instance}))
        instance.__dict__[_M2M_BEFORE] = [(o, _linked_ids(o, field)) for o in owners]
        return
    for owner, before in instance.__dict__.pop(_M2M_BEFORE, []):
        after = _linked_ids(owner, field)
        if before == after:
            continue
        change_record(
            action=ChangeAction.UPDATE,
            obj=owner,
            before={field.name: before},
            after={field.name: after},
        )


def connect() -> None:
    """Called from ``AuditConfig.ready`` once every app is loaded."""
    throughs = set()
    for model in audited_models():
        uid = model._meta.label_lower
        pre_save.connect(_pre_save, sender=model, dispatch_uid=f"audit_pre_save_{uid}")
        post_save.connect(_post_save, sender=model, dispatch_uid=f"audit_post_save_{uid}")
        post_delete.connect(_post_delete, sender=model, dispatch_uid=f"audit_post_delete_{uid}")
        for field in model._meta.many_to_many:
            throughs.add(field.remote_field.through)
    for through in throughs:
        m2m_changed.connect(
            _m2m_changed,
            sender=through,
            dispatch_uid=f"audit_m2m_{through._meta.label_lower}",
        )
