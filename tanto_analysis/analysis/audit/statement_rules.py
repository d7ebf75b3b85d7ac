"""The audit's rules on statements: the same quantity stated twice, a count beside a list of names.

Each kind is a small frozen dataclass below
:class:`~tanto_analysis.analysis.audit.finding.Rule`; :class:`SameQuantity` is
declared for named figures (:mod:`tanto_analysis.analysis.audit.declared`),
:class:`SameLabel` and :class:`ListedNames` look at every figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.units import COUNT_UNITS
from .finding import AuditContext, Finding, Rule
from .listed_names import listed_names_count
from .terms import Figure, cite_terms, format_number, resolve_terms, term_years

__all__ = ["ListedNames", "SameLabel", "SameQuantity"]


def _stated_twice_severity(figures: tuple[Figure, ...]) -> str:
    """Two actuals that disagree cannot both be true; a target or plan that
    disagrees with another statement is an inconsistent plan, so a warning."""
    return "contradiction" if all(f.kind == "actual" for f in figures) else "warning"


@dataclass(frozen=True)
class SameQuantity(Rule):
    """The same quantity stated twice must agree.

    Parameters
    ----------
    first, second : tuple of str
        Terms for the two statements.
    what_en, what_zh : str
        The quantity, in English and Chinese (``{year}`` allowed).

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {f.id: f for f in (Figure("a", 24.0, "个", "24个", "", 2022, 24.0, 24.0),
    ...                           Figure("b", 23.0, "个", "23个", "", 2022, 23.0, 23.0))}
    >>> [f.message for f in SameQuantity(("a",), ("b",), "villages", "村数").findings(figs, AuditContext())]
    ['villages is stated as 24 and as 23']
    """

    rule = "same_quantity"
    first: tuple[str, ...]
    second: tuple[str, ...]
    what_en: str
    what_zh: str

    def __post_init__(self) -> None:
        self._check_terms("first")
        self._check_terms("second")
        self._check_ids("what_en", "what_zh")

    def terms(self) -> tuple[str, ...]:
        return (*self.first, *self.second)

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        found = []
        for year in term_years(self.terms(), figs):
            a, b = resolve_terms(self.first, figs, year), resolve_terms(self.second, figs, year)
            if a is None or b is None or (a.high >= b.low and a.low <= b.high):
                continue
            label, label_zh = self.what_en.replace("{year}", str(year)), self.what_zh.replace("{year}", str(year))
            found.append(Finding(
                _stated_twice_severity(a.figures + b.figures), self.rule,
                f"{label} is stated as {format_number(a.value)} and as {format_number(b.value)}",
                f"{a.text} ≠ {b.text}", cite_terms(a, b),
                f"{label_zh}两处表述不一致：{format_number(a.value)}与{format_number(b.value)}"))
        return found


@dataclass(frozen=True)
class SameLabel(Rule):
    """Figures with the same Chinese label, scope, year and unit must agree; needs no declaration.

    Its findings carry the rule id ``same_quantity``.

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {f.id: f for f in (Figure("a", 5.0, "个", "5个", "", 2022, 5.0, 5.0, label="样板村"),
    ...                           Figure("b", 6.0, "个", "6个", "", 2022, 6.0, 6.0, label="样板村"))}
    >>> [f.message for f in SameLabel().findings(figs, AuditContext())]
    ['a and b carry the same label but different values']
    """

    rule = "same_quantity"

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        by_label: dict[tuple, list[Figure]] = {}
        for fig in figs.values():
            if fig.label:
                by_label.setdefault((fig.year, fig.scope, fig.unit, fig.label), []).append(fig)
        return [Finding(_stated_twice_severity(tuple(group)), self.rule,
                        f"{group[0].id} and {group[1].id} carry the same label but different values",
                        " ≠ ".join(format_number(f.value) for f in group), [f.cite() for f in group],
                        f"同一名称“{group[0].label}”出现两个不同数值")
                for group in by_label.values() if len(group) > 1 and len({f.value for f in group}) > 1]


@dataclass(frozen=True)
class ListedNames(Rule):
    """A count against the names listed next to its quote in the report text; needs no declaration.

    A contradiction when the names do not match the count; a note when an 等
    list names fewer (等 may mean "and others").  Skipped without the text.

    Examples
    --------
    >>> from tanto_analysis.analysis.audit.terms import Figure
    >>> figs = {"n": Figure("n", 4.0, "个", "达标村4个", "", 2022, 4.0, 4.0)}
    >>> text = "达标村4个（甲、乙、丙、丁、戊）"
    >>> [f.computation for f in ListedNames().findings(figs, AuditContext(source_text=text))]
    ['（甲、乙、丙、丁、戊） → 5 names vs 4 个']
    """

    rule = "listed_names"

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        if not context.source_text:
            return []
        found = []
        for fig in figs.values():
            if fig.unit not in COUNT_UNITS or not fig.quote:
                continue
            for count, text, closed in listed_names_count(context.source_text, fig.quote):
                if fig.low <= count <= fig.high:
                    continue
                if not closed and count < fig.value:
                    severity, where = "note", "the 等 list before it"
                else:
                    severity, where = "contradiction", "the list next to it"
                found.append(Finding(
                    severity, self.rule, f"{fig.id} states {format_number(fig.value)} but {where} names {count}",
                    f"{text} → {count} names vs {format_number(fig.value)} {fig.unit}", [fig.cite()],
                    f"{fig.name}称{format_number(fig.value)}{fig.unit}，但旁边列举了{count}个名称"))
        return found
