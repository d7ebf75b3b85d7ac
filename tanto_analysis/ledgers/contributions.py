"""Who contributes to a cell: the statistics disclosure control needs, as SQL over a ledger.

A cell of a breakdown (a village, a post type, an expiry year) is a sum over
ledger rows: of rows (a count: 人, 笔, 份) or of a column (元, 亩).  Its
*contributors* are the distinct values of a contributor column (a
household, a person, a contract).  :func:`cell_stats` answers, per cell,
the value, the number of contributors and the two largest contributions;
:func:`group_stats` the same for a group of cells taken together (a
household borrowing in two villages is one contributor of the pair).
:mod:`tanto_analysis.analysis.disclosure` decides from them what may be shown.

Both are one grouped query each (window ranks, no engine-specific
function), however many rows the ledger has, and return only aggregates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .ledger import Ledger

__all__ = ["Measure", "cell_stats", "group_stats"]

#: The columns :func:`cell_stats` answers, besides the cell's key ``k``.
STATS = ("value", "contributors", "top1", "top2")


@dataclass(frozen=True)
class Measure:
    """One quantity of a breakdown.

    Attributes
    ----------
    ledger : Ledger
        The ledger whose rows add up to the cells.
    contributor : str
        The column naming a contributor (``household_id``, ``person_id``, ``contract_id``).
    value : str, optional
        The column (or SQL expression over the ledger's columns) summed in
        each cell (元, 亩); None counts rows (人, 笔, 份).
    """

    ledger: Ledger
    contributor: str
    value: str | None = None

    @property
    def magnitude(self) -> bool:
        """True for a sum of amounts (the dominance rules apply), False for a count of rows."""
        return self.value is not None


def _per_contributor(measure: Measure, by: str | None, where: str = "") -> str:
    amount = f"sum({measure.value})" if measure.value is not None else "count(*)"
    key = f"{by} AS k, " if by else ""
    group = "1, 2" if by else "1"
    return (f"SELECT {key}{measure.contributor} AS c, {amount} AS v FROM {{t}} {where} GROUP BY {group}")


def cell_stats(measure: Measure, by: str) -> pd.DataFrame:
    """Per cell of the breakdown ``by``: value, contributors, and the two largest contributions.

    Parameters
    ----------
    measure : Measure
        What is summed, and who contributes.
    by : str
        A column of the ledger, or an SQL expression over its columns
        (``year(end_date)``), whose values are the cells.

    Returns
    -------
    DataFrame
        Indexed by the cell's key; ``value`` (the cell as shown: rows, or the
        sum of ``measure.value``), ``contributors`` (distinct contributors),
        ``top1`` and ``top2`` (the largest and second-largest contribution, in
        the value's unit; ``top2`` is 0 with one contributor).
    """
    found = measure.ledger.query(
        f"WITH per AS ({_per_contributor(measure, by)}), "
        "ranked AS (SELECT k, v, row_number() OVER (PARTITION BY k ORDER BY v DESC) AS r FROM per) "
        "SELECT k, sum(v) AS value, count(*) AS contributors, "
        "max(CASE WHEN r = 1 THEN v END) AS top1, COALESCE(max(CASE WHEN r = 2 THEN v END), 0) AS top2 "
        "FROM ranked GROUP BY k ORDER BY k")
    found[list(STATS)] = found[list(STATS)].astype("float64")
    return found.set_index("k")


def group_stats(measure: Measure, by: str, keys: Sequence[object]) -> dict[str, float]:
    """The cells ``keys`` of the breakdown ``by`` taken together: value, contributors, ``top1``, ``top2``.

    A contributor found in two of the cells counts once, with its
    contributions added up, so the group is judged as a reader who knows
    the other cells would see it.
    """
    if not keys:
        return dict.fromkeys(STATS, 0.0)
    marks = ", ".join("?" for _ in keys)
    found = measure.ledger.query(
        f"WITH per AS ({_per_contributor(measure, None, f'WHERE {by} IN ({marks})')}), "
        "ranked AS (SELECT v, row_number() OVER (ORDER BY v DESC) AS r FROM per) "
        "SELECT COALESCE(sum(v), 0) AS value, count(*) AS contributors, "
        "COALESCE(max(CASE WHEN r = 1 THEN v END), 0) AS top1, COALESCE(max(CASE WHEN r = 2 THEN v END), 0) AS top2 "
        "FROM ranked", list(keys))
    return {name: float(found[name].iloc[0]) for name in STATS}
