"""``tanto init``: a new project, the folders and files a town's analyst fills in.

A project is a folder with a ``tanto.toml`` (:mod:`tanto_analysis.core.paths`).
:func:`init_project` writes one::

    tanto.toml                      the town and county; disclosure thresholds (defaults)
    README.md                       what goes where, and the yearly steps
    .gitignore                      reports/, ledgers, caches
    data/sources/                   each year's report as received: <year>.txt, .docx or .pdf
    data/published/                 each year's figures table: <year>.csv (tanto extract drafts it)
    data/reference/villages.csv     the town's villages, to fill: village, short_form, aliases, note
    data/reference/indicators.csv   the town's own indicator keys, added to the package's registry
    notebooks/                      the page notebooks, the town's own copy to edit
    reports/                        what tanto build writes

Nothing is overwritten: a folder that is already a project, or holds any
file the project would write, is refused with the list of those files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..core import paths
from ..core.atomic import atomic_write_text
from ..core.errors import ConfigurationError, display_path
from ..reference.indicators import COLUMNS as INDICATOR_COLUMNS
from ..reference.villages import VILLAGE_COLUMNS

__all__ = ["TEMPLATE", "init_project"]

#: The files a new project starts from (the page notebooks and their README).
TEMPLATE = Path(__file__).resolve().parent / "project_template"

_SETTINGS = """\
# The project's settings, read by tanto_analysis: this file marks the project's root.
# A setting left out keeps its default.

[project]
town = {town}
county = {county}
# How English pages name them (default: the Chinese names):
# town_en = "… town"
# county_en = "… county"
# The town's own ledgers, a <year>/ folder each, relative to this file (default: the synthetic demo's,
# data/ledgers/demo, written by `tanto demo-data`):
# ledgers = "data/ledgers/offices"

[disclosure]
# Statistical disclosure control of everything computed from ledger rows (docs/disclosure.md).
min_frequency = 3
dominance_n = 1
dominance_k = 85
p_percent = 0

# A ledger of the town's own, declared as data (docs/projects.md, "A ledger of the town's own"):
# [ledgers.housing_repairs]
# domain = "housing_safety"
# title_zh = "危房改造"
# title_en = "Housing repairs"
# contributor = "household_id"
# columns = [
#   {{name = "household_id", kind = "id", zh = "户编号"}},
#   {{name = "village", kind = "village", zh = "村"}},
#   {{name = "grant_yuan", kind = "number", unit = "元", zh = "补助金额(元)"}},
# ]
# indicators = [  # keys declared in data/reference/indicators.csv
#   {{key = "housing_repairs_households", count_distinct = "household_id"}},
#   {{key = "housing_repairs_grant_total", sum = "grant_yuan"}},
# ]
"""

_README = """\
# {town}（{county}）乡村振兴进展报告：数据附录

A tanto_analysis project: the reports, figures tables and ledgers of {town},
and the HTML appendix built from them.

| path | what goes there |
| --- | --- |
| `tanto.toml` | the town and county; disclosure-control thresholds; ledgers of the town's own |
| `data/sources/<year>.txt` | a year's report as received (or `.docx`, `.pdf`); never edited |
| `data/published/<year>.csv` | the report's figures, each with its quote: `tanto extract` drafts it, `tanto validate` checks it |
| `data/reference/villages.csv` | the town's villages: `village` (as ledgers write it), `short_form` (as reports may write it), `aliases` (other spellings, separated by `|`), `note` |
| `data/reference/indicators.csv` | indicator keys of the town's own, added to the package's shared registry |
| `notebooks/` | the page notebooks; edit them in JupyterLab, commit them without outputs |
| `reports/` | what `tanto build` writes: `reports/html/index.html` and a page per year |

Yearly steps:

1. Save the report as `data/sources/<year>.txt` (or `.docx`).
2. `tanto extract data/sources/<year>.txt --year <year> -o data/published/<year>.csv`; review it.
3. `tanto validate data/published/<year>.csv`.
4. Put the year's ledgers in `<folder>/<year>/` (see `tanto template`) and run
   `tanto reconcile --year <year> --ledgers <folder>`.
5. `tanto build --all [--ledgers <folder>]`, then open `reports/html/index.html`.

The record-level ledgers of households are never committed here and never
shown on a page: pages show aggregates under disclosure control.
"""

_GITIGNORE = """\
reports/*
data/ledgers/
.cache/
__pycache__/
.ipynb_checkpoints/
notebooks/Untitled*.ipynb
"""

_VILLAGES = ",".join(VILLAGE_COLUMNS) + "\n"
_INDICATORS = ",".join(INDICATOR_COLUMNS) + "\n"


def _toml_text(value: str) -> str:
    """``value`` as a TOML basic string (JSON's escapes are TOML's: quotes, backslashes, control characters)."""
    return json.dumps(value, ensure_ascii=False)


def init_project(folder: str | Path, town: str, county: str = "") -> list[Path]:
    """Write a new project for ``town`` (of ``county``) into ``folder``; return the files written.

    Parameters
    ----------
    folder : path
        Created if missing; an existing folder must not hold a ``tanto.toml``
        nor any of the files written here.
    town, county : str
        As reports write them (``某镇``, ``某县``).

    Raises
    ------
    ConfigurationError
        For an empty town name, a folder that is already a project, or files
        that would be overwritten (each named).
    """
    town, county = town.strip(), county.strip()
    if not town:
        raise ConfigurationError("tanto init: --town needs the town's name as reports write it (e.g. 某镇)")
    root = Path(folder)
    files = {
        root / paths.PROJECT_FILE: _SETTINGS.format(town=_toml_text(town), county=_toml_text(county)),
        root / "README.md": _README.format(town=town, county=county or "—"),
        root / ".gitignore": _GITIGNORE,
        root / "data" / "reference" / "villages.csv": _VILLAGES,
        root / "data" / "reference" / "indicators.csv": _INDICATORS,
    }
    notebooks = sorted(p for p in (TEMPLATE / "notebooks").rglob("*") if p.is_file()
                       and ".ipynb_checkpoints" not in p.parts)
    copies = {root / "notebooks" / p.relative_to(TEMPLATE / "notebooks"): p for p in notebooks}
    taken = [p for p in [*files, *copies] if p.exists()]
    if (root / paths.PROJECT_FILE).exists():
        raise ConfigurationError(f"{display_path(root)} is already a project ({paths.PROJECT_FILE}); nothing written")
    if taken:
        raise ConfigurationError(f"{display_path(root)}: would overwrite {', '.join(display_path(p) for p in taken)}; "
                                 "nothing written")
    written = [atomic_write_text(path, text) for path, text in files.items()]
    for target, source in copies.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        written.append(target)
    for empty in ("data/sources", "data/published", "reports"):
        (root / empty).mkdir(parents=True, exist_ok=True)
    return written
