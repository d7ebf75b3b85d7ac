"""Carry-forward: which figure of an earlier year's table does a drafted figure continue?

A reviewer keeps the ids of figures that recur from year to year so that
trends line up.  :func:`propose_carry` proposes, for each drafted figure, the
figure of the earlier tables that states the same thing: one of the same unit
kind (money with money, area with area; a count only with the same classifier,
户 with 户) whose label and quote read most alike.

Similarity is the Dice coefficient of the character bigrams of ``label_zh``
plus the quote's words (digits, units and bound words left out), averaged
with :class:`difflib.SequenceMatcher`'s ratio of the same strings, so that
人均年增收约1.57万元 finds 就业群众年均增收 / 1.5万元.  Each earlier figure is
proposed at most once, best pairs first; a pair below :data:`MIN_CONFIDENCE`
is not proposed.  The proposal is the earlier figure's ``id`` with
``carry_confidence`` 0–1, two decimals.  Where the pair is alike enough
(:data:`INDICATOR_CONFIDENCE`) and the drafted figure has the earlier
figure's exact unit and kind, the draft also takes the earlier figure's
``indicator``, so the two years line up in the trends; a reviewer checks it
like any other column (:func:`propose_indicators`).

Examples
--------
>>> _similarity("人均年增收", "就业群众年均增收") > 0.3
True
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.numbers import format_number
from ..core.readers import read_table
from ..core.unit_table import UNITS_BY_NAME

__all__ = ["INDICATOR_CONFIDENCE", "MIN_CONFIDENCE", "earlier_tables", "propose_carry", "propose_indicators"]

#: Pairs less alike than this are not proposed.
MIN_CONFIDENCE = 0.3
#: Pairs at least this alike also carry the earlier figure's indicator key into the draft.
INDICATOR_CONFIDENCE = 0.5
_NOT_WORDS = re.compile(r"[\d.,，。；;、%％\s\-—～~]|万|亿|余|多|约|近|超过|以上|左右|以下|不足")


def _words(label: str, quote: str, unit: str) -> str:
    """Label and quote without numbers, units and bound words."""
    quote = quote.replace(unit, "")
    for name, unit_row in UNITS_BY_NAME.items():
        if unit_row.base == unit:
            quote = quote.replace(name, "")
    return _NOT_WORDS.sub("", label + quote)


def _similarity(a: str, b: str) -> float:
    """Mean of bigram Dice and SequenceMatcher ratio of two strings (0–1)."""
    if not a or not b:
        return 0.0
    grams_a = {a[i:i + 2] for i in range(len(a) - 1)} or {a}
    grams_b = {b[i:i + 2] for i in range(len(b) - 1)} or {b}
    dice = 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))
    return (dice + SequenceMatcher(None, a, b).ratio()) / 2


def _comparable(unit_a: str, unit_b: str) -> bool:
    a, b = UNITS_BY_NAME.get(unit_a), UNITS_BY_NAME.get(unit_b)
    if a is None or b is None or a.kind != b.kind:
        return False
    return a.kind != "count" or a.base == b.base


def propose_carry(draft: pd.DataFrame, earlier: list[pd.DataFrame]) -> pd.DataFrame:
    """Fill ``carry_from`` and ``carry_confidence`` of a draft.

    Parameters
    ----------
    draft : DataFrame
        Drafted figures (``label_zh``, ``quote``, ``unit``), e.g. from
        :func:`tanto_analysis.figures.extract.extract_figures`.
    earlier : list of DataFrame
        Earlier years' figures tables (``id``, ``label_zh``, ``quote``, ``unit``).

    Returns
    -------
    DataFrame
        A copy of ``draft``; ``carry_from`` is an earlier figure's id (empty when
        none is alike enough) and ``carry_confidence`` its similarity, 0–1.
    """
    out = draft.copy()
    out["carry_from"] = ""
    out["carry_confidence"] = ""
    old = pd.concat(earlier, ignore_index=True) if earlier else pd.DataFrame(columns=["id", "label_zh", "quote", "unit"])
    new_words = [_words(r.label_zh, r.quote, r.unit) for r in out.itertuples()]
    old_words = [_words(r.label_zh, r.quote, r.unit) for r in old.itertuples()]
    pairs = []
    for i, row in enumerate(out.itertuples()):
        for j, past in enumerate(old.itertuples()):
            if _comparable(row.unit, past.unit):
                score = _similarity(new_words[i], old_words[j])
                if score >= MIN_CONFIDENCE:
                    pairs.append((-score, i, j))
    used_new: set[int] = set()
    used_old: set[int] = set()
    for neg_score, i, j in sorted(pairs):
        if i in used_new or j in used_old:
            continue
        used_new.add(i)
        used_old.add(j)
        out.iloc[i, out.columns.get_loc("carry_from")] = old.iloc[j]["id"]
        out.iloc[i, out.columns.get_loc("carry_confidence")] = format_number(round(-neg_score, 2), None, grouping=False)
    return out


def propose_indicators(draft: pd.DataFrame, earlier: list[pd.DataFrame],
                       min_confidence: float = INDICATOR_CONFIDENCE) -> pd.DataFrame:
    """Fill an empty ``indicator`` from the carried figure's, where that is safe.

    A drafted figure takes the indicator of its ``carry_from`` figure when the
    pair's confidence reaches ``min_confidence``, the units and kinds are the
    same (an indicator has one unit), and no other drafted figure of the same
    scope, year and kind already took that indicator.

    Examples
    --------
    >>> old = pd.DataFrame({"id": ["jobs_gain_last_year"], "indicator": ["jobs_income_increase_mean"],
    ...                     "unit": ["元"], "kind": ["actual"]})
    >>> new = pd.DataFrame({"indicator": [""], "unit": ["元"], "kind": ["actual"], "scope": ["潭头镇"],
    ...                     "year": ["2023"], "carry_from": ["jobs_gain_last_year"], "carry_confidence": ["0.68"]})
    >>> propose_indicators(new, [old])["indicator"].tolist()
    ['jobs_income_increase_mean']
    """
    out = draft.copy()
    old = pd.concat(earlier, ignore_index=True) if earlier else pd.DataFrame()
    if old.empty or "indicator" not in old.columns:
        return out
    by_id = {r["id"]: r for r in old.to_dict("records")}
    taken = {(r["indicator"], r["scope"], r["year"], r["kind"]) for r in out.to_dict("records") if r["indicator"]}
    for index, row in out.iterrows():
        past = by_id.get(row["carry_from"])
        if row["indicator"] or past is None or not past["indicator"] or not row["carry_confidence"]:
            continue
        key = (past["indicator"], row["scope"], row["year"], row["kind"])
        if (float(row["carry_confidence"]) >= min_confidence and past["unit"] == row["unit"]
                and past["kind"] == row["kind"] and key not in taken):
            out.loc[index, "indicator"] = past["indicator"]
            taken.add(key)
    return out


def earlier_tables(year: int, directory: str | Path | None = None) -> list[pd.DataFrame]:
    """The project's figures tables of the reports before ``year`` (``<y>.csv``, y < year)."""
    folder = Path(directory) if directory is not None else paths.published_dir()
    found = []
    for path in sorted(folder.glob("*.csv")):
        table_year = paths.year_of(path)
        if table_year is not None and table_year < year:
            found.append(read_table(path))
    return found
