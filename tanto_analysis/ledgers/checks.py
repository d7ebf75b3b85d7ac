"""Checks across the cells of a ledger column or across rows, vectorised.

- :func:`magnitude_problems`: a 元 amount written in 万元, per cell;
- :func:`canonical_duplicate_problems`: one village listed twice under two
  spellings (断滩村 and 断滩) in a column that must be unique;
- :func:`duplicate_rows`: rows pasted twice with fresh ids.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from ..core.errors import Problem
from ..core.numbers import format_number
from ..reference.villages import canonical_village
from .fields import Field, as_float

__all__ = ["MAGNITUDE_FLOOR_YUAN", "WAN_RATIO", "canonical_duplicate_problems", "duplicate_rows",
           "magnitude_problems"]

#: A 元 column whose median non-zero value is below this was probably typed in 万元 throughout.
MAGNITUDE_FLOOR_YUAN = 100
#: A cell at least this many times smaller than its column's median is taken for 万元 (10,000× nominally).
WAN_RATIO = 1000


def _row(frame: pd.DataFrame, position: int) -> int:
    return int(frame.index[position]) + 2


def magnitude_problems(frame: pd.DataFrame, fields: tuple[Field, ...], name: str,
                       bad_columns: set[str]) -> list[Problem]:
    """Amounts in 万元 in a 元 column.

    A whole column in 万元 (median non-zero value below
    :data:`MAGNITUDE_FLOOR_YUAN` 元) gives one problem at its first small
    value; otherwise each cell below that floor and at least
    :data:`WAN_RATIO` times smaller than the column's median non-zero value
    (0.6 among 6,000s) is a problem naming the value in 元 to write.
    """
    problems = []
    for field in fields:
        if field.unit != "元" or field.name in bad_columns or frame.empty:
            continue
        values = as_float(frame[field.name])
        positive = values > 0
        if not positive.any():
            continue
        median = float(np.median(values[positive]))
        small = positive & (values < MAGNITUDE_FLOOR_YUAN)
        if median < MAGNITUDE_FLOOR_YUAN:
            first = int(np.flatnonzero(small)[0])
            problems.append(Problem(name, _row(frame, first), field.name, (
                f"median amount {format_number(median, None, grouping=False)} 元 is below {MAGNITUDE_FLOOR_YUAN} 元; "
                "looks like 万元; multiply by 10,000")))
            continue
        for position in np.flatnonzero(small & (values * WAN_RATIO <= median)):
            text = frame[field.name].iloc[position].strip()
            in_yuan = format_number(Decimal(text) * 10_000, None, grouping=False)
            problems.append(Problem(name, _row(frame, position), field.name, (
                f"{text} 元 is about 10,000 times smaller than the column's typical "
                f"{format_number(median, None, grouping=False)} 元; "
                f"looks like 万元; write {in_yuan}")))
    return problems


def canonical_duplicate_problems(frame: pd.DataFrame, fields: tuple[Field, ...], name: str,
                                 bad_columns: set[str]) -> list[Problem]:
    """A unique village column naming one village twice, under any spelling (断滩村, 断滩)."""
    problems = []
    for field in fields:
        if field.kind != "village" or not field.unique or field.name in bad_columns:
            continue
        written = frame[field.name]
        canonical = written.map(canonical_village)
        groups = canonical.to_numpy()
        first_written = written.groupby(groups).transform("first")
        first_row = pd.Series(frame.index.to_numpy() + 2, index=frame.index).groupby(groups).transform("first")
        # the same spelling twice is already reported by the schema's uniqueness check
        report = canonical.duplicated(keep="first") & (written != first_written)
        for position in np.flatnonzero(report.to_numpy()):
            problems.append(Problem(name, _row(frame, position), field.name, (
                f"duplicate {field.name} {canonical.iloc[position]!r} (written {written.iloc[position]!r}); "
                f"list each village once (first at row {int(first_row.iloc[position])})")))
    return problems


def duplicate_rows(frame: pd.DataFrame, fields: tuple[Field, ...]) -> np.ndarray:
    """Rows equal to an earlier row in every column but the unique ids (pasted twice with fresh ids).

    For loans: same household, village, kind, issue date, term and amount.
    The first of each group is not marked; the repeats are.
    """
    key = [f.name for f in fields if not f.unique]
    if not key or frame.empty:
        return np.zeros(len(frame), dtype=bool)
    return frame.duplicated(subset=key, keep="first").to_numpy()
