"""A year's figures as intervals, and the rule terms that combine them.

The audit's rules (:mod:`tanto_analysis.analysis.audit.declared`) name figures by
term: an indicator key (``key@<year>`` for one year's figure), or
``sum:<regex>`` for the sum of every figure whose indicator matches; ``{year}``
in a term stands for a year.  This module turns a published table into
:class:`Figure` intervals (via :func:`tanto_analysis.figures.precision.stated_interval`)
and a term into a :class:`Term`: its figures, value and interval.  Each kind of
rule checks itself (:mod:`tanto_analysis.analysis.audit.rules`); the engine
(:mod:`tanto_analysis.analysis.audit.auditor`) runs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ...core.numbers import format_number as _format_number
from ...figures.precision import stated_interval
from ...reference.villages import current_town


def format_number(value: float) -> str:
    """A number as audit messages write it: a fraction with exactly two decimals (2.80), a whole
    number without (7,265), ``∞`` for infinity.

    >>> format_number(27166.882), format_number(7265.0), format_number(2.8)
    ('27,166.88', '7,265', '2.80')
    """
    return _format_number(value, trim=False)

__all__ = ["Figure", "Term", "cite_terms", "resolve_term", "resolve_terms",
           "table_figures", "term_years"]


@dataclass(frozen=True)
class Figure:
    """One published figure and the interval of values its text allows.

    ``value``, ``low`` and ``high`` are in the figure's base unit (元, 亩,
    户, 人, % as 0–100); ``high`` is ``inf`` for an ``at_least`` figure.
    """

    id: str
    value: float
    unit: str
    quote: str
    section: str
    year: int
    low: float
    high: float
    scope: str = ""
    label: str = ""
    kind: str = "actual"
    indicator: str = ""

    @property
    def key(self) -> str:
        """What rules name the figure by: its indicator, or its id when it has none."""
        return self.indicator or self.id

    @property
    def name(self) -> str:
        """The Chinese label if known, else the id."""
        return self.label or self.id

    def cite(self) -> dict:
        """The figure as cited in a finding.

        Returns
        -------
        dict
            ``id``, ``value`` (base unit: 元, 亩, 户, 人, %), ``unit``,
            ``quote`` and ``section``.
        """
        return {"id": self.id, "value": self.value, "unit": self.unit,
                "quote": self.quote, "section": self.section}


@dataclass(frozen=True)
class Term:
    """A resolved term: its figures, their summed value and interval, and the sum as text."""

    figures: tuple[Figure, ...]
    value: float
    low: float
    high: float
    text: str


def table_figures(table: pd.DataFrame) -> dict[str, Figure]:
    """Each row of a published table as a :class:`Figure` with its stated interval.

    Parameters
    ----------
    table : DataFrame
        Columns ``id, year, value, unit, bound, quote`` at least (``section``,
        ``scope``, ``label_zh`` and ``kind`` are used when present); ``value``
        in base units (元, 亩, 户, 人, % as 0–100).

    Returns
    -------
    dict of str to Figure
        Keyed by id, in the table's order.
    """
    out: dict[str, Figure] = {}
    for rec in table.to_dict("records"):
        value = float(rec["value"])
        low, high = stated_interval(value, rec["unit"], rec["bound"], str(rec["quote"]))
        out[rec["id"]] = Figure(rec["id"], value, rec["unit"], str(rec["quote"]),
                                str(rec.get("section", "")), int(rec["year"]), low, high,
                                str(rec.get("scope", "")), str(rec.get("label_zh", "")),
                                str(rec.get("kind", "actual")), str(rec.get("indicator", "") or ""))
    return out


def lookup(figs: dict[str, Figure], key: str) -> Figure | None:
    """The figure a rule names: ``indicator`` or ``indicator@year``.

    Of several figures of one indicator, the town's comes before a village's,
    an actual before a target or plan, an earlier year before a later one.
    A figure without an indicator is named by its id.
    """
    key, _, at = key.partition("@")
    year = int(at) if at else None
    found = [f for f in figs.values() if f.key == key and (year is None or f.year == year)]
    if not found:
        return None
    town = current_town().name
    return min(found, key=lambda f: (f.scope != town, f.kind != "actual", f.year))


def resolve_term(term: str, figs: dict[str, Figure], year: int | None) -> Term | None:
    """The figures one term names, summed.

    Parameters
    ----------
    term : str
        An indicator key, or ``sum:<regex>`` (every figure whose indicator
        matches, in id order), either followed by ``@<year>`` for that year's
        figures only; ``{year}`` is replaced by ``year``.
    figs : dict of str to Figure
        As returned by :func:`table_figures`.
    year : int or None
        The year for ``{year}``; None leaves the term as is.

    Returns
    -------
    Term or None
        The figures, the sum of their values and of their interval ends (in
        their base unit), and the sum as text (``1 + 5 + 17``); None when no
        figure matches.
    """
    term = term.replace("{year}", str(year)) if year is not None else term
    if term.startswith("sum:"):
        body, _, at = term[4:].partition("@")
        pattern = re.compile(body)
        chosen = tuple(figs[k] for k in sorted(figs)
                       if pattern.search(figs[k].key) and (not at or figs[k].year == int(at)))
    else:
        one = lookup(figs, term)
        chosen = (one,) if one is not None else ()
    if not chosen:
        return None
    text = " + ".join(format_number(f.value) for f in chosen)
    return Term(chosen, sum(f.value for f in chosen), sum(f.low for f in chosen),
                sum(f.high for f in chosen), text)


def resolve_terms(terms: tuple[str, ...], figs: dict[str, Figure], year: int | None) -> Term | None:
    """Several terms resolved with :func:`resolve_term` and added together.

    Returns
    -------
    Term or None
        The sum of all the terms (base unit); None if any term names no figure.
    """
    parts = [resolve_term(t, figs, year) for t in terms]
    if any(p is None for p in parts):
        return None
    chosen = tuple(f for p in parts for f in p.figures)
    return Term(chosen, sum(p.value for p in parts), sum(p.low for p in parts),
                sum(p.high for p in parts), " + ".join(p.text for p in parts))


def term_years(terms: tuple[str, ...], figs: dict[str, Figure]) -> list[int | None]:
    """The years to evaluate a relation for.

    Returns
    -------
    list of int or None
        Every year in ``figs`` (ascending) if any term contains ``{year}``,
        else ``[None]``.
    """
    if any("{year}" in t for t in terms):
        return sorted({f.year for f in figs.values()})
    return [None]


def cite_terms(*terms: Term) -> list[dict]:
    """The figures of ``terms`` as cited in a finding, each once, in order of first use.

    Returns
    -------
    list of dict
        As :meth:`Figure.cite` (values in base units).
    """
    seen: dict[str, dict] = {}
    for term in terms:
        for fig in term.figures:
            seen.setdefault(fig.id, fig.cite())
    return list(seen.values())
