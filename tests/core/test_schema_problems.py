"""Tests for tanto_analysis.core.schema_problems."""

import pandas as pd
import pandera.pandas as pa

from tanto_analysis.core.schema_problems import schema_problems

SCHEMA = pa.DataFrameSchema({
    "id": pa.Column(str, unique=True, report_duplicates="all"),
    "unit": pa.Column(str, pa.Check.isin(["元", "亩"], error="unknown unit; expected 元 or 亩")),
})


def test_clean_frame_has_no_problems():
    assert schema_problems(SCHEMA, pd.DataFrame({"id": ["a", "b"], "unit": ["元", "亩"]}), "t.csv") == []


def test_each_failing_cell_is_a_spreadsheet_row_and_column():
    frame = pd.DataFrame({"id": ["a", "b", "a", "a"], "unit": ["元", "斤", "亩", "元"]})
    assert sorted((str(p), p.value) for p in schema_problems(SCHEMA, frame, "t.csv")) == [
        ("t.csv:3:unit: unknown unit; expected 元 or 亩", "斤"),
        ("t.csv:4:id: duplicate id; ids must be unique (first at row 2)", "a"),
        ("t.csv:5:id: duplicate id; ids must be unique (first at row 2)", "a"),
    ]
