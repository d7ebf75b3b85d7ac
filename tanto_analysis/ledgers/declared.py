"""A ledger a project declares (:mod:`tanto_analysis.reference.ledger_declarations`) as the package's stages use it.

:func:`loader` reads and checks it with its declared columns, :func:`indicators_of`
and :func:`by_village_of` compute its declared indicators (town level and per
village) in one grouped query, and :func:`published_of` finds the same
indicators in a year's published figures; :mod:`tanto_analysis.ledgers.domains`
makes them a ledger and a domain of the project.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..reference.ledger_declarations import LedgerDeclaration
from .fields import Field
from .ledger import Ledger, data_status_of, load_ledger, number
from .tidy import TIDY_COLUMNS, published_row, tidy_row

__all__ = ["by_village_of", "fields_of", "indicators_of", "loader", "published_of"]

_PUBLISHED_COLUMNS = TIDY_COLUMNS + ["figure_ids", "quote", "section", "bound", "rounding"]


def fields_of(decl: LedgerDeclaration) -> tuple[Field, ...]:
    """A declared ledger's columns as the ledger reader declares them."""
    return tuple(Field(c.name, c.kind, choices=c.choices, unit=c.unit, unique=c.unique, dates=c.dates,
                       zh=c.zh, en=c.en, aliases=c.aliases) for c in decl.columns)


def loader(decl: LedgerDeclaration):
    """``load(path, year, con)`` for a declared ledger: read and check it with its declared columns."""

    def load(path: str | Path, year: int, con=None) -> Ledger:
        return load_ledger(path, fields_of(decl), year, con)

    return load


def indicators_of(decl: LedgerDeclaration):
    """``indicators(ledger, year)`` → the declared indicators, tidy, town level (units as registered)."""

    def indicators(ledger: Ledger, year: int) -> pd.DataFrame:
        values = ledger.query("SELECT " + ", ".join(i.sql() for i in decl.indicators) + " FROM {t}").iloc[0]
        status = data_status_of(ledger)
        rows = [tidy_row(year, decl.domain, i.key, number(v), status) for i, v in zip(decl.indicators, values,
                                                                                        strict=True)]
        return pd.DataFrame(rows, columns=TIDY_COLUMNS)

    return indicators


def by_village_of(decl: LedgerDeclaration):
    """``by_village(ledger, year)`` → the declared indicators per village, tidy (``scope`` = village)."""

    def by_village(ledger: Ledger, year: int) -> pd.DataFrame:
        found = ledger.con.execute(
            "SELECT village, " + ", ".join(i.sql() for i in decl.indicators)
            + f" FROM {ledger.table} GROUP BY village ORDER BY village").fetchall()
        status = data_status_of(ledger)
        rows = [tidy_row(year, decl.domain, i.key, number(v), status, village)
                for village, *values in found for i, v in zip(decl.indicators, values, strict=True)]
        return pd.DataFrame(rows, columns=TIDY_COLUMNS)

    return by_village


def published_of(decl: LedgerDeclaration):
    """``published(table, year)`` → the declared indicators as the year's report states them, with quotes."""

    def published(table: pd.DataFrame, year: int) -> pd.DataFrame:
        rows = [published_row(table, i.key, decl.domain) for i in decl.indicators]
        return pd.DataFrame([r for r in rows if r is not None and r["year"] == year], columns=_PUBLISHED_COLUMNS)

    return published
