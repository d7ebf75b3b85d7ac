"""A year's figures as intervals, and the rule terms that combine them."""

from __future__ import annotations

import math

import pandas as pd

from tanto_analysis.analysis.audit.terms import (
    cite_terms,
    resolve_term,
    resolve_terms,
    table_figures,
    term_years,
)


def row(id_, value, unit, quote, year=2023, bound="exact", label=""):
    return {"id": id_, "section": "一(七)", "scope": "潭头镇", "year": year, "kind": "plan",
            "value": float(value), "unit": unit, "bound": bound, "quote": quote, "label_zh": label}


FIGS = table_figures(pd.DataFrame([
    row("branches_plan_2023_three_star", 5, "个", "5个"),
    row("branches_plan_2023_four_star", 1, "个", "1个"),
    row("branches_plan_2023_two_star", 17, "个", "17个"),
    row("projects_completion_rate", 69, "%", "竣工率达到69%", year=2022, label="项目竣工率"),
    row("loans_new_amount", 11465000, "元", "1146.5万元", year=2022),
    row("jobs_provided", 300, "个", "300余个", year=2022, bound="at_least"),
]))


def test_table_figures_carry_their_stated_interval():
    rate = FIGS["projects_completion_rate"]
    assert (rate.value, rate.low, rate.high, rate.year) == (69.0, 68.5, 69.5, 2022)
    assert rate.name == "项目竣工率"
    assert FIGS["loans_new_amount"].low == 11464500.0
    assert FIGS["jobs_provided"].high == math.inf
    assert FIGS["branches_plan_2023_two_star"].name == "branches_plan_2023_two_star"  # no label
    assert rate.cite() == {"id": "projects_completion_rate", "value": 69.0, "unit": "%",
                           "quote": "竣工率达到69%", "section": "一(七)"}


def test_sum_term_adds_matching_figures_in_id_order():
    term = resolve_term("sum:^branches_plan_{year}_(three|four|five)_star$", FIGS, 2023)
    assert [f.id for f in term.figures] == ["branches_plan_2023_four_star", "branches_plan_2023_three_star"]
    assert (term.value, term.low, term.high, term.text) == (6.0, 6.0, 6.0, "1 + 5")
    assert resolve_term("sum:^branches_plan_{year}_(three|four|five)_star$", FIGS, 2022) is None


def test_id_term_and_missing_id():
    term = resolve_term("loans_new_amount", FIGS, None)
    assert (term.value, term.low, term.high, term.text) == (11465000.0, 11464500.0, 11465500.0, "11,465,000")
    assert resolve_term("loans_total_count", FIGS, None) is None


def test_resolve_terms_adds_terms_or_gives_none():
    both = resolve_terms(("projects_completion_rate", "branches_plan_2023_two_star"), FIGS, None)
    assert (both.value, both.low, both.high, both.text) == (86.0, 85.5, 86.5, "69 + 17")
    assert resolve_terms(("projects_completion_rate", "loans_total_count"), FIGS, None) is None


def test_term_years_and_citations():
    assert term_years(("sum:^branches_plan_{year}_",), FIGS) == [2022, 2023]
    assert term_years(("villages_total",), FIGS) == [None]
    rate = resolve_term("projects_completion_rate", FIGS, None)
    plans = resolve_term("sum:^branches_plan_2023_", FIGS, None)
    cited = cite_terms(rate, plans, rate)
    assert [c["id"] for c in cited] == ["projects_completion_rate", "branches_plan_2023_four_star",
                                        "branches_plan_2023_three_star", "branches_plan_2023_two_star"]


def test_terms_name_indicators_and_their_years_whatever_the_ids():
    from tanto_analysis.analysis.audit.terms import lookup

    def plan(id_, indicator, value, year):
        return {**row(id_, value, "个", f"{value:g}个", year=year), "indicator": indicator}

    figs = table_figures(pd.DataFrame([
        plan("p22_four", "branches_plan_four_star", 1, 2022), plan("p23_four", "branches_plan_four_star", 5, 2023),
        plan("p23_three", "branches_plan_three_star", 17, 2023),
        {**row("x", 24, "个", "24个村", year=2022), "kind": "actual", "indicator": "villages_total"}]))
    stars = resolve_term("sum:^branches_plan_(three|four|five)_star$@{year}", figs, 2023)
    assert [f.id for f in stars.figures] == ["p23_four", "p23_three"] and stars.value == 22
    assert resolve_term("sum:^branches_plan_(three|four|five)_star$@{year}", figs, 2024) is None
    assert lookup(figs, "branches_plan_four_star@2023").id == "p23_four"
    assert lookup(figs, "branches_plan_four_star").id == "p22_four"  # the earlier year first
    assert lookup(figs, "villages_total").value == 24
    assert lookup(figs, "x") is None  # a figure with an indicator is named by it, not by its id
