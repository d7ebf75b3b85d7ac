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


VILLAGES = pd.DataFrame({"scope": [f"村{i:02d}" for i in range(24)],
                         "value": [11_465_000.0] + [100_000.0 + i for i in range(1, 24)]})


def test_money_axis_is_in_wan_yuan_for_the_2022_new_loan_amount() -> None:
    one = pd.DataFrame({"scope": ["潭头镇"], "value": [11_465_000.0]})
    fig = plotting.bar_chart(one, "scope", "value", title="新增贷款金额", value_label="元", synthetic=False)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "万元"
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "1,000" in labels and "0" in labels  # 10,000,000 元 = 1,000 万元
    assert all("e" not in label for label in labels)
    en = plotting.bar_chart(one, "scope", "value", title="New loans", value_label="yuan", synthetic=False)
    assert en.axes[0].get_xlabel() == "10,000 yuan"
    fig_yi = plotting.histogram(pd.Series([2.5e8, 1.0e8, 1.5e8]), title="t", value_label="元", count_label="个",
                                synthetic=False)
    assert fig_yi.axes[0].get_xlabel() == "亿元"
    small = plotting.histogram(pd.Series([429.57, 374.72]), title="每亩租金", value_label="元/亩",
                               count_label="合同份数", synthetic=False)
    assert small.axes[0].get_xlabel() == "元/亩"  # a per-unit amount stays in 元
    for f in (fig, en, fig_yi, small):
        plotting.plt.close(f)


def test_chart_text_stays_readable_on_a_phone() -> None:
    bars = plotting.bar_chart(VILLAGES, "scope", "value", title="2022年贷款金额：按村", value_label="元",
                              synthetic=True)
    hist = plotting.histogram(pd.Series(range(200)), title="t", value_label="元", count_label="户数",
                              synthetic=True)
    for fig in (bars, hist):
        assert plotting.smallest_text_px(fig) >= 11  # shown 358 px wide on a 390 px phone
        assert plotting.smallest_text_px(fig, 800) > plotting.smallest_text_px(fig)
        plotting.plt.close(fig)


def test_show_writes_alt_text_with_the_extremes_and_a_link_to_the_data() -> None:
    import base64
    import re

    fig = plotting.bar_chart(VILLAGES, "scope", "value", title="2022年贷款金额：按村", value_label="元",
                             synthetic=True)
    html = plotting.chart_html(fig)
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt == ("2022年贷款金额：按村（合成数据 / SYNTHETIC DATA）。条形图，共24项，单位元。"
                   "最高：村00 11,465,000；最低：村01 100,001。")
    assert ">下载图表数据（CSV）</a>" in html
    uri = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)
    rows = base64.b64decode(uri).decode("utf-8-sig").splitlines()
    assert rows[0] == "项目,数值,单位" and rows[1] == "村00,11465000,元" and len(rows) == 25
    own = plotting.bar_chart(VILLAGES, "scope", "value", title="Loans", value_label="yuan", synthetic=False)
    html = plotting.chart_html(own, data=VILLAGES.head(1), alt="Loans by village: highest 村00")
    assert 'alt="Loans by village: highest 村00"' in html and ">Download the chart&#x27;s data (CSV)</a>" in html


def test_png_bytes_is_a_palette_png_of_the_chart_at_the_fixed_dpi() -> None:
    import io

    from PIL import Image

    fig = plotting.bar_chart(FRAME, "village", "value", title="潭头镇", value_label="人", synthetic=True)
    fig.set_dpi(72)  # drawn at DPI whatever the figure's own dpi
    png = Image.open(io.BytesIO(plotting.png_bytes(fig)))
    assert png.mode == "P" and len(png.getcolors(plotting.PNG_COLOURS)) <= plotting.PNG_COLOURS
    assert png.size == (round(plotting.WIDTH * plotting.DPI), round(fig.get_figheight() * plotting.DPI))
    assert fig.dpi == 72
    full = io.BytesIO()
    fig.savefig(full, format="png", dpi=plotting.DPI)
    rgb = Image.open(full).convert("RGB")
    diff = [abs(a - b) for a, b in zip(rgb.tobytes(), png.convert("RGB").tobytes(), strict=True)]
    assert max(diff) <= 24 and sum(diff) / len(diff) < 2.0  # the same picture, up to the palette


@pytest.mark.parametrize(("bottom", "height"), [(0.0, 4.2), (0.095, 4.2), (0.75, 2.0)])
def test_fit_layout_gives_the_margins_of_tight_layout_with_a_rect(bottom: float, height: float) -> None:
    import warnings

    import matplotlib.pyplot as plt

    def figure():
        fig, ax = plt.subplots(figsize=(plotting.WIDTH, height))
        ax.barh(["断滩村", "一个很长很长的村名"], [12.0, 30.0])
        ax.set_title("标题", loc="left")
        ax.set_xlabel("万元")
        return fig

    fitted, reference = figure(), figure()
    with warnings.catch_warnings():  # at bottom 0.75 matplotlib gives up ("Tight layout not applied")
        warnings.simplefilter("ignore", UserWarning)
        plotting.fit_layout(fitted, bottom)
        reference.tight_layout(rect=(0, bottom, 1, 1))
    for side in ("left", "right", "bottom", "top"):
        assert getattr(fitted.subplotpars, side) == pytest.approx(getattr(reference.subplotpars, side), abs=1e-12)
    assert plotting.png_bytes(fitted) == plotting.png_bytes(reference)
