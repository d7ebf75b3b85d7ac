"""The consistency audit: each rule with a consistent and an inconsistent case."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tanto_analysis.analysis.audit.auditor import audit, lpr_max_for_year
from tanto_analysis.core import paths
from tanto_analysis.core.readers import read_text


def fig(id_, value, unit, quote, bound="exact", year=2022, label=None, kind="actual"):
    """A figure row; its indicator is the id without a year (branches_plan_2022_four_star → branches_plan_four_star)."""
    return {"id": id_, "indicator": re.sub(r"_(19|20)\d\d(?=_|$)", "", id_), "section": "一(一)", "scope": "潭头镇", "year": year, "kind": kind,
            "value": float(value), "unit": unit, "bound": bound, "quote": quote,
            "label_zh": label or id_}


def table(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def rules(findings):
    return [(f.severity, f.rule) for f in findings]


# ---------------------------------------------------------------- rates
def test_rate_within_rounding_is_not_flagged():
    # 11 / 16 = 68.75 % rounds to the stated 69 %
    t = table(fig("projects_completion_rate", 69, "%", "竣工率达到69%"),
              fig("projects_completed", 11, "个", "11个"), fig("projects_approved", 16, "个", "16个"))
    assert audit(t) == []


def test_rate_outside_rounding_is_a_contradiction():
    # 10 / 16 = 62.50 %, not 69 %
    t = table(fig("projects_completion_rate", 69, "%", "竣工率达到69%"),
              fig("projects_completed", 10, "个", "10个"), fig("projects_approved", 16, "个", "16个"))
    (finding,) = audit(t)
    assert (finding.severity, finding.rule) == ("contradiction", "rate")
    assert "62.50%" in finding.computation
    assert [f["id"] for f in finding.figures] == ["projects_completion_rate", "projects_completed",
                                                  "projects_approved"]
    assert finding.figures[0]["quote"] == "竣工率达到69%"


def test_one_decimal_rate_uses_one_decimal_tolerance():
    base = [fig("projects_completed", 11, "个", "11个"), fig("projects_approved", 16, "个", "16个")]
    assert audit(table(fig("projects_completion_rate", 68.8, "%", "68.8%"), *base)) == []
    assert rules(audit(table(fig("projects_completion_rate", 68.6, "%", "68.6%"), *base))) == [
        ("contradiction", "rate")]


def star_plans(year, counts, rate=None):
    names = ["five", "four", "three", "two"]
    rows = [fig(f"branches_plan_{year}_{n}_star", c, "个", f"{c}个", year=year)
            for n, c in zip(names, counts, strict=False) if c is not None]
    if rate is not None:
        rows.append(fig("branches_target_three_star_plus_rate", rate, "%", f"创建率达{rate}%", year=year))
    return rows


def test_target_rate_reached_by_the_plan():
    # (5 + 10 + 8) / 24 = 95.83 % ≥ 95 %
    t = table(fig("villages_total", 24, "个", "24个村"), *star_plans(2024, [5, 10, 8], rate=95))
    assert [f for f in audit(t) if f.rule == "rate"] == []


def test_target_rate_not_reached_by_the_plan():
    # (5 + 10 + 6) / 24 = 87.50 % < 95 %
    t = table(fig("villages_total", 24, "个", "24个村"), *star_plans(2024, [5, 10, 6], rate=95))
    (finding,) = [f for f in audit(t) if f.rule == "rate"]
    assert finding.severity == "contradiction"
    assert "87.50%" in finding.computation


def test_implied_denominator_is_a_note():
    t = table(fig("land_transfer_rate", 77.3, "%", "流转率达77.3%"), fig("land_transfer_area", 21000, "亩", "2.1万亩"))
    (finding,) = audit(t)
    assert (finding.severity, finding.rule) == ("note", "implied")
    assert "27,166.88 亩" in finding.message
    assert "26,502.91–27,831.72 亩" in finding.computation
    assert audit(table(fig("land_transfer_rate", 77.3, "%", "流转率达77.3%"))) == []


def test_percentage_above_100_is_a_contradiction():
    assert audit(table(fig("town_facade_progress", 90, "%", "改造完成率90%", label="外立面改造完成率"))) == []
    assert rules(audit(table(fig("town_facade_share", 120, "%", "占比120%", label="外立面改造占比")))) == [
        ("contradiction", "percent_range")]
    assert audit(table(fig("town_facade_growth", 120, "%", "增长120%", label="同比增长"))) == []


# ---------------------------------------------------------------- subsets
def test_subset_within_its_whole():
    t = table(fig("loans_new_households", 248, "户", "248户"), fig("loans_total_count", 280, "笔", "280笔"))
    assert audit(t) == []


def test_subset_larger_than_its_whole():
    t = table(fig("loans_new_households", 290, "户", "290户"), fig("loans_total_count", 280, "笔", "280笔"))
    (finding,) = audit(t)
    assert (finding.severity, finding.rule) == ("contradiction", "subset")
    assert finding.computation == "290 > 280 (by 10)"


def test_subset_whole_with_at_least_bound_is_not_flagged():
    t = table(fig("liaison_poor_households_visited", 600, "户", "600户"),
              fig("liaison_households", 500, "户", "500余户", bound="at_least"))
    assert audit(t) == []


# ---------------------------------------------------------------- parts and wholes
def test_star_plan_covering_every_village():
    t = table(fig("villages_total", 24, "个", "24个村"), *star_plans(2023, [1, 5, 17, 1]))
    assert audit(t) == []


def test_star_plan_short_of_the_villages_is_a_warning():
    t = table(fig("villages_total", 24, "个", "24个村"), *star_plans(2022, [None, 1, 5, 17]))
    (finding,) = audit(t)
    assert (finding.severity, finding.rule) == ("warning", "parts_whole")
    assert finding.computation == "1 + 5 + 17 = 23 vs 24"
    assert "2022" in finding.message


def test_star_plan_exceeding_the_villages_is_a_contradiction():
    t = table(fig("villages_total", 24, "个", "24个村"), *star_plans(2022, [None, 2, 6, 17]))
    assert rules(audit(t)) == [("contradiction", "parts_whole")]


# ---------------------------------------------------------------- same quantity
def test_same_quantity_stated_twice_alike():
    t = table(fig("villages_total", 24, "个", "潭头镇24个村"), fig("equity_quantified_villages", 24, "个", "全镇24个村"))
    assert audit(t) == []


def test_same_quantity_stated_twice_differently():
    t = table(fig("villages_total", 24, "个", "潭头镇24个村"), fig("equity_quantified_villages", 23, "个", "全镇23个村"))
    (finding,) = audit(t)
    assert (finding.severity, finding.rule) == ("contradiction", "same_quantity")
    assert finding.computation == "24 ≠ 23"


def test_target_count_against_the_plans_of_that_year():
    plans = star_plans(2023, [1, 5, 17, 1])
    agree = fig("branches_target_2023_three_star_plus_villages", 23, "个", "23个村", year=2023)
    differ = fig("branches_target_2023_three_star_plus_villages", 18, "个", "18个村", year=2023)
    assert [f for f in audit(table(agree, *plans)) if f.rule == "same_quantity"] == []
    (finding,) = [f for f in audit(table(differ, *plans)) if f.rule == "same_quantity"]
    assert finding.computation == "18 ≠ 1 + 5 + 17"
    assert finding.severity == "contradiction"  # all stated as actuals here


def test_a_target_differing_from_a_plan_is_a_warning():
    plans = [dict(p, kind="plan") for p in star_plans(2023, [1, 5, 17, 1])]
    target = fig("branches_target_2023_three_star_plus_villages", 18, "个", "18个村", year=2023, kind="target")
    (finding,) = [f for f in audit(table(target, *plans)) if f.rule == "same_quantity"]
    assert (finding.severity, finding.computation) == ("warning", "18 ≠ 1 + 5 + 17")


def test_same_label_with_different_values_is_a_note_without_declaration():
    drafted = [dict(fig("a_count", 5, "个", "5个", label="样板村"), indicator=""),
               dict(fig("b_count", 6, "个", "6个", label="样板村"), indicator="")]
    assert rules(audit(table(*drafted))) == [("note", "shared_label")]
    # two indicator keys say they are two quantities
    t = table(fig("a_count", 5, "个", "5个", label="样板村"), fig("b_count", 6, "个", "6个", label="样板村"))
    assert audit(t) == []
    t = table(fig("a_count", 5, "个", "5个", label="样板村"), fig("b_count", 5, "个", "五个", label="样板村"))
    assert audit(t) == []


# ---------------------------------------------------------------- per-unit ratios
def test_average_loan_within_the_policy_limit():
    # 11,465,000 / 248 = 46,229.84 元 ≤ 50,000 元
    t = table(fig("loans_new_amount", 11465000, "元", "1146.5万元"), fig("loans_new_households", 248, "户", "248户"))
    assert audit(t) == []


def test_average_loan_above_the_policy_limit():
    # 13,000,000 / 248 = 52,419.35 元 > 50,000 元
    t = table(fig("loans_new_amount", 13000000, "元", "1300万元"), fig("loans_new_households", 248, "户", "248户"))
    (finding,) = audit(t)
    assert (finding.severity, finding.rule) == ("warning", "per_unit")
    assert "52,419.35 元/户" in finding.message


def test_household_size_range():
    ok = table(fig("population_total", 28958, "人", "28958人"), fig("households_total", 7265, "户", "7265户"))
    assert audit(ok) == []  # 3.99 persons
    bad = table(fig("population_total", 28958, "人", "28958人"), fig("households_total", 3000, "户", "3000户"))
    (finding,) = audit(bad)
    assert "9.65 人/户" in finding.message and finding.severity == "warning"


def test_group_household_size_far_from_the_town_is_a_note():
    town = [fig("population_total", 28958, "人", "28958人"), fig("households_total", 7265, "户", "7265户")]
    # 21,270 / 7,618 = 2.79 vs 28,958 / 7,265 = 3.99 persons: −30.0 %, beyond 25 %
    far = table(*town, fig("liaison_people", 21270, "名", "21270名"), fig("liaison_households", 7618, "户", "7618户"))
    (finding,) = [f for f in audit(far) if f.rule == "per_unit"]
    assert finding.severity == "note"
    assert "-30.0%" in finding.message
    # 27,000 / 7,000 = 3.86: −3.2 %
    near = table(*town, fig("liaison_people", 27000, "名", "27000名"), fig("liaison_households", 7000, "户", "7000户"))
    assert audit(near) == []


def test_subsidy_per_recipient_against_the_lpr():
    ok = table(fig("loan_subsidy_amount", 304126, "元", "30.4126万元"), fig("loan_subsidy_recipients", 190, "人", "190人"))
    assert audit(ok, lpr_max=3.8) == []  # 1,600.66 ≤ 50,000 × 3.8 % = 1,900
    high = table(fig("loan_subsidy_amount", 400000, "元", "40万元"), fig("loan_subsidy_recipients", 190, "人", "190人"))
    (finding,) = audit(high, lpr_max=3.8)
    assert "2,105.26 元" in finding.computation and "1,900.00 元" in finding.computation
    assert audit(high) == []  # no LPR, no check


def test_lpr_max_for_year_reads_the_reference_table():
    assert lpr_max_for_year(2022) == 3.80  # 3.80 % in force until 2022-01-20
    assert lpr_max_for_year(2023) == 3.65


# ---------------------------------------------------------------- listed names
SOURCE = "截至目前我镇共有达标村5个（纸房、官地、垢峪、古城、赵庄），其中。利用资金在石门村、垢峪村、秋林村等3个村布局。"


def test_listed_names_matching_the_count():
    t = table(fig("villages_standard_count", 5, "个", "达标村5个"), fig("industry_herb_villages", 3, "个", "等3个村"))
    assert audit(t, source_text=SOURCE) == []


def test_listed_names_not_matching_the_count():
    source = SOURCE.replace("达标村5个", "达标村6个").replace("等3个村", "等4个村")
    t = table(fig("villages_standard_count", 6, "个", "达标村6个"), fig("industry_herb_villages", 4, "个", "等4个村"))
    found = audit(t, source_text=source)
    assert rules(found) == [("contradiction", "listed_names"), ("note", "listed_names")]
    assert found[0].computation == "（纸房、官地、垢峪、古城、赵庄） → 5 names vs 6 个"


# ---------------------------------------------------------------- the real 2022 report
@pytest.fixture(scope="module")
def findings_2022():
    from tanto_analysis.analysis.audit.auditor import audit_year

    return audit_year(2022)


def test_2022_findings_carry_their_quotes(findings_2022):
    source = read_text(paths.source_path(2022))
    assert findings_2022
    for finding in findings_2022:
        assert finding.figures
        for cited in finding.figures:
            assert cited["quote"] and cited["quote"] in source


def test_2022_known_findings(findings_2022):
    by_rule = {(f.rule, tuple(c["id"] for c in f.figures)): f for f in findings_2022}
    liaison = by_rule[("subset", ("liaison_households", "households_total"))]
    assert liaison.computation == "7,618 > 7,265 (by 353)"
    plan = by_rule[("parts_whole", ("branches_plan_2022_four_star", "branches_plan_2022_three_star",
                                    "branches_plan_2022_two_star", "villages_total"))]
    assert plan.severity == "warning" and plan.computation == "1 + 5 + 17 = 23 vs 24"
    flagged = {c["id"] for f in findings_2022 for c in f.figures}
    # 69 % = 11/16 within rounding; 46,229.84 元 per new loan household ≤ 50,000 元
    assert "projects_completion_rate" not in flagged
    assert "loans_new_amount" not in flagged


def test_a_rule_that_breaks_is_a_warning_naming_its_figures_and_the_others_still_run():
    from tanto_analysis.analysis.audit.rules import Subset

    class Broken(Subset):
        def findings(self, figs, context):
            raise ZeroDivisionError("float division by zero")

    t = table(fig("liaison_households", 7618, "户", "7618户"), fig("households_total", 7265, "户", "7265户"))
    found = audit(t, rules=(Broken("liaison_households", "households_total"),
                            Subset("liaison_households", "households_total")))
    assert rules(found) == [("contradiction", "subset"), ("warning", "subset")]
    broken = found[1]
    assert broken.message == ("the subset rule could not be checked on liaison_households, households_total: "
                              "ZeroDivisionError: float division by zero")
    assert [c["id"] for c in broken.figures] == ["liaison_households", "households_total"]
