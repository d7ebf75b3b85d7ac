"""Tests for tanto_analysis.core.line_joins: lines a PDF broke inside a sentence are joined, nothing else."""

from __future__ import annotations

from tanto_analysis.core.line_joins import join_broken_lines, text_width
from tanto_analysis.core.readers import read_text
from tests.conftest import REPO

#: A text copied out of a PDF with a column of 12 CJK characters (made up; 甲镇).
WRAPPED = ("甲镇2023年工作总结\n"
           "一、主要成效\n"
           "全镇农民人均可支配收入达\n"
           "20000 元，较上年增长12\n"
           ".5%，新建硬化道路3.5 公\n"
           "里。\n"
           "（一）防返贫监测帮扶有力\n"
           "有效\n"
           "新纳入监测对象136户412\n"
           "人\n"
           "项目\t投资\t完成\n"
           "道路硬化工程\t120万元\t100%\n")


def test_a_wrapped_text_is_joined_inside_sentences() -> None:
    assert join_broken_lines(WRAPPED) == (
        "甲镇2023年工作总结\n"
        "一、主要成效\n"
        "全镇农民人均可支配收入达20000 元，较上年增长12.5%，新建硬化道路3.5 公里。\n"  # inside numbers and words
        "（一）防返贫监测帮扶有力有效\n"     # a heading that fills the column wraps too
        "新纳入监测对象136户412人\n"
        "项目\t投资\t完成\n"                 # table rows are never joined
        "道路硬化工程\t120万元\t100%\n")


def test_headings_list_items_finished_and_short_lines_keep_their_breaks() -> None:
    text = ("一、全镇农业农村工作稳中\n"
            "有进，粮食播种面积12000\n"
            "亩。\n"
            "二是持续推进人居环境整治\n"
            "1.新建公厕5座，改造农户厕\n"
            "300户，清理垃圾1200吨\n"
            "\n"
            "●完成造林1500亩，抚育幼林\n"
            "地3000亩，成效明显。\n"
            "短行\n"
            "下一行不接在短行后面。\n")
    assert join_broken_lines(text) == (
        "一、全镇农业农村工作稳中有进，粮食播种面积12000亩。\n"
        "二是持续推进人居环境整治\n"          # the next line starts a list item
        "1.新建公厕5座，改造农户厕300户，清理垃圾1200吨\n"
        "\n"                                  # an empty line ends a paragraph
        "●完成造林1500亩，抚育幼林地3000亩，成效明显。\n"  # a list item that fills the column wraps
        "短行\n"
        "下一行不接在短行后面。\n")


def test_a_text_written_one_paragraph_per_line_is_unchanged() -> None:
    text = read_text(REPO / "data" / "sources" / "2022.txt")
    assert join_broken_lines(text) == text
    assert join_broken_lines("标题\n正文一行。\n") == "标题\n正文一行。\n"


def test_a_number_and_its_unit_on_lines_of_their_own_are_joined_in_any_text() -> None:
    text = "花生种植面积达\n7860\n亩，增长\n10.2%\n。2023\n年工作报告\n共计 5\n个村\n项目 3\n\t个\n"
    assert join_broken_lines(text) == (
        "花生种植面积达\n7860亩，增长\n10.2%\n。2023年工作报告\n共计 5个村\n项目 3\n\t个\n")


def test_joining_is_idempotent() -> None:
    once = join_broken_lines(WRAPPED)
    assert join_broken_lines(once) == once


def test_width_counts_cjk_as_two() -> None:
    assert text_width("入20000 元，") == 2 + 6 + 2 + 2
