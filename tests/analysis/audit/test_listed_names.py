"""Names listed next to a count in the report's text."""

from __future__ import annotations

from tanto_analysis.analysis.audit.listed_names import listed_names_count

SOURCE = "截至目前我镇共有达标村5个（纸房、官地、垢峪、古城、赵庄），其中。利用资金在石门村、垢峪村、秋林村等3个村布局。"


def test_listed_names_are_counted_generally():
    assert listed_names_count(SOURCE, "达标村5个") == [(5, "（纸房、官地、垢峪、古城、赵庄）", True)]
    assert listed_names_count(SOURCE, "等3个村") == [(3, "利用资金在石门村、垢峪村、秋林村等", False)]


def test_every_occurrence_and_both_bracket_styles():
    source = "示范村2个(纸房,官地)；又示范村2个（古城和赵庄）。"
    assert listed_names_count(source, "示范村2个") == [(2, "(纸房,官地)", True), (2, "（古城和赵庄）", True)]


def test_an_etc_list_stops_at_the_clause_and_counts_chinese_numerals():
    assert listed_names_count("重点打造。石门村、垢峪村等两个村", "等两个村") == [(2, "石门村、垢峪村等", False)]


def test_no_list_next_to_the_quote():
    assert listed_names_count("示范村2个（纸房）。", "示范村2个") == []  # one name is a remark, not a list
    assert listed_names_count("在石门村等2个村", "等2个村") == []  # no 、, no list
    assert listed_names_count(SOURCE, "达标村6个") == []  # quote not in the text
