"""The English 2022 page: no Chinese outside the report's own words and place names.

Chinese may stay in quotes from the report (elements marked ``lang="zh-CN"``:
quote cells, clauses, section numbers, the collapsed report text, the link
to the Chinese page) and in place names (the town, its villages).  Everything
else – headings, captions, table headers, units, chart descriptions, download
names, the page frame – is English.
"""

from __future__ import annotations

import re

import pytest

from tanto_analysis.reference.villages import current_town

pytestmark = pytest.mark.slow

#: Chinese characters, CJK punctuation (、。「」) and full-width forms (（），：).
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_PLACES = sorted({current_town().name, current_town().county, *current_town().forms}, key=len, reverse=True)


def _without(html: str, pattern: str) -> str:
    return re.sub(pattern, "", html, flags=re.DOTALL)


def chinese_outside_quotes(html: str, chinese: re.Pattern[str] = _CJK) -> list[str]:
    """Each stretch of ``chinese`` in ``html`` that is not in a quote element or a place name (with context)."""
    html = _without(html, r"<style>.*?</style>")
    html = _without(html, r'(?:src|href)="data:[^"]*"')
    for tag in ("details", "td", "q", "a", "div", "p", "span"):
        html = _without(html, rf'<{tag}\b[^>]*\blang="zh-CN"[^>]*>.*?</{tag}>')
    for place in _PLACES:
        html = html.replace(place, "")
    return [html[max(0, m.start() - 40):m.end() + 10] for m in chinese.finditer(html)]


def test_the_checker_finds_chinese_and_spares_quotes_and_places() -> None:
    page = ('<p>Loans in 潭头镇 and 何村</p><td class="quote" lang="zh-CN">开展全员筛查2次</td>'
            '<caption>贷款</caption>')
    assert chinese_outside_quotes(page) == ["<p>Loans in  and </p><caption>贷款</caption>"]
    assert chinese_outside_quotes("<p>Loans (derived)</p>") == []
    assert len(chinese_outside_quotes("<p>Loans（derived）</p>")) == 2
    assert chinese_outside_quotes("<p>Loans（derived）</p>", _HAN) == []


@pytest.fixture(scope="module")
def english_page(built_site_en) -> str:
    return (built_site_en / "reports" / "html" / "en" / "2022.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_tables_charts_downloads_and_frame_of_the_english_page_are_english(english_page) -> None:
    page = english_page
    # Left to their own modules: the notebooks' markdown (lang-en cells: headings, so the table of
    # contents too), the headline cards, the audit table, whose texts are the audit's own (its JSON
    # output must not change), and the full-width brackets of some captions.
    page = _without(page, r'<div class="text_cell_render[^"]*">.*?</div>')
    page = _without(page, r'<nav[^>]*class="toc".*?</nav>')
    page = _without(page, r'<div class="headline">.*?</div></div></div>')
    page = _without(page, r'<table class="tanto-table audit">.*?</table>')
    assert chinese_outside_quotes(page, _HAN) == []
    assert "SYNTHETIC DATA" in page and "合成数据" not in page.replace('lang="zh-CN">', "")
    assert '<a href="../2022.html" hreflang="zh-CN" lang="zh-CN">中文版</a>' in page
    assert '<details class="report-text" id="report-text">' in page


def test_the_whole_english_page_has_no_chinese_outside_quotes_and_place_names(english_page) -> None:
    assert chinese_outside_quotes(english_page) == []
