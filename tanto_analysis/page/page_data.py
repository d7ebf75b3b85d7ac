"""Building blocks of a year's appendix, called from the notebooks ``notebooks/1N_*.ipynb``.

A notebook loads the year once with :func:`load_page_data` and then shows its
blocks (the domain sections return objects that display themselves)::

    d = page_data.load_page_data(year, data_dir, ledger_dir, lang)
    page_data.show(page_data.banner_html(d))
    page_data.show_overview(d)

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

from ..analysis.disclosure import Rules, project_rules
from ..core import paths
from ..core.errors import InputError
from ..core.numbers import format_number
from ..core.status import is_synthetic
from ..core.text import SYNTHETIC_MARK, lang_column, tr, unit_text, with_bound
from ..figures.published import DOMAINS, load_published
from ..ledgers.domains import domain_title, ledgers_of, project_domains
from ..ledgers.ledger import Ledger
from ..ledgers.loading import load_year_ledgers
from ..reference.indicators import load_registry
from ..reference.villages import current_town, place_names
from .headline import headline_bundle
from .html import render
from .safe_html import html_table

__all__ = [
    "PageData",
    "banner_html",
    "synthetic_banner_html",
    "indicator_table_html",
    "load_page_data",
    "other_domains_html",
    "published_table_html",
    "show",
    "show_overview",
]

@dataclass
class PageData:
    """Everything one year's appendix reads.

    ``published`` is the validated figures table (``None`` if the year has no
    published table); ``ledgers`` maps a ledger name to its loaded :class:`Ledger` for
    the ledgers present; ``problems`` lists the ledgers that are missing (and a
    previous year's table that could not be read); ``previous`` is the
    previous year's published table, if there is a valid one.
    """

    year: int
    lang: str
    published: pd.DataFrame | None
    ledgers: dict[str, Ledger] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    #: The previous year's published table, for the change beside the headline figures.
    previous: pd.DataFrame | None = None
    #: The disclosure rules every breakdown of the ledgers passes (the project's, ``tanto.toml``).
    rules: Rules = field(default_factory=Rules)
    #: Disclosure decisions made for this year, by breakdown (:func:`~tanto_analysis.page.breakdowns.protection`).
    protections: dict = field(default_factory=dict, repr=False)

    @property
    def synthetic(self) -> bool:
        """True if any loaded ledger is synthetic."""
        return is_synthetic(self.ledgers.values())

    def has(self, *names: str) -> bool:
        """True if all the named ledgers are loaded."""
        return all(n in self.ledgers for n in names)


def load_page_data(year: int, data_dir: str | Path | None = None, ledger_dir: str | Path | None = None,
              lang: str = "zh", rules: Rules | None = None) -> PageData:
    """Load the published table (if any) and the ledgers (those present) of ``year``.

    ``data_dir`` defaults to the project's data tree, ``ledger_dir`` to the demo
    ledgers under ``data_dir`` (:func:`~tanto_analysis.core.paths.project_ledgers_dir`), ``rules``
    to the project's disclosure rules (:func:`~tanto_analysis.analysis.disclosure.project_rules`).

    A missing ledger is noted on the page (``problems``), not fatal.  An
    invalid one is an error: :class:`InputError` with its ``file:row:column``
    problems, so the page fails and ``tanto build`` reports them; no cell value
    from a rejected ledger ever reaches the page.

    A page's notebooks run one after another in one kernel and each loads the
    year: the ledgers are read and checked once per process for the same
    files (:func:`~tanto_analysis.ledgers.loading.load_year_ledgers`, keyed by
    their SHA-256), and a big ledger once at all (its Parquet cache).
    """
    if ledger_dir is None:
        ledger_dir = paths.project_ledgers_dir(data_dir)
    table = paths.published_path(year, data_dir)
    published = load_published(year, table, data_dir) if table.is_file() else None
    data = PageData(year, lang, published, rules=rules if rules is not None else project_rules())
    before = paths.published_path(year - 1, data_dir)
    if before.is_file():
        try:
            data.previous = load_published(year - 1, before, data_dir)
        except InputError as exc:  # that year's own page reports it; this one only loses the change
            data.problems.append(f"{exc.problems[0]} (+{len(exc.problems) - 1})" if len(exc.problems) > 1
                                 else str(exc.problems[0]))
    data.ledgers = load_year_ledgers(year, ledger_dir, missing=data.problems)
    return data


def show(html: str) -> None:
    """Display an HTML fragment in the notebook (and so in the rendered page)."""
    from IPython.display import HTML, display

    display(HTML(html))


def _status(value: str, lang: str) -> str:
    return " + ".join(tr(f"label.{s}", lang, default=s) for s in str(value).split("+"))


def synthetic_banner_html(d: PageData) -> str:
    """A short banner for a section whose tables and charts use synthetic ledgers ('' otherwise)."""
    if not d.synthetic:
        return ""
    return render("banner.html.j2", kind="synthetic", role=None,
                  text=tr("banner.synthetic_section", d.lang, mark=SYNTHETIC_MARK))


def banner_html(d: PageData) -> str:
    """The page's data banners: synthetic ledgers, published table or not, ledger problems."""
    parts = []
    if d.synthetic:
        parts.append(render("banner.html.j2", kind="synthetic", role=None,
                            text=tr("banner.synthetic_page", d.lang, mark=SYNTHETIC_MARK, **place_names(d.lang))))
    published = "banner.published" if d.published is not None else "banner.no_published"
    parts.append(render("banner.html.j2", kind="info", role=None, text=tr(published, d.lang, year=d.year)))
    for problem in d.problems:
        parts.append(render("banner.html.j2", kind=None, role=None, text=tr("banner.ledger_not_used", d.lang) + problem))
    return "".join(parts)


def _value_cell(value: float, bound: str, lang: str, high: float | None = None) -> str:
    """A published value as written: ``300以上``, ``约15,700``, ``15,000–20,000``."""
    shown_high = format_number(high) if high is not None and not pd.isna(high) else None
    return with_bound(format_number(value), bound, lang, shown_high)


def published_table_html(table: pd.DataFrame, lang: str, caption: str) -> str:
    """Published (and derived) figures with their report section and quote, one row each.

    ``table`` has the columns of the domain modules' ``published_indicators``
    (``indicator, label_zh, label_en, value, unit, figure_ids, quote, section, bound``).
    """
    if table is None or table.empty:
        return ""
    rows = table.copy()
    single = ~rows["figure_ids"].str.contains(";")  # a derived figure has no row of its own
    rows["anchor"] = ("fig-" + rows["figure_ids"]).where(single, "")
    rows["label"] = rows[lang_column("label", lang)]
    derived = rows["figure_ids"].str.contains(";") & ~rows["label"].str.contains("推算|implied", case=False)
    rows.loc[derived, "label"] = rows.loc[derived, "label"] + tr("sep.paren", lang, text=tr("label.derived", lang))
    highs = rows["value_high"] if "value_high" in rows.columns else [None] * len(rows)
    rows["shown"] = [_value_cell(v, b, lang, h) for v, b, h in zip(rows["value"], rows["bound"], highs, strict=True)]
    columns = {"label": tr("label.indicator", lang), "shown": tr("label.value", lang), "unit": tr("label.unit", lang),
               "section": tr("label.section", lang), "quote": tr("label.quote", lang)}
    return html_table(rows, columns, caption=caption, row_ids="anchor", css_class="tanto-table published")


def indicator_table_html(table: pd.DataFrame, lang: str, caption: str, synthetic: bool = False) -> str:
    """Ledger-derived indicators (town level) with their data status; synthetic tables say so.

    ``synthetic`` labels the table even when its own rows are actual: a year
    whose ledgers are partly synthetic is labelled so on every table.
    """
    if table is None or table.empty:
        return ""
    rows = table.loc[table["scope"] == current_town().name].copy()
    rows["label"] = rows[lang_column("label", lang)]
    rows["status"] = [_status(s, lang) for s in rows["data_status"]]
    if synthetic or is_synthetic(rows):
        caption = f"{caption}（{SYNTHETIC_MARK}）"
    columns = {"label": tr("label.indicator", lang), "value": tr("label.value", lang), "unit": tr("label.unit", lang),
               "status": tr("label.status", lang)}
    return html_table(rows, columns, caption=caption, numeric=["value"])


def headline_indicators() -> list[str]:
    """The registry's headline indicators, in their rank order (``headline`` in ``data/indicators.csv``)."""
    registry = load_registry()
    return sorted((k for k, i in registry.items() if i.headline), key=lambda k: registry[k].headline)


def _actual(table: pd.DataFrame | None, indicator: str, year: int) -> pd.Series | None:
    """The town's actual figure of ``indicator`` for ``year`` in ``table`` (a village's if the town has none)."""
    if table is None:
        return None
    rows = table.loc[(table["indicator"] == indicator) & (table["kind"] == "actual") & (table["year"] == year)]
    if rows.empty:
        return None
    town = rows.loc[rows["scope"] == current_town().name]
    return (town if not town.empty else rows).iloc[0]


def _change(now: pd.Series, before: pd.Series | None, lang: str) -> str:
    """``2021年：7,100，变化+165`` beside a headline figure; '' without a comparable previous figure."""
    if before is None or before["unit"] != now["unit"]:
        return ""
    delta = float(now["value"]) - float(before["value"])
    sign = "+" if delta > 0 else ""
    return tr("headline.previous", lang, year=int(before["year"]),
              value=_value_cell(before["value"], before["bound"], lang, before.get("value_high")),
              change=sign + format_number(delta))


def _headline_items(d: PageData) -> list[dict]:
    items: list[dict] = []
    if d.published is not None:
        for key in headline_indicators():
            fig = _actual(d.published, key, d.year)
            if fig is None:
                continue
            items.append({"id": fig["id"], "label": fig[lang_column("label", d.lang)],
                          "value": _value_cell(fig["value"], fig["bound"], d.lang, fig.get("value_high")),
                          "unit": fig["unit"], "status": "published", "quote": fig["quote"],
                          "section": fig["section"],
                          "change": _change(fig, _actual(d.previous, key, d.year - 1), d.lang)})
        return items
    ledger = ledger_indicators(d)
    values = {r["indicator"]: r for r in ledger.to_dict("records") if r["scope"] == current_town().name}
    for key in headline_indicators():
        if key in values:
            r = values[key]
            items.append({"id": key, "label": r[lang_column("label", d.lang)],
                          "value": format_number(r["value"]), "unit": r["unit"], "status": r["data_status"]})
    return items


def ledger_indicators(d: PageData) -> pd.DataFrame:
    """Every ledger-derived indicator of the year (each domain of the registry whose ledgers are loaded), tidy."""
    frames = [dom.indicators(*ledgers_of(dom, d.ledgers), d.year) for dom in project_domains() if dom.ready(d.ledgers)]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def overview_html(d: PageData, ids: list[str] | None = None) -> tuple[str, list[dict]]:
    """Headline cards (linked to their sources) and the items for the index; ``ids``: these cards, in this order."""
    items = _headline_items(d) if ids is None else [i for k in ids for i in _headline_items(d) if i["id"] == k]
    cards = []
    for item in items:
        published = item["status"] == "published"  # the report's own words stay Chinese, marked as such
        cards.append({
            "label": item["label"], "value": item["value"], "unit": unit_text(item["unit"], d.lang),
            "status": item["status"], "status_text": tr(f"label.{item['status']}", d.lang, default=item["status"]),
            "published": published, "id": item.get("id"), "section_label": tr("label.section", d.lang),
            "title": f"{item['section']}：{item['quote']}" if published else "", "section": item.get("section"),
            "quote": item.get("quote"), "change": item.get("change"),
        })
    html = render("headline.html.j2", cards=cards)
    index_items = [{k: i[k] for k in ("label", "value", "unit", "status")}
                   | ({"change": i["change"]} if i.get("change") else {}) for i in items]
    return html, index_items


def show_overview(d: PageData) -> None:
    """Display the headline cards and hand their figures to the index page."""
    from IPython.display import display

    html, items = overview_html(d)
    display(headline_bundle(items, html), raw=True)


def section_figure_ids(table: pd.DataFrame, year: int) -> set[str]:
    """Ids of the figures the employment, loan and land sections show (with their quotes)."""
    ids: set[str] = set()
    for dom in (dom for dom in project_domains() if dom.section):
        for figure_ids in dom.published(table, year)["figure_ids"]:
            if ";" not in figure_ids:
                ids.add(figure_ids)
    return ids


def _domain_order(domains: set[str]) -> list[str]:
    order = {d: i for i, d in enumerate(DOMAINS)}
    return sorted(domains, key=lambda d: (order.get(d, len(order)), d))


def other_domains_html(d: PageData) -> str:
    """Every published figure the domain sections do not show, by domain, with its quote.

    With the domain sections this lists every row of the year's table, so no
    figure of a report is ever left off the page (the build checks it).
    """
    if d.published is None:
        return render("paragraph.html.j2", css="commentary", strong=False, text=tr("other_domains.none", d.lang, year=d.year))
    shown = section_figure_ids(d.published, d.year)
    rest = d.published.loc[~d.published["id"].isin(shown)]
    parts = []
    for domain in _domain_order(set(rest["domain"])):
        rows = rest.loc[rest["domain"] == domain].copy()
        rows["figure_ids"] = rows["id"]
        rows = rows.sort_values(["year", "section", "id"], kind="stable")
        name = domain_title(domain, d.lang)
        parts.append(render("heading3.html.j2", text=name))
        parts.append(published_table_html(rows, d.lang, tr("other_domains.caption", d.lang, name=name)))
    return "".join(parts)
