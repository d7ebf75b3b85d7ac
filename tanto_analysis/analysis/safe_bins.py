"""Histogram bars under disclosure control: round edges, and no bar of fewer than the threshold's contributors.

A histogram of one value per household (元 borrowed, 元 of income gained,
元 of rent per 亩) shows, in its bars, how many households lie between two
edges.  A bar of one or two households, or an edge that is a household's own
value (the largest loan as the right end of the axis), singles them out.
:func:`safe_bins` draws the bars so that neither happens
(``docs/disclosure.md``).
"""

from __future__ import annotations

import math

import numpy as np

from .disclosure import Rules

__all__ = ["drawn_bars", "safe_bins"]


def safe_bins(values: np.ndarray, counts: np.ndarray, rules: Rules, bins: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Histogram bins that show no fewer than ``rules.min_frequency`` contributors in any bar.

    Parameters
    ----------
    values : array
        One value per contributor (or distinct values, with ``counts``), e.g. 元 per household.
    counts : array of int
        How many contributors have each value.
    rules : Rules
        The project's rules.
    bins : int
        The number of equal bins to start from.

    Returns
    -------
    edges, heights : arrays
        Bin edges and contributors per bin.  Edges are multiples of a round
        step (1, 2, 2.5 or 5 × 10^n), so the ends tell the range of the
        values only to a step, and the largest value is inside the last bar,
        never its closing edge; a bar of fewer than ``min_frequency``
        contributors is merged with the bars after it (a wider bar), the
        last with the one before.  With fewer contributors than that in all,
        both are empty: the histogram is not shown.

    Examples
    --------
    One household borrowed 48,000 元, far from the others: its bar is merged
    with the two before it, and no edge is 48,000.

    >>> amounts = np.array([12000.0, 15000.0, 15500.0, 16000.0, 16500.0, 48000.0])
    >>> edges, heights = safe_bins(amounts, np.ones(6, int), Rules())
    >>> edges.tolist(), heights.tolist()
    ([12000.0, 16000.0, 50000.0], [3, 3])
    """
    values = np.asarray(values, dtype="float64")
    counts = np.asarray(counts, dtype="int64")
    total = int(counts.sum())
    if total < rules.min_frequency or not len(values):
        return np.array([]), np.array([], dtype="int64")
    low, high = float(values.min()), float(values.max())
    step = _round_step((high - low) / bins if high > low else max(abs(high), 1.0) / bins)
    start = math.floor(low / step) * step
    stop = math.ceil(high / step) * step
    if stop <= high:  # the top value inside the last bin, not on its closing edge
        stop += step
    edges = start + step * np.arange(round((stop - start) / step) + 1)
    heights, _ = np.histogram(values, bins=edges, weights=counts)
    heights = heights.astype("int64")
    merged_edges, merged = [float(edges[0])], []
    running = 0
    for right, height in zip(edges[1:], heights, strict=True):
        running += int(height)
        if running == 0 or running >= rules.min_frequency:  # an empty bar, or enough contributors: close it
            merged_edges.append(float(right))
            merged.append(running)
            running = 0
    if running:  # the last contributors, too few for a bar: into the last bar that has any
        last = max(i for i, h in enumerate(merged) if h)
        merged[last] += running
        del merged[last + 1:]
        merged_edges[last + 1:] = [float(edges[-1])]
    while merged and merged[-1] == 0:  # no empty bars after the data
        merged.pop()
        merged_edges.pop()
    first = next(i for i, h in enumerate(merged) if h)
    return np.array(merged_edges[first:]), np.array(merged[first:], dtype="int64")


def _round_step(raw: float) -> float:
    """The smallest step of 1, 2, 2.5 or 5 × 10^n at least ``raw``."""
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * magnitude >= raw * (1 - 1e-12):
            return factor * magnitude
    return 10.0 * magnitude  # pragma: no cover - the loop always returns


def drawn_bars(edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the bars of ``edges`` are drawn: the first and the last open-ended, one regular step wide.

    Their outer edges would tell the smallest and the largest value to within
    a step (a single household's loan); drawn one step wide from their inner
    edge, and named "below …" and "from … up" in the alt text and the CSV,
    they tell only what their ``min_frequency`` or more contributors share.
    """
    if len(edges) < 2:
        return np.array([]), np.array([])
    lefts, widths = edges[:-1].astype(float), np.diff(edges).astype(float)
    step = float(widths.min())
    if len(widths) > 1:
        lefts[0], widths[0], widths[-1] = edges[1] - step, step, step
    else:  # one bar: where its values lie is not shown at all
        lefts[0], widths[0] = 0.0, step
    return lefts, widths
