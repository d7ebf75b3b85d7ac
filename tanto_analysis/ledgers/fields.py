"""Ledger columns: their declarations, the headers they accept, and their cell checks.

A :class:`Field` declares one column: its kind, unit, checks, its Chinese
header (``zh``, e.g. ``贷款金额(元)``), other headers offices write for it
(``aliases``) and what it holds (``en``, for the template's explanation
sheet).  Headers are compared after NFKC normalisation (full-width
brackets and letters become half-width), without spaces and case, so
``贷款金额（元）`` and ``Amount_Yuan`` are recognised too.  A header with
another unit (``贷款金额(万元)``) is not an alias: it is named as
unrecognised in the missing-column message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..reference.villages import canonical_village

__all__ = ["DATA_STATUSES", "DATA_STATUS_FIELD", "DATE_YEARS", "Field", "HOUSEHOLD", "VILLAGE", "header_key",
           "header_map", "normalise_dates", "parse_number", "schema"]

#: ``synthetic`` for generated demo ledgers, ``actual`` for a town office's records.
DATA_STATUSES: tuple[str, ...] = ("synthetic", "actual")
#: Dates outside these years are typing errors (0001, 9999, 2202 …).
DATE_YEARS = (1950, 2100)
#: Excel counts days from 1899-12-30; serials in this range are dates of DATE_YEARS.
_EXCEL_EPOCH = pd.Timestamp(1899, 12, 30)
_EXCEL_SERIALS = (18264, 73415)  # 1950-01-01, 2100-12-31


@dataclass(frozen=True)
class Field:
    """One ledger column.

    ``kind`` is ``id`` (opaque id), ``choice`` (one of ``choices``),
    ``village``, ``int``, ``number`` (decimal) or ``date`` (YYYY-MM-DD).
    ``unit`` is the unit of a number (``元`` turns on the magnitude check).
    ``dates`` is ``in_year`` (within the year) or ``not_after_year``.
    ``zh`` is the Chinese header, ``aliases`` other accepted headers, ``en``
    what the column holds.
    """

    name: str
    kind: str
    choices: tuple[str, ...] = ()
    unit: str | None = None
    unique: bool = False
    dates: str | None = None
    zh: str = ""
    en: str = ""
    aliases: tuple[str, ...] = ()

    def headers(self) -> tuple[str, ...]:
        """Every header accepted for this column: its name, ``zh`` and ``aliases``."""
        return tuple(h for h in (self.name, self.zh, *self.aliases) if h)


#: Columns shared by several ledgers.
HOUSEHOLD = Field("household_id", "id", zh="户编号", aliases=("户号", "农户编号"),
                  en="household id, opaque (H00001); no names or ID numbers")
VILLAGE = Field("village", "village", zh="村", aliases=("村名", "所属村", "行政村"),
                en="village, one of the town's 24 (断滩村 or 断滩)")
DATA_STATUS_FIELD = Field("data_status", "choice", choices=DATA_STATUSES, zh="数据状态",
                          en="actual for the office's records, synthetic for made-up data")


def unique(field: Field) -> Field:
    """``field`` with ``unique`` set."""
    return replace(field, unique=True)


def header_key(text: str) -> str:
    """A header as compared: NFKC, no spaces, lower case (``贷款金额（元）`` → ``贷款金额(元)``)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def header_map(fields: tuple[Field, ...]) -> dict[str, str]:
    """Normalised accepted header → column name, for ``fields`` and ``data_status``."""
    out: dict[str, str] = {}
    for field in (*fields, DATA_STATUS_FIELD):
        for header in field.headers():
            out.setdefault(header_key(header), field.name)
    return out


def parse_number(text: str) -> Decimal | None:
    """A finite decimal, or None."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _date(text: str) -> dt.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _in_range(text: str) -> bool:
    day = _date(text)
    return day is None or DATE_YEARS[0] <= day.year <= DATE_YEARS[1]


def normalise_dates(column: pd.Series) -> pd.Series:
    """Date cells as ``YYYY-MM-DD``: ``2022-03-01 00:00:00`` and Excel serials (``43914``) converted."""
    col = column.str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", r"\1", regex=True)
    serial = col.str.fullmatch(r"\s*\d{5}(\.0+)?\s*")
    if serial.any():
        days = pd.to_numeric(col[serial]).astype("int64")
        ok = days.between(*_EXCEL_SERIALS)
        dates = (_EXCEL_EPOCH + pd.to_timedelta(days[ok], unit="D")).dt.strftime("%Y-%m-%d")
        col = col.copy()
        col.loc[dates.index] = dates
    return col


def _checks(field: Field, year: int) -> list[pa.Check]:
    if field.kind == "id":
        return [pa.Check.str_matches(r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
                                     error="expected an opaque id such as H00001 (letters, digits, - or _)")]
    if field.kind == "choice":
        return [pa.Check.isin(field.choices, error=f"unknown value; expected one of {', '.join(field.choices)}")]
    if field.kind == "village":
        return [pa.Check(lambda v: canonical_village(v) is not None, element_wise=True,
                         error="unknown village; expected one of the town's 24 villages (tanto_analysis.reference.villages)")]
    if field.kind == "int":
        return [pa.Check.str_matches(r"^\s*-?\d+\s*$", error="expected a whole number"),
                pa.Check(lambda v: not re.fullmatch(r"\s*-\d+\s*", v), element_wise=True,
                         error="negative value; expected 0 or more")]
    if field.kind == "number":
        return [pa.Check(lambda v: parse_number(v) is not None, element_wise=True,
                         error=f"expected a number in {field.unit}"),
                pa.Check(lambda v: parse_number(v) is None or parse_number(v) >= 0, element_wise=True,
                         error="negative amount; expected 0 or more")]
    if field.kind == "date":
        checks = [pa.Check(lambda v: _date(v) is not None, element_wise=True,
                           error="expected a date written YYYY-MM-DD"),
                  pa.Check(_in_range, element_wise=True,
                           error=f"impossible date; expected a year from {DATE_YEARS[0]} to {DATE_YEARS[1]}")]
        if field.dates == "in_year":
            checks.append(pa.Check(lambda v: not _in_range(v) or _date(v) is None or _date(v).year == year,
                                   element_wise=True, error=f"date outside the year {year}"))
        elif field.dates == "not_after_year":
            checks.append(pa.Check(lambda v: not _in_range(v) or _date(v) is None or _date(v).year <= year,
                                   element_wise=True, error=f"date after the year {year}"))
        return checks
    raise ValueError(f"unknown field kind {field.kind!r}")


def schema(fields: tuple[Field, ...], year: int) -> pa.DataFrameSchema:
    """The pandera schema of a ledger's cells (all read as text)."""
    columns = {f.name: pa.Column(str, _checks(f, year), unique=f.unique, report_duplicates="all")
               for f in fields}
    columns["data_status"] = pa.Column(str, pa.Check.isin(
        DATA_STATUSES, error=f"unknown data_status; expected one of {', '.join(DATA_STATUSES)}"))
    return pa.DataFrameSchema(columns, strict=False, ordered=False)


def as_float(column: pd.Series) -> np.ndarray:
    """A checked number column as float (NaN where it is not a number)."""
    return pd.to_numeric(column.str.strip(), errors="coerce").to_numpy(dtype="float64")
