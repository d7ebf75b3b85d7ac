"""Checked ledgers kept as Parquet, keyed by the SHA-256 of their file (``.cache/ledgers/``).

A big ledger is read and checked once: :func:`materialise` keeps its typed
rows in memory and makes a staging folder beside their cache folder;
:func:`publish`, once every check has passed, writes the flags there and,
in a thread of its own while the ledgers are used, the rows, then renames
the folder (a folder is whole or absent); :func:`read_back` turns a cached
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
import threading
from pathlib import Path

import duckdb

from .. import __version__
from ..core.errors import Problem
from .cell_table import quote_literal
from .fields import Field
from .spark import is_spark

__all__ = ["cache_key", "drop_objects", "materialise", "publish", "read_back", "wait_for_writers"]

#: Bump when the checks or the typed table change, so that old cached ledgers are not used.
_CACHE_FORMAT = "2"  # 2: notes.json beside the rows and flags


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
                        "WHERE table_catalog = current_database() AND (table_name = ? OR table_name LIKE ?) "
                        "ORDER BY table_type DESC, length(table_name)", [table, f"{table}_%"]).fetchall()
    for name, kind in found:
        if name != f"{table}_flags" and name not in keep:
            con.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} IF EXISTS {name}")


def _parquet(path: Path) -> str:
    return f"read_parquet({quote_literal(str(path))})"


def materialise(con: duckdb.DuckDBPyConnection, table: str, folder: Path | None) -> Path | None:
    """Turn the typed view into stored rows in memory, casting each cell once, and drop the cells.

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
    con.execute(f"CREATE TABLE {table}_rows AS SELECT * FROM {table}")
    drop_objects(con, table, keep=(f"{table}_rows",))
    con.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_rows")
    return staging


#: Cache writers still running (:func:`wait_for_writers`).
_writers: list[threading.Thread] = []


def publish(con: duckdb.DuckDBPyConnection, table: str, staging: Path, folder: Path,
            notes: list[Problem] = ()) -> None:
    """Write the flags and notes, then, off the critical path, the rows; rename the staging folder to ``folder``.

    The flags are copied now (later flags, from other ledgers, are not the
    ledger's own); a note is kept without its file name (the file may be
    named otherwise from another folder).  The rows are written by a thread
    of their own on a cursor of ``con`` while the ledgers are used, and the
    folder appears whole or not at all.  The interpreter waits for the
    thread at exit; :func:`wait_for_writers` waits for it earlier.
    """
    try:
        con.execute(f"COPY (SELECT * FROM {table}_flags) TO {quote_literal(str(staging / 'flags.parquet'))} "
                    "(FORMAT parquet, PARQUET_VERSION v2, COMPRESSION snappy)")
        (staging / "notes.json").write_text(json.dumps([[n.row, n.column, n.message] for n in notes],
                                                       ensure_ascii=False), encoding="utf-8")
    except (OSError, duckdb.Error):
        shutil.rmtree(staging, ignore_errors=True)
        return
    database = con.execute("SELECT current_database()").fetchall()[0][0]  # a cursor starts in the default one
    writer = threading.Thread(target=_write_rows, args=(con.cursor(), f"{database}.{table}_rows", staging, folder),
                              name=f"tanto-cache-{table}")
    writer.start()
    _writers.append(writer)


def _write_rows(cursor: duckdb.DuckDBPyConnection, rows: str, staging: Path, folder: Path) -> None:
    try:
        # rows carry their source_row, so their order in the file does not matter: written in parallel
        cursor.execute(f"COPY {rows} TO {quote_literal(str(staging / 'rows.parquet'))} "
                       "(FORMAT parquet, PARQUET_VERSION v2, COMPRESSION snappy, PRESERVE_ORDER false)")
        os.replace(staging, folder)
    except (OSError, duckdb.Error):  # e.g. another process published the same ledger first
        shutil.rmtree(staging, ignore_errors=True)
    finally:
        cursor.close()


def wait_for_writers() -> None:
    """Wait until every cache folder being written is written (``tanto build`` before its pages read them)."""
    while _writers:
        _writers.pop().join()


def read_back(con: duckdb.DuckDBPyConnection, folder: Path, table: str, name: str) -> list[Problem]:
    """Make ``table`` (a view) and ``<table>_flags`` from a cached ledger's folder; return its notes on file ``name``."""
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {_parquet(folder / 'rows.parquet')}")
    con.execute(f"CREATE OR REPLACE TABLE {table}_flags AS SELECT * FROM {_parquet(folder / 'flags.parquet')}")
    kept = json.loads((folder / "notes.json").read_text(encoding="utf-8"))
    return [Problem(name, row, column, message) for row, column, message in kept]
