"""Who contributes to a cell: the statistics disclosure control needs, as SQL over a ledger.

A cell of a breakdown (a village, a post type, an expiry year) is a sum over
ledger rows: of rows (a count: 人, 笔, 份) or of a column (元, 亩).  Its
*contributors* are the distinct values of a contributor column (a
household, a person, a contract).  :func:`cell_stats` answers, per cell,
the value, the number of contributors and the two largest contributions;
:func:`group_stats` the same for a group of cells taken together (a
household borrowing in two villages is one contributor of the pair).
:mod:`tanto_analysis.analysis.disclosure` decides from them what may be shown.

Both are one grouped query (window ranks, no engine-specific function),
however many rows the ledger has, and return only aggregates;
:func:`cells_stats` and :func:`groups_stats` ask for several measures of one
ledger (a count and a sum) in that one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .ledger import Ledger

__all__ = ["Measure", "cell_stats", "cells_stats", "group_stats", "groups_stats"]

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


def _amount(value: str | None) -> str:
    return f"sum({value})" if value is not None else "count(*)"


def _ranked_sql(ledger_values: list[str | None], contributor: str, by: str | None, where: str = "") -> str:
    """Per contributor (and cell), each value; then its rank among the cell's contributors, per value."""
    key = f"{by} AS k, " if by else ""
    group = "1, 2" if by else "1"
    amounts = ", ".join(f"{_amount(v)} AS v{i}" for i, v in enumerate(ledger_values))
    partition = "PARTITION BY k " if by else ""
    ranks = ", ".join(f"row_number() OVER ({partition}ORDER BY v{i} DESC) AS r{i}" for i in range(len(ledger_values)))
    values = ", ".join(f"v{i}" for i in range(len(ledger_values)))
    return (f"WITH per AS (SELECT {key}{contributor} AS c, {amounts} FROM {{t}} {where} GROUP BY {group}), "
            f"ranked AS (SELECT {'k, ' if by else ''}{values}, {ranks} FROM per) ")


def _stats_sql(count: int) -> str:
    return ", ".join(f"COALESCE(sum(v{i}), 0) AS value{i}, COALESCE(max(CASE WHEN r{i} = 1 THEN v{i} END), 0) AS top1_{i}, "
                     f"COALESCE(max(CASE WHEN r{i} = 2 THEN v{i} END), 0) AS top2_{i}" for i in range(count))


def _groups(measures: Sequence[Measure]) -> dict[tuple[int, str], list[str | None]]:
    """The distinct values each (ledger, contributor) pair sums: one query per pair."""
    groups: dict[tuple[int, str], list[str | None]] = {}
    for m in measures:
        values = groups.setdefault((id(m.ledger), m.contributor), [])
        if m.value not in values:
            values.append(m.value)
    return groups


def cells_stats(measures: Sequence[Measure], by: str) -> list[pd.DataFrame]:
    """:func:`cell_stats` of each measure, asked in one query per ledger and contributor column."""
    ledgers = {(id(m.ledger), m.contributor): m.ledger for m in measures}
    answers: dict[tuple[int, str, str | None], pd.DataFrame] = {}
    for pair, values in _groups(measures).items():
        found = ledgers[pair].query(_ranked_sql(values, pair[1], by) + f"SELECT k, count(*) AS contributors, "
                                    f"{_stats_sql(len(values))} FROM ranked GROUP BY k ORDER BY k")
        for i, value in enumerate(values):
            frame = pd.DataFrame({"value": found[f"value{i}"], "contributors": found["contributors"],
                                  "top1": found[f"top1_{i}"], "top2": found[f"top2_{i}"]}).astype("float64")
            answers[(*pair, value)] = frame.set_axis(found["k"].tolist()).rename_axis("k")
    return [answers[(id(m.ledger), m.contributor, m.value)] for m in measures]


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
    return cells_stats([measure], by)[0]


def groups_stats(measures: Sequence[Measure], by: str, keys: Sequence[object]) -> list[dict[str, float]]:
    """:func:`group_stats` of each measure, asked in one query per ledger and contributor column."""
    if not keys:
        return [dict.fromkeys(STATS, 0.0) for _ in measures]
    ledgers = {(id(m.ledger), m.contributor): m.ledger for m in measures}
    marks = ", ".join("?" for _ in keys)
    answers: dict[tuple[int, str, str | None], dict[str, float]] = {}
    for pair, values in _groups(measures).items():
        found = ledgers[pair].query(_ranked_sql(values, pair[1], None, f"WHERE {by} IN ({marks})")
                                    + f"SELECT count(*) AS contributors, {_stats_sql(len(values))} FROM ranked",
                                    list(keys)).iloc[0]
        for i, value in enumerate(values):
            answers[(*pair, value)] = {"value": float(found[f"value{i}"]), "contributors": float(found["contributors"]),
                                       "top1": float(found[f"top1_{i}"]), "top2": float(found[f"top2_{i}"])}
    return [answers[(id(m.ledger), m.contributor, m.value)] for m in measures]


def group_stats(measure: Measure, by: str, keys: Sequence[object]) -> dict[str, float]:
    """The cells ``keys`` of the breakdown ``by`` taken together: value, contributors, ``top1``, ``top2``.

    A contributor found in two of the cells counts once, with its
    contributions added up, so the group is judged as a reader who knows
    the other cells would see it.
    """
    return groups_stats([measure], by, keys)[0]
