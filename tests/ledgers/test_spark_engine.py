"""The engine setting and the statement translation of ledgers/spark.py (no Spark session needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from tanto_analysis.core.errors import ConfigurationError
from tanto_analysis.ledgers import cell_table
from tanto_analysis.ledgers.spark import _plan, engine_name


def test_the_engine_is_duckdb_unless_chosen(monkeypatch, tmp_path):
    monkeypatch.delenv("TANTO_ENGINE", raising=False)
    assert engine_name() == "duckdb"  # the demo project's tanto.toml has no [engine]
    assert engine_name("spark") == "spark"
    monkeypatch.setenv("TANTO_ENGINE", "spark")
    assert engine_name() == "spark" and engine_name("duckdb") == "duckdb"
    monkeypatch.delenv("TANTO_ENGINE")
    (tmp_path / "tanto.toml").write_text('[project]\ntown = "甲镇"\n[engine]\nname = "trino"\n', encoding="utf-8")
    monkeypatch.setenv("TANTO_ROOT", str(tmp_path))
    with pytest.raises(ConfigurationError) as info:
        engine_name()
    assert str(info.value) == "tanto.toml [engine] name: unknown ledger engine 'trino'; expected duckdb or spark"


def test_statements_are_planned_for_spark():
    assert _plan("CREATE TABLE IF NOT EXISTS l_flags (source_row BIGINT, flag VARCHAR, seq INTEGER)") == (
        "empty", "l_flags", "source_row BIGINT, flag STRING, seq INT", True)
    assert _plan("CREATE OR REPLACE TABLE l_rows AS SELECT * FROM l WHERE arg_min(a, b) > 0") == (
        "table", "l_rows", "SELECT * FROM l WHERE MIN_BY(a, b) > 0", False)
    assert _plan("INSERT INTO l_flags SELECT source_row, ?, 0 FROM l")[:3] == (
        "insert", "l_flags", "SELECT source_row, ?, 0 FROM l")
    assert _plan("DROP VIEW IF EXISTS l")[:2] == ("drop", "l")
    assert _plan("SET preserve_insertion_order = false")[0] == "nothing"
    assert _plan("SELECT add_months(d, n) FROM l")[2] == "SELECT ADD_MONTHS(d, n) FROM l"


def test_add_months_clamps_to_the_month_end_in_duckdb():
    found = cell_table.connect("duckdb").execute(
        "SELECT add_months(DATE '2022-01-31', 1), add_months(DATE '2020-02-29', 12), "
        "add_months(DATE '2020-02-29', 24), add_months(DATE '2021-01-31', 11)").fetchall()[0]
    assert found == (dt.date(2022, 2, 28), dt.date(2021, 2, 28), dt.date(2022, 2, 28), dt.date(2021, 12, 31))
