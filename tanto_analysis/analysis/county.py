"""Towns side by side: which figures of several towns may be compared, and how.

The county page (``tanto county``, :mod:`tanto_analysis.build.county`) puts
the published figures of several town projects in one tidy table
(:data:`COLUMNS`: one row per town, year and indicator).  This module decides,
on that table alone, what a comparison may say:

* two figures are compared only when they have the **same indicator key and
  the same unit** (:func:`comparable`); a town whose key carries another unit
  is set apart, never converted;
* a county **total** is a sum only of additive quantities (counts, 元, 亩 …);
  a rate (%, 元/亩, 百分点) is never summed, the county shows its **median**
  (:func:`county_summary`); a total or median built from an approximate
  figure (约, 以上) says so by its bound;
* **per household and per person** figures divide a town's value by that
  town's own ``households_total`` (户) and ``population_total`` (人) of the
  same year, with the formula written out (:func:`per_unit`); a town without
  the denominator gets no ratio, never a guess;
* a missing year is a missing cell (NaN), never 0 (:func:`year_grid`);
* the keys that only one town uses and the keys that look like the same
  quantity under two names (same unit and domain, similar labels) are listed
  for the county to merge (:func:`single_town_indicators`, :func:`near_duplicates`).

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"town": ["甲镇", "乙镇"], "year": [2022, 2022], "indicator": ["posts", "posts"],
...                       "unit": ["人", "人"], "value": [385.0, 120.0], "bound": ["exact", "approx"]})
>>> county_summary(frame)
{'measure': 'total', 'value': 505.0, 'bound': 'approx', 'towns': 2}
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd

from ..core.numbers import format_number

__all__ = [
    "COLUMNS",
    "DENOMINATORS",
    "NON_ADDITIVE_UNITS",
    "NearDuplicate",
    "comparable",
    "county_summary",
    "near_duplicates",
    "per_unit",
    "shared_indicators",
    "single_town_indicators",
    "year_grid",
]

#: The tidy table of towns' figures (one row per town, year and indicator).
COLUMNS: tuple[str, ...] = ("town", "year", "indicator", "domain", "kind", "unit", "value", "bound",
                            "label_zh", "label_en", "id", "quote", "source")
#: Units whose values are never summed across towns (rates, shares, per-unit amounts, durations).
NON_ADDITIVE_UNITS: frozenset[str] = frozenset({"%", "百分点", "年"})
#: The denominators of per-household and per-person figures: indicator key → its unit.
DENOMINATORS: dict[str, str] = {"households_total": "户", "population_total": "人"}
#: Two labels at least this similar (difflib's ratio, 0–1) mark a possible duplicate key.
SIMILAR_LABELS = 0.6


def _additive(unit: str) -> bool:
    """True for a unit whose town values add up to a county total (not a rate, share or per-unit amount)."""
    return unit not in NON_ADDITIVE_UNITS and "/" not in unit


def _combined_bound(bounds: pd.Series) -> str:
    """The bound of a sum or median: ``exact`` only if every figure is exact; ``approx`` for any other mix."""
    found = set(bounds.fillna("exact")) - {"exact", ""}
    if not found:
        return "exact"
    return "at_least" if found == {"at_least"} else "approx"


def comparable(frame: pd.DataFrame, indicator: str, unit: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``indicator`` in ``unit`` (compared) and those in another unit (set apart).

    Parameters
    ----------
    frame : DataFrame
        Towns' figures (:data:`COLUMNS`).
    indicator : str
        The key compared.
    unit : str
        The registry's unit of the key (元, 亩, 户, 人, % …).
    """
    rows = frame.loc[frame["indicator"] == indicator]
    same = rows["unit"] == unit
    return rows.loc[same], rows.loc[~same]


def shared_indicators(frame: pd.DataFrame, at_least: int = 2) -> list[str]:
    """Keys that ``at_least`` towns state (any year), most towns first, then in the table's order."""
    towns = frame.groupby("indicator", sort=False)["town"].nunique()
    shared = towns.loc[towns >= at_least]
    order = {k: i for i, k in enumerate(dict.fromkeys(frame["indicator"]))}
    return sorted(shared.index, key=lambda k: (-int(shared[k]), order[k]))


def single_town_indicators(frame: pd.DataFrame) -> pd.DataFrame:
    """Keys that only one town states: ``indicator``, ``town``, ``unit``, ``domain``, ``label_zh``, ``label_en``."""
    towns = frame.groupby("indicator", sort=False)["town"].nunique()
    single = frame.loc[frame["indicator"].isin(towns.loc[towns == 1].index)]
    columns = ["indicator", "town", "unit", "domain", "label_zh", "label_en"]
    return single.drop_duplicates("indicator")[columns].reset_index(drop=True)


def year_grid(rows: pd.DataFrame, towns: list[str], years: list[int]) -> pd.DataFrame:
    """One row per town of ``towns``, one column per year of ``years``: the row of ``rows`` or None (missing).

    A town without a figure for a year is ``None`` in that cell: missing,
    never 0.  Where a table states a key twice for a year, its first figure
    (in the table's order) is kept.
    """
    first = rows.drop_duplicates(["town", "year"], keep="first")
    records = {(r["town"], int(r["year"])): r for r in first.to_dict("records")}
    grid = {year: [records.get((town, year)) for town in towns] for year in years}
    return pd.DataFrame(grid, index=pd.Index(towns, name="town"), dtype=object)


def county_summary(rows: pd.DataFrame) -> dict:
    """The county's total (an additive unit) or median (a rate) of ``rows``, one year of one key.

    Returns
    -------
    dict
        ``measure`` (``total`` or ``median``), ``value`` (in the rows' unit:
        元, 亩, 户, 人, % …), ``bound`` (``exact``; ``approx`` or
        ``at_least`` when a figure is not exact) and ``towns`` (how many
        towns it covers).  ``rows`` holds one unit only (:func:`comparable`).

    Raises
    ------
    ValueError
        If ``rows`` mixes units or is empty.
    """
    units = set(rows["unit"])
    if len(units) != 1:
        raise ValueError(f"a county figure needs one unit, not {sorted(units)}")
    unit = units.pop()
    values = rows["value"].astype(float)
    if _additive(unit):
        return {"measure": "total", "value": float(values.sum()), "bound": _combined_bound(rows["bound"]),
                "towns": int(rows["town"].nunique())}
    return {"measure": "median", "value": float(values.median()), "bound": _combined_bound(rows["bound"]),
            "towns": int(rows["town"].nunique())}


def per_unit(rows: pd.DataFrame, denominators: pd.DataFrame) -> pd.DataFrame:
    """Per-household and per-person values of ``rows``, each town's by its own denominators of the same year.

    Parameters
    ----------
    rows : DataFrame
        One additive key in one unit (元, 亩, 人 …), towns' figures (:data:`COLUMNS`).
    denominators : DataFrame
        The towns' ``households_total`` (户) and ``population_total`` (人)
        rows (:data:`COLUMNS`), as published.

    Returns
    -------
    DataFrame
        ``town``, ``year``, ``value``, ``unit``, ``per`` (``households_total``
        or ``population_total``), ``denominator`` (户 or 人), ``ratio``
        (``value / denominator``, in ``<unit>/户`` or ``<unit>/人``; in %
        when the figure counts what its denominator counts, 人 of 人),
        ``ratio_unit``, ``formula`` (``11,465,000元 ÷ 7,265户``) and
        ``bound`` (``approx`` when either figure is not exact).  A town-year
        without a denominator has no row.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"town": ["甲镇"], "year": [2022], "indicator": ["loans"], "unit": ["元"],
    ...                      "value": [11465000.0], "bound": ["exact"]})
    >>> den = pd.DataFrame({"town": ["甲镇"], "year": [2022], "indicator": ["households_total"], "unit": ["户"],
    ...                     "value": [7265.0], "bound": ["exact"]})
    >>> per_unit(rows, den)[["ratio", "ratio_unit", "formula"]].round(2).values.tolist()
    [[1578.11, '元/户', '11,465,000元 ÷ 7,265户']]
    """
    out = []
    for key, unit in DENOMINATORS.items():
        den = denominators.loc[(denominators["indicator"] == key) & (denominators["unit"] == unit)]
        den = den.drop_duplicates(["town", "year"]).set_index(["town", "year"])
        for rec in rows.drop_duplicates(["town", "year"]).to_dict("records"):
            where = (rec["town"], int(rec["year"]))
            if where not in den.index or not den.loc[where, "value"]:
                continue
            d = den.loc[where]
            bound = "exact" if {rec["bound"], d["bound"]} <= {"exact", ""} else "approx"
            formula = f"{format_number(rec['value'])}{rec['unit']} ÷ {format_number(d['value'])}{unit}"
            share = rec["unit"] == unit  # people among the people: a share, not 人/人
            out.append({"town": rec["town"], "year": int(rec["year"]), "value": float(rec["value"]),
                        "unit": rec["unit"], "per": key, "denominator": float(d["value"]),
                        "ratio": float(rec["value"]) / float(d["value"]) * (100 if share else 1),
                        "ratio_unit": "%" if share else f"{rec['unit']}/{unit}",
                        "formula": formula + (" × 100%" if share else ""), "bound": bound})
    columns = ["town", "year", "value", "unit", "per", "denominator", "ratio", "ratio_unit", "formula", "bound"]
    return pd.DataFrame(out, columns=columns)


@dataclass(frozen=True)
class NearDuplicate:
    """Two indicator keys that may measure the same quantity: same unit and domain, similar labels.

    Attributes
    ----------
    first, second : str
        The keys (``first`` sorts before ``second``).
    unit, domain : str
        What they share.
    similarity : float
        difflib's ratio of their Chinese labels (0–1).
    towns : tuple of str
        The towns that use either key.
    """

    first: str
    second: str
    unit: str
    domain: str
    similarity: float
    towns: tuple[str, ...]


def near_duplicates(frame: pd.DataFrame, threshold: float = SIMILAR_LABELS) -> list[NearDuplicate]:
    """Pairs of keys of ``frame`` with the same unit and domain and labels at least ``threshold`` alike.

    Only pairs that different towns use are listed (a town's own two keys are
    its own business); the most similar first, then by key.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"town": ["甲镇", "乙镇", "乙镇"], "indicator": ["posts", "welfare_posts", "loans"],
    ...                       "unit": ["人", "人", "元"], "domain": ["jobs", "jobs", "jobs"],
    ...                       "label_zh": ["公益性岗位人数", "公益岗位人数", "贷款金额"]})
    >>> [(d.first, d.second, round(d.similarity, 2)) for d in near_duplicates(frame)]
    [('posts', 'welfare_posts', 0.92)]
    """
    keys = frame.drop_duplicates("indicator")[["indicator", "unit", "domain", "label_zh"]].to_dict("records")
    towns = frame.groupby("indicator")["town"].agg(lambda t: tuple(sorted(set(t))))
    found = []
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if a["unit"] != b["unit"] or a["domain"] != b["domain"]:
                continue
            if set(towns[a["indicator"]]) == set(towns[b["indicator"]]) and len(towns[a["indicator"]]) == 1:
                continue
            ratio = difflib.SequenceMatcher(None, a["label_zh"], b["label_zh"]).ratio()
            if ratio >= threshold:
                first, second = sorted((a["indicator"], b["indicator"]))
                found.append(NearDuplicate(first, second, a["unit"], a["domain"], ratio,
                                           tuple(sorted(set(towns[first]) | set(towns[second])))))
    return sorted(found, key=lambda d: (-d.similarity, d.first, d.second))
