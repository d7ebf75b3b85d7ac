"""Tests for tanto_analysis.analysis.audit.rules: every declared relation refers to real figures."""

import re

from tanto_analysis.analysis.audit import rules as audit_rules
from tanto_analysis.figures.published import load_published

IDS = set(load_published(2022)["id"])
YEARS = ("2022", "2023", "2024")


def _resolves(term: str) -> bool:
    candidates = [term.replace("{year}", y) for y in YEARS] if "{year}" in term else [term]
    if term.startswith("sum:"):
        return any(re.search(c[4:], i) for c in candidates for i in IDS)
    return any(c in IDS for c in candidates)


def _terms() -> list[str]:
    terms: list[str] = []
    for rate, num, den, _how, _target in audit_rules.RATES:
        terms += [rate, *num, *den]
    for rate, known, _role in audit_rules.IMPLIED:
        terms += [rate, known]
    for part, whole in audit_rules.SUBSETS:
        terms += [part, whole]
    for parts, whole, _what, _zh in audit_rules.PARTS_WHOLES:
        terms += [*parts, whole]
    for a, b, _what, _zh in audit_rules.SAME_QUANTITY:
        terms += [*a, *b]
    for num, den, *_ in audit_rules.PER_UNIT:
        terms += [num, den]
    for people, households in audit_rules.HOUSEHOLD_SIZE_PAIRS:
        terms += [people, households]
    return terms + list(audit_rules.TOWN_HOUSEHOLD) + list(audit_rules.SUBSIDY[:2])


def test_every_term_names_a_figure_of_the_2022_table():
    missing = [t for t in _terms() if not _resolves(t)]
    assert missing == []


def test_per_unit_ranges_are_ordered_and_severities_known():
    for _num, _den, low, high, _unit, _why, severity in audit_rules.PER_UNIT:
        assert low < high and severity in audit_rules.SEVERITIES
    low, high = audit_rules.HOUSEHOLD_SIZE_RANGE
    assert low < high
