"""The library API for notebooks and scripts: ``ta.year(2022)`` and ``ta.years()``.

Paths resolve from the project root (``$TANTO_ROOT``, or the nearest folder
with a ``tanto.toml`` at or above the working directory, see
:mod:`tanto_analysis.core.paths`), so the same call gives the same tables
from ``notebooks/``, from the root, through papermill, nbconvert or JupyterLab::

    import tanto_analysis as ta

    y = ta.year(2022)
    y.figures                     # the published figures, one row each (value in base units)
    y.ledgers["loans"]            # a ledger as loaded and checked (names: y.ledger_names), in DuckDB
    y.ledgers["loans"].query("SELECT village, sum(amount_yuan) AS yuan FROM {t} GROUP BY village")
    y.ledgers["loans"].df()       # its rows as a DataFrame (for a town's ledger; a county's is millions)
    y.indicators                  # every ledger-derived indicator, tidy
    y.by_village("loans")         # loans (笔), households (户), amount (元), subsidy (元) per village
    y.audit, y.progress           # the consistency audit and progress toward targets
    y.breakdown("loans", "kind", "amount_yuan")   # any breakdown of a ledger, under disclosure control
    y.table(frame, "户均贷款")     # an aggregate table for the page: disclosure control, label if synthetic
    v = y.values(y.domain_indicators("loans"))    # each value as a sentence writes it (or the withheld mark)
    y.say(zh=f"新增贷款{v.loans_new_amount}元。", en=f"New loans: {v.loans_new_amount} yuan.")  # a finding

Everything computed here from ledger rows is for the analyst's own kernel;
what goes on a page passes disclosure control (``docs/disclosure.md``):
``y.by_village`` and ``y.breakdown`` return frames that carry their
decision, and ``y.table`` and the library's charts show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .analysis.disclosure import Protection, Rules, protect, protection_of
from .core import paths
from .core.errors import ConfigurationError
from .core.units import COUNT_UNITS
from .ledgers.contributions import Measure, cell_stats
from .ledgers.domains import domain as ledger_domain
from .ledgers.domains import ledgers_of
from .ledgers.ledger import Ledger
from .page.breakdowns import breakdowns, protection
from .page.findings import Values, pick, say, values
from .page.page_data import PageData, ledger_indicators, load_page_data
from .page.sections import Table, table

__all__ = ["Year", "year", "years"]

def years(ledger_dir: str | Path | None = None) -> list[int]:
    """The years that have a ledger folder (``<ledger_dir>/<year>/``, default the project's ledger folder) or a
    published table, ascending."""
    from .build.pipeline import available_years

    return available_years(Path(ledger_dir) if ledger_dir is not None else None)


@dataclass
class Year:
    """One year's data as DataFrames; made by :func:`year`.

    Attributes
    ----------
    data : PageData
        What the page's building blocks take (``page_data.banner_html(y.data)``).
    data_dir : Path or None
        The data tree the year was read from (None: the project's own).
    """

    data: PageData
    data_dir: str | Path | None = None

    @property
    def year(self) -> int:
        """The report year."""
        return self.data.year

    @property
    def synthetic(self) -> bool:
        """True if any loaded ledger is SYNTHETIC demo data."""
        return self.data.synthetic

    @property
    def figures(self) -> pd.DataFrame:
        """The published figures of the year's report (empty if the year has no published table)."""
        return self.data.published if self.data.published is not None else pd.DataFrame()

    @property
    def ledgers(self) -> dict[str, Ledger]:
        """The ledgers that loaded, by name (see :attr:`ledger_names`): ask them with ``.query(sql)``, or ``.df()``."""
        return self.data.ledgers

    @property
    def ledger_names(self) -> list[str]:
        """Names of the loaded ledgers (``villages``, ``loans``, ``loan_subsidies`` …)."""
        return list(self.data.ledgers)

    @property
    def problems(self) -> list[str]:
        """Ledgers that were not found (``file:row:column: message`` lines)."""
        return list(self.data.problems)

    @property
    def indicators(self) -> pd.DataFrame:
        """Every ledger-derived indicator (register, employment, loans, land), tidy.

        Town-level totals and statistics: they stay shown under disclosure control.
        """
        return Protection.town(self.data.rules).apply(ledger_indicators(self.data))

    @property
    def rules(self) -> Rules:
        """The disclosure rules the year's tables and charts follow (the project's ``[disclosure]``)."""
        return self.data.rules

    @property
    def audit(self) -> pd.DataFrame:
        """The consistency audit's findings, one row each (empty if the year has no published table)."""
        from .analysis.audit.auditor import audit_year
        from .analysis.audit.report import findings_frame

        return findings_frame(audit_year(self.year, self.data_dir)) if self.data.published is not None \
            else findings_frame([])

    @property
    def progress(self) -> pd.DataFrame:
        """Progress toward the report's targets (Open SDG categories; empty without a published table)."""
        from .analysis.progress import target_progress

        return target_progress(self.data.published) if self.data.published is not None else pd.DataFrame()

    def by_village(self, domain: str) -> pd.DataFrame:
        """One row per village with the domain's ledger totals.

        Parameters
        ----------
        domain : {"employment", "loans", "land"}
            Also the domain ids ``employment_income``, ``loan_subsidy``, ``land_transfer``.

        Returns
        -------
        DataFrame
            Indexed by ``village``; loans: ``loans`` (笔), ``households`` (户),
            ``amount_yuan`` (元), ``subsidy_yuan`` (元); employment: ``posts`` (人);
            land: ``area_mu`` (亩).  Empty if the domain's ledgers are missing.
        """
        try:
            dom = ledger_domain(domain)
        except KeyError as exc:
            raise ConfigurationError(exc.args[0]) from None
        d = self.data
        if not dom.village_ready(d.ledgers) or not dom.village_columns:
            return pd.DataFrame()
        tidy = dom.by_village(*ledgers_of(dom, d.ledgers, dom.village_ledgers), d.year)
        columns = dict(dom.village_columns)
        wide = (tidy.loc[tidy["indicator"].isin(list(columns))]
                .pivot(index="scope", columns="indicator", values="value")
                .rename(columns=columns).rename_axis(index="village", columns=None))
        units = dict(zip(tidy["indicator"], tidy["unit"], strict=True))
        shown = [columns[i] for i in columns if columns[i] in wide.columns]
        counts = [columns[i] for i in columns if columns[i] in wide.columns and units.get(i) in COUNT_UNITS]
        wide = wide[shown].astype({c: int for c in counts})
        return protection(d, dom.village_breakdown).apply(wide, key="village")

    def breakdown(self, ledger: str, by: str, value: str | None = None) -> pd.DataFrame:
        """Any breakdown of one ledger's rows, carrying its disclosure decision (for :meth:`table` and the charts).

        Parameters
        ----------
        ledger : str
            A loaded ledger's name (:attr:`ledger_names`), e.g. ``"loans"``.
        by : str
            The ledger column (or SQL expression over its columns) whose values are the cells,
            e.g. ``"kind"``, ``"village"``, ``"year(issue_date)"``.
        value : str, optional
            The column summed in each cell (``amount_yuan`` in 元, ``area_mu`` in 亩);
            default the number of rows.

        Returns
        -------
        DataFrame
            Indexed by the cells (named ``by``), one column: ``value``'s name
            (or ``rows``).  Its contributors are the project's for that ledger
            (households, persons, contracts); :meth:`table` shows a suppressed
            cell as suppressed.  A breakdown a page also shows (a ledger's
            villages, a post type …) carries the page's decision, so no cell
            is shown in one place and withheld in another.
        """
        if ledger not in self.data.ledgers:
            raise ConfigurationError(f"no ledger {ledger!r} loaded for {self.year}; loaded: "
                                     f"{', '.join(self.ledger_names) or 'none'}")
        if ledger not in self.data.rules.contributors:
            raise ConfigurationError(f"no contributor column declared for ledger {ledger!r}; set it in "
                                     "[disclosure.contributors] of tanto.toml")
        measure = Measure(self.data.ledgers[ledger], self.data.rules.contributors[ledger], value)
        cells = cell_stats(measure, by)["value"].rename(value or "rows").rename_axis(by).to_frame()
        declared = next((name for name, b in breakdowns().items()
                         if b.by == by and ledger in {n for n, _ in b.measures}), None)
        if declared is not None:  # cells a page also shows: the page's one decision, never a second one
            return protection(self.data, declared).apply(cells, key=by)
        return protect(by, [measure], self.data.rules).apply(cells)

    def has(self, *ledgers: str) -> bool:
        """True if every named ledger is loaded (``y.has("loans", "loan_subsidies")``)."""
        return self.data.has(*ledgers)

    def published(self, domain: str) -> pd.DataFrame:
        """The report's figures of one domain (``"employment"``, ``"loans"``, ``"land"``), with derived ones
        (元 per 户 …), their section, quote and bound; empty without a published table."""
        from .page.domain_sections import published

        return published(self.data, domain)

    def domain_indicators(self, domain: str) -> pd.DataFrame:
        """One domain's indicators computed from the ledgers, tidy, town level (empty if a ledger is missing)."""
        from .page.domain_sections import ledger_indicators

        return Protection.town(self.data.rules).apply(ledger_indicators(self.data, domain))

    def values(self, frame: pd.DataFrame, row: object = None) -> Values:
        """Each value of a tidy table (or of one ``row`` of another frame) as a finding sentence writes it.

        ``v = y.values(y.domain_indicators("loans"))``, then ``f"{v.loans_new_amount}元"``: the number
        as the page writes it (with its bound), or the withheld mark when disclosure control withholds it
        (:mod:`~tanto_analysis.page.findings`).
        """
        return values(frame, self.data.lang, row)

    def text(self, zh: str, en: str) -> str:
        """The text in the page's language (a caption, a chart title or label)."""
        return pick(self.data.lang, zh, en)

    def say(self, zh: str, en: str, *, ledgers: bool = True) -> None:
        """Show a finding in the page's language: escaped, labelled 合成数据 / SYNTHETIC DATA when it quotes
        ledger values (or, unless ``ledgers=False``, no value of the report) and the ledgers are synthetic;
        nothing when it quotes a value the year does not have (see :func:`~tanto_analysis.page.findings.finding`).
        """
        say(zh, en, lang=self.data.lang, synthetic=self.synthetic, ledgers=ledgers)

    def table(self, frame: pd.DataFrame, caption: str = "", *, source: str = "ledgers") -> Table:
        """An aggregate table for the page: escaped, privacy-filtered, under disclosure control, and labelled
        合成数据 / SYNTHETIC DATA when ``source`` is ``"ledgers"`` and the ledgers are synthetic.

        Parameters
        ----------
        frame : DataFrame
            For ``source="ledgers"``: a frame made by :meth:`by_village`,
            :meth:`breakdown` or :attr:`indicators` (or derived from one with
            ``assign``, column selection or sorting), which carries its
            disclosure decision; a suppressed row shows the mark of its
            reason in every value.  For ``source="published"``: figures of
            the report (public already; never suppressed).
        caption : str
            The table's caption.
        source : {"ledgers", "published"}
            Where the numbers come from.

        Raises
        ------
        ConfigurationError
            For a ledger frame that carries no disclosure decision (made
            another way, e.g. with ``.query``): build it with
            :meth:`breakdown` instead.  For a "published" frame without the
            ``id``, ``figure_ids`` or ``quote`` that traces it to the report.
        """
        if source not in ("ledgers", "published"):
            raise ConfigurationError(f"source must be 'ledgers' or 'published', not {source!r}")
        if source == "published" and not {"id", "quote", "figure_ids"} & {str(c) for c in
                                                                   [*frame.columns, *frame.index.names]}:
            raise ConfigurationError(
                "a table of published figures keeps what traces each figure to the report: its id, figure_ids or "
                "quote column (y.figures has them); a table computed from ledgers is source='ledgers'")
        if source == "ledgers" and protection_of(frame) is None:
            raise ConfigurationError(
                "this table carries no disclosure decision, so it cannot go on a page: make it with "
                "y.by_village(...) or y.breakdown(ledger, by, value) (or derive it from one with assign, "
                "column selection or sorting); see docs/disclosure.md")
        return table(frame, caption, synthetic=source == "ledgers" and self.synthetic, lang=self.data.lang)


def year(year: int | None = None, *, data_dir: str | Path | None = None, ledger_dir: str | Path | None = None,
         lang: str = "zh", rules: Rules | None = None) -> Year:
    """Load one year: published figures and ledgers, as DataFrames.

    Parameters
    ----------
    year : int, optional
        The report year; default the latest year with a published table (else the
        latest of :func:`years`).
    data_dir, ledger_dir : str or Path, optional
        Default the project's data tree and its ledger folder (``[project] ledgers``, else the demo ledgers; from the project
        root or ``$TANTO_ROOT``, whatever the working directory).
    lang : {"zh", "en"}
        Language of the labels the section functions write.
    rules : Rules, optional
        Disclosure rules; default the project's (``[disclosure]`` of ``tanto.toml``).  Stricter
        ones, e.g. ``ta.year(2022, rules=Rules(min_frequency=10))``, show what a table would withhold.

    Raises
    ------
    ConfigurationError
        If the year has neither a published table nor a ledger folder.
    InputError
        If a ledger is invalid (``file:row:column`` problems).
    """
    if year is None:
        found = paths.published_years(data_dir) or years(ledger_dir)
        if not found:
            raise ConfigurationError("no years with data; run `tanto demo-data` for the synthetic ledgers")
        year = found[-1]
    folder = Path(ledger_dir) if ledger_dir is not None else paths.project_ledgers_dir(data_dir)
    if not paths.published_path(year, data_dir).is_file() and not (folder / str(year)).is_dir():
        raise ConfigurationError(f"no data for {year}: no published table {paths.published_path(year, data_dir)} "
                                 f"and no ledger folder {folder / str(year)}")
    return Year(load_page_data(year, data_dir, folder, lang, rules), data_dir)
