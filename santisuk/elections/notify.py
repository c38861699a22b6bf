"""Notifications: always in the app; email and SMS through pluggable backends.

``ELECTIONS_NOTIFY_BACKENDS`` (settings) lists dotted paths of callables
``backend(*, recipient, message, incident)``. The default prints to the console, so nothing is
sent from a machine that has no gateway configured.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string

from santisuk.elections.models import Notification

logger = logging.getLogger(__name__)

DEFAULT_BACKENDS = ["santisuk.elections.notify.console_backend"]


def console_backend(*, recipient: Any, message: str, incident: Any = None) -> None:
    sys.stdout.write(f"[notify {recipient.username}] {message}\n")


def email_backend(*, recipient: Any, message: str, incident: Any = None) -> None:
    if recipient.email:
        send_mail(message[:78], message, None, [recipient.email], fail_silently=True)


def backends() -> list:
    paths = getattr(settings, "ELECTIONS_NOTIFY_BACKENDS", DEFAULT_BACKENDS)
    return [import_string(path) for path in paths]


def notify(*, recipients, message: str, incident: Any = None) -> list[Notification]:
    notes = []
    for user in recipients:
        note = Notification(recipient=user, incident=incident, message=message[:500])
        note.full_clean()
        note.save()
        notes.append(note)

    def send() -> None:
        for backend in backends():
            for user in recipients:
                try:
                    backend(recipient=user, message=message, incident=incident)
                except Exception:  # a gateway failure must not lose the in-app notification
                    logger.exception("notification backend failed")

    transaction.on_commit(send)
    return notes
