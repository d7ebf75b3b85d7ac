"""Safety of a page, enforced on the executed notebooks before the page is rendered.

Whatever a notebook's cells do (an analyst may add any cell in JupyterLab),
the page is only written when every output of every cell passes two checks:

**Privacy** (every page)
    No output holds a 18-digit 身份证号, a phone number or a bank-card number
    (:func:`~tanto_analysis.core.privacy.looks_like_personal`), and no
    table header is a personal-looking column or a record id
    (:func:`~tanto_analysis.core.privacy.is_personal_column`: 姓名, 户主,
    ``household_id`` …).  An output that fails is removed from the executed
    notebook kept in ``reports/executed/`` as well.

**Disclosure control** (pages whose year has ledgers, ``from_ledgers``)
    An output the library did not make as a table or chart under disclosure
    control (a raw DataFrame, a bare value, printed text, a matplotlib
    figure drawn without the library's charts) is refused: whatever is made
    from ledger rows reaches a page through ``y.table(frame, caption)`` or
    the library's charts, which show what the project's rules withhold.

**Synthetic label** (pages built from synthetic ledgers, i.e. a page on which
the library put :data:`~tanto_analysis.core.text.SYNTHETIC_MARK`)
    An output the library did not make as a labelled table or chart must
    carry the mark itself: a raw DataFrame (``<table class="dataframe">``),
    a bare value (``text/plain`` only), printed text, or a matplotlib figure
    drawn without the library's charts.  Show such results with
    ``y.table(frame, caption)`` (:meth:`tanto_analysis.api.Year.table`).

A failure is a :class:`~tanto_analysis.core.errors.BuildError` naming the
notebook, the cell (1-based, as in the source notebook) and what is wrong.

:func:`scrub_error_outputs` removes ledger values from the error output of a
failed cell before the executed notebook is kept, and :func:`scrub_text` from
a failed page's error before the build cache, the index and the log record
it.  Both are a second layer: the library's own messages never quote a value
(:class:`~tanto_analysis.core.errors.Problem` keeps it apart), but any other
exception raised in a notebook may.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from html import unescape
from pathlib import Path

from ..core.errors import BuildError
from ..core.lean_imports import NBFORMAT_SKIPS, import_without
from ..core.privacy import is_personal_column, looks_like_personal, redact_personal
from ..core.text import SYNTHETIC_MARK

nbformat = import_without("nbformat", NBFORMAT_SKIPS)  # see core.lean_imports

__all__ = ["OutputError", "check_outputs", "scrub_error_outputs", "scrub_text"]

#: Cells the pipeline and papermill insert; not counted when a cell is named.
_INSERTED = {"injected-parameters", "tanto-isolation", "papermill-error-cell-tag"}
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL | re.IGNORECASE)
_TABLE = re.compile(r"<table\b([^>]*)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_GOT = re.compile(r"""\b(got|found|value) (['"]).*?\2|\b(got) (?!\[removed\])[^\s;,)]+""")
#: Markup that could act in a page: a tag with an event handler, a source or a link, or a script-like tag.
_MARKUP = re.compile(r"<\s*/?\s*(?:script|style|iframe|object|embed|svg|math)\b[^>]*>?|"
                     r"<\s*[A-Za-z][\w:-]*\s[^<>]*\b(?:on\w+|src|href|style)\s*=[^<>]*>?", re.IGNORECASE)
REDACTED = "[removed]"


class OutputError(BuildError):
    """An output of a page's notebook fails the privacy or the synthetic-label check."""


def _text(output: dict) -> str:
    """Every text an output carries (data URIs left out)."""
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    parts = []
    for mime, value in output.get("data", {}).items():
        if mime.startswith("image/"):
            continue
        parts.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return _DATA_URI.sub("", "\n".join(parts))


def _privacy_problem(output: dict) -> str | None:
    text = _text(output)
    if looks_like_personal(text):
        return "shows a number that looks like a 身份证号, a phone or a bank-card number"
    html = str(output.get("data", {}).get("text/html", ""))
    for header in _HEADER.findall(html):
        name = unescape(_TAG.sub("", header)).strip()
        if name and is_personal_column(name):
            return f"shows a personal-looking column or a record id ({name!r})"
    return None


def _unlabelled(output: dict, *, mark_is_enough: bool = True) -> str | None:
    """What in ``output`` the library did not make (None if nothing): a raw table, printed text, a bare value …

    For the synthetic-label rule an output carrying the mark is enough
    (``mark_is_enough``); for disclosure control it is not: a raw table
    captioned 合成数据 is still a raw table.
    """
    kind = output.get("output_type")
    if kind not in ("stream", "display_data", "execute_result"):
        return None
    if mark_is_enough and SYNTHETIC_MARK in _text(output):
        return None
    if kind == "stream":
        return "printed text" if output.get("name") == "stdout" and output.get("text", "").strip() else None
    data = output.get("data", {})
    html = str(data.get("text/html", ""))
    if any("tanto-table" not in attrs for attrs in _TABLE.findall(html)):
        return "a table"
    if any(m.startswith("image/") for m in data) and str(data.get("text/plain", "")).startswith("<Figure"):
        return "a chart drawn without the library's charts"
    if not html and not any(m.startswith("image/") for m in data) and len(data) == 1 and "text/plain" in data:
        return "a value"
    return None


def _cell_name(cells: list, index: int) -> str:
    position = sum(1 for c in cells[:index] if not set(c.get("metadata", {}).get("tags", [])) & _INSERTED) + 1
    lines = cells[index].source.strip().splitlines()
    first = next((ln for ln in lines if not ln.lstrip().startswith("#")), lines[0] if lines else "")
    return f"cell {position} (`{first.strip()}`)"


def check_outputs(notebook_paths: Sequence[Path], *, from_ledgers: bool = False) -> None:
    """Check every output of a page's executed notebooks (see the module's docstring).

    ``from_ledgers`` says the page's years have ledgers (real or synthetic):
    then every output must be the library's (disclosure control).

    Raises
    ------
    OutputError
        One line per failing output: ``<notebook>: cell <n> (`first line`): <what>``.
        Outputs that fail the privacy check are removed from the executed
        notebook before the error is raised.
    """
    notebooks = [(Path(p), nbformat.read(p, as_version=4)) for p in notebook_paths]
    synthetic = any(SYNTHETIC_MARK in _text(o) for _, nb in notebooks for c in nb.cells
                    for o in c.get("outputs", []))
    problems: list[str] = []
    for path, nb in notebooks:
        removed = False
        for index, cell in enumerate(nb.cells):
            kept = []
            for output in cell.get("outputs", []):
                private = _privacy_problem(output)
                if private:
                    problems.append(f"{path.name}: {_cell_name(nb.cells, index)}: {private}; "
                                    f"the output was removed")
                    removed = True
                    continue
                kept.append(output)
                what = _unlabelled(output, mark_is_enough=not from_ledgers) if synthetic or from_ledgers else None
                if what and from_ledgers:
                    problems.append(f"{path.name}: {_cell_name(nb.cells, index)}: {what} on a page made from "
                                    "ledgers, without disclosure control; show tables with y.table(frame, caption) "
                                    "and charts with the library's charts (docs/disclosure.md)")
                elif what:
                    problems.append(f"{path.name}: {_cell_name(nb.cells, index)}: {what} made from synthetic "
                                    f"ledgers without the label {SYNTHETIC_MARK!r}; show tables with "
                                    f"y.table(frame, caption) and charts with the library's charts")
            if cell.cell_type == "code":
                cell.outputs = kept
        if removed:
            nbformat.write(nb, path)
    if problems:
        raise OutputError("the page breaks the privacy or the synthetic-label rule:\n" + "\n".join(problems))


def scrub_text(text: str) -> str:
    """``text`` with ledger values removed: quoted values after ``got``/``found``/``value`` (and an
    unquoted one after ``got``), personal-looking numbers and active markup (``<img src=x onerror=…>``).

    A second layer: messages built by the library never quote a value
    (:class:`~tanto_analysis.core.errors.Problem` keeps it apart), but an
    exception raised elsewhere in a notebook may.

    Examples
    --------
    >>> scrub_text("loans.csv:4:village: unknown village; got '张三 13812345678'")
    'loans.csv:4:village: unknown village; got [removed]'
    >>> scrub_text("date outside the year 2022; got 2021-12-01")
    'date outside the year 2022; got [removed]'

    Any other quoted text goes too (pandas', DuckDB's and Python's own
    messages quote the value they could not use):

    >>> scrub_text("KeyError: '张三'"), scrub_text('Could not convert string "张三" to INT64')
    ('KeyError: [removed]', 'Could not convert string [removed] to INT64')
    """
    text = _GOT.sub(lambda m: f"{m.group(1) or m.group(3)} {REDACTED}", text)
    text = _QUOTED.sub(lambda m: m.group(0) if _LOCATED.search(m.group(0)) else REDACTED, text)
    return redact_personal(_MARKUP.sub(REDACTED, text), REDACTED)


#: A quoted span on one line: '…', "…", “…”, ‘…’ (the library's own messages quote no value) …
_QUOTED = re.compile(r"""'[^'\n]*'|"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’""")
#: … unless it is one of the library's own ``file:row:column: message`` lines (an exception's repr quotes it).
_LOCATED = re.compile(r"\.\w+:\d*:[\w ]*: ")


def scrub_error_outputs(nb) -> None:
    """Remove ledger values from the error outputs of an executed notebook (changed in place, before it is written).

    The traceback is replaced by its last line (``Exception: message``) with
    the values scrubbed, so the file ``reports/executed/…`` never holds a
    rejected value such as a 身份证号.
    """
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["evalue"] = scrub_text(str(output.get("evalue", "")))
                output["traceback"] = [f"{output.get('ename', 'Error')}: {output['evalue']}"]
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                output["text"] = scrub_text(str(output.get("text", "")))
