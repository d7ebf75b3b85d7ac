"""Tests for tanto_analysis.page.style: the page style applies per chart, with or without setup_plotting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SAME_CHART = r'''
import matplotlib
import pandas as pd
from tanto_analysis.page import charts, trend_charts
from tanto_analysis.analysis.trends import fit_trend

def pngs():
    frame = pd.DataFrame({"village": ["潭头村", "村A", "村B"], "yuan": [-5000.0, 25000.0, 120000.0]})
    bar = charts.bar_chart(frame, "village", "yuan", title="贷款", value_label="元", synthetic=True)
    series = pd.DataFrame({"year": [2019, 2020, 2021, 2022], "value": [1.0, 2.5, 2.9, 4.2]})
    trend = trend_charts.trend_chart(series, fit_trend(series), title="Loans", value_label="yuan", synthetic=False)
    return [charts.png_bytes(bar), charts.png_bytes(trend)]

rc = dict(matplotlib.rcParams.copy())
without = pngs()
print(dict(matplotlib.rcParams.copy()) == rc)
charts.setup_plotting()
print(matplotlib.rcParams["font.sans-serif"][0] != rc["font.sans-serif"][0])
print(pngs() == without)
'''


def test_a_chart_is_the_same_with_or_without_setup_plotting_and_changes_no_rcparams() -> None:
    env = {**os.environ, "MPLBACKEND": "agg", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", _SAME_CHART], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.split() == ["True", "True", "True"]
