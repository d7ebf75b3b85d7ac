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

import pandas as pd

from ..core.errors import ConfigurationError
from ..figures.precision import stated_interval
from ..reference.indicators import load_registry
from ..reference.villages import current_town
from .fields import DATA_STATUSES, VILLAGE, Field, unique
from .files import find_ledger
from .ledger import FLAGS, Ledger, data_status_of, flagged_rows, load_ledger, number

__all__ = [
    "DATA_STATUSES", "FLAGS", "Field", "Ledger", "data_status_of", "find_ledger", "number",
    "flagged_rows", "half_unit", "load_ledger", "load_villages", "register_indicators",
    "register_published", "tidy_row", "published_row", "derived_row",
]

TIDY_COLUMNS = ["year", "scope", "domain", "indicator", "label_zh", "label_en", "value", "unit", "data_status"]


# --- tidy indicator rows, shared by the domain modules -------------------------------------

def tidy_row(year: int, domain: str, indicator: str, value: float, data_status: str,
             scope: str | None = None) -> dict:
    """One row of a tidy indicator table (see :data:`TIDY_COLUMNS`), labelled and united by the registry.

    The labels and the unit are the indicator registry's
    (:func:`~tanto_analysis.reference.indicators.load_registry`: the package's
    keys and the project's own), so an indicator reads the same wherever it is
    computed; ``scope`` defaults to the project's town.

    Raises
    ------
    ConfigurationError
        If ``indicator`` is not registered: a ledger indicator is declared in
        the registry before any module computes it.
    """
    try:
        declared = load_registry()[indicator]
    except KeyError:
        raise ConfigurationError(
            f"ledger indicator {indicator!r} is not in the indicator registry; declare it (key, domain, kind, unit, "
            "labels) in data/reference/indicators.csv") from None
    return {"year": year, "scope": scope if scope is not None else current_town().name, "domain": domain,
            "indicator": indicator, "label_zh": declared.label_zh, "label_en": declared.label_en,
            "value": float(value), "unit": declared.unit, "data_status": data_status}


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
    order = pd.DataFrame({"village": rows["scope"] != current_town().name, "year": -rows["year"].astype(int)})
    fig = rows.loc[order.sort_values(["village", "year"], kind="stable").index[0]]
    row = tidy_row(int(fig["year"]), domain, indicator, fig["value"], "published", scope=fig["scope"])
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


def derived_row(inputs: list[dict | None], domain: str, indicator: str, value_of,
                rounding: float = 0.0, bound: str = "exact") -> dict | None:
    """A figure derived from published ones, carrying their ids and quotes (None if an input is missing).

    ``value_of`` receives the input values in order; ``rounding`` is the
    half-width of the interval the report's own rounding leaves open.
    """
    if any(i is None for i in inputs):
        return None
    row = tidy_row(inputs[0]["year"], domain, indicator, value_of(*[i["value"] for i in inputs]), "published",
                   scope=inputs[0]["scope"])
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

