"""The range of values a figure's written form allows.

A report writes ``69%``, ``1146.5万元`` or ``300余个``; each stands for an
interval, not a point: ``69%`` allows 68.5–69.5, ``1146.5万元`` allows
11,464,500–11,465,500 元, ``300余个`` allows 300 or more, and a plain count
``11个`` is exact.  The audit (:mod:`tanto_analysis.analysis.audit.auditor`) flags a relation
between figures only when no values inside these intervals satisfy it, so a
figure that agrees within the report's own rounding is never flagged.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from ..core.units import COUNT_UNITS, find_quantities

__all__ = ["APPROX_TOLERANCE", "stated_interval"]

#: Relative half-width allowed for 近/约/左右 figures.
APPROX_TOLERANCE = 0.10

_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def stated_interval(value: float, unit: str, bound: str, quote: str) -> tuple[float, float]:
    """The values a figure's text allows, given how precisely it is written.

    Parameters
    ----------
    value : float
        The figure in its base unit (元, 亩, 户, 人, %, …).
    unit, bound : str
        As in the published table (bound ``exact``, ``at_least``, ``approx``,
        ``at_most``, ``range``).
    quote : str
        The quote; its number's decimals and multiplier (万, 亿) set the
        rounding.  A plain integer count (``11个``) is exact.

    Returns
    -------
    (float, float)
        Low and high end, in the figure's base unit; high is ``inf`` for
        ``at_least``, and ``approx`` allows ±10 %.

    Examples
    --------
    >>> stated_interval(69.0, "%", "exact", "竣工率达到69%")
    (68.5, 69.5)
    >>> stated_interval(11465000.0, "元", "exact", "1146.5万元")
    (11464500.0, 11465500.0)
    >>> stated_interval(300.0, "个", "at_least", "300余个")
    (300.0, inf)
    >>> stated_interval(0.0, "%", "exact", "贫困发生率0%"), stated_interval(0.0, "元", "exact", "0万元")
    ((0.0, 0.5), (0.0, 5000.0))
    """
    half = 0.0
    if bound == "range":  # 1.5万—2万元: the stated ends
        upper = [q.upper for q in find_quantities(quote) if q.unit == unit and float(q.value) == value and q.upper]
        return (value, float(upper[0]) if upper else math.inf)
    for q in find_quantities(quote):
        if q.unit == unit and float(q.value) == value:
            number = re.search(r"\d+(?:\.\d+)?", q.text)
            multiplied = re.search(r"[万亿]", q.text)
            if number is None:  # Chinese numeral: an exact count
                break
            decimals = len(number.group(0).split(".")[1]) if "." in number.group(0) else 0
            if unit in COUNT_UNITS and not multiplied and decimals == 0:
                break
            written = Decimal(number.group(0))
            # The multiplier the quote applies (万 → 10,000): the value over the written
            # number, or for a written 0 (0%, 0万元) the multiplier word itself.
            scale = q.value / written if written else _MULTIPLIERS.get(multiplied.group(0) if multiplied else "", 1)
            step = Decimal(1).scaleb(-decimals) * scale
            half = float(step) / 2
            break
    if bound == "at_least":
        return (value, math.inf)
    if bound == "approx":
        return (value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE))
    if bound == "at_most":
        return (-math.inf if value < 0 else 0.0, value)
    low = value - half
    return (max(low, 0.0) if value >= 0 else low, value + half)
