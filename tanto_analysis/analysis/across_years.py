"""Published figures across report years: side by side, and projected toward their targets.

Each year's report is a table of its own; the indicator key of every figure
(``data/indicators.csv``) lines the years up.  :func:`published_comparison`
puts an indicator's values of two or more years side by side with the
change and growth; :func:`projections_toward_targets` fits the actual series
of each registered target (with :func:`~tanto_analysis.analysis.trends.fit_trend`)
and projects it to the target year; :func:`projection_years` derives the years
to project to from the tables themselves (no fixed years).
"""

from __future__ import annotations

import pandas as pd

from ..core import paths
from ..reference.indicators import Indicator, load_registry
from .trends import MIN_YEARS, _cagr_pct, fit_trend, project

__all__ = ["projection_years", "projections_toward_targets", "published_comparison", "published_series"]


def published_series(years: list[int] | None = None) -> pd.DataFrame:
    """Every published figure of the given report years, as one long table.

    Years without a published table are skipped.  Returns the columns of
    :func:`published.load_published` plus ``data_status`` = ``published``.
    """
    from ..figures.published import load_published

    frames = []
    for year in paths.published_years():
        if years is None or year in years:
            frames.append(load_published(year))
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    out["data_status"] = "published"
    return out


def published_comparison(tables: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's published actual values across report years, side by side.

    Parameters
    ----------
    tables : DataFrame
        Published tables of several report years, concatenated (as from
        :func:`published.load_published`, with ``report_year``).

    Returns
    -------
    DataFrame
        One row per (scope, indicator) stated as an actual in two or more
        years: ``scope, indicator, label_zh, label_en, unit``, one column per
        year (the value in the unit, a later report's restatement winning),
        ``bounds`` (the non-exact bounds by year, e.g. ``2023: approx``),
        ``first_year, last_year, change`` (last − first, in the unit) and
        ``growth_pct`` (compound annual growth from first to last, %; empty
        when the first value is not positive).  A figure whose unit differs
        between years is another indicator and is never compared.

    Examples
    --------
    2022 reports 就业群众年均增收1.5万元 and 2023 人均年增收约1.57万元: one row,
    15,000 and 15,700 元, change 700 元, growth 4.67 %.
    """
    columns = ["scope", "indicator", "label_zh", "label_en", "unit"]
    if tables.empty:
        return pd.DataFrame(columns=columns)
    actual = tables.loc[(tables["kind"] == "actual") & (tables["indicator"] != "")]
    actual = actual.sort_values(["indicator", "year", "report_year"]).drop_duplicates(
        ["scope", "indicator", "year"], keep="last")
    years = sorted(set(actual["year"]))
    rows = []
    for (scope, indicator), group in actual.groupby(["scope", "indicator"], sort=False):
        if group["year"].nunique() < 2 or group["unit"].nunique() > 1:
            continue
        group = group.sort_values("year")
        first, last = group.iloc[0], group.iloc[-1]
        span = int(last["year"]) - int(first["year"])
        row = {"scope": scope, "indicator": indicator, "label_zh": last["label_zh"],
               "label_en": last["label_en"], "unit": last["unit"]}
        row.update({str(y): float(v) for y, v in zip(group["year"], group["value"], strict=True)})
        row["bounds"] = "; ".join(f"{y}: {b}" for y, b in zip(group["year"], group["bound"], strict=True)
                                  if b != "exact")
        row.update(first_year=int(first["year"]), last_year=int(last["year"]),
                   change=float(last["value"]) - float(first["value"]),
                   growth_pct=_cagr_pct(float(first["value"]), float(last["value"]), span))
        rows.append(row)
    year_columns = [str(y) for y in years]
    out = pd.DataFrame(rows, columns=columns + year_columns
                       + ["bounds", "first_year", "last_year", "change", "growth_pct"])
    return out.dropna(axis=1, how="all").reset_index(drop=True) if not out.empty else out


def projection_years(tables: pd.DataFrame) -> list[int]:
    """The years to project to: after the latest report year, up to the latest target or plan year.

    >>> projection_years(pd.DataFrame({"report_year": [2022, 2022], "year": [2022, 2024],
    ...                                "kind": ["actual", "target"]}))
    [2023, 2024]
    """
    if tables.empty:
        return []
    latest = int(tables["report_year"].max())
    ahead = tables.loc[tables["kind"].isin(("target", "plan")), "year"]
    return list(range(latest + 1, int(ahead.max()) + 1)) if not ahead.empty else []


def _outlook(low: float, high: float, target: float, direction: str) -> str:
    """``likely`` if the whole interval meets the target, ``unlikely`` if none of it does."""
    if direction == "lower":
        low, high, target = -high, -low, -target
    if low >= target:
        return "likely"
    if high < target:
        return "unlikely"
    return "uncertain"


def projections_toward_targets(tables: pd.DataFrame, min_years: int = MIN_YEARS,
                               registry: dict[str, Indicator] | None = None) -> pd.DataFrame:
    """Project each registered target's actual series to the target year.

    Uses the target indicators of the registry (``target_of``, ``direction``
    in ``data/indicators.csv``).  For each, the actual
    series (one value per year, in the target's unit) is fitted with
    :func:`fit_trend` and projected to the target year with a 95 %
    prediction interval.

    Returns
    -------
    DataFrame
        ``target_id, actual_id, unit, n_years, target_year, target_value,
        projected, obs_low, obs_high, outlook, status, message_zh,
        message_en``; ``outlook`` is ``likely`` (the interval lies at or
        beyond the target), ``unlikely`` (it lies short of it), ``uncertain``
        or — with too few years — ``more_years_needed``.
    """
    rows = []
    for key, target in (load_registry() if registry is None else registry).items():
        if not target.target_of:
            continue
        direction = target.direction
        tgt = tables.loc[tables["indicator"] == key]
        act = tables.loc[(tables["indicator"] == target.target_of) & (tables["kind"] == "actual")]
        if tgt.empty or act.empty:
            continue
        t = tgt.sort_values("year").iloc[-1]
        target_id, actual_id = t["id"], act.sort_values("year")["id"].iloc[-1]
        act = act.sort_values("year").drop_duplicates("year", keep="last")
        act = act.loc[act["year"] < t["year"]]
        fit = fit_trend(act, min_years=min_years)
        row = {"target_id": target_id, "actual_id": actual_id, "unit": t["unit"], "n_years": fit.n_years,
               "target_year": int(t["year"]), "target_value": float(t["value"]),
               "projected": None, "obs_low": None, "obs_high": None, "status": fit.status,
               "outlook": "more_years_needed", "message_zh": fit.message_zh, "message_en": fit.message_en}
        if fit.fitted:
            p = project(fit, [int(t["year"])]).iloc[0]
            outlook = _outlook(p["obs_low"], p["obs_high"], float(t["value"]), direction)
            row.update(projected=float(p["mean"]), obs_low=float(p["obs_low"]),
                       obs_high=float(p["obs_high"]), outlook=outlook)
        rows.append(row)
    return pd.DataFrame(rows)
