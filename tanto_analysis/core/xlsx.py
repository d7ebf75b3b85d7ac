"""The cells of an ``.xlsx`` workbook as the text a CSV would hold.

Numbers come back as written (``11465000``, not ``11465000.0``), date cells
as ``YYYY-MM-DD``, formulas as their last computed value.  A cover sheet
before the ledger is skipped when a later sheet has the expected header, and
rows hidden in Excel are reported (they are often cancelled records).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from .errors import InputError, Problem

__all__ = ["excel_cell", "read_workbook"]


def excel_cell(value: object) -> str:
    """One cell as text: ``11465000.0`` → ``"11465000"``, a midnight datetime → ``"2022-03-01"``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_workbook(data: bytes, name: str, is_column: Callable[[str], bool] | None = None,
                  ) -> tuple[list[list[str]], frozenset[int], str, list[tuple[str, int, int]]]:
    """The rows of the workbook's ledger sheet, its hidden rows (spreadsheet numbers), its name and its merged cells.

    The sheet is the first whose first rows name an expected column
    (``is_column``), else the first sheet.  Trailing empty rows (formatted
    but empty in Excel) are dropped.  A range of cells merged down one
    column (a village's name merged down its block of rows, the most common
    office layout) holds its value in every row of the range; the ranges
    filled are returned as ``(range, first row, last row)`` (``C2:C13``,
    2, 13).  Cells merged across columns are left as Excel stores them (the
    value in the first cell only).

    Raises
    ------
    InputError
        If the bytes are not a readable workbook.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise InputError([Problem(name, None, None, f"cannot read as .xlsx: {exc}")]) from None
    chosen = None
    for sheet in book.worksheets:
        rows = [[excel_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        if chosen is None:
            chosen = (sheet, rows)
        if is_column is not None and any(is_column(c) for row in rows[:20] for c in row if c.strip()):
            chosen = (sheet, rows)
            break
    if chosen is None:
        raise InputError([Problem(name, None, None, "the workbook has no sheet")])
    sheet, rows = chosen
    filled = _fill_merged_down(sheet, rows)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    hidden = frozenset(i for i, dim in sheet.row_dimensions.items() if dim.hidden and i <= len(rows))
    return rows, hidden, sheet.title, filled


def _fill_merged_down(sheet, rows: list[list[str]]) -> list[tuple[str, int, int]]:
    """Fill each range merged down one column with its first cell's value (``rows`` in place); the ranges filled."""
    filled = []
    for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_col, r.min_row)):
        if merged.min_col != merged.max_col or merged.min_row == merged.max_row or merged.max_row > len(rows):
            continue
        j = merged.min_col - 1
        value = rows[merged.min_row - 1][j] if j < len(rows[merged.min_row - 1]) else ""
        if not value.strip():
            continue
        for i in range(merged.min_row, merged.max_row):
            rows[i] += [""] * (j + 1 - len(rows[i]))
            rows[i][j] = value
        filled.append((merged.coord, merged.min_row, merged.max_row))
    return filled
