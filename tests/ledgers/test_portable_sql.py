"""The engine's checks and indicators are plain SQL that other engines share (docs/scale.md).

Every statement the ledger engine sends to DuckDB while loading, checking
and summarising a year's ledgers is recorded.  Each query (a ``SELECT`` or
``WITH``, also inside ``CREATE … AS`` and ``INSERT INTO … SELECT``) must
use only functions sqlglot knows across dialects (a DuckDB-only function
such as ``hash`` or ``to_months`` is an "anonymous" function to it) and
translate into the Spark and Trino dialects.  Only reading the files
(``read_csv``, ``read_parquet``) and DuckDB's storage statements are
engine-specific.
"""

from __future__ import annotations

import re

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from tanto_analysis.ledgers import employment, land, ledger, loading, loans, reconcile

_QUERY = re.compile(r"(?is)^(?:CREATE (?:OR REPLACE )?(?:TEMP )?(?:TABLE|VIEW) \S+ AS |INSERT INTO \S+ )?((?:SELECT|WITH)\b.*)$")


class Recorder:
    """A DuckDB connection that remembers the SQL it runs."""

    def __init__(self, con, seen: list[str]):
        self._con, self._seen = con, seen

    def execute(self, sql, params=None):
        self._seen.append(sql)
        return self._con.execute(sql, params or [])

    def __getattr__(self, name):
        return getattr(self._con, name)


@pytest.fixture
def queries(demo_ledgers, monkeypatch) -> list[str]:
    seen: list[str] = []
    connect = loading.connect
    monkeypatch.setattr(loading, "connect", lambda *a: Recorder(connect(*a), seen))
    monkeypatch.setattr(loading, "_loaded", {})
    frames = loading.load_year_ledgers(2022, demo_ledgers)
    reconcile.ledger_indicators(2022, frames=frames)
    loans.loans_by_village(frames["loans"], frames["loan_subsidies"], 2022)
    loans.amount_histogram(frames["loans"])
    employment.income_gain_counts(frames["job_placements"])
    land.area_by(frames["land_contracts"], "land_type", 2022)
    land.contracts_expiring_by_year(frames["land_contracts"])
    ledger.flagged_rows(*frames.values(), limit=5)
    return [m.group(1) for sql in seen if (m := _QUERY.match(sql.strip()))]


@pytest.mark.parametrize("dialect", ["spark", "trino"])
def test_every_query_reads_in_other_engines(queries, dialect):
    assert len(queries) > 50  # the checks, the flags and the indicators of six ledgers
    failures = {}
    for sql in queries:
        if re.search(r"\bread_(csv|parquet)\(", sql):
            continue  # reading files is each engine's own
        failure = _not_portable(sql, dialect)
        if failure:
            failures[sql[:120]] = failure
    assert failures == {}


def _not_portable(sql: str, dialect: str) -> str:
    """Why ``sql`` would need rewriting for ``dialect`` ('' if it would not)."""
    sql = sql.replace("?", "NULL")
    unknown = sorted({f.name for f in sqlglot.parse_one(sql, read="duckdb").find_all(exp.Anonymous)})
    if unknown:
        return f"DuckDB-only function(s): {', '.join(unknown)}"
    try:
        sqlglot.transpile(sql, read="duckdb", write=dialect, unsupported_level=ErrorLevel.RAISE)
    except sqlglot.errors.SqlglotError as exc:
        return str(exc)[:200]
    return ""


def test_a_duckdb_only_function_is_caught():
    assert _not_portable("SELECT count(DISTINCT hash(a, b)) FROM t", "spark") == "DuckDB-only function(s): hash"
    assert _not_portable("SELECT a FROM t PIVOT (sum(b) FOR c IN ('x'))", "trino") != ""
    assert _not_portable("SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1", "trino") == ""
