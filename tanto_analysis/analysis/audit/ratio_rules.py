"""The audit's per-unit rules: a ratio of two figures against a plausible range or a cap.

Each kind is a small frozen dataclass below
:class:`~tanto_analysis.analysis.audit.finding.Rule`; all findings carry the rule
id ``per_unit``.  The declared instances are in
:mod:`tanto_analysis.analysis.audit.declared`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .finding import SEVERITIES, AuditContext, Finding, Rule
from .terms import Figure, format_number, lookup

__all__ = ["HouseholdSize", "PerUnit", "SubsidyCap"]


@dataclass(frozen=True)
class PerUnit(Rule):
    """A ratio of two figures within a plausible range.

    Parameters
    ----------
    numerator, denominator : str
        Figure ids.
    low, high : float
        The plausible range of numerator ÷ denominator, in ``unit``.
    unit : str
        The ratio's unit, e.g. ``元/户`` or ``人/户``.
    why : str
        What the range stands for, in English (starts the message).
    severity : str
        ``contradiction``, ``warning`` or ``note``.

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {f.id: f for f in (Figure("people", 28958.0, "人", "28958人", "", 2022, 28958.0, 28958.0),
    ...                           Figure("households", 3000.0, "户", "3000户", "", 2022, 3000.0, 3000.0))}
    >>> rule = PerUnit("people", "households", 2.0, 6.0, "人/户", "household size", "warning")
    >>> [f.message for f in rule.findings(figs, AuditContext())]
    ['household size: 9.65 人/户 is outside 2–6 人/户']
    >>> PerUnit("people", "households", 6.0, 2.0, "人/户", "household size", "warning")
    Traceback (most recent call last):
    ValueError: PerUnit: low (6.0) must not exceed high (2.0)
    """

    rule = "per_unit"
    numerator: str
    denominator: str
    low: float
    high: float
    unit: str
    why: str
    severity: str = "warning"

    def __post_init__(self) -> None:
        self._check_ids("numerator", "denominator", "unit", "why")
        if not self.low <= self.high:
            raise ValueError(f"{type(self).__name__}: low ({self.low}) must not exceed high ({self.high})")
        self._check_one_of("severity", SEVERITIES)

    def terms(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator)

    def ratio(self, figs: dict[str, Figure]) -> tuple[float | None, list[Finding]]:
        """The ratio, and a finding if no values within the figures' rounding fall in the range.

        Parameters
        ----------
        figs : dict of str to Figure
            The year's figures, keyed by id.

        Returns
        -------
        tuple
            numerator ÷ denominator in ``unit`` (None when a figure is missing
            or the denominator is 0), and a list of at most one finding.
        """
        num, den = lookup(figs, self.numerator), lookup(figs, self.denominator)
        if num is None or den is None or den.value == 0:
            return None, []
        ratio = num.value / den.value
        r_low = num.low / den.high if den.high else 0.0
        r_high = num.high / den.low if den.low > 0 else math.inf
        if r_high >= self.low and r_low <= self.high:
            return ratio, []
        low, high, unit = format_number(self.low), format_number(self.high), self.unit
        return ratio, [Finding(
            self.severity, self.rule, f"{self.why}: {ratio:,.2f} {unit} is outside {low}–{high} {unit}",
            f"{format_number(num.value)} / {format_number(den.value)} = {ratio:,.2f} {unit}", [num.cite(), den.cite()],
            f"{num.name}÷{den.name} = {ratio:,.2f}{unit}，超出合理范围{low}–{high}{unit}")]

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        return self.ratio(figs)[1]


@dataclass(frozen=True)
class HouseholdSize(Rule):
    """A group's household size: within a plausible range, and near the town's own.

    A size outside ``low``–``high`` persons is a warning (as :class:`PerUnit`);
    one further than ``note_beyond`` (relative) from the town's average is a note.

    Parameters
    ----------
    people, households : str
        The group's people (人) and households (户) ids.
    town_people, town_households : str
        The town's people and households ids.
    low, high : float
        The plausible household size, persons per household.
    note_beyond : float
        Relative difference from the town's size that makes a note (0.25 = 25 %).

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {f.id: f for f in (
    ...     Figure("population_total", 28958.0, "人", "28958人", "", 2022, 28958.0, 28958.0),
    ...     Figure("households_total", 7265.0, "户", "7265户", "", 2022, 7265.0, 7265.0),
    ...     Figure("people", 21270.0, "名", "21270名", "", 2022, 21270.0, 21270.0),
    ...     Figure("households", 7618.0, "户", "7618户", "", 2022, 7618.0, 7618.0))}
    >>> [f.message for f in HouseholdSize("people", "households").findings(figs, AuditContext())]
    ["household size of households (2.79) differs from the town's (3.99) by -30.0%"]
    """

    rule = "per_unit"
    people: str
    households: str
    town_people: str = "population_total"
    town_households: str = "households_total"
    low: float = 2.0
    high: float = 6.0
    note_beyond: float = 0.25

    def __post_init__(self) -> None:
        self._check_ids("people", "households", "town_people", "town_households")
        if not self.low <= self.high:
            raise ValueError(f"{type(self).__name__}: low ({self.low}) must not exceed high ({self.high})")
        if not self.note_beyond > 0:
            raise ValueError(f"{type(self).__name__}: note_beyond must be positive, not {self.note_beyond!r}")

    def terms(self) -> tuple[str, ...]:
        return (self.people, self.households, self.town_people, self.town_households)

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        size, found = PerUnit(self.people, self.households, self.low, self.high, "人/户",
                              f"household size of {self.households}", "warning").ratio(figs)
        tp, th = lookup(figs, self.town_people), lookup(figs, self.town_households)
        if size is None or tp is None or th is None or not th.value:
            return found
        town = tp.value / th.value
        if abs(size / town - 1) <= self.note_beyond:
            return found
        p, h = lookup(figs, self.people), lookup(figs, self.households)
        return [*found, Finding(
            "note", self.rule,
            f"household size of {self.households} ({size:.2f}) differs from the town's ({town:.2f}) "
            f"by {100 * (size / town - 1):+.1f}%",
            f"{format_number(p.value)} / {format_number(h.value)} = {size:.2f} 人/户 vs "
            f"{format_number(tp.value)} / {format_number(th.value)} = {town:.2f} 人/户",
            [p.cite(), h.cite(), tp.cite(), th.cite()],
            f"{h.name}的户均人数{size:.2f}与全镇平均{town:.2f}相差{100 * (size / town - 1):+.1f}%")]


@dataclass(frozen=True)
class SubsidyCap(Rule):
    """Interest subsidy per recipient at most a year's interest on the largest loan at the year's highest LPR.

    Skipped when the year's LPR is unknown (:class:`AuditContext` ``lpr_max``).

    Parameters
    ----------
    amount : str
        The subsidy paid (元) id.
    recipients : str
        The recipients' id.
    loan_limit_yuan : float
        The largest loan a recipient can hold, 元.

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {f.id: f for f in (Figure("paid", 400000.0, "元", "40万元", "", 2022, 400000.0, 400000.0),
    ...                           Figure("got", 190.0, "人", "190人", "", 2022, 190.0, 190.0))}
    >>> [f.computation for f in SubsidyCap("paid", "got", 50_000.0).findings(figs, AuditContext(lpr_max=3.8))]
    ['400,000 / 190 = 2,105.26 元 > 50,000 × 3.80% = 1,900.00 元']
    """

    rule = "per_unit"
    amount: str
    recipients: str
    loan_limit_yuan: float = 50_000.0

    def __post_init__(self) -> None:
        self._check_ids("amount", "recipients")
        if not self.loan_limit_yuan > 0:
            raise ValueError(f"{type(self).__name__}: loan_limit_yuan must be positive, not {self.loan_limit_yuan!r}")

    def terms(self) -> tuple[str, ...]:
        return (self.amount, self.recipients)

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        lpr_max, limit = context.lpr_max, self.loan_limit_yuan
        amount, recipients = lookup(figs, self.amount), lookup(figs, self.recipients)
        if lpr_max is None or amount is None or recipients is None or not recipients.value:
            return []
        per = amount.value / recipients.value
        cap = limit * lpr_max / 100
        if amount.low / recipients.high <= cap:
            return []
        return [Finding(
            "warning", self.rule,
            f"subsidy per recipient {per:,.2f} 元 exceeds a year's interest on a {format_number(limit)} 元 loan "
            f"at the year's highest 1-year LPR ({lpr_max:.2f}%)",
            f"{format_number(amount.value)} / {format_number(recipients.value)} = {per:,.2f} 元 > "
            f"{format_number(limit)} × {lpr_max:.2f}% = {cap:,.2f} 元", [amount.cite(), recipients.cite()],
            f"人均贴息{per:,.2f}元，超过{format_number(limit)}元贷款按当年最高1年期LPR（{lpr_max:.2f}%）计的全年利息")]
