"""Parts listed after a total in the report's text: ``合计N人（其中A a人，B b人）``.

A report often breaks a total into categories right after it, in
parentheses (``全镇务工人员合计120人（其中省外务工50人，县内务工70人）``) or
after ``，其中`` up to the end of the sentence part
(``协调项目10个，其中4个项目已完工，6个项目正在施工``).  Such a list is a
parts/whole relation: :func:`listed_parts` reads it so the audit
(:mod:`tanto_analysis.analysis.audit.list_rules`) can add up the parts and
compare the sum with the total, within the rounding of every figure.  A list
whose items are not all counts in the total's unit (a remark, a list of
names, parts in another unit) is not read as parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.units import Quantity, find_quantities

__all__ = ["ListedPart", "listed_parts", "split_items"]

#: Words that open a list of parts and are not part of its first item.
_OPENER = re.compile(r"^(?:其中|包括|分别为|分别是|含)[：:，,]?")
#: What separates the items of a list (outside nested parentheses).
_ITEM_SEPARATORS = "、，,；;"
#: What ends an unparenthesised 其中 list: the end of the sentence part.
_PART_END = "；;。！？!?\n"
_OPEN, _CLOSE = "（(", "）)"


@dataclass(frozen=True)
class ListedPart:
    """One item of a list of parts: its text and its quantity in the total's unit (base unit)."""

    text: str
    quantity: Quantity


def split_items(inner: str) -> list[str]:
    """The items of a list, split at 、，,；; outside nested parentheses, empty ones dropped.

    >>> split_items("其中省外务工50人，县内务工70人（含返乡3人）")
    ['其中省外务工50人', '县内务工70人（含返乡3人）']
    """
    items, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif ch in _ITEM_SEPARATORS and depth == 0:
            items.append(inner[start:i])
            start = i + 1
    items.append(inner[start:])
    return [s.strip() for s in items if s.strip()]


def _skip_quantities(source: str, end: int) -> int:
    """Past any quantities written right after ``end`` (``1193户5992人``: the 人 figure after the 户 one)."""
    while True:
        found = find_quantities(source[end:end + 30])
        if not found or found[0].start != 0:
            return end
        end += found[0].end


def _closing(source: str, start: int) -> int | None:
    """Index of the parenthesis closing the one at ``start``, or None."""
    depth = 0
    for i in range(start, len(source)):
        if source[i] in _OPEN:
            depth += 1
        elif source[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return None


def _list_after(source: str, end: int) -> tuple[str, bool, str] | None:
    """The list text after a total ending at ``end``, whether it is parenthesised, and the brackets as written."""
    end = _skip_quantities(source, end)
    if end < len(source) and source[end] in _OPEN:
        close = _closing(source, end)
        return (source[end + 1:close], True, source[end] + source[close]) if close is not None else None
    match = re.match(r"[，,]\s*其中[：:，,]?", source[end:])
    if match is None:
        return None
    stop = end + match.end()
    depth = 0
    while stop < len(source) and not (source[stop] in _PART_END and depth == 0):
        depth += source[stop] in _OPEN
        depth -= source[stop] in _CLOSE and depth > 0
        stop += 1
    return source[end + match.end():stop], False, ""


def listed_parts(source: str, start: int, end: int, unit: str) -> tuple[list[ListedPart], str, bool] | None:
    """The parts listed after the total written at ``source[start:end]``, in ``unit``.

    Parameters
    ----------
    source : str
        The report text.
    start, end : int
        The span of the total's quantity in ``source`` (e.g. ``120人``).
    unit : str
        The total's base unit (人, 户, 元, 亩, …): every part must state one
        quantity in it.

    Returns
    -------
    (list of ListedPart, str, bool) or None
        The parts, the list as written, and True for a parenthesised list
        (False for one after ``，其中``); None when no list follows, it has
        fewer than two items, or an item states no quantity (or several) in
        ``unit``.  A parenthesised list must have every item a part; after
        ``，其中`` the parts run up to the first item that is not one.

    Examples
    --------
    >>> text = "全镇务工人员合计120人（其中省外务工50人，县内务工70人）。"
    >>> parts, written, closed = listed_parts(text, 8, 12, "人")
    >>> [(p.text, int(p.quantity.value)) for p in parts], closed
    ([('省外务工50人', 50), ('县内务工70人', 70)], True)
    """
    found = _list_after(source, end)
    if found is None:
        return None
    inner, closed, brackets = found
    items = split_items(_OPENER.sub("", inner.strip()))
    parts = []
    for item in items:
        text = _OPENER.sub("", item)
        mine = [q for q in find_quantities(text) if q.unit == unit]
        if len(mine) != 1:
            if closed:
                return None
            break
        parts.append(ListedPart(text, mine[0]))
    if len(parts) < 2:
        return None
    written = f"{brackets[:1]}{inner}{brackets[1:]}" if closed else "，其中" + "，".join(p.text for p in parts)
    return parts, written, closed

