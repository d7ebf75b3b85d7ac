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

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ..core.errors import InputError, Problem
from ..reference.villages import current_town
from .fields import VILLAGE, Field
from .ledger import Ledger, data_status_of, load_ledger, number
from .tidy import TIDY_COLUMNS, derived_row, published_row, tidy_row

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


def load_contracts(path: str | Path, year: int, con: duckdb.DuckDBPyConnection | None = None) -> Ledger:
    """Load and check the land-transfer contracts in force in ``year`` (亩, 元/年).

    Raises
    ------
    InputError
        For bad cells, contracts ending before ``year`` or before they start.
    """
    return load_ledger(path, CONTRACT_FIELDS, year, con, check=_check_contracts)


def _check_contracts(contracts: Ledger, year: int) -> None:
    """Contracts ended before the year or ending before they start are errors; 0 亩 is flagged."""
    start = dt.date(year, 1, 1)
    ended = contracts.query("SELECT source_row, end_date FROM {t} WHERE end_date < ? ORDER BY source_row", [start])
    backwards = contracts.query("SELECT source_row, start_date, end_date FROM {t} "
                                "WHERE end_date >= ? AND end_date <= start_date ORDER BY source_row", [start])
    problems = [Problem(contracts.file, int(r.source_row), "end_date",
                        f"date outside the year {year}: the contract ended before {year}",
                        value=f"{r.end_date:%Y-%m-%d}") for r in ended.itertuples()]
    problems += [Problem(contracts.file, int(r.source_row), "end_date", "end_date is not after start_date",
                         value=f"{r.end_date:%Y-%m-%d}") for r in backwards.itertuples()]
    if problems:
        raise InputError(problems)
    contracts.add_flag("area_mu = 0", "zero_area")


def check_against_base(contracts: Ledger, villages: Ledger) -> Ledger:
    """Flag ``area_above_base`` on the register's villages whose transferred 亩 exceed their base 亩."""
    villages.flag_rows(f"SELECT v.source_row FROM {{t}} v JOIN (SELECT village, sum(area_mu) AS area "
                       f"FROM {contracts.table_for(villages)} GROUP BY village) c ON v.village = c.village "
                       "WHERE c.area > v.contracted_area_mu + 1e-9", "area_above_base")
    return villages


def transfer_rate(area_mu: float, base_mu: float) -> float:
    """Transferred area ÷ contracted-land base × 100 (%).

    >>> round(transfer_rate(21000, 27167), 4)
    77.2997
    """
    return area_mu / base_mu * 100


def implied_base(area_mu: float, rate_pct: float) -> float:
    """The contracted-land base (亩) implied by a transferred area (亩) and rate (%)."""
    return area_mu / rate_pct * 100


def rent_per_mu(contracts: Ledger) -> pd.DataFrame:
    """Annual rent per 亩 (元/亩) of each contract with a positive area (zero-area rows are flagged)."""
    return contracts.query("SELECT contract_id, village, land_type, mode, area_mu, data_status, "
                           "annual_rent_yuan / area_mu AS rent_yuan_per_mu FROM {t} WHERE area_mu > 0 "
                           "ORDER BY contract_id")


#: The land type group of a contract, as an SQL expression over its ``land_type``.
LAND_TYPE_GROUPS_SQL = "CASE land_type " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in LAND_TYPE_GROUPS.items()) + " END"


def area_by(contracts: Ledger, by: str, year: int) -> pd.DataFrame:
    """Transferred area (亩) and contracts (份) by ``village``, ``land_type`` or ``mode``.

    Land types are grouped 耕地 / 林地/林坡 / 其他; by village, ``scope`` is the village.
    """
    if by not in ("village", "land_type", "mode"):
        raise ValueError(f"area_by: by must be village, land_type or mode, not {by!r}")
    status = data_status_of(contracts)
    key = LAND_TYPE_GROUPS_SQL if by == "land_type" else by
    found = {k: (area, n) for k, area, n in contracts.con.execute(
        f"SELECT {key} AS k, sum(area_mu), count(*) FROM {contracts.table} GROUP BY 1").fetchall()}
    order = {"land_type": ("耕地", "林地/林坡", "其他"), "mode": MODES}.get(by) or tuple(sorted(found))
    rows = []
    for k in order:
        area, n = found.get(k, (0.0, 0))
        scope = k if by == "village" else current_town().name
        rows += [tidy_row(year, DOMAIN, "land_transfer_area", area, status, scope) | {by: k},
                 tidy_row(year, DOMAIN, "land_transfer_contracts", n, status, scope) | {by: k}]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + [by])


def contracts_expiring_by_year(contracts: Ledger) -> pd.DataFrame:
    """Contracts (份) and area (亩) by the year their ``end_date`` falls in."""
    out = contracts.query("SELECT year(end_date) AS expiry_year, count(*) AS contracts, sum(area_mu) AS area_mu "
                          "FROM {t} GROUP BY 1 ORDER BY 1")
    out["expiry_year"] = out["expiry_year"].astype("int32")
    out["data_status"] = data_status_of(contracts)
    return out


def indicators(contracts: Ledger, villages: Ledger, year: int) -> pd.DataFrame:
    """The land-transfer indicators of ``year`` from the ledgers, as a tidy long table.

    Area and base in 亩, rate in %, rent in 元/亩 (median of contracts and the
    area-weighted mean).
    """
    status = data_status_of(contracts, villages)
    n, area, median_rent, rent, positive_area = contracts.query(
        "SELECT count(*), COALESCE(sum(area_mu), 0), median(annual_rent_yuan / area_mu) FILTER (WHERE area_mu > 0), "
        "sum(annual_rent_yuan) FILTER (WHERE area_mu > 0), sum(area_mu) FILTER (WHERE area_mu > 0) FROM {t}").iloc[0]
    base = float(villages.scalar("SELECT COALESCE(sum(contracted_area_mu), 0) FROM {t}"))
    area = float(area)

    def row(ind, value):
        return tidy_row(year, DOMAIN, ind, value, status)

    return pd.DataFrame([
        row("land_transfer_area", round(area, 4)),
        row("land_transfer_contracts", n),
        row("land_contracted_base", round(base, 4)),
        row("land_transfer_rate", transfer_rate(area, base) if base else np.nan),
        row("land_rent_per_mu_median", round(number(median_rent), 2)),
        row("land_rent_per_mu_mean", round(number(rent) / number(positive_area), 2) if number(positive_area) > 0 else np.nan),
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
                                "land_contracted_base",
                                lambda area, rate: round(implied_base(area, rate)), rounding=half))
    rows = [r for r in rows if r is not None and r["year"] == year]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + ["figure_ids", "quote", "section", "bound", "rounding"])
