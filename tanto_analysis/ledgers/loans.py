"""Loan subsidies: the 小额贴息贷款 ledger, its subsidies, and the 1-year LPR.

Two ledgers per year (see ``docs/ledgers.md``):

``loans``
    ``loan_id, household_id, village, kind (new|continuing), issue_date,
    term_months, amount_yuan, data_status`` — every loan outstanding in the
    year.  A ``new`` loan is issued in the year; a ``continuing`` one earlier.
``loan_subsidies``
    ``subsidy_id, loan_id, household_id, village, paid_date, amount_yuan,
    data_status`` — interest subsidies paid in the year (元).

Errors: a new loan issued outside the year, a continuing loan issued in or
after the year or matured by its first day, a loan of 0 元, a term running
past 2100, plus the shared checks of :mod:`ledgers`.  Flagged rows: loans
above 50,000 元 or 36 months; subsidies whose loan is not in the loans
ledger, paid to another household than the loan's, or above a full year's
interest at the year's highest 1-year LPR.

The implied subsidy rate is the subsidy paid on the ledger's loans divided
by their principal-years outstanding within the year (元 × days / days in the
year), compared with the time-weighted mean 1-year LPR of the year
(``data/reference/lpr_1y.csv``).

Examples
--------
>>> round(lpr_for_year(2022), 4)
3.6871
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ..core.errors import InputError, Problem
from ..core.stats import weighted_median
from ..reference.lpr import lpr_for_year, lpr_max_in_year
from .fields import DATE_YEARS, HOUSEHOLD, VILLAGE, Field, unique
from .ledger import Ledger, data_status_of, load_ledger, number
from .tidy import TIDY_COLUMNS, derived_row, published_row, tidy_row

__all__ = [
    "AMOUNT_LIMIT_YUAN", "TERM_LIMIT_MONTHS", "amount_distribution", "amount_histogram",
    "implied_subsidy_rate",
    "indicators", "load_loans", "load_subsidies", "loans_by_village", "max_subsidy", "principal_years",
    "published_indicators",
]

DOMAIN = "loan_subsidy"
AMOUNT_LIMIT_YUAN = 50_000
TERM_LIMIT_MONTHS = 36

_LOAN_ID = Field("loan_id", "id", zh="贷款编号", aliases=("贷款编码",), en="loan id, opaque (L0001)")
LOAN_FIELDS: tuple[Field, ...] = (
    unique(_LOAN_ID),
    HOUSEHOLD,
    VILLAGE,
    Field("kind", "choice", choices=("new", "continuing"), zh="贷款类型",
          en="new: issued in the year; continuing: issued earlier and still outstanding"),
    Field("issue_date", "date", dates="not_after_year", zh="发放日期", aliases=("放款日期", "贷款日期"),
          en="day the loan was issued (YYYY-MM-DD)"),
    Field("term_months", "int", unit="月", zh="期限(月)", aliases=("贷款期限(月)",), en="term in months (at most 36)"),
    Field("amount_yuan", "number", unit="元", zh="贷款金额(元)", aliases=("金额(元)",),
          en="principal in 元, not 万元 (at most 50,000)"),
)
SUBSIDY_FIELDS: tuple[Field, ...] = (
    Field("subsidy_id", "id", unique=True, zh="贴息编号", en="subsidy payment id, opaque (S0001)"),
    _LOAN_ID,
    HOUSEHOLD,
    VILLAGE,
    Field("paid_date", "date", dates="in_year", zh="贴息发放日期", aliases=("发放日期", "贴息日期"),
          en="day the subsidy was paid, within the year"),
    Field("amount_yuan", "number", unit="元", zh="贴息金额(元)", aliases=("金额(元)",),
          en="interest subsidy paid in 元, not 万元"),
)
#: Latest maturity year a loan may have (a longer term is a typing error, such as 99,999,999 months).
LAST_MATURITY_YEAR = DATE_YEARS[1]
#: The year a loan matures, in whole numbers (no date overflow for absurd terms).
_MATURITY_YEAR = "(year(issue_date) + (month(issue_date) - 1 + term_months) // 12)"
#: Issue date + term, the day clamped to the month's end (2022-01-31 + 1 month = 2022-02-28).
_MATURITY = (f"CASE WHEN {_MATURITY_YEAR} <= {LAST_MATURITY_YEAR} "
             "THEN add_months(issue_date, term_months) END")


def _cell(value: object) -> str:
    """A typed cell as text: a date as ``YYYY-MM-DD``."""
    return f"{value:%Y-%m-%d}" if hasattr(value, "strftime") else str(value)


def load_loans(path: str | Path, year: int, con: duckdb.DuckDBPyConnection | None = None) -> Ledger:
    """Load and check the loans ledger of ``year`` (amounts in 元, terms in months).

    Raises
    ------
    InputError
        For bad cells, a loan of 0 元, a term that runs past
        :data:`LAST_MATURITY_YEAR`, new loans issued outside ``year``,
        continuing loans issued in ``year`` or matured by its first day.
    """
    return load_ledger(path, LOAN_FIELDS, year, con, check=_check_loans)


def _check_loans(loans: Ledger, year: int) -> None:
    """The loans ledger's own errors (one scan), then its flags (amount and term above the policy limits)."""
    start = f"DATE '{dt.date(year, 1, 1)}'"
    too_long = f"{_MATURITY_YEAR} > {LAST_MATURITY_YEAR}"
    new_early = f"kind = 'new' AND issue_date < {start}"
    continuing_late = f"kind = 'continuing' AND issue_date >= {start}"
    # (condition, column, message, whether the cell is shown), in the order the problems are listed
    checks = [
        ("amount_yuan = 0", "amount_yuan",
         "a loan of 0 元; a loan has an amount (delete the row if the loan was cancelled)", False),
        (too_long, "term_months", f"the term runs past {LAST_MATURITY_YEAR}; expected the term in months (e.g. 36)",
         True),
        (new_early, "issue_date", f"date outside the year {year}: a new loan must be issued in {year}", True),
        (continuing_late, "issue_date", f"a continuing loan must be issued before {year}", True),
        (f"NOT ({new_early}) AND NOT ({continuing_late}) AND NOT ({too_long}) AND {_MATURITY} <= {start}",
         "term_months", f"the loan matured (issue_date + term_months) by the first day of {year}; "
                        "it is not outstanding in the year", True),
    ]
    found = loans.query(
        "SELECT source_row, amount_yuan, term_months, issue_date, "
        + ", ".join(f"COALESCE({c}, false) AS check{i}" for i, (c, *_) in enumerate(checks))
        + " FROM {t} WHERE " + " OR ".join(f"({c})" for c, *_ in checks) + " ORDER BY source_row")
    problems = [Problem(loans.file, int(rec["source_row"]), column, message,
                        value=_cell(rec[column]) if shown else None)
                for i, (_, column, message, shown) in enumerate(checks)
                for rec in found.loc[found[f"check{i}"]].to_dict("records")]
    if problems:
        raise InputError(problems)
    loans.add_flag(f"amount_yuan > {AMOUNT_LIMIT_YUAN}", "above_amount_limit")
    loans.add_flag(f"term_months > {TERM_LIMIT_MONTHS}", "above_term_limit")


#: Months of interest a year's subsidy payments may cover: the year's twelve plus a quarter paid in
#: arrears (subsidies are commonly paid quarterly, after the quarter).
SUBSIDY_MONTHS = 15


def max_subsidy(amount_yuan: pd.Series, year: int) -> pd.Series | None:
    """The most a loan's subsidies paid in ``year`` can add up to (元).

    Interest at the year's highest 1-year LPR on the loan's amount for
    :data:`SUBSIDY_MONTHS` months: a full year plus a quarter paid in
    arrears.  None when no LPR is known for the year.

    Examples
    --------
    2022's highest LPR is 3.80 %: a 50,000 元 loan allows at most
    50,000 × 3.80 % × 15 / 12 = 2,375 元.

    >>> float(max_subsidy(pd.Series([50000.0]), 2022).iloc[0])
    2375.0
    """
    rate = lpr_max_in_year(year)
    return None if rate is None else amount_yuan * rate / 100 * SUBSIDY_MONTHS / 12


def load_subsidies(path: str | Path, year: int, loans: Ledger | None = None,
                   con: duckdb.DuckDBPyConnection | None = None) -> Ledger:
    """Load the subsidies ledger (元); flag subsidies whose loan is not in ``loans``.

    With ``loans``, also flag subsidies paid to another household than the
    loan's (``subsidy_other_household``) and those whose loan's subsidies in
    the year add up to more than :func:`max_subsidy` (``subsidy_above_lpr``).
    """
    subsidies = load_ledger(path, SUBSIDY_FIELDS, year, loans.con if loans is not None else con)
    if loans is None:
        return subsidies
    # each subsidy beside its loan (if any): one pass over the loans, however many there are
    linked = f"{subsidies.table}_linked"
    subsidies.con.execute(
        f"CREATE OR REPLACE TABLE {linked} AS SELECT s.source_row, s.loan_id, s.household_id, l.household_id AS owner, "
        f"l.amount_yuan AS loan_yuan, sum(s.amount_yuan) OVER (PARTITION BY s.loan_id) AS paid "
        f"FROM {subsidies.table} s LEFT JOIN {loans.table_for(subsidies)} l ON s.loan_id = l.loan_id")
    subsidies.flag_rows(f"SELECT source_row FROM {linked} WHERE owner IS NULL", "subsidy_without_loan")
    subsidies.flag_rows(f"SELECT source_row FROM {linked} WHERE household_id <> owner", "subsidy_other_household")
    if lpr_max_in_year(year) is not None:
        cap = float(max_subsidy(pd.Series([1.0]), year).iloc[0])  # 元 of subsidy allowed per 元 of loan
        subsidies.flag_rows(f"SELECT source_row FROM {linked} WHERE paid > loan_yuan * ? + 0.005",
                            "subsidy_above_lpr", [cap])
    return subsidies


def _principal_years_sql(year: int) -> str:
    """Principal-years (元·年) of each loan within ``year``, as a SQL expression over the loans table."""
    first, last = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    days = (last - first).days
    return (f"amount_yuan * greatest(0, date_diff('day', greatest(issue_date, DATE '{first}'), "
            f"least({_MATURITY}, DATE '{last}'))) / {days}")


def principal_years(loans: Ledger, year: int) -> pd.Series:
    """Each loan's principal-years outstanding within ``year`` (元·年 = 元 × days / days in year), in row order.

    Examples
    --------
    A 20,000 元 loan issued 2022-07-01 is outstanding 184 of 365 days:
    20,000 × 184 / 365 = 10,082.19 元·年.
    """
    return loans.query(f"SELECT {_principal_years_sql(year)} AS py FROM {{t}} ORDER BY source_row")["py"]


def implied_subsidy_rate(loans: Ledger, subsidies: Ledger, year: int) -> float:
    """Subsidy on the ledger's loans ÷ their principal-years in ``year``, in %.

    Subsidies without a loan in the ledger are left out (they are flagged).
    """
    # Exact decimal sums: a sum of floats depends on the order the engine adds them in, and the rate
    # must come out the same on every run and engine (元 to the 1/10000 fen; principal in 元·days).
    first, last = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    paid, base = loans.con.execute(
        f"WITH paid AS (SELECT loan_id, sum(CAST(amount_yuan AS DECIMAL(38, 6))) AS paid "
        f"FROM {subsidies.table_for(loans)} WHERE loan_id IN (SELECT loan_id FROM {loans.table}) GROUP BY loan_id) "
        f"SELECT (SELECT sum(paid) FROM paid), sum(CAST(amount_yuan AS DECIMAL(38, 6)) * greatest(0, "
        f"date_diff('day', greatest(issue_date, DATE '{first}'), least({_MATURITY}, DATE '{last}')))) "
        f"FROM {loans.table} WHERE loan_id IN (SELECT loan_id FROM paid)").fetchall()[0]
    return float(Decimal(paid) * (last - first).days / Decimal(base) * 100) if base else float("nan")


def indicators(loans: Ledger, subsidies: Ledger, year: int) -> pd.DataFrame:
    """The loan-subsidy indicators of ``year`` from the ledgers, as a tidy long table.

    Counts in 笔/户/人, amounts in 元 (per-unit amounts rounded to the fen),
    shares and rates in %, the rate gap in 百分点.  ``data_status`` comes
    from the ledgers.
    """
    status = data_status_of(loans, subsidies)
    v = loans.query(
        "SELECT count(*) AS n, count(*) FILTER (WHERE kind = 'new') AS new_n, "
        "COALESCE(sum(amount_yuan) FILTER (WHERE kind = 'new'), 0) AS new_amount, "
        "COALESCE(sum(amount_yuan), 0) AS amount, "
        f"avg(CASE WHEN amount_yuan = {AMOUNT_LIMIT_YUAN} THEN 1 ELSE 0 END) * 100 AS at_amount_limit, "
        f"avg(CASE WHEN term_months = {TERM_LIMIT_MONTHS} THEN 1 ELSE 0 END) * 100 AS at_term_limit, "
        f"count(*) FILTER (WHERE amount_yuan > {AMOUNT_LIMIT_YUAN} OR term_months > {TERM_LIMIT_MONTHS}) AS above "
        "FROM {t}").iloc[0]
    amounts = _household_amounts(loans)
    households = int(amounts["households"].sum())
    per_household = {
        "households": households, "new_households": int(amounts["new_households"].sum()),
        "mean": float(np.dot(amounts["amount_yuan"], amounts["households"]) / households) if households else None,
        "median": weighted_median(amounts["amount_yuan"].to_numpy(), amounts["households"].to_numpy())
        if households else None}
    recipients, paid = subsidies.query("SELECT count(DISTINCT household_id), COALESCE(sum(amount_yuan), 0) "
                                       "FROM {t}").iloc[0]

    def row(ind, value):
        return tidy_row(year, DOMAIN, ind, number(value), status)

    rows = [
        row("loans_total_count", v["n"]),
        row("loans_borrowing_households", per_household["households"]),
        row("loans_new_count", v["new_n"]),
        row("loans_new_households", per_household["new_households"]),
        row("loans_new_amount", v["new_amount"]),
        row("loans_new_amount_per_household", round(v["new_amount"] / per_household["new_households"], 2) if v["new_n"] else np.nan),
        row("loans_amount_total", v["amount"]),
        row("loans_amount_mean_per_household", round(number(per_household["mean"]), 2)),
        row("loans_amount_median_per_household", round(number(per_household["median"]), 2)),
        row("loans_share_at_amount_limit", v["at_amount_limit"]),
        row("loans_share_at_term_limit", v["at_term_limit"]),
        row("loans_above_limits", v["above"]),
        row("loan_subsidy_recipients", recipients),
        row("loan_subsidy_amount", paid),
        row("loan_subsidy_per_recipient", round(paid / recipients, 2) if recipients else np.nan),
        row("loan_implied_subsidy_rate", implied_subsidy_rate(loans, subsidies, year)),
    ]
    try:
        lpr = lpr_for_year(year)
    except ValueError:
        lpr = None
    if lpr is not None:
        rows.append(row("lpr_1y_mean", lpr))
        rows.append(row("loan_implied_rate_minus_lpr", rows[-2]["value"] - lpr))
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def loans_by_village(loans: Ledger, subsidies: Ledger, year: int) -> pd.DataFrame:
    """Loans (笔), borrowing households (户), amount (元) and subsidy (元) per village, tidy (``scope`` = village)."""
    status = data_status_of(loans, subsidies)
    found = loans.con.execute(
        f"WITH l AS (SELECT village, count(*) AS n, count(DISTINCT household_id) AS households, "
        f"sum(amount_yuan) AS amount FROM {loans.table} GROUP BY village), "
        f"s AS (SELECT village, sum(amount_yuan) AS paid FROM {subsidies.table_for(loans)} GROUP BY village) "
        "SELECT l.village, l.n, l.households, l.amount, COALESCE(s.paid, 0) FROM l LEFT JOIN s ON l.village = s.village "
        "ORDER BY l.village").fetchall()
    rows = []
    for village, n, households, amount, paid in found:
        rows += [tidy_row(year, DOMAIN, key, value, status, village) for key, value in (
            ("loans_total_count", n), ("loans_borrowing_households", households),
            ("loans_amount_total", amount), ("loan_subsidy_amount", paid))]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def amount_distribution(loans: Ledger, year: int) -> pd.DataFrame:
    """Amount per borrowing household (元), one row per household (sorted by id), for a closer look.

    At a county's scale this is millions of rows: pages use :func:`amount_histogram`.
    """
    out = loans.query("SELECT household_id, arg_min(village, source_row) AS village, sum(amount_yuan) AS amount_yuan, "
                      "arg_min(kind, source_row) AS kind, arg_min(data_status, source_row) AS data_status "
                      "FROM {t} GROUP BY household_id ORDER BY household_id")
    out.insert(0, "year", year)
    return out


def _household_amounts(loans: Ledger) -> pd.DataFrame:
    """Each distinct amount per borrowing household (元), with how many households (and new-loan households) have it.

    One pass over the ledger, a few hundred rows back however many households
    there are; :func:`indicators` and :func:`amount_histogram` both read it.
    """
    return loans.query("SELECT a AS amount_yuan, count(*) AS households, count(*) FILTER (WHERE has_new) AS "
                       "new_households FROM (SELECT sum(amount_yuan) AS a, bool_or(kind = 'new') AS has_new "
                       "FROM {t} GROUP BY household_id) GROUP BY a ORDER BY a")


def amount_histogram(loans: Ledger) -> tuple[np.ndarray, np.ndarray]:
    """The distinct amounts per borrowing household (元) and how many households have each, ascending.

    What a histogram needs, however many households there are.
    """
    found = _household_amounts(loans)
    return found["amount_yuan"].to_numpy(dtype="float64"), found["households"].to_numpy(dtype="int64")


def published_indicators(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The loan-subsidy indicators from a year's published figures (data_status ``published``).

    Derived rows carry their inputs' ids and quotes, e.g.
    ``loans_new_amount_per_household`` = 11,465,000 元 / 248 户 = 46,229.84 元
    and ``loan_subsidy_per_recipient`` = 304,126 元 / 190 人 = 1,600.66 元.
    """
    got = {fid: published_row(table, fid, DOMAIN) for fid in (
        "loans_total_count", "loans_new_households", "loans_new_amount",
        "loan_subsidy_recipients", "loan_subsidy_amount")}
    rows = [r for r in got.values() if r is not None and r["year"] == year]
    rows.append(derived_row([got["loans_new_amount"], got["loans_new_households"]], DOMAIN,
                            "loans_new_amount_per_household",
                            lambda a, h: round(a / h, 2), rounding=0.005))
    rows.append(derived_row([got["loan_subsidy_amount"], got["loan_subsidy_recipients"]], DOMAIN,
                            "loan_subsidy_per_recipient",
                            lambda a, n: round(a / n, 2), rounding=0.005))
    rows = [r for r in rows if r is not None and r["year"] == year]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + ["figure_ids", "quote", "section", "bound", "rounding"])
