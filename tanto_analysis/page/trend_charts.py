"""Seaborn charts of fitted trends: the points, the OLS line and its intervals.

A series without a fit (fewer than :data:`trends.MIN_YEARS` years) is never
given a line: :func:`trend_chart` returns None and the notebook prints the
fit's "more years needed" message instead.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from ..analysis.trends import TrendFit, project
from ..core.numbers import format_number
from ..core.text import tr, unit_text
from .charts import (
    SYNTHETIC_MARK,
    WIDTH,
    attach,
    chart_lang,
    data_frame,
    fit_layout,
    label_chart,
    money_axis,
    page_style,
)

__all__ = ["trend_chart", "village_slopes_chart"]

_LINE = "#3b7ea1"


def _finish(fig: Figure, ax, title: str, xlabel: str, ylabel: str, synthetic: bool) -> Figure:
    """Title, labels, the synthetic mark; a figure legend (if any) below the axes, left of the mark."""
    bottom = label_chart(fig, ax, title, xlabel, ylabel, synthetic)
    handles, labels = ax.get_legend_handles_labels()
    if ax.get_legend() is not None:  # seaborn's own, replaced by the figure legend
        ax.get_legend().remove()
    if handles:
        legend = fig.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.01, bottom), ncol=1,
                            frameon=False)
        # the legend's height, measured without drawing the figure (it is drawn once, by png_bytes)
        bottom += legend.get_window_extent(fig.canvas.get_renderer()).height / fig.bbox.height
    fit_layout(fig, bottom)
    return fig


_TARGET = "#b00020"


@page_style()
def trend_chart(series: pd.DataFrame, fit: TrendFit, *, title: str, value_label: str,
                year_label: str = "", synthetic: bool, project_to: list[int] | None = None,
                targets: pd.DataFrame | None = None, later: pd.DataFrame | None = None,
                lang: str | None = None) -> Figure | None:
    """Points, fitted line, 95 % band for the line and for single-year values.

    Parameters
    ----------
    series : DataFrame
        ``year``, ``value`` (in the unit named by ``value_label``).
    fit : TrendFit
        From :func:`trends.fit_trend` on the same series.
    title, value_label, year_label : str
        Already translated labels.
    synthetic : bool
        True for synthetic ledger data: the visible mark is added.
    project_to : list of int, optional
        Later years to extend the line to (e.g. [2023, 2024]), dashed.
    targets : DataFrame, optional
        ``year``, ``value`` of targets to mark (e.g. the 2023 target).
    later : DataFrame, optional
        ``year``, ``value`` observed after the fitted years (not used in the
        fit), drawn as hollow points to compare with the projection.
    lang : {"zh", "en"}, optional
        Language of the legend and alt text; default: guessed from the title.

    Returns
    -------
    Figure or None
        None when the series has no fit: no line is drawn.
    """
    if not fit.fitted:
        return None
    data = series.dropna(subset=["value"]).sort_values("year")
    last = int(data["year"].max())
    ahead = sorted(y for y in (project_to or []) if y > last)
    grid = list(range(int(data["year"].min()), last + 1)) + ahead
    band = project(fit, grid)
    fig, ax = plt.subplots(figsize=(WIDTH, 6.4))
    lang = chart_lang(title, value_label) if lang is None else lang
    value_label = unit_text(value_label, lang)
    shown = f"{title}（{SYNTHETIC_MARK}）" if synthetic else title
    low_row, high_row = data.loc[data["value"].idxmin()], data.loc[data["value"].idxmax()]
    attach(fig, data_frame(data["year"], data["value"], value_label, lang, tr("label.year", lang)),
           tr("alt.trend", lang, title=shown, first=int(data["year"].min()), last=last, unit=value_label,
              low=format_number(low_row["value"]), low_year=int(low_row["year"]),
              high=format_number(high_row["value"]), high_year=int(high_row["year"])), lang)
    ax.fill_between(band["year"], band["obs_low"], band["obs_high"], color=_LINE, alpha=0.12,
                    label=tr("trend.legend.single_year", lang))
    ax.fill_between(band["year"], band["mean_low"], band["mean_high"], color=_LINE, alpha=0.28,
                    label=tr("trend.legend.trend_ci", lang))
    observed = band["year"] <= last
    sns.lineplot(x=band.loc[observed, "year"], y=band.loc[observed, "mean"], ax=ax, color=_LINE,
                 label=tr("trend.legend.ols", lang))
    if ahead:
        tail = band.loc[band["year"] >= last]
        ax.plot(tail["year"], tail["mean"], linestyle="--", color=_LINE,
                label=tr("trend.legend.projection", lang))
    sns.scatterplot(data=data, x="year", y="value", ax=ax, color="#1b2a41", s=40, zorder=3,
                    label=tr("trend.legend.observed", lang))
    if later is not None and len(later):
        ax.scatter(later["year"], later["value"], facecolors="none", edgecolors="#1b2a41", s=40, zorder=3,
                   label=tr("trend.legend.later", lang))
    if targets is not None and len(targets):
        ax.scatter(targets["year"], targets["value"], marker="*", s=160, color=_TARGET, zorder=4,
                   label=tr("trend.legend.target", lang))
    ax.set_xticks(np.arange(min(grid), max(grid) + 1))
    ax.tick_params(axis="x", labelrotation=45)
    largest = float(np.nanmax(np.abs(band[["obs_low", "obs_high"]].to_numpy()))) if len(band) else 0.0
    value_label = money_axis(ax.yaxis, largest, value_label, lang)
    return _finish(fig, ax, title, year_label, value_label, synthetic)


@page_style()
def village_slopes_chart(panel: pd.DataFrame, *, title: str, slope_label: str,
                         synthetic: bool) -> Figure | None:
    """Each village's yearly slope with its 95 % interval, largest first.

    ``panel`` is :func:`trends.village_panel`; villages without a fit are
    left out, and None is returned if no village has one.
    """
    data = panel.loc[panel["status"] == "fitted"]
    if data.empty:
        return None
    fig, ax = plt.subplots(figsize=(WIDTH, max(3.0, 0.36 * len(data) + 1.6)))
    lang = chart_lang(title, slope_label)
    ordered = data.sort_values("slope", kind="stable")
    attach(fig, data[["scope", "slope", "slope_low", "slope_high"]].rename(columns={
        "scope": tr("label.village", lang), "slope": tr("trend.village_slope", lang),
        "slope_low": tr("trend.low", lang), "slope_high": tr("trend.high", lang)}).assign(
        **{tr("label.unit", lang): slope_label}),
        tr("alt.slopes", lang, title=f"{title}（{SYNTHETIC_MARK}）" if synthetic else title, n=len(data),
           unit=slope_label, high=ordered["scope"].iloc[-1], high_value=format_number(ordered["slope"].iloc[-1]),
           low=ordered["scope"].iloc[0], low_value=format_number(ordered["slope"].iloc[0])), lang)
    y = np.arange(len(data))
    ax.hlines(y, data["slope_low"], data["slope_high"], color=_LINE, linewidth=2)
    sns.scatterplot(x=data["slope"].to_numpy(), y=y, ax=ax, color="#1b2a41", s=30, zorder=3)
    ax.axvline(float(data["slope"].median()), color=_TARGET, linestyle="--", linewidth=1)
    ax.axvline(0, color="#777777", linewidth=0.8)
    ax.set_yticks(y, list(data["scope"]))
    ax.invert_yaxis()
    return _finish(fig, ax, title, slope_label, "", synthetic)
