"""HTML fragments for the appendix that are escaped and free of personal data.

Two rules protect the appendix, whatever a user's ledger contains:

* **Privacy** – :func:`drop_personal_columns` removes every column whose name
  looks personal (姓名, 户主, 身份证, 电话, name, phone, …), every record-id
  column (``household_id``, ``loan_id`` …; the appendix shows aggregates only)
  and every column with a value that looks like an 18-digit 身份证号, a
  phone number or a bank-card number.  :func:`html_table` applies it before rendering.
* **Escaping** – all text that reaches the page goes through
  :func:`html.escape`, so a village named ``<script>alert(1)</script>`` shows
  as text.

Numbers are formatted with :func:`tanto_analysis.core.numbers.format_number`
(thousands separators, at most two decimals, trailing zeros dropped), so
output is stable.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from ..core.numbers import format_number

__all__ = [
    "drop_personal_columns",
    "esc",
    "html_table",
    "is_personal_column",
    "looks_like_bank_card",
    "looks_like_id_number",
    "looks_like_personal",
    "looks_like_phone",
    "redact_personal",
]

_PERSONAL_NAME = re.compile(
    r"姓名|名字|户主|联系人|身份证|证件|电话|手机|联系方式|"
    r"^name$|full_?name|surname|given_?name|first_?name|last_?name|person_?name|"
    r"householder|head_?of_?household|phone|mobile|^tel|telephone|id_?card|id_?number|identity",
    re.IGNORECASE,
)
_RECORD_ID = re.compile(r"(^|_)id$|编号$", re.IGNORECASE)
_ALLOWED = frozenset({"figure_id", "figure_ids"})
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)")
_BANK_CARD = re.compile(r"(?<![\d.])(?:\d{16,19}|[3-6]\d{3}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![\d.])")


def esc(text: object) -> str:
    """HTML-escape any value's text (quotes too)."""
    return html.escape("" if text is None else str(text), quote=True)


def looks_like_id_number(text: str) -> bool:
    """True if ``text`` contains an 18-digit 身份证号 pattern."""
    return bool(_ID_NUMBER.search(text))


def looks_like_phone(text: str) -> bool:
    """True if ``text`` contains a mainland mobile (1[3-9] + 9 digits) or 0xx-xxxxxxx number."""
    return bool(_PHONE.search(text))


def looks_like_bank_card(text: str) -> bool:
    """True if ``text`` contains a bank-card number: 16–19 digits, or groups of 4 digits after a card-scheme digit 3–6 (``6222 0212 3456 7890``)."""
    return bool(_BANK_CARD.search(text))


def looks_like_personal(text: str) -> bool:
    """True if ``text`` contains a 身份证号, a phone number or a bank-card number."""
    return looks_like_id_number(text) or looks_like_phone(text) or looks_like_bank_card(text)


def redact_personal(text: str, replacement: str = "[removed]") -> str:
    """``text`` with every 身份证号, phone and bank-card number replaced by ``replacement``."""
    for pattern in (_BANK_CARD, _ID_NUMBER, _PHONE):
        text = pattern.sub(replacement, text)
    return text


def is_personal_column(name: str) -> bool:
    """True if a column name looks like personal data or a record id."""
    name = str(name).strip()
    if name in _ALLOWED:
        return False
    return bool(_PERSONAL_NAME.search(name) or _RECORD_ID.search(name))


def drop_personal_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without columns that look personal by name or by content."""
    keep = []
    for column in frame.columns:
        if is_personal_column(column):
            continue
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.dropna().astype(str)
            if text.map(looks_like_personal).any():
                continue
        keep.append(column)
    return frame[keep]


def html_table(frame: pd.DataFrame, columns: Mapping[str, str], *, caption: str = "",
               numeric: Iterable[str] = (), css_class: str = "tanto-table",
               row_ids: str | None = None, raw_html: Iterable[str] = ()) -> str:
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
    """
    safe = drop_personal_columns(frame)
    shown = [c for c in columns if c in safe.columns]
    numeric = set(numeric)
    raw = set(raw_html)
    parts = [f'<table class="{esc(css_class)}">']
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    num_attr = ' class="num"'
    parts.append("<thead><tr>" + "".join(
        f"<th{num_attr if c in numeric else ''}>{esc(columns[c])}</th>" for c in shown
    ) + "</tr></thead><tbody>")
    for record in safe.to_dict("records"):
        rid = f' id="{esc(record[row_ids])}"' if row_ids and row_ids in record else ""
        cells = []
        for c in shown:
            value = record[c]
            if c in numeric:
                cells.append(f'<td class="num">{esc(format_number(value))}</td>')
            elif c in raw:
                cells.append(f"<td>{value}</td>")
            else:
                cells.append(f"<td>{esc('' if value is None or value is pd.NA else value)}</td>")
        parts.append(f"<tr{rid}>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)
