"""Where the project's data, notebooks and reports live.

Everything is relative to the project root, which is the checkout that holds
``data/`` and ``notebooks/``.  ``TANTO_ROOT`` overrides it, so a user can keep
their own data tree elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The project root: ``$TANTO_ROOT`` or the checkout containing this package."""
    env = os.environ.get("TANTO_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The data tree: ``<root>/data`` (sources, published, reference, ledgers)."""
    return project_root() / "data"


def sources_dir() -> Path:
    """Raw report texts; immutable inputs."""
    return data_dir() / "sources"


def published_dir() -> Path:
    """Curated published-figures tables, one per report year."""
    return data_dir() / "published"


def reference_dir() -> Path:
    """Small reference tables (e.g. LPR history), each row with a source."""
    return data_dir() / "reference"


def ledgers_dir() -> Path:
    """Record-level ledgers; the shipped ones are synthetic demo data."""
    return data_dir() / "ledgers"


def notebooks_dir() -> Path:
    """The yearly analysis notebooks: ``<root>/notebooks``."""
    return project_root() / "notebooks"


def reports_dir() -> Path:
    """Generated output; never committed."""
    return project_root() / "reports"


def source_path(year: int) -> Path:
    """The report text for ``year``: ``data/sources/tantou_<year>_report.txt``."""
    return sources_dir() / f"tantou_{year}_report.txt"


def published_path(year: int) -> Path:
    """The published-figures table for the report of ``year``."""
    return published_dir() / f"tantou_{year}.csv"
