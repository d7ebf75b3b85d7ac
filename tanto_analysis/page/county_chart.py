"""The county page's chart: towns ranked on one indicator, the county's median marked.

Drawn with the library's :func:`~tanto_analysis.page.charts.bar_chart` (the
page style of :mod:`~tanto_analysis.page.style`, CJK labels, a stable PNG, alt
text and the plotted data as CSV); the median of the towns is a dashed line,
and for an additive unit (counts, 元, 亩) the alt text also states the
county's total (:func:`~tanto_analysis.analysis.county.county_summary`).
"""

from __future__ import annotations

import pandas as pd

from ..analysis.county import county_summary
from ..core.numbers import format_number
from ..core.text import tr, unit_text, with_bound
from .charts import bar_chart, chart_html
from .style import page_style

__all__ = ["ranked_chart"]


def _latest(rows: pd.DataFrame) -> int:
    """The latest year at least two towns state (else the latest year)."""
    counts = rows.groupby("year")["town"].nunique()
    both = counts.loc[counts >= 2]
    return int((both if len(both) else counts).index.max())


def ranked_chart(figures: pd.DataFrame, key: str, lang: str) -> str:
    """One key's towns ranked in its latest shared year, the median marked: ``<figure>`` HTML and CSV link.

    Parameters
    ----------
    figures : DataFrame
        Towns' published figures (:data:`~tanto_analysis.analysis.county.COLUMNS`), one unit per key.
    key : str
        The indicator charted.
    lang : {"zh", "en"}
        Labels' language.
    """
    rows = figures.loc[figures["indicator"] == key]
    unit = str(rows.iloc[0]["unit"])
    rows = rows.loc[rows["unit"] == unit]
    year = _latest(rows)
    rows = rows.loc[rows["year"] == year].drop_duplicates("town")
    label = str(rows.iloc[0]["label_zh" if lang == "zh" else "label_en"])
    summary = county_summary(rows)
    median = float(rows["value"].median())
    title = tr("county.chart_title", lang, label=label, year=year)
    with page_style():
        fig = bar_chart(rows[["town", "value"]], "town", "value", title=title, value_label=unit_text(unit, lang),
                        category_label=tr("county.town", lang), synthetic=False)
        ax = fig.axes[0]
        ax.axvline(median, color="#b5472e", linestyle="--", linewidth=1.5,
                   label=tr("county.median_line", lang, value=format_number(median)))
        ax.legend(loc="lower right", frameon=True)
    text = tr("county.chart_alt", lang, label=label, year=year, n=len(rows),
              median=f"{format_number(median)} {unit_text(unit, lang)}")
    if summary["measure"] == "total":
        total = with_bound(format_number(summary["value"]), summary["bound"], lang)
        text += tr("county.chart_total", lang, total=f"{total} {unit_text(unit, lang)}")
    data = pd.DataFrame({tr("county.town", lang): rows["town"].to_numpy(), tr("label.year", lang): year,
                         tr("label.value", lang): rows["value"].to_numpy(), tr("label.unit", lang): unit})
    return chart_html(fig, data=data, alt=text, lang=lang)

