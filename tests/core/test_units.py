"""Tests for tanto_analysis.core.units: Chinese quantity strings → base units."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanto_analysis.core.numbers import format_number
from tanto_analysis.core.unit_table import KINDS, UNITS, UNITS_BY_NAME, UnitError, convert
from tanto_analysis.core.units import (
    BASE_UNITS,
    COUNT_UNITS,
    MEASURE_UNITS,
    QuantityError,
    chinese_numeral_value,
    find_quantities,
    parse_quantity,
    scan_quantities,
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
    assert {"元", "亩", "平方米", "%", "公里", "吨", "立方米", "千瓦", "千瓦时", "个百分点"} <= MEASURE_UNITS
    assert {"户", "人", "人次", "名", "个", "笔", "份", "起", "条", "次", "头", "只", "处", "项", "村",
            "座", "家", "所", "台", "株"} <= COUNT_UNITS
    assert not MEASURE_UNITS & COUNT_UNITS
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


# -- every number form --------------------------------------------------------

def _to_chinese_big(n: int, two: bool = False) -> str:
    """Write 1 ≤ n < 10**12 with 亿 and 万 (一万二千, 三千五百万, 一亿零五万); ``two``: 两 for a leading 2."""
    groups = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    parts: list[str] = []
    pending_zero = False
    for group, word in groups:
        if group == 0:
            pending_zero = bool(parts)
            continue
        written = _to_chinese(group)
        if parts and written.startswith("十"):
            written = "一" + written
        if parts and (pending_zero or group < 1000):
            parts.append("零")
        parts.append(written + word)
        pending_zero = False
    text = "".join(parts)
    if two and text[0] == "二" and len(text) > 1 and text[1] in "百千万亿":
        text = "两" + text[1:]
    return text


_FULL = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@pytest.mark.parametrize(("text", "value", "unit", "bound", "upper"), [
    ("3,500万元", "35000000", "元", "exact", None),
    ("12,345户", "12345", "户", "exact", None),
    ("4,500.5万元", "45005000", "元", "exact", None),
    ("３，５００万元", "35000000", "元", "exact", None),
    ("一万二千元", "12000", "元", "exact", None),
    ("三千五百万元", "35000000", "元", "exact", None),
    ("两千余亩", "2000", "亩", "at_least", None),
    ("0.85万人", "8500", "人", "exact", None),
    ("1千余万元", "10000000", "元", "at_least", None),
    ("1.5万—2万元", "15000", "元", "range", "20000"),
    ("10%～15%", "10", "%", "range", "15"),
    ("3至5年", "3", "年", "range", "5"),
    ("不足10人", "10", "人", "at_most", None),
    ("500人以下", "500", "人", "at_most", None),
    ("未满18人", "18", "人", "at_most", None),
    ("2.5公里", "2.5", "公里", "exact", None),
    ("3千米", "3", "公里", "exact", None),
    ("1.2万吨", "12000", "吨", "exact", None),
    ("500千瓦", "500", "千瓦", "exact", None),
    ("3座", "3", "座", "exact", None),
    ("2个百分点", "2", "个百分点", "exact", None),
    ("约5公顷", "5", "公顷", "approx", None),
    ("3000方", "3000", "立方米", "exact", None),
])
def test_every_number_form(text, value, unit, bound, upper):
    q = parse_quantity(text)
    assert (q.value, q.unit, q.bound) == (Decimal(value), unit, bound)
    assert q.upper == (None if upper is None else Decimal(upper))


@pytest.mark.parametrize(("text", "reason"), [
    ("3,50万元", "malformed number"), ("二三十个", "vague number"), ("2021—2025年", "date"),
    ("第三批", "ordinal"), ("十四五期", "vague number"),
])
def test_what_cannot_be_read_exactly_is_reported_not_read_as_another_number(text, reason):
    quantities, unread = scan_quantities(text)
    assert quantities == []
    assert [u.reason for u in unread] == [reason]


@given(st.integers(min_value=1000, max_value=10**10), st.sampled_from(["户", "人", "元", "吨", "座"]))
def test_thousands_separators(n, unit):
    assert parse_quantity(f"{n:,}{unit}").value == n


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=0, max_value=9999))
def test_thousands_separators_with_decimals_and_wan(whole, tenths):
    number = Decimal(f"{whole}.{tenths}")
    q = parse_quantity(f"{whole:,}.{tenths}万元")
    assert (q.value, q.unit) == (number * 10_000, "元")


@given(st.integers(min_value=1, max_value=10**9), st.booleans())
def test_full_width_digits_and_separators(n, grouped):
    written = (f"{n:,}" if grouped else str(n)).translate(_FULL)
    assert parse_quantity(f"{written}户").value == n


@given(st.integers(min_value=1, max_value=10**12 - 1), st.booleans(), st.sampled_from(["元", "亩", "人", "座"]))
def test_chinese_numerals_with_wan_and_yi(n, two, unit):
    assert parse_quantity(f"{_to_chinese_big(n, two)}{unit}").value == n


@given(amounts, st.sampled_from(["人", "户", "吨", "亩"]))
def test_decimals_with_multipliers(amount, unit):
    assert parse_quantity(f"{format_number(amount, None, grouping=False)}万{unit}").value == amount * 10_000


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["余", "多"]))
def test_thousand_more_ten_thousand(n, word):
    q = parse_quantity(f"{n}千{word}万元")
    assert (q.value, q.bound) == (n * 10_000_000, "at_least")


@given(amounts, amounts, st.sampled_from(["—", "-", "～", "~", "至", "到", "——"]),
       st.sampled_from([("万元", "万", 10_000), ("%", "%", 1), ("年", "", 1), ("亩", "", 1)]))
def test_ranges_are_one_figure(a, b, sep, unit):
    written, first, factor = unit
    low, high = sorted((a, b))
    if written == "年":  # durations of 1–100 years (four-digit ones are dates)
        low = low.to_integral_value() % 50 + 1
        high = low + high.to_integral_value() % 50 + 1
    q = parse_quantity(f"{format_number(low, None, grouping=False)}{first}{sep}{format_number(high, None, grouping=False)}{written}")
    assert (q.value, q.upper, q.bound) == (low * factor, high * factor, "range")


@given(counts, st.sampled_from([("超过", "", "at_least"), ("", "余", "at_least"), ("", "多", "at_least"),
                                ("", "以上", "at_least"), ("约", "", "approx"), ("近", "", "approx"),
                                ("", "左右", "approx"), ("不足", "", "at_most"), ("", "以下", "at_most"),
                                ("未满", "", "at_most")]))
def test_bound_words(n, words):
    before, after, bound = words
    text = f"{before}{n}{after}人" if after in ("余", "多") else f"{before}{n}人{after}"
    assert (parse_quantity(text).value, parse_quantity(text).bound) == (n, bound)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=99))
def test_a_malformed_group_is_never_read_as_another_number(a, b):
    quantities, unread = scan_quantities(f"投资{a},{b:02d}万元")
    assert quantities == [] and [u.reason for u in unread] == ["malformed number"]


# -- the declared unit table ----------------------------------------------------

def test_doctests_of_the_number_and_unit_modules():
    import doctest

    from tanto_analysis.core import numerals, unit_table, units
    assert all(doctest.testmod(m).failed == 0 for m in (numerals, unit_table, units))


def test_unit_table_is_consistent():
    assert len({u.name for u in UNITS}) == len(UNITS)
    for unit in UNITS:
        assert unit.kind in KINDS
        base = UNITS_BY_NAME[unit.base]
        assert base.base == base.name and base.kind == unit.kind and base.slug
    assert {"元", "亩", "公顷", "平方米", "公里", "吨", "立方米", "千瓦", "千瓦时", "座", "家", "所", "台", "头",
            "只", "个百分点", "%"} <= set(BASE_UNITS)


@pytest.mark.parametrize(("value", "unit", "to", "expected"), [
    ("2", "公顷", "亩", "30"), ("1", "平方公里", "公顷", "100"), ("1000", "平方米", "亩", "1.5"),
    ("3", "万元", "元", "30000"), ("2.5", "公里", "米", "2500"), ("3", "吨", "斤", "6000"),
])
def test_convert_within_a_kind_is_exact(value, unit, to, expected):
    assert convert(Decimal(value), unit, to) == Decimal(expected)


@pytest.mark.parametrize(("unit", "to"), [("元", "亩"), ("座", "家"), ("艘", "个")])
def test_convert_refuses_other_kinds_and_unknown_units(unit, to):
    with pytest.raises(UnitError):
        convert(Decimal(1), unit, to)
