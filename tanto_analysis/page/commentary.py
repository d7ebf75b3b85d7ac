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

__all__ = [
    "employment_commentary",
    "land_commentary",
    "loan_commentary",
    "source_phrase",
]

def _values(table: pd.DataFrame) -> dict[str, float]:
    if table.empty or "indicator" not in table.columns:
        return {}
    town = table.loc[table["scope"] == "潭头镇"] if "scope" in table.columns else table
    return {ind: float(v) for ind, v in zip(town["indicator"], town["value"], strict=True)}


def _bounds(table: pd.DataFrame) -> dict[str, str]:
    if "bound" not in table.columns:
        return {}
    return {ind: str(b) for ind, b in zip(table["indicator"], table["bound"], strict=True)}


def _ok(values: dict[str, float], *keys: str) -> bool:
    return all(k in values and not math.isnan(values[k]) for k in keys)


def _n(value: float) -> str:
    return format_number(value)


def source_phrase(table: pd.DataFrame, lang: str) -> str:
    """Where the figures come from: the report, or the (synthetic) ledgers."""
    statuses = set(table["data_status"]) if "data_status" in table.columns else set()
    if statuses == {"published"}:
        return "据报告公开数字，" if lang == "zh" else "According to the published report, "
    if any("synthetic" in s for s in statuses):
        return ("据合成演示台账（合成数据，非真实统计），" if lang == "zh"
                else "From the synthetic demo ledgers (SYNTHETIC DATA, not real statistics), ")
    return "据台账，" if lang == "zh" else "From the ledgers, "


def loan_commentary(table: pd.DataFrame, year: int, lang: str = "zh") -> str:
    """Commentary on loan subsidies: new loans (户, 元), subsidies (人, 元), per-unit amounts, LPR.

    Examples
    --------
    With the 2022 published figures (248 户, 11,465,000 元, 190 人, 304,126 元)
    the zh text states "新增小额贴息贷款248户、11,465,000元，户均46,229.84元".
    """
    v = _values(table)
    zh = lang == "zh"
    parts: list[str] = []
    if _ok(v, "loans_new_households", "loans_new_amount"):
        s = (f"{year}年新增小额贴息贷款{_n(v['loans_new_households'])}户、{_n(v['loans_new_amount'])}元" if zh
             else f"in {year} {_n(v['loans_new_households'])} households took new subsidised microloans "
                  f"totalling {_n(v['loans_new_amount'])} 元")
        if _ok(v, "loans_new_amount_per_household"):
            s += (f"，户均{_n(v['loans_new_amount_per_household'])}元" if zh
                  else f", {_n(v['loans_new_amount_per_household'])} 元 per household")
        parts.append(s)
    if _ok(v, "loans_total_count"):
        parts.append(f"全年贷款共{_n(v['loans_total_count'])}笔" if zh
                     else f"{_n(v['loans_total_count'])} loans in all")
    if _ok(v, "loan_subsidy_recipients", "loan_subsidy_amount"):
        s = (f"贷款贴息{_n(v['loan_subsidy_recipients'])}人、{_n(v['loan_subsidy_amount'])}元" if zh
             else f"interest subsidies of {_n(v['loan_subsidy_amount'])} 元 went to "
                  f"{_n(v['loan_subsidy_recipients'])} people")
        if _ok(v, "loan_subsidy_per_recipient"):
            s += (f"，人均{_n(v['loan_subsidy_per_recipient'])}元" if zh
                  else f" ({_n(v['loan_subsidy_per_recipient'])} 元 each)")
        parts.append(s)
    if _ok(v, "loan_implied_subsidy_rate", "lpr_1y_mean"):
        parts.append(f"按年内本金占用计算的隐含贴息利率为{_n(v['loan_implied_subsidy_rate'])}%，"
                     f"同年1年期LPR时间加权平均为{_n(v['lpr_1y_mean'])}%" if zh
                     else f"the implied subsidy rate on principal outstanding was "
                          f"{_n(v['loan_implied_subsidy_rate'])}% against a time-weighted mean "
                          f"1-year LPR of {_n(v['lpr_1y_mean'])}%")
    return _sentence(source_phrase(table, lang), parts, lang)


def employment_commentary(table: pd.DataFrame, year: int, lang: str = "zh") -> str:
    """Commentary on employment income: posts (人), jobs (个), mean income gain (元)."""
    v = _values(table)
    b = _bounds(table)
    zh = lang == "zh"
    parts: list[str] = []
    if _ok(v, "public_welfare_posts"):
        parts.append(f"{year}年公益性岗位安置{_n(v['public_welfare_posts'])}人" if zh
                     else f"in {year} public-welfare posts employed {_n(v['public_welfare_posts'])} people")
    if _ok(v, "jobs_provided"):
        more = b.get("jobs_provided") == "at_least"
        parts.append((f"提供就业岗位{_n(v['jobs_provided'])}{'余' if more else ''}个") if zh
                     else f"{'more than ' if more else ''}{_n(v['jobs_provided'])} jobs were provided")
    if _ok(v, "jobs_income_increase_mean"):
        s = (f"就业群众年均增收{_n(v['jobs_income_increase_mean'])}元" if zh
             else f"the people employed gained {_n(v['jobs_income_increase_mean'])} 元 a year on average")
        if _ok(v, "jobs_income_increase_median"):
            s += (f"（中位数{_n(v['jobs_income_increase_median'])}元）" if zh
                  else f" (median {_n(v['jobs_income_increase_median'])} 元)")
        parts.append(s)
    return _sentence(source_phrase(table, lang), parts, lang)


def land_commentary(table: pd.DataFrame, year: int, lang: str = "zh") -> str:
    """Commentary on land transfer: area (亩), rate (%), contracted-land base (亩), rent (元/亩)."""
    v = _values(table)
    zh = lang == "zh"
    parts: list[str] = []
    if _ok(v, "land_transfer_area"):
        parts.append(f"{year}年土地流转面积{_n(v['land_transfer_area'])}亩" if zh
                     else f"in {year} {_n(v['land_transfer_area'])} 亩 of land were transferred")
    if _ok(v, "land_transfer_rate"):
        s = (f"流转率{_n(v['land_transfer_rate'])}%" if zh
             else f"a transfer rate of {_n(v['land_transfer_rate'])}%")
        if _ok(v, "land_contracted_base"):
            s += (f"，对应承包地面积{_n(v['land_contracted_base'])}亩" if zh
                  else f" of a contracted-land base of {_n(v['land_contracted_base'])} 亩")
        parts.append(s)
    if _ok(v, "land_rent_per_mu_median"):
        parts.append(f"每亩年租金中位数{_n(v['land_rent_per_mu_median'])}元" if zh
                     else f"the median annual rent was {_n(v['land_rent_per_mu_median'])} 元 per 亩")
    return _sentence(source_phrase(table, lang), parts, lang)


def _sentence(prefix: str, parts: list[str], lang: str) -> str:
    if not parts:
        return "本年度没有可用的数字。" if lang == "zh" else "No figures are available for this year."
    if lang == "zh":
        return prefix + "；".join(parts) + "。"
    text = prefix + "; ".join(parts) + "."
    return text[0].upper() + text[1:]
