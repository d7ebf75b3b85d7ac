"""The project's town and its villages: declared data, read from the project.

The town and its county are the ``[project]`` table of ``tanto.toml``::

    [project]
    town = "甲镇"
    county = "乙县"
    town_en = "Jia town"             # optional: how English pages name it (default: the Chinese name)
    county_en = "Yi county"          # optional

Its villages are ``data/reference/villages.csv``, one row per village:

``village``
    the canonical name (``甲一村``), as ledgers and figures tables write it;
``short_form``
    the form reports also write (``甲一``), or empty; ``village_short_form``
    proposes it for a name of three or more characters ending in 村;
``aliases``
    other spellings, separated by ``|`` (an old name, a common typo), or empty;
``note``
    where the name comes from (free text).

A ledger's village cell is accepted in any of these forms and stored in its
canonical one; a figure's scope is the town or one of its villages.  Nothing
in the package names a town or a village (``tests/test_architecture.py``).

Examples
--------
>>> village_short_form("甲一村"), village_short_form("甲村"), village_short_form("村A")
('甲一', None, None)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core import paths
from ..core.errors import ConfigurationError, InputError, Problem, display_path
from ..core.memo import FileMemo
from ..core.settings import settings_path, settings_table

__all__ = ["VILLAGE_COLUMNS", "Town", "canonical_village", "current_town", "is_known_scope", "place_names",
           "project_town", "village_short_form"]

#: The columns of ``data/reference/villages.csv``.
VILLAGE_COLUMNS: tuple[str, ...] = ("village", "short_form", "aliases", "note")


@dataclass(frozen=True)
class Town:
    """A town, its county and its villages.

    Attributes
    ----------
    name, county : str
        As reports write them (``甲镇``, ``乙县``).
    name_en, county_en : str
        As English pages name them (default: the Chinese names).
    villages : tuple of str
        Canonical village names, in the file's order.
    forms : mapping of str to str
        Every accepted spelling (canonical name, short form, alias) → canonical name.
    """

    name: str
    county: str = ""
    name_en: str = ""
    county_en: str = ""
    villages: tuple[str, ...] = ()
    forms: Mapping[str, str] = field(default_factory=dict)

    def canonical(self, written: str) -> str | None:
        """The canonical name of a village as written (``甲一`` → ``甲一村``), or None."""
        return self.forms.get(written.strip())

    def knows(self, scope: str) -> bool:
        """True for the town itself or one of its villages (any spelling)."""
        return scope == self.name or self.canonical(scope) is not None

    def label(self, lang: str) -> str:
        """The town's name in ``lang`` (``zh``: the Chinese name; otherwise ``name_en``, else the Chinese)."""
        return self.name if lang == "zh" else (self.name_en or self.name)

    def county_label(self, lang: str) -> str:
        """The county's name in ``lang``."""
        return self.county if lang == "zh" else (self.county_en or self.county)


def village_short_form(name: str) -> str | None:
    """The short form a report may write for a village, or None if it has none.

    A name of three or more characters ending in 村 is also written without
    it; a two-character name (甲村, 乙村) is always written in full.
    """
    return name.removesuffix("村") if len(name) > 2 and name.endswith("村") else None


#: Towns read from their files, remembered while tanto.toml and villages.csv stay the same.
_towns: FileMemo[Town] = FileMemo(size=8, copy=lambda town: town)  # a Town is never changed: no copies


def current_town(data_dir: str | Path | None = None) -> Town:
    """The project's town (``[project]`` of ``tanto.toml``) and villages (``data/reference/villages.csv``).

    Raises
    ------
    ConfigurationError
        If ``tanto.toml`` names no town.
    InputError
        If ``villages.csv`` is malformed (``file:row:column`` problems).
    """
    settings, villages = settings_path(), paths.villages_path(data_dir)
    return _towns.get(("town", str(settings), str(villages)), [settings, villages], lambda: _read(villages))


def project_town() -> Town:
    """The town and county of the project's ``tanto.toml`` (no villages: reads nothing else, imports no pandas)."""
    settings = settings_path()
    return _towns.get(("project", str(settings)), [settings], _project_town)


def _project_town() -> Town:
    project = settings_table("project")
    name = project.get("town")
    if not isinstance(name, str) or not name.strip():
        raise ConfigurationError(f"{display_path(settings_path())}: [project] needs the town's name, "
                                 'e.g. town = "某镇" (tanto init writes it)')
    texts = {k: project.get(k, "") for k in ("county", "town_en", "county_en")}
    bad = [k for k, v in texts.items() if not isinstance(v, str)]
    if bad:
        raise ConfigurationError(f"{display_path(settings_path())}: [project] {', '.join(bad)} must be text")
    return Town(name.strip(), texts["county"].strip(), texts["town_en"].strip(), texts["county_en"].strip())


def _read(villages: Path) -> Town:
    town = project_town()
    names, forms = _villages(villages, town.name) if villages.is_file() else ((), {})
    return replace(town, villages=names, forms=forms)


def _villages(path: Path, town: str) -> tuple[tuple[str, ...], dict[str, str]]:
    from ..core.readers import read_table

    frame = read_table(path).fillna("")
    where = display_path(path)
    missing = [c for c in ("village",) if c not in frame.columns]
    if missing:
        raise InputError([Problem(where, 1, "village", f"missing column; expected the columns {', '.join(VILLAGE_COLUMNS)}")])
    names: list[str] = []
    forms: dict[str, str] = {}
    problems: list[Problem] = []
    for row, rec in enumerate(frame.to_dict("records"), start=2):
        village = str(rec["village"]).strip()
        if not village:
            problems.append(Problem(where, row, "village", "expected the village's name"))
            continue
        if village == town:
            problems.append(Problem(where, row, "village", "the town itself is not one of its villages"))
            continue
        written = [(village, "village")]
        if str(rec.get("short_form", "")).strip():
            written.append((str(rec["short_form"]).strip(), "short_form"))
        written += [(a.strip(), "aliases") for a in str(rec.get("aliases", "")).split("|") if a.strip()]
        for form, column in written:
            if form in forms and forms[form] != village or (column == "village" and village in names):
                problems.append(Problem(where, row, column, f"{form!r} already names {forms.get(form, village)!r}; "
                                        "each spelling names one village"))
            else:
                forms[form] = village
        if village not in names:
            names.append(village)
    if problems:
        raise InputError(problems)
    return tuple(names), forms


def place_names(lang: str) -> dict[str, str]:
    """``{"town": …, "county": …}`` in ``lang``, the fields of the catalogue's titles and banners."""
    town = project_town()
    return {"town": town.label(lang), "county": town.county_label(lang)}


def canonical_village(name: str) -> str | None:
    """The canonical name of one of the project's villages as written, or None (see :meth:`Town.canonical`)."""
    return current_town().canonical(name)


def is_known_scope(scope: str) -> bool:
    """True for the project's town or any of its villages (any spelling)."""
    return current_town().knows(scope)
