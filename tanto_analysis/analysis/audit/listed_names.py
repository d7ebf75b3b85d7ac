"""Names listed next to a count in the report's text.

The report often writes a count together with the names it counts:
``达标村5个（甲、乙、丙、丁、戊）`` or
``甲村、乙村、丙村等3个村``.  :func:`listed_names_count` finds those
lists so the audit (:mod:`tanto_analysis.analysis.audit.list_rules`) can compare the number of
names with the number stated.  A list is counted only when its items are
names (:func:`is_name`): a list of categories with counts
(``（其中省外务工50人，县内务工70人）``) is a breakdown of the total, checked by
summing (:mod:`tanto_analysis.analysis.audit.listed_parts`), and a remark in
parentheses is not a list.
"""

from __future__ import annotations

import re

from ...core.units import find_quantities

__all__ = ["is_name", "listed_names_count"]

#: What separates the names inside a parenthesised list.
_LIST_SPLIT = re.compile(r"[、，,和及]")
#: Characters that end the clause before an 等 list.
_CLAUSE_END = "，。；：！？,;:!?\n（）()"
#: What a name never contains: a digit, a colon, a bracket, a quotation mark.
_NOT_IN_NAME = re.compile(r"[0-9０-９：:（）()“”\"《》%％]")
#: Words that open a breakdown or a remark, never a name.
_NOT_A_NAME_START = ("其中", "包括", "含", "分别", "主要", "已", "共", "合计", "累计")
#: The longest item read as a name (a village, a firm, a project written short).
_NAME_MAX_CHARS = 12


def is_name(item: str) -> bool:
    """Whether a list item reads as a name: short, with no number, colon or bracket.

    >>> is_name("甲村"), is_name("乙家庄"), is_name("省外务工50人"), is_name("其中农村低保对象"), is_name("三万人")
    (True, True, False, False, False)
    """
    item = item.strip()
    return (0 < len(item) <= _NAME_MAX_CHARS and not _NOT_IN_NAME.search(item)
            and not item.startswith(_NOT_A_NAME_START) and not find_quantities(item))


def listed_names_count(source: str, quote: str) -> list[tuple[int, str, bool]]:
    """Names listed next to each occurrence of ``quote`` in ``source``.

    Two forms are recognised: a parenthesised list right after the quote
    (``达标村5个（甲、乙、丙、丁、戊）``) and a 、-separated list
    ending in 等 right before it (``甲村、…、辛村等8个村``).  Either is
    counted only when its items are names (:func:`is_name`).

    Parameters
    ----------
    source : str
        The report text.
    quote : str
        A figure's quote, verbatim in ``source`` (e.g. ``达标村5个``).

    Returns
    -------
    list of (count, list text, closed)
        One entry per list found, in order of the quote's occurrences:
        ``count`` is the number of names (a count, not a figure's unit),
        ``list text`` the list as written, and ``closed`` is True for a
        parenthesised list (exhaustive) and False for an 等 list (which may
        be open-ended).  Empty when no list is next to the quote.

    Examples
    --------
    >>> listed_names_count("达标村3个（甲、乙、丙）。", "达标村3个")
    [(3, '（甲、乙、丙）', True)]
    """
    found = []
    start = source.find(quote)
    while start >= 0:
        end = start + len(quote)
        after = source[end:end + 1]
        if after in "（(":
            close = re.search(r"[）)]", source[end:])
            if close is not None:
                inner = source[end + 1:end + close.start()]
                items = [s for s in _LIST_SPLIT.split(inner) if s.strip()]
                if len(items) > 1 and all(is_name(s) for s in items):
                    found.append((len(items), source[end:end + close.end()], True))
        number = re.search(r"\d|[一二两三四五六七八九十]", quote)
        prefix_end = start + (number.start() if number else 0)
        if prefix_end > 0 and source[prefix_end - 1] == "等":
            j = prefix_end - 1
            i = j
            while i > 0 and source[i - 1] not in _CLAUSE_END:
                i -= 1
            segment = source[i:j]
            items = segment.split("、")
            # The first item carries the clause's opening words (在甲村); the others must be names.
            if len(items) > 1 and all(is_name(s) for s in items[1:]) and not _NOT_IN_NAME.search(items[0]):
                found.append((segment.count("、") + 1, segment + "等", False))
        start = source.find(quote, start + 1)
    return found
