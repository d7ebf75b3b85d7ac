"""A year's ledgers, loaded once: :func:`load_year_ledgers`."""

from __future__ import annotations

from pathlib import Path

from ..core import paths
from ..core.digest import file_sha256, same_files
from ..core.errors import InputError
from . import land
from .cell_table import connect
from .domains import loading_order, project_ledgers
from .files import BIG_LEDGER_BYTES, find_ledger
from .ledger import Ledger
from .spark import engine_name

__all__ = ["load_year_ledgers"]

#: Ledgers already loaded in this process, by folder, year and the files' SHA-256 (a page's notebooks share one load).
_loaded: dict[tuple, dict[str, Ledger]] = {}


def load_year_ledgers(year: int, ledger_dir: str | Path | None = None,
                      missing: list[str] | None = None, engine: str | None = None) -> dict[str, Ledger]:
    """Load and cross-check every ledger of ``year``, once per process for the same files.

    The ledgers share one DuckDB connection, so queries can join them.  A
    second call for the same folder and year, with files of the same bytes
    (SHA-256), returns the same ledgers without reading them again: a page's
    notebooks, run one after another in one kernel, share one load.

    Parameters
    ----------
    year : int
        The year.
    ledger_dir : path, optional
        The folder of ``<year>/`` folders (default: the project's, :func:`~tanto_analysis.core.paths.project_ledgers_dir`).
    missing : list, optional
        Given, a missing ledger is not an error: its problem (``file:::
        ledger not found …``) is appended here and the others are loaded
        (the subsidies only with the loans).
    engine : {"duckdb", "spark"}, optional
        The engine that runs the checks and queries (default: ``TANTO_ENGINE``
        or ``[engine] name`` of ``tanto.toml``, else DuckDB).

    Returns
    -------
    dict of Ledger
        Keys ``villages, loans, loan_subsidies, welfare_posts, job_placements,
        land_contracts`` (see ``docs/ledgers.md``; amounts in 元, areas in 亩).

    Raises
    ------
    InputError
        With the problems of every ledger, not just the first bad one.
    """
    with same_files():  # each file hashed once, even one written a moment ago
        return _load(year, ledger_dir, missing, engine)


def _load(year: int, ledger_dir: str | Path | None, missing: list[str] | None,
          engine: str | None) -> dict[str, Ledger]:
    folder = Path(ledger_dir) if ledger_dir is not None else paths.project_ledgers_dir()
    files: dict[str, Path] = {}
    problems = []
    specs = project_ledgers()
    for name, spec in specs.items():
        if spec.against is not None and spec.against not in files:
            continue  # e.g. the subsidies are read against their loans
        try:
            files[name] = find_ledger(folder, year, name)
        except InputError as exc:
            if missing is None:
                problems += exc.problems
            else:
                missing.extend(str(p) for p in exc.problems)
    key = None
    engine = engine_name(engine)
    if not problems:
        try:
            key = (str(folder.resolve()), year, engine, tuple((n, str(p), file_sha256(p)) for n, p in files.items()))
        except OSError:
            key = None  # an unreadable file: loading it names the fault
        if key in _loaded:
            return dict(_loaded[key])
    con = connect(engine)
    out: dict[str, Ledger] = {}
    for name in loading_order():
        spec = specs[name]
        if name not in files:
            continue
        try:
            out[name] = (spec.load(files[name], year, con) if spec.against is None
                         else spec.load(files[name], year, out.get(spec.against), con))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    if "land_contracts" in out and "villages" in out:
        land.check_against_base(out["land_contracts"], out["villages"])
    out = {name: out[name] for name in specs if name in out}
    if key is not None:
        _loaded[key] = out
    return dict(out)


def check_big_ledgers(years: list[int], ledger_dir: str | Path | None = None,
                      min_bytes: int = BIG_LEDGER_BYTES) -> list[Path]:
    """Check the ledgers of ``min_bytes`` or more once, so that their checked rows are in the cache.

    ``tanto build`` calls it before the pages run: a year's page and the
    trends page, built side by side, then both read a county's big ledger
    from the Parquet cache instead of each reading and checking it.  A bad
    ledger is left for its page to report.  Returns the files checked.
    """
    if engine_name() == "spark":
        return []  # no Parquet cache on Spark: each page reads its ledgers
    folder = Path(ledger_dir) if ledger_dir is not None else paths.project_ledgers_dir()
    checked = []
    specs = project_ledgers()
    for year in years:
        for name in specs:
            try:
                path = find_ledger(folder, year, name)
                if path.stat().st_size < min_bytes:
                    continue
                spec = specs[name]
                spec.load(path, year) if spec.against is None else spec.load(path, year, None)
                checked.append(path)
            except (InputError, OSError):
                continue  # the page names the fault
    return checked
