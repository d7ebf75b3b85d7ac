"""The three domain sections of a year's appendix: tables, seaborn charts, commentary.

Each ``*_section`` function returns a :class:`~tanto_analysis.page.sections.Section`
(it displays itself in JupyterLab and on the page) holding, in order: the published figures with their
quotes (when the year has a report), the generated commentary, the
ledger-derived indicators, and the charts of the ledger breakdowns.  Charts
from synthetic ledgers carry the "合成数据 / SYNTHETIC DATA" mark.  Only
aggregates are shown.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.disclosure import contributor_unit, protection_of
from ..core.numbers import format_number
from ..core.text import lang_column, tr, with_bound
from ..ledgers import employment, land, loans, reconcile, schema
from ..ledgers.domains import LEDGERS, project_ledgers
from . import charts
from .breakdowns import protection
from .commentary import employment_commentary, land_commentary, loan_commentary
from .safe_html import esc, html_table
from .sections import Chart, Section
from .year_data import (
    YearData,
    indicator_table_html,
    published_table_html,
    synthetic_banner_html,
)

__all__ = ["LEDGER_NAMES", "RECONCILE_STATUSES", "employment_section", "flag_counts", "land_section",
           "loans_section", "reconciliation_html", "reconciliation_section"]


def _commentary(text: str) -> str:
    return f'<p class="commentary">{esc(text)}</p>'


def _missing(section: Section, d: YearData, names: str) -> Section:
    section.add(_commentary(tr("section.missing", d.lang, year=d.year, names=names)))
    return section


def _published_then_commentary(d: YearData, published: pd.DataFrame | None, ledger: pd.DataFrame | None,
                               writer, caption: str) -> Section:
    """A new section: banner, published figures and their commentary, ledger commentary and indicators."""
    section = Section(frames={k: v for k, v in (("published", published), ("indicators", ledger)) if v is not None})
    if ledger is not None and not ledger.empty:
        section.add(synthetic_banner_html(d))
    if published is not None and not published.empty:
        section.add(published_table_html(published, d.lang, tr("section.published", d.lang, caption=caption)))
        section.add(_commentary(writer(published, d.year, d.lang)))
    if ledger is not None and not ledger.empty:
        section.add(_commentary(writer(ledger, d.year, d.lang)))
        section.add(indicator_table_html(ledger, d.lang, tr("section.ledger", d.lang, caption=caption), d.synthetic))
    return section


def _chart(section: Section, d: YearData, name: str, frame: pd.DataFrame, figure) -> None:
    """Add ``figure`` (drawn from ``frame``) to ``section`` and keep ``frame`` as ``frames[name]``.

    Charts of a year whose ledgers are partly synthetic are all labelled synthetic (``synthetic=d.synthetic``).
    """
    section.frames[name] = frame
    section.add(Chart(figure, frame, d.synthetic))


def _opening(d: YearData, module, names: tuple[str, str], writer, caption: str) -> tuple[Section, bool]:
    """A domain section's opening: the published figures, the ledgers' indicators, their commentary.

    ``module`` is the domain's ledger module (its ``published_indicators`` and
    ``indicators`` of the two ledgers ``names``).  Returns the section and
    whether both ledgers are loaded (without them the section says which are missing).
    """
    published = module.published_indicators(d.published, d.year) if d.published is not None else None
    if not d.has(*names):
        return _missing(_published_then_commentary(d, published, None, writer, caption), d, ", ".join(names)), False
    ledger = module.indicators(*(d.ledgers[n] for n in names), d.year)
    return _published_then_commentary(d, published, ledger, writer, caption), True


def _translated(d: YearData, frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """``frame`` with ``column``'s categories in the page's language (its disclosure decision follows them)."""
    names = {str(v): tr(f"category.{v}", d.lang, default=str(v)) for v in frame[column]}
    out = frame.assign(**{column: [names[str(v)] for v in frame[column]]})
    protection = protection_of(frame)
    return protection.renamed(names).apply(out, key=column) if protection is not None else out


def _protected(d: YearData, frame: pd.DataFrame, breakdown: str, key: str) -> pd.DataFrame:
    """``frame`` carrying the year's disclosure decision for ``breakdown``, its cells in column ``key``."""
    return protection(d, breakdown).apply(frame, key=key)


def employment_section(d: YearData) -> Section:
    """Employment income: posts (人), placements (个), income gain (元).

    ``frames``: ``published``, ``indicators``, ``posts_by_type``, ``posts_by_village`` (人),
    ``placements_by_channel`` (个), ``income_gain`` (元 per person and year).
    """
    section, ready = _opening(d, employment, ("welfare_posts", "job_placements"), employment_commentary,
                              tr("domain.employment_income", d.lang))
    if not ready:
        return section
    posts, placements = d.ledgers["welfare_posts"], d.ledgers["job_placements"]
    by_type = _translated(d, _protected(d, employment.posts_by_type(posts, d.year), "posts_by_type", "post_type"),
                          "post_type")
    _chart(section, d, "posts_by_type", by_type, charts.bar_chart(
        by_type, "post_type", "value", title=tr("chart.posts_by_type", d.lang, year=d.year),
        value_label=tr("axis.people", d.lang), synthetic=d.synthetic))
    by_village = _protected(d, employment.posts_by_village(posts, d.year), "posts_by_village", "scope")
    _chart(section, d, "posts_by_village", by_village, charts.bar_chart(
        by_village, "scope", "value", title=tr("chart.posts_by_village", d.lang, year=d.year),
        value_label=tr("axis.people", d.lang), synthetic=d.synthetic))
    channel = _translated(d, _protected(d, employment.placements_by_channel(placements, d.year),
                                        "placements_by_channel", "channel"), "channel")
    _chart(section, d, "placements_by_channel", channel, charts.bar_chart(
        channel, "channel", "value", title=tr("chart.placements_by_channel", d.lang, year=d.year),
        value_label=tr("axis.placements", d.lang), synthetic=d.synthetic))
    gains = employment.income_gain_counts(placements, d.rules.contributors["job_placements"])
    _chart(section, d, "income_gain", gains, charts.histogram(
        gains["income_increase_yuan"], counts=gains["placements"], title=tr("chart.income_gain", d.lang, year=d.year),
        value_label=tr("axis.yuan_per_year", d.lang), count_label=tr("axis.people_count", d.lang),
        synthetic=d.synthetic, rules=d.rules, unit=contributor_unit(d.rules.contributors["job_placements"])))
    return section


def loans_section(d: YearData) -> Section:
    """Loan subsidies: loans (笔/户), amounts (元), subsidies (元), implied rate vs LPR (%).

    ``frames``: ``published``, ``indicators``, ``amount_by_village`` (元),
    ``subsidy_by_village`` (元), ``amounts`` (each distinct amount per borrowing
    household in 元, with its ``households``).
    """
    section, ready = _opening(d, loans, ("loans", "loan_subsidies"), loan_commentary, tr("section.loans", d.lang))
    if not ready:
        return section
    ledger_loans, subsidies = d.ledgers["loans"], d.ledgers["loan_subsidies"]
    by_village = _protected(d, loans.loans_by_village(ledger_loans, subsidies, d.year), "loans_by_village", "scope")
    amount = by_village.loc[by_village["indicator"] == "loans_amount_total"]
    _chart(section, d, "amount_by_village", amount, charts.bar_chart(
        amount, "scope", "value", title=tr("chart.loans_by_village", d.lang, year=d.year),
        value_label=tr("axis.yuan", d.lang), synthetic=d.synthetic))
    subsidy = by_village.loc[by_village["indicator"] == "loan_subsidy_amount"]
    _chart(section, d, "subsidy_by_village", subsidy, charts.bar_chart(
        subsidy, "scope", "value", title=tr("chart.subsidy_by_village", d.lang, year=d.year),
        value_label=tr("axis.yuan", d.lang), synthetic=d.synthetic))
    amounts, households = loans.amount_histogram(ledger_loans)
    dist = pd.DataFrame({"amount_yuan": amounts, "households": households,
                         "data_status": schema.data_status_of(ledger_loans)})
    _chart(section, d, "amounts", dist, charts.histogram(
        amounts, counts=households, title=tr("chart.loan_amounts", d.lang, year=d.year),
        value_label=tr("axis.yuan", d.lang), count_label=tr("axis.households", d.lang), synthetic=d.synthetic,
        rules=d.rules, unit="household"))
    return section


def land_section(d: YearData) -> Section:
    """Land transfer: area (亩), rate (%), base (亩), rent (元/亩), contracts expiring (份).

    ``frames``: ``published``, ``indicators``, ``area_by_village``, ``area_by_type`` (亩),
    ``rent_per_mu`` (元/亩), ``expiring`` (亩 by expiry year).
    """
    section, ready = _opening(d, land, ("land_contracts", "villages"), land_commentary,
                              tr("domain.land_transfer", d.lang))
    if not ready:
        return section
    contracts = d.ledgers["land_contracts"]
    by_village = _protected(d, land.area_by(contracts, "village", d.year), "land_by_village", "scope")
    area = by_village.loc[by_village["indicator"] == "land_transfer_area"]
    _chart(section, d, "area_by_village", area, charts.bar_chart(
        area, "scope", "value", title=tr("chart.land_by_village", d.lang, year=d.year),
        value_label=tr("axis.mu", d.lang), synthetic=d.synthetic))
    by_type = _protected(d, land.area_by(contracts, "land_type", d.year), "land_by_type", "land_type")
    by_type = _translated(d, by_type.loc[by_type["indicator"] == "land_transfer_area"], "land_type")
    _chart(section, d, "area_by_type", by_type, charts.bar_chart(
        by_type, "land_type", "value", title=tr("chart.land_by_type", d.lang, year=d.year),
        value_label=tr("axis.mu", d.lang), synthetic=d.synthetic, sort=False))
    rents = land.rent_per_mu(contracts)
    _chart(section, d, "rent_per_mu", rents, charts.histogram(
        rents["rent_yuan_per_mu"], title=tr("chart.rent_per_mu", d.lang, year=d.year),
        value_label=tr("axis.yuan_per_mu", d.lang), count_label=tr("axis.contracts", d.lang),
        synthetic=d.synthetic, rules=d.rules, unit="contract"))
    expiring = land.contracts_expiring_by_year(contracts)
    expiring = _protected(d, expiring.assign(expiry_year=expiring["expiry_year"].astype(int).astype(str)),
                          "land_by_expiry", "expiry_year")
    _chart(section, d, "expiring", expiring, charts.bar_chart(
        expiring, "expiry_year", "area_mu", title=tr("chart.expiring", d.lang),
        value_label=tr("axis.mu", d.lang), category_label=tr("axis.expiry_year", d.lang),
        synthetic=d.synthetic, horizontal=False, sort=False))
    return section


#: Reconciliation statuses shown on the page, in order (words: ``reconcile.<status>`` in the text catalogue).
RECONCILE_STATUSES: tuple[str, ...] = ("match", "within_rounding", "mismatch", "not_in_ledger")
#: The package's ledgers, in page order (names: ``ledger.<name>`` in the text catalogue); the reconciliation needs them all.
LEDGER_NAMES: tuple[str, ...] = tuple(LEDGERS)


def _flag_text(code: str, lang: str) -> str:
    """A flag code as the page words it: the flag's meaning and, where it has one, its effect."""
    return tr(f"flag.{code}", lang, default=code) + tr(f"flag.{code}.effect", lang, default="")


def flag_counts(d: YearData) -> pd.DataFrame:
    """How many rows of each loaded ledger carry each flag (counts only, no row content).

    Returns
    -------
    DataFrame
        Columns ``ledger, flag, rows`` (rows: number of ledger rows), in the
        order of the project's ledgers and :data:`schema.FLAGS`; only flags
        that occur.
    """
    order = list(project_ledgers()) + sorted(set(d.ledgers) - set(project_ledgers()))
    records = [{"ledger": name, "flag": code, "rows": n}
               for name in order if name in d.ledgers for code, n in d.ledgers[name].flag_counts().items()]
    return pd.DataFrame(records, columns=["ledger", "flag", "rows"])


def _flags_html(d: YearData) -> str:
    """Counts of flagged ledger rows per ledger and flag code, or a line saying there are none."""
    if not d.ledgers:
        return ""
    counts = flag_counts(d)
    mark = f"（{charts.SYNTHETIC_MARK}）" if d.synthetic else ""
    if counts.empty:
        return _commentary(tr("flags.none", d.lang, year=d.year) + mark)
    total = int(counts["rows"].sum())
    counts = counts.assign(
        ledger_text=[tr(f"ledger.{n}", d.lang, default=n) for n in counts["ledger"]],
        description=[_flag_text(c, d.lang) for c in counts["flag"]])
    intro = tr("flags.intro", d.lang, year=d.year, total=total) + mark
    caption = tr("flags.caption", d.lang) + mark
    columns = {"ledger_text": tr("flags.ledger", d.lang), "flag": tr("flags.flag", d.lang),
               "description": tr("flags.meaning", d.lang), "rows": tr("flags.rows", d.lang)}
    return _commentary(intro) + html_table(counts, columns, caption=caption, numeric=["rows"])


def reconciliation_html(d: YearData) -> str:
    """The year's published figures beside the same figures computed from the ledgers, then flag counts.

    Shows every published figure of the three domains and the village register
    with its ledger value, the published value with its bound (``4,500,000以上``
    / ``≥ 4,500,000`` for 300余个 × 1.5万元), the difference (ledger − published,
    in the figure's unit: 元, 亩, 户, 人, %) and a status; figures the report
    does not publish are left out.  A year without a published table says so.
    Whenever ledgers are loaded, a table of flagged-row counts per ledger and
    flag code follows (:func:`flag_counts`; counts only), or a line saying no
    row is flagged.
    """
    return _reconciliation_table_html(d) + _flags_html(d)


def reconciliation_section(d: YearData) -> Section:
    """:func:`reconciliation_html` as a section; ``frames["flags"]`` is :func:`flag_counts` (rows per flag)."""
    section = Section(frames={"flags": flag_counts(d)} if d.ledgers else {})
    section.add(reconciliation_html(d))
    return section


def _reconciliation_table_html(d: YearData) -> str:
    if d.published is None:
        return _commentary(tr("reconcile.no_published", d.lang, year=d.year))
    if not d.has(*LEDGER_NAMES):
        return _commentary(tr("reconcile.incomplete", d.lang, year=d.year))
    table = reconcile.reconcile_frames(d.year, d.ledgers, d.published)
    table = table.loc[table["status"] != "not_published"].copy()
    if table.empty:  # the year's table states none of the figures the ledgers give: one sentence, no table
        return _commentary(tr("reconcile.nothing", d.lang, year=d.year))
    table["label"] = table[lang_column("label", d.lang)]
    table["status_text"] = [tr(f"reconcile.{s}", d.lang, default=s) for s in table["status"]]
    table["published_text"] = [with_bound(format_number(v), b, d.lang)
                               for v, b in zip(table["published_value"], table["published_bound"], strict=True)]
    counts = table["status"].value_counts()
    parts = [tr("reconcile.count", d.lang, status=tr(f"reconcile.{s}", d.lang), n=counts[s])
             for s in RECONCILE_STATUSES if s in counts]
    summary = tr("reconcile.summary", d.lang, year=d.year, n=len(table), counts=tr("sep.list", d.lang).join(parts))
    caption = tr("reconcile.caption", d.lang)
    if d.synthetic:
        caption += f"（{charts.SYNTHETIC_MARK}）"
    columns = {"label": tr("label.indicator", d.lang), "unit": tr("label.unit", d.lang),
               "ledger_value": tr("reconcile.ledger", d.lang), "published_text": tr("reconcile.published", d.lang),
               "difference": tr("reconcile.difference", d.lang), "status_text": tr("reconcile.result", d.lang),
               "quote": tr("label.quote", d.lang)}
    banner = synthetic_banner_html(d) if d.synthetic else ""
    # published_text is already formatted; html_table passes strings through and right-aligns them
    return banner + _commentary(summary) + html_table(
        table, columns, caption=caption, numeric=["ledger_value", "published_text", "difference"])
