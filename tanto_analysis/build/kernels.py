"""Start and stop the build's kernels: private sockets, an answer awaited, a hung start tried again.

A page's notebooks run in a python3 kernel the build starts itself
(:mod:`~tanto_analysis.build.execute`).  Two things made a start fail now
and then on a busy machine, a page then failing with nbclient's "Kernel
didn't respond in 60 seconds":

* **ports**: over TCP, jupyter_client picks five free ports by binding to
  port 0 and closing the sockets before the kernel binds them, so kernels
  started at the same moment by the build's workers can be handed the same
  port.  On POSIX the kernel here talks over IPC instead: its sockets are
  files in a private temporary directory of its own (jupyter_client's
  ``transport="ipc"``), which no other kernel can be handed.
* **a start that hangs**: a kernel that has not answered ``kernel_info``
  within :data:`READY_SECONDS` is shut down and a new one started, given
  longer; only when the last one does not answer either is the start a
  failure (:class:`KernelStartError`, one message).

:func:`start` returns the kernel manager with the papermill engine's client
already connected (:func:`~tanto_analysis.build.papermill_engine.connect`),
so the first notebook does not wait again; :func:`shutdown` stops the
kernel and removes its socket directory.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["READY_SECONDS", "KernelStartError", "remove_socket_dirs", "remove_stale_socket_dirs", "shutdown", "socket_dir", "start"]

#: How long each try waits for the kernel's first answer, in seconds: a hung start is tried again, given longer.
READY_SECONDS = (30.0, 60.0, 120.0)
#: How the socket directories in the temporary folder are named: ``tanto-kernel-<pid of the build>-<random>``.
_PREFIX = "tanto-kernel-"
#: kernel manager id → the private directory of its IPC sockets.
_socket_dirs: dict[int, Path] = {}


class KernelStartError(RuntimeError):
    """No kernel answered: the message says how often and for how long it was tried."""


def _uses_ipc() -> bool:
    """IPC sockets where zeromq has them (POSIX); TCP on Windows."""
    return os.name == "posix"


def _new_manager(kernel_name: str):
    from jupyter_client.manager import AsyncKernelManager

    if not _uses_ipc():
        return AsyncKernelManager(kernel_name=kernel_name)
    if not _socket_dirs:
        remove_stale_socket_dirs()
    # mode 0700: the sockets are this user's alone; named by this process, whose death leaves them stale
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
    km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc", ip=str(folder / "kernel"))
    _socket_dirs[id(km)] = folder
    return km


def socket_dir(km) -> Path | None:
    """The private directory of the IPC sockets of kernel manager ``km`` (None over TCP)."""
    return _socket_dirs.get(id(km))


def start(cwd: Path, extra_arguments: list[str], kernel_name: str = "python3",
          ready_seconds: tuple[float, ...] = READY_SECONDS, on_start=None):
    """Start a kernel in ``cwd`` and wait for its first answer; return its kernel manager.

    Parameters
    ----------
    cwd : Path
        The kernel's working directory.
    extra_arguments : list of str
        Arguments for the kernel (``--IPKernelApp.exec_lines=…``).
    kernel_name : str
        The kernel spec.
    ready_seconds : tuple of float
        One try per entry, each waiting that many seconds (s) for the kernel's answer.
    on_start : callable, optional
        Called with each started kernel manager before its answer is awaited
        (the build records the kernel's process group, to stop it).

    Raises
    ------
    KernelStartError
        When the kernel could not be started, or no try answered in time.
    """
    from jupyter_core.utils import run_sync

    from .papermill_engine import connect

    for waited in ready_seconds:
        km = _new_manager(kernel_name)
        try:  # the kernel's own log lines (cell output goes to the notebook) are noise here
            run_sync(km.start_kernel)(cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      extra_arguments=extra_arguments)
        except Exception as exc:  # noqa: BLE001 - one message, never a traceback
            shutdown(km)
            raise KernelStartError(f"could not start the {kernel_name} kernel: {type(exc).__name__}: {exc}") from None
        if on_start is not None:
            on_start(km)
        try:
            connect(km, kernel_name, timeout=waited)
            return km
        except RuntimeError:  # nbclient: "Kernel didn't respond" or "Kernel died before replying"
            shutdown(km)
    tries = ", ".join(f"{seconds:g}" for seconds in ready_seconds)
    raise KernelStartError(f"the {kernel_name} kernel did not answer: {len(ready_seconds)} kernels started, "
                           f"waited {tries} s for each")


def shutdown(km) -> None:
    """Stop kernel manager ``km``'s kernel (if running), close its client, remove its socket directory."""
    from jupyter_core.utils import run_sync

    from .papermill_engine import forget

    forget(km)
    with contextlib.suppress(Exception):
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    with contextlib.suppress(Exception):
        run_sync(km.cleanup_resources)()
    folder = _socket_dirs.pop(id(km), None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_socket_dirs() -> list[Path]:
    """Remove the socket directories of builds that are gone (killed with ``SIGKILL``); return them.

    A directory is stale when the process named in it no longer runs; only
    this user's directories are looked at.
    """
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = folder.name[len(_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_uid == os.getuid():
                shutil.rmtree(folder)
                removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def remove_socket_dirs() -> None:
    """Remove every socket directory left (a worker stopped with its kernel killed)."""
    while _socket_dirs:
        _, folder = _socket_dirs.popitem()
        shutil.rmtree(folder, ignore_errors=True)
