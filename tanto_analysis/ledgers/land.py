"""Land transfer: the 土地流转 contracts ledger and the contracted-land base.

One ledger per year plus the village register (:func:`ledgers.load_villages`,
whose ``contracted_area_mu`` is each village's contracted-land base):

``land_contracts``
    ``contract_id, village, land_type (耕地|林地|林坡|其他), mode
    (出租|入股|转包|其他), area_mu, annual_rent_yuan, start_date, end_date,
    data_status`` — every transfer contract in force in the year (area in 亩,
    rent in 元 per year for the whole contract).

Errors: a contract not in force in the year (starts after it or ends
before it), an end before the start, plus the shared checks of
:mod:`ledgers`.  Flagged rows: contracts of 0 亩 (``zero_area``), and
villages whose transferred area exceeds their base (``area_above_base``, on
the register row).

The transfer rate is transferred area ÷ contracted-land base × 100.  From the
published figures the base is implied: 21,000 亩 ÷ 77.3% = 27,167 亩.

Examples
--------
>>> round(implied_base(21000, 77.3))
27167
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import InputError, Problem
from ..reference.villages import TOWN
from .fields import VILLAGE
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
    "LAND_TYPES", "MODES", "area_by", "check_against_base", "contracts_expiring_by_year", "implied_base",
    "indicators", "load_contracts", "published_indicators", "rent_per_mu", "transfer_rate",
]

DOMAIN = "land_transfer"
LAND_TYPES: tuple[str, ...] = ("耕地", "林地", "林坡", "其他")
MODES: tuple[str, ...] = ("出租", "入股", "转包", "其他")
#: Land types as the breakdown groups them.
LAND_TYPE_GROUPS = {"耕地": "耕地", "林地": "林地/林坡", "林坡": "林地/林坡", "其他": "其他"}

CONTRACT_FIELDS: tuple[Field, ...] = (
    Field("contract_id", "id", unique=True, zh="合同编号", en="contract id, opaque"),
    VILLAGE,
    Field("land_type", "choice", choices=LAND_TYPES, zh="土地类型", aliases=("地类",), en="kind of land"),
    Field("mode", "choice", choices=MODES, zh="流转方式", en="how the land is transferred"),
    Field("area_mu", "number", unit="亩", zh="流转面积(亩)", aliases=("面积(亩)",), en="area transferred (亩)"),
    Field("annual_rent_yuan", "number", unit="元", zh="年租金(元)", aliases=("年流转费(元)",),
          en="rent per year for the whole contract in 元, not 万元"),
    Field("start_date", "date", dates="not_after_year", zh="起始日期", aliases=("开始日期",),
          en="first day of the contract, not after the year"),
    Field("end_date", "date", zh="终止日期", aliases=("到期日期", "结束日期"),
          en="last day of the contract, not before the year"),
)


def load_contracts(path: str | Path, year: int) -> pd.DataFrame:
    """Load and check the land-transfer contracts in force in ``year`` (亩, 元/年).

    Raises
    ------
    InputError
        For bad cells, contracts ending before ``year`` or before they start.
    """
    contracts = load_ledger(path, CONTRACT_FIELDS, year)
    name = contracts.attrs["file"]
    ended = contracts["end_date"] < pd.Timestamp(year, 1, 1)
    backwards = ~ended & (contracts["end_date"] <= contracts["start_date"])
    problems = [Problem(name, rec["source_row"], "end_date",
                        f"date outside the year {year}: the contract ended before {year}; "
                        f"got {rec['end_date']:%Y-%m-%d}") for rec in contracts.loc[ended].to_dict("records")]
    problems += [Problem(name, rec["source_row"], "end_date",
                         f"end_date {rec['end_date']:%Y-%m-%d} is not after start_date {rec['start_date']:%Y-%m-%d}")
                 for rec in contracts.loc[backwards].to_dict("records")]
    if problems:
        raise InputError(problems)
    return add_flag(contracts, contracts["area_mu"] == 0, "zero_area")


def check_against_base(contracts: pd.DataFrame, villages: pd.DataFrame) -> pd.DataFrame:
    """Return the register with ``area_above_base`` flagged where transferred 亩 > base 亩."""
    area = contracts.groupby("village")["area_mu"].sum()
    over = villages["village"].map(area).fillna(0) > villages["contracted_area_mu"] + 1e-9
    return add_flag(villages, over, "area_above_base")


def transfer_rate(area_mu: float, base_mu: float) -> float:
    """Transferred area ÷ contracted-land base × 100 (%).

    >>> round(transfer_rate(21000, 27167), 4)
    77.2997
    """
    return area_mu / base_mu * 100


def implied_base(area_mu: float, rate_pct: float) -> float:
    """The contracted-land base (亩) implied by a transferred area (亩) and rate (%)."""
    return area_mu / rate_pct * 100


def rent_per_mu(contracts: pd.DataFrame) -> pd.DataFrame:
    """Annual rent per 亩 (元/亩) of each contract with a positive area (zero-area rows are flagged)."""
    out = contracts.loc[contracts["area_mu"] > 0,
                        ["contract_id", "village", "land_type", "mode", "area_mu", "data_status"]].copy()
    out["rent_yuan_per_mu"] = contracts["annual_rent_yuan"] / contracts["area_mu"]
    return out.sort_values("contract_id").reset_index(drop=True)


def area_by(contracts: pd.DataFrame, by: str, year: int) -> pd.DataFrame:
    """Transferred area (亩) and contracts (份) by ``village``, ``land_type`` or ``mode``.

    Land types are grouped 耕地 / 林地/林坡 / 其他; by village, ``scope`` is the village.
    """
    status = data_status_of(contracts)
    keys = contracts[by].map(LAND_TYPE_GROUPS) if by == "land_type" else contracts[by]
    order = {"land_type": ("耕地", "林地/林坡", "其他"), "mode": MODES}.get(by) or tuple(sorted(keys.unique()))
    rows = []
    for key in order:
        group = contracts.loc[keys == key]
        scope = key if by == "village" else TOWN
        rows += [tidy_row(year, DOMAIN, "land_transfer_area", "土地流转面积", "Land transferred: area",
                          group["area_mu"].sum(), "亩", status, scope) | {by: key},
                 tidy_row(year, DOMAIN, "land_transfer_contracts", "流转合同份数", "Transfer contracts",
                          len(group), "份", status, scope) | {by: key}]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + [by])


def contracts_expiring_by_year(contracts: pd.DataFrame) -> pd.DataFrame:
    """Contracts (份) and area (亩) by the year their ``end_date`` falls in."""
    years = contracts["end_date"].dt.year.rename("expiry_year")
    out = (contracts.groupby(years).agg(contracts=("contract_id", "size"), area_mu=("area_mu", "sum"))
           .reset_index().sort_values("expiry_year").reset_index(drop=True))
    out["data_status"] = data_status_of(contracts)
    return out


def indicators(contracts: pd.DataFrame, villages: pd.DataFrame, year: int) -> pd.DataFrame:
    """The land-transfer indicators of ``year`` from the ledgers, as a tidy long table.

    Area and base in 亩, rate in %, rent in 元/亩 (median of contracts and the
    area-weighted mean).
    """
    status = data_status_of(contracts, villages)
    area = float(contracts["area_mu"].sum())
    base = float(villages["contracted_area_mu"].sum())
    rents = rent_per_mu(contracts)["rent_yuan_per_mu"]

    def row(ind, zh, en, value, unit):
        return tidy_row(year, DOMAIN, ind, zh, en, value, unit, status)

    positive = contracts["area_mu"] > 0
    return pd.DataFrame([
        row("land_transfer_area", "土地流转面积", "Land transferred: area", round(area, 4), "亩"),
        row("land_transfer_contracts", "流转合同份数", "Transfer contracts", len(contracts), "份"),
        row("land_contracted_base", "承包地面积（流转率分母）", "Contracted-land base", round(base, 4), "亩"),
        row("land_transfer_rate", "土地流转率", "Land transfer rate", transfer_rate(area, base) if base else np.nan, "%"),
        row("land_rent_per_mu_median", "每亩年租金中位数", "Annual rent per mu: median",
            round(float(rents.median()), 2) if len(rents) else np.nan, "元/亩"),
        row("land_rent_per_mu_mean", "每亩年租金（按面积加权）", "Annual rent per mu: area-weighted mean",
            round(float(contracts.loc[positive, "annual_rent_yuan"].sum() / contracts.loc[positive, "area_mu"].sum()), 2)
            if positive.any() else np.nan, "元/亩"),
    ], columns=TIDY_COLUMNS)


def published_indicators(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The land indicators from a year's published figures (data_status ``published``).

    ``land_contracted_base`` is derived: 21,000 亩 ÷ 77.3% = 27,167 亩 (to the
    亩; the rate's rounding to 0.1% leaves about ±18 亩 open).  The 三清两建
    recovered land (159, 800, 3,480 亩) is published only.
    """
    got = {fid: published_row(table, fid, DOMAIN) for fid in (
        "land_transfer_area", "land_transfer_rate", "land_recovered_construction", "land_recovered_farmland",
        "land_recovered_forest")}
    rows = list(got.values())
    if got["land_transfer_area"] is not None and got["land_transfer_rate"] is not None:
        a, r = got["land_transfer_area"]["value"], got["land_transfer_rate"]["value"]
        step = got["land_transfer_rate"]["rounding"]
        half = (implied_base(a, r - step) - implied_base(a, r + step)) / 2
        rows.append(derived_row([got["land_transfer_area"], got["land_transfer_rate"]], DOMAIN,
                                "land_contracted_base", "承包地面积（由流转面积和流转率推算）",
                                "Contracted-land base implied by area and rate",
                                lambda area, rate: round(implied_base(area, rate)), "亩", rounding=half))
    rows = [r for r in rows if r is not None and r["year"] == year]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + ["figure_ids", "quote", "section", "bound", "rounding"])
