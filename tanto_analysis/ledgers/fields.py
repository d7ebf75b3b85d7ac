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
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from ..reference.villages import canonical_village, current_town

__all__ = ["with_project_headers", "DATA_STATUSES", "DATA_STATUS_FIELD", "DATE_FORMS", "DATE_YEARS", "EXCEL_SERIAL_FORM", "Field", "HOUSEHOLD", "ID_PATTERN", "STATUS_CHECK",
           "VILLAGE", "cell_checks", "header_key", "header_map", "normalise_dates", "parse_number", "read_date", "typed_value"]

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


def with_project_headers(ledger: str, fields: tuple[Field, ...],
                         path: str | Path | None = None) -> tuple[Field, ...]:
    """``fields`` with the headers a project's offices write for ``ledger`` added to their aliases.

    A project lists them in ``data/reference/ledger_headers.csv`` (columns
    ``ledger, column, header``, e.g. ``loans,amount_yuan,放贷金额（元）``);
    the package's headers stay accepted.

    Raises
    ------
    InputError
        For a row naming a column the ledger does not have (``file:row:column``).
    """
    import csv

    from ..core import paths
    from ..core.errors import InputError, Problem, display_path

    source = Path(path) if path is not None else paths.reference_dir() / "ledger_headers.csv"
    if not source.is_file():
        return fields
    extra: dict[str, list[str]] = {}
    problems = []
    names = [f.name for f in fields]
    with open(source, encoding="utf-8-sig", newline="") as handle:
        for row, rec in enumerate(csv.DictReader(handle), start=2):
            if (rec.get("ledger") or "").strip() != ledger:
                continue
            column, header = (rec.get("column") or "").strip(), (rec.get("header") or "").strip()
            if column not in names:
                problems.append(Problem(display_path(source), row, "column", (
                    f"{ledger} has no such column; expected one of {', '.join(names)}"), column or None))
            elif header:
                extra.setdefault(column, []).append(header)
    if problems:
        raise InputError(problems)
    return tuple(replace(f, aliases=(*f.aliases, *extra[f.name])) if f.name in extra else f for f in fields)


#: Columns shared by several ledgers.
HOUSEHOLD = Field("household_id", "id", zh="户编号", aliases=("户号", "农户编号"),
                  en="household id, opaque (H00001); no names or ID numbers")
VILLAGE = Field("village", "village", zh="村", aliases=("村名", "所属村", "行政村"),
                en="village, one of the town's (data/reference/villages.csv), in any of its spellings")
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


#: Dates written otherwise than ``YYYY-MM-DD`` but without ambiguity (the year first), by the form named in the
#: note that says they were read: ``2020年3月24日``, ``2020/3/24`` (Excel's text of a date on a Chinese system,
#: also with a midnight time), ``2020.3.24`` and ``2020-3-24``.
DATE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("YYYY年M月D日", re.compile(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*")),
    ("YYYY/M/D", re.compile(r"\s*(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+0?0:00(?::00)?)?\s*")),
    ("YYYY.M.D", re.compile(r"\s*(\d{4})\.(\d{1,2})\.(\d{1,2})\s*")),
    ("YYYY-M-D", re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")),
)
#: The form of an Excel date serial (``43914`` → 2020-03-24) in that note.
EXCEL_SERIAL_FORM = "an Excel date number"
_ISO_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2}) 00:00:00")


def read_date(text: str) -> tuple[str, str | None]:
    """A date cell as ``YYYY-MM-DD`` text, and the form it was written in (None for ``YYYY-MM-DD`` itself).

    A cell that is no date of a known form comes back as written (its check
    then says what is expected).

    Examples
    --------
    >>> read_date("2020年3月24日"), read_date("2020/3/24"), read_date("43914")
    (('2020-03-24', 'YYYY年M月D日'), ('2020-03-24', 'YYYY/M/D'), ('2020-03-24', 'an Excel date number'))
    >>> read_date("2022-03-01 00:00:00"), read_date("3/24/2020")
    (('2022-03-01', None), ('3/24/2020', None))
    """
    if _ISO_MIDNIGHT.fullmatch(text):
        return text[:10], None
    if _date(text) is not None or re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", text):
        return text, None
    serial = re.fullmatch(r"\s*(\d{5})(?:\.0+)?\s*", text)
    if serial and _EXCEL_SERIALS[0] <= int(serial.group(1)) <= _EXCEL_SERIALS[1]:
        day = _EXCEL_EPOCH + pd.Timedelta(days=int(serial.group(1)))
        return day.strftime("%Y-%m-%d"), EXCEL_SERIAL_FORM
    for form, pattern in DATE_FORMS:
        found = pattern.fullmatch(text)
        if found:
            year, month, day = found.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}", form
    return text, None


def normalise_dates(column: pd.Series) -> pd.Series:
    """Date cells as ``YYYY-MM-DD`` (:func:`read_date`): ``2022-03-01 00:00:00``, Excel serials and :data:`DATE_FORMS`."""
    return column.map(lambda text: read_date(text)[0])


#: A cell check: the message saying what was expected, and a test of a cell's text (True: fine).
CellCheck = tuple[str, Callable[[str], bool]]
#: An opaque id: letters and digits, then letters, digits, ``-`` or ``_`` (checked in the engine's SQL).
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]*"
ID_ERROR = "expected an opaque id such as H00001 (letters, digits, - or _)"


def cell_checks(field: Field, year: int) -> tuple[CellCheck, ...]:
    """The checks of one cell of ``field`` in the ledger of ``year``, in the order they are reported.

    Each failing check is one problem, ``<message>`` with the cell as its
    ``value`` (shown, masked, only on the analyst's terminal).  An
    ``id`` column has none here: its cells are nearly all distinct, so
    :data:`ID_PATTERN` is checked by the engine in SQL; every other kind has
    few distinct cells, each checked once in Python.
    """
    if field.kind == "id":
        return ()
    if field.kind == "choice":
        return ((f"unknown value; expected one of {', '.join(field.choices)}", lambda v: v in field.choices),)
    if field.kind == "village":
        town = current_town()
        return ((f"unknown village; expected one of {town.name}'s {len(town.villages)} villages "
                 "(data/reference/villages.csv)", lambda v: canonical_village(v) is not None),)
    if field.kind == "int":
        return (("expected a whole number", lambda v: re.fullmatch(r"\s*-?\d+\s*", v) is not None),
                ("negative value; expected 0 or more", lambda v: not re.fullmatch(r"\s*-\d+\s*", v)),
                ("whole number too large; expected at most 18 digits",
                 lambda v: re.fullmatch(r"\s*-?\d+\s*", v) is None or abs(int(v)) < 10 ** 18))
    if field.kind == "number":
        return ((f"expected a number in {field.unit}", lambda v: parse_number(v) is not None),
                ("negative amount; expected 0 or more", lambda v: parse_number(v) is None or parse_number(v) >= 0))
    if field.kind == "date":
        checks: list[CellCheck] = [
            ("expected a date written YYYY-MM-DD", lambda v: _date(v) is not None),
            (f"impossible date; expected a year from {DATE_YEARS[0]} to {DATE_YEARS[1]}", _in_range)]
        if field.dates == "in_year":
            checks.append((f"date outside the year {year}",
                           lambda v: not _in_range(v) or _date(v) is None or _date(v).year == year))
        elif field.dates == "not_after_year":
            checks.append((f"date after the year {year}",
                           lambda v: not _in_range(v) or _date(v) is None or _date(v).year <= year))
        return tuple(checks)
    raise ValueError(f"unknown field kind {field.kind!r}")


#: The check of the ``data_status`` column every ledger has.
STATUS_CHECK: CellCheck = (f"unknown data_status; expected one of {', '.join(DATA_STATUSES)}",
                           lambda v: v in DATA_STATUSES)


def typed_value(field: Field, text: str) -> object:
    """A checked cell as its value: int, float (in ``field.unit``), ISO date text, canonical village, or text."""
    if field.kind == "int":
        return int(text.strip())
    if field.kind == "number":
        return float(text.strip())
    if field.kind == "date":
        return text.strip()
    if field.kind == "village":
        return canonical_village(text)
    return text
