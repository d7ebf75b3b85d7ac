"""Checked ledgers kept as Parquet, keyed by the SHA-256 of their file (``.cache/ledgers/``).

A big ledger is read and checked once: :func:`materialise` writes its typed
rows into a staging folder beside their cache folder, :func:`publish` adds
the flags and renames it once every check has passed (a folder is whole or
absent), and :func:`read_back` turns a cached folder into the ledger's view.
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
from .engine import quote_literal
from .fields import Field
from .spark import is_spark

__all__ = ["cache_key", "drop_objects", "materialise", "publish", "read_back"]

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
    """Turn the typed view into stored rows, casting each cell once, and drop the cells.

    With a cache ``folder``, the rows are written as Parquet into a staging
    folder beside it (returned; :func:`_publish` renames it once the
    ledger's own checks have passed) and read from there; otherwise, or if
    the cache cannot be written, they are kept in memory.
    """
    staging = None
    if folder is not None:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
            # rows carry their source_row, so their order in the file does not matter: write in parallel
            con.execute("SET preserve_insertion_order = false")
            try:
                con.execute(f"COPY (SELECT * FROM {table}) TO {quote_literal(str(staging / 'rows.parquet'))} "
                            "(FORMAT parquet, PARQUET_VERSION v2, COMPRESSION snappy)")
            finally:
                con.execute("SET preserve_insertion_order = true")
        except (OSError, duckdb.Error):  # a cache that cannot be written only costs time next run
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            staging = None
    if staging is not None:
        drop_objects(con, table)
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {_parquet(staging / 'rows.parquet')}")
        return staging
    con.execute(f"CREATE TABLE {table}_rows AS SELECT * FROM {table}")
    drop_objects(con, table, keep=(f"{table}_rows",))
    con.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_rows")
    return None


def publish(con: duckdb.DuckDBPyConnection, table: str, staging: Path, folder: Path,
            notes: list[Problem] = ()) -> None:
    """Add the flags and notes to the staged rows and rename the staging folder to ``folder`` (whole or not at all).

    A note is kept without its file name (the file may be named otherwise from another folder).
    """
    try:
        con.execute(f"COPY (SELECT * FROM {table}_flags) TO {quote_literal(str(staging / 'flags.parquet'))} "
                    "(FORMAT parquet, PARQUET_VERSION v2, COMPRESSION snappy)")
        (staging / "notes.json").write_text(json.dumps([[n.row, n.column, n.message] for n in notes],
                                                       ensure_ascii=False), encoding="utf-8")
        os.replace(staging, folder)
    except (OSError, duckdb.Error):  # e.g. another process published the same ledger first
        con.execute(f"CREATE TABLE {table}_rows AS SELECT * FROM {_parquet(staging / 'rows.parquet')}")
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {table}_rows")
        shutil.rmtree(staging, ignore_errors=True)
        return
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {_parquet(folder / 'rows.parquet')}")


def read_back(con: duckdb.DuckDBPyConnection, folder: Path, table: str, name: str) -> list[Problem]:
    """Make ``table`` (a view) and ``<table>_flags`` from a cached ledger's folder; return its notes on file ``name``."""
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {_parquet(folder / 'rows.parquet')}")
    con.execute(f"CREATE OR REPLACE TABLE {table}_flags AS SELECT * FROM {_parquet(folder / 'flags.parquet')}")
    kept = json.loads((folder / "notes.json").read_text(encoding="utf-8"))
    return [Problem(name, row, column, message) for row, column, message in kept]
