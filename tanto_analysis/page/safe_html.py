"""HTML fragments for the appendix that are escaped and free of personal data.

Two rules protect the appendix, whatever a user's ledger contains:

* **Privacy** – :func:`drop_personal_columns` removes every column whose name
  looks personal (姓名, 户主, 身份证, 电话, name, phone, …), every record-id
  column (``household_id``, ``loan_id`` …; the appendix shows aggregates only)
  and every column with a value that looks like an 18-digit 身份证号, a
  phone number or a bank-card number.  :func:`html_table` applies it before rendering.
  The rules themselves live in :mod:`tanto_analysis.core.privacy` (re-exported here).
* **Escaping** – all text that reaches the page goes through
  :func:`html.escape`, so a village named ``<script>alert(1)</script>`` shows
  as text.

Numbers are formatted with :func:`tanto_analysis.core.numbers.format_number`
(thousands separators, at most two decimals, trailing zeros dropped), so
output is stable.

**Downloads** – every table comes with a "下载CSV / Download CSV" link
(:func:`csv_link`): the shown columns under their shown headers, as UTF-8
with a BOM (Excel opens it with the Chinese intact) in a
``data:text/csv;charset=utf-8;base64,…`` URI, so the page stays one offline
file.  Numbers are the shown ones without thousands separators
(``46229.84`` for ``46,229.84``); a unit column stays a column of its own.
A table sits in a ``div.table-scroll`` box: on a phone a wide table
scrolls inside its box, never the page.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..core.numbers import format_number
from ..core.privacy import (
    is_personal_column,
    looks_like_bank_card,
    looks_like_id_number,
    looks_like_personal,
    looks_like_phone,
    redact_personal,
)
from ..core.text import SYNTHETIC_MARK, tr, unit_text
from .html import Markup, render

if TYPE_CHECKING:  # pandas is imported where a table is made: the index page needs only esc
    import pandas as pd

__all__ = [
    "csv_data_uri",
    "csv_link",
    "drop_personal_columns",
    "esc",
    "html_table",
    "is_personal_column",
    "looks_like_bank_card",
    "looks_like_id_number",
    "looks_like_personal",
    "looks_like_phone",
    "number_text",
    "redact_personal",
    "table_lang",
]


def esc(text: object) -> str:
    """HTML-escape any value's text (quotes too)."""
    return html.escape("" if text is None else str(text), quote=True)


def drop_personal_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without columns that look personal by name or by content."""
    import pandas as pd

    keep = []
    for column in frame.columns:
        if is_personal_column(column):
            continue
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            texts = {str(v) for v in values.dropna().tolist()}
            if any(looks_like_personal(t) for t in texts):
                continue
        keep.append(column)
    return frame[keep]


_TAG = re.compile(r"<[^>]+>")
_GROUPED = re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_UNSAFE_FILE = re.compile(r'[\\/:*?"<>|\s]+')


def _plain(value: object) -> str:
    """A cell as CSV text: numbers without grouping (at most two decimals), also inside text; HTML as its text."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, grouping=False, missing="")
    text = html.unescape(_TAG.sub("", str(value))).strip()
    return _GROUPED.sub(lambda m: m.group(0).replace(",", ""), text)  # "4,500,000以上" → "4500000以上"


def csv_data_uri(frame: pd.DataFrame, columns: Mapping[str, str] | None = None) -> str:
    """``frame`` (its ``columns``, renamed to their headers) as a UTF-8-with-BOM CSV ``data:`` URI.

    Numbers are written like the page shows them but without thousands
    separators (11465000, 46229.84, 77.3); cells holding HTML keep their text.
    Personal-looking columns are dropped (:func:`drop_personal_columns`).

    Examples
    --------
    >>> import pandas as pd
    >>> uri = csv_data_uri(pd.DataFrame({"value": [11465000.0], "unit": ["元"]}), {"value": "数值", "unit": "单位"})
    >>> base64.b64decode(uri.split(",", 1)[1]).decode("utf-8-sig").splitlines()
    ['数值,单位', '11465000,元']
    """
    safe = drop_personal_columns(frame)
    columns = dict(columns) if columns is not None else {str(c): str(c) for c in safe.columns}
    shown = [c for c in columns if c in safe.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_plain(columns[c]) for c in shown])
    for record in safe[shown].to_dict("records"):
        writer.writerow([_plain(record[c]) for c in shown])
    payload = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(payload).decode("ascii")


def csv_link(frame: pd.DataFrame, columns: Mapping[str, str] | None = None, *, name: str = "",
             lang: str = "zh", label: str | None = None) -> str:
    """A "下载CSV / Download CSV" link to ``frame`` as a CSV ``data:`` URI (see :func:`csv_data_uri`).

    ``name`` (a caption or chart title) becomes the suggested file name; a
    name carrying the synthetic mark gives ``…_合成数据.csv`` / ``…_synthetic.csv``.
    ``label`` is the link's text (default: ``download.csv`` of the text catalogue).
    """
    synthetic = SYNTHETIC_MARK in name
    name = name.replace(f"（{SYNTHETIC_MARK}）", "").replace(SYNTHETIC_MARK, "")
    if synthetic:
        name = f"{name} {tr('label.synthetic_file', lang)}"
    stem = _UNSAFE_FILE.sub("_", name).strip("_")[:80] or "table"
    return render("download.html.j2", href=csv_data_uri(frame, columns), stem=stem,
                  label=tr("download.csv", lang) if label is None else label)


def table_lang(columns: Mapping[str, str], caption: str) -> str:
    """The language of a table's labels: Chinese if any header or the caption has a CJK character."""
    text = caption + "".join(str(v) for v in columns.values())
    return "zh" if re.search(r"[\u4e00-\u9fff]", text.replace("合成数据 / SYNTHETIC DATA", "")) else "en"


def html_table(frame: pd.DataFrame, columns: Mapping[str, str], *, caption: str = "",
               numeric: Iterable[str] = (), css_class: str = "tanto-table",
               row_ids: str | None = None, raw_html: Iterable[str] = (),
               lang: str | None = None, download: bool = True, unit: str | None = None) -> str:
    """Render selected columns of an aggregate table as an escaped HTML table.

    Parameters
    ----------
    frame : DataFrame
        An aggregate table (never ledger rows).
    columns : mapping
        Column name → header text, in display order.  Personal-looking columns
        are dropped even if listed.
    caption : str
        Table caption (escaped).
    numeric : iterable of str
        Columns formatted with :func:`format_number` and right-aligned.
    row_ids : str, optional
        Column whose value becomes each row's ``id`` (e.g. ``fig-<id>``) so
        links can point at it.
    raw_html : iterable of str
        Columns whose cells are HTML built by this package (already escaped).
    lang : {"zh", "en"}, optional
        Language of the download link; by default guessed from the headers.
    download : bool
        Add the "下载CSV / Download CSV" link (:func:`csv_link`) after the table.
    unit : str, optional
        The unit of every numeric column (``元``, ``人`` …), for a table without
        a ``unit`` column.  Amounts in 元 that are not whole keep exactly two
        decimals (``262,635.80`` beside ``218,294.22``); other numbers drop
        trailing zeros.  On an English page (``lang="en"``) a ``unit``
        column's Chinese units are shown in English (元 → yuan, 亩 → mu).

    Returns
    -------
    str
        ``<div class="table-scroll"><table>…</table></div>`` and the link.
    """
    import pandas as pd

    safe = drop_personal_columns(frame)
    shown = [c for c in columns if c in safe.columns]
    numeric = set(numeric)
    raw = set(raw_html)
    lang = lang or table_lang(columns, caption)
    rows = []
    for record in safe.to_dict("records"):
        rid = record[row_ids] if row_ids and row_ids in record else None
        cells = []
        for c in shown:
            value = record[c]
            if getattr(value, "withheld", False):  # a cell disclosure control withholds: its mark, as a note
                cells.append(("sdc", value))
            elif c in numeric:
                cells.append(("num", number_text(value, record.get("unit", unit))))
            elif c == "unit":
                cells.append(("", unit_text(value, lang)))
            elif c in raw:  # HTML this package made
                cells.append(("quote" if c in _QUOTES else "", Markup(value)))
            else:  # the report's own words, or its own section number 一(三)
                kind = "quote" if c in _QUOTES else "zh" if c == "section" else ""
                cells.append((kind, "" if value is pd.NA else value))
        rows.append((rid, cells))
    link = ""
    if download:
        units = safe["unit"] if "unit" in safe.columns else pd.Series([unit] * len(safe), index=safe.index)
        shown_frame = safe.assign(**{c: [number_text(v, u, grouping=False) for v, u in zip(safe[c], units, strict=True)]
                                     for c in shown if c in numeric})
        if "unit" in shown:
            shown_frame["unit"] = [unit_text(u, lang) for u in shown_frame["unit"]]
        link = csv_link(shown_frame, {c: columns[c] for c in shown}, name=caption, lang=lang)
    return render("table.html.j2", caption=caption, css_class=css_class, rows=rows, link=Markup(link),
                  headers=[(c in numeric, columns[c]) for c in shown])


#: Columns holding the report's own words: marked ``class="quote" lang="zh-CN"``.
_QUOTES = frozenset({"quote", "quotes", "cited"})
_MONEY = re.compile(r"^(元|万元|亿元|yuan)")


def number_text(value: object, unit: object = None, *, grouping: bool = True) -> str:
    """A table number as text: at most two decimals; an amount in 元 that is not whole keeps exactly two.

    >>> number_text(262635.8, "元"), number_text(46229.8387, "元"), number_text(77.30, "%"), number_text(7618.0, "户")
    ('262,635.80', '46,229.84', '77.3', '7,618')
    """
    import pandas as pd

    if isinstance(value, str) or value is None or value is pd.NA:
        return "" if value is None or value is pd.NA else value
    money = bool(_MONEY.match(str(unit or "").strip()))
    return format_number(value, trim=not money, grouping=grouping, missing="" if not grouping else "–")


