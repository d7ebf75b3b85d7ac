"""Progress toward targets, and progress within the year.

Toward a target
---------------
The Statistics Canada method that Open SDG uses:

* CAGR_obs = (y_latest / y_base) ** (1 / (t_latest − t_base)) − 1
* CAGR_req = (target / y_base) ** (1 / (t_target − t_base)) − 1
* ratio = d · CAGR_obs / |CAGR_req|, with d = +1 when higher is better and
  −1 when lower is better
* target achieved (the latest value already meets the target); ratio ≥ 0.95
  substantial; 0.60 ≤ ratio < 0.95 moderate; 0 ≤ ratio < 0.60 limited;
  ratio < 0 deterioration.

Edge cases, as Open SDG handles them: a zero base or zero target is replaced
by 0.001 (and the result says so); values of mixed sign cannot be assessed;
all-negative values flip the direction.  With fewer than two years of actual
values the category is ``insufficient_data`` — the required growth from the
latest value is still reported, so the reader sees what the target asks.

Which target goes with which actual indicator is declared in the indicator
registry (``target_of`` and ``direction`` in ``data/indicators.csv``), so the
same declaration serves every year's tables.

Within the year (时间过半、任务过半)
-------------------------------------
A task's completed share is compared with the share of the year elapsed at
the report's date: on pace when share ≥ elapsed time; the classic halfway
milestone asks for at least half the task once half the time has passed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..core.text import tr
from ..reference.indicators import Indicator, load_registry

__all__ = [
    "CATEGORIES",
    "ProgressResult",
    "category_for_ratio",
    "classify_progress",
    "headline_progress",
    "report_date",
    "target_progress",
    "within_year_progress",
]

#: The progress categories; their words are ``progress.category.<key>`` in the text catalogue.
CATEGORIES: tuple[str, ...] = (
    "target_achieved", "substantial", "moderate", "limited", "deterioration", "insufficient_data",
)
ZERO_REPLACEMENT = 0.001

@dataclass(frozen=True)
class ProgressResult:
    """The progress classification of one series toward its target.

    Attributes
    ----------
    category : str
        A key of :data:`CATEGORIES`.
    cagr_obs, cagr_req : float or None
        Observed and required compound annual growth rates (fractions, not %).
    ratio : float or None
        d · CAGR_obs / |CAGR_req|.
    note : str
        Edge cases met (zero base replaced, too few years, …); empty if none.
    """

    category: str
    cagr_obs: float | None
    cagr_req: float | None
    ratio: float | None
    note: str = ""

    @property
    def label_zh(self) -> str:
        return tr(f"progress.category.{self.category}", "zh")

    @property
    def label_en(self) -> str:
        return tr(f"progress.category.{self.category}", "en")


def category_for_ratio(ratio: float) -> str:
    """The category of a ratio d · CAGR_obs / |CAGR_req| (target not yet achieved).

    >>> [category_for_ratio(r) for r in (0.95, 0.6, 0.0, -0.01)]
    ['substantial', 'moderate', 'limited', 'deterioration']
    """
    if ratio >= 0.95:
        return "substantial"
    if ratio >= 0.60:
        return "moderate"
    if ratio >= 0:
        return "limited"
    return "deterioration"


def classify_progress(y_base: float, t_base: int, y_latest: float, t_latest: int,
                      target: float, t_target: int, direction: str = "higher") -> ProgressResult:
    """Classify progress toward a target (Statistics Canada / Open SDG).

    Parameters
    ----------
    y_base, y_latest : float
        The actual value in the base year and the latest year (same unit as
        ``target``: 人, 个, 元, %, …).
    t_base, t_latest, t_target : int
        The years.  ``t_latest == t_base`` means a single year of actuals.
    target : float
        The target value for ``t_target``.
    direction : {"higher", "lower"}
        Whether higher or lower values are better.

    Returns
    -------
    ProgressResult

    Examples
    --------
    >>> classify_progress(100, 2020, 121, 2022, 133.1, 2023).category
    'substantial'
    >>> round(classify_progress(100, 2020, 121, 2022, 133.1, 2023).ratio, 6)
    1.0
    """
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', not {direction!r}")
    d = 1 if direction == "higher" else -1
    notes = []
    if d * (y_latest - target) >= 0:
        return ProgressResult("target_achieved", None, None, None, "")
    values = (y_base, y_latest, target)
    if any(v < 0 for v in values) and any(v > 0 for v in values):
        return ProgressResult("insufficient_data", None, None, None,
                              "values of mixed sign cannot be assessed with growth rates")
    if all(v <= 0 for v in values) and any(v < 0 for v in values):
        y_base, y_latest, target = -y_base, -y_latest, -target
        d = -d
        notes.append("all values negative: direction flipped")
    if y_base == 0:
        y_base = ZERO_REPLACEMENT
        notes.append(f"zero base replaced by {ZERO_REPLACEMENT}")
    if target == 0:
        target = ZERO_REPLACEMENT
        notes.append(f"zero target replaced by {ZERO_REPLACEMENT}")
    if t_latest <= t_base:
        latest = y_latest if y_latest != 0 else ZERO_REPLACEMENT
        req = (target / latest) ** (1 / (t_target - t_latest)) - 1 if t_target > t_latest else None
        notes.append("one year of actual values; at least two are needed"
                     + ("" if req is None else "; CAGR_req is from the latest value"))
        return ProgressResult("insufficient_data", None, req, None, "; ".join(notes))
    latest = y_latest if y_latest != 0 else ZERO_REPLACEMENT
    cagr_obs = (latest / y_base) ** (1 / (t_latest - t_base)) - 1
    if t_target <= t_base:
        return ProgressResult("insufficient_data", cagr_obs, None, None,
                              "; ".join(notes + ["target year not after the base year"]))
    cagr_req = (target / y_base) ** (1 / (t_target - t_base)) - 1
    if cagr_req == 0:
        ratio = math.copysign(math.inf, d * cagr_obs) if cagr_obs else 0.0
    else:
        ratio = d * cagr_obs / abs(cagr_req)
    return ProgressResult(category_for_ratio(ratio), cagr_obs, cagr_req, ratio, "; ".join(notes))


def _registry(registry: dict[str, Indicator] | None) -> dict[str, Indicator]:
    return load_registry() if registry is None else registry


def _actual_series(tables: pd.DataFrame, actual: str) -> pd.DataFrame:
    rows = tables.loc[(tables["indicator"] == actual) & (tables["kind"] == "actual")]
    if "report_year" in rows.columns:  # a later report restating a year wins
        rows = rows.sort_values(["year", "report_year"]).drop_duplicates("year", keep="last")
    return rows.sort_values("year")


def target_progress(tables: pd.DataFrame, registry: dict[str, Indicator] | None = None) -> pd.DataFrame:
    """Classify every target of the registry that has matching actual figures.

    Parameters
    ----------
    tables : DataFrame
        One or more years' published tables concatenated (as from
        :func:`published.load_published`).
    registry : dict, optional
        The indicator registry (default: ``data/indicators.csv``); a target
        indicator names the actual indicator it aims at (``target_of``).

    Returns
    -------
    DataFrame
        One row per target: ``target_id, actual_id, label_zh, label_en,
        unit, direction, base_year, base_value, latest_year, latest_value,
        target_year, target_value, cagr_obs, cagr_req, ratio, category,
        category_zh, category_en, note, target_quote, actual_quote``.
        Rates are fractions (0.1445 = 14.45 % a year).  ``target_id`` and
        ``actual_id`` are the figures' ids in their tables.
    """
    rows = []
    for key, target in _registry(registry).items():
        if not target.target_of:
            continue
        direction = target.direction
        targets = tables.loc[tables["indicator"] == key]
        series = _actual_series(tables, target.target_of)
        if targets.empty or series.empty:
            continue
        tgt = targets.sort_values("year").iloc[-1]
        series = series.loc[series["year"] <= tgt["year"]]
        if series.empty:
            continue
        base, latest = series.iloc[0], series.iloc[-1]
        res = classify_progress(base["value"], int(base["year"]), latest["value"], int(latest["year"]),
                                tgt["value"], int(tgt["year"]), direction)
        rows.append({
            "target_id": tgt["id"], "actual_id": latest["id"],
            "label_zh": latest["label_zh"], "label_en": latest["label_en"], "unit": tgt["unit"],
            "direction": direction,
            "base_year": int(base["year"]), "base_value": float(base["value"]),
            "latest_year": int(latest["year"]), "latest_value": float(latest["value"]),
            "target_year": int(tgt["year"]), "target_value": float(tgt["value"]),
            "cagr_obs": res.cagr_obs, "cagr_req": res.cagr_req, "ratio": res.ratio,
            "category": res.category, "category_zh": res.label_zh, "category_en": res.label_en,
            "note": res.note, "target_quote": tgt["quote"], "actual_quote": latest["quote"],
        })
    return pd.DataFrame(rows)


def report_date(source_text: str, year: int) -> date:
    """The date a report of ``year`` was signed (its first ``YYYY年M月D日``
    in that year); 31 December if the text states none."""
    for m in re.finditer(r"(\d{4})年(\d{1,2})月(\d{1,2})日", source_text):
        if int(m.group(1)) == year:
            return date(year, int(m.group(2)), int(m.group(3)))
    return date(year, 12, 31)


def within_year_progress(table: pd.DataFrame, as_of: date,
                         registry: dict[str, Indicator] | None = None) -> pd.DataFrame:
    """时间过半、任务过半: each task's completed share against the year elapsed.

    Parameters
    ----------
    table : DataFrame
        A published table (value of rates in %, 0–100).
    as_of : date
        The date the shares refer to (the report's date, :func:`report_date`).
    registry : dict, optional
        The indicator registry; indicators with ``within_year = share`` are
        the tasks' completed shares (%).

    Returns
    -------
    DataFrame
        ``year, id, label_zh, label_en, share_pct, time_elapsed_pct, gap_pp,
        on_pace, halfway_met, status, status_zh, status_en, quote``.
        ``gap_pp`` = share − elapsed time, in percentage points;
        ``halfway_met`` is True/False once half the year has passed (None
        before): share ≥ 50 %.
    """
    year = as_of.year
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    elapsed = 100 * as_of.timetuple().tm_yday / days
    rows = []
    for key, indicator in _registry(registry).items():
        if indicator.within_year != "share":
            continue
        found = table.loc[(table["indicator"] == key) & (table["year"] == year) & (table["kind"] == "actual")]
        if found.empty:
            continue
        row = found.iloc[0]
        share, fig_id, quote = float(row["value"]), row["id"], row["quote"]
        label_zh, label_en = indicator.label_zh, indicator.label_en
        on_pace = share >= elapsed
        halfway = (share >= 50) if elapsed >= 50 else None
        status = "on_pace" if on_pace else "behind"
        rows.append({
            "year": year, "id": fig_id, "label_zh": label_zh, "label_en": label_en,
            "share_pct": share, "time_elapsed_pct": elapsed, "gap_pp": share - elapsed,
            "on_pace": on_pace, "halfway_met": halfway, "status": status,
            "status_zh": tr(f"progress.{status}", "zh"), "status_en": tr(f"progress.{status}", "en"),
            "quote": quote,
        })
    return pd.DataFrame(rows)


def headline_progress(table: pd.DataFrame, source_text: str | None = None) -> pd.DataFrame:
    """A compact progress table for the index page and the overview.

    Parameters
    ----------
    table : DataFrame
        The year's published table (:func:`published.load_published`); other
        years' tables may be concatenated to it for the target series.
    source_text : str, optional
        The report text, for the as-of date (else 31 December of the year).

    Returns
    -------
    DataFrame
        ``year, kind, id, label_zh, label_en, value, unit, reference,
        reference_zh, reference_en, status, status_zh, status_en, quote``:
        ``kind`` is ``within_year`` (value = share in %, reference = % of
        the year elapsed) or ``target`` (value = latest actual, reference =
        the target, status a :data:`CATEGORIES` key).
    """
    year = int(table["report_year"].max()) if "report_year" in table.columns else int(table["year"].min())
    as_of = report_date(source_text or "", year)
    rows = []
    current = table.loc[table["report_year"] == year] if "report_year" in table.columns else table
    for r in within_year_progress(current, as_of).itertuples(index=False):
        rows.append({
            "year": year, "kind": "within_year", "id": r.id, "label_zh": r.label_zh,
            "label_en": r.label_en, "value": r.share_pct, "unit": "%",
            "reference": r.time_elapsed_pct,
            "reference_zh": tr("progress.reference.within_year", "zh", month=as_of.month, day=as_of.day),
            "reference_en": tr("progress.reference.within_year", "en", date=as_of.isoformat()),
            "status": r.status, "status_zh": r.status_zh, "status_en": r.status_en, "quote": r.quote,
        })
    for r in target_progress(table).itertuples(index=False):
        rows.append({
            "year": year, "kind": "target", "id": r.actual_id, "label_zh": r.label_zh,
            "label_en": r.label_en, "value": r.latest_value, "unit": r.unit,
            "reference": r.target_value,
            "reference_zh": tr("progress.reference.target", "zh", year=r.target_year),
            "reference_en": tr("progress.reference.target", "en", year=r.target_year),
            "status": r.category, "status_zh": r.category_zh, "status_en": r.category_en,
            "quote": f"{r.actual_quote}；目标：{r.target_quote}",
        })
    columns = ["year", "kind", "id", "label_zh", "label_en", "value", "unit", "reference",
               "reference_zh", "reference_en", "status", "status_zh", "status_en", "quote"]
    return pd.DataFrame(rows, columns=columns)
