"""Disclosure control as a page shows it: marks in tables, notes under tables and charts, the page's count.

:mod:`tanto_analysis.analysis.disclosure` decides which cells of a breakdown
may be shown; this module shows the decision:

* :func:`marked` puts the mark (``—（少于3户，不公布）``) in every value
  cell of a suppressed row, so a table or its CSV never shows the value,
  nor a zero or a blank in its place;
* :func:`note_html` is the sentence under a table or chart that has
  suppressed cells, with the counts by reason in ``data-sdc``;
* :func:`page_summary_html` counts every ``data-sdc`` of a rendered page,
  whoever made the table (the library or an analyst's ``y.table``), for the
  line at the top of the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..analysis.disclosure import REASONS, Protection, Rules, mark, note, protection_of
from ..core.text import tr
from .html import render

if TYPE_CHECKING:  # a page's renderer counts notes without pandas
    import pandas as pd

__all__ = ["marked", "note_html", "page_counts", "page_summary_html", "protected_bars", "rules_html"]

_DATA_SDC = re.compile(r'data-sdc="([^"]*)"')


def note_html(counts: Mapping[str, int], rules: Rules, unit: str, lang: str, *, chart: bool = False) -> str:
    """``<p class="sdc-note" data-sdc="frequency:1 secondary:1">说明：…</p>``, or '' when nothing is suppressed."""
    text = note(counts, rules, unit, lang, chart=chart)
    if not text:
        return ""
    data = " ".join(f"{reason}:{n}" for reason, n in counts.items())
    return render("sdc_note.html.j2", data=data, text=text)


def marked(frame: pd.DataFrame, protection: Protection, lang: str) -> tuple[pd.DataFrame, dict[str, int]]:
    """``frame`` with the mark in every value cell of its suppressed rows, and the suppressed cells by reason.

    The cells' key (the column or index :attr:`Protection.key`) stays
    shown; every other column of a suppressed row holds the mark of its
    reason instead of its value (as text, so neither the page nor the CSV
    download shows a number).  Suppressed rows come last, in their own
    order: where a table is sorted by a value, a withheld row's place
    between two shown ones would bound its value.
    """
    reasons = protection.row_reasons(frame)
    hidden = reasons != ""
    counts: dict[str, int] = {}
    if not hidden.any():
        return frame.copy(), counts
    order = [i for i, h in enumerate(hidden.to_numpy()) if not h] + [i for i, h in enumerate(hidden.to_numpy()) if h]
    out, reasons = frame.iloc[order].copy(), reasons.iloc[order]
    hidden = reasons != ""
    values = [c for c in out.columns if c != protection.key]
    out[values] = out[values].astype(object)
    for position in [i for i, h in enumerate(hidden.to_numpy()) if h]:
        reason = reasons.iloc[position]
        out.iloc[position, [out.columns.get_loc(c) for c in values]] = mark(reason, protection.rules,
                                                                            protection.unit, lang)
        counts[reason] = counts.get(reason, 0) + len(values)
    return out, {r: counts[r] for r in REASONS if r in counts}


def page_counts(page: str) -> dict[str, int]:
    """The suppressed cells a rendered page reports in its notes (``data-sdc``), by reason."""
    counts: dict[str, int] = {}
    for found in _DATA_SDC.findall(page):
        for part in found.split():
            reason, _, n = part.partition(":")
            if reason in REASONS and n.isdigit():
                counts[reason] = counts.get(reason, 0) + int(n)
    return {r: counts[r] for r in REASONS if r in counts}


def page_summary_html(page: str, lang: str) -> str:
    """The line at the top of a page saying how many cells disclosure control withheld and why ('' if none)."""
    counts = page_counts(page)
    if not counts:
        return ""
    reasons = tr("sep.list", lang).join(
        tr("sdc.reason_count", lang, reason=tr(f"sdc.page.reason.{r}", lang), n=n) for r, n in counts.items())
    text = tr("sdc.page", lang, n=sum(counts.values()), reasons=reasons)
    return render("banner.html.j2", kind="sdc", role="note", text=text)


def rules_html(rules: Rules, lang: str) -> str:
    """The project's disclosure rules in words, for a page's footer."""
    return render("sdc_rules.html.j2", text=rules.describe(lang, "contributor"))


def protected_bars(frame: pd.DataFrame, category: str, lang: str) -> tuple[pd.DataFrame, str, int]:
    """The rows of ``frame`` a bar chart may draw, the note on those left out, and how many categories that is.

    A frame made from ledger rows carries its disclosure decision
    (:func:`~tanto_analysis.analysis.disclosure.protection_of`): suppressed
    categories are left out of the bars, the CSV and the alt text's extremes.
    """
    protection = protection_of(frame)
    if protection is None:
        return frame.copy(), "", 0
    reasons = protection.row_reasons(frame)
    hidden = frame.loc[reasons != "", category].astype(str)
    by_category = dict(zip(hidden, reasons[reasons != ""], strict=True))
    counts: dict[str, int] = {}
    for reason in by_category.values():
        counts[reason] = counts.get(reason, 0) + 1
    note = note_html(counts, protection.rules, protection.unit, lang, chart=True)
    return frame.loc[reasons == ""].copy(), note, len(by_category)
