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
    assert [d.key for d in LEDGER_DOMAINS if d.town_trends] == list(trend_sections.trend_domains())


def test_every_declaration_points_at_something_real(demo_ledgers):
    from tanto_analysis.ledgers.loading import load_year_ledgers

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
            assert {ledger for ledger, _ in b.measures} <= set(LEDGERS) and breakdowns.breakdowns()[name] is b
        assert not d.village_breakdown or d.village_breakdown in d.breakdowns


def test_a_domain_s_indicators_and_villages_come_from_its_declaration(demo_ledgers):
    from tanto_analysis.ledgers.loading import load_year_ledgers

    loaded = load_year_ledgers(2022, demo_ledgers)
    loans = domain("loans")
    town = loans.indicators(*[loaded[n] for n in loans.ledgers], 2022).set_index("indicator")
    villages = loans.by_village(*[loaded[n] for n in loans.village_ledgers], 2022)
    per_village = villages.pivot(index="scope", columns="indicator", values="value")
    assert per_village["loans_amount_total"].sum() == town.loc["loans_amount_total", "value"] == 12_860_000
    assert per_village["loans_borrowing_households"].sum() == town.loc["loans_borrowing_households", "value"]
    assert isinstance(per_village, pd.DataFrame) and len(per_village) == 24


def test_every_ledger_indicator_takes_its_labels_and_unit_from_the_registry(demo_ledgers):
    from tanto_analysis.ledgers.loading import load_year_ledgers

    registry = load_registry()
    loaded = load_year_ledgers(2022, demo_ledgers)
    for d in LEDGER_DOMAINS:
        frame = d.indicators(*[loaded[n] for n in d.ledgers], 2022)
        assert len(frame) > 0, d.key
        for rec in frame.to_dict("records"):
            declared = registry[rec["indicator"]]
            assert (rec["label_zh"], rec["label_en"], rec["unit"]) == (
                declared.label_zh, declared.label_en, declared.unit), rec["indicator"]


def test_a_project_relabels_a_ledger_indicator_and_an_unregistered_one_is_refused(tmp_path, monkeypatch):
    from tanto_analysis.core.errors import ConfigurationError
    from tanto_analysis.ledgers.tidy import tidy_row
    from tests.conftest import demo_settings

    root = demo_settings(tmp_path)
    (root / "data" / "reference" / "indicators.csv").write_text(
        "indicator,domain,kind,unit,target_of,direction,within_year,headline,label_zh,label_en\n"
        "loans_above_limits,loan_subsidy,actual,笔,,,,,超限贷款,Loans over the cap\n", encoding="utf-8")
    monkeypatch.setenv("TANTO_ROOT", str(root))
    row = tidy_row(2022, "loan_subsidy", "loans_above_limits", 2, "synthetic")
    assert (row["label_zh"], row["label_en"], row["unit"], row["value"]) == ("超限贷款", "Loans over the cap", "笔", 2.0)
    with pytest.raises(ConfigurationError, match="ledger indicator 'loans_overdue' is not in the indicator registry"):
        tidy_row(2022, "loan_subsidy", "loans_overdue", 1, "synthetic")
