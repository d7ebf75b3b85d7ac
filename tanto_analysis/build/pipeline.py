"""``tanto build``: notebooks → papermill → nbconvert → one offline HTML page per year.

Layout
------
``notebooks/1N_*.ipynb`` (N = 0–9) are the **yearly** notebooks.  Each year's
appendix is the ordered set of them (``10_overview``, ``11_employment_income``,
``12_loan_subsidies``, ``13_land_transfer``, ``14_other_domains``,
``15_audit_progress`` …), rendered into ONE page ``reports/html/<year>.html``.
``notebooks/2N_*.ipynb`` are **cross-year** notebooks (e.g. ``20_trends``),
executed once per ``--all`` build and rendered into ``reports/html/trends.html``.
Adding a notebook with such a name adds it to every page of its kind: no code
change is needed.

Every notebook has a cell tagged ``parameters``.  The pipeline injects, with
papermill, paths relative to the ``notebooks/`` folder (the working directory
of the kernel), so no absolute path reaches a page::

    year=2022, data_dir="../data", ledger_dir="../data/ledgers/demo",
    output_dir="../reports", lang="zh"                      # yearly
    years=[2019, ...], first_year=2019, last_year=2024,
    data_dir=..., ledger_dir=..., output_dir=..., lang=...   # cross-year

Steps (a straight pipeline, as papermill's ``execute_notebook``)
-----------------------------------------------------------------
1. **Resolve years**: ``--year`` values, or with ``--all`` every year that has
   a ledger folder ``data/ledgers/demo/<year>/`` or a published table.
2. **Fingerprint** each page's inputs (:mod:`tanto_analysis.build.fingerprint`); a
   page whose fingerprint and HTML are unchanged is skipped, unless ``--force``.
   This path imports only the standard library: a no-op build takes well
   under a second.
3. **Execute** the stale pages in parallel (``--jobs`` worker processes, one
   page per process).  Each page (year) gets its own kernel; its notebooks
   run in it in name order, each after a ``%reset -f`` cell (tag
   ``tanto-isolation``) so it starts from a clean namespace, as in JupyterLab.
   The executed notebooks are kept in ``reports/executed/<year>/``.
4. **Render** the page with :func:`tanto_analysis.build.render.render_page` and
   write it atomically; a failing page never replaces a good one.
5. **Index**: ``reports/html/index.html`` (:mod:`tanto_analysis.build.index`).

With ``--lang en`` the pages go to ``reports/html/en/`` and
``reports/executed/en/`` instead, so both languages can coexist.

A failure (an exception in a cell) stops that page only; the error names the
year, the notebook, the cell and the exception, and the build ends with a
:class:`~tanto_analysis.core.errors.BuildError` (exit code 1).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..core import paths
from ..core.errors import BuildError, ConfigurationError, display_path
from ..core.report_text import read_report
from .fingerprint import (
    BuildCache,
    combine,
    data_files,
    file_hashes,
    library_files,
    library_versions,
    sha256_bytes,
)

logger = logging.getLogger(__name__)

__all__ = [
    "Page",
    "PageResult",
    "available_years",
    "build_page",
    "plan_pages",
    "run_build",
]

YEARLY = re.compile(r"^1\d_.+\.ipynb$")
CROSS_YEAR = re.compile(r"^2\d_.+\.ipynb$")
TRENDS = "trends"
#: Tag of the ``%reset -f`` cell put before each later notebook of a page (not rendered).
ISOLATION_TAG = "tanto-isolation"


@dataclass(frozen=True)
class Page:
    """One HTML page to build: a year's appendix or the trends page."""

    name: str  # "2022" or "trends"
    notebooks: tuple[Path, ...]
    parameters: dict
    html_path: Path
    executed_dir: Path
    data_hashes: dict[str, str]
    fingerprint: str
    lang: str
    root: Path = field(default_factory=paths.project_root)
    versions: dict[str, str] = field(default_factory=dict)  # library versions, for the footer


@dataclass
class PageResult:
    """The outcome of building one page."""

    name: str
    ok: bool
    error: str = ""
    html_sha256: str = ""
    headline: list = field(default_factory=list)
    seconds: float = 0.0


def available_years(ledger_dir: Path | None = None) -> list[int]:
    """Years with a ledger folder (``<ledger_dir>/<year>/``, default demo) or a published table."""
    ledger_dir = _ledger_dir(ledger_dir)
    years: set[int] = set()
    if ledger_dir.is_dir():
        years |= {int(p.name) for p in ledger_dir.iterdir() if p.is_dir() and re.fullmatch(r"(19|20)\d\d", p.name)}
    years |= set(paths.published_years())
    return sorted(years)


def _notebooks(pattern: re.Pattern) -> tuple[Path, ...]:
    folder = paths.notebooks_dir()
    if not folder.is_dir():
        return ()
    return tuple(sorted(p for p in folder.iterdir() if pattern.match(p.name)))


def _out_dirs(lang: str) -> tuple[Path, Path]:
    html = paths.reports_dir() / "html"
    executed = paths.reports_dir() / "executed"
    if lang != "zh":
        html, executed = html / lang, executed / lang
    return html, executed


def _ledger_dir(ledger_dir: Path | None) -> Path:
    return Path(ledger_dir).resolve() if ledger_dir else paths.demo_ledgers_dir()


def plan_pages(years: list[int], *, with_trends: bool, lang: str,
               ledger_dir: Path | None = None) -> list[Page]:
    """Every page to consider, with its parameters and fingerprint.

    ``ledger_dir`` holds ``<year>/`` ledger folders (default ``data/ledgers/demo``);
    the notebooks get it relative to ``notebooks/``, so no absolute path reaches a page.
    """
    root = paths.project_root()
    ledger_dir = _ledger_dir(ledger_dir)
    html_dir, executed_dir = _out_dirs(lang)
    library = file_hashes(library_files(), Path(__file__).resolve().parents[2])
    versions = library_versions()
    common = {"data_dir": paths.from_notebooks(paths.data_dir()), "ledger_dir": paths.from_notebooks(ledger_dir),
              "output_dir": paths.from_notebooks(paths.reports_dir()), "lang": lang}
    pages: list[Page] = []
    yearly = _notebooks(YEARLY)
    for year in years:
        params = {"year": year, **common}
        data = file_hashes(data_files([year], ledger_dir), root)
        nbs = file_hashes(yearly, root)
        fp = combine(data=data, notebooks=nbs, library=library, parameters=params, version=__version__,
                     versions=versions)
        pages.append(Page(str(year), yearly, params, html_dir / f"{year}.html",
                          executed_dir / str(year), data, fp, lang, root, versions))
    cross = _notebooks(CROSS_YEAR)
    if with_trends and cross and years:
        params = {"years": list(years), "first_year": min(years), "last_year": max(years), **common}
        data = file_hashes(data_files(years, ledger_dir), root)
        fp = combine(data=data, notebooks=file_hashes(cross, root), library=library,
                     parameters=params, version=__version__, versions=versions)
        pages.append(Page(TRENDS, cross, params, html_dir / "trends.html", executed_dir / TRENDS,
                          data, fp, lang, root, versions))
    return pages


def _titles(page: Page) -> dict[str, str]:
    zh = page.lang == "zh"
    if page.name == TRENDS:
        first, last = page.parameters["first_year"], page.parameters["last_year"]
        title = f"潭头镇乡村振兴：{first}–{last}年趋势" if zh else f"Tantou town rural revitalisation: trends {first}–{last}"
    else:
        title = (f"潭头镇乡村振兴进展报告 {page.name}年附录" if zh
                 else f"Tantou town rural revitalisation progress report: {page.name} appendix")
    kicker = "栾川县潭头镇 · 可复现的数据附录" if zh else "Tantou town, Luanchuan county · reproducible data appendix"
    return {"title": title, "kicker": kicker, "index_label": "← 返回索引" if zh else "← Back to index"}


def _error_message(page: Page, notebook: Path, executed: Path, exc: BaseException) -> str:
    """``<page>: <notebook>: cell <n> (`first line`): <Exception>: <message> (executed notebook kept in …)``.

    ``n`` is the 1-based position of the cell in the *source* notebook (the
    cells papermill and the pipeline insert are not counted).
    """
    where = f"{page.name}: {notebook.name}"
    cell_index = getattr(exc, "cell_index", None)
    if cell_index is not None:
        inserted = 0
        try:
            import nbformat

            cells = nbformat.read(executed, as_version=4).cells
            inserted = sum(1 for c in cells[:cell_index]
                           if set(c.get("metadata", {}).get("tags", [])) & {"injected-parameters", ISOLATION_TAG})
        except (OSError, ValueError):
            pass
        source = (getattr(exc, "source", "") or "").strip().splitlines()
        first = source[0] if source else ""
        where += f": cell {cell_index - inserted + 1} (`{first}`)"
        what = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', '')}"
    else:
        what = f"{type(exc).__name__}: {exc}".strip()
    rel = executed.relative_to(page.root) if executed.is_relative_to(page.root) else executed
    return f"{where}: {what} (executed notebook kept in {rel.as_posix()})"


def _headline(executed: list[Path]) -> list:
    """Items the notebooks published for the index (mimetype ``HEADLINE_MIME``)."""
    import nbformat

    from ..page.headline import HEADLINE_MIME

    items: list = []
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if HEADLINE_MIME in data:
                    items.extend(data[HEADLINE_MIME].get("items", []))
    return items


def build_page(page: Page, events=None) -> PageResult:
    """Execute a page's notebooks (in one kernel of its own), render and write its HTML.

    ``events`` is an optional queue receiving ``(page, notebook name)`` as each
    notebook starts and ``(page, None)`` when the page is rendered.
    """
    import nbformat
    import papermill
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    from ..core.atomic import atomic_write_text
    from .render import footer_html, render_page

    os.environ.setdefault("TANTO_ROOT", str(page.root))
    start = time.perf_counter()
    page.executed_dir.mkdir(parents=True, exist_ok=True)
    for old in page.executed_dir.glob("*.ipynb"):  # keep only this run's notebooks
        old.unlink()
    executed: list[Path] = []
    km = AsyncKernelManager(kernel_name="python3")
    try:
        try:  # the kernel's own log lines (cell output goes to the notebook) are noise here
            run_sync(km.start_kernel)(cwd=str(paths.notebooks_dir()), stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
        except Exception as exc:  # noqa: BLE001
            return PageResult(page.name, False, f"{page.name}: could not start the python3 kernel: "
                              f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - start)
        for position, notebook in enumerate(page.notebooks):
            if events is not None:
                events.put((page.name, notebook.name))
            output = page.executed_dir / notebook.name
            nb = nbformat.read(notebook, as_version=4)
            if position:  # the page's kernel is shared: start each later notebook from a clean namespace
                reset = nbformat.v4.new_code_cell("%reset -f")
                reset.metadata["tags"] = [ISOLATION_TAG]
                reset.id = "tanto-isolation"
                nb.cells.insert(0, reset)
            try:
                papermill.execute_notebook(
                    nb, str(output), parameters=page.parameters, cwd=str(notebook.parent),
                    progress_bar=False, log_output=False, kernel_name="python3", km=km,
                )
            except BaseException as exc:  # noqa: BLE001 - any failure of a page is reported, not raised
                return PageResult(page.name, False, _error_message(page, notebook, output, exc),
                                  seconds=time.perf_counter() - start)
            executed.append(output)
    finally:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    try:
        footer = footer_html(version=__version__, parameters=page.parameters,
                             data_hashes=page.data_hashes, lang=page.lang, versions=page.versions)
        source = paths.source_path(int(page.name)) if page.name.isdigit() else None
        html = render_page(executed, footer=footer, lang=page.lang, page_file=page.html_path.name,
                           report_text=read_report(source) if source and source.is_file() else None,
                           **_titles(page))
        headline = _headline(executed)
        atomic_write_text(page.html_path, html)
    except Exception as exc:  # noqa: BLE001
        return PageResult(page.name, False, f"{page.name}: rendering failed: {type(exc).__name__}: {exc}",
                          seconds=time.perf_counter() - start)
    if events is not None:
        events.put((page.name, None))
    return PageResult(page.name, True, html_sha256=sha256_bytes(html.encode("utf-8")),
                      headline=headline, seconds=time.perf_counter() - start)


def _execute(stale: list[Page], jobs: int) -> list[PageResult]:
    """Build ``stale`` pages in ``jobs`` worker processes with a rich progress display."""
    import multiprocessing as mp
    import queue as queue_module

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    ctx = mp.get_context("spawn")
    manager = ctx.Manager()
    events = manager.Queue()
    results: list[PageResult] = []
    columns = (TextColumn("[bold]{task.fields[page]:>6}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        tasks = {p.name: progress.add_task("waiting", total=len(p.notebooks) + 1, page=p.name)
                 for p in stale}
        started: dict[str, int] = {}

        def drain() -> None:
            while True:
                try:
                    name, notebook = events.get_nowait()
                except (queue_module.Empty, OSError, EOFError):
                    return
                if notebook is None:
                    progress.update(tasks[name], completed=len(next(p for p in stale if p.name == name).notebooks) + 1,
                                    description="rendered")
                else:
                    started[name] = started.get(name, 0) + 1
                    progress.update(tasks[name], completed=started[name] - 1, description=notebook)

        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=ctx) as pool:
            pending = {pool.submit(build_page, page, events): page for page in stale}
            while pending:
                done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                drain()
                for future in done:
                    page = pending.pop(future)
                    try:
                        result = future.result()
                    except BaseException as exc:  # noqa: BLE001 - a crashed worker fails its page only
                        result = PageResult(page.name, False, f"{page.name}: worker failed: {exc!r}")
                    results.append(result)
                    label = "[green]done" if result.ok else "[red]FAILED"
                    progress.update(tasks[page.name], description=f"{label} ({result.seconds:.1f} s)")
        drain()
    manager.shutdown()
    return results


def run_build(years: list[int], all_years: bool, jobs: int | None, force: bool, lang: str,
              ledger_dir: Path | None = None) -> int:
    """Build the HTML appendices; return the exit code 0 when every page was built or up to date.

    Parameters
    ----------
    years : list of int
        Years given with ``--year``.
    all_years : bool
        ``--all``: every year with data, plus the trends page.  Also the
        default when no year is given.
    jobs : int or None
        Pages built in parallel; default the number of CPU cores.
    force : bool
        Rebuild even when the inputs are unchanged.
    lang : {"zh", "en"}
        Language of labels and commentary.
    ledger_dir : Path, optional
        Folder of ``<year>/`` ledger folders; default the synthetic demo ledgers.

    Raises
    ------
    ConfigurationError
        Nothing to build: a requested year has no data, no year has data, or
        there are no yearly notebooks (``tanto`` exits 2).
    BuildError
        Some page failed (each failure is logged); the other pages and the
        index were built (``tanto`` exits 1).
    """
    available = available_years(ledger_dir)
    if all_years or not years:
        targets = available
        with_trends = True
    else:
        targets = sorted(set(years))
        with_trends = False
    missing = [y for y in targets if y not in available]
    if missing:
        where = ledger_dir if ledger_dir else display_path(paths.demo_ledgers_dir())
        hint = "" if ledger_dir else "; run `tanto demo-data` first"
        raise ConfigurationError(f"no data for {', '.join(map(str, missing))}: no ledger folder "
                                 f"{where}/<year>/ and no published table{hint}")
    if not targets:
        raise ConfigurationError(f"no years with data; run `tanto demo-data` to write the synthetic "
                                 f"ledgers into {display_path(paths.demo_ledgers_dir())}/")
    if not _notebooks(YEARLY):
        raise ConfigurationError(f"no yearly notebooks (1N_*.ipynb) in {paths.notebooks_dir()}")
    html_dir, _ = _out_dirs(lang)
    cache = BuildCache(paths.reports_dir() / ".cache" / f"build-{lang}.json")
    pages = plan_pages(targets, with_trends=with_trends, lang=lang, ledger_dir=ledger_dir)
    stale = [p for p in pages if force or not cache.is_current(p.name, p.fingerprint, p.html_path)]
    for page in pages:
        if page not in stale:
            print(f"{page.name}: up to date ({page.html_path.relative_to(paths.project_root()).as_posix()})")
    failures: list[PageResult] = []
    if stale:
        results = _execute(stale, jobs or os.cpu_count() or 1)
        by_name = {p.name: p for p in stale}
        for result in sorted(results, key=lambda r: r.name):
            page = by_name[result.name]
            if result.ok:
                cache.record(page.name, fingerprint=page.fingerprint, html=page.html_path.name,
                             html_sha256=result.html_sha256, headline=result.headline)
                print(f"{page.name}: built {page.html_path.relative_to(paths.project_root()).as_posix()} "
                      f"({result.seconds:.1f} s)")
            else:
                cache.invalidate(page.name)  # keep the old page listed; rebuild it next time
                failures.append(result)
        cache.save()
    from .index import write_index

    write_index(html_dir, cache.entries, lang=lang)
    for failure in failures:
        logger.error("FAILED %s", failure.error)
    if failures:
        raise BuildError(f"{len(failures)} page(s) failed; the other pages were built")
    return 0
