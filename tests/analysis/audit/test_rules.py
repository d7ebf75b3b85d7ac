"""Tests for the audit's rule kinds: declarations validated, each kind checked on its own, and the
declared rules refer to real figures."""

import doctest
import re

import pandas as pd
import pytest

from tanto_analysis.analysis.audit import (
    list_rules,
    listed_parts,
    marks,
    ratio_rules,
    rules,
    statement_rules,
)
from tanto_analysis.analysis.audit.declared import RULES
from tanto_analysis.analysis.audit.finding import SEVERITIES, AuditContext
from tanto_analysis.analysis.audit.list_rules import ListedNames
from tanto_analysis.analysis.audit.ratio_rules import HouseholdSize, PerUnit, SubsidyCap
from tanto_analysis.analysis.audit.rules import Implied, PartsWhole, PercentRange, Rate, Subset
from tanto_analysis.analysis.audit.statement_rules import SameIndicator, SameQuantity, SharedLabel
from tanto_analysis.analysis.audit.terms import table_figures
from tanto_analysis.figures.published import load_published

TABLE_2022 = load_published(2022)
#: What a term can name in the 2022 table: each indicator, and each indicator@year.
KEYS = set(TABLE_2022["indicator"]) | {f"{i}@{y}" for i, y in zip(TABLE_2022["indicator"], TABLE_2022["year"],
                                                                 strict=True)}
YEARS = ("2022", "2023", "2024")
NO_CONTEXT = AuditContext()


def _resolves(term: str) -> bool:
    candidates = [term.replace("{year}", y) for y in YEARS] if "{year}" in term else [term]
    if term.startswith("sum:"):
        return any(re.search(c[4:].partition("@")[0], k.partition("@")[0]) and c.partition("@")[2] in k
                   for c in candidates for k in KEYS)
    return any(c in KEYS for c in candidates)


def figs(*rows, year=2022):
    """Figures as intervals from (id, value, unit, quote[, bound]) rows, as the audit reads a table."""
    records = [{"id": r[0], "indicator": re.sub(r"_(19|20)\d\d(?=_|$)", "", r[0]), "value": float(r[1]), "unit": r[2], "quote": r[3],
                "bound": r[4] if len(r) > 4 else "exact", "year": year, "section": "一(一)",
                "scope": "潭头镇", "label_zh": r[0], "kind": "actual"} for r in rows]
    return table_figures(pd.DataFrame(records))


def computations(rule, figures, context=NO_CONTEXT):
    return [(f.severity, f.rule, f.computation) for f in rule.findings(figures, context)]


# ---------------------------------------------------------------- the declarations
def test_every_term_names_a_figure_of_the_2022_table():
    missing = [t for rule in RULES for t in rule.terms() if not _resolves(t)]
    assert missing == []


def test_declared_rules_and_their_ids():
    kinds = [type(r).__name__ for r in RULES]
    assert {k: kinds.count(k) for k in dict.fromkeys(kinds)} == {
        "Rate": 2, "Implied": 2, "PercentRange": 1, "Subset": 32, "PartsWhole": 2, "SameQuantity": 2,
        "SameIndicator": 1, "SharedLabel": 1, "PerUnit": 2, "HouseholdSize": 4, "SubsidyCap": 1, "ListedNames": 1,
        "ListedParts": 1}
    assert list(dict.fromkeys(r.rule for r in RULES)) == [
        "rate", "implied", "percent_range", "subset", "parts_whole", "same_quantity", "shared_label", "per_unit",
        "listed_names", "listed_parts"]


def test_per_unit_ranges_are_ordered_and_severities_known():
    for rule in RULES:
        if isinstance(rule, (PerUnit, HouseholdSize)):
            assert rule.low < rule.high
        if isinstance(rule, PerUnit):
            assert rule.severity in SEVERITIES


def test_rules_are_frozen():
    rule = Subset("liaison_households", "households_total")
    with pytest.raises(AttributeError):
        rule.whole = "population_total"


@pytest.mark.parametrize("make, message", [
    (lambda: Rate("projects_completion_rate", ("projects_completed",), ("projects_approved",), how="about"),
     "Rate: how must be one of 'equal', 'at_least', not 'about'"),
    (lambda: Rate("projects_completion_rate", "projects_completed", ("projects_approved",)),
     "Rate: numerator must be a non-empty tuple of terms (ids or sum:<regex>), not 'projects_completed'"),
    (lambda: Implied("land_transfer_rate", "land_transfer_area", "base"),
     "Implied: role must be one of 'numerator', 'denominator', not 'base'"),
    (lambda: Subset("liaison_households", ""), "Subset: whole must be a figure id or term, not ''"),
    (lambda: PartsWhole((), "villages_total", "plan", "计划"),
     "PartsWhole: parts must be a non-empty tuple of terms (ids or sum:<regex>), not ()"),
    (lambda: SameQuantity(("villages_total",), "equity_quantified_villages", "villages", "村数"),
     "SameQuantity: second must be a non-empty tuple of terms (ids or sum:<regex>), "
     "not 'equity_quantified_villages'"),
    (lambda: PerUnit("population_total", "households_total", 6.0, 2.0, "人/户", "size", "warning"),
     "PerUnit: low (6.0) must not exceed high (2.0)"),
    (lambda: PerUnit("population_total", "households_total", 2.0, 6.0, "人/户", "size", "error"),
     "PerUnit: severity must be one of 'contradiction', 'warning', 'note', not 'error'"),
    (lambda: HouseholdSize("liaison_people", "liaison_households", low=6.0, high=2.0),
     "HouseholdSize: low (6.0) must not exceed high (2.0)"),
    (lambda: SubsidyCap("loan_subsidy_amount", "loan_subsidy_recipients", loan_limit_yuan=0.0),
     "SubsidyCap: loan_limit_yuan must be positive, not 0.0"),
])
def test_a_bad_declaration_is_refused_with_a_clear_message(make, message):
    with pytest.raises(ValueError) as excinfo:
        make()
    assert str(excinfo.value) == message


@pytest.mark.parametrize("module", [rules, ratio_rules, statement_rules, list_rules, listed_parts, marks])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# ---------------------------------------------------------------- each kind, consistent and not (2022 values)
def test_rate():
    rule = Rate("projects_completion_rate", ("projects_completed",), ("projects_approved",))
    rate = ("projects_completion_rate", 69, "%", "竣工率达到69%")
    # 11 / 16 = 68.75 % within 68.5–69.5 %; 10 / 16 = 62.50 % is not
    assert computations(rule, figs(rate, ("projects_completed", 11, "个", "11个"),
                                   ("projects_approved", 16, "个", "16个"))) == []
    assert computations(rule, figs(rate, ("projects_completed", 10, "个", "10个"),
                                   ("projects_approved", 16, "个", "16个"))) == [
        ("contradiction", "rate", "(10) / (16) × 100 = 62.50%; stated 69%")]


def test_implied():
    rule = Implied("land_transfer_rate", "land_transfer_area", "numerator")
    assert computations(rule, figs(("land_transfer_rate", 77.3, "%", "流转率达77.3%"))) == []
    # 21,000 / 77.3 % = 27,166.88 亩; 20,500 / 77.35 % … 21,500 / 77.25 %
    assert computations(rule, figs(("land_transfer_rate", 77.3, "%", "流转率达77.3%"),
                                   ("land_transfer_area", 21000, "亩", "2.1万亩"))) == [
        ("note", "implied", "21,000 亩 / 77.30% = 27,166.88 亩; the stated rounding allows 26,502.91–27,831.72 亩")]


def test_percent_range():
    assert computations(PercentRange(), figs(("projects_funds_disbursed_rate", 44.87, "%", "资金拨付率44.87%"))) == []
    # a share cannot exceed 100 %
    assert computations(PercentRange(), figs(("projects_funds_disbursed_rate", 144.87, "%", "资金拨付率144.87%"))) == [
        ("contradiction", "percent_range", "144.87 ∉ [0, 100]")]
    # 企业完成技改投入4.62亿元，同比增长227%: a growth rate may exceed 100 %
    assert computations(PercentRange(), figs(("industry_upgrade_growth", 227, "%", "同比增长227%"))) == []
    # 完成年度计划的120%: so may a completion
    assert computations(PercentRange(), figs(("plan_completion", 120, "%", "完成年度计划的120%"))) == []
    # neither a share nor a change: for review
    assert computations(PercentRange(), figs(("unknown_share", 120, "%", "120%"))) == [
        ("note", "percent_range", "120 ∉ [0, 100]")]


def test_subset():
    rule = Subset("liaison_households", "households_total")
    assert computations(rule, figs(("liaison_households", 7000, "户", "7000户"),
                                   ("households_total", 7265, "户", "7265户"))) == []
    assert computations(rule, figs(("liaison_households", 7618, "户", "7618户"),
                                   ("households_total", 7265, "户", "7265户"))) == [
        ("contradiction", "subset", "7,618 > 7,265 (by 353)")]


def test_parts_whole():
    rule = PartsWhole(("sum:^branches_plan_[a-z]+_star$@{year}",), "villages_total", "plan {year}", "{year}年计划")
    plan = [("branches_plan_2022_four_star", 1, "个", "1个"), ("branches_plan_2022_three_star", 5, "个", "5个")]
    assert computations(rule, figs(*plan, ("branches_plan_2022_two_star", 18, "个", "18个"),
                                   ("villages_total", 24, "个", "24个村"))) == []
    (found,) = rule.findings(figs(*plan, ("branches_plan_2022_two_star", 17, "个", "17个"),
                                  ("villages_total", 24, "个", "24个村")), NO_CONTEXT)
    assert (found.severity, found.computation) == ("warning", "1 + 5 + 17 = 23 vs 24")
    assert found.message == "plan 2022: parts sum to 23, whole is 24"


def test_same_quantity():
    rule = SameQuantity(("villages_total",), ("equity_quantified_villages",), "the town's villages", "全镇村数")
    assert computations(rule, figs(("villages_total", 24, "个", "24个村"),
                                   ("equity_quantified_villages", 24, "个", "全镇24个村"))) == []
    assert computations(rule, figs(("villages_total", 24, "个", "24个村"),
                                   ("equity_quantified_villages", 23, "个", "全镇23个村"))) == [
        ("contradiction", "same_quantity", "24 ≠ 23")]


def test_same_label_alone_is_a_note_for_review():
    def labelled(b_value, indicators=("", "")):
        table = pd.DataFrame([{"id": i, "value": float(v), "unit": "个", "quote": f"{v}个", "bound": "exact",
                               "year": 2022, "scope": "潭头镇", "label_zh": "样板村", "indicator": k}
                              for (i, v), k in zip((("a_count", 5), ("b_count", b_value)), indicators, strict=True)])
        return table_figures(table)

    assert computations(SharedLabel(), labelled(5)) == []
    assert computations(SharedLabel(), labelled(6)) == [("note", "shared_label", "5 ≠ 6")]
    assert computations(SameIndicator(), labelled(6)) == []  # a label is not a key
    # one indicator key: the same quantity, certainly; two keys: two quantities
    assert computations(SameIndicator(), labelled(6, ("model_villages_count",) * 2)) == [
        ("contradiction", "same_quantity", "5 ≠ 6")]
    assert computations(SharedLabel(), labelled(6, ("model_villages_count",) * 2)) == []
    assert computations(SharedLabel(), labelled(6, ("model_villages_count", "lagging_villages_count"))) == []


def test_per_unit():
    rule = PerUnit("loans_new_amount", "loans_new_households", 0.0, 50_000.0, "元/户", "average new loan", "warning")
    # 11,465,000 / 248 = 46,229.84 元 ≤ 50,000 元; 13,000,000 / 248 = 52,419.35 元 is not
    assert computations(rule, figs(("loans_new_amount", 11465000, "元", "1146.5万元"),
                                   ("loans_new_households", 248, "户", "248户"))) == []
    assert computations(rule, figs(("loans_new_amount", 13000000, "元", "1300万元"),
                                   ("loans_new_households", 248, "户", "248户"))) == [
        ("warning", "per_unit", "13,000,000 / 248 = 52,419.35 元/户")]


def test_household_size():
    rule = HouseholdSize("liaison_people", "liaison_households")
    town = [("population_total", 28958, "人", "28958人"), ("households_total", 7265, "户", "7265户")]
    # 27,000 / 7,000 = 3.86 vs the town's 3.99: −3.2 %
    assert computations(rule, figs(*town, ("liaison_people", 27000, "名", "27000名"),
                                   ("liaison_households", 7000, "户", "7000户"))) == []
    # 21,270 / 7,618 = 2.79: −30.0 %, beyond 25 %
    assert computations(rule, figs(*town, ("liaison_people", 21270, "名", "21270名"),
                                   ("liaison_households", 7618, "户", "7618户"))) == [
        ("note", "per_unit", "21,270 / 7,618 = 2.79 人/户 vs 28,958 / 7,265 = 3.99 人/户")]
    # 21,270 / 3,000 = 7.09 persons: outside 2–6 (and +77.7 % from the town's)
    assert [f.severity for f in rule.findings(figs(*town, ("liaison_people", 21270, "名", "21270名"),
                                                   ("liaison_households", 3000, "户", "3000户")), NO_CONTEXT)] == [
        "warning", "note"]


def test_subsidy_cap():
    rule = SubsidyCap("loan_subsidy_amount", "loan_subsidy_recipients", 50_000.0)
    recipients = ("loan_subsidy_recipients", 190, "人", "190人")
    lpr = AuditContext(lpr_max=3.8)
    # 304,126 / 190 = 1,600.66 元 ≤ 50,000 × 3.80 % = 1,900 元
    assert computations(rule, figs(("loan_subsidy_amount", 304126, "元", "30.4126万元"), recipients), lpr) == []
    high = figs(("loan_subsidy_amount", 400000, "元", "40万元"), recipients)
    assert computations(rule, high, lpr) == [
        ("warning", "per_unit", "400,000 / 190 = 2,105.26 元 > 50,000 × 3.80% = 1,900.00 元")]
    assert computations(rule, high) == []  # no LPR, no check


def test_listed_names():
    source = "截至目前我镇共有达标村5个（纸房、官地、垢峪、古城、赵庄），其中。"
    five = figs(("villages_standard_count", 5, "个", "达标村5个"))
    assert computations(ListedNames(), five, AuditContext(source_text=source)) == []
    assert computations(ListedNames(), five) == []  # no text, no check
    six = figs(("villages_standard_count", 6, "个", "达标村6个"))
    assert computations(ListedNames(), six, AuditContext(source_text=source.replace("5个", "6个"))) == [
        ("contradiction", "listed_names", "（纸房、官地、垢峪、古城、赵庄） → 5 names vs 6 个")]
