"""Cross-year trends: OLS on the year, growth rates, projections, village panels.

Every fit is ``value = intercept + slope × (year − origin)`` by ordinary
least squares (statsmodels), with heteroskedasticity-robust standard errors
(HC3 by default, the small-sample choice) and 95 % confidence intervals
from Student's t with n − 2 degrees of freedom.
``origin`` is the first year of the series, so the intercept is the fitted
value in that year (in the series' unit: 元, 亩, 人, …) and the slope is the
change per year (unit per year).

A line through fewer than :data:`MIN_YEARS` points is not a trend: with one
or two years every function here returns a result whose ``status`` is
``more_years_needed`` and whose message says so plainly — nothing is fitted
and nothing is drawn.

Inputs are tidy long tables with at least ``year``, ``value`` and ``unit``
(the domain modules' ``indicators`` tables, or the published figures via
:func:`published_series`); ``data_status`` is carried through so that
synthetic results stay labelled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm

from ..core.text import tr, unit_text

__all__ = [
    "MIN_YEARS",
    "TrendFit",
    "fit_trend",
    "fit_trends",
    "growth_rates",
    "project",
    "village_panel",
]

#: Fewest distinct years for a fitted line (two points leave no residual).
MIN_YEARS = 3
COV_TYPE = "HC3"


@dataclass(frozen=True)
class TrendFit:
    """An OLS trend of one series, or the plain statement that more years are needed.

    Attributes
    ----------
    status : str
        ``fitted`` or ``more_years_needed``.
    n_years : int
        Distinct years in the series.
    unit : str
        The series' unit (slope is in unit per year).
    origin : int or None
        The year the intercept refers to (the first year).
    slope, intercept : float or None
        Estimates; None when not fitted.
    slope_ci, intercept_ci : (float, float) or None
        95 % confidence intervals from the robust covariance.
    slope_se : float or None
        Robust (``cov_type``) standard error of the slope.
    cov_type : str
        The covariance estimator (``HC3``).
    r_squared : float or None
        None for a constant series (R² is undefined).
    growth_pct : float or None
        Compound annual growth from the first to the last year, in %.
    message_zh, message_en : str
        One sentence for the reader.
    results : statsmodels results or None
        The fitted model, for predictions and charts.
    """

    status: str
    n_years: int
    unit: str
    origin: int | None = None
    slope: float | None = None
    intercept: float | None = None
    slope_ci: tuple[float, float] | None = None
    intercept_ci: tuple[float, float] | None = None
    slope_se: float | None = None
    cov_type: str = COV_TYPE
    r_squared: float | None = None
    growth_pct: float | None = None
    message_zh: str = ""
    message_en: str = ""
    results: object = field(default=None, repr=False, compare=False)

    @property
    def fitted(self) -> bool:
        return self.status == "fitted"

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang == "zh" else self.message_en


def _cagr_pct(first: float, last: float, years: float) -> float | None:
    if years <= 0 or first <= 0 or last <= 0:
        return None
    return float(((last / first) ** (1 / years) - 1) * 100)


def fit_trend(series: pd.DataFrame, *, min_years: int = MIN_YEARS, cov_type: str = COV_TYPE) -> TrendFit:
    """Fit ``value ~ year`` by OLS with robust standard errors.

    Parameters
    ----------
    series : DataFrame
        Columns ``year`` (int) and ``value`` (float, in ``unit``); one row
        per year (rows with a missing value are dropped).
    min_years : int
        Fewest distinct years for a fit; below it the result says more years
        are needed and nothing is fitted.
    cov_type : str
        statsmodels robust covariance (``HC0``–``HC3``).

    Returns
    -------
    TrendFit

    Examples
    --------
    >>> s = pd.DataFrame({"year": [2020, 2021, 2022], "value": [1.0, 3.0, 5.0], "unit": "个"})
    >>> round(fit_trend(s).slope, 9)  # the BLAS kernel may leave a last-bit difference
    2.0
    >>> fit_trend(s.iloc[:1]).status
    'more_years_needed'
    """
    data = series.dropna(subset=["value"]).sort_values("year")
    unit = str(data["unit"].iloc[0]) if "unit" in data.columns and len(data) else ""
    n = int(data["year"].nunique())
    if n < min_years:
        return TrendFit("more_years_needed", n, unit,
                        message_zh=tr("trend.more_years", "zh", n=n, m=min_years),
                        message_en=tr("trend.more_years", "en", n=n, m=min_years))
    origin = int(data["year"].min())
    x = sm.add_constant(data["year"].astype(float).to_numpy() - origin, has_constant="add")
    y = data["value"].astype(float).to_numpy()
    res = sm.OLS(y, x).fit(cov_type=cov_type, use_t=True)
    ci = np.asarray(res.conf_int(alpha=0.05))
    first, last = y[0], y[-1]
    growth = _cagr_pct(first, last, float(data["year"].iloc[-1] - data["year"].iloc[0]))
    slope = float(res.params[1])
    lo, hi = float(ci[1, 0]), float(ci[1, 1])
    fields = {"n": n, "first": origin, "last": int(data["year"].max()), "slope": f"{slope:,.2f}", "unit": unit,
              "low": f"{lo:,.2f}", "high": f"{hi:,.2f}", "cov": cov_type}
    zh, en = tr("trend.fitted", "zh", **fields), tr("trend.fitted", "en", **fields | {"unit": unit_text(unit, "en")})
    return TrendFit(
        "fitted", n, unit, origin, slope, float(res.params[0]), (lo, hi),
        (float(ci[0, 0]), float(ci[0, 1])), float(res.bse[1]), cov_type,
        float(res.rsquared) if np.ptp(y) > 0 else None, growth, zh, en, res)


def growth_rates(series: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year growth of a series, in %.

    Parameters
    ----------
    series : DataFrame
        Columns ``year``, ``value`` (and optionally ``unit``).

    Returns
    -------
    DataFrame
        ``year, value, change, growth_pct``; the first year has no growth,
        and growth from a zero or negative value is left empty.
    """
    data = series.dropna(subset=["value"]).sort_values("year")[["year", "value"]].reset_index(drop=True)
    prev = data["value"].shift(1)
    data["change"] = data["value"] - prev
    data["growth_pct"] = np.where(prev > 0, (data["value"] / prev - 1) * 100, np.nan)
    return data


def project(fit: TrendFit, years: list[int], alpha: float = 0.05) -> pd.DataFrame:
    """Project a fitted trend to ``years`` with confidence and prediction intervals.

    Returns
    -------
    DataFrame
        ``year, mean, mean_low, mean_high, obs_low, obs_high`` in the series'
        unit; empty when the fit has status ``more_years_needed`` or there
        are no ``years`` (every year asked for is already observed).
        ``mean_*`` is the interval for the trend line (robust covariance),
        ``obs_*`` the wider interval for a single year's value.
    """
    cols = ["year", "mean", "mean_low", "mean_high", "obs_low", "obs_high"]
    if not fit.fitted or not len(years):
        return pd.DataFrame(columns=cols)
    x = sm.add_constant(np.asarray(years, dtype=float) - fit.origin, has_constant="add")
    frame = fit.results.get_prediction(x).summary_frame(alpha=alpha)
    return pd.DataFrame({
        "year": list(years), "mean": frame["mean"].to_numpy(),
        "mean_low": frame["mean_ci_lower"].to_numpy(), "mean_high": frame["mean_ci_upper"].to_numpy(),
        "obs_low": frame["obs_ci_lower"].to_numpy(), "obs_high": frame["obs_ci_upper"].to_numpy(),
    })


def fit_trends(indicators: pd.DataFrame, by: tuple[str, ...] = ("scope", "indicator"),
               min_years: int = MIN_YEARS) -> pd.DataFrame:
    """Fit one trend per group of a tidy indicators table.

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns, ``unit``, ``data_status``,
        ``n_years, status, slope, slope_low, slope_high, slope_se,
        intercept, origin, r_squared, growth_pct, message_zh, message_en``.
    """
    rows = []
    for keys, group in indicators.groupby(list(by), sort=True):
        fit = fit_trend(group, min_years=min_years)
        status = ",".join(sorted(set(group["data_status"]))) if "data_status" in group.columns else ""
        rows.append(dict(zip(by, keys if isinstance(keys, tuple) else (keys,), strict=True)) | {
            "unit": fit.unit, "data_status": status, "n_years": fit.n_years, "status": fit.status,
            "slope": fit.slope, "slope_low": fit.slope_ci[0] if fit.slope_ci else None,
            "slope_high": fit.slope_ci[1] if fit.slope_ci else None, "slope_se": fit.slope_se,
            "intercept": fit.intercept, "origin": fit.origin, "r_squared": fit.r_squared,
            "growth_pct": fit.growth_pct, "message_zh": fit.message_zh, "message_en": fit.message_en,
        })
    return pd.DataFrame(rows)


def village_panel(indicators: pd.DataFrame, indicator: str, min_years: int = MIN_YEARS) -> pd.DataFrame:
    """Compare villages on one indicator across years.

    Parameters
    ----------
    indicators : DataFrame
        Tidy village-level rows (``scope`` = village name) for several years,
        e.g. from ``loans.loans_by_village`` or ``employment.posts_by_village``.
    indicator : str
        The indicator to compare (e.g. ``loans_amount_total``, 元).

    Returns
    -------
    DataFrame
        One row per village, sorted by slope (largest first) then name:
        ``scope, unit, data_status, n_years, first_year, first_value,
        last_year, last_value, change, slope, slope_low, slope_high, status,
        versus_median`` — ``versus_median`` says whether the village's slope
        interval lies above, below or around the median village slope.
    """
    rows = indicators.loc[indicators["indicator"] == indicator]
    out = []
    for village, group in rows.groupby("scope", sort=True):
        g = group.sort_values("year")
        fit = fit_trend(g, min_years=min_years)
        out.append({
            "scope": village, "unit": fit.unit,
            "data_status": ",".join(sorted(set(g["data_status"]))) if "data_status" in g.columns else "",
            "n_years": fit.n_years, "first_year": int(g["year"].iloc[0]), "first_value": float(g["value"].iloc[0]),
            "last_year": int(g["year"].iloc[-1]), "last_value": float(g["value"].iloc[-1]),
            "change": float(g["value"].iloc[-1] - g["value"].iloc[0]),
            "slope": fit.slope, "slope_low": fit.slope_ci[0] if fit.slope_ci else None,
            "slope_high": fit.slope_ci[1] if fit.slope_ci else None, "status": fit.status,
        })
    frame = pd.DataFrame(out)
    if frame.empty:
        return frame
    fitted = frame["status"] == "fitted"
    median = float(frame.loc[fitted, "slope"].median()) if fitted.any() else math.nan

    def versus(row) -> str:
        if row["status"] != "fitted":
            return "more_years_needed"
        if row["slope_low"] > median:
            return "above"
        if row["slope_high"] < median:
            return "below"
        return "around"

    frame["versus_median"] = frame.apply(versus, axis=1)
    frame["_key"] = frame["slope"].fillna(-math.inf)
    return (frame.sort_values(["_key", "scope"], ascending=[False, True], kind="stable")
            .drop(columns="_key").reset_index(drop=True))
