"""Tests for tanto_analysis.core.units: Chinese quantity strings → base units."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanto_analysis.core.numbers import format_number
from tanto_analysis.core.units import (
    BASE_UNITS,
    COUNT_UNITS,
    MEASURE_UNITS,
    QuantityError,
    chinese_numeral_value,
    find_quantities,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "value", "unit", "bound"),
    [
        ("1146.5万元", "11465000", "元", "exact"),
        ("30.4126万元", "304126", "元", "exact"),
        ("2.3亿元", "230000000", "元", "exact"),
        ("2.1万亩", "21000", "亩", "exact"),
        ("5万平方米", "50000", "平方米", "exact"),
        ("300余个", "300", "个", "at_least"),
        ("3200人以上", "3200", "人", "at_least"),
        ("10余年", "10", "年", "at_least"),
        ("69%", "69", "%", "exact"),
        ("44.87%", "44.87", "%", "exact"),
        ("900余万元", "9000000", "元", "at_least"),
        ("200余平方米", "200", "平方米", "at_least"),
        ("超过10年", "10", "年", "at_least"),
        ("近3万元", "30000", "元", "approx"),
        ("约50亩", "50", "亩", "approx"),
        ("五个", "5", "个", "exact"),
        ("十余个", "10", "个", "at_least"),
        ("两次", "2", "次", "exact"),
        ("360人次", "360", "人次", "exact"),
        ("65290万元", "652900000", "元", "exact"),
        ("１２户", "12", "户", "exact"),
    ],
)
def test_parse_quantity_examples(text, value, unit, bound):
    q = parse_quantity(text)
    assert (q.value, q.unit, q.bound) == (Decimal(value), unit, bound)
    assert q.text == text


def test_range_keeps_both_ends_in_base_units():
    q = parse_quantity("3-5万元")
    assert (q.value, q.upper, q.unit, q.bound) == (Decimal(30000), Decimal(50000), "元", "range")


@pytest.mark.parametrize("text", ["", "1146.5", "万元", "2022年12月", "abc个", "12 户 和 3 人"])
def test_parse_quantity_rejects_non_quantities(text):
    with pytest.raises(QuantityError):
        parse_quantity(text)


def test_find_quantities_splits_a_multi_figure_phrase():
    found = find_quantities("776名党员干部包片联系7618户21270名群众")
    assert [(q.value, q.unit) for q in found] == [
        (Decimal(776), "名"), (Decimal(7618), "户"), (Decimal(21270), "名")]


def test_find_quantities_skips_dates_and_ordinals():
    text = "2022年12月23日，第一议题，2022年新增贷款248户1146.5万元"
    assert [q.text for q in find_quantities(text)] == ["248户", "1146.5万元"]


def test_find_quantities_reports_spans():
    text = "其中2022年新增贷款248户1146.5万元"
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text


@pytest.mark.parametrize(("text", "value"), [("十", 10), ("十五", 15), ("二十四", 24),
                                              ("一百零五", 105), ("三千二百", 3200), ("两", 2)])
def test_chinese_numeral_value(text, value):
    assert chinese_numeral_value(text) == value


def test_every_base_unit_is_a_measure_a_count_or_the_duration_year():
    assert MEASURE_UNITS == {"元", "亩", "平方米", "%"}
    assert COUNT_UNITS == {"户", "人", "人次", "名", "个", "笔", "份", "起", "条", "次",
                           "头", "只", "处", "项", "村"}
    assert set(BASE_UNITS) - MEASURE_UNITS - COUNT_UNITS == {"年"}


# -- properties ---------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """Write 1 ≤ n ≤ 9999 as a Chinese numeral (十五 for 15, 一百零五 for 105)."""
    parts, zero = [], False
    for power, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, power)
        if digit:
            if zero:
                parts.append("零")
            parts.append(_DIGITS[digit] + word)
            zero = False
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


amounts = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("99999"), places=4)
counts = st.integers(min_value=1, max_value=10**7)
plain_units = st.sampled_from([u for u in BASE_UNITS if u not in {"年"}])


@given(amounts)
def test_wan_yuan_is_ten_thousand_yuan(amount):
    q = parse_quantity(f"{format_number(amount, None, grouping=False)}万元")
    assert q.value == amount * 10_000 and q.unit == "元" and q.bound == "exact"


@given(amounts)
def test_yi_yuan_is_hundred_million_yuan(amount):
    assert parse_quantity(f"{format_number(amount, None, grouping=False)}亿元").value == amount * 100_000_000


@given(counts, plain_units)
def test_integer_with_any_unit_round_trips(n, unit):
    q = parse_quantity(f"{n}{unit}")
    assert (q.value, q.unit, q.bound) == (n, unit, "exact")


@given(counts, plain_units, st.sampled_from(["余", "多"]))
def test_yu_and_duo_mean_at_least(n, unit, word):
    assert parse_quantity(f"{n}{word}{unit}").bound == "at_least"


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_numerals_round_trip(n):
    assert parse_quantity(f"{_to_chinese(n)}个").value == n


@given(counts, counts)
def test_two_adjacent_quantities_are_both_found(a, b):
    found = find_quantities(f"共{a}户{b}人")
    assert [(q.value, q.unit) for q in found] == [(a, "户"), (b, "人")]
