"""Where a project's data, notebooks and reports live: the one path authority.

A *project* is a folder with a ``tanto.toml`` at its root (a town's data,
its notebooks and its reports; ``tanto init`` makes one), found the way git
and dbt find theirs: ``$TANTO_ROOT`` if set (``tanto --project DIR`` sets
it), else the first folder at or above the working directory that holds a
``tanto.toml``.  The package never looks for data next to its own files: it
works the same installed as a wheel or from a checkout (this checkout's root
is the demo project).  Inside a project::

    tanto.toml                        the town, its county, disclosure thresholds …
    data/sources/<year>.txt|.docx     a year's report, as received
    data/published/<year>.csv         its figures table
    data/reference/villages.csv       the town's villages (and indicators.csv, lpr_1y.csv to extend the package's)
    data/ledgers/demo/<year>/         the synthetic demo ledgers
    notebooks/                        the page notebooks
    reports/                          what the build writes

What a project does not provide, the package's defaults do
(:data:`DEFAULTS_DIR`: the indicator registry and the 1-year LPR).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import ConfigurationError

#: The file that marks a project's root.
PROJECT_FILE = "tanto.toml"
#: The package's own reference data, used where a project has none of its own.
DEFAULTS_DIR = Path(__file__).resolve().parent.parent / "defaults"
#: The report formats a project keeps in ``data/sources/``, in the order they are looked for.
SOURCE_SUFFIXES: tuple[str, ...] = (".txt", ".docx", ".pdf")


def find_project(start: str | Path | None = None) -> Path | None:
    """The first folder at or above ``start`` (default the working directory) holding a ``tanto.toml``."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


#: ``TANTO_ROOT`` values resolved, and projects found, by working directory (asked for every path).
_RESOLVED: dict[str, Path] = {}
_FOUND: dict[str, Path] = {}


def project_root() -> Path:
    """The project root: ``$TANTO_ROOT``, else the nearest folder with a ``tanto.toml`` at or above the working directory.

    Raises
    ------
    ConfigurationError
        Outside any project, saying how to make one.
    """
    env = os.environ.get("TANTO_ROOT")
    try:
        here = os.getcwd()
    except FileNotFoundError:  # the working directory was deleted
        raise ConfigurationError("the working directory no longer exists; cd into a project") from None
    if env:
        key = env if os.path.isabs(env) else os.path.join(here, env)  # a relative TANTO_ROOT follows the cwd
        if key not in _RESOLVED:
            _RESOLVED[key] = Path(key).resolve()
        return _RESOLVED[key]
    found = _FOUND.get(here)
    if found is None or not (found / PROJECT_FILE).is_file() or (
            found != Path(here) and os.path.isfile(os.path.join(here, PROJECT_FILE))):  # asked often: two stats
        found = find_project(here)
        if found is not None:
            _FOUND[here] = found
    if found is None:
        raise ConfigurationError(
            f"not inside a tanto project: no {PROJECT_FILE} in {Path.cwd()} or a folder above it; make one with "
            "`tanto init DIR --town 镇名 --county 县名`, or run in one (or name it with `tanto --project DIR` "
            "or TANTO_ROOT)")
    return found


def data_dir() -> Path:
    """The data tree: ``<root>/data`` (sources, published, reference, ledgers).

    Every function below takes an optional ``data_dir`` (e.g. ``"../data"`` from a
    notebook) and otherwise uses this one.
    """
    return project_root() / "data"


def _data(base: str | Path | None) -> Path:
    """``base`` as a path, or the project's data tree when it is None."""
    return Path(base) if base is not None else data_dir()


def sources_dir(data_dir: str | Path | None = None) -> Path:
    """Raw report texts; immutable inputs: ``<data>/sources``."""
    return _data(data_dir) / "sources"


def published_dir(data_dir: str | Path | None = None) -> Path:
    """Curated published-figures tables, one per report year: ``<data>/published``."""
    return _data(data_dir) / "published"


def indicators_path(data_dir: str | Path | None = None) -> Path:
    """The project's own indicators: ``<data>/reference/indicators.csv`` (added to the package's registry)."""
    return reference_dir(data_dir) / "indicators.csv"


def default_indicators_path() -> Path:
    """The indicator registry every project shares (a project's own keys are added to it)."""
    return DEFAULTS_DIR / "indicators.csv"


def villages_path(data_dir: str | Path | None = None) -> Path:
    """The town's villages, with the spellings reports use: ``<data>/reference/villages.csv``."""
    return reference_dir(data_dir) / "villages.csv"


def reference_dir(data_dir: str | Path | None = None) -> Path:
    """Small reference tables (e.g. LPR history), each row with a source: ``<data>/reference``."""
    return _data(data_dir) / "reference"


def ledgers_dir(data_dir: str | Path | None = None) -> Path:
    """Record-level ledgers; the shipped ones are synthetic demo data: ``<data>/ledgers``."""
    return _data(data_dir) / "ledgers"


def demo_ledgers_dir(data_dir: str | Path | None = None) -> Path:
    """The synthetic demo ledgers written by ``tanto demo-data``: ``<data>/ledgers/demo``."""
    return ledgers_dir(data_dir) / "demo"


def project_ledgers_dir(data_dir: str | Path | None = None) -> Path:
    """The project's ledger folder (``<year>/`` folders inside): ``[project] ledgers`` of ``tanto.toml``.

    A folder relative to the project root (``ledgers = "data/ledgers/offices"``),
    for a town's own ledgers; without the setting, the synthetic demo
    ledgers (:func:`demo_ledgers_dir`).  ``--ledgers`` on the command line
    overrides either.  Given another data tree (``data_dir``), its demo
    ledgers.

    Raises
    ------
    ConfigurationError
        If the setting is not a folder's name.
    """
    from .settings import settings_path, settings_table

    if data_dir is not None:
        return demo_ledgers_dir(data_dir)
    value = settings_table("project").get("ledgers")
    if value is None:
        return demo_ledgers_dir()
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{settings_path().name}: [project] ledgers must be a folder, relative to the "
                                 'project, e.g. ledgers = "data/ledgers/offices"')
    return project_root() / value.strip()


def lpr_path(data_dir: str | Path | None = None) -> Path:
    """The 1-year LPR history (% per year): the project's ``<data>/reference/lpr_1y.csv``, else the package's."""
    own = reference_dir(data_dir) / "lpr_1y.csv"
    return own if own.is_file() else DEFAULTS_DIR / "lpr_1y.csv"


def notebooks_dir() -> Path:
    """The yearly analysis notebooks: ``<root>/notebooks``."""
    return project_root() / "notebooks"


def reports_dir() -> Path:
    """Generated output; never committed."""
    return project_root() / "reports"


def cache_dir() -> Path:
    """Caches that are safe to delete: ``<root>/.cache`` (``$TANTO_CACHE`` overrides it); never committed."""
    env = os.environ.get("TANTO_CACHE")
    return Path(env).resolve() if env else project_root() / ".cache"


def ledger_cache_dir() -> Path:
    """Checked ledgers as Parquet, one folder per file hash: ``<cache>/ledgers``."""
    return cache_dir() / "ledgers"


def in_project(path: str | Path) -> str:
    """``path`` as a reader of the project names it: relative to the project root when inside it.

    >>> in_project(project_root() / "data" / "ledgers" / "demo")
    'data/ledgers/demo'
    """
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(project_root()).as_posix()
    except ValueError:
        return str(path)


def from_notebooks(path: str | Path) -> str:
    """``path`` relative to ``notebooks/``, with ``/``: how the notebooks receive it (``../data``)."""
    return Path(os.path.relpath(path, notebooks_dir())).as_posix()


def source_path(year: int, data_dir: str | Path | None = None) -> Path:
    """The report of ``year``: ``<data>/sources/<year>.txt`` (or ``.docx``, ``.pdf``; the text first)."""
    folder = sources_dir(data_dir)
    for suffix in SOURCE_SUFFIXES:
        if (folder / f"{year}{suffix}").is_file():
            return folder / f"{year}{suffix}"
    return folder / f"{year}.txt"


def published_path(year: int, data_dir: str | Path | None = None) -> Path:
    """The published-figures table for the report of ``year``: ``<data>/published/<year>.csv``."""
    return published_dir(data_dir) / f"{year}.csv"


def year_of(path: str | Path) -> int | None:
    """The year a project file is for, from its name (``2022.csv``, ``2022.txt``), or None.

    >>> year_of("data/published/2022.csv"), year_of("draft.csv")
    (2022, None)
    """
    found = re.fullmatch(r"(?:19|20)\d\d", Path(path).stem)
    return int(found.group(0)) if found else None


def published_years(data_dir: str | Path | None = None) -> list[int]:
    """The report years that have a published-figures table, ascending (none if the folder is absent)."""
    folder = published_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(y for p in folder.glob("*.csv") if (y := year_of(p)) is not None)
