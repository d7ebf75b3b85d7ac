"""Tidy indicator rows, shared by the domain modules: one row per year, scope and indicator.

:data:`TIDY_COLUMNS` are the columns of every indicator table the ledgers and
the published figures give (``year, scope, domain, indicator, label_zh,
label_en, value, unit, data_status``); :func:`tidy_row` makes one, labelled
by the indicator registry, :func:`published_row` finds a year's published
figure of an indicator with its quote, and :func:`derived_row` computes one
from published figures, carrying their ids and quotes.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..core.errors import ConfigurationError
from ..figures.precision import stated_interval
from ..reference.indicators import load_registry
from ..reference.villages import current_town

__all__ = ["TIDY_COLUMNS", "derived_row", "half_unit", "published_row", "tidy_row"]

TIDY_COLUMNS = ["year", "scope", "domain", "indicator", "label_zh", "label_en", "value", "unit", "data_status"]


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
