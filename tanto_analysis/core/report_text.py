"""Read a yearly report as plain text: ``.txt`` (UTF-8 or GBK), Word ``.docx`` or ``.pdf``.

Towns write their reports in Word and sometimes save them as text with the
Chinese-Windows default encoding (GBK).  :func:`read_report` returns the same
string for all three, so the figures drafted from it and their quotes do not
depend on the file format.  A ``.docx`` becomes one line per paragraph, in
document order; a table row becomes one line with its cells separated by a
tab.  A ``.pdf`` is read with pypdfium2 (its text layer, page by page; a
line that is only a page number is left out); a PDF without a text layer (a
scan) is refused.  Lines lose trailing white space, so a ``.txt`` and a
``.docx`` made from the same text read alike, and lines a PDF's layout broke
inside a sentence are joined (:func:`tanto_analysis.core.line_joins.join_broken_lines`),
so a report, its PDF and text copied out of that PDF read alike too.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError, Problem, display_path
from .line_joins import join_broken_lines
from .readers import read_text

__all__ = ["REPORT_SUFFIXES", "page_text_lines", "read_report", "report_lines_to_text"]

_TEXT_SUFFIXES = {".txt", ".text", ""}
#: The report types :func:`read_report` reads.
REPORT_SUFFIXES: tuple[str, ...] = (".txt", ".docx", ".pdf")
_PAGE_NUMBER = re.compile(r"^[ \t\u3000]*(?:[-—－]\s*\d{1,3}\s*[-—－]|第\s*\d{1,3}\s*页(?:\s*/?\s*共\s*\d{1,3}\s*页)?|\d{1,3})[ \t\u3000]*$")


def report_lines_to_text(lines: list[str]) -> str:
    """Join report lines with ``\\n``, dropping trailing white space of each line."""
    return "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"


def _docx_lines(path: Path) -> list[str]:
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:  # merged cells repeat; keep each once
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text.replace("\n", " "))
                lines.append("\t".join(cells))
    return lines


def page_text_lines(text: str) -> list[str]:
    """A PDF page's text as lines, without the page number at its top or foot (``- 3 -``, ``第3页``, ``3``).

    Examples
    --------
    >>> page_text_lines("第 2 页\\r\\n全镇新建道路12公里，\\r\\n改造桥梁3座。\\r\\n- 2 -\\r\\n")
    ['全镇新建道路12公里，', '改造桥梁3座。']
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and (not lines[-1].strip() or _PAGE_NUMBER.match(lines[-1])):
        lines.pop()
    while lines and (not lines[0].strip() or _PAGE_NUMBER.match(lines[0])):
        lines.pop(0)
    return lines


def _pdf_lines(path: Path, name: str) -> list[str]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise InputError([Problem(name, None, None, f"cannot read as .pdf: {exc}")]) from None
    lines: list[str] = []
    try:
        for page in document:
            textpage = page.get_textpage()
            lines += page_text_lines(textpage.get_text_range())
            textpage.close()
            page.close()
        pages = len(document)
    finally:
        document.close()
    if not any(line.strip() for line in lines):
        raise InputError([Problem(name, None, None, (
            f"the PDF has no text layer (its {pages} page(s) hold only images or drawings, as a scan does); "
            "use the PDF exported from Word or WPS, or the .docx, or make the text searchable with OCR first"))])
    return lines


def read_report(path: str | Path) -> str:
    """Return the report's text.

    Parameters
    ----------
    path : path
        A ``.txt`` file in UTF-8 (BOM optional) or GBK/GB18030, a ``.docx`` or a ``.pdf``.

    Returns
    -------
    str
        The text, lines joined with ``\\n``, trailing white space removed,
        lines broken inside a sentence by a PDF's layout joined.

    Raises
    ------
    InputError
        For a missing, undecodable or unreadable file, a PDF without a text
        layer, or an unsupported type.
    """
    path = Path(path)
    name = display_path(path)
    if not path.is_file():
        raise InputError([Problem(name, None, None, "report not found")])
    suffix = path.suffix.lower()
    if suffix == ".docx":
        try:
            lines = _docx_lines(path)
        except Exception as exc:  # python-docx raises many types for a broken file
            raise InputError([Problem(name, None, None, f"cannot read as .docx: {exc}")]) from None
    elif suffix == ".pdf":
        lines = _pdf_lines(path, name)
    elif suffix in _TEXT_SUFFIXES:
        lines = read_text(path).splitlines()
    else:
        raise InputError([Problem(name, None, None,
                                  f"unsupported report type {suffix!r}; expected .txt (UTF-8/GBK), .docx or .pdf")])
    return join_broken_lines(report_lines_to_text(lines))
