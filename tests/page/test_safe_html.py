"""Tests for tanto_analysis.page.safe_html: escaping, personal data never rendered, number format."""

from __future__ import annotations

import pandas as pd

from tanto_analysis.page.safe_html import (
    drop_personal_columns,
    html_table,
    is_personal_column,
)

MALICIOUS = "<script>alert(1)</script>"


def test_village_name_with_script_shows_as_text() -> None:
    frame = pd.DataFrame({"village": [MALICIOUS], "area": [12.5]})
    html = html_table(frame, {"village": "村", "area": "亩"}, caption=f"cap {MALICIOUS}", numeric=["area"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("&lt;script&gt;") == 3  # caption, the scroll box's label and cell
    assert '<td class="num">12.5</td>' in html


def test_personal_columns_are_never_rendered_even_if_listed() -> None:
    frame = pd.DataFrame({
        "村": ["何村"], "姓名": ["X"], "户主": ["Y"], "name": ["Z"], "household_id": ["H0001"],
        "备注": ["110101199003077777"], "note": ["call 13812345678"], "amount": [50000.0],
    })
    columns = {c: c for c in frame.columns}
    html = html_table(frame, columns, numeric=["amount"])
    for hidden in ("姓名", "户主", ">name<", "household_id", "H0001", "110101199003077777", "13812345678", "备注", "note"):
        assert hidden not in html
    assert "<th>村</th>" in html and "50,000" in html
    assert list(drop_personal_columns(frame).columns) == ["村", "amount"]


def test_personal_column_names() -> None:
    assert is_personal_column("身份证号")
    assert is_personal_column("联系电话")
    assert is_personal_column("Phone")
    assert is_personal_column("loan_id")
    assert not is_personal_column("village")
    assert not is_personal_column("label_en")
    assert not is_personal_column("figure_ids")


def test_amounts_are_not_mistaken_for_phone_numbers() -> None:
    frame = pd.DataFrame({"text": ["11465000", "304126元", "2022-08-22"]})
    assert list(drop_personal_columns(frame).columns) == ["text"]
