"""Read text and tables the way Chinese offices save them.

CSV files arrive as UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8"), or
GBK/GB18030 (Excel's default "CSV" on a Chinese system); tables also arrive
as ``.xlsx``.  Every reader returns strings untouched, so validation sees the
file exactly as written.  Inputs are only ever opened for reading.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem, display_path

__all__ = ["decode_bytes", "read_table", "read_text"]


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
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


def decode_bytes(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or GB18030 text.

    A file that is valid UTF-8 up to a bad byte is treated as damaged UTF-8
    (falling back to GB18030 would silently turn it into mojibake).

    Raises
    ------
    InputError
        With the line and column of the first undecodable byte.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if not _mostly_utf8(data):
            try:
                return data.decode("gb18030")
            except UnicodeDecodeError:
                pass
        line, column = _position(data, utf8_error.start)
        bad = data[utf8_error.start : utf8_error.start + 1].hex()
        raise InputError([Problem(
            name, line, None,
            f"cannot decode byte 0x{bad} at line {line}, character {column}; "
            "expected text saved as UTF-8, UTF-8 with BOM, or GBK/GB18030",
        )]) from None


def read_text(path: str | Path) -> str:
    """Read a text file in UTF-8 (BOM optional) or GBK/GB18030."""
    path = Path(path)
    return decode_bytes(path.read_bytes(), display_path(path))


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a ``.csv`` (any supported encoding) or ``.xlsx`` table as strings.

    Every cell comes back as ``str`` (empty cells as ``""``), columns as
    written.  Row ``i`` of the frame is spreadsheet row ``i + 2``.

    Raises
    ------
    InputError
        For a missing, undecodable or unreadable file.
    """
    path = Path(path)
    name = display_path(path)
    if not path.is_file():
        raise InputError([Problem(name, None, None, "file not found")])
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        try:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for a broken workbook
            raise InputError([Problem(name, None, None, f"cannot read as .xlsx: {exc}")]) from None
        return frame.map(_excel_cell).astype(str)
    if suffix not in {".csv", ".txt", ""}:
        raise InputError([Problem(name, None, None, f"unsupported file type {suffix!r}; expected .csv or .xlsx")])
    text = decode_bytes(path.read_bytes(), name)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise InputError([Problem(name, None, None, f"malformed CSV: {exc}")]) from None
    except pd.errors.EmptyDataError:
        raise InputError([Problem(name, None, None, "file is empty; expected a header row")]) from None


def _excel_cell(value: object) -> str:
    """Excel stores 11465000 as a number; give it back as the text a CSV would hold."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
