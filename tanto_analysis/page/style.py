"""The page style of the charts, applied per chart: seaborn's theme, sizes, the CJK font, the dpi.

:func:`page_style` applies it while a chart is made and drawn and restores
the rcParams afterwards (``matplotlib.pyplot.rc_context``), so the library's
charts look the same in any kernel, and making one changes no rcParams, no
seaborn theme and no logging.  :func:`setup_plotting` sets the same style for
the rest of the session: the analyst's own charts then look like the page's.
The one lasting change is the CJK font registered with matplotlib's font
manager (:func:`~tanto_analysis.page.fonts.register_cjk_font`).
"""

from __future__ import annotations

import contextlib
import logging

import matplotlib
import matplotlib.pyplot as plt
import seaborn as sns
from cycler import cycler

from .fonts import cjk_rc

__all__ = ["DPI", "MIN_FONT_PT", "page_rc", "page_style", "setup_plotting"]

#: Dots per inch of every chart's PNG.
DPI = 120
#: The smallest text size on a chart, in points.
MIN_FONT_PT = 12.5


def page_rc() -> dict[str, object]:
    """The page style as rcParams, without setting them.

    seaborn's ``set_theme(style="whitegrid", context="notebook")`` (context,
    style, the ``deep`` palette), text of at least :data:`MIN_FONT_PT`
    points, the CJK font (:func:`~tanto_analysis.page.fonts.cjk_rc`) and
    deterministic output: :data:`DPI`, ``$`` in a village name kept as text.
    """
    sizes = {"font.size": MIN_FONT_PT, "axes.labelsize": MIN_FONT_PT + 0.5, "axes.titlesize": MIN_FONT_PT + 1,
             "xtick.labelsize": MIN_FONT_PT, "ytick.labelsize": MIN_FONT_PT, "legend.fontsize": MIN_FONT_PT,
             "legend.title_fontsize": MIN_FONT_PT}
    return {**sns.plotting_context("notebook"), **sns.axes_style("whitegrid", rc={"font.family": "sans-serif"}),
            "axes.prop_cycle": cycler("color", sns.color_palette("deep")), **sizes, **cjk_rc(),
            "svg.hashsalt": "tanto", "text.parse_math": False, "savefig.dpi": DPI, "figure.dpi": DPI}


@contextlib.contextmanager
def page_style():
    """Make and draw charts in the page style (:func:`page_rc`); the rcParams are restored afterwards.

    Meanwhile matplotlib's note that the CJK font has no bold face (bold text
    uses its one weight) is not logged.

    Also a decorator (``@page_style()``): the chart functions of
    :mod:`~tanto_analysis.page.charts` and :mod:`~tanto_analysis.page.trend_charts`
    run in it, and :func:`~tanto_analysis.page.charts.png_bytes` draws in it.
    """
    fonts_log = logging.getLogger("matplotlib.font_manager")
    fonts_log.addFilter(_one_weight)
    try:
        with plt.rc_context(page_rc()):
            yield
    finally:
        fonts_log.removeFilter(_one_weight)


def _one_weight(record: logging.LogRecord) -> bool:
    """False for matplotlib's note that the CJK font file has no bold face (it is used for bold text)."""
    return "Failed to find font weight" not in record.getMessage()


def setup_plotting() -> str:
    """Set the page style (:func:`page_rc`) as the kernel's rcParams, for charts of your own; the font family.

    The library's charts need no call: they are made and drawn in the page
    style (:func:`page_style`) either way.
    """
    rc = page_rc()
    matplotlib.rcParams.update(rc)
    return rc["font.sans-serif"][0]
