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
                  ) -> tuple[list[list[str]], frozenset[int], str]:
    """The rows of the workbook's ledger sheet, its hidden rows (spreadsheet numbers) and its name.

    The sheet is the first whose first rows name an expected column
    (``is_column``), else the first sheet.  Trailing empty rows (formatted
    but empty in Excel) are dropped.

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
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    hidden = frozenset(i for i, dim in sheet.row_dimensions.items() if dim.hidden and i <= len(rows))
    return rows, hidden, sheet.title
