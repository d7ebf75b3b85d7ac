"""The audit's rules, declared as data: which published figures relate, and how.

Each relation names figures by id, so it applies to any year's table that
uses the same ids; a relation whose figures are missing is skipped.  A term is
either an id or ``sum:<regex>`` (the sum of every figure whose id matches);
``{year}`` in a term is replaced by each year present in the table.  The
engine that evaluates them is :mod:`tanto_analysis.analysis.audit.engine`; the rules are
documented in ``docs/audit.md``.  To add a rule for a new figure, add its ids
here; no code changes.
"""

from __future__ import annotations

__all__ = [
    "APPROX_TOLERANCE", "HOUSEHOLD_SIZE_NOTE", "HOUSEHOLD_SIZE_PAIRS",
    "HOUSEHOLD_SIZE_RANGE", "IMPLIED", "PARTS_WHOLES", "PER_UNIT", "RATES", "SAME_QUANTITY",
    "SEVERITIES", "SUBSETS", "SUBSIDY", "TOWN_HOUSEHOLD",
]

SEVERITIES: tuple[str, ...] = ("contradiction", "warning", "note")

#: Relative half-width allowed for 近/约/左右 figures.
APPROX_TOLERANCE = 0.10

# ---------------------------------------------------------------- relations
#: (rate id, numerator terms, denominator terms, how): the rate in % must equal
#: 100 × numerator ÷ denominator (``equal``), or the ratio must reach the rate
#: (``at_least``, for targets such as 创建率达95%).
RATES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, str | None], ...] = (
    ("projects_completion_rate", ("projects_completed",), ("projects_approved",), "equal", None),
    ("branches_target_three_star_plus_rate",
     ("sum:^branches_plan_{year}_(three|four|five)_star$",), ("villages_total",), "at_least",
     "branches_target_three_star_plus_rate"),
)

#: (rate id, known figure, role of the known figure): a rate whose other side
#: is not published; the audit notes the implied value.
IMPLIED: tuple[tuple[str, str, str], ...] = (
    ("land_transfer_rate", "land_transfer_area", "numerator"),
    ("projects_funds_disbursed_rate", "projects_funds", "denominator"),
)

#: (part, whole): a subset cannot exceed its whole.
SUBSETS: tuple[tuple[str, str], ...] = (
    ("loans_new_households", "loans_total_count"),
    ("loan_subsidy_recipients", "loans_total_count"),
    ("monitoring_new_households", "households_total"),
    ("monitoring_new_people", "population_total"),
    ("risk_eliminated_households", "households_total"),
    ("risk_eliminated_people", "population_total"),
    ("risk_remaining_households", "households_total"),
    ("risk_remaining_people", "population_total"),
    ("housing_safety_assessed_households", "households_total"),
    ("housing_dilapidated_renovated_households", "housing_safety_assessed_households"),
    ("leaders_households_linked", "households_total"),
    ("liaison_households", "households_total"),
    ("liaison_people", "population_total"),
    ("liaison_poor_households_visited", "liaison_households"),
    ("projects_completed", "projects_approved"),
    ("idle_resources_traded", "idle_resources_listed"),
    ("talent_tracked_returnees", "talent_database_count"),
    ("talent_projects_landed", "talent_projects_planned"),
    ("talent_investment_completed", "talent_investment_planned"),
    ("town_projects_key_2022", "town_projects_planned"),
    ("equity_quantified_villages", "villages_total"),
    ("villages_standard_count", "villages_total"),
    ("model_villages_count", "villages_total"),
    ("lagging_villages_count", "villages_total"),
    ("mentoring_secretary_pairs", "villages_total"),
    ("mentoring_branch_pairs", "villages_total"),
    ("operation_villages_operated", "villages_total"),
    ("industry_herb_villages", "villages_total"),
    ("talent_demo_villages_agritourism", "villages_total"),
    ("inspections_villages_rewarded", "villages_total"),
    ("inspections_villages_criticised", "villages_total"),
    ("branches_target_{year}_three_star_plus_villages", "villages_total"),
)

#: (parts, whole, what, 中文): parts that should add up to the whole, e.g.
#: one star level planned for every village's party branch.
PARTS_WHOLES: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("sum:^branches_plan_{year}_[a-z]+_star$",), "villages_total",
     "star-branch plan for {year} should give every village's branch a level",
     "{year}年星级支部计划应覆盖每个村的支部"),
    (("model_villages_count", "lagging_villages_count"), "mentoring_branch_pairs",
     "model and lagging villages together form the 样板带后进 pairs",
     "样板村与后进村合起来即“样板带后进”结对村"),
)

#: (terms a, terms b, what, 中文): the same quantity stated twice.
SAME_QUANTITY: tuple[tuple[tuple[str, ...], tuple[str, ...], str, str], ...] = (
    (("villages_total",), ("equity_quantified_villages",), "the town's villages (全镇…个村)", "全镇村数"),
    (("branches_target_{year}_three_star_plus_villages",),
     ("sum:^branches_plan_{year}_(three|four|five)_star$",),
     "villages at three stars or better by the end of {year}", "{year}年底达到三星及以上的村数"),
)

#: (numerator, denominator, low, high, unit, why, severity).
PER_UNIT: tuple[tuple[str, str, float, float, str, str, str], ...] = (
    ("loans_new_amount", "loans_new_households", 0.0, 50_000.0, "元/户",
     "average new loan against the 50,000 元 limit of a poverty-alleviation microloan", "warning"),
    ("population_total", "households_total", 2.0, 6.0, "人/户",
     "town household size against a plausible 2–6 persons", "warning"),
)

#: (people, households): groups whose household size is compared with the
#: plausible range and with the town's own average.
HOUSEHOLD_SIZE_PAIRS: tuple[tuple[str, str], ...] = (
    ("monitoring_new_people", "monitoring_new_households"),
    ("risk_eliminated_people", "risk_eliminated_households"),
    ("risk_remaining_people", "risk_remaining_households"),
    ("liaison_people", "liaison_households"),
)
TOWN_HOUSEHOLD = ("population_total", "households_total")
HOUSEHOLD_SIZE_RANGE = (2.0, 6.0)
#: A group's household size this far (relative) from the town's is a note.
HOUSEHOLD_SIZE_NOTE = 0.25

#: Subsidy per recipient cannot exceed a full year's interest at the highest
#: 1-year LPR of the year on the largest microloan.
SUBSIDY = ("loan_subsidy_amount", "loan_subsidy_recipients", 50_000.0)
