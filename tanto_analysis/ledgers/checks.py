"""Checks across the cells of a ledger column or across rows, as queries.

- :func:`magnitude_problems`: a 元 amount written in 万元, per cell;
- :func:`canonical_duplicate_problems`: one village listed twice under two
  spellings (甲一村 and 甲一) in a column that must be unique;
- :func:`duplicate_rows_sql`: rows pasted twice with fresh ids.

The first two work on a column's distinct cells and their counts (few, even
in a big ledger); the third is one window query over the typed table.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from ..core.errors import Problem
from ..core.stats import weighted_median
from .engine import Cells, rows_holding
from .fields import Field

__all__ = ["MAGNITUDE_FLOOR_YUAN", "WAN_RATIO", "canonical_duplicate_problems", "duplicate_rows_sql",
           "magnitude_problems"]

#: A 元 column whose median non-zero value is below this was probably typed in 万元 throughout.
MAGNITUDE_FLOOR_YUAN = 100
#: A cell at least this many times smaller than its column's median is taken for 万元 (10,000× nominally).
WAN_RATIO = 1000


def magnitude_problems(con: duckdb.DuckDBPyConnection, cells: Cells, fields: tuple[Field, ...],
                       columns: dict[str, str], values: dict[str, dict[str, object]], name: str,
                       bad_columns: set[str]) -> list[Problem]:
    """Amounts in 万元 in a 元 column.

    A whole column in 万元 (median non-zero value below
    :data:`MAGNITUDE_FLOOR_YUAN` 元) gives one problem at its first small
    value; otherwise each cell below that floor and at least
    :data:`WAN_RATIO` times smaller than the column's median non-zero value
    (0.6 among 6,000s) is a problem.  The cell is the problem's ``value``;
    the message quotes neither it nor the median (a cell of the column).
    """
    problems = []
    for field in fields:
        if field.unit != "元" or field.name in bad_columns or field.name not in values:
            continue
        column = columns[field.name]
        counted = list(cells.counts[column].items())
        positive = [(t, float(values[field.name][t]), n) for t, n in counted if float(values[field.name][t]) > 0]
        if not positive:
            continue
        texts = [t for t, _, _ in positive]
        amounts = np.array([a for _, a, _ in positive])
        counts = np.array([n for _, _, n in positive], dtype="int64")
        median = weighted_median(amounts, counts)
        small = [t for t, a in zip(texts, amounts, strict=True) if a < MAGNITUDE_FLOOR_YUAN]
        if median < MAGNITUDE_FLOOR_YUAN:
            row, text = rows_holding(con, cells, column, small)[0]
            problems.append(Problem(name, row, field.name, (
                f"the column's median amount is below {MAGNITUDE_FLOOR_YUAN} 元; "
                "looks like 万元; multiply by 10,000"), value=text))
            continue
        tiny = [t for t in small if float(values[field.name][t]) * WAN_RATIO <= median]
        for row, text in rows_holding(con, cells, column, tiny):
            problems.append(Problem(name, row, field.name, (
                "about 10,000 times smaller than the column's typical amount; "
                "looks like 万元; multiply by 10,000"), value=text))
    return problems


def canonical_duplicate_problems(con: duckdb.DuckDBPyConnection, cells: Cells, fields: tuple[Field, ...],
                                 columns: dict[str, str], values: dict[str, dict[str, object]], name: str,
                                 bad_columns: set[str]) -> list[Problem]:
    """A unique village column naming one village twice, under any spelling (甲一村, 甲一)."""
    problems = []
    for field in fields:
        if field.kind != "village" or not field.unique or field.name in bad_columns:
            continue
        spelling = pd.DataFrame({"k": list(values[field.name]), "v": list(values[field.name].values())}, dtype=object)
        con.register("_tanto_spelling", spelling)
        try:
            found = con.execute(
                f"WITH j AS (SELECT c.source_row, s.v AS canon, c.{columns[field.name]} AS written "
                f"FROM {cells.table} c JOIN _tanto_spelling s ON c.{columns[field.name]} = s.k), "
                "f AS (SELECT canon, arg_min(written, source_row) AS first_written, min(source_row) AS first_row "
                "FROM j GROUP BY canon HAVING count(*) > 1) "
                "SELECT j.source_row, j.canon, j.written, f.first_row FROM j JOIN f ON j.canon = f.canon "
                "WHERE j.source_row > f.first_row AND j.written <> f.first_written ORDER BY j.source_row").fetchall()
        finally:
            con.unregister("_tanto_spelling")
        problems += [Problem(name, int(row), field.name, (
            f"duplicate {field.name} {canon!r} (another spelling); list each village once (first at row {int(first)})"),
            value=written) for row, canon, written, first in found]
    return problems


def duplicate_rows_sql(table: str, fields: tuple[Field, ...]) -> str | None:
    """A query of the ``source_row`` of rows equal to an earlier row in every column but the unique ids.

    For loans: same household, village, kind, issue date, term and amount.
    The first of each group is not marked; the repeats are.  None when every
    column is unique.
    """
    key = [f'"{f.name}"' for f in fields if not f.unique]
    if not key:
        return None
    same = " AND ".join(f"t.{k} = g.{k}" for k in key)
    return (f"WITH g AS (SELECT {', '.join(key)}, min(source_row) AS first FROM {table} "
            f"GROUP BY {', '.join(key)} HAVING count(*) > 1) "
            f"SELECT t.source_row FROM {table} t JOIN g ON {same} WHERE t.source_row > g.first")
