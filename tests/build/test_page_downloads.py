"""Every table and chart of the real 2022 page has a CSV download with the numbers the page shows."""

from __future__ import annotations

import base64
import csv
import html
import io
import re

import pytest

pytestmark = pytest.mark.slow

_TABLE = re.compile(r'<div [^>]*class="table-scroll"[^>]*><table[^>]*>(.*?)</table></div><p class="download">'
                    r'<a download="[^"]+" href="data:text/csv;charset=utf-8;base64,([^"]+)"', re.DOTALL)
_CHART = re.compile(r'<figure class="chart"><img alt="([^"]+)" src="data:image/png;base64,[^"]+"/?>'
                    r'</figure><p class="download"><a download="[^"]+" href="data:text/csv;charset=utf-8;'
                    r'base64,([^"]+)"')
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.DOTALL)


def _csv_rows(payload: str) -> list[list[str]]:
    raw = base64.b64decode(payload)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell.replace("<br/>", "").replace("<br>", ""))).strip()


@pytest.mark.slow
def test_every_table_and_chart_of_the_2022_page_downloads_the_shown_numbers(built_site) -> None:
    page = (built_site / "reports" / "html" / "2022.html").read_text(encoding="utf-8")
    tables = _TABLE.findall(page)
    charts = _CHART.findall(page)
    assert len(re.findall(r'<div [^>]*class="table-scroll"', page)) == len(tables) >= 15
    assert page.count('<figure class="chart">') == len(charts) >= 11
    for body, payload in tables:
        shown = [[_text(c) for c in _CELL.findall(row)] for row in _ROW.findall(body)]
        rows = _csv_rows(payload)
        assert len(rows) == len(shown)
        assert rows[0] == shown[0]  # the shown headers
        for got, want in zip(rows[1:], shown[1:], strict=True):
            numbers = [(g, w) for g, w in zip(got, want, strict=True) if re.fullmatch(r"-?[\d,]+(\.\d+)?", w)]
            assert all(g == w.replace(",", "") for g, w in numbers), (got, want)
    for alt, payload in charts:
        rows = _csv_rows(payload)
        assert len(rows) >= 2 and rows[0][-1] == "单位"
        assert "最高" in alt or "首组低于" in alt or "最低" in alt  # a histogram names its inner edges, not values
    loans = next(a for a, _ in charts if a.startswith("2022年贷款金额：按村"))
    # 大王庙村's subsidies went to 2 households (fewer than 3): withheld, and 纸房村 (the smallest) with it
    assert "条形图，共22项，单位元。最高：" in loans and "另有2项按披露控制规则未画出" in loans
    assert "大王庙村" not in loans and "纸房村" not in loans
