"""A page's headings, read with an HTML parser: heading levels that never skip one, and the table of contents.

:func:`outline` parses the rendered page with :class:`html.parser.HTMLParser`
and records, for every heading inside ``<main id="appendix">``, where its
start and end tags are, its level and id, and its text (the source between
the tags, without nbconvert's ``¶`` anchor link).  :mod:`~tanto_analysis.build.render`
edits the page at those places only, so everything else stays byte for byte
as nbconvert wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["Heading", "outline"]

_LEVELS = {f"h{n}": n for n in range(1, 7)}


@dataclass
class Heading:
    """One heading of ``<main>``: offsets of its tags in the page, its level, id and text (HTML)."""

    start: int  # offset of "<hN"
    start_end: int  # offset just after the start tag's ">"
    close: int  # offset of "</hN"
    level: int
    ident: str
    text: list[str] = field(default_factory=list)


class _Outline(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)  # text kept as written: entities stay entities
        self._lines = [0]
        for line in page.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))
        self.headings: list[Heading] = []
        self._main = 0  # depth of <main id="appendix"> elements open (0: outside)
        self._open: Heading | None = None
        self._anchor = 0  # inside nbconvert's anchor link of the open heading

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "main" and (self._main or values.get("id") == "appendix"):
            self._main += 1
        elif self._main and tag in _LEVELS and self._open is None:
            start = self._offset()
            self._open = Heading(start, start + len(self.get_starttag_text()), -1, _LEVELS[tag], values.get("id") or "")
        elif self._open is not None and tag == "a" and "anchor-link" in (values.get("class") or "").split():
            self._anchor += 1
        elif self._open is not None and tag == "a" and self._anchor:
            self._anchor += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self._main:
            self._main -= 1
        elif self._open is not None and tag in _LEVELS:
            self._open.close = self._offset()
            self.headings.append(self._open)
            self._open = None
        elif self._open is not None and tag == "a" and self._anchor:
            self._anchor -= 1

    def _text(self, source: str) -> None:
        if self._open is not None and not self._anchor:
            self._open.text.append(source)

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};")


def outline(page: str) -> list[Heading]:
    """The headings inside ``<main id="appendix">`` of ``page``, in order (levels 1–6, as written)."""
    parser = _Outline(page)
    parser.feed(page)
    parser.close()
    return parser.headings
