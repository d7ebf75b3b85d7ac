"""Running the stale pages: in this process one at a time, or in worker processes in parallel.

:func:`execute_pages` builds each page with
:func:`~tanto_analysis.build.execute.build_page` and tells a
:class:`~tanto_analysis.build.progress.BuildProgress` what runs (``tanto
build`` shows it as a progress bar per page).  When only one page at a time would run (one stale
page, or ``--jobs 1``) the pages are built one after another in a thread of
the build's own process: no process pool to start and wind down, and what
one page imported (papermill, nbconvert, the templates) serves the next.
Otherwise a ``spawn`` pool of ``jobs`` worker processes builds them, one page
per worker at a time (a worker keeps its imports for its next page).

Either way the main thread only waits and polls the
:class:`~tanto_analysis.build.guard.Stopper`: on Ctrl-C or ``SIGTERM`` it
kills the kernel of the page being built in-process
(:func:`~tanto_analysis.build.execute.stop_kernel`; the page then fails at
once and writes no HTML), or sends ``SIGTERM`` to each worker (which does
the same and exits); pages not started are cancelled, temporary files
removed, and :class:`~tanto_analysis.build.guard.BuildInterrupted` raised.
A kernel exits by itself within a second of its parent (ipykernel's parent
poller), so even a build killed with ``SIGKILL`` leaves no process.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from ..core.atomic import remove_temporary_files
from .execute import (
    PageResult,
    build_page,
    close_kernels,
    init_worker,
    mask_signals,
    start_accepting,
    stop_kernel,
)
from .guard import Stopper
from .plan import Page
from .progress import BuildProgress

__all__ = ["execute_pages"]


class _InProcess:
    """The pages built one after another in a daemon thread of this process."""

    def __init__(self, stale: list[Page]) -> None:
        self.events: queue.Queue = queue.Queue()
        self._done: queue.Queue = queue.Queue()
        self._cancelled = False
        start_accepting()
        self._thread = threading.Thread(target=self._run, args=(stale,), name="tanto-pages", daemon=True)
        self._thread.start()

    def _run(self, stale: list[Page]) -> None:
        try:
            for page in stale:
                if self._cancelled:
                    return
                try:  # one kernel for the pages, one after another (build_page's keep_kernel)
                    result = build_page(page, self.events, keep_kernel=True)
                except BaseException as exc:  # noqa: BLE001 - a crashed page fails that page only
                    result = PageResult(page.name, False, f"{page.name}: failed: {exc!r}")
                self._done.put((page, result))
        finally:
            close_kernels()  # in this thread: the kernel manager belongs to its event loop

    def finished(self, timeout: float) -> list[tuple[Page, PageResult]]:
        done = []
        with contextlib.suppress(queue.Empty):
            done.append(self._done.get(timeout=timeout))
            while True:
                done.append(self._done.get_nowait())
        return done

    def stop(self) -> None:
        """Kill the running page's kernel, start no other page, and wait (≤ 10 s) for the thread."""
        self._cancelled = True
        stop_kernel()
        self._thread.join(10)

    def close(self) -> None:
        self._thread.join()


class _Workers:
    """The pages built in a ``spawn`` pool of worker processes."""

    def __init__(self, stale: list[Page], jobs: int) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("spawn")
        # workers start with SIGINT and SIGTERM blocked (the mask is inherited) until init_worker
        # has installed their handlers; the main process gets a signal sent meanwhile just after
        blocked = mask_signals(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            self.events = ctx.Queue()
            self._pool = ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=ctx, initializer=init_worker,
                                             initargs=(os.getpid(), self.events))
            self._pending = {self._pool.submit(build_page, page): page for page in stale}
        finally:
            mask_signals(signal.SIG_SETMASK, blocked)

    def finished(self, timeout: float) -> list[tuple[Page, PageResult]]:
        if not self._pending:
            return []
        done, _ = wait(self._pending, timeout=timeout, return_when=FIRST_COMPLETED)
        results = []
        for future in done:
            page = self._pending.pop(future)
            try:
                result = future.result()
            except BaseException as exc:  # noqa: BLE001 - a crashed worker fails its page only
                result = PageResult(page.name, False, f"{page.name}: worker failed: {exc!r}")
            results.append((page, result))
        return results

    def stop(self) -> None:
        """Stop every worker now (each kills its kernel), cancel the pages not started."""
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        for process in processes:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.terminate()
        deadline = time.monotonic() + 5
        for process in processes:
            with contextlib.suppress(ValueError, AttributeError):
                process.join(max(0.0, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
                    process.join(1)
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.events.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def execute_pages(stale: list[Page], jobs: int, stopper: Stopper | None = None,
                  progress: BuildProgress | None = None) -> list[PageResult]:
    """Build ``stale`` pages, ``jobs`` at a time, telling ``progress`` what runs.

    One page at a time (``jobs`` 1 or a single page) runs in this process;
    more run in ``jobs`` worker processes.  ``progress``
    (:class:`~tanto_analysis.build.progress.BuildProgress`) hears of each
    notebook started, each page rendered and each page finished.  With a
    ``stopper`` (:func:`~tanto_analysis.build.guard.stop_on_signals`), a
    Ctrl-C or ``SIGTERM`` stops the kernels (and workers), then raises
    :class:`~tanto_analysis.build.guard.BuildInterrupted`.
    """
    stopper = stopper or Stopper()
    progress = progress or BuildProgress()
    results: list[PageResult] = []
    with stopper.deferring():
        progress.pages({p.name: len(p.notebooks) + 1 for p in stale})
        runner = _InProcess(stale) if min(jobs, len(stale)) <= 1 else _Workers(stale, jobs)

        def drain() -> None:
            while True:
                try:
                    name, notebook = runner.events.get_nowait()
                except (queue.Empty, OSError, EOFError, ValueError):
                    return
                if notebook is None:
                    progress.rendered(name)
                else:
                    progress.notebook(name, notebook)

        try:
            while len(results) < len(stale):
                stopper.check()
                done = runner.finished(timeout=0.2)
                stopper.check()
                drain()
                for page, result in done:
                    results.append(result)
                    progress.finished(page.name, result.ok, result.seconds)
        except BaseException:
            runner.stop()
            for page in stale:  # a page stopped mid-write leaves no temporary file behind
                for folder in (page.executed_dir, page.html_path.parent):
                    with contextlib.suppress(OSError):
                        remove_temporary_files(folder)
            raise
        runner.close()
        drain()
        getattr(runner.events, "close", lambda: None)()  # a multiprocessing queue's feeder thread
    return results
