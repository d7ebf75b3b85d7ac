"""Record-level ledgers: loading, validation, flagged rows, the village register.

A ledger is a table a town office keeps (loans, subsidies, posts, placements,
land contracts, the village register), one folder per year::

    <ledger_dir>/<year>/<name>.csv   (or <name>_synthetic.csv, or .xlsx)

Every ledger is read with :func:`readers.read_table`, its headers matched
to its :class:`~tanto_analysis.ledgers.fields.Field` list (English names or
the declared Chinese headers), and validated with a pandera schema.  Nothing
is silently dropped: each bad input is either an **error** (the ledger is
refused with ``file:row:column: message`` problems, :class:`InputError`) or
a **flagged row** (kept and counted, listed by :func:`flagged_rows`).  Every
error and flag, with its message, is in ``docs/ledgers.md``.

Errors (the numbers would be wrong if we went on): a missing or doubled
column, a value of the wrong type or outside the allowed set, a negative
amount, a duplicate id (or a village listed twice under two spellings), an
unknown village, an impossible date (a year before 1950 or after 2100) or a
date outside the year, an amount in 万元 where 元 is expected
(:mod:`~tanto_analysis.ledgers.checks`), two files for one ledger
(:mod:`~tanto_analysis.ledgers.files`), and each domain module's own.

Flagged rows (plausible records that break a policy or another ledger; the
office must look at them, but they did happen and are counted): see
:data:`FLAGS`.

Loaded frames carry ``source_row`` (the spreadsheet row) and ``flags``
(semicolon-separated codes); ``frame.attrs["file"]`` is the file name.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import InputError, Problem, display_path
from ..core.readers import read_table
from ..core.schema_problems import schema_problems
from ..core.text import tr
from ..figures.precision import stated_interval
from ..reference.villages import TOWN, VILLAGES, canonical_village
from .checks import canonical_duplicate_problems, duplicate_rows, magnitude_problems
from .fields import (
    DATA_STATUSES,
    VILLAGE,
    Field,
    header_key,
    header_map,
    normalise_dates,
    schema,
    unique,
)
from .files import find_ledger

__all__ = [
    "DATA_STATUSES", "FLAGS", "Field", "add_flag", "data_status_of", "find_ledger",
    "flagged_rows", "half_unit", "load_ledger", "load_villages", "register_indicators",
    "register_published", "tidy_row", "published_row", "derived_row",
]

#: Flag code → (column, what it means); column "" is the row's id (its first column).  The
#: meanings (and the page's Chinese for them) are ``flag.<code>`` in the text catalogue.
FLAGS: dict[str, tuple[str, str]] = {
    code: (column, tr(f"flag.{code}", "en"))
    for code, column in (("above_amount_limit", "amount_yuan"), ("above_term_limit", "term_months"),
                         ("subsidy_without_loan", "loan_id"), ("zero_area", "area_mu"),
                         ("area_above_base", "contracted_area_mu"), ("duplicate_row", ""),
                         ("hidden_row", ""), ("subsidy_above_lpr", "amount_yuan"),
                         ("subsidy_other_household", "household_id"))
}

TIDY_COLUMNS = ["year", "scope", "domain", "indicator", "label_zh", "label_en", "value", "unit", "data_status"]


def _match_headers(frame: pd.DataFrame, fields: tuple[Field, ...], name: str) -> tuple[list[Problem], list[str]]:
    """Rename the columns an alias names; return (problems for doubled columns, unrecognised headers)."""
    mapping = header_map(fields)
    targets = [mapping.get(header_key(c)) for c in frame.columns]
    problems, unrecognised, seen = [], [], {}
    for written, target in zip(frame.columns, targets, strict=True):
        if target is None:
            unrecognised.append(written)
        elif target in seen:
            problems.append(Problem(name, frame.attrs.get("header_row", 1), target, (
                f"two columns for {target}: {seen[target]!r} and {written!r}; keep one")))
        else:
            seen[target] = written
    frame.columns = [t or c for c, t in zip(frame.columns, targets, strict=True)]
    return problems, unrecognised


def _missing_problems(frame: pd.DataFrame, required: list[str], unrecognised: list[str],
                      name: str) -> list[Problem]:
    missing = [c for c in required if c not in frame.columns]
    if not missing:
        return []
    row = frame.attrs.get("header_row", 1)
    message = f"missing column; expected the columns {', '.join(required)}"
    if unrecognised:
        where = f"row {row}" + (f" of sheet {frame.attrs['sheet']!r}" if frame.attrs.get("sheet") else "")
        message += (f"; the header ({where}) has unrecognised column(s) "
                    f"{', '.join(repr(c) for c in unrecognised)}")
    return [Problem(name, row, c, message) for c in missing]


def load_ledger(path: str | Path, fields: tuple[Field, ...], year: int) -> pd.DataFrame:
    """Read and validate one ledger; return it typed, with ``source_row`` and ``flags``.

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8, UTF-8 with BOM, GBK, UTF-16) or ``.xlsx`` ledger.
    fields : tuple of Field
        The ledger's columns (``data_status`` is always required too).
    year : int
        The year the ledger describes; dates are checked against it.

    Returns
    -------
    DataFrame
        ``int`` columns as int64, ``number`` columns as float (in their
        ``unit``: 元, 亩, …), dates as ``datetime64``, villages canonical.
        Rows hidden in Excel are flagged ``hidden_row``, rows pasted twice
        with fresh ids ``duplicate_row``.

    Raises
    ------
    InputError
        With one ``file:row:column`` problem per bad cell (see ``docs/ledgers.md``).
    """
    name = display_path(path)
    accepted = set(header_map(fields))
    frame = read_table(path, is_column=lambda c: header_key(c) in accepted)
    problems, unrecognised = _match_headers(frame, fields, name)
    required = [f.name for f in fields] + ["data_status"]
    problems += _missing_problems(frame, required, unrecognised, name)
    if problems:
        raise InputError(problems)
    for field in fields:
        if field.kind == "date":
            frame[field.name] = normalise_dates(frame[field.name])
    problems = schema_problems(schema(fields, year), frame, name)
    bad = {p.column for p in problems}
    problems += magnitude_problems(frame, fields, name, bad)
    problems += canonical_duplicate_problems(frame, fields, name, bad)
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
    out["source_row"] = (frame.index.to_numpy() + 2).astype("int64")
    out["flags"] = ""
    out = out.reset_index(drop=True)
    out.attrs["file"] = name
    out = add_flag(out, out["source_row"].isin(frame.attrs.get("hidden_rows", ())), "hidden_row")
    return add_flag(out, duplicate_rows(out, fields), "duplicate_row")


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
                column = column or frame.columns[0]
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
             value: float, unit: str, data_status: str, scope: str = TOWN) -> dict:
    """One row of a tidy indicator table (see :data:`TIDY_COLUMNS`)."""
    return {"year": year, "scope": scope, "domain": domain, "indicator": indicator, "label_zh": label_zh,
            "label_en": label_en, "value": float(value), "unit": unit, "data_status": data_status}


def published_row(table: pd.DataFrame, indicator: str, domain: str) -> dict | None:
    """The town's actual figure of ``indicator`` as a tidy row with its provenance, or None.

    The figure is looked up by its indicator key (never by a table's ids), as
    an actual figure: the town's own before a village's, the latest year (the
    report's own) before a restated earlier one.  Rates (%) get
    ``rounding`` = half a unit of their last written decimal (77.3 → 0.05):
    the report rounds rates, while totals are taken as exact.  A figure written
    as approximate (约1.57万元) gets the half-width its wording allows
    (:func:`~tanto_analysis.figures.precision.stated_interval`), and a range
    (1.5万—2万元) the span up to its upper end, so neither is ever compared as exact.
    """
    rows = table.loc[(table["indicator"] == indicator) & (table["kind"] == "actual")]
    if rows.empty:
        return None
    order = pd.DataFrame({"village": rows["scope"] != TOWN, "year": -rows["year"].astype(int)})
    fig = rows.loc[order.sort_values(["village", "year"], kind="stable").index[0]]
    row = tidy_row(int(fig["year"]), domain, indicator, fig["label_zh"], fig["label_en"],
                   fig["value"], fig["unit"], "published", scope=fig["scope"])
    rounding = half_unit(fig["value"]) if fig["unit"] == "%" else 0.0
    if fig["bound"] in ("approx", "range"):
        low, high = stated_interval(float(fig["value"]), fig["unit"], fig["bound"], fig["quote"])
        rounding = high - float(fig["value"])
    row.update(figure_ids=fig["id"], quote=fig["quote"], section=fig["section"], bound=fig["bound"],
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
    unique(VILLAGE),
    Field("households", "int", unit="户", zh="户数", aliases=("总户数",), en="households in the village (户)"),
    Field("population", "int", unit="人", zh="人口", aliases=("人口数", "人数", "总人口"),
          en="people in the village (人)"),
    Field("contracted_area_mu", "number", unit="亩", zh="承包地面积(亩)", aliases=("承包耕地面积(亩)",),
          en="contracted land of the village (亩), the base of the transfer rate"),
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
