"""``tanto county TOWN_DIR... -o OUT_DIR``: towns side by side on one offline page.

For each town folder (a project, :mod:`tanto_analysis.core.paths`):

1. **build** its pages if they are missing or stale (:func:`~tanto_analysis.build.pipeline.run_build`
   run as that project, in this process; up-to-date pages are not rebuilt);
2. **copy** its pages (``reports/html/*.html`` and ``en/*.html``) to
   ``OUT_DIR/towns/<slug>/``, so the county folder can be mailed whole.

Then, for each language, the county notebook
(``tanto_analysis/build/county_template/county.ipynb``, or the analyst's own
copy given with ``--notebook``) runs with papermill (parameters ``towns``,
the folders relative to ``OUT_DIR``; ``years``; ``lang``) and is rendered with
the town pages' nbconvert template (:func:`~tanto_analysis.build.render.render_page`)
into ``OUT_DIR/index.html`` (``OUT_DIR/en/index.html`` in English).

One town's failure (not a project, a bad table, a page that fails to build)
is reported and shown on the county page with its reason; the other towns
are built, copied and compared all the same, and the command exits 1.
Every file is written atomically; the same inputs give byte-identical pages.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..core.atomic import atomic_write_bytes, atomic_write_text
from ..core.digest import file_sha256
from ..core.errors import BuildError, ConfigurationError, TantoError
from ..core.text import tr
from ..page.county_data import in_project, town_slug
from .progress import BuildProgress

logger = logging.getLogger(__name__)

__all__ = ["COUNTY_NOTEBOOK", "CountyResult", "build_town", "copy_town_pages", "run_county"]

#: The county notebook shipped with the package (an analyst may pass a copy of their own).
COUNTY_NOTEBOOK = Path(__file__).resolve().parent / "county_template" / "county.ipynb"
LANGS = ("zh", "en")


@dataclass
class CountyResult:
    """What ``tanto county`` did: the pages written and each town's failure (town folder → reason)."""

    pages: list[Path] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def build_town(folder: Path, langs: Sequence[str], progress: BuildProgress | None = None) -> str:
    """Build the town's pages that are missing or stale, as its own project; ``''`` or why it failed.

    ``progress`` is told what each build does (:class:`~tanto_analysis.build.progress.BuildProgress`).
    """
    if not (folder / "tanto.toml").is_file():
        return f"{folder}: no tanto.toml there (make a project with `tanto init`)"
    from .pipeline import run_build

    try:
        with in_project(folder):
            for lang in langs:
                run_build([], True, None, False, lang, progress=progress)
    except TantoError as exc:
        return f"{folder.name}: {exc}"
    return ""


def copy_town_pages(folder: Path, target: Path) -> list[Path]:
    """Copy the town's built pages (``reports/html/*.html``, ``en/*.html``) to ``target``, atomically."""
    written = []
    html = folder / "reports" / "html"
    for sub in ("", "en"):
        for page in sorted((html / sub).glob("*.html")) if (html / sub).is_dir() else []:
            written.append(atomic_write_bytes(target / sub / page.name, page.read_bytes()))
    return written


def _data_hashes(folders: Sequence[Path], slugs: Sequence[str]) -> dict[str, str]:
    """SHA-256 of each town's settings and published tables, named ``<slug>/<path in the project>``."""
    hashes = {}
    for folder, slug in zip(folders, slugs, strict=True):
        files = [folder / "tanto.toml", *sorted((folder / "data" / "published").glob("*.csv"))]
        for path in files:
            if path.is_file():
                hashes[f"{slug}/{path.relative_to(folder).as_posix()}"] = file_sha256(path)
    return hashes


def _county_name(folders: Sequence[Path], lang: str) -> str:
    from ..reference.villages import project_town

    for folder in folders:
        if (folder / "tanto.toml").is_file():
            try:
                with in_project(folder):
                    town = project_town()
            except TantoError:
                continue
            return (town.county_en or town.county) if lang == "en" else town.county
    return ""


def _run_notebook(notebook: Path, out_dir: Path, parameters: dict, work: Path) -> Path:
    """Execute the county notebook in ``out_dir`` (paths are relative to it); return the executed copy."""
    import papermill

    from . import kernels
    from .output_check import scrub_text
    from .papermill_engine import ENGINE

    executed = work / "county.ipynb"
    try:
        km = kernels.start(out_dir, [])
    except kernels.KernelStartError as exc:
        raise BuildError(f"the county notebook {notebook.name}: {exc}") from None
    try:
        papermill.execute_notebook(str(notebook), str(executed), parameters=parameters, cwd=str(out_dir),
                                   progress_bar=False, log_output=False, kernel_name="python3", km=km,
                                   request_save_on_cell_execute=False, engine_name=ENGINE)
    except Exception as exc:  # noqa: BLE001 - a failing cell is one message, never a traceback
        what = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', exc)}"
        raise BuildError(f"the county notebook {notebook.name} failed: {scrub_text(what)}") from None
    finally:
        kernels.shutdown(km)
    return executed


def _render(executed: Path, out_dir: Path, lang: str, county: str, parameters: dict,
            hashes: dict[str, str], with_ledgers: bool) -> str:
    from .fingerprint import library_versions
    from .render import footer_html, render_page

    title = tr("county.title", lang, county=county or tr("county.towns", lang))
    footer = footer_html(version=__version__, parameters=parameters, data_hashes=hashes, lang=lang,
                         versions=library_versions())
    return render_page([executed], title=title, kicker=tr("county.kicker", lang), lang=lang, footer=footer,
                       index_label=tr("county.index_link", lang), page_file="index.html",
                       index_href="#county-towns",  # the page is the index: its link goes to the towns' pages
                       from_ledgers=with_ledgers, rules_footer="")


def run_county(towns: Sequence[Path], out_dir: Path, years: Sequence[int] = (), langs: Sequence[str] = LANGS,
               notebook: Path | None = None, build: bool = True,
               progress: BuildProgress | None = None) -> CountyResult:
    """Build and copy each town, then render the county page in each language.

    Parameters
    ----------
    towns : sequence of Path
        The towns' project folders, in the order the page lists them.
    out_dir : Path
        The county folder: ``index.html``, ``en/index.html``, ``towns/<slug>/``.
    years : sequence of int, optional
        The years compared (default every year a town has).
    langs : sequence of {"zh", "en"}
        The pages' languages.
    notebook : Path, optional
        The county notebook (default :data:`COUNTY_NOTEBOOK`).
    build : bool
        Build the towns' missing or stale pages first.
    progress : BuildProgress, optional
        Told what the towns' builds do (``tanto county`` shows it).

    Raises
    ------
    ConfigurationError
        No town folder given, or the notebook is missing.
    """
    if not towns:
        raise ConfigurationError("name at least one town folder (a project with a tanto.toml)")
    notebook = Path(notebook) if notebook is not None else COUNTY_NOTEBOOK
    if not notebook.is_file():
        raise ConfigurationError(f"county notebook {notebook} not found")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    folders = [Path(t).resolve() for t in towns]
    result = CountyResult()
    taken: set[str] = set()
    slugs = []
    for folder in folders:  # the same slugs as load_county's, in the same order
        slugs.append(town_slug(folder, taken))
        taken.add(slugs[-1])
    for folder, slug, given in zip(folders, slugs, towns, strict=True):
        error = build_town(folder, langs, progress) if build else ""
        if error:
            result.failures[str(given)] = error
            logger.error("town %s: %s", given, error)
        if (folder / "tanto.toml").is_file():
            copy_town_pages(folder, out_dir / "towns" / slug)
    parameters = {"towns": [Path(os.path.relpath(f, out_dir)).as_posix() for f in folders],
                  "years": sorted(int(y) for y in years)}
    hashes = _data_hashes(folders, slugs)
    with_ledgers = any((f / "data" / "ledgers" / "demo").is_dir() for f in folders)
    for lang in langs:
        with tempfile.TemporaryDirectory(prefix="tanto-county-") as work:
            executed = _run_notebook(notebook, out_dir, parameters | {"lang": lang}, Path(work))
            page = _render(executed, out_dir, lang, _county_name(folders, lang), parameters | {"lang": lang},
                           hashes, with_ledgers)
        target = out_dir / "index.html" if lang == "zh" else out_dir / "en" / "index.html"
        result.pages.append(atomic_write_text(target, page))
    return result


def town_lists(towns: Sequence[Path], years: Sequence[int] = ()) -> list[str]:
    """Lines for the terminal: indicators only one town uses, and near-duplicate keys to merge."""
    from ..analysis.county import near_duplicates, single_town_indicators
    from ..page.county_data import load_county

    data = load_county(towns, years, "zh", with_ledgers=False)
    figures = data.figures
    if figures.empty:
        return ["no published figures in any town"]
    single = single_town_indicators(figures)
    lines = [f"{len(single)} indicator(s) only one town uses:"]
    lines += [f"  {r['indicator']} ({r['unit']}, {r['domain']}): {r['town']}" for r in single.to_dict("records")]
    pairs = near_duplicates(figures)
    lines.append(f"{len(pairs)} pair(s) of possibly duplicate keys (same unit and domain, similar labels):")
    lines += [f"  {p.first} ≈ {p.second} ({p.unit}, {p.domain}, similarity {p.similarity:.2f}): "
              f"{' / '.join(p.towns)}" for p in pairs]
    return lines
