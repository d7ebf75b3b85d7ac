"""Where the project's data, notebooks and reports live.

Everything is relative to the project root, which is the checkout that holds
``data/`` and ``notebooks/``.  ``TANTO_ROOT`` overrides it, so a user can keep
their own data tree elsewhere.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def project_root() -> Path:
    """The project root: ``$TANTO_ROOT`` or the checkout containing this package."""
    env = os.environ.get("TANTO_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


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
    """The indicator registry: ``<data>/indicators.csv`` (one key per indicator, across years)."""
    return _data(data_dir) / "indicators.csv"


def reference_dir(data_dir: str | Path | None = None) -> Path:
    """Small reference tables (e.g. LPR history), each row with a source: ``<data>/reference``."""
    return _data(data_dir) / "reference"


def ledgers_dir(data_dir: str | Path | None = None) -> Path:
    """Record-level ledgers; the shipped ones are synthetic demo data: ``<data>/ledgers``."""
    return _data(data_dir) / "ledgers"


def demo_ledgers_dir(data_dir: str | Path | None = None) -> Path:
    """The synthetic demo ledgers written by ``tanto demo-data``: ``<data>/ledgers/demo``."""
    return ledgers_dir(data_dir) / "demo"


def lpr_path(data_dir: str | Path | None = None) -> Path:
    """The 1-year LPR history (% per year): ``<data>/reference/lpr_1y.csv``."""
    return reference_dir(data_dir) / "lpr_1y.csv"


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
    """The report text for ``year``: ``<data>/sources/tantou_<year>_report.txt``."""
    return sources_dir(data_dir) / f"tantou_{year}_report.txt"


def published_path(year: int, data_dir: str | Path | None = None) -> Path:
    """The published-figures table for the report of ``year``: ``<data>/published/tantou_<year>.csv``."""
    return published_dir(data_dir) / f"tantou_{year}.csv"


def published_years(data_dir: str | Path | None = None) -> list[int]:
    """The report years that have a published-figures table, ascending (none if the folder is absent)."""
    folder = published_dir(data_dir)
    if not folder.is_dir():
        return []
    found = (re.fullmatch(r"tantou_((?:19|20)\d\d)", p.stem) for p in folder.glob("tantou_*.csv"))
    return sorted(int(m.group(1)) for m in found if m)
