"""Crash safety of the ingest: kill it with SIGKILL in the middle of a file, run it again, and
every row is present exactly once."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

ROWS = 12_000
COMMAND = [str(Path(sys.executable).with_name("santisuk"))]


def _database_file(tmp_path: Path) -> Path:
    """A migrated SQLite database file the ingest processes can share."""
    path = tmp_path / "crash.sqlite3"
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and str(name).startswith("file:"):
        # Copy the test database (migrated, nothing uncommitted written yet): much faster than
        # migrating a new file.
        from django.db.backends.sqlite3._functions import register

        source = sqlite3.connect(name, uri=True)
        register(source)  # the schema's expressions use Django's SQL functions
        source.execute("VACUUM INTO ?", (str(path),))
        source.close()
    else:
        subprocess.run([*COMMAND, "migrate", "-v0"], env=_env(path), check=True, timeout=300)
    return path


def _env(path: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "santisuk.settings",
        "SECRET_KEY": settings.SECRET_KEY,
    }


def _count(path: Path) -> tuple[int, int]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return db.execute(
            "SELECT COUNT(*), (SELECT COUNT(*) FROM (SELECT DISTINCT captured_at, device_id, "
            "plate_normalised FROM plates_sighting)) FROM plates_sighting"
        ).fetchone()
    finally:
        db.close()


def test_sigkill_mid_file_then_rerun_leaves_every_row_once(tmp_path):
    db = _database_file(tmp_path)
    data = tmp_path / "camera.ndjson"
    with data.open("w", encoding="utf-8") as out:
        for i in range(ROWS):
            row = {
                "device_id": f"CAM-{i % 50:02d}",
                "captured_at": f"2026-11-{1 + i % 20:02d}T{i % 24:02d}:{i % 60:02d}:"
                f"{i % 59:02d}+07:00",
                "plate_text": f"2A-{i:06d}",
                "latitude": 11.5 + (i % 100) / 1000,
                "longitude": 104.9,
            }
            out.write(json.dumps(row) + "\n")
    command = [*COMMAND, "ingest", "sightings", str(data), "--batch-size", "500"]

    process = subprocess.Popen(
        command, env=_env(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if _table_exists(db) and _count(db)[0] >= 1000:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it was killed"
    partial, _distinct = _count(db)
    assert 0 < partial < ROWS

    rerun = subprocess.run(command, env=_env(db), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    counts = json.loads(rerun.stdout.strip().splitlines()[-1])
    assert counts["rejected"] == 0
    assert counts["accepted"] + counts["duplicates"] == ROWS
    assert counts["duplicates"] >= partial
    assert _count(db) == (ROWS, ROWS)


def _table_exists(path: Path) -> bool:
    try:
        _count(path)
    except sqlite3.OperationalError:
        return False
    return True
