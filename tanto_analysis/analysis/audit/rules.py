"""The audit's rules among counts and shares: each kind a small frozen dataclass with its check.

A rule names figures by term (an indicator key, ``key@{year}`` or ``sum:<regex>``; ``{year}`` stands for
each year in the table) and finds nothing when its figures are missing, so the
declarations (:mod:`tanto_analysis.analysis.audit.declared`) apply to any
year's table.  Ratios with a plausible range are in
:mod:`tanto_analysis.analysis.audit.ratio_rules`; a quantity stated twice or
beside a list of names in :mod:`tanto_analysis.analysis.audit.statement_rules`.  Every example below uses
figures whose interval is their exact value unless it says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .finding import AuditContext, Finding, Rule
from .terms import (
    Figure,
    cite_terms,
    format_number,
    lookup,
    resolve_term,
    resolve_terms,
    term_years,
)

__all__ = ["Implied", "PartsWhole", "PercentRange", "Rate", "Subset"]


@dataclass(frozen=True)
class Rate(Rule):
    """A rate in % against its own numerator and denominator.

    Parameters
    ----------
    rate : str
        The rate's id (% as 0–100).
    numerator, denominator : tuple of str
        Terms whose sums are the numerator and the denominator.
    how : str
        ``equal``: the rate must equal 100 × numerator ÷ denominator;
        ``at_least``: the ratio must reach the rate (a target such as 创建率达95%).
    year_from : str, optional
        A figure whose year replaces ``{year}`` (default: every year in the table).

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {f.id: f for f in (Figure("rate", 69.0, "%", "69%", "", 2022, 68.5, 69.5),
    ...                           Figure("done", 10.0, "个", "10个", "", 2022, 10.0, 10.0),
    ...                           Figure("all", 16.0, "个", "16个", "", 2022, 16.0, 16.0))}
    >>> [f.computation for f in Rate("rate", ("done",), ("all",)).findings(figs, AuditContext())]
    ['(10) / (16) × 100 = 62.50%; stated 69%']
    >>> Rate("rate", ("done",), ("all",), how="about")
    Traceback (most recent call last):
    ValueError: Rate: how must be one of 'equal', 'at_least', not 'about'
    """

    rule = "rate"
    rate: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    how: str = "equal"
    year_from: str | None = None

    def __post_init__(self) -> None:
        self._check_ids("rate")
        self._check_terms("numerator")
        self._check_terms("denominator")
        self._check_one_of("how", ("equal", "at_least"))

    def terms(self) -> tuple[str, ...]:
        return (self.rate, *self.numerator, *self.denominator)

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        found = []
        if self.year_from and lookup(figs, self.year_from) is not None:
            years = [lookup(figs, self.year_from).year]
        else:
            years = term_years(self.numerator + self.denominator, figs)
        for year in years:
            rate = resolve_term(self.rate, figs, year)
            num = resolve_terms(self.numerator, figs, year)
            den = resolve_terms(self.denominator, figs, year)
            if rate is None or num is None or den is None or den.low <= 0:
                continue
            ratio = 100 * num.value / den.value
            r_low, r_high = 100 * num.low / den.high, 100 * num.high / den.low
            computation = f"({num.text}) / ({den.text}) × 100 = {ratio:.2f}%; stated {format_number(rate.value)}%"
            if self.how == "equal":
                ok = r_high >= rate.low and r_low <= rate.high
                message = f"{self.rate} is {format_number(rate.value)}% but its own figures give {ratio:.2f}%"
                zh = f"{rate.figures[0].name}为{format_number(rate.value)}%，但按其分子分母计算为{ratio:.2f}%"
            else:
                ok = r_high >= rate.low
                message = f"{self.rate} aims at {format_number(rate.value)}% but the plan reaches only {ratio:.2f}%"
                zh = f"{rate.figures[0].name}目标为{format_number(rate.value)}%，但计划只达到{ratio:.2f}%"
            if not ok:
                found.append(Finding("contradiction", self.rule, message, computation,
                                     cite_terms(rate, num, den), zh))
        return found


@dataclass(frozen=True)
class Implied(Rule):
    """A rate whose other side is not published: a note with the implied value.

    Parameters
    ----------
    rate : str
        The rate's id (% as 0–100).
    known : str
        The published side's id.
    role : str
        ``numerator`` (the denominator is implied: known ÷ rate) or
        ``denominator`` (the numerator is implied: known × rate).

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {f.id: f for f in (Figure("rate", 50.0, "%", "50%", "", 2022, 49.5, 50.5),
    ...                           Figure("area", 100.0, "亩", "100亩", "", 2022, 100.0, 100.0))}
    >>> [f.message for f in Implied("rate", "area", "numerator").findings(figs, AuditContext())]
    ['rate: the denominator is not published; implied 200 亩']
    """

    rule = "implied"
    rate: str
    known: str
    role: str

    def __post_init__(self) -> None:
        self._check_ids("rate", "known")
        self._check_one_of("role", ("numerator", "denominator"))

    def terms(self) -> tuple[str, ...]:
        return (self.rate, self.known)

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        rate, known = lookup(figs, self.rate), lookup(figs, self.known)
        if rate is None or known is None or rate.value == 0:
            return []
        if self.role == "numerator":
            implied = known.value / (rate.value / 100)
            low, high = known.low / (rate.high / 100), known.high / (rate.low / 100)
            computation = (f"{format_number(known.value)} {known.unit} / {format_number(rate.value)}% = "
                           f"{format_number(implied)} {known.unit}")
            what, what_zh = "denominator", "分母"
        else:
            implied = known.value * rate.value / 100
            low, high = known.low * rate.low / 100, known.high * rate.high / 100
            computation = (f"{format_number(known.value)} {known.unit} × {format_number(rate.value)}% = "
                           f"{format_number(implied)} {known.unit}")
            what, what_zh = "numerator", "分子"
        computation += f"; the stated rounding allows {format_number(low)}–{format_number(high)} {known.unit}"
        message = f"{self.rate}: the {what} is not published; implied {format_number(implied)} {known.unit}"
        zh = f"{rate.name}的{what_zh}未公布，推算约为{format_number(implied)}{known.unit}"
        return [Finding("note", self.rule, message, computation, [rate.cite(), known.cite()], zh)]


#: Words that make a percentage a change or a completion, which may exceed 100 % (增长227%, 完成计划的120%).
_CHANGE_OR_COMPLETION = re.compile(r"增长|增幅|增速|增加|提高|上涨|上升|下降|降幅|减少|回落|同比|比上年|较上年|"
                                   r"翻|超|完成|为.*的|达到.*的")
#: Words that make a percentage a share of a whole, which cannot exceed 100 % (占, 比重, 覆盖率, 参保率 …).
_SHARE = re.compile(r"占|比重|比例|覆盖|率")


@dataclass(frozen=True)
class PercentRange(Rule):
    """A share in % lies within 0–100 %; needs no declaration of figures.

    Only a share is certain to: a growth rate (增长227%) or a completion
    (完成计划的120%) may exceed 100 %, so a percentage whose label or quote
    says so is not checked.  Outside 0–100 %, a share (占, 比重, 比例, 覆盖,
    …率) is a contradiction; a percentage that says neither is a note, for
    review.

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {"x": Figure("x", 120.0, "%", "覆盖率120%", "", 2022, 119.5, 120.5),
    ...         "g": Figure("g", 227.0, "%", "227%", "", 2022, 226.5, 227.5, label="同比增长")}
    >>> [(f.severity, f.message) for f in PercentRange().findings(figs, AuditContext())]
    [('contradiction', 'x is 120%, outside 0–100%')]
    """

    rule = "percent_range"

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        found = []
        for fig in figs.values():
            words = f"{fig.label}{fig.quote}"
            if fig.unit != "%" or 0 <= fig.value <= 100 or _CHANGE_OR_COMPLETION.search(words):
                continue
            found.append(Finding("contradiction" if _SHARE.search(words) else "note", self.rule,
                                 f"{fig.id} is {format_number(fig.value)}%, outside 0–100%",
                                 f"{format_number(fig.value)} ∉ [0, 100]", [fig.cite()],
                                 f"{fig.name}为{format_number(fig.value)}%，超出0–100%"))
        return found


@dataclass(frozen=True)
class Subset(Rule):
    """A part cannot exceed its whole.

    Parameters
    ----------
    part, whole : str
        Terms for the part and the whole, in the same unit of count.

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {f.id: f for f in (Figure("new", 290.0, "户", "290户", "", 2022, 290.0, 290.0),
    ...                           Figure("all", 280.0, "笔", "280笔", "", 2022, 280.0, 280.0))}
    >>> [f.computation for f in Subset("new", "all").findings(figs, AuditContext())]
    ['290 > 280 (by 10)']
    """

    rule = "subset"
    part: str
    whole: str

    def __post_init__(self) -> None:
        self._check_ids("part", "whole")

    def terms(self) -> tuple[str, ...]:
        return (self.part, self.whole)

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        found = []
        for year in term_years(self.terms(), figs):
            part, whole = resolve_term(self.part, figs, year), resolve_term(self.whole, figs, year)
            if part is None or whole is None or part.low <= whole.high:
                continue
            p, w = part.figures[0], whole.figures[0]
            found.append(Finding(
                "contradiction", self.rule,
                f"{p.id} ({format_number(part.value)} {p.unit}) exceeds its whole {w.id} "
                f"({format_number(whole.value)} {w.unit})",
                f"{part.text} > {whole.text} (by {format_number(part.value - whole.value)})", cite_terms(part, whole),
                f"{p.name}（{format_number(part.value)}{p.unit}）大于其总体{w.name}（{format_number(whole.value)}{w.unit}）"))
        return found


@dataclass(frozen=True)
class PartsWhole(Rule):
    """Parts that should add up to their whole: a warning when short, a contradiction when over.

    Parameters
    ----------
    parts : tuple of str
        Terms for the parts.
    whole : str
        The whole's term.
    what_en, what_zh : str
        What the relation means, in English and Chinese (``{year}`` allowed).

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {f.id: f for f in (Figure("a", 5.0, "个", "5个", "", 2022, 5.0, 5.0),
    ...                           Figure("b", 18.0, "个", "18个", "", 2022, 18.0, 18.0),
    ...                           Figure("all", 24.0, "个", "24个", "", 2022, 24.0, 24.0))}
    >>> [(f.severity, f.computation) for f in
    ...  PartsWhole(("a", "b"), "all", "a and b", "甲与乙").findings(figs, AuditContext())]
    [('warning', '5 + 18 = 23 vs 24')]
    """

    rule = "parts_whole"
    parts: tuple[str, ...]
    whole: str
    what_en: str
    what_zh: str

    def __post_init__(self) -> None:
        self._check_terms("parts")
        self._check_ids("whole", "what_en", "what_zh")

    def terms(self) -> tuple[str, ...]:
        return (*self.parts, self.whole)

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        found = []
        for year in term_years(self.terms(), figs):
            parts, whole = resolve_terms(self.parts, figs, year), resolve_term(self.whole, figs, year)
            if parts is None or whole is None or (parts.high >= whole.low and parts.low <= whole.high):
                continue
            label_zh = self.what_zh.replace("{year}", str(year))
            found.append(Finding(
                "contradiction" if parts.low > whole.high else "warning", self.rule,
                f"{self.what_en.replace('{year}', str(year))}: parts sum to {format_number(parts.value)}, "
                f"whole is {format_number(whole.value)}",
                f"{parts.text} = {format_number(parts.value)} vs {whole.text}", cite_terms(parts, whole),
                f"各部分合计{format_number(parts.value)}，而总体{whole.figures[0].name}为{format_number(whole.value)}"
                f"（{label_zh}）"))
        return found
