"""Statistics of values given with how often each occurs (a query's ``GROUP BY`` answer)."""

from __future__ import annotations

import numpy as np

__all__ = ["weighted_median"]


def weighted_median(values: np.ndarray, counts: np.ndarray) -> float:
    """The median of ``values`` each repeated ``counts`` times (as :func:`numpy.median` of the repeats).

    >>> weighted_median(np.array([1.0, 5.0, 9.0]), np.array([1, 1, 2]))
    7.0
    """
    order = np.argsort(values, kind="stable")
    values, cumulative = values[order], np.cumsum(counts[order])
    total = int(cumulative[-1])
    low = values[np.searchsorted(cumulative, (total - 1) // 2, side="right")]
    high = values[np.searchsorted(cumulative, total // 2, side="right")]
    return float((low + high) / 2)
