"""Checks across the cells of a ledger column or across rows, as queries.

- :func:`magnitude_problems`: a 元 amount written in 万元, per cell;
- :func:`canonical_duplicate_problems`: one village listed twice under two
  spellings (甲一村 and 甲一) in a column that must be unique;
- :func:`duplicate_rows_sql`: rows pasted twice with fresh ids;
- :func:`households_in_two_villages_sql`: a household under two villages;
- :func:`subtotal_rows`: 合计/小计/总计 rows, or rows without an id whose
  number is the sum of the records above them (asked only of a ledger
  that has problems: a subtotal row always has some).

The first two work on a column's distinct cells and their counts (few, even
in a big ledger); the third is one window query over the typed table.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from ..core.errors import Problem
from ..core.stats import weighted_median
from .cell_table import Cells, rows_holding
from .fields import Field

__all__ = ["MAGNITUDE_FLOOR_YUAN", "SUBTOTAL_WORDS", "WAN_RATIO", "canonical_duplicate_problems",
           "duplicate_rows_sql", "households_in_two_villages_sql", "magnitude_problems", "repeated_households_sql",
           "subtotal_problem", "subtotal_rows"]

#: Words that mark a subtotal or total row, in any cell (spaces inside allowed: 合　计).
SUBTOTAL_WORDS = ("合计", "小计", "总计")
#: Subtotal rows named in the message before "and N more".
_SUBTOTALS_NAMED = 10

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


def repeated_households_sql(table: str, fields: tuple[Field, ...]) -> str | None:
    """A query of the household ids on more than one row; None when the ledger has no ``household_id``.

    A row pasted twice repeats its household, and a household in two
    villages has two rows: both checks need look only at these households'
    rows (:func:`duplicate_rows_sql`, :func:`households_in_two_villages_sql`
    with ``among``), one hash aggregation instead of two big ones when most
    households have one row, as in a year's loans.
    """
    if "household_id" not in {f.name for f in fields if not f.unique}:
        return None
    return f"SELECT household_id FROM {table} GROUP BY household_id HAVING count(*) > 1"


def _among(table_of_households: str | None, fields: tuple[Field, ...]) -> str:
    if table_of_households is None or "household_id" not in {f.name for f in fields if not f.unique}:
        return ""
    return f" WHERE household_id IN (SELECT household_id FROM {table_of_households})"


def duplicate_rows_sql(table: str, fields: tuple[Field, ...], among: str | None = None) -> str | None:
    """A query of the ``source_row`` of rows equal to an earlier row in every column but the unique ids.

    For loans: same household, village, kind, issue date, term and amount.
    The first of each group is not marked; the repeats are.  None when every
    column is unique.  ``among``: a table of the households on more than one
    row (:func:`repeated_households_sql`), the only ones a repeat can be of.
    """
    key = [f'"{f.name}"' for f in fields if not f.unique]
    if not key:
        return None
    same = " AND ".join(f"t.{k} = g.{k}" for k in key)
    return (f"WITH g AS (SELECT {', '.join(key)}, min(source_row) AS first FROM {table}{_among(among, fields)} "
            f"GROUP BY {', '.join(key)} HAVING count(*) > 1) "
            f"SELECT t.source_row FROM {table} t JOIN g ON {same} WHERE t.source_row > g.first")


def households_in_two_villages_sql(table: str, fields: tuple[Field, ...], among: str | None = None) -> str | None:
    """A query of the ``source_row`` of every row of a household found in more than one village.

    A household lives in one village: one borrowing in 甲村 and in 乙村 is a
    typing error in one of them, or two households under one id.  Every row
    of such a household is marked (which village is wrong is not known).
    None when the ledger has no ``household_id`` or no ``village``.
    ``among``: a table of the households on more than one row
    (:func:`repeated_households_sql`).
    """
    names = {f.name for f in fields}
    if not {"household_id", "village"} <= names:
        return None
    # min <> max: "more than one village" without a set of villages per household (a third faster)
    return (f"SELECT source_row FROM {table} WHERE household_id IN (SELECT household_id FROM {table}"
            f"{_among(among, fields)} GROUP BY household_id HAVING min(village) <> max(village))")


def subtotal_rows(con: duckdb.DuckDBPyConnection, cells: Cells, fields: tuple[Field, ...],
                  columns: dict[str, str]) -> list[int]:
    """The rows that are subtotals or totals, not records, in row order.

    A row is one when a cell (any column, declared or not) holds
    :data:`SUBTOTAL_WORDS`, or when its key (the first unique column: the
    record's id, or the register's village) is empty and one of its numbers
    is the sum of the records (rows with a key) since the previous row
    without one, or of all the records above it, at least two of them.
    """
    cell_columns = [f"c{i}" for i in range(len(cells.headers))]
    words = "(" + "|".join(f"{w[0]}[\\s\u3000]*{w[1]}" for w in SUBTOTAL_WORDS) + ")"
    marked = " OR ".join(f"regexp_matches({c}, '{words}')" for c in cell_columns)
    found = {int(r) for (r,) in con.execute(f"SELECT source_row FROM {cells.table} WHERE {marked}").fetchall()}
    key = next((f for f in fields if f.unique), None)
    numbers = [f for f in fields if f.kind in ("int", "number")]
    if key is not None and numbers:
        blank = f"trim({columns[key.name]}) = ''"
        parts = []
        for i, f in enumerate(numbers):
            value = f"TRY_CAST(trim({columns[f.name]}) AS DOUBLE)"
            parts.append(f"{value} AS v{i}")
        before = "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING"
        sums = ", ".join(
            f"sum(CASE WHEN blank THEN NULL ELSE v{i} END) OVER (ORDER BY source_row {before}) AS above{i}, "
            f"count(CASE WHEN blank THEN NULL ELSE v{i} END) OVER (ORDER BY source_row {before}) AS n_above{i}"
            for i in range(len(numbers)))
        blocks = ", ".join(
            f"sum(CASE WHEN blank THEN NULL ELSE v{i} END) OVER (PARTITION BY block ORDER BY source_row {before}) "
            f"AS in_block{i}, count(CASE WHEN blank THEN NULL ELSE v{i} END) OVER (PARTITION BY block "
            f"ORDER BY source_row {before}) AS n_block{i}" for i in range(len(numbers)))
        sums_up = " OR ".join(
            f"(v{i} > 0 AND ((n_block{i} >= 2 AND abs(v{i} - in_block{i}) < 0.005) "
            f"OR (n_above{i} >= 2 AND abs(v{i} - above{i}) < 0.005)))" for i in range(len(numbers)))
        found |= {int(r) for (r,) in con.execute(
            f"WITH a AS (SELECT source_row, {blank} AS blank, {', '.join(parts)} FROM {cells.table}), "
            f"b AS (SELECT *, COALESCE(sum(CASE WHEN blank THEN 1 ELSE 0 END) OVER (ORDER BY source_row {before}), 0) "
            f"AS block, {sums} FROM a), "
            f"c AS (SELECT *, {blocks} FROM b) "
            f"SELECT source_row FROM c WHERE blank AND ({sums_up})").fetchall()}
    return sorted(found)


def subtotal_problem(name: str, rows: list[int]) -> Problem:
    """The one problem naming a file's subtotal rows (:func:`subtotal_rows`) and saying to delete them."""
    named = [str(r) for r in rows[:_SUBTOTALS_NAMED]]
    more = len(rows) - len(named)
    words = f"({'/'.join(SUBTOTAL_WORDS)}, or the sum of the rows above)"
    if len(rows) == 1:
        return Problem(name, rows[0], None, (
            f"row {named[0]} is a subtotal row {words}, not a record; delete it: "
            "the totals are computed from the records"))
    listed = (f"rows {', '.join(named)} and {more} more" if more
              else f"rows {', '.join(named[:-1])} and {named[-1]}")
    return Problem(name, rows[0], None, (
        f"{listed} are subtotal rows {words}, not records; delete them: the totals are computed from the records"))
