"""The 1-year LPR reference series."""

import pytest

from tanto_analysis.reference.lpr import lpr_for_year, lpr_max_in_year, lpr_steps


def test_lpr_table_has_the_2022_changes_with_sources():
    steps = lpr_steps()
    dates = steps["effective_date"].dt.strftime("%Y-%m-%d").tolist()
    assert dates[0] == "2019-08-20" and steps["rate_pct"].iloc[0] == 4.25
    rates = dict(zip(dates, steps["rate_pct"], strict=True))
    assert rates["2022-01-20"] == 3.70 and rates["2022-08-22"] == 3.65
    assert steps["source"].str.contains("全国银行间同业拆借中心").all()
    assert steps["effective_date"].is_monotonic_increasing


def test_lpr_time_weighted_mean():
    # 2022: 19 days at 3.80, 214 at 3.70, 132 at 3.65
    assert lpr_for_year(2022) == pytest.approx((19 * 3.80 + 214 * 3.70 + 132 * 3.65) / 365)
    # 2020 (leap): 50 days at 4.15, 60 at 4.05, 256 at 3.85
    assert lpr_for_year(2020) == pytest.approx((50 * 4.15 + 60 * 4.05 + 256 * 3.85) / 366)
    # 2024 (leap): 203 days at 3.45, 91 at 3.35, 72 at 3.10
    assert lpr_for_year(2024) == pytest.approx(1228.4 / 366)
    for year in (2019, 2025):
        with pytest.raises(ValueError, match=f"does not cover all of {year}"):
            lpr_for_year(year)


def test_highest_rate_in_force_counts_the_rate_of_1_january():
    # 3.80 was in force on 2022-01-01 (set 2021-12-20), then 3.70 and 3.65.
    assert lpr_max_in_year(2022) == 3.80
