"""Join the lines of a report copied out of a PDF where a sentence continues across a break.

A PDF lays a paragraph out in lines of the column's width, and its text (or
text copied out of it) keeps those breaks: ``农民人均可支配收\\n入20000 元``.
:func:`join_broken_lines` removes a break when the text is **wrapped** and the
line before it is full and unfinished:

* the text is wrapped when at least :data:`WRAPPED_SHARE` of its non-empty
  lines are *full* (within 15 % or two characters of the column width, taken
  as the 90th percentile of the line widths, a CJK character counting 2 and an
  ASCII one 1; a heading or list item only when it fills the column) and end
  without sentence punctuation (``。！？；：``); a text written
  one paragraph per line (a ``.txt`` or ``.docx`` report) is never wrapped and
  comes back unchanged;
* a break is removed when the line before it is full, ends without sentence
  punctuation and holds no tab (a table row), and the line after it does not
  start a heading or a list item (``一、``, ``（二）``, ``3.``, ``二是``, ``●``)
  and is not empty.

A short line (a heading, a title, the end of a paragraph) is never joined to
the next, nor a line ending ``。``: a break there is the writer's.  In any
text, wrapped or not, a line ending in a digit is joined to a next line that
starts with a declared unit (``7860\\n亩``, ``286\\n万元``): a PDF whose text
breaks at every run of text puts a number and its unit on lines of their own.  The joined
text is the text every reader of the report sees (extract, validate, the
pages; :func:`tanto_analysis.core.report_text.read_report`), so a quote never
spans a line break.  Joining is idempotent: a joined text is no longer wrapped.

Examples
--------
>>> text = "全镇农民人均可支配收\\n入20000 元，同比增长\\n9%。\\n"
>>> join_broken_lines("标题\\n" + text * 3).count("\\n")
4
"""

from __future__ import annotations

import re
import unicodedata

from .unit_table import UNITS_BY_NAME

__all__ = ["WRAPPED_SHARE", "join_broken_lines", "text_width"]

#: The share of non-empty lines that must be full and unfinished for a text to be read as wrapped.
WRAPPED_SHARE = 0.4
_FINISHED = tuple("。！？；：!?;:…")
#: A line that starts a heading or a list item: a break before it is the writer's.
_STARTS_ITEM = re.compile(
    r"^[ \t\u3000]*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[、．](?!\d)|\d{1,2}\.(?!\d)|[一二三四五六七八九十]+是|第[一二三四五六七八九十\d]+[章节部分条]"
    r"|[●•·■□◆◇▪※★☆➢►\-－—*])")
#: A line starting with a unit (or 万/亿 and a unit): a break before it, after a digit, is never the writer's.
_STARTS_UNIT = re.compile(
    "^[ \u3000]*(?:[万亿]?(?:" + "|".join(re.escape(u) + (f"(?![{UNITS_BY_NAME[u].not_before}])"
                                                          if UNITS_BY_NAME[u].not_before else "")
                                      for u in sorted(UNITS_BY_NAME, key=len, reverse=True)) + "))")
_TOLERANCE = 4  # two CJK characters short of the column (an indented first line) still counts as full
_SLACK = 0.15  # …or 15 % of it (half-width digits, commas and spaces)


def text_width(line: str) -> int:
    """The width of ``line`` in half-width columns (a CJK or full-width character counts 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _column(widths: list[int]) -> int:
    ordered = sorted(widths)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def join_broken_lines(text: str) -> str:
    """Join the lines of ``text`` that a PDF's layout broke inside a sentence.

    Parameters
    ----------
    text : str
        A report's text, lines separated by ``\\n``.

    Returns
    -------
    str
        The text with those breaks removed (the lines concatenated without a
        space, as Chinese is written); ``text`` itself when it is not wrapped.
    """
    lines = text.split("\n")
    stripped = [line.rstrip() for line in lines]
    widths = [text_width(line) for line in stripped if line.strip()]
    column = _column(widths) if len(widths) >= 3 else 10**6  # too short to be wrapped

    slack = max(_TOLERANCE, int(_SLACK * column))

    def open_full(line: str) -> bool:
        if not line.strip() or "\t" in line or line.endswith(_FINISHED):
            return False  # empty, a table row, or a finished sentence
        # a heading wraps only when it fills the column; a plain line may be indented or hold half-width text
        return text_width(line) >= column - (1 if _STARTS_ITEM.match(line) else slack)

    wrapped = sum(open_full(line) for line in stripped) >= WRAPPED_SHARE * len(widths)
    out: list[str] = []
    for i, line in enumerate(stripped):
        if i and (wrapped and open_full(stripped[i - 1]) and line.strip() and "\t" not in line
                  and not _STARTS_ITEM.match(line) or _number_then_unit(stripped[i - 1], line)):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out) if len(out) < len(lines) else text


def _number_then_unit(line: str, following: str) -> bool:
    """A number ending ``line`` whose unit starts ``following`` (``7860\\n亩``): one quantity split."""
    return line[-1:].isdigit() and "\t" not in line + following and bool(_STARTS_UNIT.match(following))
