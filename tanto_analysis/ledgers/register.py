"""The village register: each village's households (户), people (人) and contracted land (亩).

A ledger like the others (:func:`load_villages`), read with its own columns;
its town totals (:func:`register_indicators`) are the denominators of rates
and are reconciled with the report's (:func:`register_published`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .fields import VILLAGE, Field, unique
from .ledger import Ledger, data_status_of, load_ledger
from .tidy import TIDY_COLUMNS, published_row, tidy_row

__all__ = ["VILLAGE_FIELDS", "load_villages", "register_indicators", "register_published"]


VILLAGE_FIELDS: tuple[Field, ...] = (
    unique(VILLAGE),
    Field("households", "int", unit="户", zh="户数", aliases=("总户数",), en="households in the village (户)"),
    Field("population", "int", unit="人", zh="人口", aliases=("人口数", "人数", "总人口"),
          en="people in the village (人)"),
    Field("contracted_area_mu", "number", unit="亩", zh="承包地面积(亩)", aliases=("承包耕地面积(亩)",),
          en="contracted land of the village (亩), the base of the transfer rate"),
)


def load_villages(path: str | Path, year: int, con=None) -> Ledger:
    """Load the village register (households 户, population 人, contracted-land base 亩).

    Examples
    --------
    In a project of 甲镇 whose villages are 甲一村 (also written 甲一) and 乙村:

    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as root:
    ...     os.environ["TANTO_ROOT"], before = root, os.environ.get("TANTO_ROOT")
    ...     _ = (Path(root) / "tanto.toml").write_text('[project]\\ntown = "甲镇"\\n', encoding="utf-8")
    ...     (Path(root) / "data" / "reference").mkdir(parents=True)
    ...     _ = (Path(root) / "data" / "reference" / "villages.csv").write_text(
    ...         "village,short_form,aliases,note\\n甲一村,甲一,,\\n乙村,,,\\n", encoding="utf-8")
    ...     path = Path(root) / "villages_synthetic.csv"
    ...     _ = path.write_text("village,households,population,contracted_area_mu,data_status\\n"
    ...                         "甲一,310,1120,2450.5,synthetic\\n乙村,205,760,1830,synthetic\\n", encoding="utf-8")
    ...     reg = load_villages(path, 2022).df()
    ...     _ = os.environ.pop("TANTO_ROOT") if before is None else os.environ.update(TANTO_ROOT=before)
    >>> reg["village"].tolist(), int(reg["households"].sum()), float(reg["contracted_area_mu"].sum())
    (['甲一村', '乙村'], 515, 4280.5)
    """
    return load_ledger(path, VILLAGE_FIELDS, year, con)


def register_indicators(villages: Ledger, year: int) -> pd.DataFrame:
    """Town totals of the register: households (户), people (人), villages (个), base (亩)."""
    status = data_status_of(villages)
    households, population, count = villages.query(
        "SELECT sum(households), sum(population), count(DISTINCT village) FROM {t}").iloc[0]
    rows = [
        tidy_row(year, "village_register", "households_total", households, status),
        tidy_row(year, "village_register", "population_total", population, status),
        tidy_row(year, "village_register", "villages_total", count, status),
    ]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def register_published(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The register's figures as published (households_total, population_total, villages_total)."""
    rows = [published_row(table, fid, "village_register")
            for fid in ("households_total", "population_total", "villages_total")]
    rows = [r for r in rows if r is not None and r["year"] == year]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + ["figure_ids", "quote", "section", "bound", "rounding"])

