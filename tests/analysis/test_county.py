"""Towns side by side: comparisons only where valid, hand-computed (tanto_analysis/analysis/county.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from tanto_analysis.analysis.county import (
    comparable,
    county_summary,
    near_duplicates,
    per_unit,
    year_grid,
)


def _rows(*records: tuple) -> pd.DataFrame:
    return pd.DataFrame(records, columns=["town", "year", "indicator", "unit", "value", "bound"])


def test_an_additive_key_is_summed_a_rate_is_not() -> None:
    posts = _rows(("甲镇", 2022, "posts", "人", 120.0, "exact"), ("乙镇", 2022, "posts", "人", 80.0, "approx"))
    assert county_summary(posts) == {"measure": "total", "value": 200.0, "bound": "approx", "towns": 2}
    rates = _rows(("甲镇", 2022, "rate", "%", 60.0, "exact"), ("乙镇", 2022, "rate", "%", 40.0, "exact"),
                  ("丙镇", 2022, "rate", "%", 45.0, "exact"))
    assert county_summary(rates) == {"measure": "median", "value": 45.0, "bound": "exact", "towns": 3}
    with pytest.raises(ValueError, match=r"a county figure needs one unit, not \['%', '人'\]"):
        county_summary(pd.concat([posts, rates]))


def test_another_unit_is_set_apart_and_a_missing_year_is_none_never_zero() -> None:
    frame = _rows(("甲镇", 2021, "area", "亩", 10.0, "exact"), ("甲镇", 2022, "area", "亩", 12.0, "exact"),
                  ("乙镇", 2022, "area", "平方米", 5000.0, "exact"))
    same, apart = comparable(frame, "area", "亩")
    assert same["town"].tolist() == ["甲镇", "甲镇"] and apart["town"].tolist() == ["乙镇"]
    grid = year_grid(same, ["甲镇", "乙镇"], [2021, 2022])
    assert grid.loc["甲镇", 2022]["value"] == 12.0
    assert grid.loc["乙镇", 2021] is None and grid.loc["乙镇", 2022] is None


def test_per_household_and_per_person_use_each_towns_own_denominators() -> None:
    loans = _rows(("甲镇", 2022, "loans", "元", 5_000_000.0, "exact"), ("乙镇", 2022, "loans", "元", 2_000_000.0, "exact"),
                  ("丙镇", 2022, "loans", "元", 1_000_000.0, "exact"))
    den = _rows(("甲镇", 2022, "households_total", "户", 1000.0, "exact"),
                ("乙镇", 2022, "households_total", "户", 500.0, "approx"),
                ("甲镇", 2022, "population_total", "人", 4000.0, "exact"))
    ratios = per_unit(loans, den)
    assert ratios[["town", "per", "ratio", "ratio_unit", "formula", "bound"]].values.tolist() == [
        ["甲镇", "households_total", 5000.0, "元/户", "5,000,000元 ÷ 1,000户", "exact"],
        ["乙镇", "households_total", 4000.0, "元/户", "2,000,000元 ÷ 500户", "approx"],
        ["甲镇", "population_total", 1250.0, "元/人", "5,000,000元 ÷ 4,000人", "exact"],
    ]  # 丙镇 states no denominator: no ratio, never a guess


def test_people_among_the_people_are_a_share_not_a_ratio_of_people() -> None:
    placed = _rows(("甲镇", 2022, "jobs_placed", "人", 45.0, "exact"))
    den = _rows(("甲镇", 2022, "population_total", "人", 11441.0, "exact"),
                ("甲镇", 2022, "households_total", "户", 3000.0, "exact"))
    ratios = per_unit(placed, den).set_index("per")
    assert ratios.loc["population_total", "ratio"] == 45 / 11441 * 100  # 0.393 %, not 0.00393 人/人
    assert ratios.loc["population_total", ["ratio_unit", "formula"]].tolist() == ["%", "45人 ÷ 11,441人 × 100%"]
    assert ratios.loc["households_total", ["ratio", "ratio_unit"]].tolist() == [0.015, "人/户"]


def test_near_duplicates_need_the_same_unit_and_domain_and_two_towns() -> None:
    frame = pd.DataFrame({"town": ["甲镇", "乙镇", "乙镇", "甲镇", "甲镇"],
                          "indicator": ["welfare_posts", "posts_public", "posts_public_pay", "jobs_a", "jobs_b"],
                          "unit": ["人", "人", "元", "个", "个"], "domain": ["jobs"] * 5,
                          "label_zh": ["公益性岗位人数", "公益岗位人数", "公益岗位工资", "提供岗位", "提供岗位数"]})
    pairs = near_duplicates(frame)
    assert [(p.first, p.second, round(p.similarity, 3), p.towns) for p in pairs] == [
        ("posts_public", "welfare_posts", 0.923, ("乙镇", "甲镇"))]  # 2·6/13; jobs_a/jobs_b are one town's own


def test_a_small_per_person_ratio_keeps_three_significant_digits():
    from tanto_analysis.core.numbers import format_number
    from tanto_analysis.page.county_sections import _ratio_decimals

    # 45 公益性岗位 ÷ 11,441 人 = 0.003933…: written 0.00393, never 0
    assert [format_number(x, _ratio_decimals(x)) for x in (45 / 11441, 385 / 7265, 11465000 / 7265)] == [
        "0.00393", "0.053", "1,578.11"]
