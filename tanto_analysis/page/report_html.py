"""The report's own text on the page: collapsed in full, and the clause around each quoted figure.

A figures table keeps, as its validation key, the *shortest* fragment of the
report that states a figure (``2次``, ``户1户``).  That fragment tells a reader
little, so the page shows the **clause** around it instead, from the report
text up to the neighbouring punctuation (:data:`~tanto_analysis.figures.context.CLAUSE_END`:
``，。；：`` …), with the fragment itself in bold, linked to its paragraph:

* :func:`report_text_html` – the whole report, one ``<p id="report-p<n>">``
  per non-blank line, inside a collapsed ``<details id="report-text">``, so
  the page stays one file;
* :func:`clause_html` – ``<a href="#report-p<n>"><q>开展全员筛查<strong>2次</strong></q></a>``;
* :func:`link_quotes` – every table cell marked as a quote
  (``<td class="quote" lang="zh-CN">``, see :func:`~tanto_analysis.page.safe_html.html_table`)
  rewritten that way; a derived figure's cell (``1146.5万元 / 248户``) gets
  one clause per quote.  A quote that is not in the text stays as it was.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from functools import cached_property

from ..core.text import tr
from ..figures.context import CLAUSE_END, span
from .html import render

__all__ = ["Report", "clause_html", "link_quotes", "report_text_html"]

#: Longest clause shown, in characters; a longer one is cut around the quote with "…".
MAX_CLAUSE = 60
_QUOTE_CELL = re.compile(r'(<td class="quote" lang="zh-CN">)([^<]*)(</td>)')


@dataclass(frozen=True)
class Report:
    """A report's text and where each of its non-blank lines (paragraphs) starts."""

    text: str

    @cached_property
    def starts(self) -> list[int]:
        """Character offsets of the lines of :attr:`text`."""
        out, pos = [], 0
        for line in self.text.split("\n"):
            out.append(pos)
            pos += len(line) + 1
        return out

    def paragraph(self, offset: int) -> int:
        """The 1-based line number holding ``text[offset]`` (the anchor ``report-p<n>``)."""
        return bisect.bisect_right(self.starts, offset)


def report_text_html(text: str, lang: str) -> str:
    """The whole report, collapsed: ``<details id="report-text">`` with one anchored ``<p>`` per line."""
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    return render("report_text.html.j2", summary=tr("report.full_text", lang), lines=lines)


def clause_html(report: Report, quote: str) -> str | None:
    """The clause of ``report`` around ``quote``, linked to its paragraph; None if ``quote`` is not in the text.

    >>> r = Report("一是守住返贫底线。今年以来，开展全员筛查2次，对全镇7265户进行走访。\\n")
    >>> clause_html(r, "2次")
    '<a class="clause" href="#report-p1"><q>开展全员筛查<strong>2次</strong></q></a>'
    """
    start = report.text.find(quote) if quote else -1
    if start < 0:
        return None
    end = start + len(quote)
    clause = span(report.text, start, end, CLAUSE_END)
    left, right = clause.start, clause.end
    before, after = report.text[left:start].lstrip(), report.text[end:right].rstrip()
    room = max(0, MAX_CLAUSE - len(quote)) // 2
    if len(before) > room:
        before = "…" + before[-room:]
    if len(after) > room:
        after = after[:room] + "…"
    return render("clause.html.j2", paragraph=report.paragraph(start), before=before, quote=quote, after=after)


def link_quotes(page: str, text: str) -> str:
    """Every quote cell of ``page`` shown as its clause(s) of ``text``, linked to the paragraph."""
    report = Report(text)

    def replace(match: re.Match) -> str:
        quotes = [q.strip() for q in html.unescape(match.group(2)).split(" / ")]
        shown = [clause_html(report, q) for q in quotes]
        if not quotes or any(s is None for s in shown):
            return match.group(0)
        return match.group(1) + "<br>".join(s for s in shown if s) + match.group(3)

    return _QUOTE_CELL.sub(replace, page)
