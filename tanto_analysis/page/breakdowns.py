"""The breakdowns of ledger rows that pages show, declared once, each protected by disclosure control.

A breakdown is a table of cells (villages, post types, expiry years) whose
values add up ledger rows.  Each domain of the registry declares its own
(:func:`~tanto_analysis.ledgers.domains.project_domains`): which
ledger column (or SQL expression) makes its cells, and what each cell shows
(a count of rows, a sum of 元 or 亩) from which ledger.  The contributors
(households, persons, contracts) are the project's
(:attr:`~tanto_analysis.analysis.disclosure.Rules.contributors`).
:func:`protection` decides, once per year and breakdown, which cells may be
shown (:func:`~tanto_analysis.analysis.disclosure.protect`); the domain
sections, ``y.by_village`` and the trends page's village panel all use that
one decision, so a cell is never shown in one place and withheld in another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.disclosure import Protection, protect
from ..ledgers.contributions import Measure
from ..ledgers.domains import Breakdown, project_domains

if TYPE_CHECKING:
    from .page_data import PageData

__all__ = ["Breakdown", "breakdowns", "protection", "village_breakdowns"]


def breakdowns() -> dict[str, Breakdown]:
    """Every breakdown the pages show, by name (declared with its domain, :func:`~tanto_analysis.ledgers.domains.project_domains`)."""
    return {name: b for d in project_domains() for name, b in d.breakdowns.items()}


def village_breakdowns() -> dict[str, str]:
    """The village breakdown of each domain (the by-village charts, ``y.by_village``, the trends' village panel)."""
    return {d.key: d.village_breakdown for d in project_domains() if d.village_breakdown}


def protection(d: PageData, name: str) -> Protection:
    """The disclosure decision for breakdown ``name`` of the year ``d`` (made once, then remembered on ``d``).

    Raises
    ------
    KeyError
        If one of the breakdown's ledgers is not loaded (callers check ``d.has``).
    """
    if name not in d.protections:
        spec = breakdowns()[name]
        measures = [Measure(d.ledgers[ledger], d.rules.contributors[ledger], value)
                    for ledger, value in spec.measures]
        d.protections[name] = protect(spec.by, measures, d.rules, key=spec.key)
    return d.protections[name]
