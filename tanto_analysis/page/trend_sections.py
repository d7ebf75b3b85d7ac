"""The cross-year trends page (``notebooks/20_trends.ipynb``): loading and display blocks.

Two sources, never mixed:

* the **published** figures of every report year in range — real numbers
  with quotes; with fewer than :data:`trends.MIN_YEARS` report years the
  page says plainly that more years are needed;
* the **ledgers** (the shipped ones are SYNTHETIC demo data) through the
  domain modules' ``indicators`` and by-village tables, for the three
  domains: employment income, loan subsidies, land transfer.

Projections: the ledger series are fitted on the years before the first
projection year (e.g. 2019–2022 for 2023 and 2024) and projected with 95 %
intervals; later observed values are drawn for comparison, not fitted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..analysis.across_years import (
    projection_years,
    projections_toward_targets,
    published_comparison,
    published_series,
)
from ..analysis.disclosure import REASONS
from ..analysis.trends import MIN_YEARS, fit_trend, fit_trends, growth_rates, project, village_panel
from ..core import paths
from ..core.status import is_synthetic
from ..core.text import lang_column, tr, unit_text
from ..ledgers.domains import domain as domain_of
from ..ledgers.domains import domain_title, ledgers_of, project_domains
from ..reference.villages import current_town, place_names
from .breakdowns import protection
from .charts import SYNTHETIC_MARK
from .html import render
from .safe_html import html_table
from .sections import Chart, Fragment, Section
from .trend_charts import trend_chart, village_slopes_chart

__all__ = [
    "LedgerPanel",
    "load_ledger_panel",
    "panel_banner",
    "panel_banner_html",
    "published_in_range",
    "published_trends",
    "published_trends_html",
    "town_trends_section",
    "trend_domains",
    "village_panel_section",
]

def trend_domains() -> tuple[str, ...]:
    """The project's domains with ledger trends, in page order (titles: :func:`~tanto_analysis.ledgers.domains.domain_title`)."""
    return tuple(d.key for d in project_domains() if d.town_trends)


class LedgerPanel:
    """Town-level and village-level tidy indicator tables over several years.

    Attributes
    ----------
    town, villages : DataFrame
        Columns ``year, scope, domain, indicator, label_zh, label_en, value,
        unit, data_status``.
    years : list of int
        Years whose ledgers loaded.
    problems : list of str
        Ledgers that were missing or invalid.
    withheld : dict
        Per domain, the villages disclosure control withholds in some year
        (:func:`~tanto_analysis.page.breakdowns.protection` of the domain's
        village breakdown), each with its reason: the village panel leaves
        them out.
    synthetic_years : set of int
        Years any of whose ledgers is synthetic, wholly or partly: every
        series through such a year is labelled synthetic.
    """

    def __init__(self, town: pd.DataFrame, villages: pd.DataFrame, years: list[int], problems: list[str],
                 withheld: dict[str, dict[str, str]] | None = None, synthetic_years: set[int] | None = None):
        self.town, self.villages, self.years, self.problems = town, villages, years, problems
        self.withheld = withheld if withheld is not None else {}
        self.synthetic_years = synthetic_years if synthetic_years is not None else set()

    @property
    def synthetic(self) -> bool:
        """True if any year's ledgers are synthetic, wholly or partly."""
        return bool(self.synthetic_years) or is_synthetic(self.town) or is_synthetic(self.villages)

    def is_synthetic(self, series: pd.DataFrame) -> bool:
        """True if ``series`` (rows with ``year``) rests on a year whose ledgers are synthetic, wholly or partly."""
        return is_synthetic(series) or bool(set(series["year"].astype(int)) & self.synthetic_years)


def load_ledger_panel(first_year: int, last_year: int, data_dir: str | Path | None = None,
                      ledger_dir: str | Path | None = None) -> LedgerPanel:
    """Load every year's ledgers in range and compute the domains' indicators.

    ``data_dir`` defaults to the project's data tree, ``ledger_dir`` to the demo
    ledgers under ``data_dir``.
    """
    from .page_data import ledger_indicators, load_page_data

    if ledger_dir is None:
        ledger_dir = paths.project_ledgers_dir(data_dir)
    town, villages, years, problems = [], [], [], []
    withheld: dict[str, dict[str, str]] = {domain: {} for domain in trend_domains()}
    synthetic_years: set[int] = set()
    for year in range(first_year, last_year + 1):
        if not (Path(ledger_dir) / str(year)).is_dir():
            continue
        d = load_page_data(year, data_dir, ledger_dir)
        problems += [f"{year}: {p}" for p in d.problems]
        ind = ledger_indicators(d)
        if ind.empty:
            continue
        years.append(year)
        if d.synthetic:
            synthetic_years.add(year)
        town.append(ind.loc[ind["domain"].isin(list(trend_domains()))])
        for dom in project_domains():
            if not dom.village_ready(d.ledgers):
                continue
            villages.append(dom.by_village(*ledgers_of(dom, d.ledgers, dom.village_ledgers), year))
            if dom.village_breakdown:
                for village, reason in protection(d, dom.village_breakdown).suppressed.items():
                    if REASONS.index(reason) < REASONS.index(withheld[dom.key].get(village, "secondary")):
                        withheld[dom.key][village] = reason
                    withheld[dom.key].setdefault(village, reason)
    return LedgerPanel(_concat(town), _concat(villages), years, problems, withheld, synthetic_years)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def panel_banner_html(panel: LedgerPanel, lang: str = "zh") -> str:
    """Banners for the ledger part of the trends page: synthetic data, years loaded, problems."""
    parts = []
    if panel.synthetic:
        parts.append(render("banner.html.j2", kind="synthetic", role=None,
                            text=tr("trend.synthetic_banner", lang, mark=SYNTHETIC_MARK, **place_names(lang))))
    years = tr("sep.enum", lang).join(map(str, panel.years))
    parts.append(render("banner.html.j2", kind="info", role=None,
                        text=tr("trend.ledger_years", lang, years=years or tr("trend.none", lang))))
    for problem in panel.problems:
        parts.append(render("banner.html.j2", kind=None, role=None, text=tr("banner.ledger_not_used", lang) + problem))
    return "".join(parts)


def panel_banner(panel: LedgerPanel, lang: str = "zh") -> Fragment:
    """:func:`panel_banner_html` as a displayable fragment."""
    return Fragment(panel_banner_html(panel, lang), panel.synthetic)


def published_in_range(first_year: int, last_year: int, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The published tables of the report years in range, concatenated (may be empty)."""
    from ..figures.published import load_published

    frames = []
    for year in range(first_year, last_year + 1):
        path = paths.published_path(year, data_dir)
        if path.is_file():
            frames.append(load_published(year, path, data_dir))
    return _concat(frames)


def _paragraph(text: str, strong: bool = False) -> str:
    return render("paragraph.html.j2", css=None, strong=strong, text=text)


def _more_years(n: int, lang: str) -> str:
    return tr("trend.more_years", lang, n=n, m=MIN_YEARS)


def published_trends_html(tables: pd.DataFrame, lang: str = "zh") -> str:
    """Trends of the published figures across report years, and projections toward targets.

    With fewer than :data:`trends.MIN_YEARS` report years: one plain sentence,
    no table of slopes, no line.
    """
    years = sorted(set(tables["report_year"])) if not tables.empty else []
    listed = tr("sep.enum", lang).join(str(y) for y in years)
    head = _paragraph(tr("trend.published_tables", lang, years=listed or tr("trend.none", lang)))
    head += published_comparison_html(tables, lang)
    if len(years) < MIN_YEARS:
        return head + _paragraph(_more_years(len(years), lang), strong=True)
    actual = tables.loc[(tables["kind"] == "actual") & (tables["indicator"] != "")]
    actual = actual.sort_values(["indicator", "year", "report_year"]).drop_duplicates(
        ["scope", "indicator", "year"], keep="last")
    fits = fit_trends(actual, by=("scope", "indicator"))
    fits = fits.loc[fits["status"] == "fitted"].copy()
    label = lang_column("label", lang)
    names = dict(zip(actual["indicator"], actual[label], strict=True))
    fits["indicator_label"] = fits["indicator"].map(names)
    columns = {"indicator_label": tr("label.indicator", lang), "unit": tr("label.unit", lang),
               "n_years": tr("trend.years", lang), "slope": tr("trend.slope", lang),
               "slope_low": tr("trend.low", lang), "slope_high": tr("trend.high", lang),
               "growth_pct": tr("trend.cagr", lang)}
    out = head + html_table(fits, columns, caption=tr("trend.published_caption", lang),
                            numeric=["slope", "slope_low", "slope_high", "growth_pct"])
    proj = projections_toward_targets(tables)
    if not proj.empty:
        proj["indicator_label"] = proj["actual_id"].map(dict(zip(tables["id"], tables[label], strict=True)))
        proj["outlook_text"] = [tr(f"trend.outlook.{o}", lang, default=o) for o in proj["outlook"]]
        pcols = {"indicator_label": tr("trend.actual", lang), "target_year": tr("progress.target_year", lang),
                 "target_value": tr("progress.target", lang), "projected": tr("trend.projected", lang),
                 "obs_low": tr("trend.low", lang), "obs_high": tr("trend.high", lang),
                 "outlook_text": tr("trend.outlook", lang)}
        out += html_table(proj, pcols, caption=tr("trend.projection_caption", lang),
                          numeric=["target_value", "projected", "obs_low", "obs_high"])
    return out


def published_comparison_html(tables: pd.DataFrame, lang: str = "zh") -> str:
    """The indicators two or more report years state, side by side with change and growth ('' if none)."""
    wide = published_comparison(tables)
    if wide.empty:
        return ""
    wide["label"] = wide[lang_column("label", lang)]
    wide["bounds"] = wide["bounds"].map(lambda b: tr("sep.clause", lang).join(
        f"{year}: {tr('bound.name.' + bound, lang)}" for year, bound in (part.split(": ") for part in b.split("; ")))
        if b else "")
    year_columns = [c for c in wide.columns if c.isdigit()]
    columns = {"label": tr("label.indicator", lang), "unit": tr("label.unit", lang),
               **{y: y for y in year_columns}, "change": tr("trend.change", lang),
               "growth_pct": tr("trend.cagr", lang), "bounds": tr("label.bound", lang)}
    return html_table(wide, columns, caption=tr("trend.comparison_caption", lang),
                      numeric=[*year_columns, "change", "growth_pct"])


def published_trends(tables: pd.DataFrame, lang: str = "zh") -> Section:
    """:func:`published_trends_html` as a section; ``frames["published"]`` is ``tables``."""
    section = Section(frames={"published": tables})
    section.add(published_trends_html(tables, lang))
    return section


def _label(frame: pd.DataFrame, lang: str) -> str:
    return str(frame[lang_column("label", lang)].iloc[0])


def town_trends_section(panel: LedgerPanel, domain: str, lang: str = "zh",
                        project_to: tuple[int, ...] | None = None) -> Section:
    """Charts and messages of the domain's town-level indicators across years.

    Each series is fitted on the years before the first projection year that
    lies inside the data (so those years are genuine projections); without
    enough years the message says so and nothing is drawn.  ``project_to``
    defaults to the years after the latest report up to the latest target or
    plan year of the published tables
    (:func:`~tanto_analysis.analysis.across_years.projection_years`).  ``frames``
    maps each indicator id to its yearly series (value in the indicator's unit).
    """
    if project_to is None:
        project_to = tuple(projection_years(published_series()))
    section = Section()
    town = panel.town
    if town.empty or "indicator" not in town.columns:  # a town with published figures only, so far
        section.add(_paragraph(tr("trend.awaits_ledgers", lang, domain=domain_title(domain, lang))))
        return section
    for indicator in domain_of(domain).town_trends:
        series = town.loc[(town["indicator"] == indicator) & (town["scope"] == current_town().name)].sort_values("year")
        if series.empty:
            continue
        section.frames[indicator] = series
        cut = min([y for y in project_to if y > series["year"].min()], default=None)
        fitted_part = series.loc[series["year"] < cut] if cut else series
        later = series.loc[series["year"] >= cut] if cut else series.iloc[0:0]
        fit = fit_trend(fitted_part)
        name = _label(series, lang)
        synthetic = panel.is_synthetic(series)
        mark = f"（{SYNTHETIC_MARK}）" if synthetic else ""
        section.add(Fragment(render("trend_heading.html.j2", text=name, mark=mark, message=fit.message(lang)),
                             synthetic))
        if not fit.fitted:
            continue
        section.add(Chart(trend_chart(fitted_part, fit, title=name, value_label=str(series["unit"].iloc[0]),
                                      year_label=tr("label.year", lang), synthetic=synthetic,
                                      project_to=list(project_to), later=later[["year", "value"]], lang=lang),
                          series, synthetic))
        rows = project(fit, [y for y in project_to if y > int(fitted_part["year"].max())])
        if not rows.empty:
            columns = {"year": tr("label.year", lang), "mean": tr("trend.mean", lang),
                       "mean_low": tr("trend.mean_low", lang), "mean_high": tr("trend.mean_high", lang),
                       "obs_low": tr("trend.obs_low", lang), "obs_high": tr("trend.obs_high", lang)}
            caption = tr("trend.projection", lang, name=name, mark=mark)
            section.add(Fragment(html_table(rows, columns, caption=caption,
                                            numeric=["mean", "mean_low", "mean_high", "obs_low", "obs_high"],
                                            unit=str(series["unit"].iloc[0])),
                                 synthetic))
        growth = growth_rates(series)
        gcols = {"year": tr("label.year", lang), "value": tr("label.value", lang),
                 "change": tr("trend.change", lang), "growth_pct": tr("trend.growth", lang)}
        section.add(Fragment(html_table(growth, gcols, caption=tr("trend.growth_caption", lang, name=name, mark=mark),
                                        numeric=["value", "change", "growth_pct"], unit=str(series["unit"].iloc[0])),
                             synthetic))
    return section


def village_panel_section(panel: LedgerPanel, domain: str, lang: str = "zh") -> Section:
    """Each village's yearly slope (with 95 % interval) on the domain's village indicator.

    ``frames["villages"]`` holds one row per village (slope in the indicator's unit per year).
    """
    section = Section()
    indicator = domain_of(domain).village_indicator
    rows = panel.villages.loc[panel.villages["indicator"] == indicator] if not panel.villages.empty else pd.DataFrame()
    withheld = panel.withheld.get(domain, {})
    if not rows.empty and withheld:  # a village withheld in any year is left out of every year
        rows = rows.loc[~rows["scope"].astype(str).isin(set(withheld))]
        counts = {r: list(withheld.values()).count(r) for r in REASONS if r in withheld.values()}
        data = " ".join(f"{r}:{n}" for r, n in counts.items())
        section.add(render("sdc_note.html.j2", data=data, text=tr("sdc.panel.hidden", lang, n=len(withheld))))
    if rows.empty:
        section.add(_paragraph(tr("trend.no_villages", lang)))
        return section
    table = village_panel(rows, indicator)
    section.frames["villages"] = table
    name = _label(rows, lang)
    synthetic = panel.is_synthetic(rows)
    mark = f"（{SYNTHETIC_MARK}）" if synthetic else ""
    unit = str(rows["unit"].iloc[0])
    if not (table["status"] == "fitted").any():
        n = int(table["n_years"].max())
        section.add(_paragraph(_more_years(n, lang), strong=True))
        return section
    title = tr("trend.village_title", lang, name=name)
    section.add(Chart(village_slopes_chart(table, title=title, slope_label=tr("trend.per_year", lang, unit=unit_text(unit, lang)),
                                           synthetic=synthetic), table, synthetic))
    shown = table.assign(compare=table["versus_median"].map(lambda k: tr(f"trend.{k}", lang)))
    columns = {"scope": tr("label.village", lang), "first_value": tr("trend.first", lang),
               "last_value": tr("trend.last", lang), "slope": tr("trend.village_slope", lang),
               "slope_low": tr("trend.low", lang), "slope_high": tr("trend.high", lang),
               "compare": tr("trend.versus_median", lang)}
    section.add(Fragment(html_table(shown, columns, caption=f"{title}{mark}",
                                    numeric=["first_value", "last_value", "slope", "slope_low", "slope_high"], unit=unit),
                         synthetic))
    return section
