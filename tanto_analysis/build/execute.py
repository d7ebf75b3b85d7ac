"""Running one page: its notebooks in one kernel (:func:`build_page`); setting up a worker process.

:func:`build_page` starts one kernel for the page (in a session and process
group of its own, as ``jupyter_client`` does), runs the page's notebooks in
it with papermill, renders the page and writes it.  It runs in a worker
process of a ``spawn`` pool, or in the build's own process when one page at a
time is built (:mod:`~tanto_analysis.build.workers`).

Nothing is half-written: papermill runs a notebook without writing it; once
it ends, the notebook it ran replaces ``reports/executed/<page>/<notebook>.ipynb``
atomically (with the paths papermill records made relative to the project),
as does the HTML page.  A full disk or a read-only
folder fails the page with one line naming the file.

Nothing is left running: :func:`stop_kernel` kills the kernel's process
group.  On Ctrl-C or ``SIGTERM`` the main
process calls it (a page built in-process) or sends ``SIGTERM`` to each
worker, whose handler calls it and exits; on Linux each worker also asks the
kernel (``prctl(PR_SET_PDEATHSIG)``) for that ``SIGTERM`` when the main process
dies, even by ``SIGKILL``, and a kernel exits by itself within a second of its
worker (ipykernel's parent poller).  Workers ignore ``SIGINT``: the main
process decides what a Ctrl-C stops.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..core import paths
from ..core.atomic import atomic_write_text, remove_temporary_files
from ..core.lean_imports import KERNEL_STARTUP, NBFORMAT_SKIPS, import_without
from ..core.text import tr
from .fingerprint import sha256_bytes
from .plan import ISOLATION_TAG, TRENDS, Page

__all__ = ["ISOLATION_SOURCE", "KERNEL_ARGUMENTS", "PageResult", "build_page", "close_kernels", "init_worker", "mask_signals", "start_accepting", "stop_kernel"]

#: Tags of the cells the build adds to a notebook (not counted when naming a failing cell).
_ADDED_TAGS = {"injected-parameters", ISOLATION_TAG, "papermill-error-cell-tag"}

#: The cell run before each later notebook of a page: a clean namespace; after the reset's garbage
#: collection, what is left (modules, caches) is moved out of the collector's way (``gc.freeze``),
#: so the next notebook's reset collects only what that notebook made (~0.1 s less each).
ISOLATION_SOURCE = "%reset -f\nimport gc as _gc\n_gc.freeze()\ndel _gc"

#: The build's kernels start by importing seaborn without scipy until a chart needs it
#: (:func:`~tanto_analysis.core.lean_imports.lean_seaborn`, 0.5 s less per kernel); an analyst's kernel
#: imports seaborn as it is.
KERNEL_ARGUMENTS = [f"--IPKernelApp.exec_lines={KERNEL_STARTUP}"]

# State of a worker process (set by init_worker and build_page, read by the SIGTERM handler).
_events = None
_kernel_group: int | None = None
_stopping = False
#: Whether a worker keeps a page's kernel for its next page; the kernels kept, by project.
_keep_kernels = False
_warm: dict[tuple, object] = {}


def start_accepting() -> None:
    """Let :func:`build_page` run pages again in this process after :func:`stop_kernel`."""
    global _stopping
    _stopping = False


@dataclass
class PageResult:
    """The outcome of building one page."""

    name: str
    ok: bool
    error: str = ""
    html_sha256: str = ""
    headline: list = field(default_factory=list)
    seconds: float = 0.0


def _nbformat():
    return import_without("nbformat", NBFORMAT_SKIPS)


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name


def _titles(page: Page) -> dict[str, str]:
    from ..reference.villages import place_names

    lang = page.lang
    names = place_names(lang)
    if page.name == TRENDS:
        title = tr("page.title.trends", lang, first=page.parameters["first_year"], last=page.parameters["last_year"],
                   **names)
    else:
        title = tr("page.title.year", lang, year=page.name, **names)
    return {"title": title, "kicker": tr("page.kicker", lang, **names), "index_label": tr("page.index_link", lang)}


def _source_position(executed: Path, cell_index: int) -> int | None:
    """1-based position, among the cells of the source notebook, of cell ``cell_index`` of the run.

    ``cell_index`` counts the cells as papermill ran them (with the cells the
    build and papermill added); the notebook papermill wrote also has its two
    error cells, one at the top and one before the failing cell.
    """
    try:
        cells = _nbformat().read(executed, as_version=4).cells
    except (OSError, ValueError):
        return None
    ran = [c for c in cells if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
    if cell_index >= len(ran):
        return None
    return sum(1 for c in ran[:cell_index + 1] if not set(c.get("metadata", {}).get("tags", [])) & _ADDED_TAGS)


def _error_message(page: Page, notebook: Path, executed: Path | None, exc: BaseException) -> str:
    """``<page>: <notebook>: cell <n> (`first line`): <Exception>: <message> (executed notebook kept in …)``.

    ``n`` is the 1-based position of the failing cell among all cells
    (markdown too) of the *source* notebook, as JupyterLab lists them: the
    cells papermill and the pipeline insert are not counted.  ``executed``
    is None when the notebook never ran (then no notebook is kept).  The
    message is scrubbed (:func:`~tanto_analysis.build.output_check.scrub_text`).
    """
    from .output_check import scrub_text

    where = f"{page.name}: {notebook.name}"
    cell_index = getattr(exc, "cell_index", None)
    if cell_index is not None and executed is not None:
        position = _source_position(executed, cell_index)
        source = (getattr(exc, "source", "") or "").strip().splitlines()
        first = source[0] if source else ""
        where += f": cell {position if position is not None else '?'} (`{first}`)"
        what = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', '')}"
    else:
        what = f"{type(exc).__name__}: {exc}".strip()
    what = scrub_text(what)  # a second layer: an exception's message may quote a value
    if executed is None:
        return f"{where}: {what}"
    return f"{where}: {what} (executed notebook kept in {_shown(executed, page.root)})"


def _has_ledgers(page: Page) -> bool:
    """True if a year of ``page`` has a ledger folder: its outputs must then pass disclosure control."""
    folder = page.ledger_source or (paths.notebooks_dir() / page.parameters["ledger_dir"])
    years = page.parameters.get("years") or [page.parameters.get("year")]
    return any((Path(folder) / str(y)).is_dir() for y in years if y)


def _write_error(page: Page, path: Path, exc: OSError, keeps: str) -> str:
    return f"{page.name}: cannot write {_shown(path, page.root)}: {exc.strerror or exc}; {keeps}"


def _headline(executed: list[Path]) -> list:
    """Items the notebooks published for the index (mimetype ``HEADLINE_MIME``)."""
    from ..page.headline import HEADLINE_MIME

    nbformat = _nbformat()
    items: list = []
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if HEADLINE_MIME in data:
                    items.extend(data[HEADLINE_MIME].get("items", []))
    return items


def _keep_executed(page: Page, notebook: Path, executed, output: Path) -> None:
    """Write the notebook papermill ran (``executed``) to ``output`` atomically, with paths made relative."""
    recorded = executed.metadata.get("papermill")
    if recorded is not None:  # papermill records where it read and wrote: no absolute path is kept
        recorded["input_path"] = _shown(notebook, page.root)
        recorded["output_path"] = _shown(output, page.root)
    atomic_write_text(output, _nbformat().writes(executed))


def _run_notebook(page: Page, notebook: Path, position: int, km) -> str:
    """Execute one notebook of ``page`` in kernel ``km``; return '' or the page's error message.

    papermill writes nothing (no output path): the notebook it ran, outputs
    and error cells included, is written once it ends, atomically, so a build
    killed meanwhile, even by ``SIGKILL``, leaves no half-written file.
    """
    nbformat = _nbformat()
    import papermill

    from .output_check import scrub_error_outputs
    from .papermill_engine import ENGINE, last_notebook

    output = page.executed_dir / notebook.name
    nb = nbformat.read(notebook, as_version=4)
    if position:  # the kernel ran notebooks before (this page's, or a previous page's): a clean namespace
        reset = nbformat.v4.new_code_cell(ISOLATION_SOURCE)
        reset.metadata["tags"] = [ISOLATION_TAG]
        reset.id = "tanto-isolation"
        nb.cells.insert(0, reset)
    failure: BaseException | None = None
    try:
        papermill.execute_notebook(nb, None, parameters=page.parameters, cwd=str(notebook.parent),
                                   progress_bar=False, log_output=False, kernel_name="python3", km=km,
                                   request_save_on_cell_execute=False, engine_name=ENGINE)
    except Exception as exc:  # noqa: BLE001 - any failure of a page is reported, not raised
        failure = exc
    finally:
        executed = last_notebook()  # with papermill's error cells when a cell failed; None if it never ran
    if executed is not None:
        if failure is not None:
            scrub_error_outputs(executed)  # a rejected ledger value never reaches reports/
        try:
            _keep_executed(page, notebook, executed, output)
        except OSError as exc:
            return _write_error(page, output, exc, "the old page is unchanged")
    if failure is None:
        return ""
    return _error_message(page, notebook, output if executed is not None else None, failure)


def _record_group(km) -> None:
    """Remember the started kernel's process group, which :func:`stop_kernel` kills."""
    global _kernel_group
    _kernel_group = getattr(km.provisioner, "pgid", None) or getattr(km.provisioner, "pid", None)


def _warm_kernel(key: tuple, run_sync) -> tuple:
    """The kernel a previous page of this process left for ``key`` (and True), or ``(None, False)``."""
    from . import kernels

    km = _warm.pop(key, None)
    close_kernels()  # a kernel kept for another project is of no use
    if km is not None and run_sync(km.is_alive)():
        return km, True
    if km is not None:  # it died since: its client and sockets go with it
        kernels.shutdown(km)
    return None, False


def close_kernels() -> None:
    """Shut down the kernels kept for a next page (:func:`build_page` with ``keep_kernel``)."""
    global _kernel_group
    from . import kernels

    while _warm:
        _, km = _warm.popitem()
        kernels.shutdown(km)
        _kernel_group = None


def build_page(page: Page, events=None, keep_kernel: bool | None = None) -> PageResult:
    """Execute a page's notebooks in one kernel, render and write its HTML.

    ``events`` is an optional queue receiving ``(page, notebook name)`` as each
    notebook starts and ``(page, None)`` when the page is rendered; in a
    worker it defaults to the queue given to :func:`init_worker`.

    With ``keep_kernel`` (the default in a worker process) the kernel of a
    page built without error is kept for the next page of the same project in
    this process, whose first notebook then starts, like every later notebook
    of a page, with the isolation cell (:data:`ISOLATION_SOURCE`: a clean
    namespace); the imports (pandas, matplotlib, seaborn, pandera) and the
    kernel start are paid once per process instead of once per page.  A page
    that failed takes its kernel with it.  :func:`close_kernels` shuts the
    kept kernel down (a worker does at exit).
    """
    global _kernel_group
    _nbformat()  # first: papermill, nbclient and nbconvert import it (core.lean_imports)
    from jupyter_core.utils import run_sync

    from ..core.report_text import read_report
    from . import kernels
    from .completeness import check_every_figure_shown
    from .render import footer_html, render_page

    events = _events if events is None else events
    os.environ.setdefault("TANTO_ROOT", str(page.root))
    start = time.perf_counter()

    def failed(message: str) -> PageResult:
        return PageResult(page.name, False, message, seconds=time.perf_counter() - start)

    try:
        page.executed_dir.mkdir(parents=True, exist_ok=True)
        remove_temporary_files(page.executed_dir)  # left by a build killed with SIGKILL
        for old in page.executed_dir.glob("*.ipynb"):  # keep only this run's notebooks
            old.unlink()
    except OSError as exc:
        return failed(_write_error(page, page.executed_dir, exc, "the old page is unchanged"))
    executed: list[Path] = []
    keep = keep_kernel if keep_kernel is not None else _keep_kernels
    key = (str(page.root), os.environ.get("TANTO_ROOT"))
    km, warm = _warm_kernel(key, run_sync)
    ok = False
    try:
        if not warm:
            try:
                km = kernels.start(paths.notebooks_dir(), KERNEL_ARGUMENTS, on_start=_record_group)
            except kernels.KernelStartError as exc:
                return failed(f"{page.name}: {exc}")
        for position, notebook in enumerate(page.notebooks, start=int(warm)):
            if _stopping:  # stop_kernel was called (in this process) before or while the kernel started
                return failed(f"{page.name}: stopped")
            if events is not None:
                events.put((page.name, notebook.name))
            error = _run_notebook(page, notebook, position, km)
            if error:
                return failed(error)
            executed.append(page.executed_dir / notebook.name)
        ok = True
    finally:
        if ok and keep and km.has_kernel:
            _warm[key] = km  # the next page's first notebook starts with the isolation cell
        else:
            if km is not None:
                kernels.shutdown(km)
            _kernel_group = None
    try:
        footer = footer_html(version=__version__, parameters=page.shown_parameters(),
                             data_hashes=page.data_hashes, lang=page.lang, versions=page.versions)
        source = paths.source_path(int(page.name)) if page.name.isdigit() else None
        html = render_page(executed, footer=footer, lang=page.lang, page_file=page.html_path.name,
                           report_text=read_report(source) if source and source.is_file() else None,
                           from_ledgers=_has_ledgers(page), **_titles(page))
        if page.name.isdigit():
            check_every_figure_shown(html, paths.published_path(int(page.name)))
        headline = _headline(executed)
        atomic_write_text(page.html_path, html)
    except OSError as exc:
        return failed(_write_error(page, page.html_path, exc, "the old page is unchanged"))
    except Exception as exc:  # noqa: BLE001
        return failed(f"{page.name}: rendering failed: {type(exc).__name__}: {exc}")
    if events is not None:
        events.put((page.name, None))
    return PageResult(page.name, True, html_sha256=sha256_bytes(html.encode("utf-8")),
                      headline=headline, seconds=time.perf_counter() - start)


def stop_kernel() -> None:
    """Kill the running page's kernel (its whole process group).

    The page then fails at once (its kernel died) and writes no HTML.
    """
    global _stopping
    _stopping = True  # before reading _kernel_group: a kernel starting now is never used (build_page)
    if _kernel_group and hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(_kernel_group, signal.SIGKILL)
    from . import kernels

    kernels.remove_socket_dirs()


def _stop_worker(signum: int, frame: object) -> None:
    """A worker's ``SIGTERM``: kill the kernel's process group, exit."""
    stop_kernel()
    os._exit(128 + signum)


def mask_signals(how: int, signals: set) -> set:
    """``signal.pthread_sigmask`` where there is one (not on Windows); return the previous mask."""
    return signal.pthread_sigmask(how, signals) if hasattr(signal, "pthread_sigmask") else set()


def _die_with_parent() -> None:
    """Linux: ask for ``SIGTERM`` when the parent process dies (``prctl(PR_SET_PDEATHSIG)``)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG


def init_worker(parent: int, events=None) -> None:
    """Set up a worker process: the stop handler, death with ``parent``, and the events queue."""
    global _events, _keep_kernels
    _events = events
    _keep_kernels = True
    atexit.register(close_kernels)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    _die_with_parent()
    mask_signals(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    if os.getppid() != parent:  # the parent died before we asked to die with it
        os._exit(1)
