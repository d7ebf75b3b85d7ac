"""The SHA-256 of a file, read once while the file stays the same (:func:`file_sha256`), and its lines."""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import paths
from .atomic import atomic_write_text
from .memo import file_state, settled

__all__ = ["BIG_FILE_BYTES", "file_lines", "file_sha256", "same_files"]

#: Bytes read at a time when hashing.
_CHUNK = 1 << 22
#: A file this big (bytes) has its hash remembered across processes, in ``<cache>/digests.json``.
BIG_FILE_BYTES = 1 << 20
_digests: dict[str, str] = {}
#: Newlines of the file hashed last (:func:`file_lines`), by its state.
_lines: dict[str, tuple[int, bool]] = {}
#: Digests of files modified just now, kept while a :func:`same_files` block runs.
_racy: dict[str, str] = {}
_racy_depth = [0]


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
    if _racy_depth[0] and key in _racy:
        return _racy[key]
    remember = settled(state, now)  # a file modified just now is hashed again next time
    if state[1] < remember_from:
        digest = _sha256_of(path)
        if remember:
            _digests[key] = digest
        elif _racy_depth[0]:
            _racy[key] = digest
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
    if not remember and _racy_depth[0]:
        _racy[key] = digest
    if remember:
        known[key] = _digests[key] = digest
        with contextlib.suppress(OSError):
            atomic_write_text(index, json.dumps(known, sort_keys=True, indent=0))
    return digest


def _sha256_of(path: Path) -> str:
    """The file's SHA-256, its newlines counted in the same read (:func:`file_lines`).

    A big file's chunks are hashed by a thread while this one counts their
    newlines (hashlib lets go of the GIL): on a 700 MB ledger both together
    take about as long as the count alone.
    """
    digest, count, last = hashlib.sha256(), 0, b"\n"
    state = file_state(path)
    with path.open("rb") as f:
        chunk = f.read(_CHUNK)
        if len(chunk) < _CHUNK:  # a small file: no thread
            digest.update(chunk)
            count, last = chunk.count(b"\n"), chunk[-1:] or b"\n"
        else:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tanto-sha256") as hasher:
                while chunk:
                    hashed = hasher.submit(digest.update, chunk)  # in file order: one thread
                    count += chunk.count(b"\n")
                    last = chunk[-1:]
                    chunk = f.read(_CHUNK)
                    hashed.result()  # one chunk ahead at most
    if state is not None and file_state(path) == state:
        _lines.clear()  # only the file read last: a ledger is parsed right after it is hashed
        _lines["|".join(str(part) for part in state)] = (count, last == b"\n")
    return digest.hexdigest()


def file_lines(path: str | Path) -> tuple[int, bool] | None:
    """``(newlines, whether the file ends with one)`` counted when :func:`file_sha256` last read it, or None.

    None when the file has changed since, or another file was hashed after
    it: the caller counts them itself.
    """
    state = file_state(path)
    return None if state is None else _lines.get("|".join(str(part) for part in state))


@contextlib.contextmanager
def same_files() -> Iterator[None]:
    """Within the block, a file just modified is hashed once, not at each :func:`file_sha256` call.

    One load of a year's ledgers reads each file as it is at that moment:
    the ledgers' loader hashes them to recognise a load and again to key
    their cache; a file written a moment before (a benchmark's, an office's
    export) need not be read twice for that.
    """
    _racy_depth[0] += 1
    try:
        yield
    finally:
        _racy_depth[0] -= 1
        if not _racy_depth[0]:
            _racy.clear()
