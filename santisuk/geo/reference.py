"""The reference loaders ``santisuk load_reference`` runs, in order.

Each entry is the dotted path of a function. The gazetteer comes first because other reference
data (units, their jurisdictions) points at it. An app adds its own loader from its
``AppConfig.ready()`` with :func:`register_loader` (or by naming it here).

A loader may accept a keyword argument ``progress`` (show a progress bar); it may return
nothing, an iterable of lines to print, or an object with ``lines(*, details: bool)``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.module_loading import import_string

REFERENCE_LOADERS: list[str] = [
    "santisuk.geo.services.gazetteer_load",
    "santisuk.accounts.services.roles_sync",
]


def register_loader(path: str) -> None:
    """Append a loader once; registering the same path again changes nothing."""
    if path not in REFERENCE_LOADERS:
        REFERENCE_LOADERS.append(path)


def run_loader(path: str, *, progress: bool = False) -> Any:
    loader: Callable[..., Any] = import_string(path)
    parameters = inspect.signature(loader).parameters
    kwargs = {"progress": progress} if "progress" in parameters else {}
    return loader(**kwargs)


def result_lines(result: Any, *, details: bool = True) -> list[str]:
    if result is None:
        return []
    if hasattr(result, "lines"):
        return list(result.lines(details=details))
    if isinstance(result, str):
        return [result]
    if isinstance(result, Iterable):
        return [str(line) for line in result]
    return [str(result)]
