"""Numbers as reports write them: Arabic, full-width, grouped, Chinese.

* Arabic digits, with decimals (``0.85``) and thousands separators
  (``3,500``, ``12,345``, ``4,500.5``); a separator not followed by exactly
  three digits is not read (``3,50`` is reported, never read as 50).
* Full-width digits and punctuation (``１２，３４５．５``): :func:`normalize`
  maps them to ASCII one character for one, so offsets stay valid.  A
  full-width comma counts as a thousands separator only between full-width
  digits (``３，５００``); after ASCII digits it is the clause comma.
* Chinese numerals with 十/百/千/万/亿, 两 and 零 (``一万二千`` → 12000,
  ``三千五百万`` → 35,000,000, ``一百零五`` → 105), and four-digit digit strings
  (``二〇二二``).  Two digits in a row (``二三十``, ``三四个``) are a vague
  number; misordered units (``十四五``, ``百千``) are not a number: both raise
  :class:`NumeralError` with the reason.

Examples
--------
>>> arabic_value("3,500"), chinese_numeral_value("三千五百万")
(Decimal('3500'), 35000000)
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "AR_NUMBER",
    "CN_DIGITS",
    "NumeralError",
    "arabic_value",
    "chinese_numeral_value",
    "normalize",
]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}
#: The Chinese digit characters (零〇一二两…九).
CN_DIGITS = "".join(_CN_DIGITS)
#: An Arabic number after :func:`normalize`: grouped by thousands or plain, with decimals.
AR_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_FULLWIDTH_GROUP = re.compile("(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")


class NumeralError(ValueError):
    """A numeral that cannot be read as one exact number; ``reason`` says why."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"{reason}: {text!r}")
        self.text = text
        self.reason = reason


def normalize(text: str) -> str:
    """Full-width digits, ``．`` and grouping ``，`` → ASCII, one character for one.

    >>> normalize("１２，３４５．５户，３户")
    '12,345.5户，3户'
    """
    return _FULLWIDTH_GROUP.sub(",", text).translate(_FULLWIDTH)


def arabic_value(text: str) -> Decimal:
    """The exact value of an Arabic number such as ``4,500.5`` or ``０.８５``.

    Raises
    ------
    NumeralError
        If the grouping is wrong (``3,50``) or it is not a number.
    """
    plain = normalize(text)
    if not re.fullmatch(AR_NUMBER, plain):
        raise NumeralError(text, "malformed number")
    try:
        return Decimal(plain.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern guards this
        raise NumeralError(text, "malformed number") from None


def chinese_numeral_value(text: str) -> int:
    """Return the integer value of a Chinese numeral.

    Parameters
    ----------
    text : str
        ``十五``, ``两百``, ``一万二千``, ``三千五百万``, ``一百零五``, ``二〇二二``.

    Raises
    ------
    NumeralError
        ``vague number`` for two digits in a row (二三十, 三四); ``malformed
        numeral`` for anything else that is not one number (十四五, 百千).

    Examples
    --------
    >>> chinese_numeral_value("二十四"), chinese_numeral_value("一万二千")
    (24, 12000)
    """
    if not text or any(c not in _CN_DIGITS and c not in _CN_SMALL and c not in _CN_LARGE for c in text):
        raise NumeralError(text, "not a Chinese numeral")
    if all(c in _CN_DIGITS for c in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        if len(text) == 4 and text[0] not in "零〇":  # 二〇二二: a year written digit by digit
            return int("".join(str(_CN_DIGITS[c]) for c in text))
        raise NumeralError(text, "vague number")
    total, section, digit = 0, 0, None
    last_small, last_large = 10**9, 10**12
    previous = ""
    for char in text:
        if char in _CN_DIGITS:
            if previous in _CN_DIGITS and previous not in "零〇" and char not in "零〇":
                raise NumeralError(text, "vague number")
            digit = _CN_DIGITS[char]
        elif char in _CN_SMALL:
            unit = _CN_SMALL[char]
            if unit >= last_small or (digit == 0 and previous in "零〇"):
                raise NumeralError(text, "malformed numeral")
            section += (1 if digit is None else digit) * unit
            last_small, digit = unit, None
        else:
            unit = _CN_LARGE[char]
            section += digit or 0
            if unit >= last_large or section == 0:
                raise NumeralError(text, "malformed numeral")
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, digit, last_small, last_large = 0, None, 10**9, unit
        previous = char
    return total + section + (digit or 0)
