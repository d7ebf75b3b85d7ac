"""OLS trends on the year: hand-computed estimates, robust errors, one-year behaviour."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from tanto_analysis.analysis.trends import (
    MIN_YEARS,
    fit_trend,
    fit_trends,
    growth_rates,
    project,
    village_panel,
)

# x = year − 2020 = 0, 1, 2, 3; y = 1, 3, 4, 8.
# x̄ = 1.5, ȳ = 4, Sxx = 5, Sxy = 4.5 + 0.5 + 0 + 6 = 11 → slope 2.2, intercept 4 − 2.2 × 1.5 = 0.7.
# Residuals 0.3, 0.1, −1.1, 0.7; leverages h = 0.7, 0.3, 0.3, 0.7.
# HC3: Var(slope) = Σ (x − x̄)² e² / (1 − h)² / Sxx²
#    = (2.25·0.09/0.09 + 0.25·0.01/0.49 + 0.25·1.21/0.49 + 2.25·0.49/0.09) / 25
# Classical: s² = 1.8 / 2 = 0.9, Var(slope) = 0.9 / 5 = 0.18.
SERIES = pd.DataFrame({"year": [2020, 2021, 2022, 2023], "value": [1.0, 3.0, 4.0, 8.0], "unit": "个"})
HC3_VAR = (2.25 * 0.09 / 0.09 + 0.25 * 0.01 / 0.49 + 0.25 * 1.21 / 0.49 + 2.25 * 0.49 / 0.09) / 25


def test_ols_slope_and_intercept_match_hand_computation():
    fit = fit_trend(SERIES)
    assert fit.status == "fitted" and fit.n_years == 4 and fit.origin == 2020
    assert fit.slope == pytest.approx(2.2)
    assert fit.intercept == pytest.approx(0.7)
    assert fit.r_squared == pytest.approx(1 - 1.8 / 26)  # SST = 9 + 1 + 0 + 16


def test_robust_hc3_standard_error_is_used():
    fit = fit_trend(SERIES)
    assert fit.cov_type == "HC3"
    assert fit.slope_se == pytest.approx(math.sqrt(HC3_VAR))
    assert fit.slope_se != pytest.approx(math.sqrt(0.18))


def test_confidence_interval_uses_t_and_contains_the_estimate():
    fit = fit_trend(SERIES)
    half = stats.t.ppf(0.975, df=2) * math.sqrt(HC3_VAR)
    assert fit.slope_ci == pytest.approx((2.2 - half, 2.2 + half))
    assert fit.slope_ci[0] < fit.slope < fit.slope_ci[1]
    assert fit.intercept_ci[0] < fit.intercept < fit.intercept_ci[1]


def test_growth_rates_year_on_year_and_compound():
    frame = growth_rates(SERIES)
    assert list(frame["change"].iloc[1:]) == [2.0, 1.0, 4.0]
    assert list(frame["growth_pct"].iloc[1:]) == pytest.approx([200.0, 100 / 3, 100.0])
    assert math.isnan(frame["growth_pct"].iloc[0])
    assert fit_trend(SERIES).growth_pct == pytest.approx(100 * (8 ** (1 / 3) - 1))


def test_projection_intervals_contain_the_projected_mean():
    fit = fit_trend(SERIES)
    frame = project(fit, [2024, 2025])
    assert list(frame["mean"]) == pytest.approx([0.7 + 2.2 * 4, 0.7 + 2.2 * 5])
    assert (frame["obs_low"] <= frame["mean_low"]).all() and (frame["mean_high"] <= frame["obs_high"]).all()
    assert (frame["mean_low"] < frame["mean"]).all() and (frame["mean"] < frame["mean_high"]).all()
    # no year left to project to (a town whose data reach its latest target year): no rows, no error
    assert project(fit, []).empty and list(project(fit, []).columns) == list(frame.columns)


def test_single_year_says_more_years_are_needed_without_fitting():
    fit = fit_trend(SERIES.iloc[:1])
    assert fit.status == "more_years_needed" and not fit.fitted
    assert fit.slope is None and fit.slope_ci is None and fit.results is None
    assert fit.message_en.startswith("Only 1 year(s) of data")
    assert "至少需要3个年份" in fit.message_zh
    assert project(fit, [2023]).empty


def test_two_years_are_still_too_few():
    assert MIN_YEARS == 3
    assert fit_trend(SERIES.iloc[:2]).status == "more_years_needed"


def test_fit_trends_by_group_keeps_data_status():
    tidy = pd.concat([SERIES.assign(scope="潭头镇", indicator="a", data_status="synthetic"),
                      SERIES.iloc[:1].assign(scope="潭头镇", indicator="b", data_status="synthetic")])
    frame = fit_trends(tidy).set_index("indicator")
    assert frame.loc["a", "slope"] == pytest.approx(2.2)
    assert frame.loc["b", "status"] == "more_years_needed"
    assert set(frame["data_status"]) == {"synthetic"}


def test_village_panel_ranks_slopes_and_compares_with_the_median():
    years = [2020, 2021, 2022, 2023]
    rows = []
    for village, values in {"村A": [1, 2, 3, 4.5], "村B": [10, 20, 30, 41], "村C": [5, 5, 5, 5.5]}.items():
        rows += [{"year": y, "scope": village, "indicator": "x", "value": float(v), "unit": "个",
                  "data_status": "synthetic"} for y, v in zip(years, values, strict=True)]
    rows.append({"year": 2023, "scope": "村D", "indicator": "x", "value": 1.0, "unit": "个", "data_status": "synthetic"})
    panel = village_panel(pd.DataFrame(rows), "x")
    assert list(panel["scope"]) == ["村B", "村A", "村C", "村D"]
    # slopes by hand: Sxx = 5; 村A Sxy = 1.5·1.5+0.5·0.5+0.5·0.5+1.5·2.0... → 1.15; 村B 10.3; 村C 0.15
    assert list(panel["slope"].iloc[:3]) == pytest.approx([10.3, 1.15, 0.15])
    assert panel.set_index("scope").loc["村B", "versus_median"] == "above"
    assert panel.set_index("scope").loc["村D", "versus_median"] == "more_years_needed"
