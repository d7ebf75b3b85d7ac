"""A loaded ledger (:class:`Ledger`): its checked rows in DuckDB, its flags, its file name.

:func:`load_ledger` reads a file (:mod:`.engine`), checks and types it
(:mod:`.validate`, :mod:`.checks`) and flags rows hidden in Excel, pasted
twice, or of a household found in two villages.  A big file's checked rows are kept as Parquet in
:func:`~tanto_analysis.core.paths.ledger_cache_dir`, keyed by the SHA-256 of
the file and what the check depends on, so the next load reads them back
instead of parsing and checking the file again.  Within one process a
ledger already loaded (same file, same bytes) is handed out again.

The analysis asks a :class:`Ledger` questions in SQL (:meth:`Ledger.query`)
and gets back pandas frames of the answers; :meth:`Ledger.df` gives the
whole ledger as a frame when it is small enough to look at.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from ..core import paths
from ..core.digest import file_sha256
from ..core.errors import InputError, Problem, display_path
from ..core.text import tr
from .cache import cache_key, drop_objects, materialise, publish, read_back
from .cell_table import connect, read_cells, store_frame
from .checks import (
    canonical_duplicate_problems,
    duplicate_rows_sql,
    households_in_two_villages_sql,
    magnitude_problems,
    repeated_households_sql,
    subtotal_problem,
    subtotal_rows,
)
from .fields import DATA_STATUS_FIELD, Field, header_key, header_map, with_project_headers
from .files import BIG_LEDGER_BYTES
from .spark import is_spark
from .validate import check_cells, match_headers, typed_table

__all__ = ["CACHE_MIN_BYTES", "FLAGS", "Ledger", "data_status_of", "flagged_rows", "load_ledger",
           "number"]

#: Flag code → (column, what it means); column "" is the row's id (its first column).  The
#: meanings (and the page's Chinese for them) are ``flag.<code>`` in the text catalogue.
FLAGS: dict[str, tuple[str, str]] = {
    code: (column, tr(f"flag.{code}", "en"))
    for code, column in (("above_amount_limit", "amount_yuan"), ("above_term_limit", "term_months"),
                         ("subsidy_without_loan", "loan_id"), ("zero_area", "area_mu"),
                         ("area_above_base", "contracted_area_mu"), ("duplicate_row", ""),
                         ("hidden_row", ""), ("subsidy_above_lpr", "amount_yuan"),
                         ("subsidy_other_household", "household_id"), ("household_in_two_villages", "village"))
}
#: Files at least this big have their checked rows cached as Parquet (smaller ones are re-read in milliseconds).
CACHE_MIN_BYTES = BIG_LEDGER_BYTES
#: Answers of :meth:`Ledger.query` up to this many rows are remembered (aggregates, not ledgers).
_REMEMBERED_ROWS = 10_000
_names = itertools.count()


class Ledger:
    """A checked ledger: its typed rows in a DuckDB table, plus ``source_row`` and flags.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The connection holding ``table`` (ledgers of one year share one, so
        queries can join them).
    table : str
        Typed columns (ints ``BIGINT``, amounts ``DOUBLE`` in their unit,
        dates ``DATE``, villages canonical), ``data_status`` and ``source_row``.
    file : str
        The file's name as shown in messages.
    fields : tuple of Field
        The ledger's declared columns.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, file: str, fields: tuple[Field, ...],
                 notes: list[Problem] | None = None):
        self.con, self.table, self.file, self.fields = con, table, file, fields
        #: How the file was read where it was not as written (dates of other forms, merged cells filled down):
        #: ``file:row:column: message`` problems that are not errors, without a cell's text.
        self.notes: list[Problem] = list(notes or ())
        self.flags_table = f"{table}_flags"
        self._statuses: frozenset[str] | None = None
        self._answers: dict[tuple, pd.DataFrame] = {}
        con.execute(f"CREATE TABLE IF NOT EXISTS {self.flags_table} (source_row BIGINT, flag VARCHAR, seq INTEGER)")

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, fields: tuple[Field, ...] | None = None, file: str = "(frame)",
                   con: duckdb.DuckDBPyConnection | None = None) -> Ledger:
        """A ledger from a frame already typed (e.g. to try a query); not checked.

        ``fields`` default to the frame's columns, as text; ``source_row`` defaults to the index + 2.
        """
        con = con if con is not None else connect()
        table = f"ledger_{next(_names)}"
        data = frame.copy()
        if "source_row" not in data:
            data["source_row"] = data.index.to_numpy() + 2
        if fields is None:
            fields = tuple(Field(str(c), "text") for c in frame.columns if c not in ("source_row", "data_status"))
        if "data_status" not in data:
            data["data_status"] = "unknown"
        store_frame(con, data, table)
        return cls(con, table, file, fields)

    def __repr__(self) -> str:
        return f"<Ledger {self.file}: {len(self)} rows>"

    def __len__(self) -> int:
        return int(self.scalar("SELECT count(*) FROM {t}"))

    @property
    def statuses(self) -> frozenset[str]:
        """The ``data_status`` values of the rows (asked once: a ledger's rows do not change)."""
        if self._statuses is None:
            self._statuses = frozenset(self.query("SELECT DISTINCT data_status FROM {t}")["data_status"])
        return self._statuses

    @property
    def columns(self) -> list[str]:
        """The ledger's columns: the declared ones and ``data_status``."""
        return [f.name for f in self.fields] + [DATA_STATUS_FIELD.name]

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run ``sql`` (``{t}`` is this ledger's table, ``{flags}`` its flags) and return the answer as a frame.

        A small answer is remembered until a flag is added, so the page's
        sections asking the same question of a big ledger ask DuckDB once.
        """
        key = (sql, tuple(params or ()))
        if key in self._answers:
            return self._answers[key].copy()
        frame = self.con.execute(sql.format(t=self.table, flags=self.flags_table), params or []).df()
        if len(frame) <= _REMEMBERED_ROWS:
            self._answers[key] = frame.copy()
        return frame

    def scalar(self, sql: str, params: list | None = None) -> object:
        """The single value ``sql`` answers (see :meth:`query`)."""
        return self.con.execute(sql.format(t=self.table, flags=self.flags_table), params or []).fetchall()[0][0]

    def copy(self) -> Ledger:
        """An independent copy (rows and flags) in the same connection, e.g. to change a value and compare."""
        table = f"ledger_{next(_names)}"
        self.con.execute(f"CREATE TABLE {table} AS SELECT * FROM {self.table}")
        self.con.execute(f"CREATE TABLE {table}_flags AS SELECT * FROM {self.flags_table}")
        return Ledger(self.con, table, self.file, self.fields, self.notes)

    def table_for(self, other: Ledger) -> str:
        """This ledger's table as ``other``'s connection sees it (copied there if they do not share one)."""
        if other.con is self.con:
            return self.table
        copy = f"{self.table}_in_{other.table}"
        store_frame(other.con, self.con.execute(f"SELECT * FROM {self.table}").df(), copy)
        return copy

    def add_flag(self, where: str, code: str, params: list | None = None) -> int:
        """Flag ``code`` (a key of :data:`FLAGS`) on the rows where the SQL condition ``where`` holds; return how many."""
        if code not in FLAGS:
            raise ValueError(f"unknown flag {code!r}")
        return self.flag_rows(f"SELECT source_row FROM {{t}} WHERE {where}", code, params)

    def flag_rows(self, rows_sql: str, code: str, params: list | None = None) -> int:
        """Flag ``code`` on the rows whose ``source_row`` the query ``rows_sql`` answers; return how many."""
        if code not in FLAGS:
            raise ValueError(f"unknown flag {code!r}")
        self._answers.clear()
        # seq: the order flags were added in, so a row's codes read in that order (``df()``)
        inserted = self.con.execute(
            f"INSERT INTO {self.flags_table} SELECT DISTINCT source_row, ?, "
            f"(SELECT count(DISTINCT flag) FROM {self.flags_table}) FROM ("
            + rows_sql.format(t=self.table, flags=self.flags_table) + ")", [code, *(params or [])]).fetchall()
        return int(inserted[0][0])

    def flag_counts(self) -> dict[str, int]:
        """Rows carrying each flag, by flag code in the order of :data:`FLAGS` (only flags that occur)."""
        found = dict(self.con.execute(f"SELECT flag, count(DISTINCT source_row) FROM {self.flags_table} "
                                      "GROUP BY flag").fetchall())
        return {code: int(found[code]) for code in FLAGS if code in found}

    def df(self) -> pd.DataFrame:
        """The whole ledger as a frame: typed columns, ``source_row`` and ``flags`` (``;``-separated codes).

        Dates are ``datetime64``; ``attrs["file"]`` is the file name.
        """
        columns = ", ".join(f't."{c}"' for c in self.columns)
        frame = self.query(
            f"SELECT {columns}, t.source_row, COALESCE(f.flags, '') AS flags FROM {{t}} t LEFT JOIN "
            "(SELECT source_row, string_agg(flag, ';' ORDER BY seq) AS flags FROM {flags} GROUP BY source_row) f "
            "ON t.source_row = f.source_row ORDER BY t.source_row")
        for f in self.fields:
            if f.kind == "date":
                frame[f.name] = pd.to_datetime(frame[f.name])
        frame.attrs["file"] = self.file
        return frame


def load_ledger(path: str | Path, fields: tuple[Field, ...], year: int,
                con: duckdb.DuckDBPyConnection | None = None,
                check: Callable[[Ledger, int], None] | None = None) -> Ledger:
    """Read and check one ledger; return it as a :class:`Ledger` (``file:row:column`` messages if it is bad).

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8, UTF-8 with BOM, GBK, UTF-16), ``.xlsx`` or ``.parquet`` ledger.
    fields : tuple of Field
        The ledger's columns (``data_status`` is always required too).
    year : int
        The year the ledger describes; dates are checked against it.
    con : duckdb.DuckDBPyConnection, optional
        The connection to load into (a new one by default).
    check : callable, optional
        A ledger's own checks and flags, ``check(ledger, year)``: raises
        :class:`InputError` or adds flags.  A cached ledger has passed them
        (its flags are cached with it), so they run once per file.

    Raises
    ------
    InputError
        With one ``file:row:column`` problem per bad cell (see ``docs/ledgers.md``).
    """
    path = Path(path)
    name = display_path(path)
    fields = with_project_headers(path.stem.removesuffix("_synthetic"), fields)  # an office's own headers
    con = con if con is not None else connect()
    table = f"ledger_{next(_names)}"
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_cells names the fault
    folder = None
    if size >= CACHE_MIN_BYTES and not is_spark(con):  # a cluster keeps its ledgers as tables already
        folder = paths.ledger_cache_dir() / cache_key(file_sha256(path), fields, year, check)
        if (folder / "rows.parquet").is_file():
            notes = read_back(con, folder, table, name)
            return Ledger(con, table, name, fields, notes)
    ledger, hidden = _check(con, path, fields, year, table, name)
    staging = materialise(con, table, folder)
    try:
        if hidden:
            ledger.add_flag(f"source_row IN ({', '.join(str(int(r)) for r in sorted(hidden))})", "hidden_row")
        among = _repeated_households(con, table, fields)
        duplicates = duplicate_rows_sql("{t}", fields, among)
        if duplicates:
            ledger.flag_rows(duplicates, "duplicate_row")
        in_two = households_in_two_villages_sql("{t}", fields, among)
        if in_two:
            ledger.flag_rows(in_two, "household_in_two_villages")
        if among:
            con.execute(f"DROP TABLE IF EXISTS {among}")
        if check is not None:
            check(ledger, year)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    if staging is not None:
        publish(con, table, staging, folder, ledger.notes)
    return ledger


#: The repeated households narrow the pasted-twice and two-village checks while they are at most this
#: share of the rows (each check then joins them to the rows: with every household on two rows, 2.7 s
#: more on ten million; with one row each, 4.7 s less).
_NARROWING_SHARE = 0.1


def _repeated_households(con: duckdb.DuckDBPyConnection, table: str, fields: tuple[Field, ...]) -> str | None:
    """A table of the household ids on more than one row, when they are few (:data:`_NARROWING_SHARE`), or None."""
    repeated = repeated_households_sql(table, fields)
    if repeated is None:
        return None
    among = f"{table}_repeated"
    con.execute(f"CREATE OR REPLACE TABLE {among} AS {repeated}")
    households, rows = con.execute(f"SELECT (SELECT count(*) FROM {among}), (SELECT count(*) FROM {table})").fetchall()[0]
    if households > _NARROWING_SHARE * rows:
        con.execute(f"DROP TABLE IF EXISTS {among}")
        return None
    return among


def _check(con: duckdb.DuckDBPyConnection, path: Path, fields: tuple[Field, ...], year: int, table: str,
           name: str) -> tuple[Ledger, frozenset[int]]:
    """Read and check the cells; return the ledger (a typed view over them) and the rows hidden in Excel."""
    accepted = set(header_map(fields))
    cells = read_cells(con, path, f"{table}_cells", is_column=lambda c: header_key(c) in accepted)
    try:
        columns = match_headers(cells, fields, name)
        problems, values = check_cells(con, cells, fields, columns, year, name)
        bad = {p.column for p in problems}
        problems += magnitude_problems(con, cells, fields, columns, values, name, bad)
        problems += canonical_duplicate_problems(con, cells, fields, columns, values, name, bad)
        if problems:
            subtotals = subtotal_rows(con, cells, fields, columns)
            if subtotals:  # their empty ids, dates and kinds are one problem, not four to six per row
                problems = [p for p in problems if p.row not in set(subtotals)]
                problems.append(subtotal_problem(name, subtotals))
            raise InputError(problems)
        typed_table(con, cells, fields, columns, values, table)
    except BaseException:
        drop_objects(con, table)
        raise
    ledger = Ledger(con, table, name, fields, cells.notes)
    # the statuses are the data_status column's distinct cells, counted by the checks: not asked again
    ledger._statuses = frozenset(str(v) for v in values[DATA_STATUS_FIELD.name].values())
    return ledger, cells.hidden_rows


def flagged_rows(*ledgers: Ledger, limit: int | None = None) -> pd.DataFrame:
    """Every flagged row of the given ledgers, one row per flag (with ``limit``: the first rows of each flag).

    Returns
    -------
    DataFrame
        Columns ``file, row, column, flag, value, message``, sorted.
    """
    records = []
    for ledger in ledgers:
        first = "" if limit is None else f"WHERE flag_rank <= {int(limit)} "
        flagged = ledger.query("SELECT * FROM (SELECT t.*, f.flag, row_number() OVER (PARTITION BY f.flag ORDER BY "
                               "f.source_row) AS flag_rank FROM {flags} f JOIN {t} t ON f.source_row = t.source_row) "
                               + first + "ORDER BY source_row, flag")
        for f in ledger.fields:
            if f.kind == "date":
                flagged[f.name] = pd.to_datetime(flagged[f.name])
        for rec in flagged.to_dict("records"):
            column = FLAGS[rec["flag"]][0] or ledger.columns[0]
            records.append({"file": ledger.file, "row": int(rec["source_row"]), "column": column,
                            "flag": rec["flag"], "value": str(rec[column]), "message": FLAGS[rec["flag"]][1]})
    out = pd.DataFrame(records, columns=["file", "row", "column", "flag", "value", "message"])
    return out.sort_values(["file", "row", "flag"], kind="stable").reset_index(drop=True)


def number(value: object) -> float:
    """A query's answer as a float: NaN for SQL NULL (an average over no rows)."""
    return float("nan") if value is None or pd.isna(value) else float(value)


def data_status_of(*ledgers: Ledger) -> str:
    """The ``data_status`` of the ledgers: ``synthetic``, ``actual`` or e.g. ``actual+synthetic``."""
    statuses = sorted({s for ledger in ledgers for s in ledger.statuses})
    return "+".join(statuses) if statuses else "unknown"
