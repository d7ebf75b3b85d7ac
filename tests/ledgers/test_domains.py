"""The one registry of ledgers and domains: every consumer iterates it, so a domain is added in one place."""

import pandas as pd
import pytest

from tanto_analysis.figures.published import load_published
from tanto_analysis.ledgers.domains import LEDGER_DOMAINS, LEDGERS, domain, loading_order
from tanto_analysis.page import breakdowns, trend_sections
from tanto_analysis.reference.indicators import load_registry

_TABLE = load_published(2022)


def test_names_and_order():
    assert domain("loans") is domain("loan_subsidy") and domain("land").key == "land_transfer"
    with pytest.raises(KeyError, match="unknown domain 'loan'; expected one of employment, employment_income"):
        domain("loan")
    assert loading_order().index("loan_subsidies") > loading_order().index("loans")  # checked against its loans
    assert [d.key for d in LEDGER_DOMAINS if d.town_trends] == list(trend_sections.DOMAINS)


def test_every_declaration_points_at_something_real(demo_ledgers):
    from tanto_analysis.ledgers.year import load_year_ledgers

    loaded = load_year_ledgers(2022, demo_ledgers)
    registry = load_registry()
    for d in LEDGER_DOMAINS:
        assert set(d.ledgers) | set(d.village_ledgers) <= set(LEDGERS), d.key
        made = set(d.indicators(*[loaded[n] for n in d.ledgers], 2022)["indicator"])
        assert set(d.town_trends) <= made, d.key
        if d.by_village is not None:
            per_village = set(d.by_village(*[loaded[n] for n in d.village_ledgers], 2022)["indicator"])
            assert d.village_indicator in per_village and set(d.village_columns) <= per_village, d.key
        published = d.published(pd.DataFrame(columns=["indicator", "kind", "scope", "year"]), 2022)
        assert published.empty and set(published.columns) >= {"indicator", "value", "quote"}
        assert set(d.published(_TABLE, 2022)["indicator"]) - made - set(registry) == set(), d.key
        for name, b in d.breakdowns.items():
            assert {ledger for ledger, _ in b.measures} <= set(LEDGERS) and breakdowns.BREAKDOWNS[name] is b
        assert not d.village_breakdown or d.village_breakdown in d.breakdowns


def test_a_domain_s_indicators_and_villages_come_from_its_declaration(demo_ledgers):
    from tanto_analysis.ledgers.year import load_year_ledgers

    loaded = load_year_ledgers(2022, demo_ledgers)
    loans = domain("loans")
    town = loans.indicators(*[loaded[n] for n in loans.ledgers], 2022).set_index("indicator")
    villages = loans.by_village(*[loaded[n] for n in loans.village_ledgers], 2022)
    per_village = villages.pivot(index="scope", columns="indicator", values="value")
    assert per_village["loans_amount_total"].sum() == town.loc["loans_amount_total", "value"] == 12_860_000
    assert per_village["loans_borrowing_households"].sum() == town.loc["loans_borrowing_households", "value"]
    assert isinstance(per_village, pd.DataFrame) and len(per_village) == 24
