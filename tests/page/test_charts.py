"""Tests for tanto_analysis.page.charts: synthetic mark, order, deterministic PNG bytes."""

from __future__ import annotations

import pandas as pd
import pytest

from tanto_analysis.page import charts as plotting

FRAME = pd.DataFrame({"village": ["断滩村", "何村", "村A"], "value": [12.0, 30.0, 12.0],
                      "data_status": ["synthetic"] * 3})


@pytest.fixture(autouse=True, scope="module")
def setup():
    plotting.setup_plotting()


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts]


def test_synthetic_chart_carries_the_mark_in_corner_and_title() -> None:
    fig = plotting.bar_chart(FRAME, "village", "value", title="按村", value_label="人", synthetic=True)
    assert plotting.SYNTHETIC_MARK in _texts(fig)
    assert fig.axes[0].get_title(loc="left") == "按村\n（合成数据 / SYNTHETIC DATA）"


def test_published_chart_has_no_mark() -> None:
    fig = plotting.bar_chart(FRAME, "village", "value", title="按村", value_label="人", synthetic=False)
    assert plotting.SYNTHETIC_MARK not in _texts(fig)
    assert fig.axes[0].get_title(loc="left") == "按村"


def test_bars_sorted_by_value_then_name() -> None:
    fig = plotting.bar_chart(FRAME, "village", "value", title="t", value_label="人", synthetic=False)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["何村", "断滩村", "村A"]


def test_png_bytes_are_identical_for_the_same_chart_and_carry_no_software_tag() -> None:
    first = plotting.png_bytes(plotting.bar_chart(FRAME, "village", "value", title="t", value_label="人", synthetic=True))
    second = plotting.png_bytes(plotting.bar_chart(FRAME, "village", "value", title="t", value_label="人", synthetic=True))
    assert first == second
    assert first.startswith(b"\x89PNG")
    assert b"Software" not in first
    other = plotting.png_bytes(plotting.bar_chart(FRAME.assign(value=[1.0, 2.0, 3.0]), "village", "value",
                                                  title="t", value_label="人", synthetic=True))
    assert other != first


def test_histogram_marks_the_median() -> None:
    fig = plotting.histogram(pd.Series([1000.0, 2000.0, 9000.0]), title="h", value_label="元",
                             count_label="户", synthetic=False)
    lines = fig.axes[0].get_lines()
    assert list(lines[0].get_xdata()) == [2000.0, 2000.0]
