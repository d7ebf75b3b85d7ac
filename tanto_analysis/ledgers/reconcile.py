"""Reconciliation: ledger-derived indicators beside the published figures of the same year.

:func:`reconcile` joins each domain's ``indicators`` (from the ledgers) with
its ``published_indicators`` (from ``data/published/<year>.csv``) on
the indicator id.  Status of each row:

``match``
    equal (to 1e-6 in the unit; per-unit amounts are rounded to the fen on
    both sides), or, for an ``at_least`` figure (300余个), ledger ≥ published,
    for an ``at_most`` figure (不足500户) ledger ≤ published, for a ``range``
    (1.5万—2万元) ledger within its two ends;
``within_rounding``
    different, but by no more than the report's own rounding explains: a rate
    written 77.3% stands for [77.25, 77.35); figures derived from it inherit
    the interval (totals are taken as exact); an ``approx`` figure (约1.57万元)
    is never a ``match`` unless equal, only ``within_rounding`` of the ±10 %
    its wording allows;
``mismatch``
    anything else — ``tanto reconcile`` exits 1;
``not_published``
    the ledgers give it, the report does not;
``not_in_ledger``
    the report gives it (e.g. the 三清两建 recovered land), the ledgers cannot.

``published_bound`` carries the published figure's bound (``exact``,
``at_least`` for 300余个 and the totals derived from it, ``approx``; empty
when not published); :func:`tanto_analysis.core.text.with_bound` writes it beside the number
(``≥ 4,500,000`` / ``4,500,000以上``) wherever a published value is shown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import InputError
from ..core.privacy import mask_value
from ..figures.published import load_published
from . import register, tidy
from .domains import domain_title, ledgers_of, project_domains
from .files import check_ledger_folder
from .ledger import Ledger, flagged_rows
from .loading import load_year_ledgers

__all__ = ["COLUMNS", "REPORT_COLUMNS", "domain_titles", "ledger_indicators", "load_year_ledgers",
           "published_indicators", "reconcile", "reconcile_frames", "reconcile_report"]

COLUMNS = ["domain", "indicator", "label_zh", "label_en", "unit", "ledger_value", "published_value",
           "published_bound", "difference", "status", "figure_id", "quote", "data_status"]


def domain_titles() -> dict[str, str]:
    """Domain → its title in the console, Chinese then English, in page order."""
    return {d.key: f"{domain_title(d.key, 'zh')} {domain_title(d.key, 'en')}" for d in project_domains()}

_TOLERANCE = 1e-6
#: Flagged rows listed per ledger and flag; the rest are counted (a county's ledger may flag thousands).
FLAGGED_SHOWN = 50


def ledger_indicators(year: int, ledger_dir: str | Path | None = None,
                      frames: dict[str, Ledger] | None = None) -> pd.DataFrame:
    """Every domain's indicators from the ledgers of ``year`` (tidy; see :data:`tidy.TIDY_COLUMNS`)."""
    f = frames if frames is not None else load_year_ledgers(year, ledger_dir)
    frames = [d.indicators(*ledgers_of(d, f), year) for d in project_domains() if d.ready(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=tidy.TIDY_COLUMNS)


def published_indicators(year: int, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every domain's indicators from the published figures of ``year`` (empty if none are curated)."""
    if table is None:
        if not paths.published_path(year).is_file():
            return register.register_published(pd.DataFrame(columns=["indicator", "kind", "scope", "year"]), year)
        table = load_published(year)
    return pd.concat([d.published(table, year) for d in project_domains()], ignore_index=True)


def _status(ledger: float, published: float, bound: str, rounding: float) -> str:
    if pd.isna(published):
        return "not_published"
    if pd.isna(ledger):
        return "not_in_ledger"
    if bound == "at_least":
        return "match" if ledger >= published - _TOLERANCE else "mismatch"
    if bound == "at_most":
        return "match" if ledger <= published + _TOLERANCE else "mismatch"
    if bound == "range":  # value is the low end, rounding the span up to the high end
        return "match" if published - _TOLERANCE <= ledger <= published + rounding + _TOLERANCE else "mismatch"
    diff = abs(ledger - published)
    if diff <= _TOLERANCE:
        return "match"
    return "within_rounding" if diff <= rounding + _TOLERANCE else "mismatch"


def reconcile(year: int, ledger_dir: str | Path | None = None) -> pd.DataFrame:
    """Ledger-derived indicators beside the published figures of ``year``.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`; ``published_bound`` is the published
        figure's bound (``exact``, ``at_least``, ``approx``; empty if not
        published); ``difference`` = ledger − published in the
        row's unit; ``status`` as in the module docstring.

    Raises
    ------
    InputError
        If a ledger or the published-figures table has problems.
    """
    return reconcile_frames(year, load_year_ledgers(year, ledger_dir))


def reconcile_frames(year: int, frames: dict[str, Ledger],
                     table: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`reconcile` for ledgers already loaded, against a given published ``table``.

    Parameters
    ----------
    year : int
        The year the ledgers and figures describe.
    frames : dict of Ledger
        Loaded ledgers by name (``loans``, ``loan_subsidies``, ``welfare_posts``,
        ``job_placements``, ``land_contracts``, ``villages``).
    table : DataFrame, optional
        The published figures table (default: ``data/published/<year>.csv``).
    """
    mine = ledger_indicators(year, frames=frames)
    theirs = published_indicators(year, table)
    merged = mine.merge(theirs[["domain", "indicator", "label_zh", "label_en", "unit", "value", "figure_ids",
                                "quote", "bound", "rounding"]],
                        on=["domain", "indicator"], how="outer", suffixes=("", "_pub"), sort=False)
    for col in ("label_zh", "label_en", "unit"):
        merged[col] = merged[col].fillna(merged[f"{col}_pub"])
    merged["data_status"] = merged["data_status"].fillna("+".join(sorted(set(mine["data_status"]))))
    out = pd.DataFrame({
        "domain": merged["domain"], "indicator": merged["indicator"], "label_zh": merged["label_zh"],
        "label_en": merged["label_en"], "unit": merged["unit"], "ledger_value": merged["value"].astype(float),
        "published_value": merged["value_pub"].astype(float),
        "published_bound": merged["bound"].fillna("").astype(str),
        "difference": merged["value"].astype(float) - merged["value_pub"].astype(float),
        "status": [_status(a, b, c, d if not pd.isna(d) else 0.0) for a, b, c, d in
                   zip(merged["value"], merged["value_pub"], merged["bound"], merged["rounding"], strict=True)],
        "figure_id": merged["figure_ids"].fillna(""), "quote": merged["quote"].fillna(""),
        "data_status": merged["data_status"],
    })
    order = {d: i for i, d in enumerate(domain_titles())}
    position = {key: i for i, key in enumerate(zip(mine["domain"], mine["indicator"], strict=True))}
    out["_d"] = out["domain"].map(order)
    out["_p"] = [position.get(k, len(position)) for k in zip(out["domain"], out["indicator"], strict=True)]
    return out.sort_values(["_d", "_p", "indicator"], kind="stable").drop(columns=["_d", "_p"]).reset_index(drop=True)


#: Significant digits of a value in :func:`reconcile_report`: engines add floating-point numbers in their own
#: order (threads, partitions), which changes the last of a double's ~16 digits, never the first 12.
REPORT_DIGITS = 12
#: The columns of an indicator in :func:`reconcile_report`.
REPORT_COLUMNS = ["domain", "indicator", "unit", "ledger_value", "published_value", "published_bound", "difference",
                  "status", "figure_id", "data_status"]


def reconcile_report(year: int, ledger_dir: str | Path | None = None, engine: str | None = None) -> dict:
    """The reconciliation of ``year`` as plain data (``tanto reconcile --json``), the same on every engine.

    Parameters
    ----------
    year : int
        The year.
    ledger_dir : path, optional
        The folder of ``<year>/`` folders (default: the project's, :func:`~tanto_analysis.core.paths.project_ledgers_dir`).
    engine : {"duckdb", "spark"}, optional
        The ledger engine (default: the project's, DuckDB unless configured).

    Returns
    -------
    dict
        ``year``; ``ok`` (no problem, no mismatch); ``indicators``: one dict
        per row of :func:`reconcile_frames` (:data:`REPORT_COLUMNS`; values
        in the row's unit: 元, 亩, 户, %, to :data:`REPORT_DIGITS` significant
        digits; NaN as None), in its order;
        ``problems``: ``file, row, column, message, value`` of each problem
        of the ledgers (the value masked, :func:`~tanto_analysis.core.privacy.mask_value`),
        sorted (then no indicators); ``notes``: ``file, row, column,
        message`` of each note on how a ledger was read (``Ledger.notes``);
        ``flag_counts``: ``file, flag, rows``;
        ``flags``: the first :data:`FLAGGED_SHOWN` rows of each flag of each
        ledger, ``file, row, column, flag, message, value`` (masked), sorted.

    Raises
    ------
    ConfigurationError
        If ``ledger_dir`` is not a folder of ``<year>/`` folders with one for ``year``.
    """
    if ledger_dir is not None:
        check_ledger_folder(ledger_dir, [year])
    report: dict = {"year": year, "ok": False, "indicators": [], "problems": [], "notes": [], "flag_counts": [],
                    "flags": []}
    try:
        frames = load_year_ledgers(year, ledger_dir, engine=engine)
        table = reconcile_frames(year, frames)
    except InputError as exc:
        report["problems"] = [{"file": p.file, "row": p.row, "column": p.column, "message": p.message,
                               "value": None if p.value is None else mask_value(p.value, p.column)}
                              for p in sorted(exc.problems)]
        return report
    report["indicators"] = [{k: _plain(v) for k, v in row.items()} for row in table[REPORT_COLUMNS].to_dict("records")]
    report["notes"] = [{"file": n.file, "row": n.row, "column": n.column, "message": n.message}
                       for ledger in frames.values() for n in ledger.notes]
    report["flag_counts"] = [{"file": ledger.file, "flag": code, "rows": n}
                             for ledger in frames.values() for code, n in ledger.flag_counts().items()]
    flagged = flagged_rows(*frames.values(), limit=FLAGGED_SHOWN)
    report["flags"] = [{"file": f.file, "row": int(f.row), "column": f.column, "flag": f.flag, "message": f.message,
                        "value": mask_value(f.value, f.column)} for f in flagged.itertuples(index=False)]
    report["ok"] = not (table["status"] == "mismatch").any()
    return report


def _plain(value: object) -> object:
    """A value for JSON: None for NaN; a float to :data:`REPORT_DIGITS` significant digits."""
    if isinstance(value, float):
        return None if value != value else float(f"{value:.{REPORT_DIGITS}g}")
    return value
