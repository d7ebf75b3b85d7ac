"""Heading detection in a report: which section does a position belong to?

Chinese work reports number their parts in three levels:

* ``一、工作开展情况`` at the start of a line (top level),
* ``（一）守牢返贫底线…`` at the start of a line (second level),
* ``一是…；二是…`` inside the paragraphs (points).

:func:`find_headings` finds all three; :func:`locate` tells, for an offset
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

__all__ = ["Heading", "Location", "NEXT_STEPS_WORDS", "find_headings", "locate"]

_CN = "[一二三四五六七八九十]+"
_TOP = re.compile(rf"^[ \t\u3000]*(?P<num>{_CN})[、．.][ \t\u3000]*(?P<title>[^\n]*)", re.MULTILINE)
_SUB = re.compile(rf"^[ \t\u3000]*[（(](?P<num>{_CN})[）)][ \t\u3000]*(?P<title>[^\n]*)", re.MULTILINE)
_POINT = re.compile(rf"(?:^|(?<=[。；;！？!?]))[ \t\u3000]*(?P<num>{_CN})是(?P<title>[^。；;！？!?\n]*)",
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
        ``一(一)``-style label; ``""`` before the first heading.
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
    spaces allowed); points (``一是``) must start a sentence or a line.
    """
    found = [Heading(1, m["num"], m.start("num"), m["title"].strip()) for m in _TOP.finditer(text)]
    found += [Heading(2, m["num"], m.start("num") - 1, m["title"].strip()) for m in _SUB.finditer(text)]
    found += [Heading(3, m["num"], m.start("num"), m["title"].strip()) for m in _POINT.finditer(text)]
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
    if top is None and sub is None:
        section = ""
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
