"""The one registry of ledgers and domains: a domain is added here, in one declaration.

:data:`LEDGERS` declares each ledger a year may have: how it is loaded (and
against which other ledger it is checked).  :data:`LEDGER_DOMAINS` declares each
domain the ledgers feed (employment income, loan subsidies, land transfer,
the village register): its ledgers, its indicators from them and from the
published figures, its table by village, its breakdowns (for disclosure
control) and what the trends page charts.  The API (``y.by_village``), the
pages (sections, reconciliation, trends), ``tanto reconcile`` and the build
all iterate over these declarations (:func:`project_ledgers` and
:func:`project_domains`: the package's and those the project declares in
``tanto.toml``, :mod:`tanto_analysis.ledgers.declared`); none names a
ledger or a domain's function of its own.

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

from ..core.errors import ConfigurationError, display_path
from ..core.settings import settings_path
from ..core.text import tr
from ..reference.ledger_declarations import declared_ledgers
from . import declared, employment, land, loans, register

__all__ = ["LEDGER_DOMAINS", "LEDGERS", "Breakdown", "Domain", "LedgerSpec", "domain", "domain_keys",
           "domain_title", "ledgers_of", "loading_order", "project_domains", "project_ledgers"]


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
    "villages": LedgerSpec(register.load_villages),
    "loans": LedgerSpec(loans.load_loans),
    "loan_subsidies": LedgerSpec(loans.load_subsidies, against="loans"),
    "welfare_posts": LedgerSpec(employment.load_posts),
    "job_placements": LedgerSpec(employment.load_placements),
    "land_contracts": LedgerSpec(land.load_contracts),
}


def loading_order() -> list[str]:
    """The project's ledgers in the order they are loaded: each after the ledger it is checked against."""
    specs = project_ledgers()
    return sorted(specs, key=lambda name: specs[name].against is not None)


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
    title : tuple of (str, str), optional
        Its name in Chinese and English, for a domain a project declares
        (the package's are ``domain.<key>`` in the text catalogue).
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
    title: tuple[str, str] | None = None

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
           register.register_indicators, register.register_published, section=False),
)


def project_ledgers() -> dict[str, LedgerSpec]:
    """Every ledger of the project: the package's (:data:`LEDGERS`) and those its ``tanto.toml`` declares."""
    return {**LEDGERS, **_declared()[0]}


def project_domains() -> tuple[Domain, ...]:
    """Every domain of the project: the package's (:data:`LEDGER_DOMAINS`) and those its ``tanto.toml`` declares."""
    return LEDGER_DOMAINS + _declared()[1]


def domain_title(key: str, lang: str) -> str:
    """A domain's name in ``lang`` (``zh`` or ``en``): its declared title, else the catalogue's ``domain.<key>``."""
    found = next((d for d in project_domains() if d.key == key and d.title), None)
    if found is not None:
        return found.title[0] if lang == "zh" else found.title[1]
    return tr(f"domain.{key}", lang, default=key)


def _declared() -> tuple[dict[str, LedgerSpec], tuple[Domain, ...]]:
    decls = declared_ledgers()
    if not decls:
        return {}, ()
    found = _made.get(id(decls))
    if found is None or found[0] is not decls:
        found = (decls, *_from_declarations(decls))
        _made.clear()
        _made[id(decls)] = found
    return found[1], found[2]


#: The ledgers and domains made from the declarations last read (they are remade when tanto.toml changes).
_made: dict[int, tuple] = {}


def _from_declarations(decls) -> tuple[dict[str, LedgerSpec], tuple[Domain, ...]]:
    where = display_path(settings_path())
    specs: dict[str, LedgerSpec] = {}
    domains: list[Domain] = []
    taken = {n for d in LEDGER_DOMAINS for n in (d.key, *d.names)}
    for name, decl in decls.items():
        if name in LEDGERS:
            raise ConfigurationError(f"{where}: [ledgers.{name}] is a ledger of the package; choose another name")
        if decl.domain in taken or name in taken:
            raise ConfigurationError(f"{where}: [ledgers.{name}] domain {decl.domain!r} is taken; "
                                     "a declared ledger feeds a domain of its own")
        taken |= {decl.domain, name}
        specs[name] = LedgerSpec(declared.loader(decl))
        keys = tuple(i.key for i in decl.indicators)
        breakdown = f"{name}_by_village"
        village = dict(
            village_ledgers=(name,), by_village=declared.by_village_of(decl), village_columns={k: k for k in keys},
            breakdowns={breakdown: Breakdown("village", tuple(dict.fromkeys((name, i.sum) for i in decl.indicators)),
                                              "village")},
            village_breakdown=breakdown, village_indicator=keys[0]) if decl.by_village else {}
        domains.append(Domain(decl.domain, (name, decl.domain), (name,), declared.indicators_of(decl),
                              declared.published_of(decl), town_trends=keys, section=False,
                              title=(decl.title_zh, decl.title_en), **village))
    return specs, tuple(domains)


def domain(name: str) -> Domain:
    """The domain called ``name`` (its key or one of its names).

    Raises
    ------
    KeyError
        For an unknown name; the message lists the known ones.
    """
    for d in project_domains():
        if name == d.key or name in d.names:
            return d
    raise KeyError(f"unknown domain {name!r}; expected one of {', '.join(domain_keys())}")


def domain_keys() -> list[str]:
    """Every name a domain may be called by, sorted."""
    return sorted({n for d in project_domains() for n in (d.key, *d.names)})


def ledgers_of(d: Domain, loaded: Mapping, names: tuple[str, ...] | None = None) -> list:
    """The loaded ledgers ``names`` (default the domain's own), in order."""
    return [loaded[n] for n in (names if names is not None else d.ledgers)]
