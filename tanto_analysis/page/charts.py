"""Seaborn charts for the appendix: bilingual labels, a synthetic-data mark, stable PNGs.

Every chart made from synthetic ledgers carries the visible mark
:data:`SYNTHETIC_MARK` in its corner and in its title.  Charts are turned
into PNG bytes with a fixed dpi and without the ``Software`` metadata entry,
so the same data always gives the same bytes (and the same HTML).

Charts people can read:

* **Size** – :data:`WIDTH` inches wide with text of at least
  :data:`MIN_FONT_PT` points, so that scaled down to a 390 px phone
  (about 358 px of content) no text is smaller than 11 px
  (:func:`smallest_text_px`).
* **Money axes** – an axis in 元 (``元``/``yuan``) whose largest value is at
  least 10,000 is labelled in 万元 (or 亿元 from 100,000,000) with plain
  tick numbers (:func:`money_axis`); other value axes get thousands
  separators, count axes integer ticks.
* **Alt text and data** – :func:`bar_chart`, :func:`histogram` and the trend
  charts attach the data they plot and a description (title, what is
  plotted, the extreme values) to the figure; :func:`show` writes the PNG
  with that alt text and a "下载图表数据（CSV）" link to the data.  A notebook
  may pass its own ``data=`` and ``alt=``.

The page style (:mod:`~tanto_analysis.page.style`: seaborn's ``whitegrid``
theme, the sizes above, the CJK font, :data:`DPI`) applies to each chart
while it is made and drawn, whatever the kernel's rcParams: a chart looks the
same whether or not :func:`setup_plotting` was called, and making one changes
no rcParams.
"""

from __future__ import annotations

import base64
import io
import re
import textwrap
import weakref

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..core.numbers import format_number
from ..core.stats import weighted_median
from ..core.text import SYNTHETIC_MARK, tr
from .axes import count_axis, money_axis
from .html import Markup, render
from .safe_html import csv_link
from .style import DPI, MIN_FONT_PT, page_rc, page_style, setup_plotting

__all__ = [
    "DPI", "MIN_FONT_PT", "PNG_COLOURS", "SYNTHETIC_MARK", "WIDTH", "attach", "bar_chart", "label_chart",
    "chart_lang", "chart_html", "count_axis", "data_frame", "fit_layout", "histogram", "mark_synthetic",
    "money_axis", "page_rc", "page_style", "png_bytes", "setup_plotting", "show", "smallest_text_px", "wrapped_title"
]

#: Chart width in inches; with :data:`MIN_FONT_PT` text stays ≥ 11 px on a 390 px phone.
WIDTH = 5.5
#: Colours of a chart's PNG (a palette PNG, see :func:`png_bytes`).
PNG_COLOURS = 256
_PHONE_CONTENT_PX = 358
_ATTACHED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PALETTE = "crest"
_COLOR = "#3b7ea1"


def _title(title: str, synthetic: bool) -> str:
    return f"{title}（{SYNTHETIC_MARK}）" if synthetic else title


def wrapped_title(title: str, synthetic: bool) -> str:
    """The chart title, the synthetic mark on a line of its own and long titles wrapped to the width."""
    width = 24 if chart_lang(title) == "zh" else 46
    lines = textwrap.wrap(title, width) or [""]
    mark = f"（{SYNTHETIC_MARK}）" if width == 24 else f"({SYNTHETIC_MARK})"
    return "\n".join(lines + ([mark] if synthetic else []))


def mark_synthetic(fig: Figure) -> None:
    """Put the visible :data:`SYNTHETIC_MARK` in the bottom-right corner of ``fig``."""
    fig.text(0.99, 0.01, SYNTHETIC_MARK, ha="right", va="bottom", fontsize=MIN_FONT_PT, color="#b00020",
             fontweight="bold",
             bbox={"boxstyle": "round,pad=0.3", "facecolor": "#fff0f0", "edgecolor": "#b00020"})


def chart_lang(*labels: str) -> str:
    """``"zh"`` if a label (title, axis) has a Chinese character besides the synthetic mark, else ``"en"``."""
    text = "".join(labels).replace(SYNTHETIC_MARK, "")
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def smallest_text_px(fig: Figure, width_px: int = _PHONE_CONTENT_PX) -> float:
    """The smallest visible text of ``fig`` in CSS pixels when the chart is shown ``width_px`` wide."""
    scale = width_px / (fig.get_figwidth() * 72)
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) * scale if sizes else float("inf")


def attach(fig: Figure, data: pd.DataFrame | None, alt: str, lang: str | None = None, note: str = "") -> Figure:
    """Remember the data a chart plots, its alt text, its language and its disclosure note, for :func:`show`.

    ``note`` is HTML shown under the chart (:func:`~tanto_analysis.page.sdc.note_html`): which bars
    disclosure control left out, and why.
    """
    _ATTACHED[fig] = (data, alt, lang or chart_lang(alt), note)
    return fig


def data_frame(names: pd.Series | None, values: pd.Series, unit: str, lang: str, name_label: str = "",
               hue: pd.Series | None = None) -> pd.DataFrame:
    """The numbers a chart plots, for its CSV: name (if any), value, unit.

    Parameters
    ----------
    names : Series, optional
        What each value belongs to (a village, a post type, a year).
    values : Series
        The values, in ``unit`` (元, 人, 亩 …), unscaled.
    unit, name_label : str
        The unit, and the header of the names (default: 项目 / Item).
    hue : Series, optional
        A grouping plotted in colours.
    """
    columns: dict[str, object] = {}
    if names is not None:
        columns[name_label or tr("label.item", lang)] = names.astype(str).to_numpy()
    if hue is not None:
        columns[tr("label.group", lang)] = hue.astype(str).to_numpy()
    columns[tr("label.value", lang)] = pd.to_numeric(values, errors="coerce").to_numpy()
    columns[tr("label.unit", lang)] = unit
    return pd.DataFrame(columns)


def _extremes(frame: pd.DataFrame, name: str, value: str) -> tuple[str, str, str, str]:
    ordered = frame.groupby(name, sort=True)[value].sum().sort_values(kind="stable")
    low, high = ordered.index[0], ordered.index[-1]
    return str(high), format_number(ordered.iloc[-1]), str(low), format_number(ordered.iloc[0])


def label_chart(fig: Figure, ax, title: str, xlabel: str, ylabel: str, synthetic: bool) -> float:
    """Title and axis labels, and the synthetic mark; the figure-height fraction the mark needs below."""
    ax.set_title(wrapped_title(title, synthetic), loc="left", pad=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if not synthetic:
        return 0.0
    mark_synthetic(fig)
    return 0.1 * 4 / fig.get_figheight()


def fit_layout(fig: Figure, bottom: float = 0.0) -> None:
    """Fit the labels in the figure, leaving the figure-height fraction ``bottom`` free below (for the mark).

    The margins of ``fig.tight_layout(rect=(0, bottom, 1, 1))``, measured
    once: given a ``rect``, matplotlib measures every label of the figure a
    second time only to add the rect's margins, which for a figure of one
    Axes is plain arithmetic (and half of a chart's drawing time).  Where
    matplotlib gives up (labels or ``bottom`` too big for the figure), so does
    this, with its warning, leaving the margins as they were.
    """
    before = {side: getattr(fig.subplotpars, side) for side in ("left", "right", "bottom", "top")}
    if len(fig.axes) == 1:
        fig.tight_layout()
        after = {side: getattr(fig.subplotpars, side) for side in before}
        if not bottom:
            return
        if after != before and bottom + after["bottom"] < after["top"]:
            fig.subplots_adjust(bottom=bottom + after["bottom"])
            return
        fig.subplots_adjust(**before)  # matplotlib gave up (labels too big for the figure): as it would
    fig.tight_layout(rect=(0, bottom, 1, 1))


def _finish(fig: Figure, ax, title: str, xlabel: str, ylabel: str, synthetic: bool) -> Figure:
    fit_layout(fig, label_chart(fig, ax, title, xlabel, ylabel, synthetic))  # with room for the mark
    return fig


@page_style()
def bar_chart(frame: pd.DataFrame, category: str, value: str, *, title: str, value_label: str,
              category_label: str = "", synthetic: bool, hue: str | None = None,
              horizontal: bool = True, sort: bool = True) -> Figure:
    """A bar chart of ``value`` by ``category`` (e.g. 亩 by village).

    Parameters
    ----------
    frame : DataFrame
        Aggregated data, one row per category (and hue level).
    category, value : str
        Column names; ``value`` is numeric in the unit named by ``value_label``.
    title, value_label, category_label : str
        Already translated labels (Chinese or English).
    synthetic : bool
        True if the data comes from synthetic ledgers; adds the visible mark.
    hue : str, optional
        Column for coloured groups.
    horizontal : bool
        Horizontal bars (good for 24 village names).
    sort : bool
        Sort categories by descending total value, ties by name.
    """
    from .sdc import protected_bars

    data, note, hidden = protected_bars(frame, category, lang=chart_lang(title, value_label, category_label))
    order = None
    if sort:
        totals = data.groupby(category, sort=True)[value].sum().reset_index()
        totals = totals.sort_values([value, category], ascending=[False, True], kind="stable")
        order = list(totals[category])
    n = data[category].nunique()
    size = (WIDTH, max(3.0, 0.36 * n + 1.6)) if horizontal else (WIDTH, 4.2)
    fig, ax = plt.subplots(figsize=size)
    lang = chart_lang(title, value_label, category_label)
    largest = float(data.groupby(category)[value].sum().abs().max()) if len(data) else 0.0
    value_axis = ax.xaxis if horizontal else ax.yaxis
    plotted = data_frame(data[category], data[value], value_label, lang, category_label,
                         hue=data[hue] if hue else None)
    unit = value_label
    value_label = money_axis(value_axis, largest, value_label, lang)
    if len(data):
        high, high_v, low, low_v = _extremes(data, category, value)
        alt = tr("alt.bar", lang, title=_title(title, synthetic), unit=unit,
                 high=high, high_value=high_v, low=low, low_value=low_v, n=n)
    else:
        alt = _title(title, synthetic)
    if hidden:
        alt += tr("alt.sdc_hidden", lang, n=hidden)
    attach(fig, plotted, alt, lang, note)
    kwargs = {"data": data, "hue": hue, "order": order, "ax": ax}
    if hue is None:
        kwargs["color"] = _COLOR
    else:
        kwargs["palette"] = _PALETTE
    if not len(data):  # every bar withheld: the axes, the title and the note say so
        return _finish(fig, ax, title, value_label if horizontal else category_label,
                       category_label if horizontal else value_label, synthetic)
    if horizontal:
        sns.barplot(x=value, y=category, orient="h", errorbar=None, **kwargs)
        return _finish(fig, ax, title, value_label, category_label, synthetic)
    sns.barplot(x=category, y=value, errorbar=None, **kwargs)
    return _finish(fig, ax, title, category_label, value_label, synthetic)


@page_style()
def histogram(values: pd.Series | np.ndarray, *, title: str, value_label: str, count_label: str,
              synthetic: bool, counts: np.ndarray | None = None, bins: int = 20, rules=None,
              unit: str = "household") -> Figure:
    """A histogram of ``values`` (e.g. loan amounts in 元), with a median line, under disclosure control.

    ``counts``, if given, says how many times each value occurs (e.g. the
    households per distinct amount, :func:`~tanto_analysis.ledgers.loans.amount_histogram`),
    so that a county's millions of values are drawn from a few hundred
    rows.  Each value is one contributor's (``unit``: ``household``,
    ``person``, ``contract``).  The bars are those of
    :func:`~tanto_analysis.analysis.disclosure.safe_bins` under ``rules``
    (default the project's): round edges, and no bar of fewer than
    ``rules.min_frequency`` contributors (such bars are merged, and a note
    under the chart says so); with fewer contributors in all, no bar is
    drawn.  The median is drawn and stated only from ``min_frequency``
    values up; the alt text names the bars' outer edges, never the smallest
    or largest value.  The CSV behind the chart lists the bars: from, to, how many.
    """
    from ..analysis.disclosure import project_rules
    from ..analysis.safe_bins import drawn_bars, safe_bins

    rules = rules if rules is not None else project_rules()
    fig, ax = plt.subplots(figsize=(WIDTH, 4.2))
    clean = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    weights = np.ones(len(clean), dtype="int64") if counts is None else np.asarray(counts, dtype="int64")
    keep = clean.notna().to_numpy()
    clean, weights = clean.to_numpy()[keep], weights[keep]
    lang = chart_lang(title, value_label, count_label)
    edges, heights = safe_bins(clean, weights, rules, bins)
    words = {"k": rules.min_frequency, "unit": tr(f"sdc.unit.{unit}", lang)}
    note = ""
    lefts, widths = drawn_bars(edges)
    if len(edges):
        ax.bar(lefts, heights, width=widths, align="edge", color=_COLOR, edgecolor="white", linewidth=0.6)
        steps = np.diff(edges)
        if not np.allclose(steps, steps[0]):
            note = render("sdc_note.html.j2", data=None, text=tr("sdc.note.histogram", lang, **words))
    elif len(clean):
        note = render("sdc_note.html.j2", data=None, text=tr("sdc.histogram.hidden", lang, **words))
    inner_from = [None, *edges[1:-1]] if len(edges) else []
    inner_to = [*edges[1:-1], None] if len(edges) else []
    data = pd.DataFrame({tr("label.from", lang): inner_from, tr("label.to", lang): inner_to,
                         count_label: heights.astype("int64"), tr("label.unit", lang): value_label})
    unit_label = value_label
    value_label = money_axis(ax.xaxis, float(np.abs(lefts + widths).max()) if len(edges) else 0.0, value_label, lang)
    count_axis(ax.yaxis)
    alt = _title(title, synthetic)
    if len(edges):
        median = weighted_median(clean, weights)  # of min_frequency values or more: safe_bins draws no fewer
        ax.axvline(median, color="#b00020", linestyle="--", linewidth=1)
        shown = {"title": alt, "n": int(weights.sum()), "unit": unit_label, "median": format_number(median)}
        if len(heights) > 1:
            alt = tr("alt.histogram", lang, low=format_number(edges[1]), high=format_number(edges[-2]), **shown)
        else:
            alt = tr("alt.histogram_one", lang, **shown)
            ax.set_xticks([])
    attach(fig, data, alt, lang, note)
    return _finish(fig, ax, title, value_label, count_label, synthetic)


def png_bytes(fig: Figure) -> bytes:
    """The figure as a palette PNG: drawn once at :data:`DPI`, :data:`PNG_COLOURS` colours, deterministic.

    The figure is drawn once, at its final size, on an Agg canvas (the pixels
    ``savefig`` would write), flattened on white and reduced by Pillow to a
    palette of at most :data:`PNG_COLOURS` colours (fast octree, no
    dithering): a chart's flat colours and anti-aliased text need no more,
    and the PNG is about a third of the RGBA one.  The same figure gives the
    same bytes; there is no ``Software`` or any other text chunk.  It is
    drawn in the page style (:func:`page_style`).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    dpi = fig.dpi
    fig.set_dpi(DPI)
    try:
        with page_style():  # ticks and fonts are resolved when drawn
            rgba, size = canvas.print_to_buffer()
    finally:
        fig.set_dpi(dpi)
    image = Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1)
    if image.getextrema()[3][0] < 255:  # a transparent background shows as white, as on the page
        image = Image.alpha_composite(Image.new("RGBA", size, "white"), image)
    palette = image.convert("RGB").quantize(PNG_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG")
    return buffer.getvalue()


def chart_html(fig: Figure, data: pd.DataFrame | None = None, alt: str | None = None,
               lang: str | None = None) -> str:
    """``fig`` as an embedded PNG with alt text, and a CSV link to ``data``; closes ``fig``.

    Parameters
    ----------
    fig : Figure
        The chart.
    data : DataFrame, optional
        The numbers plotted (one row per bar, point or value, with a unit
        column or the unit in a header); default: the data attached by the
        chart function (:func:`attach`).  No data, no link.
    alt : str, optional
        A description: title, what is plotted, the extreme values; default:
        the attached description, else the chart's title and axis labels.
    lang : {"zh", "en"}, optional
        Language of the link; default: the chart's (from its title and labels).
    """
    attached_data, attached_alt, attached_lang, note = _ATTACHED.get(fig, (None, "", None, ""))
    data = attached_data if data is None else data
    if not alt:
        alt = attached_alt or _fallback_alt(fig)
    lang = lang or attached_lang or chart_lang(alt)
    png = base64.b64encode(png_bytes(fig)).decode("ascii")
    plt.close(fig)
    link = ""
    if data is not None and len(data):
        link = csv_link(data, name=alt.split("。")[0].split(". ")[0], lang=lang, label=tr("download.chart", lang))
    return render("chart.html.j2", png=png, alt=alt, link=Markup(link), note=Markup(note))


def _fallback_alt(fig: Figure) -> str:
    parts = []
    for ax in fig.axes:
        parts += [ax.get_title(loc="left") or ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    return " · ".join(p for p in parts if p) or "chart"


def show(fig: Figure | None, data: pd.DataFrame | None = None, alt: str | None = None,
         lang: str | None = None) -> None:
    """Display ``fig`` in the notebook (PNG with alt text, CSV link to its data) and close it.

    See :func:`chart_html` for the parameters; ``None`` (a chart that was not
    drawn) displays nothing.
    """
    from IPython.display import HTML, display

    if fig is None:
        return
    display(HTML(chart_html(fig, data, alt, lang)))
