"""Tests for tanto_analysis.core.numbers: the one number formatter, with each caller's parameters."""

from __future__ import annotations

import doctest
import math
from decimal import Decimal

from tanto_analysis.core import numbers
from tanto_analysis.core.numbers import format_number


def test_doctests() -> None:
    result = doctest.testmod(numbers)
    assert result.attempted == 7 and result.failed == 0


def test_page_format_has_separators_two_decimals_and_drops_trailing_zeros() -> None:
    assert format_number(11465000.0) == "11,465,000"
    assert format_number(11465000.0 / 248) == "46,229.84"   # 元 per household
    assert format_number(1600.663) == "1,600.66"
    assert format_number(77.30) == "77.3"
    assert format_number(69, 1) == "69"
    assert format_number(float("nan")) == "–"
    assert format_number(None) == "–"
    assert format_number(-0.001) == "0"
    assert format_number("未公布") == "未公布"


def test_audit_format_keeps_exactly_the_decimals_of_a_fraction() -> None:
    assert format_number(27166.882, trim=False) == "27,166.88"
    assert format_number(7618.0, trim=False) == "7,618"
    assert format_number(2.75, 1, trim=False) == "2.8"
    assert format_number(77.3, trim=False) == "77.30"
    assert format_number(math.inf, trim=False) == "∞"
    assert format_number(-math.inf) == "-∞"


def test_reconcile_format_has_four_decimals_and_an_em_dash_when_missing() -> None:
    assert format_number(46229.83870967742, 4, missing="—") == "46,229.8387"
    assert format_number(11465000.0, 4, missing="—") == "11,465,000"
    assert format_number(0.5, 4, missing="—") == "0.5"
    assert format_number(float("nan"), 4, missing="—") == "—"


def test_exact_format_has_no_exponent_grouping_or_trailing_zeros() -> None:
    assert format_number(Decimal("304126"), None, grouping=False) == "304126"
    assert format_number(Decimal("1.1465E+7"), None, grouping=False) == "11465000"
    assert format_number(Decimal("44.870"), None, grouping=False) == "44.87"
    assert format_number(304126.0, None, grouping=False) == "304126"
    assert format_number(Decimal("30.4126"), None) == "30.4126"
    assert format_number(Decimal("11465000"), None) == "11,465,000"
