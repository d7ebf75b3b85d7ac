"""The breakdowns of ledger rows that pages show, declared once, each protected by disclosure control.

A breakdown is a table of cells (villages, post types, expiry years) whose
values add up ledger rows.  :data:`BREAKDOWNS` declares each: which
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

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..analysis.disclosure import Protection, protect
from ..ledgers.contributions import Measure
from ..ledgers.land import LAND_TYPE_GROUPS_SQL

if TYPE_CHECKING:
    from .year_data import YearData

__all__ = ["BREAKDOWNS", "VILLAGE_BREAKDOWNS", "Breakdown", "protection"]


@dataclass(frozen=True)
class Breakdown:
    """One breakdown of ledger rows.

    Attributes
    ----------
    by : str
        The ledger column or SQL expression whose values are the cells.
    measures : tuple of (str, str or None)
        What each cell shows: a ledger's name and the column it sums (元, 亩),
        or None for a count of its rows.
    key : str
        What the shown tables call the cells (``village``, ``land_type`` …).
    """

    by: str
    measures: tuple[tuple[str, str | None], ...]
    key: str


_CONTRACTS = (("land_contracts", None), ("land_contracts", "area_mu"))
#: Every breakdown the pages show, by name.
BREAKDOWNS: dict[str, Breakdown] = {
    "posts_by_type": Breakdown("post_type", (("welfare_posts", None),), "post_type"),
    "posts_by_village": Breakdown("village", (("welfare_posts", None),), "village"),
    "placements_by_channel": Breakdown("channel", (("job_placements", None),), "channel"),
    "loans_by_village": Breakdown("village", (("loans", None), ("loans", "amount_yuan"),
                                              ("loan_subsidies", "amount_yuan")), "village"),
    "land_by_village": Breakdown("village", _CONTRACTS, "village"),
    "land_by_type": Breakdown(LAND_TYPE_GROUPS_SQL, _CONTRACTS, "land_type"),
    "land_by_expiry": Breakdown("year(end_date)", _CONTRACTS, "expiry_year"),
}


#: The village breakdown of each domain (the by-village charts, ``y.by_village``, the trends' village panel).
VILLAGE_BREAKDOWNS: dict[str, str] = {
    "employment_income": "posts_by_village", "loan_subsidy": "loans_by_village", "land_transfer": "land_by_village",
}


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
