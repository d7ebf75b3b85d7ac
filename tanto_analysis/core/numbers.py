"""The one way the package writes a number as text.

Every table cell, commentary sentence, audit message, reconciliation line and
drafted figures row formats its numbers with :func:`format_number`; the
parameters say how a given place writes them:

* pages and commentary: ``format_number(v)`` – thousands separators, at most
  two decimals, trailing zeros dropped, a missing value as ``–``;
* audit messages: ``format_number(v, trim=False)`` – exactly two decimals for
  a fraction (``2.80``), none for a whole number;
* ``tanto reconcile``: ``format_number(v, 4, missing="—")``;
* figures tables and report quotes: ``format_number(v, None, grouping=False)``
  – the exact value, no grouping, no exponent (``304126``, ``44.87``).
"""

from __future__ import annotations

import math
from decimal import Decimal

__all__ = ["format_number"]


def format_number(value: object, decimals: int | None = 2, *, trim: bool = True,
                  grouping: bool = True, missing: str = "–") -> str:
    """Write a number (元, 亩, 户, %, any unit) as text.

    Parameters
    ----------
    value : float, int, Decimal, str or None
        The number, in its own unit.  A string is returned unchanged (it is
        already text); ``None`` and NaN are missing.
    decimals : int or None
        Decimals for a value that is not whole, rounded half to even.  ``None``
        writes the exact value (through :class:`~decimal.Decimal`, never in
        exponent form, trailing zeros dropped).
    trim : bool
        Drop trailing zeros of the decimals (``77.30`` → ``77.3``).  With
        ``False`` a fraction keeps exactly ``decimals`` decimals.  A whole
        number is always written without decimals.
    grouping : bool
        Thousands separators (``11,465,000``).
    missing : str
        The text for ``None`` and NaN.

    Returns
    -------
    str
        The number as text; ``∞`` / ``-∞`` for infinities; never ``-0``.

    Examples
    --------
    >>> format_number(11465000.0)
    '11,465,000'
    >>> format_number(46229.8387)
    '46,229.84'
    >>> format_number(77.30)
    '77.3'
    >>> format_number(2.8, trim=False), format_number(7618.0, trim=False)
    ('2.80', '7,618')
    >>> format_number(float("nan")), format_number(None, 4, missing="—")
    ('–', '—')
    >>> format_number(float("inf"))
    '∞'
    >>> format_number(Decimal("1.1465E+7"), None, grouping=False)
    '11465000'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    if isinstance(value, str):
        return value
    sep = "," if grouping else ""
    if decimals is None:
        exact = value if isinstance(value, Decimal) else Decimal(str(value))
        if exact.is_infinite():
            return "∞" if exact > 0 else "-∞"
        text = format(exact.normalize(), f"{sep}f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        number = float(value)  # type: ignore[arg-type]
        if math.isinf(number):
            return "∞" if number > 0 else "-∞"
        text = f"{number:{sep}.{0 if number.is_integer() else decimals}f}"
        if trim and "." in text:
            text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
