"""The one registry of ledgers and domains: a domain is added here, in one declaration.

:data:`LEDGERS` declares each ledger a year may have: how it is loaded (and
against which other ledger it is checked).  :data:`LEDGER_DOMAINS` declares each
domain the ledgers feed (employment income, loan subsidies, land transfer,
the village register): its ledgers, its indicators from them and from the
published figures, its table by village, its breakdowns (for disclosure
control) and what the trends page charts.  The API (``y.by_village``), the
pages (sections, reconciliation, trends), ``tanto reconcile`` and the build
all iterate over these declarations; none names a ledger or a domain's
function of its own.

Examples
--------
>>> [d.key for d in LEDGER_DOMAINS]
['employment_income', 'loan_subsidy', 'land_transfer', 'village_register']
>>> domain("loans").key, domain("loans").ledgers
('loan_subsidy', ('loans', 'loan_subsidies'))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from . import employment, land, loans, schema

__all__ = ["LEDGER_DOMAINS", "LEDGERS", "Breakdown", "Domain", "LedgerSpec", "domain", "domain_keys", "ledgers_of", "loading_order"]


@dataclass(frozen=True)
class LedgerSpec:
    """How one ledger of a year is loaded.

    Attributes
    ----------
    load : callable
        ``load(path, year, con)`` → :class:`~tanto_analysis.ledgers.ledger.Ledger`;
        with ``against``, ``load(path, year, other, con)``.
    against : str, optional
        The ledger it is checked against (the subsidies against their loans);
        without that ledger it is not loaded.
    """

    load: Callable
    against: str | None = None


#: Every ledger a year may have, in page order (a ledger checked against another is loaded after it).
LEDGERS: dict[str, LedgerSpec] = {
    "villages": LedgerSpec(schema.load_villages),
    "loans": LedgerSpec(loans.load_loans),
    "loan_subsidies": LedgerSpec(loans.load_subsidies, against="loans"),
    "welfare_posts": LedgerSpec(employment.load_posts),
    "job_placements": LedgerSpec(employment.load_placements),
    "land_contracts": LedgerSpec(land.load_contracts),
}


def loading_order() -> list[str]:
    """The ledgers in the order they are loaded: each after the ledger it is checked against."""
    return sorted(LEDGERS, key=lambda name: LEDGERS[name].against is not None)


@dataclass(frozen=True)
class Breakdown:
    """A breakdown of ledger rows a page shows, and what each of its cells adds up (for disclosure control).

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


@dataclass(frozen=True)
class Domain:
    """One domain the ledgers feed.

    Attributes
    ----------
    key : str
        Its id (``loan_subsidy``); its words are ``domain.<key>`` in the text catalogue.
    names : tuple of str
        What an analyst may call it (``y.by_village("loans")``).
    ledgers : tuple of str
        The ledgers its indicators need, in the order :attr:`indicators` takes them.
    indicators : callable
        ``indicators(*ledgers, year)`` → tidy indicators (town level).
    published : callable
        ``published(table, year)`` → the same indicators from the published figures, with quotes.
    village_ledgers : tuple of str
        The ledgers its table by village needs.
    by_village : callable, optional
        ``by_village(*village_ledgers, year)`` → tidy indicators per village (``scope`` = village).
    village_columns : mapping
        Indicator → the column ``y.by_village`` names it (``loans_amount_total`` → ``amount_yuan``).
    breakdowns : mapping
        Its breakdowns by name (the one by village is :attr:`village_breakdown`).
    village_breakdown : str
        The breakdown its table by village is protected by.
    village_indicator : str
        The indicator the trends page compares across villages.
    town_trends : tuple of str
        The town-level indicators the trends page charts.
    section : bool
        Whether a page has a section of its own for it (the register's figures are among the other figures).
    """

    key: str
    names: tuple[str, ...]
    ledgers: tuple[str, ...]
    indicators: Callable[..., pd.DataFrame]
    published: Callable[[pd.DataFrame, int], pd.DataFrame]
    village_ledgers: tuple[str, ...] = ()
    by_village: Callable[..., pd.DataFrame] | None = None
    village_columns: Mapping[str, str] = field(default_factory=dict)
    breakdowns: Mapping[str, Breakdown] = field(default_factory=dict)
    village_breakdown: str = ""
    village_indicator: str = ""
    town_trends: tuple[str, ...] = ()
    section: bool = True

    def ready(self, loaded: Mapping) -> bool:
        """True if every ledger its indicators need is in ``loaded``."""
        return all(name in loaded for name in self.ledgers)

    def village_ready(self, loaded: Mapping) -> bool:
        """True if it has a table by village and its ledgers are in ``loaded``."""
        return self.by_village is not None and all(name in loaded for name in self.village_ledgers)


def _land_by_village(contracts, year: int) -> pd.DataFrame:
    return land.area_by(contracts, "village", year).drop(columns=["village"])


_CONTRACTS = (("land_contracts", None), ("land_contracts", "area_mu"))

#: Every domain the ledgers feed, in page order.
LEDGER_DOMAINS: tuple[Domain, ...] = (
    Domain("employment_income", ("employment", "employment_income"), ("welfare_posts", "job_placements"),
           employment.indicators, employment.published_indicators,
           ("welfare_posts",), employment.posts_by_village, {"public_welfare_posts": "posts"},
           {"posts_by_type": Breakdown("post_type", (("welfare_posts", None),), "post_type"),
            "posts_by_village": Breakdown("village", (("welfare_posts", None),), "village"),
            "placements_by_channel": Breakdown("channel", (("job_placements", None),), "channel")},
           "posts_by_village", "public_welfare_posts", ("public_welfare_posts", "jobs_income_increase_mean")),
    Domain("loan_subsidy", ("loans", "loan_subsidy"), ("loans", "loan_subsidies"),
           loans.indicators, loans.published_indicators,
           ("loans", "loan_subsidies"), loans.loans_by_village,
           {"loans_total_count": "loans", "loans_borrowing_households": "households", "loans_amount_total": "amount_yuan",
            "loan_subsidy_amount": "subsidy_yuan"},
           {"loans_by_village": Breakdown("village", (("loans", None), ("loans", "amount_yuan"),
                                                      ("loan_subsidies", "amount_yuan")), "village")},
           "loans_by_village", "loans_amount_total", ("loans_new_amount", "loan_subsidy_amount")),
    Domain("land_transfer", ("land", "land_transfer"), ("land_contracts", "villages"),
           land.indicators, land.published_indicators,
           ("land_contracts",), _land_by_village, {"land_transfer_area": "area_mu"},
           {"land_by_village": Breakdown("village", _CONTRACTS, "village"),
            "land_by_type": Breakdown(land.LAND_TYPE_GROUPS_SQL, _CONTRACTS, "land_type"),
            "land_by_expiry": Breakdown("year(end_date)", _CONTRACTS, "expiry_year")},
           "land_by_village", "land_transfer_area", ("land_transfer_area", "land_transfer_rate")),
    Domain("village_register", ("register", "village_register"), ("villages",),
           schema.register_indicators, schema.register_published, section=False),
)


def domain(name: str) -> Domain:
    """The domain called ``name`` (its key or one of its names).

    Raises
    ------
    KeyError
        For an unknown name; the message lists the known ones.
    """
    for d in LEDGER_DOMAINS:
        if name == d.key or name in d.names:
            return d
    raise KeyError(f"unknown domain {name!r}; expected one of {', '.join(domain_keys())}")


def domain_keys() -> list[str]:
    """Every name a domain may be called by, sorted."""
    return sorted({n for d in LEDGER_DOMAINS for n in (d.key, *d.names)})


def ledgers_of(d: Domain, loaded: Mapping, names: tuple[str, ...] | None = None) -> list:
    """The loaded ledgers ``names`` (default the domain's own), in order."""
    return [loaded[n] for n in (names if names is not None else d.ledgers)]
