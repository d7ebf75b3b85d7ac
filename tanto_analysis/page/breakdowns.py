"""The breakdowns of ledger rows that pages show, declared once, each protected by disclosure control.

A breakdown is a table of cells (villages, post types, expiry years) whose
values add up ledger rows.  Each domain of the registry declares its own
(:data:`~tanto_analysis.ledgers.domains.LEDGER_DOMAINS`): which
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
from ..ledgers.domains import LEDGER_DOMAINS, Breakdown

if TYPE_CHECKING:
    from .year_data import YearData

__all__ = ["BREAKDOWNS", "VILLAGE_BREAKDOWNS", "Breakdown", "protection"]


#: Every breakdown the pages show, by name (declared with its domain, :data:`~tanto_analysis.ledgers.domains.LEDGER_DOMAINS`).
BREAKDOWNS: dict[str, Breakdown] = {name: b for d in LEDGER_DOMAINS for name, b in d.breakdowns.items()}
#: The village breakdown of each domain (the by-village charts, ``y.by_village``, the trends' village panel).
VILLAGE_BREAKDOWNS: dict[str, str] = {d.key: d.village_breakdown for d in LEDGER_DOMAINS if d.village_breakdown}


def protection(d: YearData, name: str) -> Protection:
    """The disclosure decision for breakdown ``name`` of the year ``d`` (made once, then remembered on ``d``).

    Raises
    ------
    KeyError
        If one of the breakdown's ledgers is not loaded (callers check ``d.has``).
    """
    if name not in d.protections:
        spec = BREAKDOWNS[name]
        measures = [Measure(d.ledgers[ledger], d.rules.contributors[ledger], value)
                    for ledger, value in spec.measures]
        d.protections[name] = protect(spec.by, measures, d.rules, key=spec.key)
    return d.protections[name]
