"""What the domain notebooks compute and show, as DataFrames and page tables (``notebooks/11``–``13``, ``16``).

A domain notebook reads as the analysis: it loads the year (``y = ta.year(year)``),
computes frames with ``y``'s methods and these functions, states its
findings in its own words (``y.say``, :mod:`~tanto_analysis.page.findings`)
and shows tables and charts.  The frames of ledger breakdowns carry their
disclosure decision (:mod:`~tanto_analysis.page.breakdowns`), so the
library's charts and ``y.table`` leave out or mark what the project's rules
withhold; categories are in the page's language.  Only aggregates, never
ledger rows.

The page tables (:func:`published_table`, :func:`indicator_table`,
:func:`reconciliation_table`, :func:`flags_table`) are escaped HTML
(:mod:`~tanto_analysis.page.safe_html`), labelled 合成数据 / SYNTHETIC DATA when
the year's ledgers are synthetic.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..analysis.disclosure import protection_of
from ..core.numbers import format_number
from ..core.status import is_synthetic
from ..core.text import SYNTHETIC_MARK, lang_column, tr, with_bound
from ..ledgers import employment, land, loans, reconcile
from ..ledgers.domains import LEDGERS, domain, ledgers_of, project_ledgers
from ..ledgers.ledger import data_status_of
from ..reference.villages import current_town
from .breakdowns import protection
from .page_data import PageData, published_table_html, synthetic_banner_html
from .safe_html import html_table
from .sections import Fragment

#: What the functions take: ``ta.year(...)`` (a :class:`tanto_analysis.api.Year`) or its ``PageData``.
Year = Any

__all__ = ["LEDGER_NAMES", "RECONCILE_STATUSES", "expiring", "flag_counts", "flags_table", "income_gains",
           "indicator_table", "land_by_type", "ledger_indicators", "loan_amounts", "placements_by_channel",
           "posts_by_type", "published", "published_table", "reconciliation", "reconciliation_table",
           "rent_per_mu", "section_banner"]

#: Reconciliation statuses shown on the page, in order (words: ``reconcile.<status>`` in the text catalogue).
RECONCILE_STATUSES: tuple[str, ...] = ("match", "within_rounding", "mismatch", "not_in_ledger")
#: The package's ledgers, in page order (names: ``ledger.<name>`` in the text catalogue); the reconciliation needs them all.
LEDGER_NAMES: tuple[str, ...] = tuple(LEDGERS)


def _data(y: Year | PageData) -> PageData:
    return y if isinstance(y, PageData) else y.data


def published(y: Year | PageData, name: str) -> pd.DataFrame:
    """The report's figures of domain ``name`` (``"employment"``, ``"loans"``, ``"land"``), with derived ones.

    Returns
    -------
    DataFrame
        Tidy (``indicator, label_zh, label_en, value, unit, data_status`` …) with
        ``figure_ids, quote, section, bound``; empty when the year has no published table.
    """
    d, dom = _data(y), domain(name)
    empty = pd.DataFrame(columns=["indicator", "value", "unit", "figure_ids", "quote", "section", "bound"])
    return dom.published(d.published, d.year) if d.published is not None else empty


def ledger_indicators(y: Year | PageData, name: str) -> pd.DataFrame:
    """The domain's indicators computed from the ledgers, tidy, at town level (empty when a ledger is missing)."""
    d, dom = _data(y), domain(name)
    return dom.indicators(*ledgers_of(dom, d.ledgers), d.year) if dom.ready(d.ledgers) else pd.DataFrame()


def _translated(d: PageData, frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """``frame`` with ``column``'s categories in the page's language (its disclosure decision follows them)."""
    names = {str(v): tr(f"category.{v}", d.lang, default=str(v)) for v in frame[column]}
    out = frame.assign(**{column: [names[str(v)] for v in frame[column]]})
    decided = protection_of(frame)
    return decided.renamed(names).apply(out, key=column) if decided is not None else out


def _protected(d: PageData, frame: pd.DataFrame, breakdown: str, key: str) -> pd.DataFrame:
    return protection(d, breakdown).apply(frame, key=key)


def posts_by_type(y: Year) -> pd.DataFrame:
    """Public-welfare posts (人, ``value``) by ``post_type``, in the register's order, under disclosure control."""
    d = _data(y)
    frame = employment.posts_by_type(d.ledgers["welfare_posts"], d.year)
    return _translated(d, _protected(d, frame, "posts_by_type", "post_type"), "post_type")


def placements_by_channel(y: Year) -> pd.DataFrame:
    """Job placements (个, ``value``) by ``channel``, under disclosure control."""
    d = _data(y)
    frame = employment.placements_by_channel(d.ledgers["job_placements"], d.year)
    return _translated(d, _protected(d, frame, "placements_by_channel", "channel"), "channel")


def income_gains(y: Year) -> pd.DataFrame:
    """Each distinct annual income gain of a person (``income_increase_yuan``, 元) and how many persons have it."""
    d = _data(y)
    return employment.income_gain_counts(d.ledgers["job_placements"], d.rules.contributors["job_placements"])


def loan_amounts(y: Year) -> pd.DataFrame:
    """Each distinct loan amount of a borrowing household (``amount_yuan``, 元) and its ``households`` (户)."""
    d = _data(y)
    amounts, households = loans.amount_histogram(d.ledgers["loans"])
    return pd.DataFrame({"amount_yuan": amounts, "households": households,
                         "data_status": data_status_of(d.ledgers["loans"])})


def land_by_type(y: Year) -> pd.DataFrame:
    """Transferred area (亩, ``value``) by ``land_type`` group (耕地, 林地/林坡, 其他), under disclosure control."""
    d = _data(y)
    frame = _protected(d, land.area_by(d.ledgers["land_contracts"], "land_type", d.year), "land_by_type", "land_type")
    return _translated(d, frame.loc[frame["indicator"] == "land_transfer_area"], "land_type")


def rent_per_mu(y: Year) -> pd.DataFrame:
    """Annual rent per 亩 (``rent_yuan_per_mu``, 元/亩) of each contract with a positive area."""
    return land.rent_per_mu(_data(y).ledgers["land_contracts"])


def expiring(y: Year) -> pd.DataFrame:
    """Contracts (份) and area (``area_mu``, 亩) by ``expiry_year`` (text), under disclosure control."""
    d = _data(y)
    frame = land.contracts_expiring_by_year(d.ledgers["land_contracts"])
    frame = frame.assign(expiry_year=frame["expiry_year"].astype(int).astype(str))
    return _protected(d, frame, "land_by_expiry", "expiry_year")


def section_banner(y: Year, name: str | None = None) -> Fragment:
    """The banner of a section whose ledgers are synthetic: domain ``name``'s, or (None) any loaded ledgers.

    Shows nothing when the ledgers are actual, or without the domain's ledgers.
    """
    d = _data(y)
    ready = domain(name).ready(d.ledgers) if name is not None else bool(d.ledgers)
    return Fragment(synthetic_banner_html(d) if ready else "", d.synthetic)


def published_table(y: Year, frame: pd.DataFrame, caption: str) -> Fragment:
    """The report's figures (:func:`published`) with their section and quote, each row anchored ``fig-<id>``."""
    d = _data(y)
    return Fragment(published_table_html(frame, d.lang, caption) if len(frame) else "")


def indicator_table(y: Year, frame: pd.DataFrame, caption: str,
                    columns: tuple[str, ...] | list[str] = ("label", "value", "unit", "status")) -> Fragment:
    """Ledger indicators (:func:`ledger_indicators`) at town level; labelled when the ledgers are synthetic.

    ``columns`` are shown in order: ``label`` (the indicator's name in the page's language),
    ``status`` (its data status in words), or any column of ``frame`` (``value``, ``unit``, ``indicator`` …).
    """
    d = _data(y)
    if not len(frame):
        return Fragment("", d.synthetic)
    rows = frame.loc[frame["scope"] == current_town().name].copy()
    rows["label"] = rows[lang_column("label", d.lang)]
    rows["status"] = [" + ".join(tr(f"label.{s}", d.lang, default=s) for s in str(v).split("+"))
                      for v in rows["data_status"]]
    if d.synthetic or is_synthetic(rows):
        caption += _MARK
    headers = {c: tr("label.indicator" if c == "label" else f"label.{c}", d.lang, default=c) for c in columns}
    return Fragment(html_table(rows, headers, caption=caption, numeric=[c for c in columns if c == "value"]),
                    d.synthetic)


def flag_counts(y: Year | PageData) -> pd.DataFrame:
    """How many rows of each loaded ledger carry each flag (counts only, no row content).

    Returns
    -------
    DataFrame
        Columns ``ledger, flag, rows`` (rows: number of ledger rows), in the
        order of the project's ledgers and :data:`~tanto_analysis.ledgers.ledger.FLAGS`; only flags
        that occur.
    """
    d = _data(y)
    order = list(project_ledgers()) + sorted(set(d.ledgers) - set(project_ledgers()))
    records = [{"ledger": name, "flag": code, "rows": n}
               for name in order if name in d.ledgers for code, n in d.ledgers[name].flag_counts().items()]
    return pd.DataFrame(records, columns=["ledger", "flag", "rows"])


_MARK = f"（{SYNTHETIC_MARK}）"


def _mark(d: PageData) -> str:
    return _MARK if d.synthetic else ""


def flags_table(y: Year, counts: pd.DataFrame, caption: str) -> Fragment:
    """The flag counts (:func:`flag_counts`) with each flag's meaning; labelled when the ledgers are synthetic."""
    d = _data(y)
    if counts.empty:
        return Fragment("")
    shown = counts.assign(
        ledger_text=[tr(f"ledger.{n}", d.lang, default=n) for n in counts["ledger"]],
        description=[tr(f"flag.{c}", d.lang, default=c) + tr(f"flag.{c}.effect", d.lang, default="")
                     for c in counts["flag"]])
    columns = {"ledger_text": tr("flags.ledger", d.lang), "flag": tr("flags.flag", d.lang),
               "description": tr("flags.meaning", d.lang), "rows": tr("flags.rows", d.lang)}
    return Fragment(html_table(shown, columns, caption=caption + _mark(d), numeric=["rows"]), d.synthetic)


def reading_notes(y: Year | PageData) -> pd.DataFrame:
    """How the loaded ledgers were read where not as written (merged cells filled down, dates of other forms).

    Returns
    -------
    DataFrame
        Columns ``ledger, column, note`` (the note in the page's language),
        in the order of the project's ledgers; no cell of a ledger, and no
        row numbers or cell ranges (a merged block's length would be a
        village's count of records): how many ranges, how many dates of each
        form.
    """
    d = _data(y)
    order = list(project_ledgers()) + sorted(set(d.ledgers) - set(project_ledgers()))
    records = [{"ledger": name, "column": note.column or "", "note": _note_text(note, d.lang)}
               for name in order if name in d.ledgers for note in d.ledgers[name].notes if note.key]
    return pd.DataFrame(records, columns=["ledger", "column", "note"])


def _note_text(note, lang: str) -> str:
    if note.key == "ledger_note.date_forms":  # its arguments are (form, rows) pairs
        forms = tr("sep.list", lang).join(tr("ledger_note.date_form", lang, form=form, n=n) for form, n in note.args)
        return tr(note.key, lang, forms=forms)
    return tr(note.key, lang, **dict(note.args))


def notes_table(y: Year, notes: pd.DataFrame, caption: str) -> Fragment:
    """The notes of :func:`reading_notes` as a table; labelled when the ledgers are synthetic."""
    d = _data(y)
    if notes.empty:
        return Fragment("")
    shown = notes.assign(ledger_text=[tr(f"ledger.{n}", d.lang, default=n) for n in notes["ledger"]])
    columns = {"ledger_text": tr("flags.ledger", d.lang), "column": tr("notes.column", d.lang),
               "note": tr("notes.note", d.lang)}
    return Fragment(html_table(shown, columns, caption=caption + _mark(d)), d.synthetic)


def reconciliation(y: Year | PageData) -> pd.DataFrame:
    """The year's published figures beside the same figures computed from the ledgers.

    Returns
    -------
    DataFrame
        One row per published figure of the three domains and the village
        register the ledgers give (``label``, ``unit``, ``ledger_value``, the
        published value with its bound as ``published_text``, ``difference``
        = ledger − published in the figure's unit, ``status`` and its words
        ``status_text``, ``quote``); empty without a published table or with a
        ledger missing.
    """
    d = _data(y)
    if d.published is None or not d.has(*LEDGER_NAMES):
        return pd.DataFrame(columns=["label", "unit", "ledger_value", "published_text", "difference", "status",
                                     "status_text", "quote"])
    table = reconcile.reconcile_frames(d.year, d.ledgers, d.published)
    table = table.loc[table["status"] != "not_published"].copy()
    table["label"] = table[lang_column("label", d.lang)]
    table["status_text"] = [tr(f"reconcile.{s}", d.lang, default=s) for s in table["status"]]
    table["published_text"] = [with_bound(format_number(v), b, d.lang)
                               for v, b in zip(table["published_value"], table["published_bound"], strict=True)]
    return table


def reconciliation_table(y: Year, table: pd.DataFrame, caption: str) -> Fragment:
    """:func:`reconciliation` as the page shows it; labelled when the ledgers are synthetic."""
    d = _data(y)
    if table.empty:
        return Fragment("")
    columns = {"label": tr("label.indicator", d.lang), "unit": tr("label.unit", d.lang),
               "ledger_value": tr("reconcile.ledger", d.lang), "published_text": tr("reconcile.published", d.lang),
               "difference": tr("reconcile.difference", d.lang), "status_text": tr("reconcile.result", d.lang),
               "quote": tr("label.quote", d.lang)}
    # published_text is already formatted; html_table passes strings through and right-aligns them
    return Fragment(html_table(table, columns, caption=caption + _mark(d),
                               numeric=["ledger_value", "published_text", "difference"]), d.synthetic)
