"""The audit's rules, declared as data: which published figures relate, and how.

Each rule names figures by indicator key (``data/indicators.csv``), by
``key@{year}`` for one year's figure, or by ``sum:<regex>`` over indicator keys
(``{year}`` standing for each year in the table), so it applies to every
year's table, whatever its ids; a rule whose figures are missing finds nothing.  The kinds of rule and their
checks are in :mod:`tanto_analysis.analysis.audit.rules`,
:mod:`tanto_analysis.analysis.audit.ratio_rules`,
:mod:`tanto_analysis.analysis.audit.statement_rules` and
:mod:`tanto_analysis.analysis.audit.list_rules`; they are documented in
``docs/audit.md``.  To check a new figure, declare a rule here; no code changes.
The engine (:mod:`tanto_analysis.analysis.audit.auditor`) runs them in this order.
"""

from __future__ import annotations

from .finding import Rule
from .list_rules import ListedNames, ListedParts
from .ratio_rules import HouseholdSize, PerUnit, SubsidyCap
from .rules import Implied, PartsWhole, PercentRange, Rate, Subset
from .statement_rules import SameIndicator, SameQuantity, SharedLabel

__all__ = ["RULES"]

_STARS_THREE_PLUS = "sum:^branches_plan_(three|four|five)_star$@{year}"

RULES: tuple[Rule, ...] = (
    # ------------------------------------------------------------ rates
    Rate("projects_completion_rate", ("projects_completed",), ("projects_approved",)),
    Rate("branches_target_three_star_plus_rate", (_STARS_THREE_PLUS,), ("villages_total",), how="at_least",
         year_from="branches_target_three_star_plus_rate"),
    Implied("land_transfer_rate", "land_transfer_area", "numerator"),
    Implied("projects_funds_disbursed_rate", "projects_funds", "denominator"),
    PercentRange(),
    # ------------------------------------------------------------ a part cannot exceed its whole
    Subset("loans_new_households", "loans_total_count"),
    Subset("loan_subsidy_recipients", "loans_total_count"),
    Subset("monitoring_new_households", "households_total"),
    Subset("monitoring_new_people", "population_total"),
    Subset("risk_eliminated_households", "households_total"),
    Subset("risk_eliminated_people", "population_total"),
    Subset("risk_remaining_households", "households_total"),
    Subset("risk_remaining_people", "population_total"),
    Subset("housing_safety_assessed_households", "households_total"),
    Subset("housing_dilapidated_renovated_households", "housing_safety_assessed_households"),
    Subset("leaders_households_linked", "households_total"),
    Subset("liaison_households", "households_total"),
    Subset("liaison_people", "population_total"),
    Subset("liaison_poor_households_visited", "liaison_households"),
    Subset("projects_completed", "projects_approved"),
    Subset("idle_resources_traded", "idle_resources_listed"),
    Subset("talent_tracked_returnees", "talent_database_count"),
    Subset("talent_projects_landed", "talent_projects_planned"),
    Subset("talent_investment_completed", "talent_investment_planned"),
    Subset("town_projects_key", "town_projects_planned"),
    Subset("equity_quantified_villages", "villages_total"),
    Subset("villages_standard_count", "villages_total"),
    Subset("model_villages_count", "villages_total"),
    Subset("lagging_villages_count", "villages_total"),
    Subset("mentoring_secretary_pairs", "villages_total"),
    Subset("mentoring_branch_pairs", "villages_total"),
    Subset("operation_villages_operated", "villages_total"),
    Subset("industry_herb_villages", "villages_total"),
    Subset("talent_demo_villages_agritourism", "villages_total"),
    Subset("inspections_villages_rewarded", "villages_total"),
    Subset("inspections_villages_criticised", "villages_total"),
    Subset("branches_target_three_star_plus_villages@{year}", "villages_total"),
    # ------------------------------------------------------------ parts that make up a whole
    # Each village has one party branch, so a year's star plan should cover every village.
    PartsWhole(("sum:^branches_plan_[a-z]+_star$@{year}",), "villages_total",
               "star-branch plan for {year} should give every village's branch a level",
               "{year}年星级支部计划应覆盖每个村的支部"),
    PartsWhole(("model_villages_count", "lagging_villages_count"), "mentoring_branch_pairs",
               "model and lagging villages together form the 样板带后进 pairs",
               "样板村与后进村合起来即“样板带后进”结对村"),
    # ------------------------------------------------------------ the same quantity stated twice
    SameQuantity(("villages_total",), ("equity_quantified_villages",), "the town's villages (全镇…个村)", "全镇村数"),
    SameQuantity(("branches_target_three_star_plus_villages@{year}",), (_STARS_THREE_PLUS,),
                 "villages at three stars or better by the end of {year}", "{year}年底达到三星及以上的村数"),
    SameIndicator(),
    SharedLabel(),
    # ------------------------------------------------------------ per-unit ratios
    PerUnit("loans_new_amount", "loans_new_households", 0.0, 50_000.0, "元/户",
            "average new loan against the 50,000 元 limit of a poverty-alleviation microloan", "warning"),
    PerUnit("population_total", "households_total", 2.0, 6.0, "人/户",
            "town household size against a plausible 2–6 persons", "warning"),
    HouseholdSize("monitoring_new_people", "monitoring_new_households"),
    HouseholdSize("risk_eliminated_people", "risk_eliminated_households"),
    HouseholdSize("risk_remaining_people", "risk_remaining_households"),
    HouseholdSize("liaison_people", "liaison_households"),
    # A year's full interest at the year's highest 1-year LPR on the largest microloan.
    SubsidyCap("loan_subsidy_amount", "loan_subsidy_recipients", loan_limit_yuan=50_000.0),
    # ------------------------------------------------------------ lists in the text: names beside a count, parts beside a total
    ListedNames(),
    ListedParts(),
)
