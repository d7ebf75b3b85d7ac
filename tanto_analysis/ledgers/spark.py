"""Spark as the ledger engine: the statements the ledgers send to DuckDB, run by a Spark session.

The checks, flags and indicators are written once, as SQL in DuckDB's
dialect using functions other engines share (``tests/ledgers/test_portable_sql.py``).
:class:`SparkConnection` answers the part of DuckDB's connection the ledgers
use (``execute(sql, params)`` with ``fetchall()`` and ``df()``,
``register``/``unregister`` of a pandas frame), translating each statement
with sqlglot into Spark SQL once:

- a query runs as it is (positional ``?`` parameters are Spark's too);
- ``CREATE TABLE … AS`` computes its rows once (a local checkpoint) and
  names them as a temporary view; ``CREATE TABLE t (columns)`` is an empty
  view of those columns; ``INSERT INTO t SELECT`` appends and renames;
- ``CREATE VIEW`` is a temporary view; ``DROP`` drops it; ``SET`` (DuckDB's
  settings) is ignored.

Reading a file stays DuckDB's (:func:`read_cells_spark`): the same cells,
rows and messages, handed to Spark as Parquet.  There is no Parquet cache on
Spark (a cluster keeps its ledgers as tables already).  One session serves
the process: ``local[*]`` unless ``spark_master`` is set in ``[engine]`` of
``tanto.toml`` (or ``TANTO_SPARK_MASTER``).
"""

from __future__ import annotations

import decimal
import functools
import os
import shutil
import tempfile
import warnings
import weakref
from pathlib import Path

import pandas as pd

from ..core.errors import ConfigurationError
from ..core.settings import settings_path, settings_table

__all__ = ["ENGINES", "SparkConnection", "engine_name", "is_spark", "read_cells_spark", "spark_session"]

#: The ledger engines: DuckDB (embedded, the default) and Spark.
ENGINES = ("duckdb", "spark")
#: Settings of the session: few shuffle partitions (a town's ledgers are small), DuckDB's NULLs for
#: x / 0 (ANSI off), dates without time zones, no web UI.
_CONFIG = {
    "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4", "spark.sql.ansi.enabled": "false",
    "spark.sql.session.timeZone": "UTC", "spark.sql.execution.arrow.pyspark.enabled": "false",
    "spark.ui.showConsoleProgress": "false", "spark.driver.memory": "1g",
}
_session = None


def engine_name(engine: str | None = None) -> str:
    """The ledger engine: ``engine`` if given, else ``TANTO_ENGINE``, else ``[engine] name`` of tanto.toml, else duckdb.

    Raises
    ------
    ConfigurationError
        For an engine other than those of :data:`ENGINES`.
    """
    if engine:
        name, source = engine, "engine"
    elif os.environ.get("TANTO_ENGINE"):
        name, source = os.environ["TANTO_ENGINE"], "TANTO_ENGINE"
    else:
        name, source = settings_table("engine").get("name", "duckdb"), f"{settings_path().name} [engine] name"
    if name not in ENGINES:
        raise ConfigurationError(f"{source}: unknown ledger engine {name!r}; expected {' or '.join(ENGINES)}")
    return name


def spark_session():
    """The process's Spark session (started on first use): ``local[*]`` unless a master URL is configured.

    Raises
    ------
    ConfigurationError
        If pyspark is not installed or Spark cannot start (no Java 17 runtime).
    """
    global _session
    if _session is not None and _session.sparkContext._jsc is not None:
        return _session
    try:
        with warnings.catch_warnings():  # pyspark warns about pandas 3, which the engine never hands it
            warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
            from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigurationError("the Spark engine needs pyspark: pip install 'tanto-analysis[spark]' "
                                 "(and a Java 17 runtime)") from None
    master = os.environ.get("TANTO_SPARK_MASTER") or settings_table("engine").get("spark_master", "local[*]")
    builder = SparkSession.builder.master(str(master)).appName("tanto")
    for key, value in _CONFIG.items():
        builder = builder.config(key, value)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
            _session = builder.getOrCreate()
    except Exception as exc:  # py4j/pyspark raise their own kinds when Java is missing
        raise ConfigurationError(f"cannot start Spark ({master}): {str(exc).strip().splitlines()[0]}; "
                                 "it needs a Java 17 runtime (Debian: openjdk-17-jre-headless)") from None
    _session.sparkContext.setLogLevel("ERROR")
    return _session


def is_spark(con: object) -> bool:
    """True when ``con`` is a :class:`SparkConnection`."""
    return isinstance(con, SparkConnection)


class _Answer:
    """A statement's answer, as DuckDB gives it: :meth:`fetchall` (tuples) and :meth:`df` (a frame)."""

    def __init__(self, rows: list[tuple], columns: list[tuple[str, str]]):
        self._rows, self._columns = rows, columns

    def fetchall(self) -> list[tuple]:
        return list(self._rows)

    def df(self) -> pd.DataFrame:
        frame = pd.DataFrame({i: _series([r[i] for r in self._rows], kind)
                              for i, (_, kind) in enumerate(self._columns)})
        frame.columns = [name for name, _ in self._columns]
        return frame


def _series(values: list, kind: str) -> pd.Series:
    """One answer column as DuckDB's ``df()`` gives it: numbers as int64/float64, dates as datetime64."""
    if kind in ("bigint", "int", "smallint", "tinyint"):
        return pd.Series(values, dtype="int64" if None not in values else "float64")
    if kind in ("double", "float") or kind.startswith("decimal"):
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if kind in ("date", "timestamp", "timestamp_ntz"):
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)))
    return pd.Series(values, dtype=object)


def _value(v: object) -> object:
    return float(v) if isinstance(v, decimal.Decimal) else v


@functools.lru_cache(maxsize=4096)
def _plan(sql: str) -> tuple:
    """What a DuckDB statement asks of Spark: ``(action, name, spark_sql_or_ddl, if_not_exists)``."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    if isinstance(tree, exp.Set):
        return ("nothing", "", "", False)
    if isinstance(tree, exp.Drop):
        return ("drop", tree.find(exp.Table).name, "", False)
    if isinstance(tree, exp.Create):
        if tree.expression is None:  # CREATE TABLE t (column type, …)
            ddl = ", ".join(f"{c.name} {c.args['kind'].sql('spark')}" for c in tree.this.expressions)
            return ("empty", tree.this.this.name, ddl, bool(tree.args.get("exists")))
        kind = "table" if tree.args.get("kind") == "TABLE" else "view"
        return (kind, tree.this.name, tree.expression.sql(dialect="spark"), bool(tree.args.get("exists")))
    if isinstance(tree, exp.Insert):
        return ("insert", tree.this.name, tree.expression.sql(dialect="spark"), False)
    return ("query", "", tree.sql(dialect="spark"), False)


class SparkConnection:
    """What the ledgers ask of a DuckDB connection, answered by a Spark session (see the module's description)."""

    def __init__(self, session=None):
        self.spark = session if session is not None else spark_session()
        self._views: set[str] = set()
        #: The ledgers' cells, as Parquet files Spark reads (removed by :meth:`close` or at exit).
        self.folder = Path(tempfile.mkdtemp(prefix="tanto-spark-cells-"))
        weakref.finalize(self, shutil.rmtree, str(self.folder), True)

    def execute(self, sql: str, params: list | None = None) -> _Answer:
        """Run one statement (DuckDB's dialect, ``?`` parameters); its answer."""
        action, name, text, if_not_exists = _plan(sql)
        args = [_param(p) for p in params] if params else None
        if action == "nothing":
            return _Answer([], [])
        if action == "drop":
            self.spark.catalog.dropTempView(name)
            self._views.discard(name)
            return _Answer([], [])
        if action == "empty":
            if not (if_not_exists and self.spark.catalog.tableExists(name)):
                self._name(self.spark.createDataFrame([], schema=text), name)
            return _Answer([], [])
        if action == "view":
            self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {name} AS {text}")
            self._views.add(name)
            return _Answer([], [])
        frame = self.spark.sql(text, args=args)
        if action == "table":
            if not (if_not_exists and self.spark.catalog.tableExists(name)):
                self._name(frame.localCheckpoint(eager=True), name)
            return _Answer([], [])
        if action == "insert":
            target = self.spark.table(name)
            added = frame.toDF(*target.columns)
            added = added.select(*[added[c].cast(t) for c, t in target.dtypes]).cache()
            count = added.count()  # one job: the rows are computed once, kept and counted
            self._name(target.union(added), name)
            return _Answer([(count,)], [("count", "bigint")])
        rows = [tuple(_value(v) for v in r) for r in frame.collect()]
        return _Answer(rows, frame.dtypes)

    def _name(self, frame, name: str) -> None:
        frame.createOrReplaceTempView(name)
        self._views.add(name)

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """Make the pandas ``frame`` the temporary view ``name``."""
        self._name(self.spark.createDataFrame(_records(frame), schema=_schema(frame)), name)

    def unregister(self, name: str) -> None:
        """Drop the view ``name``."""
        self.spark.catalog.dropTempView(name)
        self._views.discard(name)

    def views(self) -> list[str]:
        """The temporary views this connection made (and has not dropped)."""
        return sorted(self._views)

    def close(self) -> None:
        """Drop this connection's views and cells (the session stays, for the next connection)."""
        for name in list(self._views):
            self.unregister(name)
        shutil.rmtree(self.folder, ignore_errors=True)


def _param(value: object) -> object:
    return value.date() if isinstance(value, pd.Timestamp) else value


def _schema(frame: pd.DataFrame) -> str:
    """A Spark DDL schema for a pandas frame's columns (text for anything that is not a number, a flag or a date)."""
    types = []
    for name, dtype in frame.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype):
            kind = "BOOLEAN"
        elif pd.api.types.is_integer_dtype(dtype):
            kind = "BIGINT"
        elif pd.api.types.is_float_dtype(dtype):
            kind = "DOUBLE"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            kind = "TIMESTAMP_NTZ"
        else:
            kind = "STRING"
        types.append(f"`{name}` {kind}")
    return ", ".join(types)


def _records(frame: pd.DataFrame) -> list[tuple]:
    out = []
    for row in frame.itertuples(index=False, name=None):
        out.append(tuple(None if _missing(v) else (v.to_pydatetime() if isinstance(v, pd.Timestamp) else
                                                   v.item() if hasattr(v, "item") else v) for v in row))
    return out


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def read_cells_spark(con: SparkConnection, path: str | Path, table: str, is_column=None):
    """:func:`~tanto_analysis.ledgers.cell_table.read_cells` for Spark: DuckDB reads the file, Spark gets its cells.

    The cells (with their ``source_row``) are written as Parquet into the
    connection's folder, which Spark reads; so the rows, the header and
    every message about the file are the same on both engines.
    """
    from .cell_table import connect, read_cells

    local = connect("duckdb")
    try:
        cells = read_cells(local, path, table, is_column)
        target = con.folder / f"{table}.parquet"
        local.execute(f"COPY (SELECT * FROM {table}) TO '{target}' (FORMAT parquet)")
    finally:
        local.close()
    con._name(con.spark.read.parquet(str(target)), f"{table}_raw")
    con.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_raw")
    cells.rowid_offset = None  # Spark's table carries source_row as data
    return cells
