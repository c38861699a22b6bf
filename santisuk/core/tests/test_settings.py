"""Where Santisuk keeps its data (``SANTISUK_VAR_DIR``)."""

import os
import subprocess
import sys
from pathlib import Path

import santisuk

BASE_DIR = Path(santisuk.__file__).resolve().parent.parent


def var_dir(value: str | None, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SANTISUK_VAR_DIR"}
    if value is not None:
        env["SANTISUK_VAR_DIR"] = value
    out = subprocess.run(
        [sys.executable, "-c", "from santisuk import settings; print(settings.VAR_DIR)"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_an_empty_var_dir_means_the_default_not_the_current_folder(tmp_path):
    """``SANTISUK_VAR_DIR= santisuk runserver`` once served an empty database made in the
    folder the command ran from, where nobody could log in."""
    default = str(BASE_DIR / "var")
    assert var_dir(None, tmp_path) == default
    assert var_dir("", tmp_path) == default
    assert var_dir(str(tmp_path / "data"), tmp_path) == str(tmp_path / "data")
