"""The published-figures table: every figure of a year's report, with its quote.

A figures file has one row per figure (see ``docs/figures-table.md``)::

    id, indicator, section, domain, scope, year, kind, value, unit, bound,
    label_zh, label_en, quote

and, optionally, ``value_high`` (the upper end of a figure with bound
``range``; a table without the column is valid).

``id`` is unique within the table; ``indicator`` names what the figure
measures with a key that stays the same across years (the registry
``data/indicators.csv``, :mod:`tanto_analysis.reference.indicators`).

:func:`validate_figures` checks a file against its schema (with pandera) and
against the report text it was taken from: each quote must occur verbatim in
the source, and the number in the quote, converted to the base unit, must
equal ``value``.  The ``year`` column must agree with the report's year: an
actual figure is for the report's year, a target or plan for it or a later
year.  :func:`load_published` returns a year's table as a typed,
validated DataFrame.
"""

from __future__ import annotations

import re
import warnings
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

with warnings.catch_warnings():  # with pyspark installed (the Spark engine) pandera imports pyspark.pandas,
    # which warns about pandas 3 on every command; the filter ends with the import
    warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
    import pandera.pandas as pa

from ..core import paths
from ..core.errors import InputError, Problem, display_path
from ..core.memo import FileMemo
from ..core.numbers import format_number
from ..core.readers import read_table
from ..core.report_text import read_report
from ..core.schema_problems import schema_problems
from ..core.units import BASE_UNITS, BOUNDS, find_quantities
from ..reference.indicators import Indicator, load_registry
from ..reference.ledger_declarations import declared_domains
from ..reference.villages import is_known_scope
from .report_year import year_problems

__all__ = ["COLUMNS", "DOMAINS", "KINDS", "OPTIONAL_COLUMNS", "UNCLASSIFIED", "figure", "is_known_domain",
           "known_domains", "load_published", "report_year_of", "validate_figures"]

COLUMNS: tuple[str, ...] = (
    "id", "indicator", "section", "domain", "scope", "year", "kind", "value", "unit",
    "bound", "label_zh", "label_en", "quote",
)
#: A drafted figure that no keyword points to (``tanto extract`` warns).
UNCLASSIFIED = "unclassified"
DOMAINS: tuple[str, ...] = (
    "poverty_monitoring", "employment_income", "loan_subsidy", "land_transfer",
    "collective_assets", "rural_talent", "rural_operation", "town_construction",
    "party_building", "projects", "social_assistance", "infrastructure", "agricultural_production",
    UNCLASSIFIED,
)


def known_domains() -> tuple[str, ...]:
    """The report domains of the project: the package's (:data:`DOMAINS`) and those its declared ledgers add."""
    return DOMAINS + tuple(d for d in declared_domains() if d not in DOMAINS)


def is_known_domain(domain: str) -> bool:
    """True for a domain of :func:`known_domains`."""
    return domain in DOMAINS or domain in declared_domains()

#: Columns a table may have; ``value_high`` is the upper end of a ``range``.
OPTIONAL_COLUMNS: tuple[str, ...] = ("value_high",)
#: ``estimate``: a figure the report gives as expected for a year not yet closed (预计全年…达到…).
KINDS: tuple[str, ...] = ("actual", "estimate", "target", "plan")

_NUMBER = r"([一二三四五六七八九十]+|[0-9]{1,2})"
#: ``一(一)``, ``1(2)``, or the fallbacks ``前言`` (before the first heading) and ``全文`` (no headings).
_SECTION = rf"^({_NUMBER}(\({_NUMBER}\))?|前言|全文)$"
_MULTIPLIED = {Decimal(10_000): "万", Decimal(100_000_000): "亿"}


def _is_decimal(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _is_decimal_or_empty(text: str) -> bool:
    return text == "" or _is_decimal(text)


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(values)


_SCHEMA = pa.DataFrameSchema(
    {
        "id": pa.Column(str, pa.Check.str_matches(
            r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", error="expected a snake_case id such as loans_new_households"),
            unique=True, report_duplicates="all"),
        "indicator": pa.Column(str, pa.Check.str_matches(
            r"^([a-z][a-z0-9]*(_[a-z0-9]+)*)?$",
            error="expected empty or a snake_case indicator key such as loans_new_households")),
        "section": pa.Column(str, pa.Check.str_matches(
            _SECTION, error="expected the report's heading numbers such as 一(一), 三(五) or 1(2), or 前言 or 全文")),
        "domain": pa.Column(str, pa.Check(is_known_domain, element_wise=True, error=(
            f"unknown domain; expected one of {_choices(DOMAINS)}, or a domain a [ledgers.<name>] table of "
            "tanto.toml declares"))),
        "scope": pa.Column(str, pa.Check(is_known_scope, element_wise=True,
                                         error="unknown scope; expected the town or one of its villages (tanto.toml, data/reference/villages.csv)")),
        "year": pa.Column(str, pa.Check.str_matches(r"^(19|20)\d\d$", error="expected a four-digit year such as 2022")),
        "kind": pa.Column(str, pa.Check.isin(KINDS, error=f"unknown kind; expected one of {_choices(KINDS)}")),
        "value": pa.Column(str, pa.Check(_is_decimal, element_wise=True,
                                         error="expected a number in base units, such as 11465000 or 44.87")),
        "unit": pa.Column(str, pa.Check.isin(BASE_UNITS, error=(
            "unknown unit; expected a base unit declared in tanto_analysis/core/unit_table.py "
            "such as 元, 亩, 平方米, 公里, 吨, 户, 人, 个, 座, 家, %"))),
        "bound": pa.Column(str, pa.Check.isin(BOUNDS, error=f"unknown bound; expected one of {_choices(BOUNDS)}")),
        "label_zh": pa.Column(str, pa.Check.str_length(min_value=1, error="expected a short Chinese label")),
        "label_en": pa.Column(str, pa.Check.str_length(min_value=1, error="expected a short English label")),
        "quote": pa.Column(str, pa.Check.str_length(min_value=1, error="expected the quote from the source text")),
        "value_high": pa.Column(str, pa.Check(_is_decimal_or_empty, element_wise=True,
                                              error="expected the upper end of a range in base units, or nothing"),
                                required=False),
    },
    strict=False,
    ordered=False,
)


def report_year_of(path: str | Path) -> int | None:
    """The report year in a figures file name such as ``<year>.csv`` (or ``draft_<year>.csv``)."""
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


def _range_problems(rec: dict[str, str], row: int, name: str) -> list[Problem]:
    """``value_high`` is given exactly for bound ``range``, and not below ``value``."""
    high = rec.get("value_high", "")
    if rec["bound"] == "range" and not high:
        return [Problem(name, row, "value_high", "bound 'range' needs the upper end in value_high")]
    if high and rec["bound"] != "range":
        bound = f" is {rec['bound']!r}," if rec["bound"] in BOUNDS else ""
        return [Problem(name, row, "value_high", f"value_high given but the bound{bound} not 'range'; leave it empty",
                        value=high)]
    if high and _is_decimal(high) and _is_decimal(rec["value"]) and Decimal(high) < Decimal(rec["value"]):
        return [Problem(name, row, "value_high", "value_high is below value", value=high)]
    return []


def _indicator_problems(frame: pd.DataFrame, name: str,
                        registry: dict[str, Indicator]) -> list[Problem]:
    """One unit (and kind) per indicator, and one figure per indicator, scope, year and kind.

    A registered indicator fixes the unit and kind; a key the registry does
    not list is declared by the table itself, and its rows must agree on one
    unit.  Rows with an empty ``indicator`` are not checked here.
    """
    problems: list[Problem] = []
    declared: dict[str, tuple[str, int]] = {}
    seen: dict[tuple[str, str, str, str], int] = {}
    for index, rec in zip(frame.index, frame.to_dict("records"), strict=True):
        row, key = int(index) + 2, rec["indicator"]
        if not key or rec["unit"] not in BASE_UNITS or rec["kind"] not in KINDS:
            continue  # an empty key is not checked; a bad unit or kind is the schema's to report
        known = registry.get(key)
        if known is not None:
            if rec["unit"] != known.unit:
                problems.append(Problem(name, row, "unit", (
                    f"unit {rec['unit']!r} differs from {known.unit!r}, the unit of indicator {key!r}; "
                    "a figure in another unit measures another thing: give it its own indicator")))
            if rec["kind"] != known.kind:
                problems.append(Problem(name, row, "kind", (
                    f"kind {rec['kind']!r} differs from {known.kind!r}, the kind of indicator {key!r}")))
        elif key in declared and declared[key][0] != rec["unit"]:
            problems.append(Problem(name, row, "unit", (
                f"unit {rec['unit']!r} differs from {declared[key][0]!r} of the same indicator at row "
                f"{declared[key][1]}; a figure in another unit needs its own indicator"), value=key))
        declared.setdefault(key, (rec["unit"], row))
        where = (key, rec["scope"], rec["year"], rec["kind"])
        if where in seen:
            problems.append(Problem(name, row, "indicator", (
                f"the indicator is already stated for the same scope, year and kind at row {seen[where]}"),
                value=key))
        seen.setdefault(where, row)
    return problems


def _quote_problems(frame: pd.DataFrame, name: str, source: str) -> list[Problem]:
    problems: list[Problem] = []
    for index, rec in zip(frame.index, frame.to_dict("records"), strict=True):
        row = int(index) + 2
        quote = rec["quote"]
        range_problems = _range_problems(rec, row, name)
        problems.extend(range_problems)
        if quote and quote not in source:
            problems.append(Problem(name, row, "quote", "quote does not occur verbatim in the source text",
                                    value=quote))
            continue
        if not _is_decimal(rec["value"]) or rec["unit"] not in BASE_UNITS:
            continue  # already reported by the schema
        value = Decimal(rec["value"])
        found = find_quantities(quote)
        same_unit = [q for q in found if q.unit == rec["unit"]]
        match = [q for q in same_unit if q.value == value]
        if rec["bound"] == "range" and not range_problems and _is_decimal(rec["value_high"]):
            match = [q for q in match if q.upper == Decimal(rec["value_high"])] or match
            if match and match[0].upper not in (None, Decimal(rec["value_high"])):
                problems.append(Problem(name, row, "value_high", (
                    f"value_high does not match the quote {match[0].text!r}, "
                    f"whose upper end is {format_number(match[0].upper, None, grouping=False)} {rec['unit']}"),
                    value=rec["value_high"]))
                continue
        if match:
            if rec["bound"] in BOUNDS and match[0].bound != rec["bound"] and match[0].bound in BOUNDS:
                problems.append(Problem(name, row, "bound", (
                    f"bound {rec['bound']!r} but the quote {match[0].text!r} states {match[0].bound!r}")))
            shortest = match[0].text  # (a bare 万 needs the words that make it money: 收入1000万)
            if quote != shortest and source.count(shortest) == 1 and any(
                    q.unit == rec["unit"] and q.value == value for q in find_quantities(shortest)):
                problems.append(Problem(name, row, "quote", (
                    f"quote is longer than needed; expected the shortest quote {shortest!r}, "
                    "which states the figure and occurs once in the source"), value=quote))
            continue
        if not found:
            problems.append(Problem(name, row, "quote", (
                f"quote states no quantity with a unit; expected it to state the value in {rec['unit']}"),
                value=quote))
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
            f"the value in {rec['unit']} does not match the quote, which states {stated}{hint}"), value=rec["value"]))
    return problems


def validate_figures(path: str | Path, source: str | Path | None = None, year: int | None = None,
                     data_dir: str | Path | None = None, notes: list[Problem] | None = None) -> list[Problem]:
    """Check a figures file; return every problem found (empty when valid).

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8, UTF-8 with BOM, GBK/GB18030) or ``.xlsx`` figures file.
    source : path, optional
        The report text the quotes come from.  By default the report of the
        year in the file name (or, failing that, the one year of the actual
        figures): ``data/sources/<year>.txt``.
    year : int, optional
        The report year (default: from the file name or the actual figures).
    data_dir : path, optional
        The data tree the report text and the indicator registry come from
        (default: the project's ``data/``).
    notes : list, optional
        Receives the notes on rows that are valid but worth a look: an actual
        figure for a year before the report year, which the text gives for it
        (:func:`tanto_analysis.figures.report_year.year_problems`).

    Returns
    -------
    list of Problem
        Each names the file, the spreadsheet row and the column.  The report
        text is read as :func:`~tanto_analysis.core.report_text.read_report`
        reads it (a ``.txt``, ``.docx`` or ``.pdf``; lines a PDF broke inside a
        sentence joined), so a quote is verbatim in that reading.
    """
    name = display_path(path)
    try:
        frame = read_table(path, is_column=lambda c: c.strip() in COLUMNS)
    except InputError as exc:
        return exc.problems
    problems = _schema_problems(frame, name)
    if any(p.column in COLUMNS and "missing column" in p.message for p in problems):
        return problems
    year = year or report_year_of(path)
    try:
        problems += _indicator_problems(frame, name, load_registry(data_dir=data_dir))
    except InputError as exc:
        return problems + exc.problems
    source_year = year or _report_year_of_rows(frame)
    source_text: str | None = None
    if source is None and source_year is None:
        problems.append(Problem(name, None, None, (
            "cannot tell which report the quotes come from: no year in the file name and the "
            "actual figures do not share one year; pass the report text with --source")))
    else:
        source = source if source is not None else paths.source_path(source_year, data_dir)
        try:
            source_text = read_report(source)
        except InputError as exc:
            problems += [Problem(p.file, p.row, p.column, "source text not found") if p.message == "report not found"
                         else p for p in exc.problems]
    if year is not None:
        year_found, year_notes = year_problems(frame, name, year, source_text)
        problems += year_found
        if notes is not None:
            notes += year_notes
    if source_text is None:
        return problems
    return sorted(problems + _quote_problems(frame, name, source_text), key=lambda p: (p.row or 0, p.column or ""))


def load_published(year: int, path: str | Path | None = None, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Return the report of ``year`` as a validated, typed figures table.

    Parameters
    ----------
    year : int
        The report year; the file is ``data/published/<year>.csv``.
    path : path, optional
        Another figures file to load instead.
    data_dir : path, optional
        The data tree to read the table (unless ``path`` is given), the report
        text and the indicator registry from (default: the project's ``data/``).

    Returns
    -------
    DataFrame
        A tidy long table, one row per figure, with ``value`` as float in the
        base unit given by ``unit`` (元, 亩, 户, 人, %, …) (and ``value_high``,
        NaN except for ranges, when the file has that column), ``year`` as int
        (the year the figure describes) and ``report_year``.

    Raises
    ------
    InputError
        If the file has any problem; the message lists each one.
    """
    path = Path(path) if path is not None else paths.published_path(year, data_dir)
    source = paths.source_path(year, data_dir)
    inputs = [path, source, paths.default_indicators_path(), paths.indicators_path(data_dir), paths.villages_path(data_dir),
              paths.project_root() / paths.PROJECT_FILE]  # the registry and the town's scopes
    return _loaded.get(("published", year, str(path), str(data_dir)), inputs,
                       lambda: _load_published(year, path, source, data_dir))


#: Validated tables, remembered while the table, its report text and the registry stay the same.
_loaded: FileMemo[pd.DataFrame] = FileMemo(size=32, copy=lambda frame: frame.copy())


def _load_published(year: int, path: Path, source: Path, data_dir: str | Path | None) -> pd.DataFrame:
    problems = validate_figures(path, source=source, year=year, data_dir=data_dir)
    if problems:
        raise InputError(problems)
    known = set(COLUMNS) | set(OPTIONAL_COLUMNS)
    table = read_table(path, is_column=lambda c: c.strip() in known).reset_index(drop=True)
    frame = table[list(COLUMNS) + [c for c in OPTIONAL_COLUMNS if c in table.columns]].copy()
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].map(Decimal).astype(float)
    if "value_high" in frame.columns:
        frame["value_high"] = frame["value_high"].map(lambda v: float(Decimal(v)) if v else float("nan"))
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
