"""The ledger engine: a ledger file as a table of text cells in DuckDB, each row with its spreadsheet row.

DuckDB is embedded (nothing to start) and columnar: it reads a ten-million-row
CSV in seconds and answers the checks and the indicators as relational
queries, while pandas only ever sees their (small) results.

:func:`read_cells` puts a file's cells into a DuckDB table, every cell as
text (empty cells ``''``), plus ``source_row``, the row a spreadsheet shows:

- a ``.csv`` in UTF-8 (BOM optional) or GBK/GB18030 (copied to UTF-8 in
  chunks first) whose records are one line each is read by DuckDB itself
  (``read_csv``), after its header row has been found the way
  :func:`~tanto_analysis.core.readers.read_table` finds it;
- a ``.parquet`` file is read by DuckDB (row ``k`` of the file is row
  ``k + 2``, as if under a header row);
- anything else (UTF-16, ``.xlsx``, a byte neither encoding reads, quoted
  line breaks, empty or ragged rows) is read by
  :func:`~tanto_analysis.core.readers.read_table`,
  whose messages name the row, and handed to DuckDB.

Either way the same cells, the same row numbers and the same messages
follow; the table's columns are ``c0, c1, …`` and :class:`Cells` says which
header each has.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ..core.digest import file_lines
from ..core.errors import InputError, Problem, display_path
from ..core.readers import HEADER_SEARCH_ROWS, MAX_CELL_CHARS, decode_bytes, header_row, read_table

__all__ = ["MEMORY_LIMIT", "Cells", "connect", "quote_identifier", "quote_literal", "read_cells", "rows_holding", "store_frame"]

#: DuckDB's memory ceiling; beyond it, tables, joins and sorts spill to a temporary folder.  The cells of
#: a ten-million-row ledger take about 1.2 GB while it is checked (text, uncompressed: DuckDB compresses
#: an in-memory table only at a checkpoint), so a ceiling of 1 GB spilled them: a cold reconcile of two
#: such ledgers took 22.8 s at 1 GB and 21.1 s at 1.5 GB, its peak 1.24 and 1.75 GB (docs/scale.md).
MEMORY_LIMIT = "1536MB"
#: Bytes of a CSV file looked at to find its header row.
_HEAD_BYTES = 1 << 16


def connect(engine: str | None = None):
    """A new connection of the ledger engine (:func:`~tanto_analysis.ledgers.spark.engine_name`).

    DuckDB (the default): in memory, every core, :data:`MEMORY_LIMIT`, rows
    kept in file order; tables live in a compressed in-memory database (a
    ledger's few villages, kinds and dates take almost no room).  Spark: a
    :class:`~tanto_analysis.ledgers.spark.SparkConnection` on the process's
    session.
    """
    from .spark import SparkConnection, engine_name

    if engine_name(engine) == "spark":
        return SparkConnection()
    con = duckdb.connect(config={
        "threads": max(1, os.cpu_count() or 1), "memory_limit": MEMORY_LIMIT,
        "preserve_insertion_order": True,
        # spills past the memory limit go to a folder of this process's own, removed when it ends
        "temp_directory": os.path.join(tempfile.gettempdir(), f"tanto-duckdb-{os.getpid()}"),
    })
    with contextlib.suppress(duckdb.Error):  # in Jupyter DuckDB refuses the setting (it has no bars there)
        con.execute("SET enable_progress_bar = false")  # no bars on the terminal between a command's lines
    con.execute("ATTACH ':memory:' AS ledgers (COMPRESS)")
    con.execute("USE ledgers")
    # Spark's add_months (the day clamped to the month's end: 2022-01-31 + 1 month = 2022-02-28)
    con.execute("CREATE MACRO add_months(d, n) AS CAST(d + to_months(CAST(n AS INTEGER)) AS DATE)")
    return con


def store_frame(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, table: str) -> None:
    """Create (or replace) the table ``table`` holding ``frame``'s rows."""
    con.register("_tanto_frame", frame)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _tanto_frame")
    finally:
        con.unregister("_tanto_frame")


def rows_holding(con: duckdb.DuckDBPyConnection, cells: Cells, column: str, texts: list[str]) -> list[tuple[int, str]]:
    """``(source_row, cell)`` of the rows whose text ``column`` holds one of ``texts``, in row order."""
    if not texts:
        return []
    store_frame(con, pd.DataFrame({"v": texts}, dtype=object), "_tanto_texts")
    try:
        return [(int(r), v) for r, v in con.execute(
            f"SELECT source_row, {column} FROM {cells.table} WHERE {column} IN (SELECT v FROM _tanto_texts) "
            "ORDER BY source_row").fetchall()]
    finally:
        con.execute("DROP TABLE _tanto_texts")


def quote_literal(text: str) -> str:
    """``text`` as a SQL string literal (``'it''s'``), for statements that take no parameters (views, COPY)."""
    return "'" + text.replace("'", "''") + "'"


def quote_identifier(name: str) -> str:
    """``name`` as a SQL identifier (``"a""b"`` for ``a"b``)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Cells:
    """A file's cells in DuckDB.

    ``table`` (a view) has ``source_row`` (BIGINT) and one text column ``c<i>``
    per header in ``headers`` (as written, stripped; empty cells ``''``);
    the cells are stored in the table ``<table>_raw``.  ``header_row`` is the
    header's spreadsheet row, ``sheet`` the workbook sheet (or None) and
    ``hidden_rows`` the rows hidden in Excel.
    """

    table: str
    headers: list[str]
    header_row: int = 1
    sheet: str | None = None
    hidden_rows: frozenset[int] = field(default_factory=frozenset)
    #: Per text column, its distinct cells and their rows (filled by the checks).
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: How the file was read where it was not as written: merged cells filled down, dates of other forms
    #: (``file:row:column: message``, never a cell's text).
    notes: list[Problem] = field(default_factory=list)
    #: When DuckDB read the file itself: ``<table>_raw`` holds its records in file order, each cell as
    #: written (NULL when empty), and a record's ``source_row`` is its ``rowid`` plus this.
    rowid_offset: int | None = None


def read_cells(con: duckdb.DuckDBPyConnection, path: str | Path, table: str, is_column=None) -> Cells:
    """Read the file at ``path`` into the DuckDB table ``table`` (see the module's description).

    Raises
    ------
    InputError
        What :func:`~tanto_analysis.core.readers.read_table` raises for the
        file (missing, undecodable, empty rows, two columns with one header …).
    """
    from .spark import is_spark, read_cells_spark

    if is_spark(con):
        return read_cells_spark(con, path, table, is_column)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _read_parquet(con, path, table)
    if suffix in {".csv", ".txt", ""}:
        cells = _read_csv_fast(con, path, table, is_column)
        if cells is not None:
            return cells
    frame = read_table(path, is_column)
    headers = [str(c) for c in frame.columns]
    view = frame.copy()
    view.columns = [f"c{i}" for i in range(len(headers))]
    view.insert(0, "source_row", (frame.index.to_numpy() + 2).astype("int64"))
    store_frame(con, view, f"{table}_raw")
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {table}_raw")
    return Cells(table, headers, frame.attrs.get("header_row", 1), frame.attrs.get("sheet"),
                 frozenset(frame.attrs.get("hidden_rows", ())), notes=list(frame.attrs.get("notes", ())))


def _read_parquet(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> Cells:
    name = display_path(path)
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        headers = [str(r[0]) for r in described]
        columns = ", ".join(f"COALESCE(CAST({quote_identifier(h)} AS VARCHAR), '') AS c{i}"
                            for i, h in enumerate(headers))
        con.execute(f"CREATE OR REPLACE TABLE {table}_raw AS SELECT file_row_number + 2 AS source_row, {columns} "
                    "FROM read_parquet(?, file_row_number = true)", [str(path)])
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {table}_raw")
    except duckdb.IOException as exc:
        raise InputError([Problem(name, None, None, f"cannot read the file: {_first_line(exc)}")]) from None
    except duckdb.Error as exc:
        raise InputError([Problem(name, None, None, f"not a readable Parquet file: {_first_line(exc)}")]) from None
    return Cells(table, headers, 1, None, frozenset())


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _head(path: Path) -> tuple[list[list[str]], str, str] | None:
    """The first rows of a CSV, its delimiter and encoding (``utf-8`` or ``gb18030``), or None.

    None when the fast reader should not read it: UTF-16, or a head the
    Python reader would refuse or question (it then names the fault).
    """
    try:
        with path.open("rb") as f:
            data = f.read(_HEAD_BYTES)
    except OSError:
        return None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    complete = data if len(data) < _HEAD_BYTES else data[: data.rfind(b"\n") + 1]
    if re.search(rb"\r(?!\n)", complete):
        return None  # classic-Mac line ends (CR alone), alone or mixed with others: read_table reads them
    try:
        text, encoding = codecs.decode(complete, "utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = decode_bytes(complete, display_path(path)), "gb18030"
        except InputError:
            return None
    lines = text.split("\n")[: HEADER_SEARCH_ROWS + 1]
    first = lines[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    return rows, delimiter, encoding


def _as_utf8(path: Path) -> Path | None:
    """A temporary UTF-8 copy of a GBK/GB18030 file, written in chunks; None at a byte GB18030 cannot read."""
    decoder = codecs.getincrementaldecoder("gb18030")(errors="strict")
    fd, name = tempfile.mkstemp(prefix="tanto-utf8-", suffix=".csv")
    try:
        with path.open("rb") as source, os.fdopen(fd, "wb") as target:
            while chunk := source.read(1 << 24):
                target.write(decoder.decode(chunk).encode("utf-8"))
            target.write(decoder.decode(b"", final=True).encode("utf-8"))
    except (UnicodeDecodeError, OSError):
        os.unlink(name)
        return None
    return Path(name)


def _count_lines(path: Path) -> tuple[int, bool]:
    """Newlines in the file, and whether it ends with one (counted when it was hashed, if it was just now)."""
    known = file_lines(path)
    if known is not None:
        return known
    count, last = 0, b"\n"
    with path.open("rb") as f:
        while chunk := f.read(1 << 24):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count, last == b"\n"


def _read_csv_fast(con: duckdb.DuckDBPyConnection, path: Path, table: str, is_column) -> Cells | None:
    """Read a plain CSV with DuckDB; None when :func:`read_table` must read it instead.

    A GBK/GB18030 file (Excel's "CSV" on a Chinese system) is copied to UTF-8
    in chunks first; its lines, and so its rows, are the same.
    """
    head = _head(path)
    if head is None:
        return None
    rows, delimiter, encoding = head
    if encoding != "utf-8":
        copy = _as_utf8(path)
        if copy is None:
            return None
        try:
            return _read_utf8(con, copy, table, is_column, rows, delimiter)
        finally:
            copy.unlink(missing_ok=True)
    return _read_utf8(con, path, table, is_column, rows, delimiter)


def _read_utf8(con: duckdb.DuckDBPyConnection, path: Path, table: str, is_column, rows: list[list[str]],
               delimiter: str) -> Cells | None:
    """:func:`_read_csv_fast` for a UTF-8 file whose first ``rows`` are read."""
    at = header_row(rows, is_column)
    if at is None or any("\n" in c or "\r" in c for r in rows[: at + 1] for c in r):
        return None
    headers = [c.strip() for c in rows[at]]
    if "" in headers or len(set(headers)) < len(headers):
        return None  # read_table names the unnamed and the doubled columns
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(headers))) + "}"
    raw = f"{table}_raw"
    try:
        con.execute(
            f"CREATE OR REPLACE TABLE {raw} AS SELECT * FROM read_csv(?, columns = {columns}, "
            f"delim = ?, quote = '\"', escape = '\"', header = false, skip = {at + 1}, auto_detect = false, "
            "strict_mode = true, null_padding = false, ignore_errors = false)", [str(path), delimiter])
    except duckdb.Error:
        con.execute(f"DROP TABLE IF EXISTS {raw}")
        return None  # ragged rows, bad bytes, stray quotes: read_table names the row
    empty = " AND ".join(f"trim(COALESCE(c{i}, '')) = ''" for i in range(len(headers)))
    long = " OR ".join(f"length(c{i}) > {MAX_CELL_CHARS}" for i in range(len(headers)))
    # a WHERE, not an aggregate's FILTER: DuckDB then skips what the columns' statistics rule out and
    # stops at a row's first non-empty cell (about 2 s less on ten million rows)
    count, empties = con.execute(
        f"SELECT (SELECT count(*) FROM {raw}), (SELECT count(*) FROM {raw} WHERE ({empty}) OR ({long}))").fetchall()[0]
    newlines, ends_with_newline = _count_lines(path)
    lines = newlines + (0 if ends_with_newline else 1)
    cells = ", ".join(f"COALESCE(c{i}, '') AS c{i}" for i in range(len(headers)))
    # DuckDB's own reader: the row's place in the file is its rowid (the cached, checked rows carry it as data)
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT rowid + {at + 2} AS source_row, {cells} FROM {raw}")
    if count != lines - (at + 1) or empties:
        # empty lines, line breaks in quoted cells, empty rows or over-long cells: read_table gives their rows
        con.execute(f"DROP VIEW {table}")
        con.execute(f"DROP TABLE {raw}")
        return None
    return Cells(table, headers, at + 1, None, frozenset(), rowid_offset=at + 2)
