"""Checked ledgers kept as Parquet, keyed by the SHA-256 of their file (``.cache/ledgers/``).

A big ledger is read and checked once: :func:`materialise` keeps its typed
rows in memory and makes a staging folder beside their cache folder;
:func:`publish`, once every check has passed, writes the rows, flags and
notes there, renames the folder (a folder is whole or absent) and points
the ledger's view at the written rows; :func:`read_back` turns a cached
folder into the ledger's view.
:func:`cache_key` names the folder after the file's bytes and what the check
depends on, as hashed by :func:`~tanto_analysis.core.digest.file_sha256`
(:func:`~tanto_analysis.core.digest.file_sha256`).  Deleting the cache only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import duckdb

from .. import __version__
from ..core.errors import Problem
from .cell_table import quote_literal
from .fields import Field
from .spark import is_spark

__all__ = ["cache_key", "drop_objects", "materialise", "publish", "read_back"]

#: Bump when the checks or the typed table change, so that old cached ledgers are not used.
_CACHE_FORMAT = "3"  # 2: notes.json beside the rows and flags; 3: the notes' catalogue keys


def cache_key(digest: str, fields: tuple[Field, ...], year: int, check) -> str:
    named = None if check is None else f"{check.__module__}.{check.__qualname__}"
    what = repr((_CACHE_FORMAT, __version__, year, fields, named)).encode()
    return f"{digest[:32]}-{hashlib.sha256(what).hexdigest()[:16]}"


def drop_objects(con: duckdb.DuckDBPyConnection, table: str, keep: tuple[str, ...] = ()) -> None:
    """Drop the tables and views named ``table`` or ``table_*`` (views first), except ``<table>_flags`` and ``keep``."""
    if is_spark(con):
        for name in con.views():
            if (name == table or name.startswith(f"{table}_")) and name != f"{table}_flags" and name not in keep:
                con.execute(f"DROP VIEW IF EXISTS {name}")
        return
    found = con.execute("SELECT table_name, table_type FROM information_schema.tables "
                        "WHERE table_catalog = current_database() AND (table_name = ? OR starts_with(table_name, ?)) "
                        "ORDER BY table_type DESC, length(table_name)", [table, f"{table}_"]).fetchall()
    for name, kind in found:
        if name != f"{table}_flags" and name not in keep:
            con.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} IF EXISTS {name}")


def _parquet(path: Path) -> str:
    return f"read_parquet({quote_literal(str(path))})"


def materialise(con: duckdb.DuckDBPyConnection, table: str, folder: Path | None) -> Path | None:
    """Turn the typed view into stored rows in memory, casting each cell once, and drop the cells.

    Rows typed where their cells were stored (``<table>_rows`` exists already) are kept as they are.

    With a cache ``folder``, a staging folder beside it is made and returned
    (:func:`publish` fills it once the ledger's own checks have passed);
    None without one, or if it cannot be made (a cache that cannot be
    written only costs time next run).
    """
    staging = None
    if folder is not None:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
        except OSError:
            staging = None
    stored = not is_spark(con) and con.execute("SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
                         "AND table_name = ? AND table_type = 'BASE TABLE'", [f"{table}_rows"]).fetchall()[0][0]
    if stored:  # the cells were typed where they were stored (validate.typed_table): the view stays
        drop_objects(con, table, keep=(table, f"{table}_rows"))
        return staging
    con.execute(f"CREATE TABLE {table}_rows AS SELECT * FROM {table}")
    drop_objects(con, table, keep=(f"{table}_rows",))
    con.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_rows")
    return staging


def publish(con: duckdb.DuckDBPyConnection, table: str, staging: Path, folder: Path,
            notes: list[Problem] = ()) -> None:
    """Write the rows, flags and notes to ``staging``, rename it to ``folder``, and read the rows from there.

    The flags are copied now (later flags, from other ledgers, are not the
    ledger's own); a note is kept without its file name (the file may be
    named otherwise from another folder).  The folder appears whole or not
    at all.  Once it is written, the ledger's view reads its rows from the
    Parquet file and the rows in memory are dropped: a big ledger then takes
    no memory while the next one is read and checked (DuckDB's memory limit
    is :data:`~tanto_analysis.ledgers.cell_table.MEMORY_LIMIT`), as on a warm
    run.  A cache that cannot be written leaves the rows in memory.
    """
    rows = staging / "rows.parquet"
    try:
        con.execute(f"COPY (SELECT * FROM {table}_flags) TO {quote_literal(str(staging / 'flags.parquet'))} "
                    "(FORMAT parquet, PARQUET_VERSION v2, COMPRESSION snappy)")
        (staging / "notes.json").write_text(json.dumps([[n.row, n.column, n.message, n.key, list(n.args)]
                                                        for n in notes],
                                                       ensure_ascii=False), encoding="utf-8")
        # rows carry their source_row, so their order in the file does not matter: written in parallel
        con.execute(f"COPY (SELECT * FROM {table}) TO {quote_literal(str(rows))} "
                    "(FORMAT parquet, PARQUET_VERSION v2, COMPRESSION snappy, PRESERVE_ORDER false)")
        os.replace(staging, folder)
    except (OSError, duckdb.Error):  # e.g. another process published the same ledger first
        shutil.rmtree(staging, ignore_errors=True)
        return
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {_parquet(folder / 'rows.parquet')}")
    con.execute(f"DROP TABLE IF EXISTS {table}_rows")


def read_back(con: duckdb.DuckDBPyConnection, folder: Path, table: str, name: str) -> list[Problem]:
    """Make ``table`` (a view) and ``<table>_flags`` from a cached ledger's folder; return its notes on file ``name``."""
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {_parquet(folder / 'rows.parquet')}")
    con.execute(f"CREATE OR REPLACE TABLE {table}_flags AS SELECT * FROM {_parquet(folder / 'flags.parquet')}")
    kept = json.loads((folder / "notes.json").read_text(encoding="utf-8"))
    return [Problem(name, row, column, message, key=key, args=tuple(tuple(a) for a in args))
            for row, column, message, key, args in kept]
