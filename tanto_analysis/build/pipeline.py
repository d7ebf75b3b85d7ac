"""``tanto build``: notebooks → papermill → nbconvert → one offline HTML page per year.

Layout
------
``notebooks/1N_*.ipynb`` (N = 0–9) are the **yearly** notebooks.  Each year's
appendix is the ordered set of them (``10_overview``, ``11_employment_income``,
``12_loan_subsidies``, ``13_land_transfer``, ``14_other_domains``,
``15_audit_progress`` …), rendered into ONE page ``reports/html/<year>.html``.
``notebooks/2N_*.ipynb`` are **cross-year** notebooks (e.g. ``20_trends``),
planned on every build with every year (it reads them all), executed when any
year's data changed, and rendered into ``reports/html/trends.html``.
Adding a notebook with such a name adds it to every page of its kind: no code
change is needed.

Every notebook has a cell tagged ``parameters``.  The pipeline injects, with
papermill, paths relative to the ``notebooks/`` folder (the working directory
of the kernel), so no absolute path reaches a page::

    year=<Y>, data_dir="../data", ledger_dir="../data/ledgers/demo",
    output_dir="../reports", lang="zh"                          # yearly
    years=[<every year with data>], first_year=<first>, last_year=<last>,
    data_dir=..., ledger_dir=..., output_dir=..., lang=...       # cross-year

Steps (a straight pipeline, as papermill's ``execute_notebook``)
-----------------------------------------------------------------
1. **Resolve years**: ``--year`` values, or with ``--all`` every year that has
   a ledger folder ``data/ledgers/demo/<year>/`` or a published table.
2. **Fingerprint** each page's inputs (:mod:`tanto_analysis.build.fingerprint`); a
   page whose fingerprint and HTML are unchanged is skipped, unless ``--force``.
   This path imports only the standard library and click (never pandas or
   nbformat): a no-op build takes about 0.2 s.
3. **Execute** the stale pages, ``--jobs`` at a time
   (:mod:`tanto_analysis.build.workers`): in this process when one page at a
   time would run, else in worker processes.  A page's notebooks run in one
   kernel in name order, each later one after the isolation cell (tag
   ``tanto-isolation``: ``%reset -f``) so it starts from a clean namespace, as
   in JupyterLab; a process keeps the kernel for its next page, whose first
   notebook then starts with the isolation cell too.  The executed notebooks
   are kept in ``reports/executed/<year>/``.
4. **Render** the page with :func:`tanto_analysis.build.render.render_page` and
   write it atomically; a failing page never replaces a good one.
5. **Index**: ``reports/html/index.html`` (:mod:`tanto_analysis.build.index`).

With ``--lang en`` the pages go to ``reports/html/en/`` and
``reports/executed/en/`` instead, so both languages can coexist.

A failure (an exception in a cell) stops that page only; the error names the
year, the notebook, the cell and the exception (never a ledger value: a
:class:`~tanto_analysis.core.errors.Problem` keeps the value it found out of
its message, and the error is scrubbed with
:func:`~tanto_analysis.build.output_check.scrub_text` before the build cache,
the index and the log see it), and the build ends with a
:class:`~tanto_analysis.core.errors.BuildError` (exit code 1).  A full disk or
a read-only ``reports/`` is one line naming the file; Ctrl-C and ``SIGTERM``
stop the workers and kernels (:mod:`tanto_analysis.build.execute`); one build
at a time holds ``reports/.lock`` (:mod:`tanto_analysis.build.guard`).

Code: :mod:`~tanto_analysis.build.plan` (pages, parameters, fingerprints),
:mod:`~tanto_analysis.build.execute` (one page's notebooks; the worker pool),
this module (the build as a whole).
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from ..core import paths
from ..core.atomic import remove_temporary_files
from ..core.errors import BuildError, ConfigurationError
from ..ledgers.files import BIG_LEDGER_BYTES, check_ledger_folder
from .execute import PageResult, build_page
from .fingerprint import BuildCache
from .guard import BuildInterrupted, Stopper, build_lock, stop_on_signals
from .plan import (
    TRENDS,
    YEARLY,
    Page,
    available_years,
    link_ledgers,
    notebooks,
    out_dirs,
    plan_pages,
)
from .progress import BuildProgress
from .workers import execute_pages

logger = logging.getLogger(__name__)

__all__ = [
    "BuildCache",
    "BuildInterrupted",
    "BuildProgress",
    "Page",
    "PageResult",
    "available_years",
    "build_page",
    "plan_pages",
    "run_build",
]


def _execute(stale: list[Page], jobs: int, stopper: Stopper | None = None,
             progress: BuildProgress | None = None) -> list[PageResult]:
    """Build ``stale`` pages, ``jobs`` at a time (:func:`~tanto_analysis.build.workers.execute_pages`)."""
    return execute_pages(stale, jobs, stopper, progress)


def _shown(path: Path) -> str:
    root = paths.project_root()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name


def _write(what, path: Path) -> None:
    """Run the write ``what()``; a full disk or read-only folder becomes a one-line :class:`BuildError`."""
    try:
        what()
    except OSError as exc:
        target = Path(exc.filename) if exc.filename else path
        raise BuildError(f"cannot write {_shown(target)}: {exc.strerror or exc}") from None


def run_build(years: list[int], all_years: bool, jobs: int | None, force: bool, lang: str,
              ledger_dir: Path | None = None, progress: BuildProgress | None = None) -> int:
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
    progress : BuildProgress, optional
        Told which pages are up to date, what runs and what was built
        (:class:`~tanto_analysis.build.progress.BuildProgress`); the build
        itself prints nothing.

    Raises
    ------
    ConfigurationError
        Nothing to build: a requested year has no data, no year has data, or
        there are no yearly notebooks (``tanto`` exits 2).
    BuildError
        Some page failed (each failure is logged; the other pages and the
        index were built), or ``reports/`` cannot be written (``tanto`` exits 1).
    BuildInterrupted
        Ctrl-C or ``SIGTERM``: the workers and kernels were stopped (exit 130 or 143).
    """
    if ledger_dir is not None:  # a year folder or a folder without <year>/ folders is an error, not a page
        check_ledger_folder(ledger_dir, [] if all_years else years)
    available = available_years(ledger_dir)
    targets = available if all_years or not years else sorted(set(years))
    missing = [y for y in targets if y not in available]
    if missing:
        where = ledger_dir if ledger_dir else paths.in_project(paths.project_ledgers_dir())
        demo = not ledger_dir and paths.project_ledgers_dir() == paths.demo_ledgers_dir()
        hint = "; run `tanto demo-data` first" if demo else ""
        raise ConfigurationError(f"no data for {', '.join(map(str, missing))}: no ledger folder "
                                 f"{where}/<year>/ and no published table{hint}")
    if not targets:
        if ledger_dir or paths.project_ledgers_dir() != paths.demo_ledgers_dir():
            raise ConfigurationError(f"no years with data: no published table in {paths.in_project(paths.published_dir())}/ "
                                     f"and no <year>/ folder in {ledger_dir or paths.in_project(paths.project_ledgers_dir())}/")
        raise ConfigurationError(f"no years with data; run `tanto demo-data` to write the synthetic "
                                 f"ledgers into {paths.in_project(paths.demo_ledgers_dir())}/")
    if not notebooks(YEARLY):
        raise ConfigurationError(f"no yearly notebooks (1N_*.ipynb) in {paths.notebooks_dir()}")
    progress = progress or BuildProgress()
    with stop_on_signals() as stopper, build_lock(paths.reports_dir(), on_wait=progress.waiting):
        failures = _build(targets, available, jobs, force, lang, ledger_dir, stopper, progress)
    if failures:
        raise BuildError(f"{len(failures)} page(s) failed; the other pages were built")
    return 0


def _check_big_ledgers(stale: list[Page], ledger_dir: Path | None) -> None:
    """Fill the ledger cache once for the big ledgers of the stale pages' years (only then import the engine)."""
    years = sorted({y for p in stale for y in p.parameters.get("years", [p.parameters.get("year")]) if y})
    folder = Path(ledger_dir) if ledger_dir else paths.project_ledgers_dir()
    sizes = [f.stat().st_size for y in years if (folder / str(y)).is_dir()
             for f in (folder / str(y)).iterdir() if f.is_file()]
    if sizes and max(sizes) >= BIG_LEDGER_BYTES:
        from ..ledgers.loading import check_big_ledgers

        for path in check_big_ledgers(years, folder, BIG_LEDGER_BYTES):
            logger.info("checked %s once for every page", path.name)


def _build(targets: list[int], available: list[int], jobs: int | None, force: bool, lang: str,
           ledger_dir: Path | None, stopper: Stopper, progress: BuildProgress) -> list[PageResult]:
    """Plan, execute the stale pages, record them and write the index; log and return the failures.

    The trends page reads every year: it is planned with all ``available``
    years, whichever were asked for, and rebuilt when any year's data changed.
    """
    html_dir, _ = out_dirs(lang)
    cache = BuildCache(paths.reports_dir() / ".cache" / f"build-{lang}.json")
    for folder in (html_dir, cache.path.parent):  # half-writes of a build killed with SIGKILL
        with contextlib.suppress(OSError):
            remove_temporary_files(folder)
    pages = plan_pages(targets, with_trends=False, lang=lang, ledger_dir=ledger_dir)
    pages += [p for p in plan_pages(available, with_trends=True, lang=lang, ledger_dir=ledger_dir)
              if p.name == TRENDS]
    stale = [p for p in pages if force or not cache.is_current(p.name, p.fingerprint, p.html_path)]
    # the trends page reads every year and takes longest: started first, it does not run alone at the end
    stale.sort(key=lambda p: p.name != TRENDS)
    for page in pages:
        if page not in stale:
            progress.up_to_date(page.name, _shown(page.html_path))
    failures: list[PageResult] = []
    if stale:
        first = stale[0]  # every page shares the ledger folder
        _write(lambda: link_ledgers(first), paths.reports_dir())
        _check_big_ledgers(stale, ledger_dir)
        results = _execute(stale, jobs or os.cpu_count() or 1, stopper, progress)
        by_name = {p.name: p for p in stale}
        for result in sorted(results, key=lambda r: r.name):
            page = by_name[result.name]
            if result.ok:
                cache.record(page.name, fingerprint=page.fingerprint, html=page.html_path.name,
                             html_sha256=result.html_sha256, headline=result.headline)
                progress.built(page.name, _shown(page.html_path), result.seconds)
            else:  # no ledger value in the cache, the index or the log, whatever the error quotes
                from .output_check import scrub_text

                result.error = scrub_text(result.error)
                cache.invalidate(page.name, result.error)  # old page listed as failed; rebuilt next time
                failures.append(result)
        for failure in failures:
            logger.error("FAILED %s", failure.error)
        _write(cache.save, cache.path)
    from .index import write_index

    _write(lambda: write_index(html_dir, cache.entries, lang=lang), html_dir / "index.html")
    stopper.check()
    return failures
