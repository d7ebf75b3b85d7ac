"""The audit's rules on lists in the report's text: names counted beside a count, parts beside a total.

Both look at every figure of a year's table and need the report text
(:class:`~tanto_analysis.analysis.audit.finding.AuditContext`); without it
they find nothing.  :class:`ListedNames` counts the names listed next to a
count (only when the items are names); :class:`ListedParts` adds up the
categories listed after a total (``合计120人（其中省外务工50人，县内务工70人）``),
a parts/whole relation checked within the rounding of every figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.units import COUNT_UNITS, find_quantities
from ...figures.precision import stated_interval
from .finding import AuditContext, Finding, Rule
from .listed_names import listed_names_count
from .listed_parts import ListedPart, listed_parts
from .terms import Figure, format_number

__all__ = ["ListedNames", "ListedParts"]


@dataclass(frozen=True)
class ListedNames(Rule):
    """A count against the names listed next to its quote in the report text; needs no declaration.

    A contradiction when the names do not match the count; a note when an 等
    list names fewer (等 may mean "and others").  Only lists whose items are
    names are counted (:func:`~tanto_analysis.analysis.audit.listed_names.is_name`).
    Skipped without the text.

    Examples
    --------
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


def _span(source: str, fig: Figure) -> tuple[int, int] | None:
    """Where the figure's quantity is written in the text: its quote must occur once, stating the figure."""
    at = source.find(fig.quote)
    if at < 0 or source.find(fig.quote, at + 1) >= 0:
        return None  # a quote written twice could be either total: not certain which list is its own
    for q in find_quantities(fig.quote):
        if q.unit == fig.unit and abs(float(q.value) - fig.value) <= 1e-9 * max(1.0, abs(fig.value)):
            return at + q.start, at + q.end
    return None


def _interval(parts: list[ListedPart]) -> tuple[float, float]:
    """The sum of the parts as an interval (base unit), each part within its own rounding."""
    ends = [stated_interval(float(p.quantity.value), p.quantity.unit, p.quantity.bound, p.quantity.text)
            for p in parts]
    return sum(low for low, _ in ends), sum(high for _, high in ends)


def _fits(parts: list[ListedPart], fig: Figure) -> bool:
    low, high = _interval(parts)
    return high >= fig.low and low <= fig.high


def _overlapping(parts: list[ListedPart], fig: Figure) -> list[ListedPart] | None:
    """The last one or two items, if without them the others add up to the total; else None.

    Reports list the parts first and may end with a group that overlaps them
    (…，贫困双重身份人员122户): only trailing items are read so.
    """
    for k in (1, 2):
        if len(parts) - k >= 2 and _fits(parts[:-k], fig):
            return parts[-k:]
    return None


@dataclass(frozen=True)
class ListedParts(Rule):
    """A total against the parts listed after it in the report text; needs no declaration.

    The parts (``（其中A a人，B b人）`` or ``，其中A a人，B b人``) are added up
    within the rounding of each: a **contradiction** when they exceed the
    total, unless leaving out the last one or two items makes them fit (a
    closing group that overlaps the others, as 双重身份 does), which is a **note**; a **note**
    when they fall short (a 其中 list need not name every part).  Skipped
    without the text, for a quote written more than once, and for %.

    Examples
    --------
    >>> text = "务工人员合计120人（其中省外务工50人，县内务工80人）。"
    >>> figs = {"n": Figure("n", 120.0, "人", "合计120人", "", 2022, 120.0, 120.0)}
    >>> [(f.severity, f.computation) for f in ListedParts().findings(figs, AuditContext(source_text=text))]
    [('contradiction', '（其中省外务工50人，县内务工80人） → 50 + 80 = 130 vs 120 人')]
    """

    rule = "listed_parts"

    def findings(self, figs: dict[str, Figure], context: AuditContext) -> list[Finding]:
        if not context.source_text:
            return []
        found = []
        for fig in figs.values():
            span = _span(context.source_text, fig) if fig.quote and fig.unit != "%" else None
            listed = listed_parts(context.source_text, *span, fig.unit) if span else None
            if listed is None or _fits(listed[0], fig):
                continue
            parts, written, _ = listed
            low, _high = _interval(parts)
            total = sum(float(p.quantity.value) for p in parts)
            computation = (f"{' + '.join(format_number(float(p.quantity.value)) for p in parts)} = "
                           f"{format_number(total)} vs {format_number(fig.value)} {fig.unit}")
            left_out = _overlapping(parts, fig) if low > fig.high else None
            if low > fig.high and left_out is None:
                severity = "contradiction"
                message = (f"{fig.id} is {format_number(fig.value)} {fig.unit} but the parts listed after it "
                           f"add up to {format_number(total)}")
                zh = f"{fig.name}为{format_number(fig.value)}{fig.unit}，但其后所列各部分合计{format_number(total)}"
            elif low > fig.high:
                severity = "note"
                names = "、".join(p.text for p in left_out)
                message = (f"{fig.id}: the parts listed after it add up to {format_number(total)}; without "
                           f"{names} they fit {format_number(fig.value)}, so that item may overlap the others")
                zh = (f"{fig.name}其后所列各部分合计{format_number(total)}；除去{names}后与{format_number(fig.value)}"
                      f"相符，该项可能与其他项重叠")
            else:
                severity = "note"
                message = (f"{fig.id}: the parts listed after it add up to {format_number(total)}, less than "
                           f"{format_number(fig.value)}; the list may leave some out")
                zh = f"{fig.name}其后所列各部分合计{format_number(total)}，少于{format_number(fig.value)}，所列可能不全"
            found.append(Finding(severity, self.rule, message, f"{written} → {computation}", [fig.cite()], zh))
        return found
