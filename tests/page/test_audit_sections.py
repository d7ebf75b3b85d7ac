"""The appendix's audit and progress blocks: escaped HTML with quotes, index items."""

from __future__ import annotations

import pandas as pd
import pytest

from tanto_analysis.analysis.audit.auditor import Finding
from tanto_analysis.analysis.progress import report_date, within_year_progress
from tanto_analysis.core import paths
from tanto_analysis.figures.published import load_published
from tanto_analysis.page.audit_sections import (
    audit_block,
    audit_section,
    findings_html,
    progress_commentary,
    progress_html,
    progress_index_items,
    progress_section,
    source_text,
)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load_published(2022)


@pytest.fixture(scope="module")
def text() -> str:
    return source_text(2022, paths.data_dir())


def test_findings_html_escapes_and_cites_quotes():
    finding = Finding("contradiction", "subset", "a > b", "2 > 1 (by 1)",
                      [{"id": "a", "value": 2.0, "unit": "户", "quote": "<b>2户</b>", "section": "一(一)"}],
                      "甲大于乙")
    html = findings_html([finding], "zh")
    assert "矛盾1项、警告0项、提示0项" in html
    assert "甲大于乙" in html and "部分不大于总体" in html
    assert '<q lang="zh-CN">&lt;b&gt;2户&lt;/b&gt;</q>' in html and "<b>2户" not in html
    assert "(相差 1)" in html  # the computation in the page's language
    assert "Contradiction" in findings_html([finding], "en") and "a &gt; b" in findings_html([finding], "en")


def test_audit_block_for_2022_and_for_a_year_without_a_table():
    html = audit_block(2022, paths.data_dir(), "zh")
    assert '<q lang="zh-CN">7618户</q>' in html and '<q lang="zh-CN">7265户</q>' in html
    # names, not ids: 联系群众户数 (liaison_households) exceeds 全镇走访户数 (households_total)
    assert "联系群众户数 = 7,618 户" in html and "liaison_households" not in html
    en = audit_block(2022, paths.data_dir(), "en")
    assert "liaison_households" not in en and "7,618 households" in en and "the stated rounding allows" in en
    assert "没有公开数据表" in audit_block(2019, paths.data_dir(), "zh")


def test_progress_commentary_states_the_figures(table, text):
    within = within_year_progress(table, report_date(text, 2022))
    zh = progress_commentary(within, "zh")
    assert zh.startswith("按报告日期，全年时间已过97.8%")
    assert "项目竣工率69%（进度落后于时间，差28.8个百分点）" in zh
    assert "资金拨付率比项目竣工率低24.13个百分点" in zh  # 69 − 44.87
    assert "24.13 points below" in progress_commentary(within, "en")


def test_progress_html_has_both_tables(table, text):
    html = progress_html(table, text, "zh")
    assert "时间过半、任务过半：截至12月23日" in html
    assert "加拿大统计局/Open SDG" in html and "年份不足，无法评估" in html
    assert "2796人 → 3200人以上" in html


def test_progress_index_items(table, text):
    items = progress_index_items(table, text, "zh")
    assert items[0] == {"label": "项目竣工率（截至12月23日时间进度97.8%；进度落后于时间）", "value": "69",
                        "unit": "%", "status": "published"}
    assert items[-1]["label"] == "带动周边就业（2023年目标3,200人；年份不足，无法评估）"


def test_audit_and_progress_sections_hold_their_tables():
    audit = audit_section(2022, paths.data_dir(), "zh")
    assert audit.html == audit_block(2022, paths.data_dir(), "zh")
    assert len(audit.frames["findings"]) == 7
    progress = progress_section(2022, paths.data_dir(), "en")
    (part,) = progress.parts
    assert part.items and part.items[0]["status"] == "published"  # the index lines travel with the HTML
    within = progress.frames["within_year"].set_index("id")
    assert within.loc["projects_completion_rate", "share_pct"] == 69
    no_table = progress_section(2019, paths.data_dir(), "zh")
    assert no_table.frames == {} and "没有公开数据表" in no_table.html


def test_a_year_with_nothing_to_assess_says_so_in_one_sentence():
    import pandas as pd

    from tanto_analysis.page.audit_sections import progress_html

    table = pd.DataFrame([{"id": "households_total", "indicator": "households_total", "kind": "actual",
                           "scope": "潭头镇", "year": 2023, "report_year": 2023, "value": 7302.0, "unit": "户",
                           "bound": "exact", "quote": "7302户", "label_zh": "户数", "label_en": "Households",
                           "section": "一"}])
    assert progress_html(table, "", "zh") == '<p class="commentary">2023年的公开数字中没有可评估进度的任务完成率或目标。</p>'
    assert "<table" not in progress_html(table, "", "en")
