"""Number forms of real reports (issue 24): spaces a PDF puts in, a bare 万/亿 for money, more classifiers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tanto_analysis.core.units import parse_quantity, scan_quantities


def read(text: str) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    found, unread = scan_quantities(text)
    return ([(q.text, str(q.value), q.unit, q.bound) for q in found], [(u.text, u.reason) for u in unread])


@pytest.mark.parametrize(("text", "value", "unit", "bound"), [
    ("12.34 亿元", "1234000000", "元", "exact"),
    ("20000 亩", "20000", "亩", "exact"),
    ("1.5 万吨", "15000", "吨", "exact"),
    ("20 多万元", "200000", "元", "at_least"),
    ("80% 以上", "80", "%", "at_least"),
    ("77.8 %", "77.8", "%", "exact"),
    ("18宗", "18", "宗", "exact"),
    ("7批次", "7", "批次", "exact"),
    ("13.3万余车次", "133000", "车次", "at_least"),
    ("15班次", "15", "班次", "exact"),
    ("500台套", "500", "台套", "exact"),
])
def test_spaces_and_the_classifiers_of_public_reports(text: str, value: str, unit: str, bound: str) -> None:
    q = parse_quantity(text)
    assert (q.value, q.unit, q.bound) == (Decimal(value), unit, bound)


def test_a_space_keeps_dates_and_ordinals_what_they_are() -> None:
    assert read("2022 年全镇完成第 3 个项目") == ([], [("2022 年", "date"), ("3 个", "ordinal")])


def test_a_bare_wan_is_money_where_the_sentence_is_about_money() -> None:
    assert read("任务150万,完成180万。") == (
        [("150万", "1500000", "元", "exact"), ("180万", "1800000", "元", "exact")], [])
    assert read("村集体收入1000万以上。") == ([("1000万以上", "10000000", "元", "at_least")], [])
    assert read("新建道路3公里，总造价2.6亿。") == (  # 造价 is no money word, and the sentence has no 元 …
        [("3公里", "3", "公里", "exact")], [("2.6亿", "bare 亿 without a unit; the sentence is not about money")])
    assert read("其他收益80万，人均增收3000元。") == (  # … a figure in 元 in the same sentence part makes it money
        [("80万", "800000", "元", "exact"), ("3000元", "3000", "元", "exact")], [])
    assert read("培训资金1.2万。") == ([("1.2万", "12000", "元", "exact")], [])  # the nearest word decides
    assert read("完成培训1.2万，人均增收3000元。") == (  # its own clause counts people
        [("3000元", "3000", "元", "exact")], [("1.2万", "bare 万 without a unit; the sentence is not about money")])


def test_a_bare_wan_elsewhere_is_skipped_with_the_reason() -> None:
    assert read("全镇常住人口1.2万。") == ([], [("1.2万", "bare 万 without a unit; the sentence is not about money")])
    assert read("投资1000万建设冷库。") == ([], [])  # followed by a word: left to the skipped list as "no unit"


def test_classifiers_inside_words_are_not_units() -> None:
    assert read("购置三轮车5辆，3根据实际。") == ([("5辆", "5", "辆", "exact")], [])
