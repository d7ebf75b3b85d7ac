"""The Content-Security-Policy every page carries: no script, no request.

The pages need none (images are ``data:`` PNGs, styles are inline, fonts are
the reader's own), so the policy allows nothing else: a value that ever
slipped past escaping could neither run nor call out.  It is declared once
here and put early in ``<head>`` (right after ``<meta charset>``, before any
element that could load anything) by the page template
(:mod:`tanto_analysis.build.render`) and the index
(:mod:`tanto_analysis.build.index`).  ``frame-ancestors`` is left out: a
``<meta>`` policy ignores it.  The standard library and Jinja2 only: the index is written
on the no-op build path.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from ..page.html import Markup, render

__all__ = ["CONTENT_SECURITY_POLICY", "CSP_META", "csp_problem", "page_policy"]

#: The policy of every page (a ``<meta>`` policy: no ``frame-ancestors``, no reporting).
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'none'; "
                           "object-src 'none'; base-uri 'none'; form-action 'none'")
#: The ``<meta>`` element that carries it (``templates/csp_meta.html.j2``; the policy holds no ``"``, ``&``
#: or ``<``, so it goes in as written, its quotes unescaped).  nbconvert re-serialises the page (attributes
#: in name order), so check pages with :func:`page_policy`.
CSP_META = render("csp_meta.html.j2", folder=Path(__file__).resolve().parent / "templates",
                  policy=Markup(CONTENT_SECURITY_POLICY))

# The elements that may come before the policy: none of them loads or runs anything.
_INERT_HEAD = {"html", "head", "meta", "title"}


class _FirstPolicy(HTMLParser):
    """Reads a page up to its first element that could load or run something (or its first policy)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policy: str | None = None  # the first policy, if nothing that loads comes before it
        self.late = False  # a policy after something that loads
        self.blocker: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.policy is not None:
            return
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            if self.blocker is None:
                self.policy = values.get("content", "")
            else:
                self.late = True
        elif tag not in _INERT_HEAD and self.blocker is None:
            self.blocker = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def page_policy(page: str) -> str | None:
    """The Content-Security-Policy ``<meta>`` of ``page`` that governs all of it, or ``None``.

    That is the first such element, if only ``<html>``, ``<head>``, other
    ``<meta>`` elements and ``<title>`` come before it: a ``<meta>`` policy
    governs only what follows it (and only in ``<head>``).

    >>> page_policy("<html><head>" + CSP_META + "<style></style></head><body></body></html>") == CONTENT_SECURITY_POLICY
    True
    >>> page_policy("<html><head><style></style>" + CSP_META + "</head><body></body></html>") is None
    True
    """
    parser = _FirstPolicy()
    parser.feed(page)
    parser.close()
    return parser.policy


def csp_problem(page: str) -> str | None:
    """Why ``page`` is not governed by :data:`CONTENT_SECURITY_POLICY`, or ``None`` if it is.

    Parameters
    ----------
    page : str
        A whole HTML page.

    Returns
    -------
    str or None
        A sentence for a :class:`~tanto_analysis.core.errors.BuildError`:
        no policy ``<meta>``, one that comes after content it should govern
        (:func:`page_policy`), or one with another policy.
    """
    parser = _FirstPolicy()
    parser.feed(page)
    parser.close()
    policy = parser.policy
    if policy is None:
        if parser.late:
            return (f"the page's Content-Security-Policy <meta> comes after <{parser.blocker}>, "
                    "content it should govern")
        return "the page has no Content-Security-Policy <meta>"
    if policy != CONTENT_SECURITY_POLICY:
        return f"the page's Content-Security-Policy is {policy!r}, not {CONTENT_SECURITY_POLICY!r}"
    return None
