"""Chart axes: money in 万元/亿元 (:func:`money_axis`) and whole counts (:func:`count_axis`)."""

from __future__ import annotations

from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..core.numbers import format_number
from ..core.text import tr

__all__ = ["count_axis", "money_axis"]

_MONEY_UNITS = {"元", "yuan"}
_SCALES = ((100_000_000, "yi"), (10_000, "wan"))


def money_axis(axis, largest: float, unit_label: str, lang: str) -> str:
    """Label a 元 axis in 万元 or 亿元 when its values are large; return the axis label.

    Parameters
    ----------
    axis : matplotlib Axis
        ``ax.xaxis`` or ``ax.yaxis``.
    largest : float
        The largest absolute value plotted, in 元.
    unit_label : str
        The axis label the caller gave (``元``, ``yuan``, or another unit, which is left alone).
    lang : {"zh", "en"}
        Language of the new label (``万元`` / ``10,000 yuan``).

    Returns
    -------
    str
        The label to use: unchanged unless the axis was rescaled.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> money_axis(ax.xaxis, 11_465_000, "元", "zh"), money_axis(ax.yaxis, 2.5e8, "yuan", "en")
    ('万元', '100 million yuan')
    >>> ax.xaxis.get_major_formatter()(11_465_000, 0), ax.yaxis.get_major_formatter()(2.5e8, 0)
    ('1,146.5', '2.5')
    >>> plt.close(fig)
    """
    value_format = FuncFormatter(lambda v, _pos: format_number(v))
    if unit_label.strip() not in _MONEY_UNITS:
        axis.set_major_formatter(value_format)
        return unit_label
    for size, name in _SCALES:
        if abs(largest) >= size:
            axis.set_major_formatter(FuncFormatter(lambda v, _pos, size=size: format_number(v / size)))
            return tr(f"axis.money_{name}", lang)
    axis.set_major_formatter(value_format)
    return unit_label


def count_axis(axis) -> None:
    """Integer ticks with thousands separators (an axis of 户, 人, 份 …)."""
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, 0)))
