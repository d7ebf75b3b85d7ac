"""Figures that share a drafted label: a note for review only when nothing in the text tells them apart."""

from __future__ import annotations

import pandas as pd

from tanto_analysis.analysis.audit.auditor import audit
from tanto_analysis.analysis.audit.marks import generic_label, text_marks


def draft(text: str, *rows, section: str = "一(一)") -> pd.DataFrame:
    """A drafted table (no indicator keys) from (id, value, unit, quote, label) rows; each quote is in ``text``."""
    for row in rows:
        assert row[3] in text, row
    return pd.DataFrame([{"id": i, "value": float(v), "unit": u, "quote": q, "bound": "exact", "year": 2022,
                          "section": section, "scope": "甲镇", "kind": "actual", "label_zh": label, "indicator": ""}
                         for i, v, u, q, label in rows])


def kinds(findings):
    return [(f.severity, f.rule) for f in findings]


def test_two_batches_are_two_quantities():
    text = ("下达第一批衔接资金项目，项目个数12个，补贴贫困户资金86万元；"
            "下达第二批衔接资金项目，项目个数8个，补贴贫困户资金54万元。")
    table = draft(text, ("a", 12, "个", "12个", "项目个数"), ("b", 86e4, "元", "86万元", "补贴贫困户资金"),
                  ("c", 8, "个", "8个", "项目个数"), ("d", 54e4, "元", "54万元", "补贴贫困户资金"))
    assert [text_marks(text, q)[0] for q in table["quote"]] == ["第一批", "第一批", "第二批", "第二批"]
    assert audit(table, source_text=text) == []
    # the same sentence without the batches: the same label twice, for review (never a contradiction)
    plain = text.replace("第一批", "").replace("第二批", "")
    assert kinds(audit(table, source_text=plain)) == [("note", "shared_label"), ("note", "shared_label")]


def test_numbered_items_and_sections_are_different_quantities():
    text = ("1. 甲场镇基础设施改造工程:工程总投资350.72万元,已验收。\n"
            "2. 乙村农民集中居住区建设项目:工程总投资9612.04万元,已完工。\n")
    table = draft(text, ("a", 3507200, "元", "350.72万元", "工程总投资"), ("b", 96120400, "元", "9612.04万元", "工程总投资"))
    assert audit(table, source_text=text) == []
    in_two_sections = pd.concat([draft(text, ("a", 3507200, "元", "350.72万元", "工程总投资"), section="四"),
                                 draft(text, ("b", 96120400, "元", "9612.04万元", "工程总投资"), section="五")])
    assert audit(in_two_sections) == []  # no text: the sections alone tell them apart


def test_growth_rates_of_different_aggregates_are_not_compared():
    text = "全年完成规上工业产值45478万元,同比增长34.15%;固定资产投资7132万元,同比增长46.87%。"
    table = draft(text, ("a", 34.15, "%", "34.15%", "同比增长"), ("b", 46.87, "%", "46.87%", "同比增长"))
    assert generic_label("同比增长") and not generic_label("规上工业产值")
    assert audit(table, source_text=text) == []


def test_periods_tell_figures_apart_and_one_period_twice_is_a_note():
    text = "上半年新增就业岗位120个。下半年新增就业岗位95个。全年新增就业岗位230个，另新增就业岗位215个。"
    table = draft(text, ("h1", 120, "个", "120个", "新增就业岗位"), ("h2", 95, "个", "95个", "新增就业岗位"))
    assert audit(table, source_text=text) == []
    twice = draft(text, ("y1", 230, "个", "230个", "新增就业岗位"), ("y2", 215, "个", "215个", "新增就业岗位"))
    assert text_marks(text, "230个")[1] == "全年" and text_marks(text, "215个")[1] == "全年"
    (finding,) = audit(twice, source_text=text)
    assert (finding.severity, finding.rule, finding.computation) == ("note", "shared_label", "230 ≠ 215")
    assert finding.message_zh == "“新增就业岗位”出现2个不同数值：是否同一数量，请核对"
