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

from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import InputError, Problem
from ..reference.lpr import lpr_for_year, lpr_max_in_year
from .fields import DATE_YEARS, HOUSEHOLD, VILLAGE, unique
from .schema import (
    TIDY_COLUMNS,
    Field,
    add_flag,
    data_status_of,
    derived_row,
    load_ledger,
    published_row,
    tidy_row,
)

__all__ = [
    "AMOUNT_LIMIT_YUAN", "TERM_LIMIT_MONTHS", "amount_distribution", "implied_subsidy_rate", "indicators",
    "load_loans", "load_subsidies", "loans_by_village", "max_subsidy", "principal_years",
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


def _maturity(loans: pd.DataFrame) -> pd.Series:
    """Issue date + term (months), the day clamped to the month's end, like ``pd.DateOffset(months=n)``."""
    issue = loans["issue_date"]
    month = issue.to_numpy().astype("datetime64[M]") + loans["term_months"].to_numpy().astype("timedelta64[M]")
    first = month.astype("datetime64[D]")
    length = ((month + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype("int64")
    day = np.minimum(issue.dt.day.to_numpy(), length)
    return pd.Series((first + (day - 1).astype("timedelta64[D]")).astype("datetime64[ns]"), index=loans.index)


def _maturity_year(loans: pd.DataFrame) -> pd.Series:
    """The year each loan matures, in whole numbers (no date overflow for absurd terms)."""
    months = loans["issue_date"].dt.month - 1 + loans["term_months"]
    return loans["issue_date"].dt.year + months // 12


def _problems(loans: pd.DataFrame, mask: pd.Series, column: str, message) -> list[Problem]:
    """One problem per row in ``mask``; ``message(record)`` words it."""
    name = loans.attrs["file"]
    return [Problem(name, rec["source_row"], column, message(rec)) for rec in loans.loc[mask].to_dict("records")]


def load_loans(path: str | Path, year: int) -> pd.DataFrame:
    """Load and check the loans ledger of ``year`` (amounts in 元, terms in months).

    Raises
    ------
    InputError
        For bad cells, a loan of 0 元, a term that runs past
        :data:`LAST_MATURITY_YEAR`, new loans issued outside ``year``,
        continuing loans issued in ``year`` or matured by its first day.
    """
    loans = load_ledger(path, LOAN_FIELDS, year)
    start = pd.Timestamp(year, 1, 1)
    problems = _problems(loans, loans["amount_yuan"] == 0, "amount_yuan", lambda r: (
        "a loan of 0 元; a loan has an amount (delete the row if the loan was cancelled)"))
    too_long = _maturity_year(loans) > LAST_MATURITY_YEAR
    problems += _problems(loans, too_long, "term_months", lambda r: (
        f"a term of {r['term_months']} months runs past {LAST_MATURITY_YEAR}; expected the term in months (e.g. 36)"))
    maturity = _maturity(loans.loc[~too_long]).reindex(loans.index)
    new_early = (loans["kind"] == "new") & (loans["issue_date"] < start)
    problems += _problems(loans, new_early, "issue_date", lambda r: (
        f"date outside the year {year}: a new loan must be issued in {year}; got {r['issue_date']:%Y-%m-%d}"))
    continuing_late = (loans["kind"] == "continuing") & (loans["issue_date"] >= start)
    problems += _problems(loans, continuing_late, "issue_date", lambda r: (
        f"a continuing loan must be issued before {year}; got {r['issue_date']:%Y-%m-%d}"))
    matured = ~new_early & ~continuing_late & ~too_long & (maturity <= start)
    problems += _problems(loans.assign(due=maturity), matured, "term_months", lambda r: (
        f"loan matured on {r['due']:%Y-%m-%d}, by the first day of {year}; it is not outstanding in the year"))
    if problems:
        raise InputError(problems)
    loans = add_flag(loans, loans["amount_yuan"] > AMOUNT_LIMIT_YUAN, "above_amount_limit")
    return add_flag(loans, loans["term_months"] > TERM_LIMIT_MONTHS, "above_term_limit")


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


def load_subsidies(path: str | Path, year: int, loans: pd.DataFrame | None = None) -> pd.DataFrame:
    """Load the subsidies ledger (元); flag subsidies whose loan is not in ``loans``.

    With ``loans``, also flag subsidies paid to another household than the
    loan's (``subsidy_other_household``) and those whose loan's subsidies in
    the year add up to more than :func:`max_subsidy` (``subsidy_above_lpr``).
    """
    subsidies = load_ledger(path, SUBSIDY_FIELDS, year)
    if loans is None:
        return subsidies
    subsidies = add_flag(subsidies, ~subsidies["loan_id"].isin(loans["loan_id"]), "subsidy_without_loan")
    by_loan = loans.drop_duplicates("loan_id").set_index("loan_id")
    owner = subsidies["loan_id"].map(by_loan["household_id"])
    subsidies = add_flag(subsidies, owner.notna() & (owner != subsidies["household_id"]), "subsidy_other_household")
    cap = max_subsidy(subsidies["loan_id"].map(by_loan["amount_yuan"]), year)
    if cap is not None:
        paid = subsidies.groupby("loan_id")["amount_yuan"].transform("sum")
        subsidies = add_flag(subsidies, cap.notna() & (paid > cap + 0.005), "subsidy_above_lpr")
    return subsidies


def principal_years(loans: pd.DataFrame, year: int) -> pd.Series:
    """Each loan's principal-years outstanding within ``year`` (元·年 = 元 × days / days in year).

    Examples
    --------
    A 20,000 元 loan issued 2022-07-01 is outstanding 184 of 365 days:
    20,000 × 184 / 365 = 10,082.19 元·年.
    """
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year + 1, 1, 1)
    days_in_year = (last - first).days
    start = loans["issue_date"].where(loans["issue_date"] > first, first)
    due = _maturity(loans)
    end = due.where(due < last, last)
    days = (end - start).dt.days.clip(lower=0)
    return loans["amount_yuan"] * days / days_in_year


def implied_subsidy_rate(loans: pd.DataFrame, subsidies: pd.DataFrame, year: int) -> float:
    """Subsidy on the ledger's loans ÷ their principal-years in ``year``, in %.

    Subsidies without a loan in the ledger are left out (they are flagged).
    """
    paid = subsidies.loc[subsidies["loan_id"].isin(loans["loan_id"])].groupby("loan_id")["amount_yuan"].sum()
    subsidised = loans.loc[loans["loan_id"].isin(paid.index)]
    base = principal_years(subsidised, year).sum()
    return float(paid.sum() / base * 100) if base > 0 else float("nan")


def indicators(loans: pd.DataFrame, subsidies: pd.DataFrame, year: int) -> pd.DataFrame:
    """The loan-subsidy indicators of ``year`` from the ledgers, as a tidy long table.

    Counts in 笔/户/人, amounts in 元 (per-unit amounts rounded to the fen),
    shares and rates in %, the rate gap in 百分点.  ``data_status`` comes
    from the ledgers.
    """
    status = data_status_of(loans, subsidies)
    new = loans.loc[loans["kind"] == "new"]
    per_household = loans.groupby("household_id")["amount_yuan"].sum()
    recipients = subsidies["household_id"].nunique()

    def row(ind, zh, en, value, unit):
        return tidy_row(year, DOMAIN, ind, zh, en, value, unit, status)

    rows = [
        row("loans_total_count", "小额贴息贷款笔数", "Subsidised microloans: number", len(loans), "笔"),
        row("loans_borrowing_households", "贷款户数", "Borrowing households", loans["household_id"].nunique(), "户"),
        row("loans_new_count", "新增贷款笔数", "New loans: number", len(new), "笔"),
        row("loans_new_households", "新增贷款户数", "New loans: households", new["household_id"].nunique(), "户"),
        row("loans_new_amount", "新增贷款金额", "New loans: amount", new["amount_yuan"].sum(), "元"),
        row("loans_new_amount_per_household", "新增贷款户均金额", "New loans: amount per household",
            round(new["amount_yuan"].sum() / new["household_id"].nunique(), 2) if len(new) else np.nan, "元"),
        row("loans_amount_total", "贷款余额合计", "All loans: amount", loans["amount_yuan"].sum(), "元"),
        row("loans_amount_mean_per_household", "户均贷款金额", "Amount per borrowing household: mean",
            round(per_household.mean(), 2), "元"),
        row("loans_amount_median_per_household", "户均贷款金额中位数", "Amount per borrowing household: median",
            round(per_household.median(), 2), "元"),
        row("loans_share_at_amount_limit", "达5万元上限的贷款占比", "Loans at the 50,000 yuan limit: share",
            (loans["amount_yuan"] == AMOUNT_LIMIT_YUAN).mean() * 100, "%"),
        row("loans_share_at_term_limit", "期限为3年的贷款占比", "Loans at the 3-year term limit: share",
            (loans["term_months"] == TERM_LIMIT_MONTHS).mean() * 100, "%"),
        row("loans_above_limits", "超出政策上限的贷款笔数", "Loans above the policy limits",
            ((loans["amount_yuan"] > AMOUNT_LIMIT_YUAN) | (loans["term_months"] > TERM_LIMIT_MONTHS)).sum(), "笔"),
        row("loan_subsidy_recipients", "贷款贴息人数", "Loan interest subsidy: recipients", recipients, "人"),
        row("loan_subsidy_amount", "贴息补贴金额", "Loan interest subsidy: amount", subsidies["amount_yuan"].sum(), "元"),
        row("loan_subsidy_per_recipient", "人均贴息金额", "Loan interest subsidy per recipient",
            round(subsidies["amount_yuan"].sum() / recipients, 2) if recipients else np.nan, "元"),
        row("loan_implied_subsidy_rate", "隐含贴息利率", "Implied subsidy rate",
            implied_subsidy_rate(loans, subsidies, year), "%"),
    ]
    try:
        lpr = lpr_for_year(year)
    except ValueError:
        lpr = None
    if lpr is not None:
        rows.append(row("lpr_1y_mean", "1年期LPR年内加权平均", "1-year LPR, time-weighted mean", lpr, "%"))
        rows.append(row("loan_implied_rate_minus_lpr", "隐含贴息利率与LPR之差", "Implied subsidy rate minus LPR",
                        rows[-2]["value"] - lpr, "百分点"))
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def loans_by_village(loans: pd.DataFrame, subsidies: pd.DataFrame, year: int) -> pd.DataFrame:
    """Loans (笔), amount (元) and subsidy (元) per village, tidy (``scope`` = village)."""
    status = data_status_of(loans, subsidies)
    rows = []
    for village, group in loans.groupby("village", sort=True):
        paid = subsidies.loc[subsidies["village"] == village, "amount_yuan"].sum()
        rows += [tidy_row(year, DOMAIN, "loans_total_count", "贷款笔数", "Loans", len(group), "笔", status, village),
                 tidy_row(year, DOMAIN, "loans_amount_total", "贷款金额", "Loan amount",
                          group["amount_yuan"].sum(), "元", status, village),
                 tidy_row(year, DOMAIN, "loan_subsidy_amount", "贴息金额", "Subsidy paid", paid, "元", status, village)]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def amount_distribution(loans: pd.DataFrame, year: int) -> pd.DataFrame:
    """Amount per borrowing household (元), one row per household, for histograms."""
    out = (loans.groupby(["household_id", "village"], as_index=False)
           .agg(amount_yuan=("amount_yuan", "sum"), kind=("kind", "first"), data_status=("data_status", "first")))
    out.insert(0, "year", year)
    return out.sort_values("household_id").reset_index(drop=True)


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
                            "loans_new_amount_per_household", "新增贷款户均金额", "New loans: amount per household",
                            lambda a, h: round(a / h, 2), "元", rounding=0.005))
    rows.append(derived_row([got["loan_subsidy_amount"], got["loan_subsidy_recipients"]], DOMAIN,
                            "loan_subsidy_per_recipient", "人均贴息金额", "Loan interest subsidy per recipient",
                            lambda a, n: round(a / n, 2), "元", rounding=0.005))
    rows = [r for r in rows if r is not None and r["year"] == year]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + ["figure_ids", "quote", "section", "bound", "rounding"])
