"""The indicator registry: what each published figure measures, the same from year to year.

A figures table has one row per figure of one report; its ``id`` is unique
within that table only.  The ``indicator`` column names what the figure
measures, with a key that stays the same across years, so that 2022's
``就业群众年均增收1.5万元`` and a later year's ``人均年增收约1.57万元`` line up
as one series.  The registry declares each key once: the package's
(``tanto_analysis/defaults/indicators.csv``, the keys every town shares) and
a project's own additions (``data/reference/indicators.csv``):

``indicator``
    stable snake_case key, e.g. ``loans_new_households``; no year in it.
``domain``
    the report domain the indicator belongs to (``loan_subsidy`` …).
``kind``
    ``actual``, ``target`` or ``plan``.
``unit``
    the one base unit of its figures (元, 亩, 户, 人, %, …, or a ratio of
    two such as 元/亩).  A figure in
    another unit measures another thing and needs another key.
``target_of``, ``direction``
    for a target or plan: the actual indicator it is a target for, and
    whether ``higher`` or ``lower`` is better (progress toward targets).
``within_year``
    ``share`` for a completed share (%) of a task of the report year,
    compared with the share of the year elapsed (时间过半、任务过半).
``headline``
    rank among the headline cards of a page and the index (1 first), or empty.
``label_zh``, ``label_en``
    short labels without a year.

A figure whose ``indicator`` is empty, or a key the registry does not list,
is still a valid row: the table then declares that key itself (its rows must
agree on one unit), and the page lists the figure among the other figures.

Examples
--------
>>> reg = load_registry()
>>> reg["loans_new_amount"].unit, reg["loans_new_amount"].domain
('元', 'loan_subsidy')
>>> reg["talent_target_jobs"].target_of, reg["talent_target_jobs"].direction
('talent_jobs_driven', 'higher')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import InputError, Problem, display_path
from ..core.memo import FileMemo
from ..core.readers import read_table
from ..core.units import BASE_UNITS

__all__ = ["COLUMNS", "DIRECTIONS", "KINDS", "Indicator", "is_registry_unit", "load_registry", "registry_frame"]

COLUMNS: tuple[str, ...] = ("indicator", "domain", "kind", "unit", "target_of", "direction",
                            "within_year", "headline", "label_zh", "label_en")
KINDS: tuple[str, ...] = ("actual", "estimate", "target", "plan")
DIRECTIONS: tuple[str, ...] = ("higher", "lower")
_KEY = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_YEAR_IN_KEY = re.compile(r"(^|_)(19|20)\d\d(_|$)")


@dataclass(frozen=True)
class Indicator:
    """One registered indicator: a quantity a report states year after year.

    Parameters
    ----------
    key : str
        Stable snake_case key without a year, e.g. ``loans_new_households``.
    domain : str
        Report domain, e.g. ``loan_subsidy``.
    kind : str
        ``actual``, ``target`` or ``plan``.
    unit : str
        The base unit of every figure of this indicator (元, 亩, 户, 人, % …).
    label_zh, label_en : str
        Short labels without a year.
    target_of : str
        For a target or plan, the key of the actual indicator it aims at; else ``""``.
    direction : str
        ``higher`` or ``lower`` is better (with ``target_of``); else ``""``.
    within_year : str
        ``share`` for a completed share in % of a task of the report year; else ``""``.
    headline : int or None
        Rank among the headline cards (1 first), or None.

    Examples
    --------
    >>> Indicator("land_transfer_area", "land_transfer", "actual", "亩", "土地流转面积",
    ...           "Land transferred").unit
    '亩'
    """

    key: str
    domain: str
    kind: str
    unit: str
    label_zh: str
    label_en: str
    target_of: str = ""
    direction: str = ""
    within_year: str = ""
    headline: int | None = None

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``zh`` or ``en``)."""
        return self.label_zh if lang == "zh" else self.label_en


def is_registry_unit(unit: str) -> bool:
    """True for a base unit (元, 亩, 户 …) or a ratio of two (元/亩, 元/户), the units an indicator may have.

    Examples
    --------
    >>> is_registry_unit("元/亩"), is_registry_unit("万元"), is_registry_unit("元/")
    (True, False, False)
    """
    return unit in BASE_UNITS or (unit.count("/") == 1 and all(u in BASE_UNITS for u in unit.split("/")))


def _problems(frame: pd.DataFrame, name: str) -> list[Problem]:
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return [Problem(name, 1, c, f"missing column; expected the columns {', '.join(COLUMNS)}")
                for c in missing]
    problems: list[Problem] = []
    keys = set(frame["indicator"])
    first: dict[str, int] = {}
    ranks: dict[str, int] = {}
    for i, rec in enumerate(frame.to_dict("records")):
        row = i + 2

        def bad(column: str, message: str, row: int = row) -> None:
            problems.append(Problem(name, row, column, message))

        key = rec["indicator"]
        if not _KEY.match(key):
            bad("indicator", f"{key!r} is not a snake_case key such as loans_new_households")
        elif _YEAR_IN_KEY.search(key):
            bad("indicator", f"{key!r} names a year; the year belongs in the figures table's year column")
        if key in first:
            bad("indicator", f"indicator {key!r} is declared twice; first at row {first[key]}")
        first.setdefault(key, row)
        if rec["kind"] not in KINDS:
            bad("kind", f"unknown kind {rec['kind']!r}; expected one of {', '.join(KINDS)}")
        if not is_registry_unit(rec["unit"]):
            bad("unit", f"unknown unit {rec['unit']!r}; expected a base unit such as 元, 亩, 户, 人 or %, "
                        "or a ratio of two such as 元/亩")
        if rec["target_of"]:
            if rec["target_of"] not in keys:
                bad("target_of", f"target_of names {rec['target_of']!r}, which is not a registered indicator")
            if rec["kind"] == "actual":
                bad("target_of", "an actual indicator cannot be the target of another; use kind target or plan")
            if rec["direction"] not in DIRECTIONS:
                bad("direction", f"a target needs a direction: {' or '.join(DIRECTIONS)}")
        elif rec["direction"]:
            bad("direction", "direction goes with target_of; this indicator names no actual it aims at")
        if rec["within_year"] not in ("", "share"):
            bad("within_year", f"unknown within_year {rec['within_year']!r}; expected share or empty")
        elif rec["within_year"] and rec["unit"] != "%":
            bad("within_year", "a within-year share is a percentage; unit must be %")
        if rec["headline"]:
            if not rec["headline"].isdigit() or int(rec["headline"]) < 1:
                bad("headline", f"headline rank {rec['headline']!r} is not a whole number from 1")
            elif rec["headline"] in ranks:
                bad("headline", f"headline rank {rec['headline']} is taken by row {ranks[rec['headline']]}")
            else:
                ranks[rec["headline"]] = row
        for column in ("label_zh", "label_en"):
            if not rec[column].strip():
                bad(column, "expected a short label")
    return problems


def registry_frame(path: str | Path | None = None, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The validated registry as a table (all columns text; ``headline`` as text).

    Parameters
    ----------
    path : path, optional
        One registry file to read alone.  By default the registry is the
        package's (:func:`~tanto_analysis.core.paths.default_indicators_path`,
        the keys every project shares) with the project's own
        ``data/reference/indicators.csv`` added, if it has one: a key of the
        project's replaces the package's, a new key is added at the end.
    data_dir : path, optional
        The project's data tree (default the project's).

    Raises
    ------
    InputError
        With a ``file:row:column`` problem for each bad row.
    """
    if path is not None:
        one = Path(path)
        return _frames.get(("registry", str(one)), [one], lambda: _registry_frame(one))
    shared = paths.default_indicators_path()
    own = paths.indicators_path(data_dir)
    if not own.is_file():
        return _frames.get(("registry", str(shared)), [shared], lambda: _registry_frame(shared))
    return _frames.get(("registry", str(shared), str(own)), [shared, own], lambda: _merged(shared, own))


def _merged(shared: Path, own: Path) -> pd.DataFrame:
    base, extra = _registry_frame(shared), _registry_frame(own)
    merged = pd.concat([base.loc[~base["indicator"].isin(set(extra["indicator"]))], extra], ignore_index=True)
    problems = _problems(merged, display_path(own))  # a target of a shared key, one headline rank each …
    if problems:
        raise InputError(problems)
    return merged


#: Validated registries, remembered while their file stays the same.
_frames: FileMemo[pd.DataFrame] = FileMemo(size=8, copy=lambda frame: frame.copy())


def _registry_frame(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError([Problem(display_path(path), None, None, (
            "indicator registry not found"))])
    frame = read_table(path).fillna("")
    problems = _problems(frame, display_path(path))
    if problems:
        raise InputError(problems)
    return frame[list(COLUMNS)]


def load_registry(path: str | Path | None = None, data_dir: str | Path | None = None) -> dict[str, Indicator]:
    """The registry (the package's and the project's, :func:`registry_frame`) as ``{key: Indicator}``, in order.

    Remembered while its files stay the same (every ledger indicator row looks
    its labels up here); each call gets its own dict of the frozen indicators.
    """
    files = [Path(path)] if path is not None else [paths.default_indicators_path(), paths.indicators_path(data_dir)]
    return _registries.get(("registry", *map(str, files)), files, lambda: _indicators(path, data_dir))


#: Registries as ``{key: Indicator}``, remembered while their files stay the same (handed out as shallow copies).
_registries: FileMemo[dict] = FileMemo(size=8, copy=dict)


def _indicators(path: str | Path | None, data_dir: str | Path | None) -> dict[str, Indicator]:
    frame = registry_frame(path, data_dir)
    return {
        rec["indicator"]: Indicator(
            key=rec["indicator"], domain=rec["domain"], kind=rec["kind"], unit=rec["unit"],
            label_zh=rec["label_zh"], label_en=rec["label_en"], target_of=rec["target_of"],
            direction=rec["direction"], within_year=rec["within_year"],
            headline=int(rec["headline"]) if rec["headline"] else None)
        for rec in frame.to_dict("records")
    }
