"""The 1-year Loan Prime Rate (LPR), a step series with the announcement of each change.

``data/reference/lpr_1y.csv`` lists every change of the 1-year LPR since it
began on 2019-08-20 (``effective_date``, ``rate_pct`` in %, ``source``).  The
loan-subsidy indicators compare the implied subsidy rate with the year's
time-weighted mean; the audit caps the subsidy per recipient at a year's
interest at the year's highest rate.

Examples
--------
>>> round(lpr_for_year(2022), 4)
3.6871
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import paths
from ..core.readers import read_table

__all__ = ["LPR_COVERED_THROUGH", "lpr_for_year", "lpr_max_in_year", "lpr_steps"]

#: The LPR table is complete (every change listed) up to this day.
LPR_COVERED_THROUGH = dt.date(2024, 12, 31)


def lpr_steps(path: str | Path | None = None) -> pd.DataFrame:
    """The 1-year LPR step series: ``effective_date`` (datetime), ``rate_pct`` (%), ``source``."""
    path = Path(path) if path is not None else paths.lpr_path()
    table = read_table(path)
    out = table[["effective_date", "rate_pct", "source"]].copy()
    out["effective_date"] = pd.to_datetime(out["effective_date"], format="%Y-%m-%d")
    out["rate_pct"] = out["rate_pct"].astype(float)
    return out.sort_values("effective_date").reset_index(drop=True)


def lpr_max_in_year(year: int, steps: pd.DataFrame | None = None) -> float | None:
    """Highest 1-year LPR (%) in force at any time during ``year``, or None if none is.

    Counts the rate already in force on 1 January.

    >>> lpr_max_in_year(2022)
    3.8
    """
    steps = lpr_steps() if steps is None else steps
    dates = steps["effective_date"]
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    in_force = (dates >= start) & (dates <= end)
    before = dates < start
    if before.any():
        in_force |= dates == dates[before].max()
    return float(steps.loc[in_force, "rate_pct"].max()) if in_force.any() else None


def lpr_for_year(year: int, steps: pd.DataFrame | None = None) -> float:
    """Time-weighted mean 1-year LPR over the days of ``year`` (%).

    Raises
    ------
    ValueError
        If the year is not fully covered (the LPR began 2019-08-20; the
        table is complete through :data:`LPR_COVERED_THROUGH`).

    Examples
    --------
    2022: 19 days at 3.80, 214 at 3.70, 132 at 3.65.

    >>> round(lpr_for_year(2022), 6)
    3.687123
    """
    steps = lpr_steps() if steps is None else steps
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year + 1, 1, 1)
    if steps.empty or steps["effective_date"].iloc[0] > first or last.date() > LPR_COVERED_THROUGH + dt.timedelta(1):
        raise ValueError(f"the 1-year LPR table does not cover all of {year}")
    days = pd.date_range(first, last - pd.Timedelta(days=1), freq="D")
    idx = np.searchsorted(steps["effective_date"].to_numpy(), days.to_numpy(), side="right") - 1
    return float(steps["rate_pct"].to_numpy()[idx].mean())
