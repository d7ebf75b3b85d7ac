"""Planning ``tanto build``: which pages there are, their parameters and fingerprints.

A page is one year's appendix (the ``notebooks/1N_*.ipynb`` notebooks) or the
trends page (``notebooks/2N_*.ipynb``).  :func:`plan_pages` gives each page
the parameters papermill injects, as paths relative to ``notebooks/`` (the
kernel's working directory), so no absolute path reaches a page.

A ledger folder outside the project (``tanto build --ledgers DIR``) is never
named by its path, which would show the folders above it (a user name, an
office): pages name it by its own name and a short hash of its absolute path,
``town-ledgers (a1b2c3d4)`` (:func:`ledger_label`), and the notebooks read it
through a symbolic link inside the project, ``reports/.ledgers/town-ledgers-a1b2c3d4``
(:func:`link_ledgers`).  This module imports only the standard library.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..core import paths
from .fingerprint import combine, data_files, file_hashes, library_files, library_versions

__all__ = [
    "CROSS_YEAR",
    "ISOLATION_TAG",
    "TRENDS",
    "YEARLY",
    "Page",
    "available_years",
    "ledger_label",
    "link_ledgers",
    "notebooks",
    "out_dirs",
    "plan_pages",
]

YEARLY = re.compile(r"^1\d_.+\.ipynb$")
CROSS_YEAR = re.compile(r"^2\d_.+\.ipynb$")
TRENDS = "trends"
#: Tag of the ``%reset -f`` cell put before each later notebook of a page (not rendered).
ISOLATION_TAG = "tanto-isolation"
#: Folder of the links to ledger folders kept outside the project.
LEDGER_LINKS = ".ledgers"


@dataclass(frozen=True)
class Page:
    """One HTML page to build: a year's appendix or the trends page.

    ``ledger_source`` is the absolute ledger folder when it lies outside the
    project (the notebooks read it through a link, see :func:`link_ledgers`),
    and ``ledger_label`` is how pages name it; both empty otherwise.
    """

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
    ledger_source: Path | None = None
    ledger_label: str = ""

    def shown_parameters(self) -> dict:
        """The parameters as a page may show them: an outside ledger folder by its label only."""
        if not self.ledger_label:
            return dict(self.parameters)
        return {**self.parameters, "ledger_dir": self.ledger_label}


def available_years(ledger_dir: Path | None = None) -> list[int]:
    """Years with a ledger folder (``<ledger_dir>/<year>/``, default demo) or a published table."""
    ledger_dir = _ledger_dir(ledger_dir)
    years: set[int] = set()
    if ledger_dir.is_dir():
        years |= {int(p.name) for p in ledger_dir.iterdir() if p.is_dir() and re.fullmatch(r"(19|20)\d\d", p.name)}
    years |= set(paths.published_years())
    return sorted(years)


def notebooks(pattern: re.Pattern) -> tuple[Path, ...]:
    """The notebooks of ``notebooks/`` whose name matches ``pattern``, in name order."""
    folder = paths.notebooks_dir()
    if not folder.is_dir():
        return ()
    return tuple(sorted(p for p in folder.iterdir() if pattern.match(p.name)))


def out_dirs(lang: str) -> tuple[Path, Path]:
    """``(html, executed)`` folders of ``lang``: ``reports/html`` and ``reports/executed`` (``…/en`` for English)."""
    html = paths.reports_dir() / "html"
    executed = paths.reports_dir() / "executed"
    if lang != "zh":
        html, executed = html / lang, executed / lang
    return html, executed


def _ledger_dir(ledger_dir: Path | None) -> Path:
    return Path(ledger_dir).resolve() if ledger_dir else paths.project_ledgers_dir()


def _short_hash(folder: Path) -> str:
    return hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:8]


def ledger_label(folder: Path) -> str:
    """How a page names a ledger folder outside the project: ``<its name> (<8 hex digits>)``.

    The digits are the start of the SHA-256 of the folder's absolute path, so
    two folders of the same name are told apart without showing where they are.

    >>> ledger_label(Path("/home/alice/town-ledgers"))
    'town-ledgers (3b799f7f)'
    """
    folder = Path(folder)
    return f"{folder.name} ({_short_hash(folder)})"


def _link_path(folder: Path) -> Path:
    return paths.reports_dir() / LEDGER_LINKS / f"{folder.name}-{_short_hash(folder)}"


def link_ledgers(page: Page) -> None:
    """Make the link ``reports/.ledgers/<name>-<hash>`` → the page's outside ledger folder (if any).

    Raises
    ------
    OSError
        The link cannot be written (e.g. a read-only ``reports/``).
    """
    if page.ledger_source is None:
        return
    link = _link_path(page.ledger_source)
    if link.is_symlink() and Path(os.readlink(link)) == page.ledger_source:
        return
    link.parent.mkdir(parents=True, exist_ok=True)
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(page.ledger_source, tmp, target_is_directory=True)
    os.replace(tmp, link)


def plan_pages(years: list[int], *, with_trends: bool, lang: str,
               ledger_dir: Path | None = None) -> list[Page]:
    """Every page to consider, with its parameters and fingerprint.

    ``ledger_dir`` holds ``<year>/`` ledger folders (default ``data/ledgers/demo``);
    the notebooks get it relative to ``notebooks/``, so no absolute path reaches a page.
    A folder outside the project is passed as its link ``../reports/.ledgers/<name>-<hash>``
    and shown as :func:`ledger_label`.
    """
    root = paths.project_root()
    ledger_dir = _ledger_dir(ledger_dir)
    html_dir, executed_dir = out_dirs(lang)
    library = file_hashes(library_files(), Path(__file__).resolve().parents[2])
    versions = library_versions()
    outside = not ledger_dir.is_relative_to(root)
    source, label = (ledger_dir, ledger_label(ledger_dir)) if outside else (None, "")
    reached = _link_path(ledger_dir) if outside else ledger_dir
    common = {"data_dir": paths.from_notebooks(paths.data_dir()), "ledger_dir": paths.from_notebooks(reached),
              "output_dir": paths.from_notebooks(paths.reports_dir()), "lang": lang}
    pages: list[Page] = []
    yearly = notebooks(YEARLY)
    for year in years:
        params = {"year": year, **common}
        data = file_hashes(data_files([year], ledger_dir), root)
        nbs = file_hashes(yearly, root)
        fp = combine(data=data, notebooks=nbs, library=library, parameters=params, version=__version__,
                     versions=versions)
        pages.append(Page(str(year), yearly, params, html_dir / f"{year}.html",
                          executed_dir / str(year), data, fp, lang, root, versions, source, label))
    cross = notebooks(CROSS_YEAR)
    if with_trends and cross and years:
        params = {"years": list(years), "first_year": min(years), "last_year": max(years), **common}
        data = file_hashes(data_files(years, ledger_dir), root)
        fp = combine(data=data, notebooks=file_hashes(cross, root), library=library,
                     parameters=params, version=__version__, versions=versions)
        pages.append(Page(TRENDS, cross, params, html_dir / "trends.html", executed_dir / TRENDS,
                          data, fp, lang, root, versions, source, label))
    return pages
