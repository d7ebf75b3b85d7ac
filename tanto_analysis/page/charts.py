"""Seaborn charts for the appendix: bilingual labels, a synthetic-data mark, stable PNGs.

Every chart made from synthetic ledgers carries the visible mark
:data:`SYNTHETIC_MARK` in its corner and in its title.  Charts are turned
into PNG bytes with a fixed dpi and without the ``Software`` metadata entry,
so the same data always gives the same bytes (and the same HTML).
"""

from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from ..core.text import SYNTHETIC_MARK
from .fonts import setup_cjk_fonts

__all__ = [
    "DPI",
    "SYNTHETIC_MARK",
    "bar_chart",
    "histogram",
    "mark_synthetic",
    "png_bytes",
    "setup_plotting",
    "show",
]

DPI = 100
_PALETTE = "crest"
_COLOR = "#3b7ea1"


def setup_plotting() -> str:
    """Seaborn theme, CJK font and deterministic output settings; returns the font family."""
    sns.set_theme(style="whitegrid", context="notebook")
    family = setup_cjk_fonts()  # after set_theme, which resets the font family
    matplotlib.rcParams["svg.hashsalt"] = "tanto"
    matplotlib.rcParams["text.parse_math"] = False  # "$" in a village name stays text
    matplotlib.rcParams["savefig.dpi"] = DPI
    matplotlib.rcParams["figure.dpi"] = DPI
    return family


def _title(title: str, synthetic: bool) -> str:
    return f"{title}（{SYNTHETIC_MARK}）" if synthetic else title


def mark_synthetic(fig: Figure) -> None:
    """Put the visible :data:`SYNTHETIC_MARK` in the bottom-right corner of ``fig``."""
    fig.text(0.99, 0.01, SYNTHETIC_MARK, ha="right", va="bottom", fontsize=9, color="#b00020",
             fontweight="bold",
             bbox={"boxstyle": "round,pad=0.3", "facecolor": "#fff0f0", "edgecolor": "#b00020"})


def _finish(fig: Figure, ax, title: str, xlabel: str, ylabel: str, synthetic: bool) -> Figure:
    ax.set_title(_title(title, synthetic), loc="left", fontsize=11, pad=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if synthetic:
        mark_synthetic(fig)
        fig.tight_layout(rect=(0, 0.08 * 4 / fig.get_figheight(), 1, 1))  # room for the mark
    else:
        fig.tight_layout()
    return fig


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
    data = frame.copy()
    order = None
    if sort:
        totals = data.groupby(category, sort=True)[value].sum().reset_index()
        totals = totals.sort_values([value, category], ascending=[False, True], kind="stable")
        order = list(totals[category])
    n = data[category].nunique()
    size = (8, max(2.5, 0.28 * n + 1.2)) if horizontal else (max(5, 0.5 * n + 2), 4)
    fig, ax = plt.subplots(figsize=size)
    kwargs = {"data": data, "hue": hue, "order": order, "ax": ax}
    if hue is None:
        kwargs["color"] = _COLOR
    else:
        kwargs["palette"] = _PALETTE
    if horizontal:
        sns.barplot(x=value, y=category, orient="h", errorbar=None, **kwargs)
        return _finish(fig, ax, title, value_label, category_label, synthetic)
    sns.barplot(x=category, y=value, errorbar=None, **kwargs)
    return _finish(fig, ax, title, category_label, value_label, synthetic)


def histogram(values: pd.Series, *, title: str, value_label: str, count_label: str,
              synthetic: bool, bins: int = 20) -> Figure:
    """A histogram of ``values`` (e.g. loan amounts in 元), with a median line."""
    fig, ax = plt.subplots(figsize=(8, 3.6))
    clean = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    sns.histplot(x=clean, bins=bins, ax=ax, color=_COLOR)
    if len(clean):
        ax.axvline(float(clean.median()), color="#b00020", linestyle="--", linewidth=1)
    return _finish(fig, ax, title, value_label, count_label, synthetic)


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes: fixed dpi, no ``Software`` metadata, deterministic."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def show(fig: Figure) -> None:
    """Display ``fig`` in the notebook as a deterministic PNG and close it."""
    from IPython.display import Image, display

    data = png_bytes(fig)
    plt.close(fig)
    display(Image(data=data, format="png"))
