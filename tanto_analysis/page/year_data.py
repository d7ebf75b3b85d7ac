"""Building blocks of a year's appendix, called from the notebooks ``notebooks/1N_*.ipynb``.

A notebook loads the year once with :func:`load_year` and then calls one
``*_html`` function per block, displaying the result with :func:`show`::

    d = appendix.load_year(year, data_dir, ledger_dir, lang)
    appendix.show(appendix.banner_html(d))
    appendix.show_overview(d)

Every block is escaped HTML built from aggregate tables only
(:mod:`tanto_analysis.page.safe_html`); every published figure is shown with its
report section and quote in the same row, and its row has the anchor
``fig-<id>`` that the headline cards link to.  Synthetic ledgers get a
visible banner, a table caption and a chart mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import InputError
from ..core.numbers import format_number
from ..core.text import SYNTHETIC_MARK, lang_column, tr
from ..figures.published import load_published
from ..ledgers import employment, land, loans
from ..ledgers.schema import find_ledger, load_villages, register_indicators
from ..reference.villages import TOWN
from .headline import headline_bundle
from .safe_html import esc, html_table

__all__ = [
    "HEADLINE_IDS",
    "OTHER_DOMAINS",
    "YearData",
    "banner_html",
    "synthetic_banner_html",
    "indicator_table_html",
    "load_year",
    "other_domains_html",
    "published_table_html",
    "show",
    "show_overview",
]

#: Figures shown as cards in the overview and in the index, in order.
HEADLINE_IDS: tuple[str, ...] = (
    "households_total", "population_total", "public_welfare_posts", "jobs_income_increase_mean",
    "loans_new_households", "loans_new_amount", "loan_subsidy_amount", "land_transfer_area",
    "land_transfer_rate",
)
#: The report's domains that get compact tables in 14_other_domains (published figures only), in
#: order; their names are ``domain.<id>`` in the text catalogue.
OTHER_DOMAINS: tuple[str, ...] = (
    "poverty_monitoring", "collective_assets", "rural_talent", "rural_operation", "town_construction",
    "party_building", "projects",
)


#: Published figures shown (with their quotes) in the three domain sections, not repeated in 14.
SECTION_FIGURE_IDS: tuple[str, ...] = (
    "public_welfare_posts", "jobs_provided", "jobs_income_increase_mean", "talent_jobs_driven",
    "loans_total_count", "loans_new_households", "loans_new_amount", "loan_subsidy_recipients",
    "loan_subsidy_amount", "land_transfer_area", "land_transfer_rate", "land_recovered_construction",
    "land_recovered_farmland", "land_recovered_forest",
)


@dataclass
class YearData:
    """Everything one year's appendix reads.

    ``published`` is the validated figures table (``None`` if the year has no
    published table); ``ledgers`` maps a ledger name to its loaded frame for
    the ledgers present; ``problems`` lists the ledgers that are missing.
    """

    year: int
    lang: str
    published: pd.DataFrame | None
    ledgers: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def synthetic(self) -> bool:
        """True if any loaded ledger is synthetic."""
        return any((f["data_status"] == "synthetic").any() for f in self.ledgers.values())

    def has(self, *names: str) -> bool:
        """True if all the named ledgers are loaded."""
        return all(n in self.ledgers for n in names)


_LOADERS = {
    "villages": load_villages,
    "loans": loans.load_loans,
    "welfare_posts": employment.load_posts,
    "job_placements": employment.load_placements,
    "land_contracts": land.load_contracts,
}


def _find(data: YearData, ledger_dir: str | Path, name: str) -> Path | None:
    """The ledger file ``name`` of the year, or None (noted in ``data.problems``) if missing."""
    try:
        return find_ledger(ledger_dir, data.year, name)
    except InputError as exc:
        data.problems.extend(str(p) for p in exc.problems)
        return None


def load_year(year: int, data_dir: str | Path | None = None, ledger_dir: str | Path | None = None,
              lang: str = "zh") -> YearData:
    """Load the published table (if any) and the ledgers (those present) of ``year``.

    ``data_dir`` defaults to the project's data tree, ``ledger_dir`` to the demo
    ledgers under ``data_dir`` (:func:`~tanto_analysis.core.paths.demo_ledgers_dir`).

    A missing ledger is noted on the page (``problems``), not fatal.  An
    invalid one is an error: :class:`InputError` with its ``file:row:column``
    problems, so the page fails and ``tanto build`` reports them; no cell value
    from a rejected ledger ever reaches the page.
    """
    if ledger_dir is None:
        ledger_dir = paths.demo_ledgers_dir(data_dir)
    table = paths.published_path(year, data_dir)
    published = load_published(year, table) if table.is_file() else None
    data = YearData(year, lang, published)
    for name, loader in _LOADERS.items():
        path = _find(data, ledger_dir, name)
        if path is not None:
            data.ledgers[name] = loader(path, year)
    if data.has("loans"):
        path = _find(data, ledger_dir, "loan_subsidies")
        if path is not None:
            data.ledgers["loan_subsidies"] = loans.load_subsidies(path, year, data.ledgers["loans"])
    return data


def show(html: str) -> None:
    """Display an HTML fragment in the notebook (and so in the rendered page)."""
    from IPython.display import HTML, display

    display(HTML(html))


def _status(value: str, lang: str) -> str:
    return " + ".join(tr(f"label.{s}", lang, default=s) for s in str(value).split("+"))


def synthetic_banner_html(d: YearData) -> str:
    """A short banner for a section whose tables and charts use synthetic ledgers ('' otherwise)."""
    if not d.synthetic:
        return ""
    return ('<div class="banner synthetic">' + esc(tr("banner.synthetic_section", d.lang, mark=SYNTHETIC_MARK))
            + "</div>")


def banner_html(d: YearData) -> str:
    """The page's data banners: synthetic ledgers, published table or not, ledger problems."""
    parts = []
    if d.synthetic:
        parts.append('<div class="banner synthetic">' + esc(tr("banner.synthetic_page", d.lang, mark=SYNTHETIC_MARK))
                     + "</div>")
    published = "banner.published" if d.published is not None else "banner.no_published"
    parts.append('<div class="banner info">' + esc(tr(published, d.lang, year=d.year)) + "</div>")
    for problem in d.problems:
        parts.append('<div class="banner">' + esc(tr("banner.ledger_not_used", d.lang) + problem) + "</div>")
    return "".join(parts)


def _value_cell(value: float, bound: str, lang: str) -> str:
    number = format_number(value)
    return tr("bound.at_least", lang, number=number) if bound == "at_least" else number


def published_table_html(table: pd.DataFrame, lang: str, caption: str) -> str:
    """Published (and derived) figures with their report section and quote, one row each.

    ``table`` has the columns of the domain modules' ``published_indicators``
    (``indicator, label_zh, label_en, value, unit, figure_ids, quote, section, bound``).
    """
    if table is None or table.empty:
        return ""
    rows = table.copy()
    rows["anchor"] = "fig-" + rows["indicator"]
    rows["label"] = rows[lang_column("label", lang)]
    derived = rows["figure_ids"].str.contains(";") & ~rows["label"].str.contains("推算|implied", case=False)
    rows.loc[derived, "label"] = rows.loc[derived, "label"] + f"（{tr('label.derived', lang)}）"
    rows["shown"] = [_value_cell(v, b, lang) for v, b in zip(rows["value"], rows["bound"], strict=True)]
    columns = {"label": tr("label.indicator", lang), "shown": tr("label.value", lang), "unit": tr("label.unit", lang),
               "section": tr("label.section", lang), "quote": tr("label.quote", lang)}
    return html_table(rows, columns, caption=caption, row_ids="anchor", css_class="tanto-table published")


def indicator_table_html(table: pd.DataFrame, lang: str, caption: str) -> str:
    """Ledger-derived indicators (town level) with their data status; synthetic tables say so."""
    if table is None or table.empty:
        return ""
    rows = table.loc[table["scope"] == TOWN].copy()
    rows["label"] = rows[lang_column("label", lang)]
    rows["status"] = [_status(s, lang) for s in rows["data_status"]]
    if any("synthetic" in s for s in rows["data_status"]):
        caption = f"{caption}（{SYNTHETIC_MARK}）"
    columns = {"label": tr("label.indicator", lang), "value": tr("label.value", lang), "unit": tr("label.unit", lang),
               "status": tr("label.status", lang)}
    return html_table(rows, columns, caption=caption, numeric=["value"])


def _headline_items(d: YearData) -> list[dict]:
    items: list[dict] = []
    if d.published is not None:
        for fid in HEADLINE_IDS:
            rows = d.published.loc[d.published["id"] == fid]
            if rows.empty:
                continue
            fig = rows.iloc[0]
            items.append({"id": fid, "label": fig[lang_column("label", d.lang)],
                          "value": _value_cell(fig["value"], fig["bound"], d.lang), "unit": fig["unit"],
                          "status": "published", "quote": fig["quote"], "section": fig["section"]})
        return items
    ledger = ledger_indicators(d)
    values = {r["indicator"]: r for r in ledger.to_dict("records") if r["scope"] == TOWN}
    for fid in HEADLINE_IDS:
        if fid in values:
            r = values[fid]
            items.append({"id": fid, "label": r[lang_column("label", d.lang)],
                          "value": format_number(r["value"]), "unit": r["unit"], "status": r["data_status"]})
    return items


def ledger_indicators(d: YearData) -> pd.DataFrame:
    """Every ledger-derived indicator of the year (register, employment, loans, land), tidy."""
    frames = []
    if d.has("villages"):
        frames.append(register_indicators(d.ledgers["villages"], d.year))
    if d.has("welfare_posts", "job_placements"):
        frames.append(employment.indicators(d.ledgers["welfare_posts"], d.ledgers["job_placements"], d.year))
    if d.has("loans", "loan_subsidies"):
        frames.append(loans.indicators(d.ledgers["loans"], d.ledgers["loan_subsidies"], d.year))
    if d.has("land_contracts", "villages"):
        frames.append(land.indicators(d.ledgers["land_contracts"], d.ledgers["villages"], d.year))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def overview_html(d: YearData) -> tuple[str, list[dict]]:
    """Headline cards (linked to their sources) and the items for the index."""
    items = _headline_items(d)
    cards = []
    for item in items:
        status = tr(f"label.{item['status']}", d.lang, default=item["status"])
        source = ""
        if item["status"] == "published":
            title = f"{item['section']}：{item['quote']}"
            source = (f'<div class="label"><a href="#fig-{esc(item["id"])}" title="{esc(title)}">'
                      f'{esc(tr("label.section", d.lang))} {esc(item["section"])}</a>'
                      f' · {esc(item["quote"])}</div>')
        cards.append(f'<div class="card"><div class="label">{esc(item["label"])}</div>'
                     f'<div class="value">{esc(item["value"])} <small>{esc(item["unit"])}</small></div>'
                     f'<div class="label status-{esc(item["status"])}">{esc(status)}</div>{source}</div>')
    html = '<div class="headline">' + "".join(cards) + "</div>"
    index_items = [{k: i[k] for k in ("label", "value", "unit", "status")} for i in items]
    return html, index_items


def show_overview(d: YearData) -> None:
    """Display the headline cards and hand their figures to the index page."""
    from IPython.display import display

    html, items = overview_html(d)
    display(headline_bundle(items, html), raw=True)


def other_domains_html(d: YearData) -> str:
    """Compact tables of the report's other domains (published figures with quotes)."""
    if d.published is None:
        return '<p class="commentary">' + esc(tr("other_domains.none", d.lang, year=d.year)) + "</p>"
    shown = set(SECTION_FIGURE_IDS)
    parts = []
    for domain in OTHER_DOMAINS:
        rows = d.published.loc[(d.published["domain"] == domain) & ~d.published["id"].isin(shown)].copy()
        if rows.empty:
            continue
        rows["indicator"] = rows["id"]
        rows["figure_ids"] = rows["id"]
        rows = rows.sort_values(["year", "section", "id"], kind="stable")
        name = tr(f"domain.{domain}", d.lang)
        parts.append(f"<h3>{esc(name)}</h3>")
        parts.append(published_table_html(rows, d.lang, f"{name}（{tr('label.published', d.lang)}）"))
    return "".join(parts)
