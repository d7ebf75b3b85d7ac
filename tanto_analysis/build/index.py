"""``reports/html/index.html``: every built year with its headline figures, and the trends page.

Headline figures come from the notebooks themselves: any output carrying the
mimetype ``HEADLINE_MIME`` (see :mod:`tanto_analysis.page.headline`) contributes its
``items`` to the year's row.  The pipeline reads them from the executed
notebooks once and keeps them in the build cache, so a no-op build can write
the index without opening a notebook.  The page is plain HTML with inline CSS:
no script, no external request, and the Content-Security-Policy ``<meta>`` of
:mod:`tanto_analysis.build.csp` says so to the browser.  Its content sits in ``<header>``,
``<main>`` and ``<footer>`` landmarks, and it links to the index in the
other language (``reports/html/index.html`` ↔ ``reports/html/en/index.html``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..core.atomic import atomic_write_text
from ..core.text import tr, unit_text
from ..page.html import Markup, render
from ..reference.villages import place_names
from .csp import CSP_META

#: The folder of the index page's template (``index.html.j2``).
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

__all__ = ["index_html", "write_index"]

_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; color: #1d2530;
  max-width: 64rem; margin: 0 auto; padding: 1.5rem; line-height: 1.6; font-size: 15px; overflow-wrap: break-word; }
.table-scroll { max-width: 100%; overflow-x: auto; }
th { word-break: keep-all; }
h1 { border-bottom: 2px solid #1f5f8b; padding-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid #d5dbe3; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
a { color: #1f5f8b; }
ul.figures { margin: 0; padding-left: 1.1rem; }
.synthetic, .failed { color: #b00020; font-weight: bold; }
.published { color: #1f5f8b; font-weight: bold; }
.note { color: #5b6675; font-size: .875rem; }
@media (max-width: 40rem) { body { padding: .9rem; } }
@media print { a { color: inherit; text-decoration: none; } .lang { display: none; } }
"""

def _figures(items: list, lang: str) -> list[dict]:
    """A page's headline items as the template lists them: label, value, unit, change, mark and its class."""
    return [{"label": item.get("label", ""), "value": item.get("value", ""),
             "unit": unit_text(item.get("unit", ""), lang), "change": item.get("change"),
             "css": "synthetic" if item.get("status") == "synthetic" else "published",
             "mark": tr(f"index.status.{item.get('status', '')}", lang, default=item.get("status", ""))}
            for item in items]


def index_html(entries: Mapping[str, Mapping], html_dir: Path, lang: str = "zh") -> str:
    """The index page for the built pages listed in ``entries`` (the build cache)."""
    years = sorted((name for name in entries if name.isdigit()), key=int)
    rows = []
    for year in years:
        entry = entries[year]
        target = entry.get("html", f"{year}.html")
        built = (html_dir / target).is_file()
        if not built and not entry.get("failed"):
            continue
        failed = ""  # a page whose last build failed: the reason, and whether an older page is shown
        if entry.get("failed"):
            failed = tr("index.failed_old" if built else "index.failed", lang, reason=entry["failed"])
        rows.append({"year": year, "href": target if built else None, "open": tr("index.open", lang, year=year),
                     "failed": failed, "headline": _figures(entry.get("headline", []), lang)})
    trends = entries.get("trends")
    shown_trends = None
    if trends and (html_dir / trends.get("html", "trends.html")).is_file():
        shown_trends = {"href": trends.get("html", "trends.html"), "headline": _figures(trends.get("headline", []), lang)}
    other = "en" if lang == "zh" else "zh"
    return render("index.html.j2", folder=TEMPLATE_DIR, lang_code=tr("html.lang", lang), csp_meta=Markup(CSP_META),
                  title=tr("index.title", lang, **place_names(lang)), css=Markup(_CSS),
                  other_href="en/index.html" if lang == "zh" else "../index.html", other_lang=tr("html.lang", other),
                  other_label=tr("page.other_language", lang), rows=rows, year_label=tr("label.year", lang),
                  page_label=tr("index.page", lang), figures_label=tr("index.figures", lang),
                  none_label=tr("index.none", lang), trends=shown_trends, trends_label=tr("index.trends", lang),
                  note=tr("index.note", lang))


def write_index(html_dir: Path, entries: Mapping[str, Mapping], lang: str = "zh") -> Path:
    """Write ``<html_dir>/index.html`` atomically (only if its content changed)."""
    path = html_dir / "index.html"
    text = index_html(entries, html_dir, lang)
    try:
        if path.read_text(encoding="utf-8") == text:
            return path
    except OSError:
        pass
    return atomic_write_text(path, text)
