"""Names listed next to a count in the report's text.

The report often writes a count together with the names it counts:
``达标村5个（甲、乙、丙、丁、戊）`` or
``甲村、乙村、丙村等3个村``.  :func:`listed_names_count` finds those
lists so the audit (:mod:`tanto_analysis.analysis.audit.engine`) can compare the number of
names with the number stated.
"""

from __future__ import annotations

import re

__all__ = ["listed_names_count"]

#: What separates the names inside a parenthesised list.
_LIST_SPLIT = re.compile(r"[、，,和及]")
#: Characters that end the clause before an 等 list.
_CLAUSE_END = "，。；：！？,;:!?\n（）()"


def listed_names_count(source: str, quote: str) -> list[tuple[int, str, bool]]:
    """Names listed next to each occurrence of ``quote`` in ``source``.

    Two forms are recognised: a parenthesised list right after the quote
    (``达标村5个（甲、乙、丙、丁、戊）``) and a 、-separated list
    ending in 等 right before it (``甲村、…、辛村等8个村``).

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
                if len(items) > 1:
                    found.append((len(items), source[end:end + close.end()], True))
        number = re.search(r"\d|[一二两三四五六七八九十]", quote)
        prefix_end = start + (number.start() if number else 0)
        if prefix_end > 0 and source[prefix_end - 1] == "等":
            j = prefix_end - 1
            i = j
            while i > 0 and source[i - 1] not in _CLAUSE_END:
                i -= 1
            segment = source[i:j]
            if "、" in segment:
                found.append((segment.count("、") + 1, segment + "等", False))
        start = source.find(quote, start + 1)
    return found
