"""Incremental builds: a fingerprint of everything a page depends on.

A page (one year's appendix, or the trends page) is rebuilt only when its
fingerprint changes.  The fingerprint is the SHA-256 of a canonical JSON
document holding

* the SHA-256 of every **data file** the page reads (the year's published
  table and report text, its ledgers, the reference tables);
* the SHA-256 of every **notebook** of the page;
* the SHA-256 of the **library code** (``tanto_analysis/**/*.py`` and the
  HTML template);
* the **parameters** (year, language, locations);
* the **package version** and the versions of the libraries that shape a
  page's bytes (:data:`PAGE_LIBRARIES`), so a library upgrade rebuilds the pages.

Paths are stored relative to the project root with ``/`` separators, so the
fingerprint does not depend on where the checkout lives.  The cache of
fingerprints is ``reports/.cache/build-<lang>.json``; a page is up to date when its
stored fingerprint matches and its HTML file still has the SHA-256 recorded
when it was written.  This module imports only the standard library, so the
no-op path of ``tanto build`` stays fast.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from ..core import paths
from ..core.atomic import atomic_write_text
from ..core.digest import file_sha256

__all__ = [
    "PAGE_LIBRARIES",
    "BuildCache",
    "combine",
    "data_files",
    "file_hashes",
    "library_files",
    "library_versions",
    "relative_name",
    "sha256_bytes",
    "sha256_file",
]

_PACKAGE_DIR = Path(__file__).resolve().parents[1]

#: Libraries whose version can change a page's numbers, charts or HTML.
PAGE_LIBRARIES: tuple[str, ...] = (
    "pandas", "numpy", "matplotlib", "seaborn", "statsmodels", "nbconvert", "papermill",
)


def library_versions(names: Iterable[str] = PAGE_LIBRARIES) -> dict[str, str]:
    """The installed version of each library in ``names`` (``"not installed"`` if absent).

    >>> sorted(library_versions(["pandas"]))
    ['pandas']
    """
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes (a big file's is remembered while it stays the same file)."""
    return file_sha256(path)


def relative_name(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators; outside it, ``<folder>/<name>``
    (a ledger kept elsewhere is named by its year folder, so years do not collide)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return "/".join(path.resolve().parts[-2:])


def file_hashes(files: Iterable[Path], root: Path) -> dict[str, str]:
    """Map of relative name → SHA-256 for each existing file, sorted by name."""
    hashes = {relative_name(p, root): sha256_file(p) for p in files if p.is_file()}
    return dict(sorted(hashes.items()))


def _tree(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def data_files(years: Iterable[int], ledger_dir: Path) -> list[Path]:
    """The data files the pages of ``years`` read.

    For each year: ``data/published/<year>.csv``, ``data/sources/<year>.txt``
    (or ``.docx``, ``.pdf``) and the previous year's ``<year-1>.csv`` (the
    headline changes; if present) and every file under
    ``<ledger_dir>/<year>/``; plus every file in ``data/reference/`` (the
    villages, the project's own indicators) and the project's settings
    ``tanto.toml`` (the town, the disclosure rules).  The package's own
    defaults (the shared registry, the LPR) are library files.
    """
    files: list[Path] = []
    for year in sorted(set(years)):
        # the previous year's table too: a page shows each headline figure's change from it
        for path in (paths.published_path(year), paths.source_path(year), paths.published_path(year - 1)):
            if path.is_file() and path not in files:
                files.append(path)
        files.extend(_tree(ledger_dir / str(year)))
    files.extend(_tree(paths.reference_dir()))
    settings = paths.project_root() / "tanto.toml"  # the disclosure rules, among others
    if settings.is_file():
        files.append(settings)
    return files


def library_files() -> list[Path]:
    """The package's Python modules and templates (their change rebuilds every page)."""
    files = [p for p in _PACKAGE_DIR.rglob("*") if p.is_file()
             and p.suffix in {".py", ".j2", ".css", ".json", ".csv"} and "__pycache__" not in p.parts]
    return sorted(files)


def combine(*, data: Mapping[str, str], notebooks: Mapping[str, str], library: Mapping[str, str],
            parameters: Mapping[str, object], version: str,
            versions: Mapping[str, str] | None = None) -> str:
    """The fingerprint: SHA-256 of the canonical JSON of all inputs.

    ``versions`` are the library versions (:func:`library_versions`); a change
    of any of them changes the fingerprint.
    """
    document = {
        "data": dict(sorted(data.items())),
        "notebooks": dict(sorted(notebooks.items())),
        "library": dict(sorted(library.items())),
        "parameters": parameters,
        "version": version,
        "versions": dict(sorted((versions or {}).items())),
    }
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256_bytes(text.encode("utf-8"))


class BuildCache:
    """The record of built pages: ``{page: {"fingerprint", "html", "html_sha256", ...}}``.

    Parameters
    ----------
    path : Path
        The JSON file, normally ``reports/.cache/build-<lang>.json``.
    """

    def __init__(self, path: Path):
        self.path = path
        try:
            self.entries: dict[str, dict] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def is_current(self, page: str, fingerprint: str, html_path: Path) -> bool:
        """True if ``page`` was built from ``fingerprint`` and its HTML is untouched."""
        entry = self.entries.get(page)
        if not entry or entry.get("fingerprint") != fingerprint or not html_path.is_file():
            return False
        return sha256_file(html_path) == entry.get("html_sha256")

    def record(self, page: str, **entry: object) -> None:
        """Store (replace) the entry of ``page``."""
        self.entries[page] = dict(entry)

    def invalidate(self, page: str, reason: str = "") -> None:
        """Mark ``page`` as needing a rebuild after a failed build, with the ``reason``.

        Its old record (and old HTML) is kept, so the index still lists the old
        page, marked as failed with the reason instead of looking current.
        """
        entry = self.entries.setdefault(page, {})
        entry["fingerprint"] = None
        if reason:
            entry["failed"] = reason

    def save(self) -> None:
        """Write the cache atomically (sorted, so it is stable)."""
        text = json.dumps(self.entries, sort_keys=True, ensure_ascii=False, indent=1)
        atomic_write_text(self.path, text + "\n")
