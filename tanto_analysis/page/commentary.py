"""Short generated commentary (zh/en) that states the figures.

The commentary functions take a tidy indicator table (columns ``indicator``,
``value``, ``unit``, ``data_status``; from the ledgers or from the published
figures) and return plain text: every number in the text is a value of the
table, formatted with :func:`core.numbers.format_number`.  A sentence whose
figures are missing is left out rather than guessed.  The text is plain
(not HTML); callers escape it.
"""

from __future__ import annotations

import math

import pandas as pd

from ..core.numbers import format_number
from ..core.status import is_synthetic
from ..core.text import tr, with_bound
from ..reference.villages import current_town

__all__ = [
    "employment_commentary",
    "land_commentary",
    "loan_commentary",
    "source_phrase",
]

def _values(table: pd.DataFrame) -> dict[str, float]:
    if table.empty or "indicator" not in table.columns:
        return {}
    town = table.loc[table["scope"] == current_town().name] if "scope" in table.columns else table
    return {ind: float(v) for ind, v in zip(town["indicator"], town["value"], strict=True)}


def _bounds(table: pd.DataFrame) -> dict[str, str]:
    if "bound" not in table.columns:
        return {}
    return {ind: str(b) for ind, b in zip(table["indicator"], table["bound"], strict=True)}


def _ok(values: dict[str, float], *keys: str) -> bool:
    return all(k in values and not math.isnan(values[k]) for k in keys)


class _Written:
    """The values of a tidy table as the commentary writes them: with their bounds (约15,700, 300以上)."""

    def __init__(self, table: pd.DataFrame, lang: str) -> None:
        self.values, self.bounds, self.lang = _values(table), _bounds(table), lang

    def __call__(self, key: str) -> str:
        return with_bound(format_number(self.values[key]), self.bounds.get(key, "exact"), self.lang, inline=True)


def source_phrase(table: pd.DataFrame, lang: str) -> str:
    """Where the figures come from: the report, or the (synthetic) ledgers."""
    statuses = set(table["data_status"]) if "data_status" in table.columns else set()
    if statuses == {"published"}:
        return tr("commentary.source.published", lang)
    if is_synthetic(statuses):
        return tr("commentary.source.synthetic", lang)
    return tr("commentary.source.ledgers", lang)


def loan_commentary(table: pd.DataFrame, year: int, lang: str = "zh") -> str:
    """Commentary on loan subsidies: new loans (户, 元), subsidies (人, 元), per-unit amounts, LPR.

    Examples
    --------
    With the 2022 published figures (248 户, 11,465,000 元, 190 人, 304,126 元)
    the zh text states "新增小额贴息贷款248户、11,465,000元，户均46,229.84元".
    """
    v, _n = _values(table), _Written(table, lang)
    parts: list[str] = []
    if _ok(v, "loans_new_households", "loans_new_amount"):
        s = tr("commentary.loans.new", lang, year=year, households=_n("loans_new_households"),
               amount=_n("loans_new_amount"))
        if _ok(v, "loans_new_amount_per_household"):
            s += tr("commentary.loans.per_household", lang, value=_n("loans_new_amount_per_household"))
        parts.append(s)
    if _ok(v, "loans_total_count"):
        parts.append(tr("commentary.loans.count", lang, n=_n("loans_total_count")))
    if _ok(v, "loan_subsidy_recipients", "loan_subsidy_amount"):
        s = tr("commentary.loans.subsidy", lang, recipients=_n("loan_subsidy_recipients"),
               amount=_n("loan_subsidy_amount"))
        if _ok(v, "loan_subsidy_per_recipient"):
            s += tr("commentary.loans.per_recipient", lang, value=_n("loan_subsidy_per_recipient"))
        parts.append(s)
    if _ok(v, "loan_implied_subsidy_rate", "lpr_1y_mean"):
        parts.append(tr("commentary.loans.rate", lang, rate=_n("loan_implied_subsidy_rate"),
                        lpr=_n("lpr_1y_mean")))
    return _sentence(source_phrase(table, lang), parts, lang)


def employment_commentary(table: pd.DataFrame, year: int, lang: str = "zh") -> str:
    """Commentary on employment income: posts (人), jobs (个), mean income gain (元)."""
    v, _n = _values(table), _Written(table, lang)
    parts: list[str] = []
    if _ok(v, "public_welfare_posts"):
        parts.append(tr("commentary.jobs.posts", lang, year=year, n=_n("public_welfare_posts")))
    if _ok(v, "jobs_provided"):
        parts.append(tr("commentary.jobs.provided", lang, n=_n("jobs_provided")))
    if _ok(v, "jobs_income_increase_mean"):
        s = tr("commentary.jobs.income", lang, mean=_n("jobs_income_increase_mean"))
        if _ok(v, "jobs_income_increase_median"):
            s += tr("commentary.jobs.median", lang, median=_n("jobs_income_increase_median"))
        parts.append(s)
    return _sentence(source_phrase(table, lang), parts, lang)


def land_commentary(table: pd.DataFrame, year: int, lang: str = "zh") -> str:
    """Commentary on land transfer: area (亩), rate (%), contracted-land base (亩), rent (元/亩)."""
    v, _n = _values(table), _Written(table, lang)
    parts: list[str] = []
    if _ok(v, "land_transfer_area"):
        parts.append(tr("commentary.land.area", lang, year=year, area=_n("land_transfer_area")))
    if _ok(v, "land_transfer_rate"):
        s = tr("commentary.land.rate", lang, rate=_n("land_transfer_rate"))
        if _ok(v, "land_contracted_base"):
            s += tr("commentary.land.base", lang, base=_n("land_contracted_base"))
        parts.append(s)
    if _ok(v, "land_rent_per_mu_median"):
        parts.append(tr("commentary.land.rent", lang, rent=_n("land_rent_per_mu_median")))
    return _sentence(source_phrase(table, lang), parts, lang)


def _sentence(prefix: str, parts: list[str], lang: str) -> str:
    """The parts as one sentence after ``prefix``; an English sentence starts with a capital."""
    if not parts:
        return tr("commentary.none", lang)
    sentence = tr("commentary.sentence", lang, prefix=prefix, parts=tr("sep.clause", lang).join(parts))
    return sentence[0].upper() + sentence[1:]
