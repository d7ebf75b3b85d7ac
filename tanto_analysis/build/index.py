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
from ..page.safe_html import esc
from ..reference.villages import place_names
from .csp import CSP_META

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

def _figures(items: list, lang: str) -> str:
    if not items:
        return ""
    lis = []
    for item in items:
        mark = tr(f"index.status.{item.get('status', '')}", lang, default=item.get("status", ""))
        css = "synthetic" if item.get("status") == "synthetic" else "published"
        change = f' <span class="change">（{esc(item["change"])}）</span>' if item.get("change") else ""
        lis.append(f'<li>{esc(item.get("label", ""))}: <strong>{esc(item.get("value", ""))}</strong> '
                   f'{esc(unit_text(item.get("unit", ""), lang))}{change} <span class="{css}">[{esc(mark)}]</span></li>')
    return '<ul class="figures">' + "".join(lis) + "</ul>"


def _failed(entry: Mapping, built: bool, lang: str) -> str:
    """A mark for a page whose last build failed: the reason, and whether an older page is shown."""
    if not entry.get("failed"):
        return ""
    key = "index.failed_old" if built else "index.failed"
    return f' <span class="failed">[{esc(tr(key, lang, reason=entry["failed"]))}]</span>'


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
        link = f'<a href="{esc(target)}">{esc(tr("index.open", lang, year=year))}</a>' if built else ""
        link += _failed(entry, built, lang)
        rows.append(f"<tr><td>{esc(year)}</td><td>{link}</td><td>{_figures(entry.get('headline', []), lang)}</td></tr>")
    body = ('<div class="table-scroll" tabindex="0"><table><thead><tr>'
            f"<th>{tr('label.year', lang)}</th><th>{tr('index.page', lang)}</th><th>{tr('index.figures', lang)}</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>") if rows else f"<p>{tr('index.none', lang)}</p>"
    trends = entries.get("trends")
    trends_html = ""
    if trends and (html_dir / trends.get("html", "trends.html")).is_file():
        trends_html = (f'<h2>{tr("index.trends", lang)}</h2><p><a href="{esc(trends.get("html", "trends.html"))}">'
                       f'{tr("index.trends", lang)}</a></p>{_figures(trends.get("headline", []), lang)}')
    title = esc(tr("index.title", lang, **place_names(lang)))
    other = "en" if lang == "zh" else "zh"
    other_href = "en/index.html" if lang == "zh" else "../index.html"
    other_link = (f'<p class="lang"><a href="{other_href}" hreflang="{tr("html.lang", other)}" '
                  f'lang="{tr("html.lang", other)}">{tr("page.other_language", lang)}</a></p>')
    return (f'<!DOCTYPE html>\n<html lang="{tr("html.lang", lang)}">\n<head>\n<meta charset="utf-8">\n{CSP_META}\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f"<header>\n<h1>{title}</h1>\n{other_link}\n</header>\n<main>\n{body}\n{trends_html}\n</main>\n"
            f"<footer>\n<p class=\"note\">{tr('index.note', lang)}</p>\n</footer>\n"
            "</body>\n</html>\n")


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
