"""What counts as personal data, in one place: personal columns and personal-looking values.

The appendix (:mod:`tanto_analysis.page.safe_html`), the build's output check
(:mod:`tanto_analysis.build.output_check`) and the analyst's terminal
(:meth:`tanto_analysis.core.errors.Problem.detail`) all use these rules:

* a **personal column** is one whose name looks like a person's name, an ID
  or phone number (姓名, 户主, 身份证, 电话, name, phone, …) or a record id
  (``household_id``, ``loan_id``, ``…编号``);
* a **personal-looking value** contains an 18-digit 身份证号, a mainland
  phone number or a bank-card number.

:func:`mask_value` is the terminal's form of a value from an input file:
personal-looking numbers replaced by :data:`MASK`, and the whole value
masked when it comes from a personal column.
"""

from __future__ import annotations

import re

__all__ = [
    "MASK",
    "is_personal_column",
    "looks_like_bank_card",
    "looks_like_id_number",
    "looks_like_personal",
    "looks_like_phone",
    "mask_value",
    "redact_personal",
]

#: What replaces a masked value, or a personal-looking number inside one, on the analyst's terminal.
MASK = "[masked]"

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
    for pattern in (_ID_NUMBER, _BANK_CARD, _PHONE):  # an ID first: its 17 digits would pass for a card
        text = pattern.sub(replacement, text)
    return text


def is_personal_column(name: str) -> bool:
    """True if a column name looks like personal data or a record id."""
    name = str(name).strip()
    if name in _ALLOWED:
        return False
    return bool(_PERSONAL_NAME.search(name) or _RECORD_ID.search(name))


def mask_value(value: str, column: str | None = None) -> str:
    """A value from an input file as the analyst's terminal may show it.

    Parameters
    ----------
    value : str
        The text found (a cell, a header).
    column : str, optional
        The column it was found in.

    Returns
    -------
    str
        :data:`MASK` when ``column`` is a personal column
        (:func:`is_personal_column`); otherwise ``value`` with every
        身份证号-, phone- and bank-card-like number replaced by :data:`MASK`.

    Examples
    --------
    >>> mask_value("张三 13812345678")
    '张三 [masked]'
    >>> mask_value("H00001", "household_id")
    '[masked]'
    """
    if column is not None and is_personal_column(column):
        return MASK
    return redact_personal(str(value), MASK)
