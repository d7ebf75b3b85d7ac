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


def test_bank_card_numbers_are_personal_but_amounts_and_year_lists_are_not():
    from tanto_analysis.page.safe_html import looks_like_bank_card, redact_personal

    assert looks_like_bank_card("6222021234567890123") and looks_like_bank_card("卡号6222 0212 3456 7890")
    assert not looks_like_bank_card("11,465,000") and not looks_like_bank_card("2019 2020 2021 2022")
    assert not looks_like_bank_card("46229.8387096774193548")  # a long decimal is not a card
    frame = pd.DataFrame({"village": ["何村"], "account": ["6222-0212-3456-7890"]})
    assert list(drop_personal_columns(frame).columns) == ["village"]
    assert redact_personal("身份证410324199001011234，电话13812345678") == "身份证[removed]，电话[removed]"
def _csv(html: str) -> str:
    import base64
    import re

    uri = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)
    raw = base64.b64decode(uri)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    return raw.decode("utf-8-sig")


def test_table_has_a_csv_download_with_the_shown_numbers_and_unit_column() -> None:
    frame = pd.DataFrame({"label": ["新增贷款金额", "新增贷款户均金额", "土地流转率"],
                          "value": [11465000.0, 11465000 / 248, 77.30], "unit": ["元", "元", "%"]})
    html = html_table(frame, {"label": "指标", "value": "数值", "unit": "单位"}, caption="贷款",
                      numeric=["value"])
    assert '<td class="num">46,229.84</td>' in html and '<td class="num">77.3</td>' in html
    assert 'download="贷款.csv"' in html and ">下载CSV</a>" in html
    assert _csv(html) == "指标,数值,单位\r\n新增贷款金额,11465000,元\r\n新增贷款户均金额,46229.84,元\r\n土地流转率,77.3,%\r\n"


def test_money_keeps_two_decimals_and_english_tables_show_english_units() -> None:
    frame = pd.DataFrame({"label": ["a", "b"], "value": [262635.8, 218294.22], "unit": ["元", "元/亩"]})
    html = html_table(frame, {"label": "Indicator", "value": "Value", "unit": "Unit"}, numeric=["value"], lang="en")
    assert '<td class="num">262,635.80</td>' in html and '<td class="num">218,294.22</td>' in html
    assert "<td>yuan</td>" in html and "<td>yuan/mu</td>" in html and ">Download CSV</a>" in html
    assert _csv(html).splitlines()[1:] == ["a,262635.80,yuan", "b,218294.22,yuan/mu"]


def test_a_wide_table_scrolls_in_its_own_focusable_box_and_quotes_are_marked() -> None:
    frame = pd.DataFrame({"label": ["x"], "quote": ["开展全员筛查2次"]})
    html = html_table(frame, {"label": "指标", "quote": "报告原文"}, caption="c")
    assert html.startswith('<div class="table-scroll" tabindex="0" role="region" aria-label="c"><table')
    assert '<td class="quote" lang="zh-CN">开展全员筛查2次</td>' in html


def test_csv_drops_grouping_in_preformatted_values_too() -> None:
    frame = pd.DataFrame({"label": ["提供就业岗位", "x"], "shown": ["4,500,000以上", "1,2"]})
    html = html_table(frame, {"label": "指标", "shown": "数值"})
    assert "<td>4,500,000以上</td>" in html
    assert _csv(html).splitlines()[1:] == ["提供就业岗位,4500000以上", 'x,"1,2"']
