"""The audit's rules on a quantity stated twice.

Each kind is a small frozen dataclass below
:class:`~tanto_analysis.analysis.audit.finding.Rule`.  Two figures are the
same quantity only when an indicator key says so: :class:`SameQuantity` is
declared for named indicator keys (:mod:`tanto_analysis.analysis.audit.declared`),
:class:`SameIndicator` compares every two figures of one indicator key,
scope, year and kind.  A drafted label alone never makes a contradiction:
:class:`SharedLabel` notes two figures that share a label, in the same
section, batch, period and point of the text, for the analyst to review
(:mod:`tanto_analysis.analysis.audit.marks`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .finding import AuditContext, Finding, Rule
from .marks import generic_label, text_marks
from .terms import Figure, cite_terms, format_number, resolve_terms, term_years

__all__ = ["SameIndicator", "SameQuantity", "SharedLabel"]


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


def _disagree(group: list[Figure]) -> bool:
    """Whether some two figures of ``group`` differ beyond the rounding of both."""
    return any(a.high < b.low or b.high < a.low for i, a in enumerate(group) for b in group[i + 1:])


@dataclass(frozen=True)
class SameIndicator(Rule):
    """Figures of one indicator key, scope, year, kind and unit must agree; needs no declaration.

    The indicator key is the certainty: a curated key, or one a draft carried
    forward with confidence (``tanto extract``).  Its findings carry the rule
    id ``same_quantity``: a contradiction between actuals, a warning between
    targets or plans.

    Examples
    --------
    >>> figs = {f.id: f for f in (Figure("a", 5.0, "个", "5个", "", 2022, 5.0, 5.0, indicator="k"),
    ...                           Figure("b", 6.0, "个", "6个", "", 2022, 6.0, 6.0, indicator="k"))}
    >>> [(f.severity, f.message) for f in SameIndicator().findings(figs, AuditContext())]
    [('contradiction', 'a and b are both k but differ')]
    """

    rule = "same_quantity"

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        groups: dict[tuple, list[Figure]] = {}
        for fig in figs.values():
            if fig.indicator:
                groups.setdefault((fig.indicator, fig.scope, fig.year, fig.kind, fig.unit), []).append(fig)
        return [Finding(_stated_twice_severity(tuple(group)), self.rule,
                        f"{group[0].id} and {group[1].id} are both {key[0]} but differ",
                        " ≠ ".join(format_number(f.value) for f in group), [f.cite() for f in group],
                        f"同一指标{key[0]}（{group[0].name}）出现两个不同数值")
                for key, group in groups.items() if len(group) > 1 and _disagree(group)]


@dataclass(frozen=True)
class SharedLabel(Rule):
    """Two figures that share a drafted label, for review: a note, never a contradiction; needs no declaration.

    A label is a draft's noun phrase, not a key: two figures with the same
    label may be two batches, two periods, two items of a list or two
    aggregates' growth rates.  They are noted only when they also share the
    scope, year, kind, unit and section, neither has an indicator key that
    tells them apart, no batch, period or numbered point of the text
    (:func:`~tanto_analysis.analysis.audit.marks.text_marks`) tells them apart,
    the label names a quantity (not only 增长 or 同比增长), and their values
    differ beyond rounding.

    Examples
    --------
    >>> figs = {f.id: f for f in (Figure("a", 5.0, "个", "5个", "", 2022, 5.0, 5.0, label="样板村"),
    ...                           Figure("b", 6.0, "个", "6个", "", 2022, 6.0, 6.0, label="样板村"))}
    >>> [(f.severity, f.rule) for f in SharedLabel().findings(figs, AuditContext())]
    [('note', 'shared_label')]
    """

    rule = "shared_label"

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        groups: dict[tuple, list[Figure]] = {}
        for fig in figs.values():
            if not fig.label or generic_label(fig.label):
                continue
            marks = text_marks(context.source_text, fig.quote) if context.source_text else ()
            key = (fig.label, fig.scope, fig.year, fig.kind, fig.unit, fig.section, marks)
            groups.setdefault(key, []).append(fig)
        found = []
        for group in groups.values():
            keys = {f.indicator for f in group if f.indicator}
            if len(keys) > 1 or (keys and all(f.indicator for f in group)):
                continue  # the keys tell them apart, or make them one quantity (SameIndicator)
            if len(group) < 2 or not _disagree(group):
                continue
            found.append(Finding(
                "note", self.rule,
                f"{', '.join(f.id for f in group)} share the label {group[0].label} but differ: "
                "the same quantity, or different ones? For review",
                " ≠ ".join(format_number(f.value) for f in group), [f.cite() for f in group],
                f"“{group[0].label}”出现{len(group)}个不同数值：是否同一数量，请核对"))
        return found
