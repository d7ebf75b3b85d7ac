"""The SHA-256 of a file, read once while the file stays the same (:func:`file_sha256`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from . import paths
from .atomic import atomic_write_text
from .memo import file_state

__all__ = ["BIG_FILE_BYTES", "file_sha256"]

#: A file this big (bytes) has its hash remembered across processes, in ``<cache>/digests.json``.
BIG_FILE_BYTES = 1 << 20
_digests: dict[str, str] = {}


def file_sha256(path: str | Path, remember_from: int = BIG_FILE_BYTES) -> str:
    """SHA-256 of the file's bytes, remembered while its size, modification time and inode stay the same.

    Remembered in this process and, for a file of ``remember_from`` bytes
    or more, in ``<cache>/digests.json`` (like git's index), so a county's
    big ledger is not read again just to be recognised, by the build's
    fingerprint or the ledger cache.
    """
    path = Path(path)
    state = file_state(path)
    key = "|".join(str(part) for part in state)
    size = state[1]
    if key in _digests:
        return _digests[key]
    if size < remember_from:
        with path.open("rb") as f:
            _digests[key] = hashlib.file_digest(f, "sha256").hexdigest()
        return _digests[key]
    index = paths.cache_dir() / "digests.json"
    try:
        known = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if key not in known:
        with path.open("rb") as f:
            known[key] = hashlib.file_digest(f, "sha256").hexdigest()
        with contextlib.suppress(OSError):
            atomic_write_text(index, json.dumps(known, sort_keys=True, indent=0))
    _digests[key] = known[key]
    return known[key]
