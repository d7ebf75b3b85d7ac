"""The published-figures table: every figure of a year's report, with its quote.

A figures file has one row per figure (see ``docs/figures-table.md``)::

    id, section, domain, scope, year, kind, value, unit, bound,
    label_zh, label_en, quote

:func:`validate_figures` checks a file against its schema (with pandera) and
against the report text it was taken from: each quote must occur verbatim in
the source, and the number in the quote, converted to the base unit, must
equal ``value``.  :func:`load_published` returns a year's table as a typed,
validated DataFrame.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..core import paths
from ..core.errors import InputError, Problem, display_path
from ..core.numbers import format_number
from ..core.readers import read_table, read_text
from ..core.schema_problems import schema_problems
from ..core.units import BASE_UNITS, BOUNDS, find_quantities
from ..reference.villages import is_known_scope

__all__ = [
    "COLUMNS",
    "DOMAINS",
    "FIGURE_BOUNDS",
    "KINDS",
    "figure",
    "load_published",
    "report_year_of",
    "validate_figures",
]

COLUMNS: tuple[str, ...] = (
    "id", "section", "domain", "scope", "year", "kind", "value", "unit",
    "bound", "label_zh", "label_en", "quote",
)
DOMAINS: tuple[str, ...] = (
    "poverty_monitoring", "employment_income", "loan_subsidy", "land_transfer",
    "collective_assets", "rural_talent", "rural_operation", "town_construction",
    "party_building", "projects",
)
KINDS: tuple[str, ...] = ("actual", "target", "plan")
#: The bounds a figures-table row may carry: every :data:`~tanto_analysis.core.units.BOUNDS`
#: but ``range``, because a row has a single ``value``; a stated range ``a–b`` is drafted
#: as ``at_least`` a with the range written in ``label_zh``.  ``approx`` is for 近/约
#: figures; the 2022 report has none.
FIGURE_BOUNDS: tuple[str, ...] = tuple(b for b in BOUNDS if b != "range")

_SECTION = r"^[一二三四五六七八九十]+(\([一二三四五六七八九十]+\))?$"
_MULTIPLIED = {Decimal(10_000): "万", Decimal(100_000_000): "亿"}


def _is_decimal(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(values)


_SCHEMA = pa.DataFrameSchema(
    {
        "id": pa.Column(str, pa.Check.str_matches(
            r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", error="expected a snake_case id such as loans_new_households"),
            unique=True, report_duplicates="all"),
        "section": pa.Column(str, pa.Check.str_matches(
            _SECTION, error="expected the report's heading numbers such as 一(一) or 三(五)")),
        "domain": pa.Column(str, pa.Check.isin(DOMAINS, error=f"unknown domain; expected one of {_choices(DOMAINS)}")),
        "scope": pa.Column(str, pa.Check(is_known_scope, element_wise=True,
                                         error="unknown scope; expected 潭头镇 or a village named in the report")),
        "year": pa.Column(str, pa.Check.str_matches(r"^(19|20)\d\d$", error="expected a four-digit year such as 2022")),
        "kind": pa.Column(str, pa.Check.isin(KINDS, error=f"unknown kind; expected one of {_choices(KINDS)}")),
        "value": pa.Column(str, pa.Check(_is_decimal, element_wise=True,
                                         error="expected a number in base units, such as 11465000 or 44.87")),
        "unit": pa.Column(str, pa.Check.isin(BASE_UNITS, error=f"unknown unit; expected one of {_choices(BASE_UNITS)}")),
        "bound": pa.Column(str, pa.Check.isin(FIGURE_BOUNDS, error=f"unknown bound; expected one of {_choices(FIGURE_BOUNDS)}")),
        "label_zh": pa.Column(str, pa.Check.str_length(min_value=1, error="expected a short Chinese label")),
        "label_en": pa.Column(str, pa.Check.str_length(min_value=1, error="expected a short English label")),
        "quote": pa.Column(str, pa.Check.str_length(min_value=1, error="expected the quote from the source text")),
    },
    strict=False,
    ordered=False,
)


def report_year_of(path: str | Path) -> int | None:
    """The report year in a figures file name such as ``tantou_2022.csv``."""
    match = re.search(r"(19|20)\d\d", Path(path).stem)
    return int(match.group(0)) if match else None


def _report_year_of_rows(frame: pd.DataFrame) -> int | None:
    """The one year of the table's actual figures (a report states its own year's actuals)."""
    years = set(frame.loc[frame["kind"] == "actual", "year"])
    if len(years) == 1:
        year = years.pop()
        return int(year) if str(year).isdigit() else None
    return None


def _schema_problems(frame: pd.DataFrame, name: str) -> list[Problem]:
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return [Problem(name, 1, col, f"missing column; expected the columns {', '.join(COLUMNS)}")
                for col in missing]
    return schema_problems(_SCHEMA, frame, name)


def _quote_problems(frame: pd.DataFrame, name: str, source: str) -> list[Problem]:
    problems: list[Problem] = []
    for i, rec in enumerate(frame.to_dict("records")):
        row = i + 2
        quote = rec["quote"]
        if quote and quote not in source:
            problems.append(Problem(name, row, "quote", f"quote {quote!r} does not occur verbatim in the source text"))
            continue
        if not _is_decimal(rec["value"]) or rec["unit"] not in BASE_UNITS:
            continue  # already reported by the schema
        value = Decimal(rec["value"])
        found = find_quantities(quote)
        same_unit = [q for q in found if q.unit == rec["unit"]]
        match = [q for q in same_unit if q.value == value]
        if match:
            if rec["bound"] in FIGURE_BOUNDS and match[0].bound != rec["bound"] and match[0].bound in FIGURE_BOUNDS:
                problems.append(Problem(name, row, "bound", (
                    f"bound {rec['bound']!r} but the quote {match[0].text!r} states {match[0].bound!r}")))
            shortest = match[0].text
            if quote != shortest and source.count(shortest) == 1:
                problems.append(Problem(name, row, "quote", (
                    f"quote {quote!r} is longer than needed; expected the shortest quote {shortest!r}, "
                    "which states the figure and occurs once in the source")))
            continue
        if not found:
            problems.append(Problem(name, row, "quote", (
                f"quote {quote!r} states no quantity with a unit; expected it to state "
                f"{format_number(value, None, grouping=False)} {rec['unit']}")))
            continue
        if not same_unit:
            stated = ", ".join(f"{q.text} ({q.unit})" for q in found)
            problems.append(Problem(name, row, "unit", (
                f"unit {rec['unit']!r} does not match the quote, which states {stated}")))
            continue
        hint = ""
        for q in same_unit:
            for factor, word in _MULTIPLIED.items():
                if value * factor == q.value:
                    hint = f"; the value looks like it was left in {word}{rec['unit']} (multiply by {factor:,})"
        stated = " or ".join(f"{format_number(q.value, None, grouping=False)} {q.unit} ({q.text})" for q in same_unit)
        problems.append(Problem(name, row, "value", (
            f"value {rec['value']} {rec['unit']} does not match the quote, which states {stated}{hint}")))
    return problems


def validate_figures(path: str | Path, source: str | Path | None = None) -> list[Problem]:
    """Check a figures file; return every problem found (empty when valid).

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8, UTF-8 with BOM, GBK/GB18030) or ``.xlsx`` figures file.
    source : path, optional
        The report text the quotes come from.  By default the report of the
        year in the file name (or, failing that, the one year of the actual
        figures): ``data/sources/tantou_<year>_report.txt``.

    Returns
    -------
    list of Problem
        Each names the file, the spreadsheet row and the column.
    """
    name = display_path(path)
    try:
        frame = read_table(path)
    except InputError as exc:
        return exc.problems
    problems = _schema_problems(frame, name)
    if any(p.row == 1 for p in problems):
        return problems
    if source is None:
        year = report_year_of(path) or _report_year_of_rows(frame)
        if year is None:
            return problems + [Problem(name, None, None, (
                "cannot tell which report the quotes come from: no year in the file name and the "
                "actual figures do not share one year; pass the report text with --source"))]
        source = paths.source_path(year)
    try:
        source_text = read_text(source)
    except FileNotFoundError:
        return problems + [Problem(display_path(source), None, None, "source text not found")]
    except InputError as exc:
        return problems + exc.problems
    return sorted(problems + _quote_problems(frame, name, source_text), key=lambda p: (p.row or 0, p.column or ""))


def load_published(year: int = 2022, path: str | Path | None = None) -> pd.DataFrame:
    """Return the report of ``year`` as a validated, typed figures table.

    Parameters
    ----------
    year : int
        The report year; the file is ``data/published/tantou_<year>.csv``.
    path : path, optional
        Another figures file to load instead.

    Returns
    -------
    DataFrame
        A tidy long table, one row per figure, with ``value`` as float in the
        base unit given by ``unit`` (元, 亩, 户, 人, %, …), ``year`` as int
        (the year the figure describes) and ``report_year``.

    Raises
    ------
    InputError
        If the file has any problem; the message lists each one.
    """
    path = Path(path) if path is not None else paths.published_path(year)
    problems = validate_figures(path, source=paths.source_path(year))
    if problems:
        raise InputError(problems)
    frame = read_table(path)[list(COLUMNS)].copy()
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].map(Decimal).astype(float)
    frame["report_year"] = year
    return frame


def figure(table: pd.DataFrame, figure_id: str) -> pd.Series:
    """One figure's row (value, unit, quote, section, …) by id.

    Raises
    ------
    KeyError
        If the table has no figure with that id.
    """
    rows = table.loc[table["id"] == figure_id]
    if rows.empty:
        raise KeyError(f"no published figure with id {figure_id!r}")
    return rows.iloc[0]
