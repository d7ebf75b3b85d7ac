"""Record-level ledgers: loading, validation, flagged rows, the village register.

A ledger is a table a town office keeps (loans, subsidies, posts, placements,
land contracts, the village register), one folder per year::

    <ledger_dir>/<year>/<name>.csv   (or <name>_synthetic.csv, or .xlsx)

Every ledger is read with :func:`readers.read_table` and validated with a
pandera schema built from its :class:`Field` list.  Nothing is silently
dropped: each bad input is either an **error** (the ledger is refused with
``file:row:column: message`` problems, :class:`InputError`) or a **flagged
row** (kept and counted, listed by :func:`flagged_rows`).

Errors (the numbers would be wrong if we went on):

- a missing column, a value of the wrong type, a value outside the allowed set;
- a negative amount, count or area;
- a duplicate id;
- an unknown village (only the names in :data:`villages.VILLAGES`);
- a date outside the year (what "outside" means depends on the ledger: a new
  loan issued in another year, a subsidy paid in another year, a contract not
  in force in the year; see each domain module);
- an amount column given in 万元 where 元 is expected: the **magnitude check**
  refuses a 元 column whose median non-zero value is below 100 元 and names
  the first row below 100 ("looks like 万元; multiply by 10,000").

Flagged rows (plausible records that break a policy or another ledger; the
office must look at them, but they did happen and are counted):

- ``above_amount_limit`` / ``above_term_limit``: a loan above 50,000 元 or
  36 months (:mod:`loans`);
- ``subsidy_without_loan``: a subsidy whose ``loan_id`` is not in the year's
  loans ledger; counted in the subsidy total, left out of the implied rate;
- ``zero_area``: a land contract of 0 亩; counted as a contract, left out of
  the rent-per-亩 distribution (:mod:`land`);
- ``area_above_base``: a village whose transferred area exceeds its
  contracted-land base (flag on the register row) (:mod:`land`).

Loaded frames carry ``source_row`` (the spreadsheet row) and ``flags``
(semicolon-separated codes); ``frame.attrs["file"]`` is the file name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..core.errors import InputError, Problem, display_path
from ..core.readers import read_table
from ..core.schema_problems import schema_problems
from ..reference.villages import VILLAGES, canonical_village

__all__ = [
    "DATA_STATUSES", "FLAGS", "Field", "add_flag", "data_status_of", "find_ledger",
    "flagged_rows", "half_unit", "load_ledger", "load_villages", "register_indicators",
    "register_published", "tidy_row", "published_row", "derived_row",
]

#: ``synthetic`` for generated demo ledgers, ``actual`` for a town office's records.
DATA_STATUSES: tuple[str, ...] = ("synthetic", "actual")

#: Flag code → (column, what it means).  See the module docstring.
FLAGS: dict[str, tuple[str, str]] = {
    "above_amount_limit": ("amount_yuan", "loan above the 50,000 元 per-household limit"),
    "above_term_limit": ("term_months", "loan term above the 36-month limit"),
    "subsidy_without_loan": ("loan_id", "subsidy for a loan that is not in the year's loans ledger"),
    "zero_area": ("area_mu", "contract with zero area; counted, left out of rent per 亩"),
    "area_above_base": ("contracted_area_mu", "transferred area above the village's contracted-land base"),
}

#: A 元 column whose median non-zero value is below this was probably typed in 万元.
MAGNITUDE_FLOOR_YUAN = 100

TIDY_COLUMNS = ["year", "scope", "domain", "indicator", "label_zh", "label_en", "value", "unit", "data_status"]


@dataclass(frozen=True)
class Field:
    """One ledger column.

    ``kind`` is ``id`` (opaque id), ``choice`` (one of ``choices``),
    ``village``, ``int``, ``number`` (decimal) or ``date`` (YYYY-MM-DD).
    ``unit`` is the unit of a number (``元`` turns on the magnitude check).
    ``dates`` is ``in_year`` (within the year) or ``not_after_year``.
    """

    name: str
    kind: str
    choices: tuple[str, ...] = ()
    unit: str | None = None
    unique: bool = False
    dates: str | None = None


def _number(text: str) -> Decimal | None:
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
        return [pa.Check(lambda v: _number(v) is not None, element_wise=True,
                         error=f"expected a number in {field.unit}"),
                pa.Check(lambda v: _number(v) is None or _number(v) >= 0, element_wise=True,
                         error="negative amount; expected 0 or more")]
    if field.kind == "date":
        checks = [pa.Check(lambda v: _date(v) is not None, element_wise=True,
                           error="expected a date written YYYY-MM-DD")]
        if field.dates == "in_year":
            checks.append(pa.Check(lambda v: _date(v) is None or _date(v).year == year, element_wise=True,
                                   error=f"date outside the year {year}"))
        elif field.dates == "not_after_year":
            checks.append(pa.Check(lambda v: _date(v) is None or _date(v).year <= year, element_wise=True,
                                   error=f"date after the year {year}"))
        return checks
    raise ValueError(f"unknown field kind {field.kind!r}")


def _schema(fields: tuple[Field, ...], year: int) -> pa.DataFrameSchema:
    columns = {f.name: pa.Column(str, _checks(f, year), unique=f.unique, report_duplicates="all")
               for f in fields}
    columns["data_status"] = pa.Column(str, pa.Check.isin(
        DATA_STATUSES, error=f"unknown data_status; expected one of {', '.join(DATA_STATUSES)}"))
    return pa.DataFrameSchema(columns, strict=False, ordered=False)


def _schema_problems(frame: pd.DataFrame, fields: tuple[Field, ...], year: int, name: str) -> list[Problem]:
    return schema_problems(_schema(fields, year), frame, name)


def _magnitude_problems(frame: pd.DataFrame, fields: tuple[Field, ...], name: str,
                        bad_columns: set[str]) -> list[Problem]:
    problems = []
    for field in fields:
        if field.unit != "元" or field.name in bad_columns or frame.empty:
            continue
        values = frame[field.name].map(lambda v: float(_number(v)))
        nonzero = values[values > 0]
        if nonzero.empty or nonzero.median() >= MAGNITUDE_FLOOR_YUAN:
            continue
        first = int(np.flatnonzero((values > 0) & (values < MAGNITUDE_FLOOR_YUAN))[0]) + 2
        problems.append(Problem(name, first, field.name, (
            f"median amount {nonzero.median():g} 元 is below {MAGNITUDE_FLOOR_YUAN} 元; "
            "looks like 万元; multiply by 10,000")))
    return problems


def load_ledger(path: str | Path, fields: tuple[Field, ...], year: int) -> pd.DataFrame:
    """Read and validate one ledger; return it typed, with ``source_row`` and ``flags``.

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8, UTF-8 with BOM, GBK) or ``.xlsx`` ledger.
    fields : tuple of Field
        The ledger's columns (``data_status`` is always required too).
    year : int
        The year the ledger describes; dates are checked against it.

    Returns
    -------
    DataFrame
        ``int`` columns as int64, ``number`` columns as float (in their
        ``unit``: 元, 亩, …), dates as ``datetime64``, villages canonical.

    Raises
    ------
    InputError
        With one ``file:row:column`` problem per bad cell (see the module docstring).
    """
    name = display_path(path)
    frame = read_table(path)
    required = [f.name for f in fields] + ["data_status"]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError([Problem(name, 1, c, f"missing column; expected the columns {', '.join(required)}")
                          for c in missing])
    for field in fields:  # an .xlsx date cell reads as "2022-03-01 00:00:00"
        if field.kind == "date":
            frame[field.name] = frame[field.name].str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", r"\1", regex=True)
    problems = _schema_problems(frame, fields, year, name)
    problems += _magnitude_problems(frame, fields, name, {p.column for p in problems})
    if problems:
        raise InputError(problems)
    out = frame[required].copy()
    for field in fields:
        col = out[field.name]
        if field.kind == "int":
            out[field.name] = col.str.strip().astype("int64")
        elif field.kind == "number":
            out[field.name] = col.str.strip().astype("float64")
        elif field.kind == "date":
            out[field.name] = pd.to_datetime(col.str.strip(), format="%Y-%m-%d")
        elif field.kind == "village":
            out[field.name] = col.map(canonical_village).astype(str)
    out["source_row"] = np.arange(2, len(out) + 2, dtype="int64")
    out["flags"] = ""
    out.attrs["file"] = name
    return out


def find_ledger(ledger_dir: str | Path, year: int, name: str) -> Path:
    """The ledger file ``name`` for ``year``: ``<dir>/<year>/<name>[_synthetic].csv|.xlsx``.

    Raises
    ------
    InputError
        If no such file exists.
    """
    folder = Path(ledger_dir) / str(year)
    for stem in (name, f"{name}_synthetic"):
        for suffix in (".csv", ".xlsx"):
            if (folder / f"{stem}{suffix}").is_file():
                return folder / f"{stem}{suffix}"
    raise InputError([Problem(display_path(folder / f"{name}.csv"), None, None,
                              f"ledger not found (also looked for {name}_synthetic.csv and .xlsx)")])


def add_flag(frame: pd.DataFrame, mask: pd.Series | np.ndarray, code: str) -> pd.DataFrame:
    """Return ``frame`` with ``code`` (a key of :data:`FLAGS`) added to the rows in ``mask``."""
    if code not in FLAGS:
        raise ValueError(f"unknown flag {code!r}")
    out = frame.copy()
    mask = np.asarray(mask, dtype=bool)
    out.loc[mask, "flags"] = [f"{f};{code}" if f else code for f in out.loc[mask, "flags"]]
    return out


def flagged_rows(*frames: pd.DataFrame) -> pd.DataFrame:
    """Every flagged row of the given ledgers, one row per flag.

    Returns
    -------
    DataFrame
        Columns ``file, row, column, flag, value, message``, sorted.
    """
    records = []
    for frame in frames:
        for rec in frame.loc[frame["flags"] != ""].to_dict("records"):
            for code in rec["flags"].split(";"):
                column, meaning = FLAGS[code]
                records.append({"file": frame.attrs.get("file", ""), "row": rec["source_row"], "column": column,
                                "flag": code, "value": str(rec.get(column, "")), "message": meaning})
    out = pd.DataFrame(records, columns=["file", "row", "column", "flag", "value", "message"])
    return out.sort_values(["file", "row", "flag"], kind="stable").reset_index(drop=True)


def data_status_of(*frames: pd.DataFrame) -> str:
    """The ``data_status`` of the ledgers: ``synthetic``, ``actual`` or e.g. ``actual+synthetic``."""
    statuses = sorted({s for frame in frames for s in frame["data_status"]})
    return "+".join(statuses) if statuses else "unknown"


# --- tidy indicator rows, shared by the domain modules -------------------------------------

def tidy_row(year: int, domain: str, indicator: str, label_zh: str, label_en: str,
             value: float, unit: str, data_status: str, scope: str = "潭头镇") -> dict:
    """One row of a tidy indicator table (see :data:`TIDY_COLUMNS`)."""
    return {"year": year, "scope": scope, "domain": domain, "indicator": indicator, "label_zh": label_zh,
            "label_en": label_en, "value": float(value), "unit": unit, "data_status": data_status}


def published_row(table: pd.DataFrame, figure_id: str, domain: str, indicator: str | None = None) -> dict | None:
    """A published figure as a tidy row with its provenance, or None if the table lacks it.

    Rates (%) get ``rounding`` = half a unit of their last written decimal
    (77.3 → 0.05): the report rounds rates, while totals are taken as exact.
    """
    rows = table.loc[table["id"] == figure_id]
    if rows.empty:
        return None
    fig = rows.iloc[0]
    row = tidy_row(int(fig["year"]), domain, indicator or figure_id, fig["label_zh"], fig["label_en"],
                   fig["value"], fig["unit"], "published", scope=fig["scope"])
    rounding = half_unit(fig["value"]) if fig["unit"] == "%" else 0.0
    row.update(figure_ids=figure_id, quote=fig["quote"], section=fig["section"], bound=fig["bound"],
               rounding=rounding)
    return row


def half_unit(value: float) -> float:
    """Half a unit in the last decimal place the value is written with: 77.3 → 0.05, 69 → 0.5."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** min(int(exponent), 0)


def derived_row(inputs: list[dict | None], domain: str, indicator: str, label_zh: str, label_en: str,
                value_of, unit: str, rounding: float = 0.0, bound: str = "exact") -> dict | None:
    """A figure derived from published ones, carrying their ids and quotes (None if an input is missing).

    ``value_of`` receives the input values in order; ``rounding`` is the
    half-width of the interval the report's own rounding leaves open.
    """
    if any(i is None for i in inputs):
        return None
    row = tidy_row(inputs[0]["year"], domain, indicator, label_zh, label_en,
                   value_of(*[i["value"] for i in inputs]), unit, "published", scope=inputs[0]["scope"])
    row.update(figure_ids=";".join(i["figure_ids"] for i in inputs), quote=" / ".join(i["quote"] for i in inputs),
               section=";".join(dict.fromkeys(i["section"] for i in inputs)), bound=bound, rounding=rounding)
    return row


# --- the village register --------------------------------------------------------------------

VILLAGE_FIELDS: tuple[Field, ...] = (
    Field("village", "village", unique=True),
    Field("households", "int", unit="户"),
    Field("population", "int", unit="人"),
    Field("contracted_area_mu", "number", unit="亩"),
)


def load_villages(path: str | Path, year: int) -> pd.DataFrame:
    """Load the village register (households 户, population 人, contracted-land base 亩).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "villages_synthetic.csv"
    ...     _ = path.write_text("village,households,population,contracted_area_mu,data_status\\n"
    ...                         "纸房,310,1120,2450.5,synthetic\\n何村,205,760,1830,synthetic\\n", encoding="utf-8")
    ...     reg = load_villages(path, 2022)
    >>> reg["village"].tolist(), int(reg["households"].sum()), float(reg["contracted_area_mu"].sum())
    (['纸房村', '何村'], 515, 4280.5)
    """
    return load_ledger(path, VILLAGE_FIELDS, year)


def register_indicators(villages: pd.DataFrame, year: int) -> pd.DataFrame:
    """Town totals of the register: households (户), people (人), villages (个), base (亩)."""
    status = data_status_of(villages)
    rows = [
        tidy_row(year, "village_register", "households_total", "全镇户数", "Households (whole town)",
                 villages["households"].sum(), "户", status),
        tidy_row(year, "village_register", "population_total", "全镇人数", "People (whole town)",
                 villages["population"].sum(), "人", status),
        tidy_row(year, "village_register", "villages_total", "全镇村数", "Villages in the town",
                 villages["village"].nunique(), "个", status),
    ]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def register_published(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The register's figures as published (households_total, population_total, villages_total)."""
    rows = [published_row(table, fid, "village_register")
            for fid in ("households_total", "population_total", "villages_total")]
    rows = [r for r in rows if r is not None and r["year"] == year]
    return pd.DataFrame(rows, columns=TIDY_COLUMNS + ["figure_ids", "quote", "section", "bound", "rounding"])


assert len(VILLAGES) == 24
