"""What the section functions return: objects that display themselves, in JupyterLab and on the page.

A section function (``domain_sections.loans_section(d)``,
``audit_sections.audit_section(...)``, ``trend_sections.town_trends(...)``)
computes its tables and charts and returns a :class:`Section` without
displaying anything.  The last expression of a notebook cell displays it:

* in JupyterLab and on the page, :meth:`Section._ipython_display_` shows each
  part in order: escaped HTML fragments and tables as ``text/html``, charts
  through :func:`tanto_analysis.page.charts.show` (deterministic PNG);
* anywhere else (a list of sections, an HTML export of one object),
  :meth:`Section._repr_html_` gives the whole section as one HTML fragment,
  charts embedded as ``data:`` PNGs.

The data stays at hand: ``section.frames`` maps a name to the DataFrame
behind the section (published figures, indicators, by-village tables …) and
``section.charts`` lists the seaborn figures.  Every part knows whether it
was made from synthetic ledgers (``synthetic``); the library labels such
tables and charts with :data:`~tanto_analysis.core.text.SYNTHETIC_MARK`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from ..core.text import SYNTHETIC_MARK
from . import charts
from .safe_html import html_table

__all__ = ["Chart", "Fragment", "Section", "Table", "table"]


@dataclass
class Fragment:
    """An escaped HTML fragment built by the library (commentary, banners, library tables).

    ``items`` (optional) are headline items handed to the index page
    (:func:`tanto_analysis.page.headline.headline_bundle`).
    """

    html: str
    synthetic: bool = False
    items: list[dict] | None = None

    def _repr_html_(self) -> str:
        return self.html

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        if self.items is None:
            display(HTML(self.html))
        else:
            from .headline import headline_bundle

            display(headline_bundle(self.items, self.html), raw=True)


@dataclass
class Table(Fragment):
    """An aggregate DataFrame and its escaped HTML table (privacy filter applied)."""

    frame: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass
class Chart:
    """A seaborn figure and the data behind it.

    The figure is closed when the chart is made, so JupyterLab does not show
    it a second time; displaying the chart shows it once, as a PNG.
    """

    figure: Figure
    data: pd.DataFrame | pd.Series | None = None
    synthetic: bool = False

    def __post_init__(self) -> None:
        plt.close(self.figure)

    def _repr_png_(self) -> bytes:
        return charts.png_bytes(self.figure)

    def _repr_html_(self) -> str:
        """The PNG with its alt text and a CSV link to the plotted numbers (:func:`charts.chart_html`)."""
        return charts.chart_html(self.figure)

    def _ipython_display_(self) -> None:
        charts.show(self.figure)


@dataclass
class Section:
    """An ordered list of parts (:class:`Fragment`, :class:`Table`, :class:`Chart`) and their data.

    Attributes
    ----------
    parts : list
        What the section shows, in order.
    frames : dict of str to DataFrame
        The data behind it, by name (e.g. ``"published"``, ``"indicators"``,
        ``"by_village"``).
    """

    parts: list = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def add(self, part: Fragment | Chart | str) -> None:
        """Append a part; a str is an escaped HTML fragment built by the library."""
        self.parts.append(Fragment(part) if isinstance(part, str) else part)

    @property
    def charts(self) -> list[Figure]:
        """The section's figures, in order."""
        return [p.figure for p in self.parts if isinstance(p, Chart)]

    @property
    def html(self) -> str:
        """The HTML fragments and tables joined (charts left out)."""
        return "".join(p.html for p in self.parts if isinstance(p, Fragment))

    def _repr_html_(self) -> str:
        return "".join(p._repr_html_() for p in self.parts)

    def _ipython_display_(self) -> None:
        for part in self.parts:
            part._ipython_display_()


def table(frame: pd.DataFrame, caption: str = "", *, synthetic: bool,
          numeric: tuple[str, ...] | None = None, lang: str | None = None) -> Table:
    """Any aggregate DataFrame as a page table: escaped, privacy-filtered, under disclosure control, labelled.

    Parameters
    ----------
    frame : DataFrame
        An aggregate table (never ledger rows); its index is shown as a column
        when it is named.  Personal-looking columns are dropped.  A frame
        made from ledger rows carries its disclosure decision
        (:func:`~tanto_analysis.analysis.disclosure.protection_of`): every
        value of a suppressed row is shown as the mark of its reason
        (``—（少于3户，不公布）``), in the table and its CSV, and a note
        under the table counts them.
    caption : str
        Table caption; :data:`SYNTHETIC_MARK` is added when ``synthetic``.
    synthetic : bool
        True if the numbers come from synthetic ledgers.
    numeric : tuple of str, optional
        Columns formatted as numbers (default: every numeric column).
    lang : {"zh", "en"}, optional
        Language of the marks and the note (default: guessed from the caption and headers).
    """
    from ..analysis.disclosure import protection_of
    from .safe_html import table_lang
    from .sdc import marked, note_html

    shown = frame.reset_index() if any(n is not None for n in frame.index.names) else frame
    shown = shown.rename(columns=str)
    if numeric is None:
        numeric = tuple(c for c in shown.columns if pd.api.types.is_numeric_dtype(shown[c]))
    if synthetic:
        caption = f"{caption}（{SYNTHETIC_MARK}）" if caption else SYNTHETIC_MARK
    lang = lang or table_lang({c: c for c in shown.columns}, caption)
    protection = protection_of(frame)
    note = ""
    if protection is not None:
        shown, counts = marked(shown, protection, lang)
        note = note_html(counts, protection.rules, protection.unit, lang)
    html = html_table(shown, {c: c for c in shown.columns}, caption=caption, numeric=numeric, lang=lang)
    return Table(html + note, synthetic, frame=frame)
