"""Every HTML fragment of a page, written with Jinja2 templates (``page/templates/*.html.j2``).

The environment escapes whatever a template is given (``autoescape``):
catalogue text (``core/messages.csv`` is meant to be edited), village names,
quotes, ledger labels.  Only a value wrapped in :class:`markupsafe.Markup`
(HTML made by another template, by nbconvert's markdown renderer or by the
CSV encoder) goes in as it is.  A value is escaped as :func:`html.escape` does
(``&quot;``, ``&#x27;``), ``None`` shows as nothing.

Templates are compiled once per process.  Jinja2 and markupsafe are
imported here and nowhere else in the package but the build's nbconvert
template.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path

import jinja2
from markupsafe import Markup

__all__ = ["TEMPLATES", "Markup", "render"]

#: The folder of the fragments' templates.
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _escaped(value: object) -> object:
    """A value as a template shows it: HTML as it is, anything else escaped, ``None`` as nothing."""
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


@functools.cache
def environment(folder: str = str(TEMPLATES)) -> jinja2.Environment:
    """The Jinja2 environment of the templates in ``folder`` (autoescape on, undefined names an error)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True, finalize=_escaped,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              auto_reload=False)


def render(name: str, folder: Path | None = None, **context: object) -> str:
    """The template ``name`` (of ``page/templates``, or of ``folder``) rendered with ``context``.

    >>> render("sdc_rules.html.j2", text="n < 3")
    '<p class="sdc-rules">n &lt; 3</p>'
    """
    return environment(str(folder or TEMPLATES)).get_template(name).render(**context)
