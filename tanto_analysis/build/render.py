"""Executed notebooks → one self-contained, deterministic HTML page.

:func:`render_page` merges a page's executed notebooks (in file-name order)
into one notebook and renders it with nbconvert's ``HTMLExporter`` and the
package's ``tanto`` template (``tanto_analysis/build/templates/tanto``):

* code cells' input and all prompts are hidden; images are embedded as
  ``data:`` URIs; there is no ``<script>`` at all, no CDN, no MathJax, no web
  font: the page makes **zero external requests** (:func:`check_offline`
  enforces it), and a Content-Security-Policy ``<meta>`` early in ``<head>``
  (:data:`~tanto_analysis.build.csp.CONTENT_SECURITY_POLICY`) lets the browser
  run no script and load nothing but ``data:`` images and inline styles;
* markdown cells tagged ``lang-zh`` appear only on Chinese pages, cells
  tagged ``lang-en`` only on English pages, untagged cells on both
  (:func:`merge_notebooks`);
* a table of contents is built from the headings (:func:`add_toc`); it shows
  the headings' own numbering (一、二、 or 1., 2.) and adds none; heading
  levels in ``<main>`` never skip a level (an ``<h3>`` right after an
  ``<h1>`` becomes an ``<h2>``), so screen readers get a sound outline;
* the header links to the index and to the page in the other language
  (``reports/html/<page>`` ↔ ``reports/html/en/<page>``) and says that both
  links need the page's folder; printed pages carry a running header (title,
  and the synthetic mark when the page shows synthetic data) and page numbers
  from ``@page`` margin boxes (:func:`print_css`);
* a footer states the package version, the parameters and the SHA-256 of
  every data file (:func:`footer_html`);
* the output is deterministic: cell ids are replaced by ``<notebook>-<n>``,
  execution counts, cell metadata (papermill timings) and notebook metadata
  (kernel ids, paths) are dropped, and stderr streams (warnings may carry
  local paths) are not rendered.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..core.errors import BuildError
from ..core.lean_imports import NBFORMAT_SKIPS, import_without
from ..core.text import SYNTHETIC_MARK, tr
from ..page.html import Markup, render
from ..page.report_html import link_quotes, report_text_html
from .csp import CSP_META, csp_problem
from .headings import Heading, outline

nbformat = import_without("nbformat", NBFORMAT_SKIPS)  # see core.lean_imports

__all__ = [
    "OfflineError",
    "TEMPLATE_DIR",
    "add_toc",
    "check_offline",
    "footer_html",
    "level_headings",
    "merge_notebooks",
    "other_language_href",
    "print_css",
    "render_page",
]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
_DROPPED_TAGS = {"parameters", "injected-parameters", "tanto-isolation"}
#: A markdown cell with this tag is shown only on pages of that language.
LANG_TAGS = {"lang-zh": "zh", "lang-en": "en"}
_EXTERNAL = re.compile(r"""(?:src|href|action|data|poster)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
                       re.IGNORECASE)

class OfflineError(BuildError):
    """The rendered page would make an external request."""


def _removed_tags(lang: str | None) -> set[str]:
    """The tags of the cells a page leaves out: parameters, and the other language's (``lang-zh`` / ``lang-en``)."""
    if lang is None:
        return set(_DROPPED_TAGS)
    return _DROPPED_TAGS | {tag for tag, language in LANG_TAGS.items() if language != (lang if lang == "zh" else "en")}


def merge_notebooks(notebook_paths: Sequence[Path], lang: str | None = None) -> nbformat.NotebookNode:
    """One notebook holding the cells of ``notebook_paths`` in order, stripped for rendering.

    Cells are left out with nbconvert's ``TagRemovePreprocessor``: those
    tagged ``parameters`` (and the cells the build and papermill add), and
    those tagged for the other language (so a cell tagged both ``lang-zh``
    and ``lang-en`` appears on neither page: leave such a cell untagged).

    Parameters
    ----------
    notebook_paths : sequence of Path
        Executed notebooks, in page order.
    lang : {"zh", "en"}, optional
        The page's language: cells tagged ``lang-zh`` or ``lang-en`` for the
        other language are left out.  ``None`` keeps every cell.
    """
    from nbconvert.preprocessors import TagRemovePreprocessor

    merged = nbformat.v4.new_notebook()
    merged.metadata = {"language_info": {"name": "python"}}
    for path in notebook_paths:
        nb = nbformat.read(path, as_version=4)
        stem = Path(path).stem
        # ids count the notebook's cells as run, without the isolation cell the build may put first
        # (a page's first notebook has it when its kernel ran a previous page): the same page, the same ids
        cells = [c for c in nb.cells if "tanto-isolation" not in c.get("metadata", {}).get("tags", [])]
        for index, cell in enumerate(cells):
            cell.id = f"{stem}-{index}"
            merged.cells.append(cell)
    merged, _ = TagRemovePreprocessor(remove_cell_tags=_removed_tags(lang)).preprocess(merged, {})
    for cell in merged.cells:
        cell.metadata = {}
        if cell.cell_type == "code":
            cell.execution_count = None
            kept = []
            for output in cell.outputs:
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    continue
                if "execution_count" in output:
                    output["execution_count"] = None
                kept.append(output)
            cell.outputs = kept
        if cell.cell_type == "markdown" and "attachments" in cell:
            del cell["attachments"]
    return merged


def _slug_unique(ident: str, seen: dict[str, int]) -> str:
    count = seen.get(ident, 0) + 1
    seen[ident] = count
    return ident if count == 1 else f"{ident}-{count}"


def _shown_levels(headings: list[Heading]) -> list[int]:
    """Each heading's level in the page: at most one deeper than the heading before (h1 → h3 becomes h1 → h2)."""
    previous, shown = 1, []
    for heading in headings:
        previous = min(heading.level, previous + 1)
        shown.append(previous)
    return shown


def _apply(page: str, edits: list[tuple[int, int, str]]) -> str:
    """``page`` with each ``(start, end, text)`` span replaced (spans do not overlap)."""
    for start, end, text in sorted(edits, reverse=True):
        page = page[:start] + text + page[end:]
    return page


def _heading_edits(page: str, heading: Heading, level: int, unique: str | None) -> list[tuple[int, int, str]]:
    """The edits that show ``heading`` at ``level`` (and with id ``unique``), its anchor link following.

    Only the level's digit of ``<hN`` and ``</hN`` changes, and the id where
    it is made unique; the rest of the tags stays as nbconvert wrote it.
    """
    attributes = page[heading.start + 3:heading.start_end]
    inner = page[heading.start_end:heading.close]
    if unique is not None and unique != heading.ident:
        attributes = attributes.replace(f'id="{heading.ident}"', f'id="{unique}"', 1)
        inner = inner.replace(f'href="#{heading.ident}"', f'href="#{unique}"')
    return [(heading.start + 2, heading.start + 3, str(level)),
            (heading.start + 3, heading.start_end, attributes),
            (heading.start_end, heading.close, inner),
            (heading.close + 3, heading.close + 4, str(level))]


def add_toc(page: str, marker: str = "<!--TANTO-TOC-->") -> str:
    """Level the headings, make their ids unique and put a linked table of contents at ``marker``.

    The headings of ``<main>`` are found with an HTML parser
    (:func:`~tanto_analysis.build.headings.outline`); levels are lowered
    where one is skipped (:func:`level_headings`).  Headings shown at levels
    1–3 are listed (levels 2 and 3 indented) with their own text; the page
    title itself is outside ``<main>`` and not listed.
    """
    headings = outline(page)
    seen: dict[str, int] = {}
    entries: list[tuple[int, str, Markup]] = []
    edits: list[tuple[int, int, str]] = []
    for heading, level in zip(headings, _shown_levels(headings), strict=True):
        unique = None
        if level <= 3 and heading.ident:
            unique = _slug_unique(heading.ident, seen)
            # the text as the markdown renderer wrote it (already escaped), without the ¶ anchor
            entries.append((level, unique, Markup("".join(heading.text).replace("¶", "").strip())))
        edits += _heading_edits(page, heading, level, unique)
    page = _apply(page, edits)
    return page.replace(marker, render("toc.html.j2", entries=entries), 1)


def level_headings(page: str) -> str:
    """Inside ``<main>``, lower any heading that skips a level (h1 → h3 becomes h1 → h2).

    The page title is an ``<h1>`` outside ``<main>``; within it each heading
    is at most one level deeper than the one before, as assistive technology
    (and axe-core's ``heading-order`` rule) expects.
    """
    headings = outline(page)
    return _apply(page, [edit for heading, level in zip(headings, _shown_levels(headings), strict=True)
                         for edit in _heading_edits(page, heading, level, None)])


def footer_html(*, version: str, parameters: Mapping[str, object], data_hashes: Mapping[str, str],
                lang: str = "zh", versions: Mapping[str, str] | None = None) -> str:
    """The provenance footer: package and library versions, parameters and data-file hashes.

    ``versions`` maps a library to its version (pandas, matplotlib, seaborn,
    statsmodels, nbconvert, papermill …): the same inputs give the same page
    only with the same libraries, so the page says which it was built with.
    """
    return render("footer.html.j2", generated=tr("footer.generated", lang), version_label=tr("footer.version", lang),
                  version=version, libraries_label=tr("footer.libraries", lang),
                  libraries=", ".join(f"{k} {v}" for k, v in sorted((versions or {}).items())),
                  parameters_label=tr("footer.parameters", lang),
                  parameters=", ".join(f"{k}={v}" for k, v in sorted(parameters.items())),
                  data_label=tr("footer.data", lang), file_label=tr("footer.file", lang),
                  none_label=tr("footer.none", lang), hashes=sorted(data_hashes.items()))


def check_offline(page: str) -> None:
    """Raise :class:`OfflineError` if ``page`` references anything outside itself.

    Also if it lacks the Content-Security-Policy ``<meta>`` of
    :mod:`tanto_analysis.build.csp` early in ``<head>``
    (:func:`~tanto_analysis.build.csp.csp_problem`).
    """
    if "<script" in page.lower():
        raise OfflineError("the page contains a <script> element")
    match = _EXTERNAL.search(page)
    if match:
        context = page[max(0, match.start() - 60): match.end() + 60]
        raise OfflineError(f"the page references an external resource: {context!r}")
    problem = csp_problem(page)
    if problem:
        raise OfflineError(problem)


def other_language_href(page_file: str, lang: str) -> str:
    """Relative link from a page to its other-language version.

    Chinese pages live in ``reports/html/``, English ones in ``reports/html/en/``.

    >>> other_language_href("2022.html", "zh"), other_language_href("2022.html", "en")
    ('en/2022.html', '../2022.html')
    """
    return f"en/{page_file}" if lang == "zh" else f"../{page_file}"


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (for ``content:``), safe inside ``<style>``."""
    cleaned = text.replace("\\", "").replace('"', "'").replace("<", "‹").replace(">", "›")
    return '"' + cleaned.replace("\n", " ") + '"'


def print_css(title: str, lang: str, synthetic: bool) -> str:
    """The ``@page`` rules of one page: A4, margins, running header and page numbers.

    Chromium (≥ 131) draws ``@page`` margin boxes; the header repeats the
    page title, and :data:`~tanto_analysis.core.text.SYNTHETIC_MARK` when the
    page shows synthetic data; the footer says ``第 n / N 页`` or ``Page n of N``.
    """
    header = f"{title} · {SYNTHETIC_MARK}" if synthetic else title
    numbers = tr("page.number_css", lang)
    return ("@page { size: A4; margin: 18mm 15mm 18mm 15mm;\n"
            f"  @top-center {{ content: {_css_string(header)}; font-size: 8pt; color: #5b6675; }}\n"
            f"  @bottom-center {{ content: {numbers}; font-size: 8pt; color: #5b6675; }} }}\n")


@functools.lru_cache(maxsize=1)
def _exporter():
    """nbconvert's ``HTMLExporter`` with the ``tanto`` template; one per process (its templates compile once)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(extra_template_basedirs=[str(TEMPLATE_DIR)], template_name="tanto", exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True)


def render_page(notebook_paths: Sequence[Path], *, title: str, kicker: str, lang: str,
                footer: str, index_label: str, page_file: str = "", report_text: str | None = None,
                from_ledgers: bool = False, rules_footer: str | None = None, index_href: str = "index.html") -> str:
    """Render executed notebooks into one offline HTML page (a str).

    Parameters
    ----------
    notebook_paths : sequence of Path
        Executed notebooks, in page order.
    title, kicker, index_label : str
        Page title, the line above it, and the text of the link back to the index.
    index_href : str, optional
        Where that link goes: the index beside the page, or (a page that is
        the index itself) an anchor of its own.
    lang : {"zh", "en"}
        Page language (``<html lang>`` and fixed labels).
    footer : str
        HTML for the footer (see :func:`footer_html`).
    page_file : str, optional
        The page's file name (``2022.html``): with it the header links to the
        same page in the other language (:func:`other_language_href`).
    report_text : str, optional
        The year's report (:func:`~tanto_analysis.core.report_text.read_report`):
        the page then carries it collapsed at the end of ``<main>`` and shows
        each quote cell as its clause, linked to the paragraph
        (:mod:`tanto_analysis.page.report_html`).
    from_ledgers : bool
        The page's years have ledgers: every output must have passed
        disclosure control (:func:`~tanto_analysis.build.output_check.check_outputs`).
    rules_footer : str, optional
        HTML saying which disclosure rules the page follows; default the
        project's (a county page, made of several projects, says each town's).
    """
    from ..analysis.disclosure import project_rules
    from ..page.sdc import page_summary_html, rules_html
    from .output_check import check_outputs

    # privacy, disclosure control and synthetic label of every output, naming notebook and cell
    check_outputs(notebook_paths, from_ledgers=from_ledgers)
    exporter = _exporter()
    css = (TEMPLATE_DIR / "tanto" / "appendix.css").read_text(encoding="utf-8")
    notebook = merge_notebooks(notebook_paths, lang)
    synthetic = any(SYNTHETIC_MARK in str(output.get("data", {}).get("text/html", ""))
                    for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)
    css += print_css(title, lang, synthetic)
    other = "en" if lang == "zh" else "zh"
    resources = {
        "tanto": {
            "lang_code": tr("html.lang", lang),
            "csp_meta": CSP_META,
            "title": title,
            "kicker": kicker,
            "css": css,
            "footer_html": footer + (rules_footer if rules_footer is not None else rules_html(project_rules(), lang)),
            "toc_label": tr("page.contents", lang),
            "index_label": index_label,
            "index_href": index_href,
            "other_href": other_language_href(page_file, lang) if page_file else "",
            "other_label": tr("page.other_language", lang),
            "other_lang": tr("html.lang", other),
            "alone_note": tr("page.alone", lang),
            "report_label": tr("report.link", lang) if report_text else "",
        },
        "metadata": {"name": title},
    }
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    page = add_toc(body)
    # what disclosure control withheld on this page, counted from every table's and chart's note
    page = page.replace('<main id="appendix">\n', '<main id="appendix">\n' + page_summary_html(page, lang), 1)
    if report_text:
        page = link_quotes(page, report_text)
        page = page.replace("\n</main>", "\n" + report_text_html(report_text, lang) + "\n</main>", 1)
    if lang != "zh":  # the English page names the synthetic mark in English (charts keep both)
        page = page.replace(f"（{SYNTHETIC_MARK}）", f" ({tr('label.synthetic_mark', lang)})").replace(
            SYNTHETIC_MARK, tr("label.synthetic_mark", lang))
    page = "\n".join(line.rstrip() for line in page.splitlines()) + "\n"
    check_offline(page)
    return page
