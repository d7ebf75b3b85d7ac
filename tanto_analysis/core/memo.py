"""Answers computed from files, remembered while those files stay the same (:class:`FileMemo`).

A page's notebooks each ask for the year's figures table and the indicator
registry; reading and validating them again in every notebook of a kept
kernel costs more than the analysis.  A file is taken to be the same while
its resolved path, size, modification time (ns) and inode are, as git's
index and :func:`~tanto_analysis.core.digest.file_sha256` do; an analyst
who edits a table in JupyterLab changes its modification time, so the next
call reads it again.  As in git, a file modified in the last
:data:`RACY_SECONDS` is not trusted (a second edit within the clock's
granularity could keep its size and time): its answers are not remembered.
"""

from __future__ import annotations

import copy as copy_module
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

__all__ = ["RACY_SECONDS", "FileMemo", "file_state", "settled"]

#: An answer read from a file modified less than this long ago is not remembered.
RACY_SECONDS = 2

T = TypeVar("T")


def file_state(path: str | Path) -> tuple[str, int, int, int]:
    """``(resolved path, size, mtime_ns, inode)`` of a file.

    Raises
    ------
    OSError
        When the file cannot be looked at (missing, no permission), naming it.
    """
    stat = Path(path).stat()  # first: a symlink loop is an OSError here, a RuntimeError in resolve()
    return str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino


def settled(state: tuple[str, int, int, int] | None, now_ns: int) -> bool:
    """True when the file of ``state`` (from :func:`file_state`) was last modified :data:`RACY_SECONDS` before ``now_ns``.

    Only then is what was read from it remembered: a file modified just now
    might be modified again within the clock's granularity, keeping its size
    and time (git's "racily clean" entries).  A missing file (None) is settled.
    """
    return state is None or state[2] <= now_ns - RACY_SECONDS * 1_000_000_000


def _state_or_none(path: str | Path) -> tuple[str, int, int, int] | None:
    """A file's ``(path, size, mtime_ns, inode)`` as named (one ``stat``, no resolving: memos are asked often)."""
    try:
        stat = os.stat(path)
    except OSError:  # a missing file is a state too: its answer (an error) is computed each time
        return None
    return str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino


class FileMemo(Generic[T]):
    """Remember what ``compute`` returned for a key while the files it read stay the same.

    Parameters
    ----------
    size : int
        At most this many answers are kept (least recently used dropped first).
    copy : callable, optional
        How an answer is handed out, so callers can change theirs (default
        :func:`copy.deepcopy`; a DataFrame's ``.copy()`` is enough for frames).

    Examples
    --------
    >>> memo = FileMemo(size=4)
    >>> memo.get(("registry",), [], lambda: {"a": 1})
    {'a': 1}
    """

    def __init__(self, size: int = 32, copy: Callable[[T], T] | None = None):
        self._size = size
        self._copy = copy or copy_module.deepcopy
        self._answers: OrderedDict[Hashable, T] = OrderedDict()

    def get(self, key: Hashable, files: Iterable[str | Path], compute: Callable[[], T]) -> T:
        """``compute()``'s answer for ``key``, computed again only when one of ``files`` changed.

        An answer that raised, or read from a file modified in the last
        :data:`RACY_SECONDS`, is not remembered: the next call computes again.
        """
        now = time.time_ns()  # before looking at the files: a file modified after this is fresh too
        states = tuple(_state_or_none(f) for f in files)
        full = (key, states)
        if full in self._answers:
            self._answers.move_to_end(full)
            return self._copy(self._answers[full])
        value = compute()
        if not all(settled(state, now) for state in states):
            return value  # modified just now: a second edit might not show in the state
        self._answers[full] = self._copy(value)
        while len(self._answers) > self._size:
            self._answers.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every answer."""
        self._answers.clear()
