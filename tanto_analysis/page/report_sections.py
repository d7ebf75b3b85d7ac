"""What the report notebooks compute and show, as DataFrames and page tables (``notebooks/10``, ``14``, ``15``).

These notebooks read the year's published report: its headline figures, the
figures no domain section shows, the consistency audit and progress toward
targets.  As in the domain notebooks (:mod:`~tanto_analysis.page.domain_sections`)
each one loads the year (``y = ta.year(year)``), computes frames with these
functions, states its findings in its own words (``y.say``) and shows the
tables these functions build from the frames it passes (escaped HTML through
:mod:`~tanto_analysis.page.safe_html` and the page's builders; no ledger rows).
Every published figure keeps its report section and quote.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from ..analysis.audit.auditor import SEVERITIES
from ..analysis.progress import report_date, within_year_progress
from ..core import paths
from ..reference.villages import current_town
from .audit_sections import (
    _labels,
    findings_html,
    progress_index_items,
    source_text,
    targets_table_html,
    within_table_html,
)
from .page_data import (
    PageData,
    banner_html,
    headline_indicators,
    ledger_indicators,
    other_domains_html,
    overview_html,
    section_figure_ids,
)
from .sections import Fragment

#: What the functions take: ``ta.year(...)`` (a :class:`tanto_analysis.api.Year`) or its ``PageData``.
Year = Any

__all__ = ["SEVERITIES", "audit_table", "banners", "headline", "headline_cards", "other_figures", "other_tables",
           "published_file", "targets_table", "within_table", "within_year"]


def _data(y: Year | PageData) -> PageData:
    return y if isinstance(y, PageData) else y.data


def banners(y: Year) -> Fragment:
    """The page's data banners: synthetic ledgers, a published table or not, ledgers not found."""
    d = _data(y)
    return Fragment(banner_html(d), d.synthetic)


def published_file(y: Year) -> str:
    """Where the year's published table is (or would be), as seen from the project root."""
    return str(paths.in_project(paths.published_path(_data(y).year)))


def headline(y: Year) -> pd.DataFrame:
    """The headline figures of the year: the report's, or without a published table the ledgers'.

    Returns
    -------
    DataFrame
        Tidy, in the registry's headline order (``headline`` in ``data/indicators.csv``):
        ``id, indicator, label_zh, label_en, value, unit, bound, data_status`` and,
        for the report's, ``quote, section`` and last year's ``previous_value``
        (same unit, else NaN).  Units 户, 人, 元, 亩, %.
    """
    d, town = _data(y), current_town().name
    keys = headline_indicators()
    columns = ["id", "indicator", "label_zh", "label_en", "value", "unit", "bound", "data_status"]
    if d.published is None:
        ledger = ledger_indicators(d)
        if ledger.empty:
            return pd.DataFrame(columns=columns)
        rows = ledger.loc[(ledger["scope"] == town) & ledger["indicator"].isin(keys)].assign(
            id=lambda f: f["indicator"], bound="exact")
        return _ordered(rows, keys)[columns].reset_index(drop=True)
    rows = _actuals(d.published, keys, d.year)
    before = _actuals(d.previous, keys, d.year - 1) if d.previous is not None else rows.iloc[0:0]
    previous = {r["indicator"]: r["value"] for r in before.to_dict("records")}
    units = {r["indicator"]: r["unit"] for r in before.to_dict("records")}
    rows = rows.assign(data_status="published", previous_value=[
        previous.get(k) if units.get(k) == u else float("nan") for k, u in zip(rows["indicator"], rows["unit"],
                                                                                strict=True)])
    return rows[[*columns, "quote", "section", "previous_value"]].reset_index(drop=True)


def _actuals(table: pd.DataFrame, keys: list[str], year: int) -> pd.DataFrame:
    """The town's actual figure of each key for ``year`` (a village's if the town has none), first of each."""
    rows = table.loc[(table["kind"] == "actual") & (table["year"] == year) & table["indicator"].isin(keys)]
    rows = rows.assign(_town=rows["scope"] != current_town().name).sort_values("_town", kind="stable")
    return _ordered(rows.drop_duplicates("indicator"), keys).drop(columns="_town")


def _ordered(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    rank = {k: i for i, k in enumerate(keys)}
    return rows.sort_values("indicator", key=lambda s: s.map(rank), kind="stable")


def headline_cards(y: Year, frame: pd.DataFrame) -> Fragment:
    """A card for each row of :func:`headline` (in the frame's order), linked to its quote; also on the index page."""
    d = _data(y)
    html, items = overview_html(d, [str(i) for i in frame["id"]])
    return Fragment(html, d.synthetic and d.published is None, items=items)


def other_figures(y: Year) -> pd.DataFrame:
    """The report's figures that no domain section shows, by domain (empty without a published table).

    Returns
    -------
    DataFrame
        Rows of the published table (``id, domain, label_zh, label_en, value, unit, bound,
        quote, section`` …), in the report's domain order, then year, section and id.
    """
    d = _data(y)
    if d.published is None:
        return pd.DataFrame(columns=["id", "domain", "label_zh", "label_en", "value", "unit", "quote", "section"])
    rest = d.published.loc[~d.published["id"].isin(section_figure_ids(d.published, d.year))]
    return rest.sort_values(["year", "section", "id"], kind="stable")


def other_tables(y: Year, frame: pd.DataFrame) -> Fragment:
    """A heading and a table of :func:`other_figures` rows per domain, each figure with its section and quote."""
    d = _data(y)
    if d.published is None or frame.empty:
        return Fragment("")
    return Fragment(other_domains_html(replace(d, published=frame)))


def audit_table(y: Year, findings: pd.DataFrame) -> Fragment:
    """The audit's findings (rows of ``y.audit``, by their index) with every figure's label, value and quote."""
    from ..analysis.audit.auditor import audit_year

    d = _data(y)
    if d.published is None or findings.empty:
        return Fragment("")
    found = audit_year(d.year, _data_dir(y))
    chosen = [found[int(i)] for i in findings.index]
    return Fragment(findings_html(chosen, d.lang, _labels(d.published, d.lang), summary_line=False))


def within_year(y: Year) -> pd.DataFrame:
    """时间过半、任务过半: each task's share done against the share of the year elapsed at the report's date.

    Returns
    -------
    DataFrame
        Indexed by figure ``id``: ``label_zh, label_en``, ``share_pct`` and
        ``time_elapsed_pct`` (%), ``gap_pp`` (percentage points, negative when
        behind), ``status_zh, status_en``, ``quote``, ``as_of`` (the report's date) and
        ``data_status`` published; empty without a published table.
    """
    d = _data(y)
    columns = ["label_zh", "label_en", "share_pct", "time_elapsed_pct", "gap_pp", "halfway_met", "status_zh",
               "status_en", "quote", "as_of", "data_status"]
    if d.published is None:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="id"))
    as_of = report_date(source_text(d.year, _data_dir(y)), d.year)
    within = within_year_progress(d.published, as_of)
    if within.empty:  # the report states no task share
        return pd.DataFrame(columns=columns, index=pd.Index([], name="id"))
    return within.assign(as_of=as_of, data_status="published").set_index("id")


def within_table(y: Year, within: pd.DataFrame) -> Fragment:
    """The table of :func:`within_year`; the year's progress lines (tasks and targets) go to the index page."""
    d, lang = _data(y), _data(y).lang
    if d.published is None:
        return Fragment("")
    html = ""
    if not within.empty:
        html = within_table_html(within.reset_index(), within["as_of"].iloc[0], lang)
    text = source_text(d.year, _data_dir(y))
    return Fragment(html, items=progress_index_items(d.published, text, lang))


def targets_table(y: Year, targets: pd.DataFrame) -> Fragment:
    """The targets of ``y.progress``: latest value, target, observed and required yearly growth (%), category."""
    lang = _data(y).lang
    if targets.empty:
        return Fragment("")
    return Fragment(targets_table_html(targets, lang))


def _data_dir(y: Year) -> object:
    return None if isinstance(y, PageData) else y.data_dir
