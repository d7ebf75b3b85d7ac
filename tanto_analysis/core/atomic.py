"""Atomic file writes: a reader sees the old file or the new one, never half.

A write goes to a hidden temporary file beside its target (``.<name>.<random>.tmp``),
is flushed to disk, then renamed over the target.  When it fails (a full disk,
a read-only folder, an interrupt), the temporary file is removed and the
target is untouched; the :class:`OSError` names the target, not the temporary file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text", "remove_temporary_files"]


def remove_temporary_files(folder: str | Path) -> list[Path]:
    """Remove the temporary files of interrupted writes in ``folder``; return them."""
    removed = sorted(p for pattern in (".*.tmp", ".*.tmp.*") for p in Path(folder).glob(pattern) if p.is_file())
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, fsync, then rename over it.

    Raises
    ------
    OSError
        The write failed (``ENOSPC``, ``EROFS``, ``EACCES`` …); its ``filename``
        is ``path`` and ``path`` is unchanged.
    """
    path = Path(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        if exc.errno is None:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        _discard(tmp)
        raise
    return path


def _discard(tmp: str | None) -> None:
    if tmp is not None:
        Path(tmp).unlink(missing_ok=True)


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Atomically write UTF-8 text with ``\\n`` line endings (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode("utf-8"))
