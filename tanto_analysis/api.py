"""The library API for notebooks and scripts: ``ta.year(2022)`` and ``ta.years()``.

Paths resolve from the project root (``$TANTO_ROOT`` or the checkout, see
:mod:`tanto_analysis.core.paths`), never from the working directory, so the
same call gives the same tables from ``notebooks/``, from the root, through
papermill, nbconvert or JupyterLab::

    import tanto_analysis as ta

    y = ta.year(2022)
    y.figures                     # the published figures, one row each (value in base units)
    y.ledgers["loans"]            # a ledger as loaded and checked (names: y.ledger_names), in DuckDB
    y.ledgers["loans"].query("SELECT village, sum(amount_yuan) AS yuan FROM {t} GROUP BY village")
    y.ledgers["loans"].df()       # its rows as a DataFrame (for a town's ledger; a county's is millions)
    y.indicators                  # every ledger-derived indicator, tidy
    y.by_village("loans")         # loans (笔), households (户), amount (元), subsidy (元) per village
    y.audit, y.progress           # the consistency audit and progress toward targets
    y.table(frame, "户均贷款")     # any aggregate table for the page, labelled if synthetic
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .core import paths
from .core.errors import ConfigurationError
from .ledgers.ledger import Ledger
from .page.sections import Table, table
from .page.year_data import YearData, ledger_indicators, load_year

__all__ = ["DOMAINS", "Year", "year", "years"]

#: Domains with ledgers, by the names a user may give (``loans`` is the ``loan_subsidy`` domain).
DOMAINS: dict[str, str] = {
    "employment": "employment_income", "employment_income": "employment_income",
    "loans": "loan_subsidy", "loan_subsidy": "loan_subsidy",
    "land": "land_transfer", "land_transfer": "land_transfer",
}


def years(ledger_dir: str | Path | None = None) -> list[int]:
    """The years that have a ledger folder (``<ledger_dir>/<year>/``, default the demo ledgers) or a
    published table, ascending."""
    from .build.pipeline import available_years

    return available_years(Path(ledger_dir) if ledger_dir is not None else None)


@dataclass
class Year:
    """One year's data as DataFrames; made by :func:`year`.

    Attributes
    ----------
    data : YearData
        What the page's section functions take (``domain_sections.loans_section(y.data)``).
    data_dir : Path or None
        The data tree the year was read from (None: the project's own).
    """

    data: YearData
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
        """Every ledger-derived indicator (register, employment, loans, land), tidy."""
        return ledger_indicators(self.data)

    @property
    def audit(self) -> pd.DataFrame:
        """The consistency audit's findings, one row each (empty if the year has no published table)."""
        from .analysis.audit.engine import audit_year
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
        from .ledgers import employment, land, loans

        key = DOMAINS.get(domain)
        if key is None:
            raise ConfigurationError(f"unknown domain {domain!r}; expected one of {', '.join(sorted(DOMAINS))}")
        d, columns = self.data, {}
        if key == "loan_subsidy" and d.has("loans", "loan_subsidies"):
            tidy = loans.loans_by_village(d.ledgers["loans"], d.ledgers["loan_subsidies"], d.year)
            columns = {"loans_total_count": "loans", "loans_amount_total": "amount_yuan",
                       "loan_subsidy_amount": "subsidy_yuan"}
        elif key == "employment_income" and d.has("welfare_posts"):
            tidy, columns = employment.posts_by_village(d.ledgers["welfare_posts"], d.year), {
                "public_welfare_posts": "posts"}
        elif key == "land_transfer" and d.has("land_contracts"):
            tidy, columns = land.area_by(d.ledgers["land_contracts"], "village", d.year), {
                "land_transfer_area": "area_mu"}
        if not columns:
            return pd.DataFrame()
        wide = (tidy.loc[tidy["indicator"].isin(list(columns))]
                .pivot(index="scope", columns="indicator", values="value")
                .rename(columns=columns).rename_axis(index="village", columns=None))
        if key == "loan_subsidy":
            households = loans.households_by_village(d.ledgers["loans"])
            wide.insert(1, "households", households.reindex(wide.index))
        counts = [c for c in ("loans", "households", "posts") if c in wide.columns]
        wide[counts] = wide[counts].astype(int)
        return wide[[c for c in ("loans", "households", "amount_yuan", "subsidy_yuan", "posts", "area_mu")
                     if c in wide.columns]]

    def table(self, frame: pd.DataFrame, caption: str = "", *, source: str = "ledgers") -> Table:
        """An aggregate table for the page: escaped, privacy-filtered, and labelled
        合成数据 / SYNTHETIC DATA when ``source`` is ``"ledgers"`` and the ledgers are synthetic.

        Parameters
        ----------
        frame : DataFrame
            Aggregates computed with this object (never ledger rows).
        caption : str
            The table's caption.
        source : {"ledgers", "published"}
            Where the numbers come from.
        """
        if source not in ("ledgers", "published"):
            raise ConfigurationError(f"source must be 'ledgers' or 'published', not {source!r}")
        return table(frame, caption, synthetic=source == "ledgers" and self.synthetic)


def year(year: int | None = None, *, data_dir: str | Path | None = None, ledger_dir: str | Path | None = None,
         lang: str = "zh") -> Year:
    """Load one year: published figures and ledgers, as DataFrames.

    Parameters
    ----------
    year : int, optional
        The report year; default the latest year with a published table (else the
        latest of :func:`years`).
    data_dir, ledger_dir : str or Path, optional
        Default the project's data tree and its demo ledgers (from the project
        root or ``$TANTO_ROOT``, whatever the working directory).
    lang : {"zh", "en"}
        Language of the labels the section functions write.

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
    folder = Path(ledger_dir) if ledger_dir is not None else paths.demo_ledgers_dir(data_dir)
    if not paths.published_path(year, data_dir).is_file() and not (folder / str(year)).is_dir():
        raise ConfigurationError(f"no data for {year}: no published table {paths.published_path(year, data_dir)} "
                                 f"and no ledger folder {folder / str(year)}")
    return Year(load_year(year, data_dir, folder, lang), data_dir)
