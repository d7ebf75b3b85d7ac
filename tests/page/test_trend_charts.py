"""Trend charts: a line and bands only when there is a fit; synthetic data marked."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from tanto_analysis.analysis.trends import fit_trend, village_panel
from tanto_analysis.page.charts import SYNTHETIC_MARK, setup_plotting
from tanto_analysis.page.trend_charts import trend_chart, village_slopes_chart

SERIES = pd.DataFrame({"year": [2020, 2021, 2022, 2023], "value": [1.0, 3.0, 4.0, 8.0], "unit": "个"})


def test_single_year_chart_draws_nothing():
    fit = fit_trend(SERIES.iloc[:1])
    assert trend_chart(SERIES.iloc[:1], fit, title="t", value_label="个", synthetic=False) is None


def test_fitted_chart_has_line_bands_projection_and_synthetic_mark():
    setup_plotting()
    later = pd.DataFrame({"year": [2024], "value": [9.0]})
    fig = trend_chart(SERIES, fit_trend(SERIES), title="趋势", value_label="个", synthetic=True,
                      project_to=[2024, 2025], later=later)
    ax = fig.axes[0]
    assert SYNTHETIC_MARK in ax.get_title(loc="left")
    assert any(SYNTHETIC_MARK in t.get_text() for t in fig.texts)
    solid, dashed = ax.lines[0], ax.lines[1]
    assert max(solid.get_xdata()) == 2023
    assert list(dashed.get_xdata()) == [2023, 2024, 2025]
    assert dashed.get_ydata()[-1] == pytest.approx(0.7 + 2.2 * 5)  # intercept + slope × (2025 − 2020)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "后续实际值（未参与拟合）" in labels and "95% 趋势线置信区间" in labels
    plt.close(fig)


def test_published_chart_has_no_synthetic_mark():
    setup_plotting()
    fig = trend_chart(SERIES, fit_trend(SERIES), title="Trend", value_label="个", synthetic=False, lang="en")
    assert SYNTHETIC_MARK not in fig.axes[0].get_title(loc="left") and not fig.texts
    assert "OLS trend" in [t.get_text() for t in fig.legends[0].get_texts()]
    plt.close(fig)


def test_village_slopes_chart_orders_fitted_villages():
    setup_plotting()
    rows = [{"year": y, "scope": v, "indicator": "x", "value": float(s * (y - 2020)), "unit": "个",
             "data_status": "synthetic"} for v, s in {"村A": 1, "村B": 3}.items() for y in (2020, 2021, 2022)]
    rows.append({"year": 2022, "scope": "村C", "indicator": "x", "value": 1.0, "unit": "个", "data_status": "synthetic"})
    panel = village_panel(pd.DataFrame(rows), "x")
    fig = village_slopes_chart(panel, title="各村", slope_label="个/年", synthetic=True)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["村B", "村A"]  # 村C has one year: left out
    plt.close(fig)
    assert village_slopes_chart(panel.iloc[2:], title="t", slope_label="x", synthetic=False) is None


def test_trend_chart_text_stays_readable_on_a_phone_and_its_alt_names_the_extremes():
    from tanto_analysis.page.charts import chart_html, smallest_text_px

    setup_plotting()
    money = SERIES.assign(value=SERIES["value"] * 1_000_000)
    fig = trend_chart(money, fit_trend(money), title="新增贷款金额", value_label="元", synthetic=True,
                      project_to=[2024], lang="zh")
    assert fig.axes[0].get_ylabel() == "万元"
    assert smallest_text_px(fig) >= 11
    html = chart_html(fig)
    assert ('alt="新增贷款金额（合成数据 / SYNTHETIC DATA）。折线图：2020–2023年的实际值、OLS趋势线及95%区间，'
            '单位元；最低2020年1,000,000，最高2023年8,000,000。"') in html
