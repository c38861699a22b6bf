"""Shared start-up for benchmarks: a throw-away database (SQLite under a temporary folder unless
DATABASE_URL names another), migrated, with Django set up."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable


def django_setup() -> None:
    os.environ.setdefault("SANTISUK_VAR_DIR", tempfile.mkdtemp(prefix="santisuk-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "santisuk.settings")
    # As in production: no debug cursor keeping and formatting every query (a tenth of a bulk
    # load's time).
    os.environ.setdefault("DEBUG", "0")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "database": os.environ.get("DATABASE_URL", "sqlite").split(":")[0],
    }
