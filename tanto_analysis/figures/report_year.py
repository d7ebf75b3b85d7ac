"""The year a report reports, and the year each of its figures is for.

A report is named for the year it is delivered in, but it may report another:
a 2023 政府工作报告, delivered early in 2023, reviews 2022 in its
``2022年工作回顾``; a new-year 总结 reviews the year just ended.
:func:`reviews` finds such review parts: from a line (or a heading inside a
line) naming a year with 回顾, 总结, 主要工作 or 工作完成情况 to the next such
line, the next-steps part (``2023年工作安排``, ``下一步``) or the end.

* :mod:`tanto_analysis.figures.context` dates an actual figure in a review
  by the review's year unless its sentence names another year;
* :func:`year_problems` (``tanto validate``) accepts an actual (or estimate)
  for a year before the report year **with a note** where the text itself
  gives that year for it (its review, or the year named earlier in its
  sentence part), and refuses it elsewhere, so a draft validates as drafted.

Examples
--------
>>> text = "甲镇2023年政府工作报告\\n一、2022年工作回顾\\n新建道路5公里。\\n二、2023年工作安排\\n新建道路8公里。\\n"
>>> [(r.year, r.title) for r in reviews(text)]
[(2022, '一、2022年工作回顾')]
>>> review_at(reviews(text), text.index("5公里")).year, review_at(reviews(text), text.index("8公里"))
(2022, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..core.errors import Problem

__all__ = ["Review", "explicit_years", "review_at", "reviews", "year_named", "year_problems"]

_YEAR = re.compile(r"((?:19|20)\d\d)[ \u3000]?年(?!以来|以前|之前)")
_COMPARISON = ("较", "比", "同比", "相比", "与")
_LINE_START = r"(?:^|(?<=[。：:！？\n]))[ \t\u3000]*(?:[一二三四五六七八九十]+[、.．][ \t\u3000]*)?"
_REVIEW = re.compile(_LINE_START + r"((?:19|20)\d\d)[ \u3000]?年度?(?:工作)?(?:回顾|总结|主要工作|工作完成情况|工作情况)",
                     re.MULTILINE)
_NEXT = re.compile(_LINE_START + r"(?:(?:19|20)\d\d[ \u3000]?年度?(?:工作)?(?:安排|打算|思路|计划|目标|任务|重点)"
                   r"|下一步|今后工作|明年工作)", re.MULTILINE)
_PART_END = "。；;！？!?\n"


@dataclass(frozen=True)
class Review:
    """A part of a report reviewing ``year``: ``text[start:end]``, opened by ``title``."""

    start: int
    end: int
    year: int
    title: str


def explicit_years(text: str, start: int, end: int) -> list[int]:
    """The years written in ``text[start:end]`` (``2023年``, ``2023 年底``), not comparisons (较2022年) nor 以来."""
    years = []
    for m in _YEAR.finditer(text, start, end):
        if any(text[max(0, m.start() - len(w)):m.start()] == w for w in _COMPARISON):
            continue
        years.append(int(m.group(1)))
    return years


@lru_cache(maxsize=8)
def _reviews(text: str) -> tuple[Review, ...]:
    found = list(_REVIEW.finditer(text))
    stops = sorted([m.start() for m in found] + [m.start() for m in _NEXT.finditer(text)] + [len(text)])
    parts = []
    for m in found:
        end = next(s for s in stops if s > m.start())
        line_end = text.find("\n", m.start())
        title_end = m.end() if line_end < 0 else min(line_end, m.end() + 12)
        parts.append(Review(m.start(), end, int(m.group(1)), text[m.start():title_end].strip()))
    return tuple(parts)


def reviews(text: str) -> list[Review]:
    """The parts of ``text`` that review a year, in text order."""
    return list(_reviews(text))


def review_at(parts: list[Review], pos: int) -> Review | None:
    """The review ``pos`` lies in, if any."""
    return next((r for r in parts if r.start <= pos < r.end), None)


def year_named(text: str, pos: int, year: int, parts: list[Review] | None = None) -> str | None:
    """Where the text gives ``year`` for the figure at ``pos``, or None.

    Returns ``"its review '<title>'"`` or ``"its sentence"`` (the year named
    earlier in the figure's sentence part), as :func:`year_problems` notes it.
    """
    left = max(text.rfind(ch, 0, pos) for ch in _PART_END) + 1
    named = explicit_years(text, left, pos)
    if named:
        return "its sentence" if named[-1] == year else None
    review = review_at(reviews(text) if parts is None else parts, pos)
    return f"its review {review.title!r}" if review is not None and review.year == year else None


def year_problems(frame: pd.DataFrame, name: str, report_year: int,
                  source: str | None) -> tuple[list[Problem], list[Problem]]:
    """``year`` cells that disagree with the report year, and notes on those the text explains.

    An actual figure is for the report year; an actual or an estimate for an
    earlier year is accepted, with a note, where ``source`` gives that year
    for its quote (:func:`year_named`); an estimate may be for a later year;
    a target or plan is for the report year or later.

    Returns
    -------
    (list of Problem, list of Problem)
        The problems, and the notes (``file:row:year``).
    """
    year = pd.to_numeric(frame["year"].where(frame["year"].str.fullmatch(r"(19|20)\d\d")), errors="coerce")
    parts = reviews(source) if source is not None else []
    problems: list[Problem] = []
    notes: list[Problem] = []
    for index, kind, written, y, quote in zip(frame.index, frame["kind"], frame["year"], year, frame["quote"],
                                              strict=True):
        row = int(index) + 2
        if pd.isna(y) or y == report_year:
            continue
        if kind in ("target", "plan"):
            if y < report_year:
                problems.append(Problem(name, row, "year", f"a {kind} of the {report_year} report must be for "
                                        f"{report_year} or later", value=written))
            continue
        if kind not in ("actual", "estimate") or (kind == "estimate" and y > report_year):
            continue
        pos = source.find(quote) if source is not None and quote else -1
        where = year_named(source, pos, int(y), parts) if source is not None and pos >= 0 and y < report_year \
            else None
        if where is None and kind == "estimate":
            problems.append(Problem(name, row, "year", f"an estimate of the {report_year} report must be for "
                                    f"{report_year} or later, or for an earlier year its text gives for it",
                                    value=written))
        elif where is None:
            problems.append(Problem(name, row, "year", f"an actual figure of the {report_year} report must be for "
                                    f"{report_year}", value=written))
        else:
            what = "an actual figure" if kind == "actual" else "an estimate"
            notes.append(Problem(name, row, "year", f"note: {what} for {int(y)}, before the report year "
                                 f"{report_year}: the text gives {int(y)} for it ({where})"))
    return problems, notes
