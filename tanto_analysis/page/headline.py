"""Headline figures a page hands to the index: a display bundle with its own mimetype.

A notebook displays :func:`headline_bundle`; the build reads the outputs of
mimetype :data:`HEADLINE_MIME` from the executed notebooks and lists their
``items`` on the index page (:mod:`tanto_analysis.build.index`).
"""

from __future__ import annotations

__all__ = ["HEADLINE_MIME", "headline_bundle"]

#: Mimetype of the notebook outputs that feed the index.
HEADLINE_MIME = "application/vnd.tanto.headline+json"


def headline_bundle(items: list[dict], html: str) -> dict:
    """A display bundle showing ``html`` in the page and carrying ``items`` for the index.

    Each item is ``{"label": str, "value": str, "unit": str, "status": str}``
    with ``value`` already formatted and ``status`` ``published`` or ``synthetic``.
    Use it as ``IPython.display.display(bundle, raw=True)``.
    """
    return {"text/html": html, HEADLINE_MIME: {"items": items}}
