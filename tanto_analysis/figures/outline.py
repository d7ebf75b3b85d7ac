"""Heading detection in a report: which section does a position belong to?

Chinese work reports number their parts with the styles ``一、``, ``（一）``,
``1.`` (or ``1、``) and ``（1）``, in that order of rank, at the start of a
line, and ``一是…；二是…`` points inside the paragraphs.  The highest-ranked
style a report uses is its top level, the next one its second level (a report
numbered ``1.`` / ``（1）`` gets sections ``1(2)``); deeper styles are not
sections.  A report with no heading lines at all uses its ``一是`` points as
the top level.

Fallbacks, so that every figure has a section the figures table accepts:
``前言`` for text before the first heading, ``全文`` for a report with neither
headings nor points.

:func:`find_headings` finds headings and points; :func:`locate` tells, for an offset
into the text, the section label as the figures table writes it (``一`` or
``一(一)``), the titles of the enclosing headings (used to guess a figure's
domain) and whether the section is a "next steps" section (下一步 / 打算 /
计划 …), whose figures are plans for the following year.

When a top-level part has no ``（一）`` headings at all, its ``一是``-points
serve as the second level, so a report written with points only still gets
labels such as ``三(二)``.

Examples
--------
>>> text = "一、成效\\n（一）就业\\n一是岗位。二是培训。\\n二、下一步打算\\n一是招商。"
>>> [h.label for h in find_headings(text)]
['一', '(一)', '一是', '二是', '二', '一是']
>>> locate(find_headings(text), text.index("培训")).section
'一(一)'
>>> loc = locate(find_headings(text), text.index("招商"))
>>> loc.section, loc.next_steps
('二(一)', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["BEFORE_HEADINGS", "Heading", "Location", "NEXT_STEPS_WORDS", "NO_HEADINGS", "find_headings", "locate"]

#: The section of text before the first heading, and of a report without headings.
BEFORE_HEADINGS = "前言"
NO_HEADINGS = "全文"
_CN = "[一二三四五六七八九十]+"
_AR = "[0-9０-９]{1,2}"
_SPACE = "[ \t\u3000]*"
#: Heading styles by rank: 一、  （一）  1.  （1）.
_STYLES = tuple(re.compile(pattern, re.MULTILINE) for pattern in (
    rf"^{_SPACE}(?P<num>{_CN})[、．.]{_SPACE}(?P<title>[^\n]*)",
    rf"^{_SPACE}[（(](?P<num>{_CN})[）)]{_SPACE}(?P<title>[^\n]*)",
    rf"^{_SPACE}(?P<num>{_AR})(?:[、]|[．.](?![0-9０-９])){_SPACE}(?P<title>[^\n]*)",
    rf"^{_SPACE}[（(](?P<num>{_AR})[）)]{_SPACE}(?P<title>[^\n]*)",
))
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_POINT = re.compile(rf"(?:^|(?<=[。；;！？!?，,：:]))[ \t\u3000]*(?P<num>{_CN})是(?P<title>[^。；;！？!?\n]*)",
                    re.MULTILINE)

#: Words in a heading that mark a "next steps" section (plans for next year).
NEXT_STEPS_WORDS: tuple[str, ...] = ("下一步", "打算", "计划", "思路", "安排", "明年", "展望")


@dataclass(frozen=True)
class Heading:
    """One heading or point marker.

    Attributes
    ----------
    level : int
        1 for ``一、``, 2 for ``（一）``, 3 for ``一是``.
    number : str
        The Chinese numeral, e.g. ``三``.
    start : int
        Offset of the marker in the text.
    title : str
        The heading's text (for a point: up to the end of its clause).
    """

    level: int
    number: str
    start: int
    title: str

    @property
    def label(self) -> str:
        """The marker in short: ``一``, ``(一)`` or ``一是``."""
        return {1: self.number, 2: f"({self.number})", 3: f"{self.number}是"}[self.level]


@dataclass(frozen=True)
class Location:
    """Where an offset lies in the report's outline.

    Attributes
    ----------
    section : str
        ``一(一)``-style label (``1(2)`` for Arabic headings); ``前言`` before
        the first heading, ``全文`` in a report without headings or points.
    titles : tuple of str
        Titles of the enclosing point, second-level and top-level headings,
        innermost first (only those that exist).
    next_steps : bool
        True inside a section whose heading speaks of next steps or plans.
    """

    section: str
    titles: tuple[str, ...]
    next_steps: bool


def find_headings(text: str) -> list[Heading]:
    """All headings and points of ``text``, in order of position.

    A heading line must start with the marker (leading spaces and ideographic
    spaces allowed); points (``一是``) must start a sentence or a line.  The
    two highest-ranked heading styles present are levels 1 and 2; without
    any heading line, points are level 1.
    """
    present = [matches for matches in (list(style.finditer(text)) for style in _STYLES) if matches][:2]
    found = []
    for level, matches in enumerate(present, start=1):
        for m in matches:
            start = m.start("num") - (m.start("num") > 0 and text[m.start("num") - 1] in "（(")  # a bracketed number starts at its bracket
            found.append(Heading(level, m["num"].translate(_DIGITS), start, m["title"].strip()))
    point_level = 3 if present else 1
    found += [Heading(point_level, m["num"], m.start("num"), m["title"].strip()) for m in _POINT.finditer(text)]
    return sorted(found, key=lambda h: (h.start, h.level))


def _is_next_steps(title: str) -> bool:
    return any(word in title for word in NEXT_STEPS_WORDS)


def _has_subsections(headings: list[Heading], top: Heading) -> bool:
    for heading in headings:
        if heading.start <= top.start:
            continue
        if heading.level == 1:
            return False
        if heading.level == 2:
            return True
    return False


def locate(headings: list[Heading], offset: int) -> Location:
    """The section label, heading titles and next-steps flag at ``offset``.

    Parameters
    ----------
    headings : list of Heading
        From :func:`find_headings` on the same text.
    offset : int
        A character offset into the text.
    """
    top: Heading | None = None
    sub: Heading | None = None
    point: Heading | None = None
    for heading in headings:
        if heading.start > offset:
            break
        if heading.level == 1:
            top, sub, point = heading, None, None
        elif heading.level == 2:
            sub, point = heading, None
        else:
            point = heading
    if not headings:
        section = NO_HEADINGS
    elif top is None and sub is None:
        section = BEFORE_HEADINGS
    elif top is None:
        section = sub.number  # type: ignore[union-attr]
    elif sub is not None:
        section = f"{top.number}({sub.number})"
    elif point is not None and not _has_subsections(headings, top):
        section = f"{top.number}({point.number})"
    else:
        section = top.number
    titles = tuple(h.title for h in (point, sub, top) if h is not None)
    next_steps = any(_is_next_steps(h.title) for h in (sub, top) if h is not None)
    return Location(section=section, titles=titles, next_steps=next_steps)
