"""Tests for tanto_analysis.figures.outline: heading detection."""

from __future__ import annotations

import doctest

from tanto_analysis.figures import outline as report_sections
from tanto_analysis.figures.outline import find_headings, locate

TEXT = (
    "潭头镇工作报告\n"
    "前言：今年以来全镇稳中求进。\n"
    "一、工作开展情况\n"
    "（一）守牢返贫底线\n"
    "一是守住底线，做好监测。二是落实政策。\n"
    "（二）“三清两建”持续发力\n"
    "清收资产。\n"
    "二、存在的问题\n"
    "一是产业链条短。二是人才不足。\n"
    "三、下一步工作打算\n"
    "（一）巩固成果\n"
    "确保不返贫。\n"
)


def section_at(word: str) -> str:
    return locate(find_headings(TEXT), TEXT.index(word)).section


def test_doctests() -> None:
    assert doctest.testmod(report_sections).failed == 0


def test_headings_in_order() -> None:
    labels = [(h.level, h.label) for h in find_headings(TEXT)]
    assert labels == [
        (1, "一"), (2, "(一)"), (3, "一是"), (3, "二是"), (2, "(二)"),
        (1, "二"), (3, "一是"), (3, "二是"), (1, "三"), (2, "(一)"),
    ]


def test_section_labels() -> None:
    assert section_at("前言") == "前言"
    assert section_at("工作开展情况") == "一"
    assert section_at("做好监测") == "一(一)"
    assert section_at("落实政策") == "一(一)"
    assert section_at("清收资产") == "一(二)"
    # a part without （一） headings uses its 一是-points as the second level
    assert section_at("产业链条短") == "二(一)"
    assert section_at("人才不足") == "二(二)"
    assert section_at("确保不返贫") == "三(一)"


def test_titles_and_next_steps() -> None:
    headings = find_headings(TEXT)
    inside = locate(headings, TEXT.index("做好监测"))
    assert inside.titles == ("守住底线，做好监测", "守牢返贫底线", "工作开展情况")
    assert inside.next_steps is False
    assert locate(headings, TEXT.index("确保不返贫")).next_steps is True


def test_numbers_inside_sentences_are_not_headings() -> None:
    text = "全镇共有一、二等奖若干。\n（一）正文\n会上提出（二）点意见。"
    # the only heading style of this text, （一）, is its top level
    assert [(h.level, h.number) for h in find_headings(text)] == [(1, "一")]


def test_arabic_heading_styles_give_sections() -> None:
    text = "工作总结\n1．产业发展\n（1）种植\n新增茶园。\n（2）养殖\n存栏增加。\n2、基础设施\n修路。\n"
    assert [h.label for h in find_headings(text)] == ["1", "(1)", "(2)", "2"]
    at = lambda word: locate(find_headings(text), text.index(word)).section  # noqa: E731
    assert (at("工作总结"), at("茶园"), at("存栏"), at("修路")) == ("前言", "1(1)", "1(2)", "2")


def test_points_only_and_no_headings_fallbacks() -> None:
    points = "今年以来，一是新修道路。二是新建桥梁。"
    headings = find_headings(points)
    assert [(h.level, h.label) for h in headings] == [(1, "一"), (1, "二")]
    assert locate(headings, points.index("桥梁")).section == "二"
    assert locate(headings, points.index("今年")).section == "前言"
    assert locate(find_headings("全年投资3亿元。"), 2).section == "全文"


def test_decimals_at_line_start_are_not_headings() -> None:
    assert find_headings("1.5万元用于修路。\n") == []
