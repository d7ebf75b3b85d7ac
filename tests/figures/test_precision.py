"""The range of values a figure's written form allows."""

from __future__ import annotations

import math

import pytest

from tanto_analysis.figures.precision import stated_interval


def test_stated_interval_follows_the_reports_precision():
    assert stated_interval(69.0, "%", "exact", "竣工率达到69%") == (68.5, 69.5)
    assert stated_interval(44.87, "%", "exact", "资金拨付率44.87%") == pytest.approx((44.865, 44.875))
    assert stated_interval(11465000.0, "元", "exact", "1146.5万元") == (11464500.0, 11465500.0)
    assert stated_interval(21000.0, "亩", "exact", "2.1万亩") == (20500.0, 21500.0)
    assert stated_interval(11.0, "个", "exact", "11个") == (11.0, 11.0)
    assert stated_interval(5.0, "个", "exact", "打造五个样板示范村") == (5.0, 5.0)
    assert stated_interval(300.0, "个", "at_least", "300余个") == (300.0, math.inf)


def test_multiplier_sets_the_step():
    # 1.2亿元: the last digit is 0.1亿 = 10,000,000 元, so ±5,000,000 元
    assert stated_interval(120000000.0, "元", "exact", "1.2亿元") == (115000000.0, 125000000.0)
    # 3.5万元: ±0.05万 = ±500 元
    assert stated_interval(35000.0, "元", "exact", "3.5万元") == (34500.0, 35500.0)


def test_approx_bound_allows_ten_percent():
    assert stated_interval(1000.0, "人", "approx", "近1000人") == pytest.approx((900.0, 1100.0))


def test_quote_without_the_value_is_taken_as_exact():
    # the quote's 69% is not the figure's 70, so no rounding is inferred
    assert stated_interval(70.0, "%", "exact", "69%") == (70.0, 70.0)


def test_range_and_at_most_bounds():
    assert stated_interval(15000.0, "元", "range", "奖补1.5万—2万元") == (15000.0, 20000.0)
    assert stated_interval(10.0, "人", "at_most", "不足10人") == (0.0, 10.0)
