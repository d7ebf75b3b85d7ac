"""What keeps a build safe from other builds and from signals: the tree lock and the stop handler.

**One build per tree.** :func:`build_lock` holds an exclusive ``fcntl.flock``
on ``reports/.lock`` for the whole build.  A second ``tanto build`` on the same
tree *waits* for the first (``tanto build`` says so once on stderr): both usually want the
same pages, and the second then finds them up to date (or builds what its own
inputs need) instead of failing half-way because the first replaced the files
it was reading.  The kernel releases the lock when the first build ends in any
way, even ``kill -9``, so a stale lock cannot block the tree.

**Stopping.** :func:`stop_on_signals` turns Ctrl-C (``SIGINT``) and
``SIGTERM`` into :class:`BuildInterrupted`, a one-line :class:`BuildError`
with exit code 128 + the signal number (130, 143), so the build can stop its
workers and kernels instead of dying with a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from ..core.errors import BuildError

__all__ = ["BuildInterrupted", "Stopper", "build_lock", "stop_on_signals"]

_NAMES = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}


class BuildInterrupted(BuildError):
    """The build was stopped by a signal; ``exit_code`` is 128 + its number."""

    def __init__(self, signum: int):
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(f"stopped by {_NAMES.get(signum, f'signal {signum}')}: the workers and kernels were "
                         "stopped; pages not finished keep their old version")


class Stopper:
    """The state of :func:`stop_on_signals`: the signal received, and whether to raise at once.

    While ``deferred`` is true the handler only records the signal, and the
    code polling :meth:`check` raises :class:`BuildInterrupted` at a safe point.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self.deferred = False

    def check(self) -> None:
        """Raise :class:`BuildInterrupted` if a signal arrived."""
        if self.signum is not None:
            raise BuildInterrupted(self.signum)

    @contextlib.contextmanager
    def deferring(self) -> Iterator[None]:
        """Only record signals inside the block (the caller polls :meth:`check`)."""
        self.deferred = True
        try:
            yield
        finally:
            self.deferred = False

    def _handle(self, signum: int, frame: object) -> None:
        if self.signum is not None:  # already stopping: a second Ctrl-C must not break the clean-up
            return
        self.signum = signum
        if not self.deferred:
            raise BuildInterrupted(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[Stopper]:
    """Within the block, ``SIGINT`` and ``SIGTERM`` raise :class:`BuildInterrupted` (or are recorded).

    Outside the main thread, where Python cannot install handlers, signals
    keep their usual effect.
    """
    stopper = Stopper()
    if threading.current_thread() is not threading.main_thread():
        yield stopper
        return
    previous = {signum: signal.signal(signum, stopper._handle) for signum in _NAMES}
    try:
        yield stopper
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def build_lock(reports_dir: Path, *, shown: str = "reports/.lock",
               on_wait: Callable[[str, str], None] | None = None) -> Iterator[None]:
    """Hold the tree's build lock ``<reports_dir>/.lock``, waiting for another build to finish first.

    Before waiting it calls ``on_wait(pid, shown)`` with the process id the
    lock file names (``?`` if none) and the lock's shown path.

    Raises
    ------
    BuildError
        The lock file cannot be written (e.g. ``reports/`` is read-only or
        the disk is full): ``cannot write reports/.lock: <reason>``.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock; builds are not serialised there
        yield
        return
    path = reports_dir / ".lock"
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildError(f"cannot write {shown}: {exc.strerror or exc}; nothing was built") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EACCES):
                raise BuildError(f"cannot lock {shown}: {exc.strerror or exc}") from None
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            if on_wait is not None:
                on_wait(holder, shown)
            fcntl.flock(fd, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):  # the pid is only for the message above
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
