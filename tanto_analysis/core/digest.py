"""The SHA-256 of a file, read once while the file stays the same (:func:`file_sha256`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from pathlib import Path

from . import paths
from .atomic import atomic_write_text
from .memo import file_state, settled

__all__ = ["BIG_FILE_BYTES", "file_sha256"]

#: A file this big (bytes) has its hash remembered across processes, in ``<cache>/digests.json``.
BIG_FILE_BYTES = 1 << 20
_digests: dict[str, str] = {}


def file_sha256(path: str | Path, remember_from: int = BIG_FILE_BYTES) -> str:
    """SHA-256 of the file's bytes, remembered while its size, modification time and inode stay the same.

    Remembered in this process and, for a file of ``remember_from`` bytes
    or more, in ``<cache>/digests.json`` (like git's index), so a county's
    big ledger is not read again just to be recognised, by the build's
    fingerprint or the ledger cache.  A file modified in the last
    :data:`~tanto_analysis.core.memo.RACY_SECONDS` is hashed again each time
    (its size and time might survive a second edit).
    """
    path = Path(path)
    now = time.time_ns()
    state = file_state(path)
    key = "|".join(str(part) for part in state)
    if key in _digests:
        return _digests[key]
    remember = settled(state, now)  # a file modified just now is hashed again next time
    if state[1] < remember_from:
        digest = _sha256_of(path)
        if remember:
            _digests[key] = digest
        return digest
    index = paths.cache_dir() / "digests.json"
    try:
        known = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if key in known:
        _digests[key] = known[key]
        return known[key]
    digest = _sha256_of(path)
    if remember:
        known[key] = _digests[key] = digest
        with contextlib.suppress(OSError):
            atomic_write_text(index, json.dumps(known, sort_keys=True, indent=0))
    return digest


def _sha256_of(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
