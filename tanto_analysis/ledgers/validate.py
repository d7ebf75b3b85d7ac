"""A ledger's cells checked and typed, as relational queries over :func:`engine.read_cells`' table.

Every check is a query whose answer is the failing cells only, so a clean
ten-million-row ledger costs a few scans; every failing cell becomes a
``file:row:column`` :class:`~tanto_analysis.core.errors.Problem`:

- headers: each declared column found once (its name, Chinese header or an
  alias, :func:`~tanto_analysis.ledgers.fields.header_map`);
- cells: an ``id`` column's cells against
  :data:`~tanto_analysis.ledgers.fields.ID_PATTERN` in SQL; any other
  column's *distinct* cells (a few hundred even in a big ledger) through
  :func:`~tanto_analysis.ledgers.fields.cell_checks`, once each, in Python;
- uniqueness of ``unique`` columns, naming the first row of each repeat;
- the typed table: whole numbers ``BIGINT``, amounts ``DOUBLE`` (in their
  unit), dates ``DATE``, villages canonical (甲一 → 甲一村).

The queries use plain SQL (``GROUP BY``, ``IN``, joins, ``regexp_matches``)
that other engines share; see ``docs/scale.md``.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from ..core.errors import InputError, Problem
from .cell_table import Cells, quote_identifier, rows_holding, store_frame
from .fields import (
    DATA_STATUS_FIELD,
    ID_ERROR,
    ID_PATTERN,
    STATUS_CHECK,
    Field,
    cell_checks,
    header_key,
    header_map,
    normalise_dates,
    read_date,
    typed_value,
)

__all__ = ["check_cells", "distinct_counts", "match_headers", "typed_table"]

_SQL_TYPES = {"int": "BIGINT", "number": "DOUBLE", "date": "DATE"}


def match_headers(cells: Cells, fields: tuple[Field, ...], name: str) -> dict[str, str]:
    """Field name → cell column (``c<i>``) for every declared column and ``data_status``.

    Raises
    ------
    InputError
        For a column given twice under two accepted headers, or a missing
        column (naming the headers that were not recognised).
    """
    mapping = header_map(fields)
    found: dict[str, str] = {}
    problems, unrecognised = [], []
    for i, header in enumerate(cells.headers):
        target = mapping.get(header_key(header))
        if target is None:
            unrecognised.append(header)
        elif target in found:
            problems.append(Problem(name, cells.header_row, target, (
                f"two columns for {target} (columns {int(found[target][1:]) + 1} and {i + 1}); keep one"),
                value=header))
        else:
            found[target] = f"c{i}"
    required = [f.name for f in fields] + [DATA_STATUS_FIELD.name]
    missing = [c for c in required if c not in found]
    if missing:
        message = f"missing column; expected the columns {', '.join(required)}"
        value = None
        if unrecognised:
            where = f"row {cells.header_row}" + (f" of sheet {cells.sheet!r}" if cells.sheet else "")
            message += f"; the header ({where}) has {len(unrecognised)} unrecognised column(s)"
            value = ", ".join(unrecognised)
        problems += [Problem(name, cells.header_row, c, message, value=value) for c in missing]
    if problems:
        raise InputError(problems)
    return found


def distinct_counts(con: duckdb.DuckDBPyConnection, cells: Cells, columns: list[str]) -> dict[str, dict[str, int]]:
    """Each column's distinct cells and how many rows hold each, from one scan (``GROUPING SETS``).

    Cells are never NULL (empty cells are ``''``), so in each answer row the
    one column that is not NULL is the column it counts.
    """
    if not columns:
        return {}
    found = con.execute(f"SELECT {', '.join(columns)}, count(*) FROM {cells.table} "
                        f"GROUP BY GROUPING SETS ({', '.join(f'({c})' for c in columns)})").fetchall()
    out: dict[str, dict[str, int]] = {c: {} for c in columns}
    for row in found:
        i = next(k for k, v in enumerate(row[:-1]) if v is not None)
        out[columns[i]][row[i]] = int(row[-1])
    return {c: dict(sorted(values.items())) for c, values in out.items()}


def check_cells(con: duckdb.DuckDBPyConnection, cells: Cells, fields: tuple[Field, ...], columns: dict[str, str],
                year: int, name: str) -> tuple[list[Problem], dict[str, dict[str, object]]]:
    """Check every cell.

    Returns
    -------
    problems : list of Problem
        One per failing cell and check (``<expected>``, the cell in
        ``value``) and per repeated value of a unique column (``duplicate
        <column>; ids must be unique (first at row N)``, the id in ``value``).
    values : dict
        Per non-id column, each good distinct cell → its typed value.
    """
    problems: list[Problem] = []
    values: dict[str, dict[str, object]] = {}
    ids = [f for f in fields if f.kind == "id"]
    unique_ids = [f for f in ids if f.unique]
    distinct: dict[str, bool] = {}
    if ids:  # one scan: the ids not of the pattern, and whether the unique ones are all distinct
        pattern = f"^{ID_PATTERN}$"
        found = con.execute("SELECT count(*), " + ", ".join(
            [f"count(*) FILTER (WHERE NOT regexp_matches({columns[f.name]}, ?))" for f in ids]
            + [f"count(DISTINCT {columns[f.name]})" for f in unique_ids])
            + f" FROM {cells.table}", [pattern] * len(ids)).fetchall()[0]
        counts = found[1: 1 + len(ids)]
        distinct = {f.name: n == found[0] for f, n in zip(unique_ids, found[1 + len(ids):], strict=True)}
        for f, n in zip(ids, counts, strict=True):
            if n:
                bad = con.execute(f"SELECT source_row, {columns[f.name]} FROM {cells.table} "
                                  f"WHERE NOT regexp_matches({columns[f.name]}, ?) ORDER BY source_row",
                                  [pattern]).fetchall()
                problems += [Problem(name, int(row), f.name, ID_ERROR, value=v) for row, v in bad]
    cells.counts = distinct_counts(con, cells, [columns[f.name] for f in (*fields, DATA_STATUS_FIELD)
                                                if f.kind != "id"])
    for f in (*fields, DATA_STATUS_FIELD):
        column = columns[f.name]
        if f.kind == "date":
            cells.notes += _date_forms_note(cells, f, column, name)
        if f.kind != "id":
            values[f.name], failing = _check_distinct(cells, f, column, year)
            for message, texts in failing.items():
                for row, v in rows_holding(con, cells, column, texts):
                    problems.append(Problem(name, int(row), f.name, message, value=v))
        if f.unique and not distinct.get(f.name, f.kind != "id" and all(
                n == 1 for n in cells.counts[column].values())):
            problems += _duplicates(con, cells, f.name, column, name)
    return problems, values


def _date_forms_note(cells: Cells, f: Field, column: str, name: str) -> list[Problem]:
    """One note naming the forms other than ``YYYY-MM-DD`` the column's dates were read from, with their rows."""
    found: dict[str, int] = {}
    for text, n in cells.counts[column].items():
        form = read_date(text)[1]
        if form is not None:
            found[form] = found.get(form, 0) + n
    if not found:
        return []
    ordered = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    forms = ", ".join(f"{n} written as {form}" for form, n in ordered)
    return [Problem(name, None, f.name, f"dates read as YYYY-MM-DD: {forms}", key="ledger_note.date_forms",
                    args=tuple((form, str(n)) for form, n in ordered))]


def _check_distinct(cells: Cells, f: Field, column: str,
                    year: int) -> tuple[dict[str, object], dict[str, list[str]]]:
    """(typed value of each good distinct cell, failing cells per message) of one column."""
    written = list(cells.counts[column])
    shown = normalise_dates(pd.Series(written, dtype=object)).tolist() if f.kind == "date" else written
    checks = (STATUS_CHECK,) if f is DATA_STATUS_FIELD else cell_checks(f, year)
    typed: dict[str, object] = {}
    failing: dict[str, list[str]] = {}
    for text, value in zip(written, shown, strict=True):
        failed = [message for message, ok in checks if not ok(value)]
        for message in failed:
            failing.setdefault(message, []).append(text)
        if not failed:
            typed[text] = typed_value(f, value)
    return typed, failing


def _duplicates(con: duckdb.DuckDBPyConnection, cells: Cells, field_name: str, column: str,
                name: str) -> list[Problem]:
    repeats = con.execute(
        f"WITH firsts AS (SELECT {column} AS v, min(source_row) AS first FROM {cells.table} "
        f"GROUP BY {column} HAVING count(*) > 1) "
        f"SELECT t.source_row, t.{column}, f.first FROM {cells.table} t JOIN firsts f ON t.{column} = f.v "
        "WHERE t.source_row > f.first ORDER BY t.source_row").fetchall()
    return [Problem(name, int(row), field_name, (
        f"duplicate {field_name}; ids must be unique (first at row {int(first)})"), value=v)
        for row, v, first in repeats]


def typed_table(con: duckdb.DuckDBPyConnection, cells: Cells, fields: tuple[Field, ...], columns: dict[str, str],
                values: dict[str, dict[str, object]], table: str) -> None:
    """Create the view ``table``: ``source_row``, each field as its type, ``data_status``.

    A column whose every distinct cell is already written as its value
    (``36``, ``2022-03-01``, ``甲村``) is cast in SQL; one with other
    spellings (`` 36 ``, ``43914`` for a date, ``甲一``) is looked up in a
    table of its distinct cells (``<table>_map<i>``).
    """
    every = (*fields, DATA_STATUS_FIELD)
    plain = {f.name: f.kind == "id" or all(str(v) == k or (f.kind == "number" and _same_number(k, v))
                                           for k, v in values.get(f.name, {}).items()) for f in every}
    if cells.rowid_offset is not None and all(plain.values()):
        _type_in_place(con, cells, every, columns, table)
        return
    selects, joins = ["t.source_row"], []
    for f in every:
        column = f"t.{columns[f.name]}"
        sql_type = _SQL_TYPES.get(f.kind, "VARCHAR")
        lookup = values.get(f.name, {})
        if plain[f.name]:
            selects.append(f"CAST({column} AS {sql_type}) AS {quote_identifier(f.name)}")
            continue
        mapping = f"{table}_map{len(joins)}"
        store_frame(con, pd.DataFrame({"k": list(lookup), "v": [str(v) for v in lookup.values()]}, dtype=object),
                    mapping)
        joins.append(f"JOIN {mapping} ON {column} = {mapping}.k")
        selects.append(f"CAST({mapping}.v AS {sql_type}) AS {quote_identifier(f.name)}")
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {', '.join(selects)} FROM {cells.table} t {' '.join(joins)}")


def _type_in_place(con: duckdb.DuckDBPyConnection, cells: Cells, fields: tuple[Field, ...],
                   columns: dict[str, str], table: str) -> None:
    """:func:`typed_table` for a file DuckDB read in file order, every column cast in SQL: its stored cells become the rows.

    The date and number columns are cast where they are stored (``ALTER
    TABLE … ALTER … TYPE``, the text columns kept as they are: a ten-million-row
    ledger is not copied), the undeclared columns dropped; the table becomes
    ``<table>_rows`` and ``table`` a view naming its columns, ``source_row``
    the row's place in the file (as the cells' view has it).
    """
    raw = f"{cells.table}_raw"
    used = {columns[f.name] for f in fields}
    con.execute(f"DROP VIEW {cells.table}")
    for f in fields:
        column = columns[f.name]
        sql_type = _SQL_TYPES.get(f.kind, "VARCHAR")
        if sql_type != "VARCHAR":
            con.execute(f"ALTER TABLE {raw} ALTER {column} TYPE {sql_type} USING CAST(COALESCE({column}, '') AS {sql_type})")
        elif f.kind != "id" and "" in cells.counts.get(column, {}):  # the cells' view reads an empty cell as ''
            con.execute(f"ALTER TABLE {raw} ALTER {column} TYPE VARCHAR USING COALESCE({column}, '')")
    for i in range(len(cells.headers)):
        if f"c{i}" not in used:
            con.execute(f"ALTER TABLE {raw} DROP COLUMN c{i}")
    con.execute(f"ALTER TABLE {raw} RENAME TO {table}_rows")
    named = ", ".join(f"{columns[f.name]} AS {quote_identifier(f.name)}" for f in fields)
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT rowid + {cells.rowid_offset} AS source_row, {named} "
                f"FROM {table}_rows")


def _same_number(text: str, value: object) -> bool:
    """True when SQL reads ``text`` as the number Python read (plain ASCII decimal, no spaces)."""
    return text == text.strip() and text.isascii() and text.replace(".", "", 1).lstrip("-").isdigit()
