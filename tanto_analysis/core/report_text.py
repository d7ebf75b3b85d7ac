"""Read a yearly report as plain text: ``.txt`` (UTF-8 or GBK) or Word ``.docx``.

Towns write their reports in Word and sometimes save them as text with the
Chinese-Windows default encoding (GBK).  :func:`read_report` returns the same
string for all three, so the figures drafted from it and their quotes do not
depend on the file format.  A ``.docx`` becomes one line per paragraph, in
document order; a table row becomes one line with its cells separated by a
tab.  Lines lose trailing white space, so a ``.txt`` and a ``.docx`` made
from the same text read alike.
"""

from __future__ import annotations

from pathlib import Path

from .errors import InputError, Problem, display_path
from .readers import read_text

__all__ = ["read_report", "report_lines_to_text"]

_TEXT_SUFFIXES = {".txt", ".text", ""}


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


def read_report(path: str | Path) -> str:
    """Return the report's text.

    Parameters
    ----------
    path : path
        A ``.txt`` file in UTF-8 (BOM optional) or GBK/GB18030, or a ``.docx``.

    Returns
    -------
    str
        The text, lines joined with ``\\n``, trailing white space removed.

    Raises
    ------
    InputError
        For a missing, undecodable or unreadable file, or an unsupported type.
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
    elif suffix in _TEXT_SUFFIXES:
        lines = read_text(path).splitlines()
    else:
        raise InputError([Problem(name, None, None,
                                  f"unsupported report type {suffix!r}; expected .txt (UTF-8/GBK) or .docx")])
    return report_lines_to_text(lines)
