"""Read text and tables the way Chinese offices save them.

CSV files arrive as UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8"), GBK/GB18030
(Excel's default "CSV" on a Chinese system) or UTF-16 with a BOM (Excel's
"Unicode text", tab-separated); tables also arrive as ``.xlsx``
(:mod:`tanto_analysis.core.xlsx`).  Every reader returns strings untouched,
so validation sees the file exactly as written.  Inputs are only ever opened
for reading.

Rows keep their spreadsheet numbers: a table's index ``i`` is spreadsheet
row ``i + 2`` even when blank lines or title rows come before the data, so
every ``file:row:column`` message points at the row a spreadsheet shows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, Problem, display_path
from .numbers import format_number

__all__ = ["HEADER_SEARCH_ROWS", "MAX_CELL_CHARS", "decode_bytes", "header_row", "csv_rows", "read_bytes", "read_table", "read_text", "table_from_rows"]

#: How far down a title, a merged group header or notes may push the header row.
HEADER_SEARCH_ROWS = 20
#: The most characters a cell holds: Excel's own limit.  A longer cell in a CSV is a pasted text or a
#: quote never closed (the rest of the file then reads as one cell).
MAX_CELL_CHARS = 32_767
#: A line break as offices' files write them: Windows (CR LF), Unix (LF) or classic Mac (CR alone).
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def _position(data: bytes, offset: int, encoding: str = "utf-8") -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``."""
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    line = len(_LINE_BREAK.findall(data, 0, offset)) + 1
    column = len(data[line_start:offset].decode(encoding, errors="replace")) + 1
    return line, column


def _mostly_utf8(data: bytes) -> bool:
    """True when most multi-byte sequences are valid UTF-8 CJK characters.

    GBK bytes rarely form valid three-byte UTF-8 sequences, so a file whose
    CJK characters mostly decode as UTF-8 is damaged UTF-8, not GBK.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch >= "\u0800" and ch != "\ufffd")
    return good > 4 * bad


def _looks_like_big5(data: bytes, gbk_text: str) -> bool:
    """True when GB18030 decoding gives mostly characters outside GB2312 and Big5 decodes cleanly.

    Big5 bytes always decode as GBK, but into rare characters; real GBK
    Chinese text is almost all in GB2312.
    """
    cjk = [ch for ch in gbk_text if ch >= "\u0800"]
    if not cjk:
        return False
    common = sum(1 for ch in cjk if _in_gb2312(ch))
    if common >= 0.8 * len(cjk):
        return False
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decode_problem(name: str, data: bytes, error: UnicodeDecodeError, encoding: str, found: str) -> InputError:
    line, column = _position(data, error.start, encoding)
    bad = data[error.start : error.start + 1].hex()
    return InputError([Problem(
        name, line, None,
        f"cannot decode byte 0x{bad} at line {line}, character {column}{found}; "
        "expected text saved as UTF-8, UTF-8 with BOM, or GBK/GB18030",
    )])


def decode_bytes(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM), GB18030, or UTF-16 with a BOM.

    A file that is valid UTF-8 up to a bad byte is treated as damaged UTF-8
    (falling back to GB18030 would silently turn it into mojibake); a GBK
    file with a damaged byte is reported at that byte.

    Raises
    ------
    InputError
        With the line and column of the first undecodable byte and the
        encoding the file seems to be in; or for Big5 (traditional Chinese) text.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _decode_problem(name, data, exc, "utf-16", " (the file is UTF-16, by its byte-order mark)") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if _mostly_utf8(data):
            raise _decode_problem(name, data, utf8_error, "utf-8", " (the file looks like UTF-8)") from None
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as gbk_error:  # report the encoding that reads further
            if gbk_error.start > utf8_error.start:
                raise _decode_problem(name, data, gbk_error, "gb18030",
                                      " (the file looks like GBK/GB18030)") from None
            raise _decode_problem(name, data, utf8_error, "utf-8", " (the file looks like UTF-8)") from None
        if _looks_like_big5(data, text):
            raise InputError([Problem(name, None, None, (
                "the text looks like Big5 (traditional Chinese), which is not read; "
                "save it as UTF-8 or GBK (in Excel: Save As → CSV UTF-8)"))]) from None
        return text


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, or an :class:`InputError` naming it (missing, unreadable, a link loop).

    Raises
    ------
    InputError
        ``file not found``, ``cannot read the file: permission denied`` and the like.
    """
    path = Path(path)
    name = display_path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        reason = "a symbolic link that points nowhere" if path.is_symlink() else None
        message = f"file not found ({reason})" if reason else "file not found"
    except IsADirectoryError:
        message = "expected a file, found a folder"
    except OSError as exc:
        message = f"cannot read the file: {(exc.strerror or str(exc)).lower()}"
    raise InputError([Problem(name, None, None, message)])


def read_text(path: str | Path) -> str:
    """Read a text file in UTF-8 (BOM optional), GBK/GB18030 or UTF-16 with a BOM."""
    return decode_bytes(read_bytes(path), display_path(path))


def read_table(path: str | Path, is_column: Callable[[str], bool] | None = None) -> pd.DataFrame:
    """Read a ``.csv`` (any supported encoding) or ``.xlsx`` table as strings.

    Parameters
    ----------
    path : path
        The table.
    is_column : callable, optional
        Tells whether a header cell names an expected column.  The header is
        then the row, among the first :data:`HEADER_SEARCH_ROWS`, naming the
        most expected columns (titles and merged group headers above it are
        skipped); in a workbook, the first sheet with such a row.  Without
        it, the header is the first non-empty row.

    Returns
    -------
    DataFrame
        Every cell a ``str`` (empty cells ``""``), columns as written; index
        ``i`` is spreadsheet row ``i + 2``.  ``attrs``: ``header_row``
        (spreadsheet row of the header), ``sheet`` (workbook sheet name or
        None), ``hidden_rows`` (spreadsheet rows hidden in Excel) and, for a
        workbook with cells merged down a column below the header, ``notes``
        (one :class:`Problem` naming the ranges, each filled with its value).

    Raises
    ------
    InputError
        For a missing, unreadable or undecodable file, an old ``.xls``,
        two columns with one header, a row with more cells than the header,
        or a block of empty rows (one problem per block).
    """
    path = Path(path)
    name = display_path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError([Problem(name, None, None, (
            "an old Excel file (.xls) is not read; open it in Excel or WPS and save it as .xlsx"))])
    if suffix in {".xlsx", ".xlsm"}:
        from .xlsx import read_workbook

        data = read_bytes(path)
        rows, hidden, sheet, merged = read_workbook(data, name, is_column)
        frame = table_from_rows(rows, name, is_column, hidden=hidden, sheet=sheet)
        below = [where for where, _, last in merged if last > frame.attrs["header_row"]]
        if below:
            frame.attrs["notes"] = [Problem(name, None, None, (
                f"merged cells filled down within their ranges: {', '.join(below)}"),
                key="ledger_note.merged", args=(("ranges", str(len(below))),))]
        return frame
    if suffix not in {".csv", ".txt", ""}:
        raise InputError([Problem(name, None, None, f"unsupported file type {suffix!r}; expected .csv or .xlsx")])
    text = decode_bytes(read_bytes(path), name)
    return table_from_rows(csv_rows(text, name), name, is_column)


def csv_rows(text: str, name: str) -> list[list[str]]:
    """The records of a CSV text, comma- or tab-separated, with any line breaks (CR LF, LF, CR alone, mixed).

    Cells are not cut at the :mod:`csv` module's field limit: a long cell is
    named with its row and column by :func:`table_from_rows`.

    Raises
    ------
    InputError
        ``malformed CSV`` with the line where the :mod:`csv` module gave up.
    """
    text = text.lstrip("\ufeff")
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    # newline="": lines end at CR LF, LF or a lone CR, and line breaks inside quoted cells are kept
    reader = csv.reader(io.StringIO(text.rstrip("\r\n") + "\n", newline=""), delimiter=delimiter)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a cell may be as long as the file
    try:
        return list(reader)
    except csv.Error as exc:
        raise InputError([Problem(name, reader.line_num or None, None, f"malformed CSV: {exc}")]) from None
    finally:
        csv.field_size_limit(limit)


def header_row(rows: list[list[str]], is_column: Callable[[str], bool] | None) -> int | None:
    """0-based position of the header among ``rows`` (None if every row is empty)."""
    filled = [i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if any(c.strip() for c in row)]
    if not filled:
        return None
    if is_column is None:
        return filled[0]
    scores = [sum(bool(c.strip()) and is_column(c) for c in rows[i]) for i in filled]
    best = int(np.argmax(scores))
    return filled[best] if scores[best] > 0 else filled[0]


def _blocks(rows: np.ndarray) -> list[tuple[int, int]]:
    """Runs of consecutive row numbers as (first, last)."""
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) != 1)
    starts = np.r_[rows[0], rows[breaks + 1]]
    ends = np.r_[rows[breaks], rows[-1]]
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _long_cells(frame: pd.DataFrame, numbers: np.ndarray, header: list[str], name: str,
                is_column: Callable[[str], bool] | None) -> list[Problem]:
    """A problem per cell longer than :data:`MAX_CELL_CHARS`, naming its row and column."""
    problems = []
    for j in frame.columns:
        lengths = frame[j].str.len().to_numpy()
        for k in np.flatnonzero(lengths > MAX_CELL_CHARS):
            named = header[j] if header[j] and (is_column is None or is_column(header[j])) else None
            problems.append(Problem(name, int(numbers[k]), named, (
                f"a cell of {format_number(int(lengths[k]))} characters (column {j + 1}); a cell holds at most "
                f"{format_number(MAX_CELL_CHARS)} (Excel's limit): is a closing quote (\") missing, "
                "or was a text pasted in?")))
    return problems


def table_from_rows(rows: list[list[str]], name: str, is_column: Callable[[str], bool] | None = None,
                    hidden: frozenset[int] = frozenset(), sheet: str | None = None) -> pd.DataFrame:
    """A table from the rows of a sheet (spreadsheet row ``k + 1`` is ``rows[k]``); see :func:`read_table`."""
    at = header_row(rows, is_column)
    if at is None:
        raise InputError([Problem(name, None, None, "file is empty; expected a header row")])
    header = [c.strip() for c in rows[at]]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for j, column in enumerate(header, start=1):
        if column and column in seen:  # the header is named only when it is a declared column
            named = column if is_column is not None and is_column(column) else None
            problems.append(Problem(name, at + 1, named, (
                f"two columns with the same header (columns {seen[column]} and {j}); keep one"), value=column))
        seen.setdefault(column, j)
    width = len(header)
    body = rows[at + 1 :]
    numbers = np.arange(at + 2, at + 2 + len(body), dtype="int64")
    lengths = np.fromiter((len(r) for r in body), dtype="int64", count=len(body))
    cells = [r[:width] + [""] * (width - len(r)) if len(r) != width else r for r in body]
    frame = pd.DataFrame(cells, columns=range(width), dtype=object) if body else pd.DataFrame(columns=range(width))
    frame = frame.fillna("").astype(str)
    long_rows = np.flatnonzero(lengths > width)
    for k in long_rows:
        if any(c.strip() for c in body[k][width:]):
            problems.append(Problem(name, int(numbers[k]), None, (
                f"row has {lengths[k]} cells but the header (row {at + 1}) has {width}; "
                "is there an unquoted comma in a value?")))
    problems += _long_cells(frame, numbers, header, name, is_column)
    empty = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        empty &= frame[column].str.strip().eq("").to_numpy()
    for first, last in _blocks(numbers[empty]):
        where = f"row {first} is" if first == last else f"rows {first}–{last} are"
        problems.append(Problem(name, int(first), None, f"{where} empty; delete the empty rows or fill them in"))
    if problems:
        raise InputError(problems)
    keep = [j for j, column in enumerate(header) if column or not frame[j].str.strip().eq("").all()]
    frame = frame.loc[~empty, keep]
    frame.columns = [header[j] or f"(column {j + 1} without a header)" for j in keep]
    frame.index = pd.Index(numbers[~empty] - 2)
    frame.attrs.update(header_row=at + 1, sheet=sheet, hidden_rows=frozenset(hidden))
    return frame
