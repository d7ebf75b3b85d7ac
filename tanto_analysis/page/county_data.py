"""Towns' data for the county page: each town read as its own project, one tidy table for all.

:func:`load_county` reads every town folder (a project: its ``tanto.toml``,
``data/published/<year>.csv``, its indicator registry, its ledgers) *as that
project* (:func:`in_project`), so a town's villages, registry and disclosure
rules are its own.  It keeps:

* the **published** figures scoped to the town itself (a village's figure is
  not a town's), with an indicator key, each with its quote and a link to the
  figure's row on the town's own page (``towns/<slug>/<year>.html#fig-<id>``);
* the **ledger** indicators of each year with a ledger folder, as
  :attr:`tanto_analysis.api.Year.indicators` gives them: town-level values
  that passed the town's disclosure control (a cell it withholds stays
  withheld), each with its ``data_status`` (``synthetic`` for demo ledgers);
  no ledger row is read here beyond what that function returns.

A town that cannot be read (no ``tanto.toml``, a bad table) is kept as a
failure with its reason; the other towns are read all the same.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..analysis.county import COLUMNS
from ..analysis.disclosure import protection_of
from ..core import paths
from ..core.errors import TantoError
from ..figures.published import load_published
from ..reference.indicators import registry_frame
from ..reference.villages import current_town

__all__ = ["CountyData", "Town", "in_project", "load_county", "town_slug"]

_UNSAFE = re.compile(r"[^\w.-]+")


@contextlib.contextmanager
def in_project(root: Path) -> Iterator[Path]:
    """Read ``root`` as the project (``TANTO_ROOT``) meanwhile; the environment is restored afterwards."""
    old = os.environ.get("TANTO_ROOT")
    os.environ["TANTO_ROOT"] = str(Path(root).resolve())
    try:
        yield Path(os.environ["TANTO_ROOT"])
    finally:
        if old is None:
            os.environ.pop("TANTO_ROOT", None)
        else:
            os.environ["TANTO_ROOT"] = old


def town_slug(folder: Path, taken: set[str]) -> str:
    """A folder name for the town's pages under ``towns/``: the project folder's name, made unique.

    >>> town_slug(Path("/x/town2"), set()), town_slug(Path("/y/town2"), {"town2"})
    ('town2', 'town2-2')
    """
    base = _UNSAFE.sub("-", Path(folder).resolve().name).strip("-") or "town"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass
class Town:
    """One town of the county page.

    Attributes
    ----------
    folder : Path
        Its project folder.
    slug : str
        Its folder under the county page's ``towns/``.
    name, name_en : str
        The town as ``tanto.toml`` names it (and in English, if given).
    figures : DataFrame
        Its published figures (:data:`~tanto_analysis.analysis.county.COLUMNS`).
    ledger : DataFrame
        Its ledger indicators under its disclosure control: ``year``,
        ``indicator``, ``unit``, ``value``, ``data_status``, ``withheld``
        (the reason, ``''`` if shown), labels.
    registry : DataFrame
        Its indicator registry (the package's keys and its own).
    rules : str
        Its disclosure thresholds, as text.
    error : str
        Why it could not be read (``''`` if it was).
    """

    folder: Path
    slug: str
    name: str = ""
    name_en: str = ""
    figures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COLUMNS)))
    ledger: pd.DataFrame = field(default_factory=pd.DataFrame)
    registry: pd.DataFrame = field(default_factory=pd.DataFrame)
    rules: str = ""
    error: str = ""

    def label(self, lang: str) -> str:
        """The town's name in ``lang`` (the Chinese name when no English one is set)."""
        return self.name_en if lang == "en" and self.name_en else (self.name or self.slug)


@dataclass
class CountyData:
    """Every town, in the order given, and the years the page shows."""

    towns: list[Town]
    years: list[int]
    lang: str

    @property
    def figures(self) -> pd.DataFrame:
        """All towns' published figures, one table (the town column is the town's shown name)."""
        frames = [t.figures.assign(town=t.label(self.lang)) for t in self.towns if len(t.figures)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))

    @property
    def ledger(self) -> pd.DataFrame:
        """All towns' ledger indicators, one table with a ``town`` column."""
        frames = [t.ledger.assign(town=t.label(self.lang)) for t in self.towns if len(t.ledger)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _published(town: Town, years: Sequence[int], lang: str) -> pd.DataFrame:
    frames = []
    for year in paths.published_years():
        table = load_published(year)
        table = table.loc[(table["scope"] == town.name) & (table["indicator"] != "")]
        if years:
            table = table.loc[table["year"].isin(years)]
        if table.empty:
            continue
        page = f"{year}.html" if lang == "zh" else f"en/{year}.html"
        frames.append(table.assign(town=town.name, source=[f"towns/{town.slug}/{page}#fig-{i}" for i in table["id"]]))
    if not frames:
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(COLUMNS)]


def _ledger(years: Sequence[int]) -> pd.DataFrame:
    """The town's ledger indicators of each year with a demo ledger folder, under its disclosure control."""
    from .page_data import ledger_indicators, load_page_data

    folder = paths.project_ledgers_dir()
    found = sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit()) if folder.is_dir() else []
    frames = []
    for year in [y for y in found if not years or y in years]:
        from ..analysis.disclosure import Protection

        data = load_page_data(year, ledger_dir=folder)
        shown = Protection.town(data.rules).apply(ledger_indicators(data))
        if shown.empty:
            continue
        reasons = protection_of(shown).row_reasons(shown) if protection_of(shown) else ""
        frames.append(shown.assign(withheld=reasons))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _load_town(folder: Path, slug: str, years: Sequence[int], lang: str, with_ledgers: bool) -> Town:
    town = Town(folder=folder, slug=slug)
    if not (folder / paths.PROJECT_FILE).is_file():
        town.error = f"{folder}: no {paths.PROJECT_FILE} there (make a project with `tanto init`)"
        return town
    from ..analysis.disclosure import project_rules

    try:
        with in_project(folder):
            place = current_town()
            town.name, town.name_en = place.name, place.name_en
            town.registry = registry_frame()
            town.figures = _published(town, years, lang)
            town.ledger = _ledger(years) if with_ledgers else pd.DataFrame()
            rules = project_rules()
            town.rules = f"min_frequency={rules.min_frequency}, dominance=({rules.dominance_n}, {rules.dominance_k})"
    except TantoError as exc:
        town.error = f"{folder.name}: {exc}"
    return town


def load_county(folders: Sequence[str | Path], years: Sequence[int] = (), lang: str = "zh",
                with_ledgers: bool = True) -> CountyData:
    """Read every town folder as its own project; a town that fails keeps its reason, the others are read.

    Parameters
    ----------
    folders : sequence of path
        The towns' project folders, in the order the page lists them.
    years : sequence of int, optional
        The years shown (default: every year any town has).
    lang : {"zh", "en"}
        The page's language (towns' names, links to the town pages in that language).
    with_ledgers : bool
        Also read each town's ledger indicators (its ``data/ledgers/demo/<year>/``).
    """
    taken: set[str] = set()
    towns = []
    for folder in folders:
        slug = town_slug(Path(folder), taken)
        taken.add(slug)
        towns.append(_load_town(Path(folder), slug, years, lang, with_ledgers))
    if not years:
        found = {int(y) for t in towns for y in t.figures["year"]}
        found |= {int(y) for t in towns if len(t.ledger) for y in t.ledger["year"]}
        years = sorted(found)
    return CountyData(towns, sorted(years), lang)
